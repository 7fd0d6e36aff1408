/* test-dialogs.c: imports and exports from the window, through its job API and its dialogs */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <labelwright.h>
#include <string.h>

#include "lw-application.h"
#include "lw-export-dialog.h"
#include "lw-import-dialog.h"
#include "lw-item-model.h"
#include "lw-gui-test.h"
#include "lw-test-util.h"
#include "lw-window.h"

typedef struct
{
  char     *dir;
  char     *path;
  char     *sources;   /* a folder with two small PNGs */
  LwWindow *window;
} Fixture;

typedef struct
{
  GAsyncResult *result;
  guint         n_progress;
  double        last_fraction;
} Wait;

static gboolean
have_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *wait = data;

  g_assert_null (wait->result);
  wait->result = g_object_ref (result);
}

static void
on_progress (double fraction, const char *message, gpointer data)
{
  Wait *wait = data;

  /* Progress arrives on the main thread, whatever thread the core runs on. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  /* Negative: not known yet. */
  g_assert_cmpfloat (fraction, <=, 1.0);
  wait->n_progress++;
  wait->last_fraction = fraction;
}

static void
write_png (const char *path, int width, int height, guint32 rgba)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);

  gdk_pixbuf_fill (pixbuf, rgba);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);
}

/* What the store holds, through a connection of its own. */
typedef struct
{
  gint64 items;
  gint64 by_status[LW_ITEM_N_STATUSES];
  gint64 by_kind[LW_ANNOTATION_N_KINDS];
  gint64 classes;
} Snapshot;

static void
snapshot (const char *path, Snapshot *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) classes = NULL;

  g_assert_no_error (error);
  memset (out, 0, sizeof *out);
  out->items = lw_project_count_items (project, NULL, &error);
  g_assert_no_error (error);
  lw_project_count_by_status (project, out->by_status, &error);
  g_assert_no_error (error);
  lw_project_count_annotations_by_kind (project, out->by_kind, &error);
  g_assert_no_error (error);
  classes = lw_project_list_classes (project, &error);
  g_assert_no_error (error);
  out->classes = classes->len;
}

static void
assert_same (const Snapshot *a, const Snapshot *b)
{
  g_assert_cmpint (a->items, ==, b->items);
  g_assert_cmpint (a->classes, ==, b->classes);
  g_assert_cmpmem (a->by_status, sizeof a->by_status, b->by_status, sizeof b->by_status);
  g_assert_cmpmem (a->by_kind, sizeof a->by_kind, b->by_kind, sizeof b->by_kind);
}

static guint
n_listed (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (lw_window_get_item_model (f->window)));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  f->dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (f->dir, "dialogs", "traffic");
  f->path = g_strdup (lw_project_get_path (project));
  lw_project_close (project);

  f->sources = g_build_filename (f->dir, "incoming", NULL);
  g_assert_cmpint (g_mkdir (f->sources, 0755), ==, 0);
  a = g_build_filename (f->sources, "street-a.png", NULL);
  b = g_build_filename (f->sources, "street-b.png", NULL);
  write_png (a, 32, 24, 0xff0000ff);
  write_png (b, 40, 30, 0x00ff00ff);

  f->window = lw_gui_test_open_window (f->path);
  g_assert_cmpuint (n_listed (f), ==, 0);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lw_gui_test_close_window (f->window);
  lw_test_tmpdir_free (f->dir);
  g_free (f->path);
  g_free (f->sources);
}

