/* Overlap assignment and per-annotator queues (lw-assign.c). */
#define G_LOG_DOMAIN "test-assign"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "labelwright.h"
#include "lw-test-util.h"

static const char *const ABC[] = { "alice", "bob", "carol", NULL };

typedef struct {
  char      *dir;
  LwProject *project;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = lw_test_tmpdir_new ();
  f->project = lw_test_project_new (f->dir, "assign", "traffic");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->project);
  lw_test_tmpdir_free (f->dir);
}

static void
add_images (LwProject *project, guint first, guint n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lw_project_begin (project, &error));
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *name = g_strdup_printf ("img%05u.jpg", i);
      lw_test_add_image (project, name, 64, 48);
    }
  g_assert_true (lw_project_commit (project, &error));
  g_assert_no_error (error);
}

static LwAssignReport *
assign (LwProject *project, const char *const *names, guint overlap, double share, guint64 seed)
{
  g_autoptr(GError) error = NULL;
  LwAssignOptions opts = { .annotators = names, .overlap = overlap, .share = share,
                           .seed = seed, .add_annotators = TRUE };
  LwAssignReport *report = lw_project_assign (project, &opts, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* The assignment as sorted "item name\tannotator\toverlap" lines, read with plain SQL. */
static GPtrArray *
dump (LwProject *project)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (lw_project_get_path (project), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT i.name, n.name, a.overlap, a.assigned_at FROM assignment a JOIN item i ON i.id = a.item_id "
    "JOIN annotator n ON n.id = a.annotator_id ORDER BY i.name, n.name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, g_strdup_printf ("%s\t%s\t%d\t%lld", sqlite3_column_text (stmt, 0),
                                            sqlite3_column_text (stmt, 1), sqlite3_column_int (stmt, 2),
                                            (long long) sqlite3_column_int64 (stmt, 3)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rows;
}

/* The same without the time of assignment, to compare two projects. */
static char *
dump_text (LwProject *project)
{
  g_autoptr(GPtrArray) rows = dump (project);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      const char *row = g_ptr_array_index (rows, i);
      g_string_append_len (s, row, strrchr (row, '\t') - row);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

static gint64
count (LwProject *project, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (lw_project_get_path (project), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Loads of the report's annotators differ by at most one; they add up to the slots. */
static void
assert_balanced (const LwAssignReport *r, gint64 slots)
{
  gint64 min = G_MAXINT64, max = 0, sum = 0;

  for (guint i = 0; i < r->annotators->len; i++)
    {
      const LwAssignCount *c = g_ptr_array_index (r->annotators, i);
      min = MIN (min, c->assigned);
      max = MAX (max, c->assigned);
      sum += c->assigned;
    }
  g_assert_cmpint (max - min, <=, 1);
  g_assert_cmpint (sum, ==, slots);
}

/* The same items inserted in another order (so with other ids) get the same annotators;
 * another seed gives another assignment. */
static void
test_deterministic (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) a = lw_test_project_new (dir, "a", "traffic");
  g_autoptr(LwProject) b = lw_test_project_new (dir, "b", "traffic");
  g_autoptr(LwProject) c = lw_test_project_new (dir, "c", "traffic");
  g_autoptr(LwAssignReport) ra = NULL, rb = NULL, rc = NULL;
  g_autofree char *ta = NULL, *tb = NULL, *tc = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint order[300];

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    order[i] = i;
  for (guint i = G_N_ELEMENTS (order) - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1), t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  g_assert_cmpuint (order[0], !=, 0);
  add_images (a, 0, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      add_images (b, order[i], 1);
      add_images (c, i, 1);
    }
  ra = assign (a, ABC, 2, 20, 42);
  rb = assign (b, (const char *const[]) { "alice", "bob", "carol", NULL }, 2, 20, 42);
  rc = assign (c, ABC, 2, 20, 43);
  ta = dump_text (a);
  tb = dump_text (b);
  tc = dump_text (c);
  g_assert_cmpint (ra->overlap_items, ==, 60);
  g_assert_cmpstr (ta, ==, tb);
  g_assert_cmpstr (ta, !=, tc);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* 1,000 items, three annotators, N = 2 on 33.3%: 333 overlap items with two different
 * annotators each, 667 with one; 1,333 slots spread 444/444/445. */
static void
test_balance_and_share (Fixture *f, gconstpointer data)
{
  g_autoptr(LwAssignReport) r = NULL;
  g_autofree char *overlap = NULL;
  g_autofree char *names = NULL;

  add_images (f->project, 0, 1000);
  r = assign (f->project, ABC, 2, 33.3, 1);
  g_assert_cmpint (r->items, ==, 1000);
  g_assert_cmpint (r->added_items, ==, 1000);
  g_assert_cmpint (r->overlap_items, ==, 333);
  assert_balanced (r, 667 + 2 * 333);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM (SELECT item_id FROM assignment "
                          "WHERE overlap = 1 GROUP BY item_id HAVING count(DISTINCT annotator_id) = 2) AS x"), ==, 333);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM (SELECT item_id FROM assignment "
                          "WHERE overlap = 0 GROUP BY item_id HAVING count(*) = 1) AS x"), ==, 667);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM item WHERE id NOT IN "
                          "(SELECT item_id FROM assignment)"), ==, 0);
  /* Nothing done yet: every assignment is in its annotator's queue. */
  for (guint i = 0; i < r->annotators->len; i++)
    {
      const LwAssignCount *c = g_ptr_array_index (r->annotators, i);
      g_assert_cmpint (c->queue, ==, c->assigned);
      g_assert_cmpint (c->added, ==, c->assigned);
    }
  /* The plan is saved in the project. */
  overlap = lw_project_dup_meta (f->project, "assign.overlap");
  names = lw_project_dup_meta (f->project, "assign.annotators");
  g_assert_cmpstr (overlap, ==, "2");
  g_assert_cmpstr (names, ==, "[\"alice\",\"bob\",\"carol\"]");
}

/* Items imported later are assigned by the next run; earlier rows stay as they were. */
static void
test_incremental (Fixture *f, gconstpointer data)
{
  g_autoptr(LwAssignReport) r1 = NULL, r2 = NULL, r3 = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  guint kept = 0;

  add_images (f->project, 0, 500);
  r1 = assign (f->project, ABC, 3, 10, 5);
  g_assert_cmpint (r1->overlap_items, ==, 50);
  assert_balanced (r1, 450 + 3 * 50);
  before = dump (f->project);

  add_images (f->project, 500, 201);
  r2 = assign (f->project, ABC, 3, 10, 5);
  g_assert_cmpint (r2->added_items, ==, 201);
  g_assert_cmpint (r2->overlap_items, ==, 70);   /* round (10% of 701) */
  assert_balanced (r2, 631 + 3 * 70);
  after = dump (f->project);
  for (guint i = 0; i < before->len; i++)
    for (guint j = 0; j < after->len; j++)
      if (g_str_equal (g_ptr_array_index (before, i), g_ptr_array_index (after, j)))
        {
          kept++;
          break;
        }
  g_assert_cmpuint (kept, ==, before->len);
  g_assert_cmpuint (after->len, ==, before->len + 201 + 2 * 20);

  /* Nothing new: a run changes nothing. */
  r3 = assign (f->project, ABC, 3, 10, 5);
  g_assert_cmpint (r3->added_items, ==, 0);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM assignment"), ==, after->len);
}

static void
assert_refused (Fixture *f, const char *const *names, guint overlap, double share,
                gboolean add, const char *needle)
{
  g_autoptr(GError) error = NULL;
  LwAssignOptions opts = { .annotators = names, .overlap = overlap, .share = share, .add_annotators = add };
  g_autoptr(LwAssignReport) r = lw_project_assign (f->project, &opts, &error);

  g_assert_null (r);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, lw_project_get_path (f->project)));
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not say “%s”", error->message, needle);
}

