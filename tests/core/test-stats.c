#define G_LOG_DOMAIN "test-stats"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "labelwright.h"
#include "lw-project-private.h"
#include "lw-test-util.h"

typedef struct {
  char      *dir;
  LwProject *project;
  gint64     alice, bob;
  gint64     img[3];
  gint64     bus_id;
} Fixture;

/* An annotation by @annotator (lw_test_add_annotation on the fixture's project). */
#define add(f, ...) lw_test_add_annotation ((f)->project, __VA_ARGS__)

#define BOX(...) (const double[]) { __VA_ARGS__ }, 4

/* img1: alice: car 10x10 (small), car 50x50 (medium); alice sets img1 done
 * img2: bob: bus 100x100 (large), rain; the bus dated 2020-01-02
 * img3: nothing */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  f->dir = lw_test_tmpdir_new ();
  f->project = lw_test_project_new (f->dir, "stats", "traffic");
  f->alice = lw_project_ensure_annotator (f->project, "alice", &error);
  g_assert_no_error (error);
  f->bob = lw_project_ensure_annotator (f->project, "bob", &error);
  g_assert_no_error (error);
  f->img[0] = lw_test_add_image (f->project, "img1.jpg", 640, 480);
  f->img[1] = lw_test_add_image (f->project, "img2.jpg", 640, 480);
  f->img[2] = lw_test_add_image (f->project, "img3.jpg", 640, 480);

  add (f, f->alice, f->img[0], "car", LW_ANNOTATION_BBOX, BOX (0, 0, 10, 10));
  add (f, f->alice, f->img[0], "car", LW_ANNOTATION_BBOX, BOX (100, 100, 50, 50));
  lw_project_set_item_status (f->project, f->img[0], LW_ITEM_STATUS_DONE, &error);
  g_assert_no_error (error);
  f->bus_id = add (f, f->bob, f->img[1], "bus", LW_ANNOTATION_BBOX, BOX (0, 0, 100, 100));
  add (f, f->bob, f->img[1], "rain", LW_ANNOTATION_TAG, NULL, 0);

  /* 2020-01-02T00:00:00Z in microseconds: the store stamps "now", a test needs another day */
  sql = g_strdup_printf ("UPDATE annotation SET created_at = 1577923200000000 WHERE id = %" G_GINT64_FORMAT,
                         f->bus_id);
  g_assert_cmpint (sqlite3_exec (_lw_project_get_db (f->project), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->project);
  lw_test_tmpdir_free (f->dir);
}

static char *
dup_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%d");
}