static void
test_import_export (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *paths[] = { f->sources, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_AUTO, .annotator = "Tester" };
  LwImportReport report = { 0 };
  LwExportOptions export_opts;
  g_autofree char *zip = g_build_filename (f->dir, "out", "dataset.zip", NULL);
  g_autofree char *out_dir = g_path_get_dirname (zip);
  Wait wait = { 0 };
  Snapshot before, after;
  guint64 n_items = 0, n_skipped = 99;

  lw_window_import_async (f->window, paths, &opts, NULL, on_progress, &wait, on_done, &wait);
  g_assert_true (lw_window_is_busy (f->window));
  /* No second job while one runs: the store has one writer at a time from this window. */
  {
    Wait second = { 0 };

    lw_window_import_async (f->window, paths, &opts, NULL, NULL, NULL, on_done, &second);
    lw_gui_test_spin_until (have_result, &second);
    g_assert_false (lw_window_import_finish (f->window, second.result, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
    g_clear_error (&error);
    g_clear_object (&second.result);
  }
  lw_gui_test_spin_until (have_result, &wait);
  g_assert_true (lw_window_import_finish (f->window, wait.result, &report, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_false (lw_window_is_busy (f->window));
  g_assert_cmpuint (report.items_added, ==, 2);
  g_assert_cmpuint (report.duplicates, ==, 0);
  g_assert_cmpuint (wait.n_progress, >, 0);

  /* The window's own connection heard nothing, and still lists both items. */
  g_assert_cmpuint (n_listed (f), ==, 2);
  g_assert_cmpint (lw_window_get_current_item (f->window), >, 0);
  g_assert_nonnull (strstr (lw_window_get_status_text (f->window), "of 2"));
  snapshot (f->path, &before);
  g_assert_cmpint (before.items, ==, 2);

  /* Importing the same folder again adds nothing. */
  lw_window_import_async (f->window, paths, &opts, NULL, NULL, NULL, on_done, &wait);
  lw_gui_test_spin_until (have_result, &wait);
  g_assert_true (lw_window_import_finish (f->window, wait.result, &report, &error));
  g_clear_object (&wait.result);
  g_assert_cmpuint (report.items_added, ==, 0);
  g_assert_cmpuint (report.duplicates, ==, 2);
  g_assert_cmpuint (n_listed (f), ==, 2);

  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  lw_export_options_init (&export_opts);
  export_opts.format = LW_EXPORT_COCO;
  g_assert_true (lw_export_parse_splits (&export_opts, "train=0.5,val=0.5", &error));
  export_opts.seed = 7;
  wait.n_progress = 0;
  lw_window_export_async (f->window, &export_opts, zip, NULL, on_progress, &wait, on_done, &wait);
  lw_export_options_clear (&export_opts);
  lw_gui_test_spin_until (have_result, &wait);
  g_assert_true (lw_window_export_finish (f->window, wait.result, &n_items, &n_skipped, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpuint (n_items, ==, 2);
  g_assert_cmpuint (n_skipped, ==, 0);
  g_assert_true (g_file_test (zip, G_FILE_TEST_IS_REGULAR));
  {
    g_autoptr(GBytes) bytes = lw_test_read_file (zip);
    const guint8 *head = g_bytes_get_data (bytes, NULL);
    g_assert_cmpuint (g_bytes_get_size (bytes), >, 4);
    g_assert_cmpmem (head, 4, "PK\003\004", 4);
  }
  snapshot (f->path, &after);
  assert_same (&before, &after);
  g_assert_cmpuint (n_listed (f), ==, 2);
}

static gboolean
import_dialog_finished (gpointer data)
{
  return !g_str_equal (lw_import_dialog_get_state (data), "running");
}

static gboolean
export_dialog_finished (gpointer data)
{
  return !g_str_equal (lw_export_dialog_get_state (data), "running");
}

static void
test_dialogs (Fixture *f, gconstpointer data)
{
  const char *paths[] = { f->sources, NULL };
  g_autofree char *tarball = g_build_filename (f->dir, "dataset.tar.gz", NULL);
  LwImportDialog *import;
  LwExportDialog *export;
  Snapshot before, after;

  import = g_object_ref (lw_import_dialog_new (f->window));
  gtk_window_present (GTK_WINDOW (import));
  g_assert_cmpstr (lw_import_dialog_get_state (import), ==, "options");
  /* Nothing chosen: the Import button does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (import), "import.start", NULL);
  g_assert_cmpstr (lw_import_dialog_get_state (import), ==, "options");
  lw_import_dialog_set_sources (import, paths);
  lw_import_dialog_set_format (import, LW_IMPORT_FORMAT_IMAGES);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (import), "import.start", NULL));
  g_assert_cmpstr (lw_import_dialog_get_state (import), ==, "running");
  lw_gui_test_spin_until (import_dialog_finished, import);
  g_assert_cmpstr (lw_import_dialog_get_state (import), ==, "done");
  g_assert_nonnull (strstr (lw_import_dialog_get_message (import), "2 items added"));
  g_assert_nonnull (strstr (lw_import_dialog_get_message (import), "0 duplicates skipped"));
  g_assert_cmpuint (n_listed (f), ==, 2);
  gtk_window_destroy (GTK_WINDOW (import));
  g_object_unref (import);
  snapshot (f->path, &before);
  g_assert_cmpint (before.items, ==, 2);

  export = g_object_ref (lw_export_dialog_new (f->window));
  gtk_window_present (GTK_WINDOW (export));
  /* The proposed output sits beside the project and follows the format. */
  g_assert_true (g_str_has_prefix (lw_export_dialog_get_output (export), f->dir));
  g_assert_true (g_str_has_suffix (lw_export_dialog_get_output (export), "-coco.zip"));
  lw_export_dialog_set_format (export, LW_EXPORT_YOLO);
  g_assert_true (g_str_has_suffix (lw_export_dialog_get_output (export), "-yolo.zip"));
  lw_export_dialog_set_output (export, tarball);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (export), "export.start", NULL));
  lw_gui_test_spin_until (export_dialog_finished, export);
  g_assert_cmpstr (lw_export_dialog_get_state (export), ==, "done");
  g_assert_nonnull (strstr (lw_export_dialog_get_message (export), "2 items written"));
  g_assert_nonnull (strstr (lw_export_dialog_get_message (export), tarball));
  g_assert_true (g_file_test (tarball, G_FILE_TEST_IS_REGULAR));
  gtk_window_destroy (GTK_WINDOW (export));
  g_object_unref (export);
  snapshot (f->path, &after);
  assert_same (&before, &after);
}

/* Whether @bytes hold @text anywhere (PNG data holds NUL bytes: no string search). */
static gboolean
bytes_contain (GBytes *bytes, const char *text)
{
  gsize size, n = strlen (text);
  const guint8 *data = g_bytes_get_data (bytes, &size);

  for (gsize i = 0; i + n <= size; i++)
    if (memcmp (data + i, text, n) == 0)
      return TRUE;
  return FALSE;
}

/* Privacy from the dialog: with both switches on, the folder export names images by their
 * content hash and their copies lose the PNG text chunk that held a location. */
static void
test_privacy (Fixture *f, gconstpointer data)
{
  g_autofree char *secret = g_build_filename (f->sources, "home-street.png", NULL);
  g_autofree char *out = g_build_filename (f->dir, "private", NULL);
  g_autofree char *out_slash = g_strconcat (out, "/", NULL);
  g_autofree char *images = g_build_filename (out, "images", "default", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 16, 16);
  g_autoptr(GError) error = NULL;
  const char *paths[] = { f->sources, NULL };
  LwImportDialog *import;
  LwExportDialog *export;
  GtkSwitch *strip, *anonymize;
  GDir *dir;
  const char *name;
  guint n_files = 0;

  gdk_pixbuf_fill (pixbuf, 0x8080ffff);
  g_assert_true (gdk_pixbuf_save (pixbuf, secret, "png", &error,
                                  "tEXt::Location", "secret-location 48.85N 2.35E", NULL));
  g_assert_no_error (error);
  {
    g_autoptr(GBytes) before = lw_test_read_file (secret);
    g_assert_true (bytes_contain (before, "secret-location"));
  }
  import = g_object_ref (lw_import_dialog_new (f->window));
  gtk_window_present (GTK_WINDOW (import));
  lw_import_dialog_set_sources (import, paths);
  lw_import_dialog_set_format (import, LW_IMPORT_FORMAT_IMAGES);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (import), "import.start", NULL));
  lw_gui_test_spin_until (import_dialog_finished, import);
  g_assert_cmpstr (lw_import_dialog_get_state (import), ==, "done");
  gtk_window_destroy (GTK_WINDOW (import));
  g_object_unref (import);

  export = g_object_ref (lw_export_dialog_new (f->window));
  gtk_window_present (GTK_WINDOW (export));
  strip = GTK_SWITCH (lw_gui_test_row_widget (GTK_WIDGET (export), "Remove Image Metadata"));
  anonymize = GTK_SWITCH (lw_gui_test_row_widget (GTK_WIDGET (export), "Name Files by Content"));
  g_assert_nonnull (strip);
  g_assert_nonnull (anonymize);
  /* Off until asked for. */
  g_assert_false (gtk_switch_get_active (strip));
  g_assert_false (gtk_switch_get_active (anonymize));
  gtk_switch_set_active (strip, TRUE);
  gtk_switch_set_active (anonymize, TRUE);
  lw_export_dialog_set_output (export, out_slash);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (export), "export.start", NULL));
  lw_gui_test_spin_until (export_dialog_finished, export);
  g_assert_cmpstr (lw_export_dialog_get_state (export), ==, "done");
  gtk_window_destroy (GTK_WINDOW (export));
  g_object_unref (export);

  dir = g_dir_open (images, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (images, name, NULL);
      g_autoptr(GBytes) bytes = lw_test_read_file (path);

      n_files++;
      /* 64 lowercase hex digits and the extension: nothing of "street". */
      g_assert_cmpuint (strlen (name), ==, 64 + strlen (".png"));
      g_assert_true (g_str_has_suffix (name, ".png"));
      for (guint i = 0; i < 64; i++)
        g_assert_true (g_ascii_isxdigit (name[i]) && !g_ascii_isupper (name[i]));
      g_assert_false (bytes_contain (bytes, "secret-location"));
    }
  g_dir_close (dir);
  g_assert_cmpuint (n_files, ==, 3);
}

