/* test-filters.c: the item browser's class, annotator, split and predictions filters,
 * chosen through the filter popover's widgets, against the list model, the status bar, the
 * empty state and the window's clear-filters action */
#include "config.h"

#include <adwaita.h>
#include <labelwright.h>
#include <math.h>
#include <string.h>

#include "lw-item-model.h"
#include "lw-item-object.h"
#include "lw-gui-test.h"
#include "lw-test-util.h"
#include "lw-window.h"

#define N_IMAGES 60

typedef struct
{
  char     *dir;
  char     *path;
  gint64    ids[N_IMAGES];
  gint64    car, truck, ada, ben, model;
  LwWindow *window;
} Fixture;

static const char *const splits[] = { "train", "val", "test", NULL };

/* Item i: split splits[i % 4]; a car by ada when i % 3 == 0; a truck by ben when i % 5 == 0;
 * a car predicted by the model when i % 7 == 0. */
static gboolean
has_car (int i) { return i % 3 == 0 || i % 7 == 0; }

static void
add_box (LwProject *project, gint64 item, gint64 klass, gint64 annotator, LwAnnotationSource source)
{
  g_autoptr(LwAnnotation) ann = lw_annotation_new (item, klass, LW_ANNOTATION_BBOX);
  g_autoptr(GError) error = NULL;
  double box[] = { 2, 2, 10, 8 };

  lw_annotation_set_geometry (ann, box, 4);
  ann->annotator_id = annotator;
  ann->source = source;
  ann->score = source == LW_SOURCE_PREDICTION ? 0.9 : NAN;
  g_assert_true (lw_project_import_annotation (project, ann, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;

  f->dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (f->dir, "filters", "traffic");
  f->path = g_strdup (lw_project_get_path (project));
  f->car = lw_test_class_id (project, "car");
  f->truck = lw_test_class_id (project, "truck");
  f->ada = lw_project_ensure_annotator (project, "ada", &error);
  f->ben = lw_project_ensure_annotator (project, "ben", &error);
  f->model = lw_project_ensure_annotator (project, "detector-v2", &error);
  g_assert_no_error (error);
  g_assert_true (lw_project_begin (project, &error));
  for (int i = 0; i < N_IMAGES; i++)
    {
      g_autofree char *name = g_strdup_printf ("frame-%04d.png", i);
      f->ids[i] = lw_test_add_image (project, name, 64, 48);
      if (splits[i % 4] != NULL)
        g_assert_true (lw_project_set_item_split (project, f->ids[i], splits[i % 4], &error));
      if (i % 3 == 0)
        add_box (project, f->ids[i], f->car, f->ada, LW_SOURCE_MANUAL);
      if (i % 5 == 0)
        add_box (project, f->ids[i], f->truck, f->ben, LW_SOURCE_MANUAL);
      if (i % 7 == 0)
        add_box (project, f->ids[i], f->car, f->model, LW_SOURCE_PREDICTION);
    }
  g_assert_true (lw_project_commit (project, &error));
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

static guint
count (gboolean (*pred) (int i))
{
  guint n = 0;

  for (int i = 0; i < N_IMAGES; i++)
    n += pred (i) ? 1 : 0;
  return n;
}

static gboolean by_ada (int i) { return i % 3 == 0; }
static gboolean by_ben (int i) { return i % 5 == 0; }
static gboolean ada_and_truck (int i) { return i % 15 == 0; }
static gboolean in_val (int i) { return i % 4 == 1; }
static gboolean no_split (int i) { return i % 4 == 3; }
static gboolean predicted (int i) { return i % 7 == 0; }
static gboolean predicted_in_test (int i) { return i % 7 == 0 && i % 4 == 2; }

/* The list holds exactly the items @pred picks, in order; the window shows the first of
 * them and says "Item 1 of N". */
static void
assert_list (Fixture *f, gboolean (*pred) (int i))
{
  GListModel *model = G_LIST_MODEL (lw_window_get_item_model (f->window));
  guint n = count (pred), pos = 0;
  g_autofree char *expect = g_strdup_printf ("Item 1 of %u ·", n);

  lw_gui_test_spin ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (int i = 0; i < N_IMAGES; i++)
    if (pred (i))
      {
        g_autoptr(LwItemObject) row = g_list_model_get_item (model, pos++);
        g_assert_nonnull (row);
        g_assert_cmpint (lw_item_object_get_id (row), ==, f->ids[i]);
      }
  g_assert_nonnull (strstr (lw_window_get_status_text (f->window), expect));
  for (int i = 0; i < N_IMAGES; i++)
    if (pred (i))
      {
        g_assert_cmpint (lw_window_get_current_item (f->window), ==, f->ids[i]);
        break;
      }
}

static gboolean
button_highlighted (Fixture *f)
{
  /* The popover's parent is the sidebar's filter menu button. */
  GtkWidget *button = gtk_widget_get_parent (GTK_WIDGET (lw_window_get_filter_popover (f->window)));

  g_assert_true (GTK_IS_MENU_BUTTON (button));
  return gtk_widget_has_css_class (button, "lw-filter-active");
}

static AdwStatusPage *
find_status_page (GtkWidget *widget, const char *title)
{
  if (ADW_IS_STATUS_PAGE (widget) && g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0)
    return ADW_STATUS_PAGE (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      AdwStatusPage *page = find_status_page (c, title);
      if (page != NULL)
        return page;
    }
  return NULL;
}

static void
test_each_filter (Fixture *f, gconstpointer data)
{
  LwFilterPopover *popover = lw_window_get_filter_popover (f->window);

  g_assert_nonnull (strstr (lw_window_get_status_text (f->window), "Item 1 of 60 ·"));
  g_assert_false (button_highlighted (f));
  g_assert_cmpuint (lw_filter_popover_get_n_active (popover), ==, 0);

  g_assert_true (lw_filter_popover_set_class (popover, f->car));
  assert_list (f, has_car);
  g_assert_true (button_highlighted (f));
  g_assert_cmpint (lw_item_model_get_filter (lw_window_get_item_model (f->window))->class_id, ==, f->car);

  /* Filters are ANDed: cars by ben are the items with both a car and ben's truck. */
  g_assert_true (lw_filter_popover_set_class (popover, 0));
  g_assert_true (lw_filter_popover_set_annotator (popover, f->ben));
  assert_list (f, by_ben);
  g_assert_true (lw_filter_popover_set_annotator (popover, f->ada));
  assert_list (f, by_ada);
  g_assert_true (lw_filter_popover_set_class (popover, f->truck));
  assert_list (f, ada_and_truck);
  g_assert_cmpuint (lw_filter_popover_get_n_active (popover), ==, 2);
  /* An id that is not a class of the project is refused and changes nothing. */
  g_assert_false (lw_filter_popover_set_class (popover, 9999));
  assert_list (f, ada_and_truck);

  lw_filter_popover_clear (popover);
  lw_gui_test_spin ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lw_window_get_item_model (f->window))), ==, N_IMAGES);
  g_assert_false (button_highlighted (f));

  lw_filter_popover_set_split (popover, "val");
  assert_list (f, in_val);
  lw_filter_popover_set_split (popover, "");
  assert_list (f, no_split);
  lw_filter_popover_set_split (popover, NULL);

  lw_filter_popover_set_predictions_only (popover, TRUE);
  assert_list (f, predicted);
  lw_filter_popover_set_split (popover, "test");
  assert_list (f, predicted_in_test);
  g_assert_cmpuint (lw_filter_popover_get_n_active (popover), ==, 2);
}