static void
check_stats (Fixture *f, const LwProjectStats *s)
{
  g_autofree char *today = dup_today ();
  const LwClassCount *c;
  const LwAnnotatorCount *a;
  const LwProgressRow *p;

  g_assert_cmpint (s->items, ==, 3);
  g_assert_cmpint (s->items_by_status[LW_ITEM_STATUS_NEW], ==, 2);
  g_assert_cmpint (s->items_by_status[LW_ITEM_STATUS_DONE], ==, 1);
  g_assert_cmpint (s->annotations, ==, 4);
  g_assert_cmpint (s->annotations_by_kind[LW_ANNOTATION_BBOX], ==, 3);
  g_assert_cmpint (s->annotations_by_kind[LW_ANNOTATION_TAG], ==, 1);

  /* palette order: car, bus, ..., rain */
  g_assert_cmpuint (s->by_class->len, ==, 3);
  c = s->by_class->pdata[0];
  g_assert_cmpstr (c->class_name, ==, "car");
  g_assert_cmpint (c->total, ==, 2);
  g_assert_cmpint (c->by_kind[LW_ANNOTATION_BBOX], ==, 2);
  c = s->by_class->pdata[1];
  g_assert_cmpstr (c->class_name, ==, "bus");
  g_assert_cmpint (c->total, ==, 1);
  c = s->by_class->pdata[2];
  g_assert_cmpstr (c->class_name, ==, "rain");
  g_assert_cmpint (c->by_kind[LW_ANNOTATION_TAG], ==, 1);
  g_assert_cmpint (c->by_kind[LW_ANNOTATION_BBOX], ==, 0);

  g_assert_cmpuint (s->by_annotator->len, ==, 2);
  a = s->by_annotator->pdata[0];
  g_assert_cmpstr (a->annotator, ==, "alice");
  g_assert_cmpint (a->annotations, ==, 2);
  g_assert_cmpint (a->items, ==, 1);
  a = s->by_annotator->pdata[1];
  g_assert_cmpstr (a->annotator, ==, "bob");
  g_assert_cmpint (a->annotations, ==, 2);

  /* one item with none, two with two */
  g_assert_cmpuint (s->per_item->len, ==, 4);
  g_assert_cmpint (g_array_index (s->per_item, gint64, 0), ==, 0);
  g_assert_cmpint (g_array_index (s->per_item, gint64, 1), ==, 1);
  g_assert_cmpint (g_array_index (s->per_item, gint64, 2), ==, 2);
  g_assert_cmpint (g_array_index (s->per_item, gint64, 3), ==, 2);

  g_assert_cmpint (s->box_sizes[LW_BOX_SIZE_SMALL], ==, 1);
  g_assert_cmpint (s->box_sizes[LW_BOX_SIZE_MEDIUM], ==, 1);
  g_assert_cmpint (s->box_sizes[LW_BOX_SIZE_LARGE], ==, 1);
  g_assert_cmpfloat (s->box_area_min, ==, 100);
  g_assert_cmpfloat (s->box_area_max, ==, 10000);
  g_assert_cmpfloat_with_epsilon (s->box_area_mean, 12600.0 / 3, 1e-9);
  /* sides 10, 50 and 100 */
  for (guint z = 0; z < LW_BOX_N_SIDE_BINS; z++)
    g_assert_cmpint (s->box_sides[z], ==, z == 1 || z == 3 || z == 4 ? 1 : 0);

  /* 2020-01-02 bob 1 annotation; today alice 2 annotations and 1 item done; today bob 1 */
  g_assert_cmpuint (s->progress->len, ==, 3);
  p = s->progress->pdata[0];
  g_assert_cmpstr (p->day, ==, "2020-01-02");
  g_assert_cmpstr (p->annotator, ==, "bob");
  g_assert_cmpint (p->annotations, ==, 1);
  g_assert_cmpint (p->annotator_id, ==, f->bob);
  g_assert_cmpint (p->items_done, ==, 0);
  p = s->progress->pdata[1];
  g_assert_cmpstr (p->day, ==, today);
  g_assert_cmpstr (p->annotator, ==, "alice");
  g_assert_cmpint (p->annotations, ==, 2);
  g_assert_cmpint (p->items_done, ==, 1);
  g_assert_cmpint (p->annotator_id, ==, f->alice);
  p = s->progress->pdata[2];
  g_assert_cmpstr (p->day, ==, today);
  g_assert_cmpstr (p->annotator, ==, "bob");
  g_assert_cmpint (p->annotations, ==, 1);
}

static void
test_stats (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProjectStats) stats = lw_project_compute_stats (f->project, &error);

  g_assert_no_error (error);
  check_stats (f, stats);
}

/* Statistics only read: a read-only project works, and an undone "done" no longer counts. */
static void
test_stats_read_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProjectStats) stats = NULL;
  g_autoptr(LwProject) ro = NULL;
  g_autofree char *path = g_strdup (lw_project_get_path (f->project));

  lw_project_close (f->project);
  ro = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  stats = lw_project_compute_stats (ro, &error);
  g_assert_no_error (error);
  check_stats (f, stats);
}