static void
test_bad_import (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_build_filename (f->sources, "annotations.json", NULL);
  const char *paths[] = { f->sources, NULL };
  LwImportDialog *import;
  Snapshot before, after;

  /* A COCO file cut off in the middle of its images. */
  g_assert_true (g_file_set_contents (json,
                                      "{\"images\": [{\"id\": 1, \"file_name\": \"street-a.png\", "
                                      "\"width\": 32, \"height\": 24}, {\"id\": 2, \"file_na",
                                      -1, &error));
  snapshot (f->path, &before);

  import = g_object_ref (lw_import_dialog_new (f->window));
  gtk_window_present (GTK_WINDOW (import));
  lw_import_dialog_set_sources (import, paths);
  lw_import_dialog_set_format (import, LW_IMPORT_FORMAT_COCO);
  lw_import_dialog_start (import);
  lw_gui_test_spin_until (import_dialog_finished, import);
  g_assert_cmpstr (lw_import_dialog_get_state (import), ==, "failed");
  g_test_message ("shown: %s", lw_import_dialog_get_message (import));
  /* The core's message, naming the file, is in the dialog. */
  g_assert_nonnull (strstr (lw_import_dialog_get_message (import), "annotations.json"));
  g_assert_nonnull (strstr (lw_import_dialog_get_message (import), "Nothing was changed"));
  gtk_window_destroy (GTK_WINDOW (import));
  g_object_unref (import);

  snapshot (f->path, &after);
  assert_same (&before, &after);
  g_assert_cmpint (after.items, ==, 0);
  g_assert_cmpuint (n_listed (f), ==, 0);
}