/* A bad plan is refused with a message that says what is wrong, and changes nothing. */
static void
test_bad_input (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (lw_project_get_path (f->project));
  g_autoptr(LwProject) ro = NULL;
  g_autoptr(LwAssignReport) r = NULL;
  LwAssignOptions opts = { .annotators = ABC, .overlap = 2, .share = 10 };

  add_images (f->project, 0, 20);
  lw_project_ensure_annotator (f->project, "alice", &error);
  lw_project_ensure_annotator (f->project, "bob", &error);
  g_assert_no_error (error);

  assert_refused (f, ABC, 4, 10, TRUE, "overlap asks for 4 annotators per item, but 3 annotators are named");
  assert_refused (f, ABC, 0, 10, TRUE, "overlap must be 1 to 3");
  assert_refused (f, ABC, 2, -1, TRUE, "0 to 100 percent");
  assert_refused (f, ABC, 2, 100.5, TRUE, "0 to 100 percent");
  assert_refused (f, ABC, 2, NAN, TRUE, "0 to 100 percent");
  assert_refused (f, (const char *const[]) { NULL }, 1, 10, TRUE, "at least one annotator");
  assert_refused (f, NULL, 1, 10, TRUE, "at least one annotator");
  assert_refused (f, (const char *const[]) { "alice", " ", NULL }, 1, 10, TRUE, "annotator 2 of the assignment has no name");
  assert_refused (f, (const char *const[]) { "alice", "bob", "alice", NULL }, 1, 10, TRUE, "“alice” is named twice");
  assert_refused (f, ABC, 2, 10, FALSE, "unknown annotator: carol (the project knows alice, bob");
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM assignment"), ==, 0);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM annotator"), ==, 2);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM project_meta WHERE key LIKE 'assign.%'"), ==, 0);
  g_assert_false (lw_project_has_assignments (f->project));

  /* Read-only: refused before anything. */
  ro = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  r = lw_project_assign (ro, &opts, &error);
  g_assert_null (r);
  g_assert_error (error, LW_STORE_ERROR, LW_STORE_ERROR_READ_ONLY);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM assignment"), ==, 0);
}

