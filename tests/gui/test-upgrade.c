/* test-upgrade.c: a project in an older format is upgraded on a worker while the window says
 * so, then opened; the window can be closed meanwhile */
#include "config.h"

#include <adwaita.h>
#include <labelwright.h>
#include <sqlite3.h>

#include "lw-gui-test.h"
#include "lw-test-util.h"
#include "lw-window.h"

#define N_IMAGES 50

typedef struct
{
  char   *dir;
  char   *path;
  gint64  box_id;
} Fixture;

/* A project of N_IMAGES images, a box on the first, taken back to format 4. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  gint64 first = 0;
  sqlite3 *db = NULL;

  f->dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (f->dir, "older", "traffic");
  f->path = g_strdup (lw_project_get_path (project));
  for (int i = 0; i < N_IMAGES; i++)
    {
      g_autofree char *name = g_strdup_printf ("frame-%02d.png", i);
      gint64 id = lw_test_add_image (project, name, 64, 48);
      if (i == 0)
        first = id;
    }
  f->box_id = lw_test_add_annotation (project, 0, first, "car", LW_ANNOTATION_BBOX,
                                      (const double[]) { 1, 2, 10, 10 }, 4);
  g_clear_object (&project);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, LW_TEST_FORMAT_5_TO_4, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  project = lw_project_open (f->path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (lw_project_needs_upgrade (project));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lw_test_tmpdir_free (f->dir);
  g_free (f->path);
}

static gboolean
status_page_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_STATUS_PAGE (widget) &&
         g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0;
}

static gboolean
window_has_project (gpointer data)
{
  return lw_window_get_project (data) != NULL;
}

static gboolean
file_upgraded (gpointer data)
{
  g_autoptr(LwProject) project = lw_project_open (data, LW_PROJECT_OPEN_READ_ONLY, NULL);

  return project != NULL && !lw_project_needs_upgrade (project);
}

static void
test_upgrade_then_open (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LwWindow *window = g_object_ref_sink (lw_window_new (NULL));
  g_autoptr(GPtrArray) annotations = NULL;
  GtkWidget *page;
  GtkStack *stack;

  gtk_window_present (GTK_WINDOW (window));
  lw_gui_test_spin ();
  g_assert_true (lw_window_open_project (window, f->path, &error));
  g_assert_no_error (error);

  /* Before the main loop runs again, the upgrade's reply cannot have come: the window says
   * what it does, and holds no project yet. */
  g_assert_null (lw_window_get_project (window));
  g_assert_cmpstr (lw_window_get_path (window), ==, f->path);
  page = lw_gui_test_find_widget (GTK_WIDGET (window), status_page_titled, "Upgrading Project");
  g_assert_nonnull (page);
  stack = GTK_STACK (gtk_widget_get_parent (page));
  g_assert_true (gtk_stack_get_visible_child (stack) == page);
  g_assert_nonnull (g_strstr_len (adw_status_page_get_description (ADW_STATUS_PAGE (page)), -1,
                                  "“older”"));
  /* A second open in the same window is refused with a reason, not queued. */
  g_assert_false (lw_window_open_project (window, f->path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);

  lw_gui_test_spin_until (window_has_project, window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "project");
  g_assert_false (lw_project_needs_upgrade (lw_window_get_project (window)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lw_window_get_item_model (window))),
                    ==, N_IMAGES);
  annotations = lw_project_list_annotations (lw_window_get_project (window),
                                             lw_window_get_current_item (window), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (annotations->len, ==, 1);
  g_assert_cmpint (((LwAnnotation *) annotations->pdata[0])->id, ==, f->box_id);
  g_assert_true (file_upgraded (f->path));
  lw_gui_test_close_window (window);
}

/* Closed while the worker upgrades: the upgrade finishes and the reply is dropped. */
static void
test_close_while_upgrading (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LwWindow *window = g_object_ref_sink (lw_window_new (NULL));

  gtk_window_present (GTK_WINDOW (window));
  lw_gui_test_spin ();
  g_assert_true (lw_window_open_project (window, f->path, &error));
  g_assert_no_error (error);
  g_assert_null (lw_window_get_project (window));
  lw_gui_test_close_window (window);

  lw_gui_test_spin_until (file_upgraded, f->path);
  lw_gui_test_spin ();
}

/* The normal case stays synchronous: a current project is open when the call returns. */
static void
test_current_format_opens_at_once (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "current", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  g_autoptr(GError) error = NULL;
  LwWindow *window = g_object_ref_sink (lw_window_new (NULL));

  lw_test_add_image (project, "a.png", 64, 48);
  g_clear_object (&project);
  g_assert_true (lw_window_open_project (window, path, &error));
  g_assert_no_error (error);
  g_assert_nonnull (lw_window_get_project (window));
  g_assert_cmpstr (lw_window_get_path (window), ==, lw_project_get_path (lw_window_get_project (window)));
  lw_gui_test_close_window (window);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char *argv[])
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;

  g_test_add ("/gui/upgrade/then-open", Fixture, NULL, fixture_setup, test_upgrade_then_open,
              fixture_teardown);
  g_test_add ("/gui/upgrade/close-while-upgrading", Fixture, NULL, fixture_setup,
              test_close_while_upgrading, fixture_teardown);
  g_test_add_func ("/gui/upgrade/current-format", test_current_format_opens_at_once);
  return lw_gui_test_run ();
}