static void
test_cancelled_import (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *paths[] = { f->sources, NULL };
  Wait wait = { 0 };

  g_cancellable_cancel (cancellable);
  lw_window_import_async (f->window, paths, NULL, cancellable, NULL, NULL, on_done, &wait);
  lw_gui_test_spin_until (have_result, &wait);
  g_assert_false (lw_window_import_finish (f->window, wait.result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&wait.result);
  g_assert_cmpuint (n_listed (f), ==, 0);
  {
    Snapshot now;
    snapshot (f->path, &now);
    g_assert_cmpint (now.items, ==, 0);
  }
}

static gboolean
two_listed (gpointer data)
{
  return n_listed (data) == 2;
}

/* Emits the window's file drop, as a drag from a file manager does; returns whether the
 * window took it. */
static gboolean
drop_files (LwWindow *window, const char *const *paths)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_autoptr(GObject) drop = NULL;
  GSList *files = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && drop == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (controller))
        drop = g_object_ref (controller);
    }
  g_assert_nonnull (drop);
  g_assert_true (g_type_is_a (gtk_drop_target_get_gtypes (GTK_DROP_TARGET (drop), NULL)[0], GDK_TYPE_FILE_LIST));

  for (guint i = 0; paths[i] != NULL; i++)
    files = g_slist_append (files, g_file_new_for_path (paths[i]));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, files);
  g_slist_free_full (files, g_object_unref);
  g_signal_emit_by_name (drop, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  return accepted;
}

