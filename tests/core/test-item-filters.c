/* Every field of LwItemFilter against a brute-force answer computed from what the test
 * stored, through each of the store's item queries (count, keyset pages, position, item at a
 * position, next/previous); and the per-block counters of migration 003 that make position
 * look-ups cheap, across status edits, undo and an upgrade from format 2. */
#include <string.h>
#include <sqlite3.h>

#include "lw-test-util.h"

#define N_ITEMS 2600   /* ids span three blocks of 1,024 */

typedef struct {
  gint64        id;
  LwItemKind    kind;
  LwItemStatus  status;
  const char   *split;
  char         *name;
  gboolean      car, truck, prediction;
  guint         annotators;   /* bit 0: ada, bit 1: ben, bit 2: model */
} Row;

typedef struct {
  char      *dir;
  LwProject *project;
  Row        rows[N_ITEMS];
  gint64     car, truck, ada, ben, model;
} Fixture;

typedef gboolean (*Predicate) (const Row *row, const LwItemFilter *f, Fixture *fx);

static const char *const splits[] = { "train", "val", "test", NULL };

static gboolean
matches (const Row *r, const LwItemFilter *f, Fixture *fx)
{
  if (f->status_mask && !(f->status_mask & (1u << r->status)))
    return FALSE;
  if (f->class_id == fx->car && !r->car)
    return FALSE;
  if (f->class_id == fx->truck && !r->truck)
    return FALSE;
  if (f->annotator_id == fx->ada && !(r->annotators & 1))
    return FALSE;
  if (f->annotator_id == fx->ben && !(r->annotators & 2))
    return FALSE;
  if (f->annotator_id == fx->model && !(r->annotators & 4))
    return FALSE;
  if (f->split != NULL && (*f->split ? g_strcmp0 (f->split, r->split) != 0 : r->split != NULL))
    return FALSE;
  if (f->predictions_only && !r->prediction)
    return FALSE;
  if (f->search && !strstr (r->name, f->search))
    return FALSE;
  if (f->kind_set && f->kind != r->kind)
    return FALSE;
  return TRUE;
}

