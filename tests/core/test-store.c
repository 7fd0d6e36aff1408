/* Project store: create, open, migrate, refuse foreign and damaged files, transactions. */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "lw-test-util.h"
#include "lw-model-private.h"

static char *
write_file (const char *dir, const char *name, const void *data, gssize len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_create_fresh (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "new.lwproj", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_create (path, "My data", "medical", &error);
  g_autofree char *name = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *media = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (project);
  name = lw_project_dup_name (project);
  domain = lw_project_dup_domain (project);
  g_assert_cmpstr (name, ==, "My data");
  g_assert_cmpstr (domain, ==, "medical");
  media = lw_project_dup_media_folder (project);
  g_assert_true (g_str_has_suffix (media, "/new-media"));
  g_clear_object (&project);

  /* The file is WAL, has our application id and the current user_version. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA application_id", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, LW_PROJECT_APPLICATION_ID);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, LW_PROJECT_FORMAT_VERSION);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* Creating over an existing file is refused. */
  project = lw_project_create (path, NULL, "custom", &error);
  g_assert_error (error, LW_STORE_ERROR, LW_STORE_ERROR_EXISTS);
  g_assert_null (project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_create_default_name (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "Street scenes.lwproj", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_create (path, NULL, NULL, &error);
  g_autofree char *name = lw_project_dup_name (project);
  g_autofree char *domain = lw_project_dup_domain (project);

  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Street scenes");
  g_assert_cmpstr (domain, ==, "custom");
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_reopen_keeps_data (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_test_project_new (dir, "p", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  g_autoptr(GPtrArray) classes = NULL;

  lw_test_add_image (project, "a.png", 640, 480);
  g_assert_true (lw_project_set_meta (project, "note", "hello", &error));
  g_clear_object (&project);

  project = lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_project_count_items (project, NULL, &error), ==, 1);
  classes = lw_project_list_classes (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (classes->len, >, 10);
  {
    g_autofree char *note = lw_project_dup_meta (project, "note");
    g_assert_cmpstr (note, ==, "hello");
  }
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Each refusal must leave the file byte-for-byte as it was. */
static void
assert_refused (const char *path, GQuark domain, int code, const char *needle)
{
  g_autoptr(GBytes) before = lw_test_read_file (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, &error);

  g_assert_null (project);
  g_assert_error (error, domain, code);
  g_assert_nonnull (strstr (error->message, path));
  if (needle)
    g_assert_nonnull (strstr (error->message, needle));
  after = lw_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_refuse_foreign (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *text = write_file (dir, "notes.txt", "just some text\n", -1);
  g_autofree char *empty = write_file (dir, "empty.lwproj", "", 0);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  assert_refused (text, LW_STORE_ERROR, LW_STORE_ERROR_NOT_PROJECT, "not an SQLite database");
  assert_refused (empty, LW_STORE_ERROR, LW_STORE_ERROR_NOT_PROJECT, "empty");

  /* Another program's SQLite database. */
  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused (other, LW_STORE_ERROR, LW_STORE_ERROR_NOT_PROJECT, "another program");

  g_assert_null (lw_project_open ("/nonexistent/x.lwproj", 0, &error));
  g_assert_error (error, LW_STORE_ERROR, LW_STORE_ERROR_NOT_FOUND);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_refuse_damaged (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "good", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *truncated = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *scrambled = NULL;
  guint8 *copy;
  gsize len;

  for (int i = 0; i < 50; i++)
    lw_test_add_image (project, "x.png", 10, 10);
  g_clear_object (&project);   /* closing checkpoints the WAL into the file */

  bytes = lw_test_read_file (path);
  len = g_bytes_get_size (bytes);
  truncated = write_file (dir, "truncated.lwproj", g_bytes_get_data (bytes, NULL), len / 2 + 100);
  assert_refused (truncated, LW_STORE_ERROR, LW_STORE_ERROR_CORRUPT, "truncated");

  /* A format version from the future (user_version at byte 60). */
  copy = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
  copy[63] = 99;
  newer = write_file (dir, "newer.lwproj", copy, len);
  assert_refused (newer, LW_STORE_ERROR, LW_STORE_ERROR_TOO_NEW, "newer Labelwright");
  g_free (copy);

  /* Pages past the header overwritten with garbage. */
  copy = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
  for (gsize i = 4096; i < len; i++)
    copy[i] = (guint8) (i * 7);
  scrambled = write_file (dir, "scrambled.lwproj", copy, len);
  assert_refused (scrambled, LW_STORE_ERROR, LW_STORE_ERROR_CORRUPT, "damaged");
  g_free (copy);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_migrate_old_format (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "old", NULL);
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_clear_object (&project);
  /* A file as format 0 would leave it: application id set, no tables yet. */
  g_unlink (path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA application_id = 1280790602; CREATE TABLE x (y);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  project = lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_project_count_items (project, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The plan of @sql in the file at @path, its details joined by "; ". */
static char *
query_plan (const char *path, const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s; ", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&plan), FALSE);
}

/* The export's cursor (with and without an annotator's layer) walks annotation_by_item
 * alone, from format 5 on; a format-4 file reaches that on its upgrade, with its
 * annotations unchanged. */
static void
check_cursor_covered (LwProject *project, gint64 annotator_id, gboolean covered)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAnnotationCursor) cursor = _lw_annotation_cursor_new (project, annotator_id, LW_CURSOR_SHAPE, &error);
  g_autofree char *plan = NULL;

  g_assert_no_error (error);
  plan = query_plan (lw_project_get_path (project), _lw_annotation_cursor_sql (cursor));
  g_test_message ("plan: %s", plan);
  g_assert_nonnull (strstr (plan, "annotation_by_item"));
  g_assert_cmpint (strstr (plan, "COVERING INDEX annotation_by_item") != NULL, ==, covered);
  g_assert_null (strstr (plan, "TEMP B-TREE"));
}

static void
test_migrate_annotation_shapes (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "shapes", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 item = lw_test_add_image (project, "a.png", 100, 80);
  gint64 alice = lw_project_ensure_annotator (project, "alice", &error);
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  lw_test_add_annotation (project, alice, item, "car", LW_ANNOTATION_BBOX,
                          (const double[]) { 1, 2, 10, 10 }, 4);
  lw_test_add_annotation (project, alice, item, "bus", LW_ANNOTATION_POLYGON,
                          (const double[]) { 5, 5, 50, 5, 50, 40 }, 6);
  check_cursor_covered (project, 0, TRUE);
  check_cursor_covered (project, alice, TRUE);
  g_assert_false (lw_project_needs_upgrade (project));
  before = lw_project_list_annotations (project, item, 0, &error);
  g_assert_no_error (error);
  g_clear_object (&project);

  /* Back to format 4's index. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, LW_TEST_FORMAT_5_TO_4, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (lw_project_file_needs_upgrade (path));
  project = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (lw_project_needs_upgrade (project));
  check_cursor_covered (project, 0, FALSE);
  g_clear_object (&project);

  project = lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (lw_project_needs_upgrade (project));
  g_assert_false (lw_project_file_needs_upgrade (path));
  check_cursor_covered (project, 0, TRUE);
  check_cursor_covered (project, alice, TRUE);
  after = lw_project_list_annotations (project, item, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    {
      const LwAnnotation *a = before->pdata[i], *b = after->pdata[i];
      g_assert_cmpint (a->id, ==, b->id);
      g_assert_cmpint (a->class_id, ==, b->class_id);
      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpint (a->annotator_id, ==, b->annotator_id);
      g_assert_cmpmem (a->geometry->data, a->geometry->len * sizeof (double),
                       b->geometry->data, b->geometry->len * sizeof (double));
    }
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* An upgrade that meets another program's write lock past the busy timeout says so, as an
 * edit does (not "database is locked"), and leaves the file in its older format. */
static void
test_migrate_busy (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "busy-upgrade", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  lw_test_add_image (project, "a.png", 100, 80);
  g_clear_object (&project);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, LW_TEST_FORMAT_5_TO_4 "BEGIN IMMEDIATE;", NULL, NULL, NULL),
                   ==, SQLITE_OK);

  project = lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, &error);
  g_assert_null (project);
  g_assert_error (error, LW_STORE_ERROR, LW_STORE_ERROR_BUSY);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "another program"));
  g_assert_nonnull (strstr (error->message, "upgrading the project to format 5"));
  g_assert_null (strstr (error->message, "database is locked"));
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  project = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (lw_project_needs_upgrade (project));
  g_clear_object (&project);
  project = lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (lw_project_needs_upgrade (project));
  g_assert_cmpint (lw_project_count_items (project, NULL, &error), ==, 1);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* What a project file is called without a project name: its file name without ".lwproj";
 * a file that is not a project needs no upgrade. */
static void
test_file_stem (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "Street scenes", "traffic");
  g_autofree char *media = lw_project_dup_media_folder (project);
  g_autofree char *stem = lw_project_file_stem (lw_project_get_path (project));
  g_autofree char *other = lw_project_file_stem ("/data/notes.txt");
  g_autofree char *missing = g_build_filename (dir, "missing.lwproj", NULL);

  g_assert_cmpstr (stem, ==, "Street scenes");
  g_assert_cmpstr (other, ==, "notes.txt");
  g_assert_true (g_str_has_suffix (media, "/Street scenes-media"));
  g_assert_false (lw_project_file_needs_upgrade (lw_project_get_path (project)));
  g_assert_false (lw_project_file_needs_upgrade (missing));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_read_only (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "ro", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  g_autoptr(GError) error = NULL;
  g_autoptr(LwItem) item = lw_item_new (LW_ITEM_KIND_IMAGE, "a.png");
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  g_clear_object (&project);
  before = lw_test_read_file (path);
  project = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (lw_project_is_read_only (project));
  item->width = item->height = 5;
  g_assert_false (lw_project_add_item (project, item, &error));
  g_assert_error (error, LW_STORE_ERROR, LW_STORE_ERROR_READ_ONLY);
  g_clear_object (&project);
  after = lw_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_transaction_rollback (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "tx", "traffic");
  g_autoptr(GError) error = NULL;

  g_assert_true (lw_project_begin (project, &error));
  lw_test_add_image (project, "a.png", 10, 10);
  g_assert_true (lw_project_begin (project, &error));   /* nested */
  lw_test_add_image (project, "b.png", 10, 10);
  lw_project_rollback (project);                         /* an inner failure aborts all */
  g_assert_false (lw_project_in_transaction (project));
  g_assert_false (lw_project_commit (project, &error));
  g_assert_error (error, LW_STORE_ERROR, LW_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (lw_project_count_items (project, NULL, &error), ==, 0);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A second connection that holds the write lock past the busy timeout gives a clear
 * "being changed by another program" error, not "database is locked". */
static void
test_busy_is_clear (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "busy", "traffic");
  g_autoptr(LwProject) other = NULL;
  g_autoptr(GError) error = NULL;
  gint64 item = lw_test_add_image (project, "a.png", 100, 100);

  other = lw_project_open (lw_project_get_path (project), 0, &error);
  g_assert_no_error (error);
  /* Readers are never blocked by a writer in WAL mode. */
  g_assert_true (lw_project_begin (other, &error));
  g_assert_cmpint (lw_project_count_items (project, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_false (lw_project_set_item_status (project, item, LW_ITEM_STATUS_DONE, &error));
  g_assert_error (error, LW_STORE_ERROR, LW_STORE_ERROR_BUSY);
  g_assert_null (strstr (error->message, "database is locked"));
  g_assert_nonnull (strstr (error->message, "another program"));
  lw_project_rollback (other);
  g_clear_error (&error);
  g_assert_true (lw_project_set_item_status (project, item, LW_ITEM_STATUS_DONE, &error));
  g_assert_no_error (error);
  g_clear_object (&other);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/create/fresh", test_create_fresh);
  g_test_add_func ("/store/create/default-name", test_create_default_name);
  g_test_add_func ("/store/open/reopen", test_reopen_keeps_data);
  g_test_add_func ("/store/open/refuse-foreign", test_refuse_foreign);
  g_test_add_func ("/store/open/refuse-damaged", test_refuse_damaged);
  g_test_add_func ("/store/migrate/old-format", test_migrate_old_format);
  g_test_add_func ("/store/migrate/annotation-shapes", test_migrate_annotation_shapes);
  g_test_add_func ("/store/migrate/busy", test_migrate_busy);
  g_test_add_func ("/store/file-stem", test_file_stem);
  g_test_add_func ("/store/open/read-only", test_read_only);
  g_test_add_func ("/store/transaction/rollback", test_transaction_rollback);
  g_test_add_func ("/store/concurrency/busy-is-clear", test_busy_is_clear);
  return g_test_run ();
}