/* Dropping a folder on the window imports it with the format detected, in the dialog. */
static void
test_drop (Fixture *f, gconstpointer data)
{
  const char *paths[] = { f->sources, NULL };

  g_assert_true (drop_files (f->window, paths));
  g_assert_true (lw_window_is_busy (f->window));
  lw_gui_test_spin_until (two_listed, f);
  while (lw_window_is_busy (f->window))
    g_main_context_iteration (NULL, TRUE);
  {
    Snapshot now;
    snapshot (f->path, &now);
    g_assert_cmpint (now.items, ==, 2);
  }
}

/* A project file dropped is opened, not imported: in a window on its welcome page, there.
 * Dropped together with other files it is refused, and nothing is imported. */
static void
test_drop_project (Fixture *f, gconstpointer data)
{
  const char *project_only[] = { f->path, NULL };
  const char *mixed[] = { f->path, f->sources, NULL };
  LwWindow *welcome = g_object_ref_sink (lw_window_new (NULL));
  Snapshot before, after;

  snapshot (f->path, &before);
  g_assert_false (drop_files (f->window, mixed));
  g_assert_false (lw_window_is_busy (f->window));
  /* No application to give the project its own window: refused, with a message. */
  g_assert_false (drop_files (f->window, project_only));
  lw_gui_test_spin ();
  snapshot (f->path, &after);
  assert_same (&before, &after);

  gtk_window_present (GTK_WINDOW (welcome));
  lw_gui_test_spin ();
  g_assert_null (lw_window_get_project (welcome));
  g_assert_true (drop_files (welcome, project_only));
  g_assert_nonnull (lw_window_get_project (welcome));
  g_assert_cmpstr (lw_window_get_path (welcome), ==, lw_project_get_path (lw_window_get_project (f->window)));
  g_assert_false (lw_window_is_busy (welcome));
  lw_gui_test_close_window (welcome);
}

/* The application's windows that show a project. */
static guint
n_project_windows (GtkApplication *app)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    n += LW_IS_WINDOW (l->data) && lw_window_get_project (l->data) != NULL;
  return n;
}

/* With the application: a project dropped on another project's window gets a window of its
 * own; dropped on the window that shows it, no new window comes. */