static void
add_box (Fixture *fx, Row *r, gint64 klass, gint64 annotator, LwAnnotationSource source)
{
  g_autoptr(LwAnnotation) ann = lw_annotation_new (r->id, klass, LW_ANNOTATION_BBOX);
  g_autoptr(GError) error = NULL;
  double box[] = { 1, 1, 5, 5 };

  lw_annotation_set_geometry (ann, box, 4);
  ann->annotator_id = annotator;
  ann->source = source;
  g_assert_true (lw_project_import_annotation (fx->project, ann, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = lw_test_tmpdir_new ();
  fx->project = lw_test_project_new (fx->dir, "filters", "traffic");
  fx->car = lw_test_class_id (fx->project, "car");
  fx->truck = lw_test_class_id (fx->project, "truck");
  fx->ada = lw_project_ensure_annotator (fx->project, "ada", &error);
  fx->ben = lw_project_ensure_annotator (fx->project, "ben", &error);
  fx->model = lw_project_ensure_annotator (fx->project, "model", &error);
  g_assert_no_error (error);

  g_assert_true (lw_project_begin (fx->project, &error));
  for (int i = 0; i < N_ITEMS; i++)
    {
      Row *r = &fx->rows[i];
      g_autoptr(LwItem) item = NULL;

      r->kind = i % 7 == 0 ? LW_ITEM_KIND_TEXT : LW_ITEM_KIND_IMAGE;
      r->name = g_strdup_printf ("%s-%04d", r->kind == LW_ITEM_KIND_TEXT ? "doc" : "img", i);
      r->status = (LwItemStatus) ((i / 3) % LW_ITEM_N_STATUSES);
      r->split = splits[i % 4];
      item = lw_item_new (r->kind, r->name);
      item->status = r->status;
      item->split = g_strdup (r->split);
      if (r->kind == LW_ITEM_KIND_TEXT)
        item->text = g_strdup_printf ("text number %d", i);
      else
        item->width = item->height = 64;
      g_assert_true (lw_project_add_item (fx->project, item, &error));
      r->id = item->id;
      if (r->kind != LW_ITEM_KIND_IMAGE)
        continue;
      if (i % 11 == 0)
        add_box (fx, r, fx->car, fx->ada, LW_SOURCE_MANUAL), r->car = TRUE, r->annotators |= 1;
      if (i % 13 == 0)
        add_box (fx, r, fx->truck, fx->ben, LW_SOURCE_IMPORT), r->truck = TRUE, r->annotators |= 2;
      if (i % 17 == 0)
        add_box (fx, r, fx->car, fx->model, LW_SOURCE_PREDICTION),
          r->car = r->prediction = TRUE, r->annotators |= 4;
    }
  g_assert_true (lw_project_commit (fx->project, &error));
  g_assert_cmpint (fx->rows[N_ITEMS - 1].id / 1024, ==, 2);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->project);
  for (int i = 0; i < N_ITEMS; i++)
    g_free (fx->rows[i].name);
  lw_test_tmpdir_free (fx->dir);
}

/* Every query of the store agrees with the brute-force list of matching ids. */
static void
check_filter (Fixture *fx, LwProject *p, const LwItemFilter *f, const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 after = 0;
  guint seen = 0;

  for (int i = 0; i < N_ITEMS; i++)
    if (matches (&fx->rows[i], f, fx))
      g_array_append_val (want, fx->rows[i].id);
  g_test_message ("%s: %u matches", what, want->len);
  g_assert_cmpuint (want->len, >, 0);

  g_assert_cmpint (lw_project_count_items (p, f, &error), ==, want->len);
  g_assert_no_error (error);

  while (TRUE)
    {
      g_autoptr(GPtrArray) page = lw_project_list_items (p, f, after, 97, &error);
      g_assert_no_error (error);
      if (page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++)
        g_assert_cmpint (((LwItem *) page->pdata[i])->id, ==, g_array_index (want, gint64, seen++));
      after = ((LwItem *) page->pdata[page->len - 1])->id;
    }
  g_assert_cmpuint (seen, ==, want->len);

  for (guint i = 0; i < want->len; i++)
    {
      gint64 id = g_array_index (want, gint64, i);
      g_assert_cmpint (lw_project_item_at (p, f, i, &error), ==, id);
      g_assert_cmpint (lw_project_item_position (p, f, id, &error), ==, i);
      g_assert_cmpint (lw_project_next_item (p, f, id - 1, FALSE, &error), ==, id);
      g_assert_cmpint (lw_project_next_item (p, f, id, TRUE, &error),
                       ==, i > 0 ? g_array_index (want, gint64, i - 1) : 0);
    }
  g_assert_cmpint (lw_project_item_at (p, f, want->len, &error), ==, 0);
  g_assert_cmpint (lw_project_item_at (p, f, want->len + 5000, &error), ==, 0);
  /* The position of an id that does not match counts the matching ids below it. */
  g_assert_cmpint (lw_project_item_position (p, f, fx->rows[N_ITEMS - 1].id + 1, &error),
                   ==, want->len);
  g_assert_no_error (error);
}

static void
check_status_filters (Fixture *fx, LwProject *p)
{
  LwItemFilter all = { 0 };

  check_filter (fx, p, &all, "no filter");
  for (int s = 0; s < LW_ITEM_N_STATUSES; s++)
    {
      LwItemFilter f = { .status_mask = 1u << s };
      check_filter (fx, p, &f, "one status");
    }
  {
    LwItemFilter open = { .status_mask = (1u << LW_ITEM_STATUS_NEW) | (1u << LW_ITEM_STATUS_REJECTED) };
    check_filter (fx, p, &open, "two statuses");
  }
}

static void
test_each_field (Fixture *fx, gconstpointer data)
{
  LwItemFilter by_car = { .class_id = fx->car };
  LwItemFilter by_truck = { .class_id = fx->truck };
  LwItemFilter by_ada = { .annotator_id = fx->ada };
  LwItemFilter by_ben = { .annotator_id = fx->ben };
  LwItemFilter by_model = { .annotator_id = fx->model };
  LwItemFilter train = { .split = "train" };
  LwItemFilter no_split = { .split = "" };
  LwItemFilter predictions = { .predictions_only = TRUE };
  LwItemFilter texts = { .kind = LW_ITEM_KIND_TEXT, .kind_set = TRUE };
  LwItemFilter search = { .search = "img-01" };
  LwItemFilter combined = { .status_mask = 1u << LW_ITEM_STATUS_NEW, .class_id = fx->car,
                            .split = "val" };
  LwItemFilter ada_predictions = { .annotator_id = fx->ada, .predictions_only = TRUE };
  g_autoptr(GError) error = NULL;

  check_filter (fx, fx->project, &by_car, "class car");
  check_filter (fx, fx->project, &by_truck, "class truck");
  check_filter (fx, fx->project, &by_ada, "annotator ada");
  check_filter (fx, fx->project, &by_ben, "annotator ben");
  check_filter (fx, fx->project, &by_model, "annotator model");
  check_filter (fx, fx->project, &train, "split train");
  check_filter (fx, fx->project, &no_split, "no split");
  check_filter (fx, fx->project, &predictions, "predictions");
  check_filter (fx, fx->project, &texts, "texts");
  check_filter (fx, fx->project, &search, "search");
  check_filter (fx, fx->project, &combined, "new cars in val");
  /* Ada labels every 11th image, the model every 17th: both at multiples of 187 only. */
  check_filter (fx, fx->project, &ada_predictions, "ada and a prediction");
  check_status_filters (fx, fx->project);
}

/* The block counters follow status edits, their undo and redo, across blocks. */
static void
test_blocks_follow_edits (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const int edited[] = { 0, 1, 1023, 1024, 1500, 2047, 2048, N_ITEMS - 1 };
  const guint n = G_N_ELEMENTS (edited);
  LwItemStatus old[G_N_ELEMENTS (edited)];

  for (guint i = 0; i < n; i++)
    {
      Row *r = &fx->rows[edited[i]];
      old[i] = r->status;
      r->status = r->status == LW_ITEM_STATUS_DONE ? LW_ITEM_STATUS_REJECTED : LW_ITEM_STATUS_DONE;
      g_assert_true (lw_project_set_item_status (fx->project, r->id, r->status, &error));
      g_assert_no_error (error);
    }
  check_status_filters (fx, fx->project);

  g_assert_true (lw_project_undo (fx->project, NULL, &error));
  g_assert_true (lw_project_undo (fx->project, NULL, &error));
  g_assert_no_error (error);
  fx->rows[edited[n - 1]].status = old[n - 1];
  fx->rows[edited[n - 2]].status = old[n - 2];
  check_status_filters (fx, fx->project);

  g_assert_true (lw_project_redo (fx->project, NULL, &error));
  g_assert_no_error (error);
  fx->rows[edited[n - 2]].status = old[n - 2] == LW_ITEM_STATUS_DONE ? LW_ITEM_STATUS_REJECTED
                                                                     : LW_ITEM_STATUS_DONE;
  check_status_filters (fx, fx->project);
}

/* A format-2 file has no block counters: read-only it is read unchanged with the scanning
 * queries; opened to write, migration 003 fills the counters from the items. */
static void
test_upgrade_from_format_2 (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_strdup (lw_project_get_path (fx->project));
  g_autoptr(LwProject) ro = NULL;
  g_autoptr(LwProject) rw = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_clear_object (&fx->project);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, LW_TEST_DROP_FORMAT_4
                                 "DROP TRIGGER item_block_insert; DROP TRIGGER item_block_delete; "
                                 "DROP TRIGGER item_block_status; DROP TABLE item_block; "
                                 "DROP TABLE item_superblock; "
                                 "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 2;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  before = lw_test_read_file (path);
  ro = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  check_status_filters (fx, ro);
  lw_project_close (ro);
  after = lw_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));

  rw = lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  check_status_filters (fx, rw);
  lw_project_close (rw);
}