static gboolean
in_queue (LwProject *project, gint64 annotator, gint64 item_id, char **comment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) q = lw_project_list_queue (project, annotator, 0, 1000, &error);

  g_assert_no_error (error);
  g_assert_cmpint (lw_project_count_queue (project, annotator, &error), ==, q->len);
  for (guint i = 0; i < q->len; i++)
    {
      LwQueueEntry *e = g_ptr_array_index (q, i);
      if (e->item->id == item_id)
        {
          if (comment)
            *comment = g_strdup (e->comment);
          return TRUE;
        }
    }
  return FALSE;
}

static LwItemStatus
status_of (LwProject *project, gint64 item_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwItem) item = lw_project_get_item (project, item_id, &error);

  g_assert_no_error (error);
  return item->status;
}

static void
mark_done (LwProject *project, gint64 annotator, gint64 item_id)
{
  g_autoptr(GError) error = NULL;

  lw_project_set_current_annotator (project, annotator);
  g_assert_true (lw_project_mark_item_done (project, item_id, &error));
  g_assert_no_error (error);
}

/* Every item with two annotators: done only when both marked it; a rejection sends it back
 * to both with the comment; undo takes a mark back; a rejected item one labelled without an
 * assignment is in their queue too. */
static void
test_queue (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAssignReport) r = NULL;
  g_autofree char *comment = NULL;
  gint64 alice, bob, carol, item, undone_item = 0;

  add_images (f->project, 0, 4);
  r = assign (f->project, (const char *const[]) { "alice", "bob", NULL }, 2, 100, 3);
  g_assert_cmpint (r->overlap_items, ==, 4);
  alice = lw_project_find_annotator (f->project, "alice");
  bob = lw_project_find_annotator (f->project, "bob");
  item = lw_project_find_item_by_name (f->project, "img00002.jpg");
  g_assert_cmpint (alice, >, 0);
  g_assert_true (lw_project_has_assignments (f->project));
  g_assert_cmpint (lw_project_count_queue (f->project, alice, &error), ==, 4);

  mark_done (f->project, alice, item);
  g_assert_cmpint (status_of (f->project, item), ==, LW_ITEM_STATUS_IN_PROGRESS);
  g_assert_false (in_queue (f->project, alice, item, NULL));
  g_assert_true (in_queue (f->project, bob, item, NULL));
  g_assert_cmpint (lw_project_count_queue (f->project, alice, &error), ==, 3);

  /* Undo takes alice's mark back, redo gives it again. */
  g_assert_true (lw_project_undo (f->project, &undone_item, &error));
  g_assert_cmpint (undone_item, ==, item);
  g_assert_cmpint (status_of (f->project, item), ==, LW_ITEM_STATUS_NEW);
  g_assert_true (in_queue (f->project, alice, item, NULL));
  g_assert_true (lw_project_redo (f->project, &undone_item, &error));
  g_assert_false (in_queue (f->project, alice, item, NULL));

  mark_done (f->project, bob, item);
  g_assert_cmpint (status_of (f->project, item), ==, LW_ITEM_STATUS_DONE);
  g_assert_false (in_queue (f->project, bob, item, NULL));

  /* carol labelled the item without an assignment. */
  carol = lw_project_ensure_annotator (f->project, "carol", &error);
  lw_test_add_annotation (f->project, carol, item, "car", LW_ANNOTATION_BBOX,
                          (const double[]) { 1, 2, 10, 10 }, 4);
  g_assert_false (in_queue (f->project, carol, item, NULL));

  g_assert_true (lw_project_review_item (f->project, item, "rita", LW_REVIEW_REJECT,
                                         "the truck is missing", &error));
  g_assert_no_error (error);
  g_assert_true (in_queue (f->project, alice, item, &comment));
  g_assert_cmpstr (comment, ==, "the truck is missing");
  g_clear_pointer (&comment, g_free);
  g_assert_true (in_queue (f->project, bob, item, NULL));
  g_assert_true (in_queue (f->project, carol, item, &comment));
  g_assert_cmpstr (comment, ==, "the truck is missing");
  g_clear_pointer (&comment, g_free);

  /* alice fixes it: in_progress until bob has too; bob still sees the comment. */
  mark_done (f->project, alice, item);
  g_assert_cmpint (status_of (f->project, item), ==, LW_ITEM_STATUS_IN_PROGRESS);
  g_assert_false (in_queue (f->project, alice, item, NULL));
  g_assert_true (in_queue (f->project, bob, item, &comment));
  g_assert_cmpstr (comment, ==, "the truck is missing");
  g_assert_false (in_queue (f->project, carol, item, NULL));
  mark_done (f->project, bob, item);
  g_assert_cmpint (status_of (f->project, item), ==, LW_ITEM_STATUS_DONE);
  g_assert_false (in_queue (f->project, bob, item, NULL));

  /* Acceptance ends it; a further mark does not undo the acceptance. */
  g_assert_true (lw_project_review_item (f->project, item, "rita", LW_REVIEW_ACCEPT, NULL, &error));
  mark_done (f->project, alice, item);
  g_assert_cmpint (status_of (f->project, item), ==, LW_ITEM_STATUS_ACCEPTED);

  /* Someone not assigned marks an item done: the item's status, as without a plan. */
  mark_done (f->project, carol, lw_project_find_item_by_name (f->project, "img00003.jpg"));
  g_assert_cmpint (status_of (f->project, lw_project_find_item_by_name (f->project, "img00003.jpg")),
                   ==, LW_ITEM_STATUS_DONE);
  g_assert_cmpint (lw_project_count_queue (f->project, alice, &error), ==, 2);
}