static void
test_drop_project_app (Fixture *f, gconstpointer data)
{
  g_autoptr(LwProject) other = lw_test_project_new (f->dir, "other", "traffic");
  g_autofree char *other_path = g_strdup (lw_project_get_path (other));
  const char *drop_other[] = { other_path, NULL };
  const char *drop_same[] = { f->path, NULL };
  g_autoptr(LwApplication) app = lw_application_new ();
  g_autoptr(GFile) file = g_file_new_for_path (f->path);
  g_autoptr(GError) error = NULL;
  LwWindow *window = NULL;

  g_clear_object (&other);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  lw_gui_test_spin ();
  g_assert_cmpuint (n_project_windows (GTK_APPLICATION (app)), ==, 1);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (LW_IS_WINDOW (l->data) && lw_window_get_project (l->data) != NULL)
      window = l->data;

  g_assert_true (drop_files (window, drop_same));
  lw_gui_test_spin ();
  g_assert_cmpuint (n_project_windows (GTK_APPLICATION (app)), ==, 1);
  g_assert_true (drop_files (window, drop_other));
  lw_gui_test_spin ();
  g_assert_cmpuint (n_project_windows (GTK_APPLICATION (app)), ==, 2);
  g_assert_cmpstr (lw_window_get_path (window), ==, lw_project_get_path (lw_window_get_project (window)));

  while (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL)
    gtk_window_destroy (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  lw_gui_test_spin ();
}

static gboolean
window_idle (gpointer data)
{
  return !lw_window_is_busy (data);
}

/* The dialogs' shared job page: Cancel (or Escape) before a job closes the dialog; closing
 * it while the job runs destroys it at once and cancels the job, whose reply then shows
 * nothing. (It used to hide the dialog until the reply and destroy it then, which crashed
 * GTK 4.8 now and then under load: a freed window asked for its size.) */
static void
test_close_while_running (Fixture *f, gconstpointer data)
{
  const char *paths[] = { f->sources, NULL };
  LwImportDialog *import = lw_import_dialog_new (f->window);
  gpointer alive = import;

  g_object_add_weak_pointer (G_OBJECT (import), &alive);
  gtk_window_present (GTK_WINDOW (import));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (import), "import.cancel", NULL));
  lw_gui_test_spin ();
  g_assert_null (alive);

  import = lw_import_dialog_new (f->window);
  alive = import;
  g_object_add_weak_pointer (G_OBJECT (import), &alive);
  g_object_ref (import);
  gtk_window_present (GTK_WINDOW (import));
  lw_import_dialog_set_sources (import, paths);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (import), "import.start", NULL));
  g_assert_cmpstr (lw_import_dialog_get_state (import), ==, "running");
  gtk_window_close (GTK_WINDOW (import));
  /* Gone from the screen at once; the job's reply holds it until it comes. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (import)));
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
    g_assert_null (g_list_find (toplevels, import));
  }
  lw_gui_test_spin_until (window_idle, f->window);
  lw_gui_test_spin ();
  /* The reply showed nothing on the destroyed dialog. */
  g_assert_cmpstr (lw_import_dialog_get_state (import), ==, "running");
  g_object_unref (import);
  g_assert_null (alive);
}

int
main (int argc, char *argv[])
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;

  g_test_add ("/gui/dialogs/import-export", Fixture, NULL, fixture_setup, test_import_export,
              fixture_teardown);
  g_test_add ("/gui/dialogs/through-dialogs", Fixture, NULL, fixture_setup, test_dialogs,
              fixture_teardown);
  g_test_add ("/gui/dialogs/privacy", Fixture, NULL, fixture_setup, test_privacy,
              fixture_teardown);
  g_test_add ("/gui/dialogs/bad-import", Fixture, NULL, fixture_setup, test_bad_import,
              fixture_teardown);
  g_test_add ("/gui/dialogs/drop", Fixture, NULL, fixture_setup, test_drop, fixture_teardown);
  g_test_add ("/gui/dialogs/drop-project", Fixture, NULL, fixture_setup, test_drop_project,
              fixture_teardown);
  g_test_add ("/gui/dialogs/drop-project-app", Fixture, NULL, fixture_setup, test_drop_project_app,
              fixture_teardown);
  g_test_add ("/gui/dialogs/cancelled-import", Fixture, NULL, fixture_setup, test_cancelled_import,
              fixture_teardown);
  g_test_add ("/gui/dialogs/close-while-running", Fixture, NULL, fixture_setup, test_close_while_running,
              fixture_teardown);
  return lw_gui_test_run ();
}
