/* labelwright-cli: the exit statuses and messages that scripts rely on (DESIGN.md). */
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "lw-test-util.h"

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
cli (Run *r, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;
  int wait_status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("LW_CLI"));
  va_start (args, r);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &r->out, &r->err, &wait_status, &error);
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static void
test_new_and_info (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "t.lwproj", NULL);
  g_auto(Run) created = { 0 };
  g_auto(Run) info = { 0 };
  g_auto(Run) check = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *o;
  JsonArray *classes;
  gboolean has_lane = FALSE;

  cli (&created, "new", path, "--domain", "traffic", NULL);
  g_assert_cmpint (created.status, ==, 0);
  cli (&info, "info", path, "--json", NULL);
  g_assert_cmpint (info.status, ==, 0);
  json_parser_load_from_data (parser, info.out, -1, &error);
  g_assert_no_error (error);
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "t");
  g_assert_cmpstr (json_object_get_string_member (o, "domain"), ==, "traffic");
  g_assert_cmpint (json_object_get_int_member (o, "items"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (o, "annotations"), ==, 0);
  g_assert_true (json_object_has_member (json_object_get_object_member (o, "annotations_by_kind"), "bbox"));
  g_assert_true (json_object_has_member (json_object_get_object_member (o, "items_by_status"), "done"));
  classes = json_object_get_array_member (o, "classes");
  g_assert_cmpuint (json_array_get_length (classes), >, 10);
  for (guint i = 0; i < json_array_get_length (classes); i++)
    {
      JsonObject *c = json_array_get_object_element (classes, i);
      g_assert_true (json_object_has_member (c, "hotkey"));
      g_assert_true (json_object_has_member (c, "kinds"));
      if (g_strcmp0 (json_object_get_string_member (c, "name"), "lane line") == 0)
        {
          JsonArray *kinds = json_object_get_array_member (c, "kinds");
          has_lane = json_array_get_length (kinds) == 1 &&
                     g_strcmp0 (json_array_get_string_element (kinds, 0), "polyline") == 0;
        }
    }
  g_assert_true (has_lane);

  cli (&check, "check", path, NULL);
  g_assert_cmpint (check.status, ==, 0);
  g_assert_nonnull (strstr (check.out, "ok"));
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
assert_info_fails_unchanged (const char *path, const char *needle)
{
  g_autoptr(GBytes) before = lw_test_read_file (path);
  g_autoptr(GBytes) after = NULL;
  g_auto(Run) r = { 0 };
  g_autofree char *prefix = g_strdup_printf ("labelwright-cli: error: %s", path);

  cli (&r, "info", path, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_true (g_str_has_prefix (r.err, prefix));
  g_assert_nonnull (strstr (r.err, needle));
  g_assert_cmpstr (r.out, ==, "");
  after = lw_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_info_refuses (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.lwproj", NULL);
  g_autofree char *good = g_build_filename (dir, "good.lwproj", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.lwproj", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_auto(Run) created = { 0 };

  g_file_set_contents (text, "hello\n", -1, NULL);
  g_file_set_contents (empty, "", 0, NULL);
  cli (&created, "new", good, "--domain", "industrial", NULL);
  g_assert_cmpint (created.status, ==, 0);
  bytes = lw_test_read_file (good);
  g_file_set_contents (cut, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes) - 3000, NULL);

  assert_info_fails_unchanged (text, "not a Labelwright project");
  assert_info_fails_unchanged (empty, "empty");
  assert_info_fails_unchanged (cut, "truncated");
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_usage_errors (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "u.lwproj", NULL);
  g_autofree char *schema = g_build_filename (dir, "bad.json", NULL);
  g_auto(Run) none = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) no_domain = { 0 };
  g_auto(Run) bad_domain = { 0 };
  g_auto(Run) bad_option = { 0 };
  g_auto(Run) bad_schema = { 0 };
  g_auto(Run) exists = { 0 };
  g_auto(Run) created = { 0 };

  cli (&none, NULL);
  g_assert_cmpint (none.status, ==, 2);
  cli (&unknown, "frobnicate", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "unknown command"));
  cli (&no_domain, "new", path, NULL);
  g_assert_cmpint (no_domain.status, ==, 2);
  cli (&bad_domain, "new", path, "--domain", "astrology", NULL);
  g_assert_cmpint (bad_domain.status, ==, 2);
  g_assert_nonnull (strstr (bad_domain.err, "astrology"));
  cli (&bad_option, "info", path, "--bogus", NULL);
  g_assert_cmpint (bad_option.status, ==, 2);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_file_set_contents (schema, "{\"classes\": [{\"name\": \"x\", \"color\": \"red\", \"kinds\": [\"bbox\"]}]}", -1, NULL);
  cli (&bad_schema, "new", path, "--schema", schema, NULL);
  g_assert_cmpint (bad_schema.status, ==, 1);
  g_assert_nonnull (strstr (bad_schema.err, "bad.json"));
  g_assert_nonnull (strstr (bad_schema.err, "color"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  cli (&created, "new", path, "--domain", "custom", NULL);
  g_assert_cmpint (created.status, ==, 0);
  cli (&exists, "new", path, "--domain", "custom", NULL);
  g_assert_cmpint (exists.status, ==, 1);
  g_assert_nonnull (strstr (exists.err, "already exists"));
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* export --class: a filter naming a class the project lacks fails with the list of classes
 * and writes nothing; an empty name is a usage error; a good filter exports. */
static void
test_export_class_filter (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "e.lwproj", NULL);
  g_autofree char *out = g_build_filename (dir, "out.zip", NULL);
  g_auto(Run) created = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) empty = { 0 };
  g_auto(Run) good = { 0 };

  cli (&created, "new", path, "--domain", "traffic", NULL);
  g_assert_cmpint (created.status, ==, 0);
  cli (&unknown, "export", path, "--format", "coco", "-o", out, "--class", "car,spaceship", "-q", NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_nonnull (strstr (unknown.err, "“spaceship”"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  cli (&empty, "export", path, "--format", "coco", "-o", out, "--class", "car,,bus", "-q", NULL);
  g_assert_cmpint (empty.status, ==, 2);
  g_assert_nonnull (strstr (empty.err, "empty class name"));
  cli (&good, "export", path, "--format", "coco", "-o", out, "--class", "car, bus", "-q", NULL);
  g_assert_cmpint (good.status, ==, 0);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* consensus: bad options are usage errors that change nothing; a run on a project without
 * annotators succeeds and reports zero items; a missing project names the file. */
static void
test_consensus (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "c.lwproj", NULL);
  g_autofree char *missing = g_build_filename (dir, "nothere.lwproj", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_auto(Run) created = { 0 };
  g_auto(Run) bad_iou = { 0 };
  g_auto(Run) empty_name = { 0 };
  g_auto(Run) ok = { 0 };
  g_auto(Run) gone = { 0 };

  cli (&created, "new", path, "--domain", "traffic", NULL);
  g_assert_cmpint (created.status, ==, 0);
  before = lw_test_read_file (path);
  cli (&bad_iou, "consensus", path, "--iou", "2", NULL);
  g_assert_cmpint (bad_iou.status, ==, 2);
  g_assert_nonnull (strstr (bad_iou.err, "--iou"));
  cli (&empty_name, "consensus", path, "--name", "", NULL);
  g_assert_cmpint (empty_name.status, ==, 2);
  after = lw_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  cli (&ok, "consensus", path, NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_nonnull (strstr (ok.out, "Items: 0\n"));
  cli (&gone, "consensus", missing, NULL);
  g_assert_cmpint (gone.status, ==, 1);
  g_assert_nonnull (strstr (gone.err, "nothere.lwproj"));
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static JsonObject *
parse_object (JsonParser *parser, const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* assign and queue: counts per annotator as JSON; a second run assigns nothing; bad plans
 * are refused (1) or usage errors (2) and change nothing; a rejected item is in its
 * annotator's queue with the comment. */
static void
test_assign_and_queue (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(LwProject) project = lw_test_project_new (dir, "a", "traffic");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_auto(Run) unknown = { 0 };
  g_auto(Run) too_many = { 0 };
  g_auto(Run) no_share = { 0 };
  g_auto(Run) first = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) queue = { 0 };
  g_auto(Run) nobody = { 0 };
  JsonObject *o;
  JsonArray *arr;
  gint64 sum = 0, rejected_id = 0;

  path = g_strdup (lw_project_get_path (project));
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("img%02u.jpg", i);
      lw_test_add_image (project, name, 8, 8);
    }
  g_clear_object (&project);

  before = lw_test_read_file (path);
  cli (&unknown, "assign", path, "--annotators", "alice,bob,carol", NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_true (g_str_has_prefix (unknown.err, "labelwright-cli: error: "));
  g_assert_nonnull (strstr (unknown.err, "unknown annotators: alice, bob, carol"));
  cli (&too_many, "assign", path, "--annotators", "alice,bob", "--overlap", "3", "--share", "10",
       "--add-annotators", NULL);
  g_assert_cmpint (too_many.status, ==, 1);
  g_assert_nonnull (strstr (too_many.err, "the overlap must be 1 to 2"));
  cli (&no_share, "assign", path, "--annotators", "alice,bob", "--overlap", "2", NULL);
  g_assert_cmpint (no_share.status, ==, 2);
  g_assert_nonnull (strstr (no_share.err, "--share"));
  after = lw_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));

  cli (&first, "assign", path, "--annotators", "alice, bob,carol", "--overlap", "2", "--share", "25",
       "--seed", "11", "--add-annotators", "--json", NULL);
  g_assert_cmpint (first.status, ==, 0);
  o = parse_object (parser, first.out);
  g_assert_cmpint (json_object_get_int_member (o, "items"), ==, 40);
  g_assert_cmpint (json_object_get_int_member (o, "assigned_now"), ==, 40);
  g_assert_cmpint (json_object_get_int_member (o, "overlap_items"), ==, 10);
  arr = json_object_get_array_member (o, "annotators");
  g_assert_cmpuint (json_array_get_length (arr), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (arr, 1), "name"), ==, "bob");
  for (guint i = 0; i < 3; i++)
    {
      gint64 n = json_object_get_int_member (json_array_get_object_element (arr, i), "assigned");
      g_assert_cmpint (n, >=, 16);
      g_assert_cmpint (n, <=, 17);
      sum += n;
    }
  g_assert_cmpint (sum, ==, 50);

  cli (&again, "assign", path, "--annotators", "alice,bob,carol", "--overlap", "2", "--share", "25",
       "--seed", "11", NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "Items: 40 (assigned now: 0)"));

  /* alice marks her first item done and a reviewer rejects it. */
  project = lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  {
    gint64 alice = lw_project_find_annotator (project, "alice");
    g_autoptr(GPtrArray) q = lw_project_list_queue (project, alice, 0, 100, &error);
    for (guint i = 0; i < q->len && rejected_id == 0; i++)
      {
        LwQueueEntry *e = g_ptr_array_index (q, i);
        g_autoptr(GError) local = NULL;
        lw_project_set_current_annotator (project, alice);
        g_assert_true (lw_project_mark_item_done (project, e->item->id, &local));
        if (lw_project_review_item (project, e->item->id, "rita", LW_REVIEW_REJECT, "box the cyclist", &local))
          rejected_id = e->item->id;
        else   /* an overlap item waits for its other annotator */
          g_assert_error (local, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
      }
  }
  g_assert_cmpint (rejected_id, >, 0);
  g_clear_object (&project);

  cli (&queue, "queue", path, "--annotator", "alice", "--json", NULL);
  g_assert_cmpint (queue.status, ==, 0);
  o = parse_object (parser, queue.out);
  g_assert_cmpstr (json_object_get_string_member (o, "annotator"), ==, "alice");
  arr = json_object_get_array_member (o, "queue");
  g_assert_cmpint (json_object_get_int_member (o, "items"), ==, json_array_get_length (arr));
  g_assert_cmpuint (json_array_get_length (arr), >, 0);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *e = json_array_get_object_element (arr, i);
      if (json_object_get_int_member (e, "id") == rejected_id)
        {
          g_assert_cmpstr (json_object_get_string_member (e, "status"), ==, "rejected");
          g_assert_cmpstr (json_object_get_string_member (e, "comment"), ==, "box the cyclist");
          rejected_id = -1;
        }
      else
        g_assert_true (json_object_get_null_member (e, "comment"));
    }
  g_assert_cmpint (rejected_id, ==, -1);

  cli (&nobody, "queue", path, "--annotator", "dave", NULL);
  g_assert_cmpint (nobody.status, ==, 1);
  g_assert_nonnull (strstr (nobody.err, "unknown annotator “dave”"));
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A project in an older format: info says so (and reports the file's format, not this
 * build's); a command that writes says on stderr that it upgrades, once; reading commands
 * leave the file as it is. */
static void
test_upgrade_older_format (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "old.lwproj", NULL);
  g_autofree char *text = g_build_filename (dir, "essay.txt", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_auto(Run) created = { 0 };
  g_auto(Run) info_old = { 0 };
  g_auto(Run) json_old = { 0 };
  g_auto(Run) imported = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) json_new = { 0 };
  sqlite3 *db = NULL;

  cli (&created, "new", path, "--domain", "education", NULL);
  g_assert_cmpint (created.status, ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, LW_TEST_FORMAT_5_TO_4, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_set_contents (text, "One essay.", -1, &error));

  before = lw_test_read_file (path);
  cli (&info_old, "info", path, NULL);
  g_assert_cmpint (info_old.status, ==, 0);
  g_assert_nonnull (strstr (info_old.out, "Format:      4 (older: opening it for editing upgrades it to 5)"));
  cli (&json_old, "info", path, "--json", NULL);
  g_assert_cmpint (json_old.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (parse_object (parser, json_old.out), "format_version"), ==, 4);
  after = lw_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));

  cli (&imported, "import", path, text, NULL);
  g_assert_cmpint (imported.status, ==, 0);
  g_assert_nonnull (strstr (imported.err, "old.lwproj: upgrading the project to format 5"));
  cli (&again, "import", path, text, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_null (strstr (again.err, "upgrading"));
  cli (&json_new, "info", path, "--json", NULL);
  g_assert_cmpint (json_object_get_int_member (parse_object (parser, json_new.out), "format_version"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (parse_object (parser, json_new.out), "items"), ==, 1);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/new-and-info", test_new_and_info);
  g_test_add_func ("/cli/info-refuses", test_info_refuses);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/export-class-filter", test_export_class_filter);
  g_test_add_func ("/cli/consensus", test_consensus);
  g_test_add_func ("/cli/assign-and-queue", test_assign_and_queue);
  g_test_add_func ("/cli/upgrade-older-format", test_upgrade_older_format);
  return g_test_run ();
}