/* Past one superblock (32,768 ids): positions and items at positions under each status
 * filter, at the edges of blocks and superblocks and at random places, against the
 * statuses the test chose; then again after status edits across superblocks. */
#define N_LARGE 70000

static LwItemStatus
large_status (guint i)
{
  return (LwItemStatus) ((i * 7 + i / 1000) % LW_ITEM_N_STATUSES);
}

static void
check_large (LwProject *p, const gint64 *ids, const LwItemStatus *status, GRand *rand)
{
  g_autoptr(GError) error = NULL;

  for (int s = -1; s < LW_ITEM_N_STATUSES; s++)
    {
      LwItemFilter f = { .status_mask = s < 0 ? 0 : 1u << s };
      g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (gint64));
      guint probes[40];
      guint n_probes = 0;

      for (guint i = 0; i < N_LARGE; i++)
        if (s < 0 || status[i] == (LwItemStatus) s)
          g_array_append_val (want, ids[i]);
      /* The first and last matches, those around every superblock edge, and random ones. */
      probes[n_probes++] = 0;
      probes[n_probes++] = want->len - 1;
      for (guint i = 1; i < want->len && n_probes < 20; i++)
        {
          gint64 a = g_array_index (want, gint64, i - 1), b = g_array_index (want, gint64, i);
          if (a / 32768 != b / 32768 || (a / 1024 != b / 1024 && g_rand_boolean (rand)))
            probes[n_probes++] = i - 1, probes[n_probes++] = i;
        }
      while (n_probes < G_N_ELEMENTS (probes))
        probes[n_probes++] = g_rand_int_range (rand, 0, want->len);

      g_assert_cmpint (lw_project_count_items (p, &f, &error), ==, want->len);
      for (guint k = 0; k < n_probes; k++)
        {
          gint64 id = g_array_index (want, gint64, probes[k]);
          g_assert_cmpint (lw_project_item_at (p, &f, probes[k], &error), ==, id);
          g_assert_cmpint (lw_project_item_position (p, &f, id, &error), ==, probes[k]);
        }
      g_assert_cmpint (lw_project_item_at (p, &f, want->len, &error), ==, 0);
      g_assert_no_error (error);
    }
}

