/* test-consensus.c: the statistics window's Consensus group builds the consensus layer as a
 * job of the main window (which reloads), and its Export button opens the export dialog on
 * that layer */
#include "config.h"

#include <adwaita.h>
#include <labelwright.h>
#include <string.h>

#include "lw-export-dialog.h"
#include "lw-gui-test.h"
#include "lw-stats-window.h"
#include "lw-test-util.h"
#include "lw-window.h"

typedef struct
{
  char     *dir;
  char     *path;
  gint64    item;
  LwWindow *window;
} Fixture;

/* alice and bob drew the same car on one image; alice also a bus that bob did not. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  static const double car[] = { 1, 1, 10, 10 }, bus[] = { 30, 20, 12, 8 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  gint64 alice, bob;

  f->dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (f->dir, "votes", "traffic");
  f->path = g_strdup (lw_project_get_path (project));
  f->item = lw_test_add_image (project, "frame.png", 64, 48);
  alice = lw_project_ensure_annotator (project, "alice", &error);
  bob = lw_project_ensure_annotator (project, "bob", &error);
  g_assert_no_error (error);
  lw_test_add_annotation (project, alice, f->item, "car", LW_ANNOTATION_BBOX, car, 4);
  lw_test_add_annotation (project, bob, f->item, "car", LW_ANNOTATION_BBOX, car, 4);
  lw_test_add_annotation (project, alice, f->item, "bus", LW_ANNOTATION_BBOX, bus, 4);
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

static gboolean
computed (gpointer data)
{
  return lw_stats_window_get_n_computed (data) > 0;
}

static gboolean
labelled (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
not_busy (gpointer data)
{
  return !lw_window_is_busy (data);
}

/* The names of the annotators whose layers hold annotations on @item. */
static char *
layers_on (LwProject *project, gint64 item, const char *annotator)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = lw_project_list_annotators (project, &error);
  gint64 id = 0;
  g_autoptr(GPtrArray) anns = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; names != NULL && i < names->len; i++)
    if (g_strcmp0 (names->pdata[i], annotator) == 0)
      id = lw_project_ensure_annotator (project, annotator, &error);
  if (id <= 0)
    return g_strdup ("");
  anns = lw_project_list_annotations (project, item, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < anns->len; i++)
    {
      g_autoptr(LwLabelClass) klass = lw_project_get_class (project, ((LwAnnotation *) anns->pdata[i])->class_id, &error);
      g_string_append_printf (out, "%s%s", i ? " " : "", klass->name);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_build_and_export (Fixture *f, gconstpointer data)
{
  g_autoptr(GList) toplevels = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  LwStatsWindow *stats = NULL;
  LwExportDialog *export = NULL;
  GtkWidget *build, *row, *export_button;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-stats", NULL));
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (LW_IS_STATS_WINDOW (l->data))
      stats = l->data;
  g_assert_nonnull (stats);
  lw_gui_test_spin_until (computed, stats);
  g_assert_true (lw_stats_window_has_agreement (stats));

  row = lw_gui_test_find_row (GTK_WIDGET (stats), ADW_TYPE_ACTION_ROW, "Consensus Layer");
  build = lw_gui_test_find_widget (GTK_WIDGET (stats), labelled, "_Build");
  g_assert_nonnull (row);
  g_assert_nonnull (build);
  g_assert_null (lw_gui_test_find_widget (GTK_WIDGET (stats), labelled, "_Export…"));
  before = layers_on (lw_window_get_project (f->window), f->item, "consensus");
  g_assert_cmpstr (before, ==, "");

  g_signal_emit_by_name (build, "clicked");
  g_assert_true (lw_window_is_busy (f->window));
  g_assert_false (gtk_widget_get_sensitive (build));
  lw_gui_test_spin_until (not_busy, f->window);
  lw_gui_test_spin ();
  g_assert_true (gtk_widget_get_sensitive (build));
  /* Two annotators on the item: the car both drew is a majority, alice's bus is not. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Built. Items: 1 · Boxes: 1 · Tags: 0 · Spans: 0"));
  after = layers_on (lw_window_get_project (f->window), f->item, "consensus");
  g_assert_cmpstr (after, ==, "car");

  export_button = lw_gui_test_find_widget (GTK_WIDGET (stats), labelled, "_Export…");
  g_assert_nonnull (export_button);
  g_signal_emit_by_name (export_button, "clicked");
  lw_gui_test_spin ();
  g_list_free (g_steal_pointer (&toplevels));
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (LW_IS_EXPORT_DIALOG (l->data))
      export = l->data;
  g_assert_nonnull (export);
  {
    GtkWidget *layer = lw_gui_test_find_row (GTK_WIDGET (export), ADW_TYPE_COMBO_ROW, "Annotations By");
    AdwComboRow *combo = ADW_COMBO_ROW (layer);
    guint selected = adw_combo_row_get_selected (combo);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (combo)), selected),
                     ==, "consensus");
  }
  gtk_window_destroy (GTK_WINDOW (export));
  gtk_window_destroy (GTK_WINDOW (stats));
  lw_gui_test_spin ();
}

/* Closed while it builds: the layer is built all the same, and the reply is dropped. */
static void
test_close_while_building (Fixture *f, gconstpointer data)
{
  LwStatsWindow *stats = lw_stats_window_new (f->window);
  g_autofree char *after = NULL;
  GtkWidget *build;

  gtk_window_present (GTK_WINDOW (stats));
  lw_gui_test_spin_until (computed, stats);
  build = lw_gui_test_find_widget (GTK_WIDGET (stats), labelled, "_Build");
  g_signal_emit_by_name (build, "clicked");
  gtk_window_destroy (GTK_WINDOW (stats));
  lw_gui_test_spin_until (not_busy, f->window);
  lw_gui_test_spin ();
  after = layers_on (lw_window_get_project (f->window), f->item, "consensus");
  g_assert_cmpstr (after, ==, "car");
}

static gboolean
entry_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* The options: another name, and one vote enough, so alice's bus counts too; Export… then
 * chooses that layer. */
static void
test_options (Fixture *f, gconstpointer data)
{
  LwStatsWindow *stats = lw_stats_window_new (f->window);
  g_autofree char *after = NULL;
  g_autoptr(GList) toplevels = NULL;
  LwExportDialog *export = NULL;
  GtkWidget *name;

  gtk_window_present (GTK_WINDOW (stats));
  lw_gui_test_spin_until (computed, stats);
  g_assert_nonnull (lw_gui_test_find_row (GTK_WIDGET (stats), ADW_TYPE_EXPANDER_ROW, "Options"));
  name = lw_gui_test_find_widget (GTK_WIDGET (stats), entry_titled, "Layer Name");
  g_assert_nonnull (name);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "consensus");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (lw_gui_test_row_widget (GTK_WIDGET (stats), "Box Overlap (IoU)"))), ==, 0.5);
  gtk_editable_set_text (GTK_EDITABLE (name), " agreed ");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (lw_gui_test_row_widget (GTK_WIDGET (stats), "Votes Needed")), 1);
  g_signal_emit_by_name (lw_gui_test_find_widget (GTK_WIDGET (stats), labelled, "_Build"), "clicked");
  lw_gui_test_spin_until (not_busy, f->window);
  lw_gui_test_spin ();
  after = layers_on (lw_window_get_project (f->window), f->item, "agreed");
  g_assert_cmpstr (after, ==, "car bus");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (lw_gui_test_find_row (GTK_WIDGET (stats), ADW_TYPE_ACTION_ROW, "Consensus Layer"))),
                            "Boxes: 2"));

  g_signal_emit_by_name (lw_gui_test_find_widget (GTK_WIDGET (stats), labelled, "_Export…"), "clicked");
  lw_gui_test_spin ();
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (LW_IS_EXPORT_DIALOG (l->data))
      export = l->data;
  g_assert_nonnull (export);
  {
    AdwComboRow *combo = ADW_COMBO_ROW (lw_gui_test_find_row (GTK_WIDGET (export), ADW_TYPE_COMBO_ROW, "Annotations By"));
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (combo)),
                                                 adw_combo_row_get_selected (combo)), ==, "agreed");
  }
  gtk_window_destroy (GTK_WINDOW (export));
  gtk_window_destroy (GTK_WINDOW (stats));
  lw_gui_test_spin ();
}

int
main (int argc, char *argv[])
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;

  g_test_add ("/gui/consensus/build-and-export", Fixture, NULL, fixture_setup,
              test_build_and_export, fixture_teardown);
  g_test_add ("/gui/consensus/close-while-building", Fixture, NULL, fixture_setup,
              test_close_while_building, fixture_teardown);
  g_test_add ("/gui/consensus/options", Fixture, NULL, fixture_setup, test_options, fixture_teardown);
  return lw_gui_test_run ();
}