/* Nothing matches: the empty state says so and offers Clear Filters, which clears the
 * status, the search and the popover's filters at once. */
static void
test_empty_and_clear (Fixture *f, gconstpointer data)
{
  LwFilterPopover *popover = lw_window_get_filter_popover (f->window);
  GListModel *model = G_LIST_MODEL (lw_window_get_item_model (f->window));
  AdwStatusPage *empty;
  g_autofree char *status = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.status-filter", "s", "new"));
  g_assert_true (lw_filter_popover_set_class (popover, f->truck));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, count (by_ben));
  /* Trucks predicted as cars: items 0 (train) and 35 (no split); then none in test. */
  lw_filter_popover_set_predictions_only (popover, TRUE);
  lw_filter_popover_set_split (popover, "");
  lw_gui_test_spin ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  lw_filter_popover_set_split (popover, "test");
  lw_gui_test_spin ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_nonnull (strstr (lw_window_get_status_text (f->window), "0 items"));

  empty = find_status_page (GTK_WIDGET (f->window), "No Matching Items");
  g_assert_nonnull (empty);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (empty)));
  g_assert_true (GTK_IS_BUTTON (adw_status_page_get_child (empty)));
  g_assert_true (gtk_widget_get_visible (adw_status_page_get_child (empty)));

  /* The empty page's button runs win.clear-filters. */
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (adw_status_page_get_child (empty))),
                   ==, "win.clear-filters");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.clear-filters", NULL));
  lw_gui_test_spin ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_IMAGES);
  g_assert_cmpuint (lw_filter_popover_get_n_active (popover), ==, 0);
  g_object_get (f->window, "status-filter", &status, NULL);
  g_assert_cmpstr (status, ==, "all");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (empty)));
  g_assert_false (button_highlighted (f));
}

