/* test-window.c: the main window over a real project, driven through its actions */
#include "config.h"

#include <adwaita.h>
#include <labelwright.h>
#include <string.h>

#include "lw-item-model.h"
#include "lw-item-object.h"
#include "lw-sample.h"
#include "lw-gui-test.h"
#include "lw-test-util.h"
#include "lw-window.h"

#define N_IMAGES 1000
#define N_DONE 10

typedef struct
{
  char     *dir;
  char     *path;
  gint64    ids[N_IMAGES];
  LwWindow *window;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;

  f->dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (f->dir, "window", "traffic");
  f->path = g_strdup (lw_project_get_path (project));
  g_assert_true (lw_project_begin (project, &error));
  for (int i = 0; i < N_IMAGES; i++)
    {
      g_autofree char *name = g_strdup_printf ("frame-%04d.png", i);
      f->ids[i] = lw_test_add_image (project, name, 64, 48);
    }
  g_assert_true (lw_project_commit (project, &error));
  /* Items 5 .. 5+N_DONE are done before the window opens. */
  for (int i = 5; i < 5 + N_DONE; i++)
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

static void
test_open (Fixture *f, gconstpointer data)
{
  LwItemModel *model = lw_window_get_item_model (f->window);
  g_autoptr(LwItemObject) last = NULL;
  g_autoptr(LwItemObject) outside = NULL;
  guint fetches;

  g_assert_nonnull (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_IMAGES);
  /* Lazy: GtkListView 4.8 builds up to about 200 rows before its first allocation, so
   * opening reads a few pages, and not the ten that hold every item. */
  fetches = lw_item_model_get_n_fetches (model);
  g_assert_cmpuint (fetches, <=, 4);

  last = g_list_model_get_item (G_LIST_MODEL (model), N_IMAGES - 1);
  g_assert_nonnull (last);
  g_assert_cmpint (lw_item_object_get_id (last), ==, f->ids[N_IMAGES - 1]);
  g_assert_cmpstr (lw_item_object_get_item (last)->name, ==, "frame-0999.png");
  outside = g_list_model_get_item (G_LIST_MODEL (model), N_IMAGES);
  g_assert_null (outside);

  g_assert_cmpint (lw_window_get_current_item (f->window), ==, f->ids[0]);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (lw_window_get_selection (f->window))),
                    ==, 0);
  g_assert_nonnull (strstr (lw_window_get_status_text (f->window), "Item 1 of 1000"));
  g_assert_nonnull (strstr (lw_window_get_status_text (f->window), "10 of 1000 done"));
}

static void
test_filter (Fixture *f, gconstpointer data)
{
  GListModel *model = G_LIST_MODEL (lw_window_get_item_model (f->window));
  g_autoptr(LwItemObject) first = NULL;
  g_autofree char *filter = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.status-filter", "s", "done"));
  lw_gui_test_spin ();
  g_object_get (f->window, "status-filter", &filter, NULL);
  g_assert_cmpstr (filter, ==, "done");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_DONE);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpint (lw_item_object_get_id (first), ==, f->ids[5]);
  g_assert_cmpint (lw_item_object_get_item (first)->status, ==, LW_ITEM_STATUS_DONE);
  /* The current item (not done) left the list: the window shows the first match. */
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, f->ids[5]);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.status-filter", "s", "new"));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_IMAGES - N_DONE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.status-filter", "s", "all"));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_IMAGES);
}

