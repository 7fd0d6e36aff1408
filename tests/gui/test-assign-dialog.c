/* test-assign-dialog.c: Assign Items gives the items out as the CLI's `assign` does, as a
 * job of the window, and proposes the saved plan the next time */
#include "config.h"

#include <adwaita.h>
#include <labelwright.h>
#include <string.h>

#include "lw-assign-dialog.h"
#include "lw-gui-test.h"
#include "lw-test-util.h"
#include "lw-window.h"

#define N_ITEMS 40

typedef struct
{
  char     *dir;
  char     *path;
  LwWindow *window;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(LwProject) project = NULL;

  f->dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (f->dir, "queues", "traffic");
  f->path = g_strdup (lw_project_get_path (project));
  for (int i = 0; i < N_ITEMS; i++)
    {
      g_autofree char *name = g_strdup_printf ("frame-%02d.png", i);
      lw_test_add_image (project, name, 64, 48);
    }
  g_clear_object (&project);
  f->window = lw_gui_test_open_window (f->path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lw_gui_test_close_window (f->window);
  lw_test_tmpdir_free (f->dir);
  g_free (f->path);
}

static GtkSpinButton *
row_spin (GtkWidget *root, const char *title)
{
  return GTK_SPIN_BUTTON (lw_gui_test_row_widget (root, title));
}

static gboolean
finished (gpointer data)
{
  return !g_str_equal (lw_assign_dialog_get_state (data), "running");
}

/* Each annotator's queue (assigned items not done), through a connection of its own. */
static gint64
queue_of (const char *path, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  LwItemFilter filter = { 0 };
  gint64 n;

  g_assert_no_error (error);
  filter.queue_annotator_id = lw_project_find_annotator (project, name);
  g_assert_cmpint (filter.queue_annotator_id, >, 0);
  n = lw_project_count_items (project, &filter, &error);
  g_assert_no_error (error);
  return n;
}

static void
test_assign (Fixture *f, gconstpointer data)
{
  LwAssignDialog *dialog = g_object_ref (lw_assign_dialog_new (f->window));
  GtkWidget *names, *share_row;
  gint64 alice, bob;

  gtk_window_present (GTK_WINDOW (dialog));
  names = lw_gui_test_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Names, Separated by Commas");
  share_row = lw_gui_test_find_row (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Shared Items (%)");
  g_assert_nonnull (names);
  /* No names yet: nothing to start; the share waits for an overlap above 1. */
  g_assert_false (gtk_widget_is_sensitive (lw_gui_test_find_row (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW,
                                                     "Shared Items (%)")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "assign.start", NULL);
  g_assert_cmpstr (lw_assign_dialog_get_state (dialog), ==, "options");

  gtk_editable_set_text (GTK_EDITABLE (names), " alice ,bob,, ");
  gtk_spin_button_set_value (row_spin (GTK_WIDGET (dialog), "Annotators per Shared Item"), 2);
  g_assert_true (gtk_widget_is_sensitive (share_row));
  gtk_spin_button_set_value (row_spin (GTK_WIDGET (dialog), "Shared Items (%)"), 25);
  gtk_spin_button_set_value (row_spin (GTK_WIDGET (dialog), "Seed"), 7);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "assign.start", NULL));
  g_assert_cmpstr (lw_assign_dialog_get_state (dialog), ==, "running");
  g_assert_true (lw_window_is_busy (f->window));
  /* It cannot stop midway: Escape (the cancel action) leaves it running to its answer. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "assign.cancel", NULL);
  lw_gui_test_spin_until (finished, dialog);
  g_assert_cmpstr (lw_assign_dialog_get_state (dialog), ==, "done");
  g_assert_true (g_str_has_prefix (lw_assign_dialog_get_message (dialog), "40 items given out now"));
  g_assert_nonnull (strstr (lw_assign_dialog_get_message (dialog), "\nalice: "));
  g_assert_nonnull (strstr (lw_assign_dialog_get_message (dialog), "\nbob: "));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  /* 40 items, a quarter of them (10) to both: 25 each, as the CLI would give them. */
  alice = queue_of (f->path, "alice");
  bob = queue_of (f->path, "bob");
  g_assert_cmpint (alice + bob, ==, N_ITEMS + 10);
  g_assert_cmpint (alice, ==, 25);
  g_assert_cmpint (bob, ==, 25);

  /* The plan is proposed again; nothing is left to give out. */
  dialog = g_object_ref (lw_assign_dialog_new (f->window));
  gtk_window_present (GTK_WINDOW (dialog));
  names = lw_gui_test_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Names, Separated by Commas");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (names)), ==, "alice, bob");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (row_spin (GTK_WIDGET (dialog), "Annotators per Shared Item")), ==, 2);
  g_assert_cmpfloat (gtk_spin_button_get_value (row_spin (GTK_WIDGET (dialog), "Shared Items (%)")), ==, 25);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (row_spin (GTK_WIDGET (dialog), "Seed")), ==, 7);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "assign.start", NULL));
  lw_gui_test_spin_until (finished, dialog);
  g_assert_true (g_str_has_prefix (lw_assign_dialog_get_message (dialog), "0 items given out now"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

/* A name the project does not know, with Add New Names off: the core's error, nothing changed. */
static void
test_unknown_name (Fixture *f, gconstpointer data)
{
  LwAssignDialog *dialog = g_object_ref (lw_assign_dialog_new (f->window));
  GtkWidget *names;

  gtk_window_present (GTK_WINDOW (dialog));
  names = lw_gui_test_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Names, Separated by Commas");
  gtk_editable_set_text (GTK_EDITABLE (names), "zoe");
  gtk_switch_set_active (GTK_SWITCH (lw_gui_test_row_widget (GTK_WIDGET (dialog), "Add New Names")), FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "assign.start", NULL));
  lw_gui_test_spin_until (finished, dialog);
  g_assert_cmpstr (lw_assign_dialog_get_state (dialog), ==, "failed");
  g_assert_nonnull (strstr (lw_assign_dialog_get_message (dialog), "zoe"));
  g_assert_nonnull (strstr (lw_assign_dialog_get_message (dialog), "Nothing was changed"));
  g_assert_false (lw_project_has_assignments (lw_window_get_project (f->window)));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

int
main (int argc, char *argv[])
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;

  g_test_add ("/gui/assign/assign-and-again", Fixture, NULL, fixture_setup, test_assign,
              fixture_teardown);
  g_test_add ("/gui/assign/unknown-name", Fixture, NULL, fixture_setup, test_unknown_name,
              fixture_teardown);
  return lw_gui_test_run ();
}