static void
test_superblocks (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) p = lw_test_project_new (dir, "large", "custom");
  g_autoptr(GRand) rand = g_rand_new_with_seed (29112026);
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *ids = g_new (gint64, N_LARGE);
  g_autofree LwItemStatus *status = g_new (LwItemStatus, N_LARGE);

  g_assert_true (lw_project_begin (p, &error));
  for (guint i = 0; i < N_LARGE; i++)
    {
      g_autoptr(LwItem) item = lw_item_new (LW_ITEM_KIND_IMAGE, "img.png");
      item->width = item->height = 4;
      item->status = status[i] = large_status (i);
      g_assert_true (lw_project_add_item (p, item, &error));
      ids[i] = item->id;
    }
  g_assert_true (lw_project_commit (p, &error));
  g_assert_cmpint (ids[N_LARGE - 1] / 32768, ==, 2);
  check_large (p, ids, status, rand);

  /* Edits in the first and the last superblock. */
  for (guint k = 0; k < 200; k++)
    {
      guint i = k < 100 ? k * 7 : N_LARGE - 1 - (k - 100) * 13;
      status[i] = (LwItemStatus) ((status[i] + 1) % LW_ITEM_N_STATUSES);
      g_assert_true (lw_project_set_item_status (p, ids[i], status[i], &error));
    }
  g_assert_no_error (error);
  check_large (p, ids, status, rand);
  lw_project_close (p);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/model/items/filter/each-field", Fixture, NULL,
              fixture_setup, test_each_field, fixture_teardown);
  g_test_add ("/model/items/filter/blocks-follow-edits", Fixture, NULL,
              fixture_setup, test_blocks_follow_edits, fixture_teardown);
  g_test_add ("/model/items/filter/upgrade-from-format-2", Fixture, NULL,
              fixture_setup, test_upgrade_from_format_2, fixture_teardown);
  g_test_add_func ("/model/items/filter/superblocks", test_superblocks);
  return g_test_run ();
}
