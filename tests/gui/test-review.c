/* test-review.c: a reviewer accepts and rejects items from the window, by its actions */
#include "config.h"

#include <string.h>

#include "lw-gui-test.h"
#include "lw-test-util.h"
#include "lw-window-review.h"

typedef struct
{
  char     *dir;
  char     *path;
  gint64    ids[4];
  LwWindow *window;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;

  f->dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (f->dir, "review", "traffic");
  f->path = g_strdup (lw_project_get_path (project));
  for (guint i = 0; i < G_N_ELEMENTS (f->ids); i++)
    {
      g_autofree char *name = g_strdup_printf ("frame-%u.png", i);
      f->ids[i] = lw_test_add_image (project, name, 64, 48);
    }
  /* Item 0 was labelled by alice and bob. */
  {
    const double box[] = { 1, 1, 10, 10 };
    gint64 alice = lw_project_ensure_annotator (project, "alice", &error);
    gint64 bob = lw_project_ensure_annotator (project, "bob", &error);
    lw_test_add_annotation (project, alice, f->ids[0], "car", LW_ANNOTATION_BBOX, box, 4);
    lw_test_add_annotation (project, bob, f->ids[0], "car", LW_ANNOTATION_BBOX, box, 4);
    lw_test_add_annotation (project, alice, f->ids[0], "bus", LW_ANNOTATION_BBOX, box, 4);
  }
  /* Items 0, 2 and 3 are done; 1 is new. */
  for (guint i = 0; i < G_N_ELEMENTS (f->ids); i++)
    if (i != 1)
      g_assert_true (lw_project_set_item_status (project, f->ids[i], LW_ITEM_STATUS_DONE, &error));
  lw_project_close (project);
  f->window = lw_gui_test_open_window (f->path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lw_gui_test_close_window (f->window);
  lw_test_tmpdir_free (f->dir);
  g_free (f->path);
}

/* Accepting moves on to the next done item, skipping the new one. */
static void
test_accept (Fixture *f, gconstpointer data)
{
  lw_window_show_item (f->window, f->ids[0]);
  /* The reviewer sees who labelled the item, each name once. */
  g_assert_nonnull (strstr (lw_window_get_item_text (f->window), "Done · by alice, bob"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.accept-item", NULL));
  lw_gui_test_spin ();
  g_assert_cmpint (lw_gui_test_stored_status (f->path, f->ids[0]), ==, LW_ITEM_STATUS_ACCEPTED);
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, f->ids[2]);
  g_assert_cmpint (lw_gui_test_stored_status (f->path, f->ids[1]), ==, LW_ITEM_STATUS_NEW);

  /* A new item cannot be accepted: the store refuses and nothing changes. */
  lw_window_show_item (f->window, f->ids[1]);
  g_assert_false (lw_window_review_current (f->window, LW_REVIEW_ACCEPT, NULL, NULL));
  g_assert_cmpint (lw_gui_test_stored_status (f->path, f->ids[1]), ==, LW_ITEM_STATUS_NEW);
}

/* Rejecting asks a comment; a blank one cannot be sent; the comment is stored. */
static void
test_reject (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  g_autofree char *comment = NULL;
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  lw_window_show_item (f->window, f->ids[3]);
  dialog = lw_window_ask_rejection (f->window);
  g_assert_nonnull (dialog);
  lw_gui_test_spin ();
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));
  gtk_editable_set_text (entry, "the second car is missing");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "ok"));
  adw_message_dialog_response (dialog, "ok");
  lw_gui_test_spin ();
  g_assert_cmpint (lw_gui_test_stored_status (f->path, f->ids[3]), ==, LW_ITEM_STATUS_REJECTED);
  /* A rejection stays on the item, and the status bar shows why. */
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, f->ids[3]);
  g_assert_nonnull (strstr (lw_window_get_item_text (f->window), "Rejected: the second car is missing"));

  project = lw_project_open (f->path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  comment = lw_project_dup_rejection_comment (project, f->ids[3], &error);
  g_assert_no_error (error);
  g_assert_cmpstr (comment, ==, "the second car is missing");

  /* Cancel changes nothing. */
  lw_window_show_item (f->window, f->ids[2]);
  dialog = lw_window_ask_rejection (f->window);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "no");
  adw_message_dialog_response (dialog, "cancel");
  lw_gui_test_spin ();
  g_assert_cmpint (lw_gui_test_stored_status (f->path, f->ids[2]), ==, LW_ITEM_STATUS_DONE);
}

int
main (int argc, char *argv[])
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;
  g_test_add ("/gui/review/accept", Fixture, NULL, fixture_setup, test_accept, fixture_teardown);
  g_test_add ("/gui/review/reject", Fixture, NULL, fixture_setup, test_reject, fixture_teardown);
  return lw_gui_test_run ();
}