/* The queue rule (lw-quality.h) evaluated over every item with plain SQL, independently of
 * the trigger-kept rows that the library reads: open items whose assignment to @annotator
 * holds no standing done mark (its history row exists, not undone, same time, and no later
 * rejection), and rejected items they labelled without an assignment. */
static GArray *
scan_queue (sqlite3 *db, gint64 annotator)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT item.id FROM item WHERE item.status IN ('new', 'in_progress', 'rejected') AND ("
    " EXISTS (SELECT 1 FROM assignment q WHERE q.item_id = item.id AND q.annotator_id = ?1"
    "  AND NOT (q.done_at IS NOT NULL AND EXISTS (SELECT 1 FROM history h WHERE h.id = q.done_history"
    "   AND h.at = q.done_at AND h.undone = 0) AND q.done_at > coalesce((SELECT max(r.at) FROM review r"
    "   WHERE r.item_id = item.id AND r.verdict = 'rejected'), 0)))"
    " OR (item.status = 'rejected' AND NOT EXISTS (SELECT 1 FROM assignment q"
    "  WHERE q.item_id = item.id AND q.annotator_id = ?1)"
    "  AND EXISTS (SELECT 1 FROM annotation a WHERE a.item_id = item.id AND a.annotator_id = ?1)))"
    " ORDER BY item.id", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, annotator);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  return ids;
}