static void
test_navigate_and_mark_done (Fixture *f, gconstpointer data)
{
  GListModel *model = G_LIST_MODEL (lw_window_get_item_model (f->window));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (lw_window_get_selection (f->window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.next-item", NULL));
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, f->ids[1]);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.previous-item", NULL));
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, f->ids[0]);

  /* Item 4 marked done: the next item that is not done is 15, past the done 5..14. */
  lw_window_show_item (f->window, f->ids[4]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.mark-done", NULL));
  lw_gui_test_spin ();
  g_assert_cmpint (lw_gui_test_stored_status (f->path, f->ids[4]), ==, LW_ITEM_STATUS_DONE);
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, f->ids[5 + N_DONE]);
  g_assert_nonnull (strstr (lw_window_get_status_text (f->window), "11 of 1000 done"));
  {
    g_autoptr(LwItemObject) row = g_list_model_get_item (model, 4);
    g_assert_cmpint (lw_item_object_get_item (row)->status, ==, LW_ITEM_STATUS_DONE);
  }

  /* Undo brings the status back and shows the item it touched. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  lw_gui_test_spin ();
  g_assert_cmpint (lw_gui_test_stored_status (f->path, f->ids[4]), ==, LW_ITEM_STATUS_NEW);
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, f->ids[4]);
  g_assert_nonnull (strstr (lw_window_get_status_text (f->window), "10 of 1000 done"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  lw_gui_test_spin ();
  g_assert_cmpint (lw_gui_test_stored_status (f->path, f->ids[4]), ==, LW_ITEM_STATUS_DONE);
}

static void
test_mark_done_in_filtered_list (Fixture *f, gconstpointer data)
{
  GListModel *model = G_LIST_MODEL (lw_window_get_item_model (f->window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.status-filter", "s", "new"));
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, f->ids[0]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.mark-done", NULL));
  lw_gui_test_spin ();
  /* The done item leaves the "new" list at once, and the next one is shown. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_IMAGES - N_DONE - 1);
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, f->ids[1]);
  g_assert_cmpint (lw_gui_test_stored_status (f->path, f->ids[0]), ==, LW_ITEM_STATUS_DONE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  lw_gui_test_spin ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_IMAGES - N_DONE);
  g_assert_cmpint (lw_gui_test_stored_status (f->path, f->ids[0]), ==, LW_ITEM_STATUS_NEW);
}

static void
test_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *path = lw_sample_build (dir, &error);
  g_autoptr(LwProject) project = NULL;
  gint64 counts[LW_ANNOTATION_N_KINDS] = { 0 };
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  LwWindow *window;
  gboolean has_prediction = FALSE;
  gint64 first;

  g_assert_no_error (error);
  g_assert_nonnull (path);
  project = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (lw_project_check (project, problems, &error));
  g_assert_cmpint (lw_project_count_items (project, NULL, &error), ==, 8);
  g_assert_cmpint (lw_project_count_annotations_by_kind (project, counts, &error), >, 20);
  g_assert_cmpint (counts[LW_ANNOTATION_BBOX], >, 5);
  g_assert_cmpint (counts[LW_ANNOTATION_POLYGON], >, 0);
  g_assert_cmpint (counts[LW_ANNOTATION_POLYLINE], >, 0);
  g_assert_cmpint (counts[LW_ANNOTATION_POINT], >, 0);
  g_assert_cmpint (counts[LW_ANNOTATION_SPAN], >, 0);
  g_assert_cmpint (counts[LW_ANNOTATION_TAG], >, 0);
  for (gint64 id = lw_project_next_item (project, NULL, 0, FALSE, NULL); id > 0;
       id = lw_project_next_item (project, NULL, id, FALSE, NULL))
    {
      g_autoptr(GPtrArray) anns = lw_project_list_annotations (project, id, 0, &error);
      g_autoptr(LwItem) item = lw_project_get_item (project, id, &error);
      g_assert_no_error (error);
      if (item->kind == LW_ITEM_KIND_IMAGE)
        {
          g_autofree char *media = g_build_filename (dir, item->media_path, NULL);
          g_assert_true (g_file_test (media, G_FILE_TEST_IS_REGULAR));
        }
      for (guint i = 0; i < anns->len; i++)
        if (((LwAnnotation *) anns->pdata[i])->source == LW_SOURCE_PREDICTION)
          has_prediction = TRUE;
    }
  g_assert_true (has_prediction);
  first = lw_project_next_item (project, NULL, 0, FALSE, NULL);
  g_clear_object (&project);

  /* The window opens it and loads the first image off the main thread. */
  window = g_object_ref_sink (lw_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (lw_window_open_project (window, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lw_window_get_current_item (window), ==, first);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        if (g_str_has_prefix (lw_window_get_status_text (window), "Item 1 of 8"))
          break;
      }
  }
  g_assert_true (g_str_has_prefix (lw_window_get_status_text (window), "Item 1 of 8"));
  lw_gui_test_close_window (window);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char *argv[])
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;

  g_test_add ("/gui/window/open", Fixture, NULL, fixture_setup, test_open, fixture_teardown);
  g_test_add ("/gui/window/filter", Fixture, NULL, fixture_setup, test_filter, fixture_teardown);
  g_test_add ("/gui/window/navigate-mark-done-undo", Fixture, NULL, fixture_setup,
              test_navigate_and_mark_done, fixture_teardown);
  g_test_add ("/gui/window/mark-done-filtered", Fixture, NULL, fixture_setup,
              test_mark_done_in_filtered_list, fixture_teardown);
  g_test_add_func ("/gui/sample", test_sample);
  return lw_gui_test_run ();
}