static void
test_stats_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProjectStats) stats = NULL;
  gint64 item = 0;

  /* newest first: the rain tag, the bus, then the "done" */
  for (int i = 0; i < 3; i++)
    {
      lw_project_undo (f->project, &item, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpint (item, ==, f->img[0]);
  stats = lw_project_compute_stats (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stats->items_by_status[LW_ITEM_STATUS_DONE], ==, 0);
  g_assert_cmpint (stats->annotations, ==, 2);
  g_assert_cmpint (stats->box_sizes[LW_BOX_SIZE_LARGE], ==, 0);
  g_assert_cmpuint (stats->progress->len, ==, 1);
  g_assert_cmpint (((LwProgressRow *) stats->progress->pdata[0])->items_done, ==, 0);
}

static void
test_stats_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "empty", "custom");
  g_autoptr(LwProjectStats) stats = lw_project_compute_stats (project, &error);

  g_assert_no_error (error);
  g_assert_cmpint (stats->items, ==, 0);
  g_assert_cmpint (stats->annotations, ==, 0);
  g_assert_cmpuint (stats->by_class->len, ==, 0);
  g_assert_cmpuint (stats->per_item->len, ==, 0);
  g_assert_cmpuint (stats->progress->len, ==, 0);
  g_assert_true (isnan (stats->box_area_mean));
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_box_sizes (void)
{
  g_assert_cmpint (lw_box_size_of_area (0), ==, LW_BOX_SIZE_SMALL);
  g_assert_cmpint (lw_box_size_of_area (32 * 32 - 1), ==, LW_BOX_SIZE_SMALL);
  g_assert_cmpint (lw_box_size_of_area (32 * 32), ==, LW_BOX_SIZE_MEDIUM);
  g_assert_cmpint (lw_box_size_of_area (96 * 96 - 1), ==, LW_BOX_SIZE_MEDIUM);
  g_assert_cmpint (lw_box_size_of_area (96 * 96), ==, LW_BOX_SIZE_LARGE);

  /* Side bins: below 8, then octaves from 8 to 512; exact at the edges. */
  g_assert_cmpuint (lw_box_side_bin (0), ==, 0);
  g_assert_cmpuint (lw_box_side_bin (NAN), ==, 0);
  g_assert_cmpuint (lw_box_side_bin (63.999), ==, 0);
  g_assert_cmpuint (lw_box_side_bin (64), ==, 1);
  g_assert_cmpuint (lw_box_side_bin (16 * 16 - 0.001), ==, 1);
  g_assert_cmpuint (lw_box_side_bin (16 * 16), ==, 2);
  g_assert_cmpuint (lw_box_side_bin (50 * 50), ==, 3);
  g_assert_cmpuint (lw_box_side_bin (256.0 * 256 - 1), ==, 5);
  g_assert_cmpuint (lw_box_side_bin (256.0 * 256), ==, 6);
  g_assert_cmpuint (lw_box_side_bin (512.0 * 512 - 1), ==, 6);
  g_assert_cmpuint (lw_box_side_bin (512.0 * 512), ==, 7);
  g_assert_cmpuint (lw_box_side_bin (1e12), ==, 7);
  g_assert_cmpfloat (lw_box_side_bin_start (0), ==, 0);
  g_assert_cmpfloat (lw_box_side_bin_start (1), ==, 8);
  g_assert_cmpfloat (lw_box_side_bin_start (7), ==, 512);
  for (guint z = 1; z < LW_BOX_N_SIDE_BINS; z++)
    {
      double start = lw_box_side_bin_start (z);
      g_assert_cmpuint (lw_box_side_bin (start * start), ==, z);
    }
  g_assert_cmpstr (lw_box_size_to_string (LW_BOX_SIZE_MEDIUM), ==, "medium");
}

static int
run_cli (const char *const *args, char **out, char **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *cli = g_getenv ("LW_CLI");
  int status = -1;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = g_strdup (lw_project_get_path (f->project));
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *root, *sizes, *first;

  lw_project_close (f->project);
  g_assert_cmpint (run_cli ((const char *[]) { "stats", path, "--json", NULL }, &out, &err), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "items"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "items_by_status"), "done"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "annotations_by_kind"), "bbox"), ==, 3);
  first = json_array_get_object_element (json_object_get_array_member (root, "annotations_by_class"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "class"), ==, "car");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (first, "by_kind"), "bbox"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "annotations_per_item")), ==, 2);
  sizes = json_object_get_object_member (root, "box_sizes");
  g_assert_cmpint (json_object_get_int_member (sizes, "large"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (sizes, "max_area"), ==, 10000);
  {
    JsonArray *sides = json_object_get_array_member (root, "box_sides");
    JsonObject *bin;

    g_assert_cmpuint (json_array_get_length (sides), ==, LW_BOX_N_SIDE_BINS);
    bin = json_array_get_object_element (sides, 4);
    g_assert_cmpfloat (json_object_get_double_member (bin, "min"), ==, 64);
    g_assert_cmpfloat (json_object_get_double_member (bin, "max"), ==, 128);
    g_assert_cmpint (json_object_get_int_member (bin, "boxes"), ==, 1);
    bin = json_array_get_object_element (sides, LW_BOX_N_SIDE_BINS - 1);
    g_assert_true (json_object_get_null_member (bin, "max"));
    g_assert_cmpint (json_object_get_int_member (bin, "boxes"), ==, 0);
  }
  first = json_array_get_object_element (json_object_get_array_member (root, "progress"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "day"), ==, "2020-01-02");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli ((const char *[]) { "stats", path, NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "alice"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli ((const char *[]) { "stats", NULL }, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char *[]) { "stats", path, "--nope", NULL }, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char *[]) { "stats", "/nonexistent/x.lwproj", NULL }, &out, &err), ==, 1);
  g_assert_true (g_str_has_prefix (err, "labelwright-cli: error: "));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quality/stats/box-sizes", test_box_sizes);
  g_test_add_func ("/quality/stats/empty", test_stats_empty);
  g_test_add ("/quality/stats/project", Fixture, NULL, fixture_set_up, test_stats, fixture_tear_down);
  g_test_add ("/quality/stats/read-only", Fixture, NULL, fixture_set_up, test_stats_read_only, fixture_tear_down);
  g_test_add ("/quality/stats/undo", Fixture, NULL, fixture_set_up, test_stats_undo, fixture_tear_down);
  g_test_add ("/quality/stats/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  return g_test_run ();
}