/* Every annotator's queue as the library reads it (count, pages of 7, next and previous
 * item, count under a status filter) against the full scan. Returns the total of the
 * queues, so that a caller can see the scenario left something in them. */
static gint64
check_queues (LwProject *project)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 total = 0;

  g_assert_cmpint (sqlite3_open_v2 (lw_project_get_path (project), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM annotator ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 who = sqlite3_column_int64 (stmt, 0), after = 0, prev = 0, rejected = 0;
      g_autoptr(GArray) want = scan_queue (db, who);
      LwItemFilter filter = { .queue_annotator_id = who };
      guint got = 0;

      g_assert_cmpint (lw_project_count_queue (project, who, &error), ==, want->len);
      g_assert_no_error (error);
      for (;;)
        {
          g_autoptr(GPtrArray) page = lw_project_list_queue (project, who, after, 7, &error);

          g_assert_no_error (error);
          if (page->len == 0)
            break;
          for (guint i = 0; i < page->len; i++, got++)
            {
              gint64 id = ((LwQueueEntry *) g_ptr_array_index (page, i))->item->id;

              g_assert_cmpuint (got, <, want->len);
              g_assert_cmpint (id, ==, g_array_index (want, gint64, got));
              g_assert_cmpint (lw_project_next_item (project, &filter, prev, FALSE, &error), ==, id);
              if (prev > 0)
                g_assert_cmpint (lw_project_next_item (project, &filter, id, TRUE, &error), ==, prev);
              if (((LwQueueEntry *) g_ptr_array_index (page, i))->item->status == LW_ITEM_STATUS_REJECTED)
                rejected++;
              prev = after = id;
            }
        }
      g_assert_cmpuint (got, ==, want->len);
      g_assert_cmpint (lw_project_next_item (project, &filter, prev, FALSE, &error), ==, 0);
      filter.status_mask = 1u << LW_ITEM_STATUS_REJECTED;
      g_assert_cmpint (lw_project_count_items (project, &filter, &error), ==, rejected);
      g_assert_no_error (error);
      total += want->len;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return total;
}

/* One random edit of the kinds that move items in and out of queues. */
static void
random_edit (LwProject *project, GRand *rand, const gint64 *who, guint n_who)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = lw_project_list_items (project, NULL, 0, 1000, &error);
  LwItem *item = g_ptr_array_index (items, g_rand_int_range (rand, 0, items->len));
  gint64 annotator = who[g_rand_int_range (rand, 0, n_who)];

  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0: case 1:
      mark_done (project, annotator, item->id);
      break;
    case 2:
      if (!lw_project_undo (project, NULL, &error))
        g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOTHING_TO_UNDO);
      g_clear_error (&error);
      break;
    case 3:
      if (!lw_project_redo (project, NULL, &error))
        g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOTHING_TO_UNDO);
      g_clear_error (&error);
      break;
    case 4:
      if (item->status == LW_ITEM_STATUS_DONE || item->status == LW_ITEM_STATUS_ACCEPTED ||
          item->status == LW_ITEM_STATUS_REJECTED)
        g_assert_true (lw_project_review_item (project, item->id, "rita",
                                               g_rand_boolean (rand) ? LW_REVIEW_REJECT : LW_REVIEW_ACCEPT,
                                               "redo the boxes", &error));
      break;
    case 5:
      lw_test_add_annotation (project, annotator, item->id, "car", LW_ANNOTATION_BBOX,
                              (const double[]) { 1, 2, 10, 10 }, 4);
      break;
    case 6:
      {
        g_autoptr(GPtrArray) anns = lw_project_list_annotations (project, item->id, 0, &error);

        g_assert_no_error (error);
        if (anns->len > 0)
          g_assert_true (lw_project_delete_annotation (project,
                           ((LwAnnotation *) g_ptr_array_index (anns, 0))->id, &error));
      }
      break;
    default:
      lw_project_set_current_annotator (project, annotator);
      g_assert_true (lw_project_set_item_status (project, item->id,
                                                 g_rand_int_range (rand, 0, LW_ITEM_N_STATUSES), &error));
      break;
    }
  g_assert_no_error (error);
}