/* The class choice is held by id: renaming the class keeps it chosen; removing the last
 * class of the choices drops the filter (tested through the store's own edits). */
static void
test_choice_follows_schema (Fixture *f, gconstpointer data)
{
  LwFilterPopover *popover = lw_window_get_filter_popover (f->window);
  LwProject *project = lw_window_get_project (f->window);
  g_autoptr(LwLabelClass) truck = lw_project_get_class (project, f->truck, NULL);
  g_autoptr(LwLabelClass) extra = lw_label_class_new ("barrier");
  g_autoptr(GError) error = NULL;

  extra->color = g_strdup ("#aabbcc");
  extra->kinds = LW_KIND_BIT (LW_ANNOTATION_BBOX);
  g_assert_true (lw_project_add_class (project, extra, &error));
  g_assert_no_error (error);
  lw_gui_test_spin ();
  g_assert_true (lw_filter_popover_set_class (popover, extra->id));
  lw_gui_test_spin ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lw_window_get_item_model (f->window))), ==, 0);

  g_assert_true (lw_filter_popover_set_class (popover, f->truck));
  g_free (truck->name);
  truck->name = g_strdup ("lorry");
  g_assert_true (lw_project_update_class (project, truck, &error));
  g_assert_no_error (error);
  lw_gui_test_spin ();
  assert_list (f, by_ben);

  g_assert_true (lw_filter_popover_set_class (popover, extra->id));
  g_assert_true (lw_project_remove_class (project, extra->id, &error));
  g_assert_no_error (error);
  lw_gui_test_spin ();
  g_assert_cmpuint (lw_filter_popover_get_n_active (popover), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lw_window_get_item_model (f->window))), ==, N_IMAGES);
}

int
main (int argc, char **argv)
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;
  g_test_add ("/gui/filters/each", Fixture, NULL, fixture_setup, test_each_filter, fixture_teardown);
  g_test_add ("/gui/filters/empty-and-clear", Fixture, NULL, fixture_setup, test_empty_and_clear,
              fixture_teardown);
  g_test_add ("/gui/filters/choice-follows-schema", Fixture, NULL, fixture_setup,
              test_choice_follows_schema, fixture_teardown);
  return lw_gui_test_run ();
}