/* Edits the file with plain SQL beside the open project, as another program could: the
 * triggers, not the library's code, must keep the queues right. */
static void
exec_sql (LwProject *project, const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (lw_project_get_path (project), &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* The queues kept by migration 004's triggers against a full scan after every step:
 * assignment, marks, undo and redo (and the redo chain cut by a new edit), rejections and
 * acceptances, annotations by annotators without an assignment, status edits, re-opening
 * and an incremental assignment. */
static void
test_queue_counters (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAssignReport) r = NULL;
  g_autoptr(LwAssignReport) r2 = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  g_autofree char *path = g_strdup (lw_project_get_path (f->project));
  gint64 who[4];
  gint64 item;

  add_images (f->project, 0, 30);
  g_assert_cmpint (check_queues (f->project), ==, 0);
  r = assign (f->project, ABC, 2, 30, 5);
  g_assert_cmpint (check_queues (f->project), ==, 39);
  for (guint i = 0; i < 3; i++)
    who[i] = lw_project_find_annotator (f->project, ABC[i]);
  who[3] = lw_project_ensure_annotator (f->project, "dave", &error);
  g_assert_no_error (error);

  /* A mark, its undo, its redo, and the redo chain cut by another edit after an undo. */
  item = ((LwQueueEntry *) g_ptr_array_index (lw_project_list_queue (f->project, who[0], 0, 1, &error), 0))->item->id;
  mark_done (f->project, who[0], item);
  g_assert_cmpint (check_queues (f->project), ==, 38);
  g_assert_true (lw_project_undo (f->project, NULL, &error));
  g_assert_cmpint (check_queues (f->project), ==, 39);
  g_assert_true (lw_project_redo (f->project, NULL, &error));
  g_assert_cmpint (check_queues (f->project), ==, 38);
  g_assert_true (lw_project_undo (f->project, NULL, &error));
  lw_test_add_annotation (f->project, who[1], item, "car", LW_ANNOTATION_BBOX,
                          (const double[]) { 1, 2, 10, 10 }, 4);
  g_assert_cmpint (check_queues (f->project), ==, 39);

  /* Done by all, rejected: back in every queue, and in dave's, who labelled it unassigned. */
  mark_done (f->project, who[0], item);
  for (guint i = 1; i < 3; i++)
    if (lw_project_count_items (f->project, &(LwItemFilter) { .queue_annotator_id = who[i] }, &error) > 0 &&
        status_of (f->project, item) != LW_ITEM_STATUS_DONE)
      mark_done (f->project, who[i], item);
  g_assert_cmpint (status_of (f->project, item), ==, LW_ITEM_STATUS_DONE);
  lw_test_add_annotation (f->project, who[3], item, "car", LW_ANNOTATION_BBOX,
                          (const double[]) { 3, 4, 10, 10 }, 4);
  g_assert_true (lw_project_review_item (f->project, item, "rita", LW_REVIEW_REJECT, "missing truck", &error));
  g_assert_no_error (error);
  g_assert_cmpint (check_queues (f->project), >, 38);
  g_assert_true (in_queue (f->project, who[3], item, NULL));

  /* dave's label on the rejected item, deleted, brought back by undo, moved to another
   * item and back. */
  {
    g_autoptr(GPtrArray) anns = lw_project_list_annotations (f->project, item, who[3], &error);
    gint64 ann = ((LwAnnotation *) g_ptr_array_index (anns, 0))->id;
    g_autofree char *sql = NULL;

    g_assert_true (lw_project_delete_annotation (f->project, ann, &error));
    g_assert_false (in_queue (f->project, who[3], item, NULL));
    check_queues (f->project);
    g_assert_true (lw_project_undo (f->project, NULL, &error));
    g_assert_true (in_queue (f->project, who[3], item, NULL));
    check_queues (f->project);
    gint64 erin = lw_project_ensure_annotator (f->project, "erin", &error);

    sql = g_strdup_printf ("UPDATE annotation SET annotator_id = %" G_GINT64_FORMAT
                           " WHERE id = %" G_GINT64_FORMAT, erin, ann);
    exec_sql (f->project, sql);
    g_assert_false (in_queue (f->project, who[3], item, NULL));
    g_assert_true (in_queue (f->project, erin, item, NULL));
    g_assert_cmpint (check_queues (f->project), >, 38);
  }

  /* Plain SQL on reviews, history, assignments and items. */
  {
    g_autofree char *sql = g_strdup_printf (
      "UPDATE review SET verdict = 'comment' WHERE item_id = %" G_GINT64_FORMAT, item);
    gint64 before;

    exec_sql (f->project, sql);
    g_assert_false (in_queue (f->project, who[0], item, NULL));
    before = check_queues (f->project);
    g_free (sql);
    sql = g_strdup_printf ("UPDATE review SET verdict = 'rejected' WHERE item_id = %" G_GINT64_FORMAT, item);
    exec_sql (f->project, sql);
    g_assert_true (in_queue (f->project, who[0], item, NULL));
    g_assert_cmpint (check_queues (f->project), >, before);
    g_free (sql);
    sql = g_strdup_printf ("DELETE FROM review WHERE item_id = %" G_GINT64_FORMAT, item);
    exec_sql (f->project, sql);
    g_assert_false (in_queue (f->project, who[0], item, NULL));
    g_assert_cmpint (check_queues (f->project), ==, before);
    g_free (sql);
    sql = g_strdup_printf ("DELETE FROM history WHERE id = (SELECT done_history FROM assignment"
                           " WHERE item_id = %" G_GINT64_FORMAT " AND annotator_id = %" G_GINT64_FORMAT ")",
                           item, who[0]);
    exec_sql (f->project, sql);
    g_assert_true (in_queue (f->project, who[0], item, NULL));
    g_assert_cmpint (check_queues (f->project), ==, before + 1);
    g_free (sql);
    sql = g_strdup_printf ("DELETE FROM assignment WHERE item_id = %" G_GINT64_FORMAT, item);
    exec_sql (f->project, sql);
    g_assert_false (in_queue (f->project, who[0], item, NULL));
    g_assert_true (in_queue (f->project, who[1], item, NULL));   /* labelled, rejected */
    check_queues (f->project);
    g_free (sql);
    /* An assignment written with a standing mark takes bob's labelled item out. */
    sql = g_strdup_printf ("INSERT INTO assignment (item_id, annotator_id, assigned_at, done_history, done_at)"
                           " SELECT %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0, id, at FROM history"
                           " WHERE undone = 0 ORDER BY id DESC LIMIT 1", item, who[1]);
    exec_sql (f->project, sql);
    g_assert_false (in_queue (f->project, who[1], item, NULL));
    check_queues (f->project);
    g_free (sql);
    sql = g_strdup_printf ("UPDATE assignment SET done_at = NULL WHERE item_id = %" G_GINT64_FORMAT, item);
    exec_sql (f->project, sql);
    g_assert_true (in_queue (f->project, who[1], item, NULL));
    check_queues (f->project);
    g_free (sql);
    /* Without assignments, only the item's own trigger takes its rows out. */
    sql = g_strdup_printf ("DELETE FROM assignment WHERE item_id = %1$" G_GINT64_FORMAT ";"
                           " DELETE FROM item WHERE id = %1$" G_GINT64_FORMAT, item);
    exec_sql (f->project, sql);
    g_assert_false (in_queue (f->project, who[1], item, NULL));
    check_queues (f->project);
  }

  for (guint i = 0; i < 150; i++)
    {
      random_edit (f->project, rand, who, 4);
      check_queues (f->project);
    }

  /* The rows survive closing; an incremental run adds the new items' rows. */
  g_clear_object (&f->project);
  f->project = lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  check_queues (f->project);
  add_images (f->project, 30, 10);
  r2 = assign (f->project, ABC, 2, 30, 5);
  g_assert_cmpint (r2->added_items, ==, 10);
  g_assert_cmpint (check_queues (f->project), >=, 10);
  for (guint i = 0; i < 50; i++)
    {
      random_edit (f->project, rand, who, 4);
      check_queues (f->project);
    }
}

/* With one annotator per item, a mark makes the item done at once. */
static void
test_single (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAssignReport) r = NULL;
  g_autoptr(GPtrArray) q = NULL;
  gint64 alice;
  LwQueueEntry *e;

  add_images (f->project, 0, 10);
  r = assign (f->project, ABC, 1, 50, 9);
  g_assert_cmpint (r->overlap_items, ==, 0);
  assert_balanced (r, 10);
  alice = lw_project_find_annotator (f->project, "alice");
  q = lw_project_list_queue (f->project, alice, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (q->len, ==, ((LwAssignCount *) g_ptr_array_index (r->annotators, 0))->assigned);
  e = g_ptr_array_index (q, 0);
  g_assert_null (e->comment);
  mark_done (f->project, alice, e->item->id);
  g_assert_cmpint (status_of (f->project, e->item->id), ==, LW_ITEM_STATUS_DONE);
  g_assert_cmpint (lw_project_count_queue (f->project, alice, &error), ==, q->len - 1);
}

/* A format-3 file has no assignment table: read-only it opens unchanged with no
 * assignments and empty queues; opened to write, migration 004 adds the table. */
static void
test_format_3 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (lw_project_get_path (f->project));
  g_autoptr(LwProject) ro = NULL;
  g_autoptr(LwProject) rw = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(LwAssignReport) r = NULL;
  gint64 id, rejected;
  sqlite3 *db = NULL;

  add_images (f->project, 0, 3);
  id = lw_project_ensure_annotator (f->project, "alice", &error);
  /* A rejected item alice labelled: in her queue once the file is upgraded. */
  rejected = lw_project_find_item_by_name (f->project, "img00001.jpg");
  lw_test_add_annotation (f->project, id, rejected, "car", LW_ANNOTATION_BBOX,
                          (const double[]) { 1, 2, 10, 10 }, 4);
  g_assert_true (lw_project_set_item_status (f->project, rejected, LW_ITEM_STATUS_DONE, &error));
  g_assert_true (lw_project_review_item (f->project, rejected, "rita", LW_REVIEW_REJECT, "no", &error));
  g_assert_no_error (error);
  g_clear_object (&f->project);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, LW_TEST_DROP_FORMAT_4 "PRAGMA wal_checkpoint(TRUNCATE); "
                                 "PRAGMA user_version = 3;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  before = lw_test_read_file (path);
  ro = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (lw_project_has_assignments (ro));
  g_assert_cmpint (lw_project_count_queue (ro, id, &error), ==, 0);
  g_assert_no_error (error);
  lw_project_close (ro);
  after = lw_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));

  rw = lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_project_count_queue (rw, id, &error), ==, 1);
  g_assert_cmpint (check_queues (rw), ==, 1);
  r = assign (rw, (const char *const[]) { "alice", NULL }, 1, 0, 0);
  g_assert_cmpint (r->added_items, ==, 3);
  g_assert_cmpint (lw_project_count_queue (rw, id, &error), ==, 3);
  g_assert_cmpint (check_queues (rw), ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/assign/deterministic", test_deterministic);
  g_test_add ("/assign/balance-and-share", Fixture, NULL, fixture_set_up, test_balance_and_share, fixture_tear_down);
  g_test_add ("/assign/incremental", Fixture, NULL, fixture_set_up, test_incremental, fixture_tear_down);
  g_test_add ("/assign/bad-input", Fixture, NULL, fixture_set_up, test_bad_input, fixture_tear_down);
  g_test_add ("/assign/queue", Fixture, NULL, fixture_set_up, test_queue, fixture_tear_down);
  g_test_add ("/assign/queue-counters", Fixture, NULL, fixture_set_up, test_queue_counters, fixture_tear_down);
  g_test_add ("/assign/single", Fixture, NULL, fixture_set_up, test_single, fixture_tear_down);
  g_test_add ("/assign/format-3", Fixture, NULL, fixture_set_up, test_format_3, fixture_tear_down);
  return g_test_run ();
}
