/* lw-assign.c: who labels which item, and each annotator's queue (issue 8).
 *
 * The plan: every item is labelled by one annotator, and a share S% of the items (the
 * overlap) by N annotators, so that agreement can be measured on them.
 *
 * Deterministic: an item's place in the order is a hash of the seed and the item's
 * content (sha256, else its external id, else its name), never its row id or insert
 * order, so the same items, annotators, N, S and seed give the same queues. Items with
 * identical content are told apart by id, the only thing left that differs.
 *
 * Overlap share: of all the project's items, round(S% x items) are overlap items after a
 * run (within one item of the exact share); a run adds overlap items among the new items
 * only, so when earlier runs used a different share or fewer new items than needed exist,
 * the share is approached, not forced by moving rows.
 *
 * Balanced: each annotator's count of assigned items (done or not) differs from every
 * other's in the run by at most one after the run, provided it did before, as it does when
 * every run named the same annotators. An item goes to the N (or 1) annotators with the
 * fewest items; picking the least loaded keeps max - min <= 1 (loads are L or L + 1
 * before; after adding one to the k smallest they are L or L + 1, or L + 1 or L + 2).
 * Ties are broken by a hash of the item and the annotator's name, so that overlap pairs
 * vary instead of always pairing the first names. A newly named annotator gets new items
 * first until the counts are level.
 *
 * Incremental: rows are never moved; a run assigns only items without any assignment.
 *
 * Status: an item keeps one status (DESIGN.md). Marking an assigned item done records the
 * mark on the annotator's assignment row; the item becomes done when every one of its
 * annotators has marked it, and is in_progress until then. A rejection (lw-review.c) sends
 * it back to every annotator of it, each of whom marks it done again. */
#define G_LOG_DOMAIN "lw-assign"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lw-error.h"
#include "lw-item.h"
#include "lw-model-private.h"
#include "lw-quality-private.h"

/* The earliest format with the assignment table (schemas/sql/004-assignment.sql). */
#define ASSIGN_FORMAT 4

typedef struct {
  gint64  id;
  guint64 h1, h2;     /* 128 bits of SHA-256 (seed, content key) */
} NewItem;

typedef struct {
  gint64  id;
  char   *name;
  gint64  load;       /* items assigned to them */
  gint64  added;
  guint64 name_hash;
} Member;

void
lw_assign_report_free (LwAssignReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->annotators, g_ptr_array_unref);
  g_free (report);
}

void
lw_queue_entry_free (LwQueueEntry *entry)
{
  if (entry == NULL)
    return;
  lw_item_free (entry->item);
  g_free (entry->comment);
  g_free (entry);
}

static void
assign_count_free (LwAssignCount *count)
{
  g_free (count->annotator);
  g_free (count);
}

static gboolean
has_table (LwProject *project)
{
  return lw_project_get_format_version (project) >= ASSIGN_FORMAT;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static guint64
read_u64 (const guint8 *p)
{
  guint64 v = 0;

  for (int i = 0; i < 8; i++)
    v = (v << 8) | p[i];
  return v;
}

static void
hash_key (guint64 seed, const char *key, guint64 *h1, guint64 *h2)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  char seed_text[32];

  g_snprintf (seed_text, sizeof seed_text, "%" G_GUINT64_FORMAT ":", seed);
  g_checksum_update (sum, (const guchar *) seed_text, -1);
  g_checksum_update (sum, (const guchar *) key, -1);
  g_checksum_get_digest (sum, digest, &len);
  *h1 = read_u64 (digest);
  *h2 = read_u64 (digest + 8);
}

/* splitmix64's finaliser: mixes an item's hash with a name's into a tie-breaker. */
static guint64
mix (guint64 x)
{
  x ^= x >> 30;
  x *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

static int
compare_new_items (const void *pa, const void *pb)
{
  const NewItem *a = pa, *b = pb;

  if (a->h1 != b->h1)
    return a->h1 < b->h1 ? -1 : 1;
  if (a->h2 != b->h2)
    return a->h2 < b->h2 ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

typedef struct {
  Member  *member;
  guint64  tie;
} Candidate;

static int
compare_candidates (const void *pa, const void *pb)
{
  const Candidate *a = pa, *b = pb;

  if (a->member->load != b->member->load)
    return a->member->load < b->member->load ? -1 : 1;
  if (a->tie != b->tie)
    return a->tie < b->tie ? -1 : 1;
  return strcmp (a->member->name, b->member->name);
}

gint64
lw_project_find_annotator (LwProject  *project,
                           const char *name)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (LW_IS_PROJECT (project), 0);
  if (name == NULL)
    return 0;
  stmt = _lw_project_stmt (project, "SELECT id FROM annotator WHERE name = ?", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static gint64
query_count (LwProject *project, const char *sql, gint64 arg, const char *what, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project, sql, error);
  gint64 n = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    _lw_project_sql_error (project, rc, what, error);
  return n;
}

gboolean
lw_project_has_assignments (LwProject *project)
{
  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);
  return has_table (project) &&
         query_count (project, "SELECT count(*) FROM (SELECT 1 FROM assignment LIMIT 1)", 0,
                      "reading assignments", NULL) > 0;
}

/* Refuses a plan that cannot be met, before anything is written. */
static gboolean
check_options (LwProject *project, const LwAssignOptions *options, guint *n_out, GError **error)
{
  const char *path = lw_project_get_path (project);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = 0;

  if (options->annotators != NULL)
    n = g_strv_length ((char **) options->annotators);
  if (n == 0)
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "%s: an assignment needs at least one annotator", path);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      const char *name = options->annotators[i];

      if (!g_utf8_validate (name, -1, NULL) || is_blank (name))
        {
          g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                       "%s: annotator %u of the assignment has no name", path, i + 1);
          return FALSE;
        }
      if (!g_hash_table_add (seen, (gpointer) name))
        {
          g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                       "%s: annotator “%s” is named twice in the assignment", path, name);
          return FALSE;
        }
    }
  if (options->overlap < 1 || options->overlap > n)
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "%s: the overlap asks for %u annotators per item, but %u annotator%s named "
                   "(the overlap must be 1 to %u)", path, options->overlap, n,
                   n == 1 ? " is" : "s are", n);
      return FALSE;
    }
  if (!(options->share >= 0 && options->share <= 100))
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "%s: the overlap share must be 0 to 100 percent of the items, got %g",
                   path, options->share);
      return FALSE;
    }
  *n_out = n;
  return TRUE;
}

static gboolean
resolve_members (LwProject *project, const LwAssignOptions *options, Member *members,
                 guint n, GError **error)
{
  g_autoptr(GPtrArray) unknown = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    {
      members[i].name = (char *) options->annotators[i];
      members[i].id = lw_project_find_annotator (project, members[i].name);
      members[i].name_hash = g_str_hash (members[i].name);
      members[i].name_hash = mix (members[i].name_hash ^ G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
      if (members[i].id == 0)
        g_ptr_array_add (unknown, members[i].name);
    }
  if (unknown->len > 0 && !options->add_annotators)
    {
      g_autoptr(GPtrArray) known = lw_project_list_annotators (project, NULL);
      g_autofree char *names = NULL;
      g_autofree char *known_names = NULL;

      g_ptr_array_add (unknown, NULL);
      names = g_strjoinv (", ", (char **) unknown->pdata);
      if (known != NULL && known->len > 0)
        {
          g_ptr_array_add (known, NULL);
          known_names = g_strjoinv (", ", (char **) known->pdata);
        }
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOT_FOUND,
                   "%s: unknown annotator%s: %s (the project knows %s; add new ones with "
                   "--add-annotators)", lw_project_get_path (project),
                   unknown->len > 2 ? "s" : "", names,
                   known_names ? known_names : "no annotators yet");
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    if (members[i].id == 0)
      {
        members[i].id = lw_project_ensure_annotator (project, members[i].name, error);
        if (members[i].id == 0)
          return FALSE;
      }
  for (guint i = 0; i < n; i++)
    {
      members[i].load = query_count (project,
                                     "SELECT count(*) FROM assignment WHERE annotator_id = ?",
                                     members[i].id, "reading assignments", error);
      if (members[i].load < 0)
        return FALSE;
    }
  return TRUE;
}

/* The items without any assignment, in the plan's hash order. */
static GArray *
load_new_items (LwProject *project, guint64 seed, GError **error)
{
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (NewItem));
  sqlite3_stmt *stmt = _lw_project_stmt (project,
    "SELECT id, sha256, ext_id, name FROM item WHERE NOT EXISTS "
    "(SELECT 1 FROM assignment a WHERE a.item_id = item.id) ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NewItem it = { .id = sqlite3_column_int64 (stmt, 0) };
      const char *key = NULL;
      g_autofree char *tagged = NULL;

      /* The kind of key is part of what is hashed, so that a name never collides with a
       * digest that happens to spell it. */
      if ((key = (const char *) sqlite3_column_text (stmt, 1)) != NULL && *key)
        tagged = g_strconcat ("sha256:", key, NULL);
      else if ((key = (const char *) sqlite3_column_text (stmt, 2)) != NULL && *key)
        tagged = g_strconcat ("id:", key, NULL);
      else
        tagged = g_strconcat ("name:", (const char *) sqlite3_column_text (stmt, 3), NULL);
      hash_key (seed, tagged, &it.h1, &it.h2);
      g_array_append_val (items, it);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _lw_project_sql_error (project, rc, "reading items to assign", error);
      return NULL;
    }
  g_array_sort (items, compare_new_items);   /* qsort must not get NULL for none */
  return g_steal_pointer (&items);
}

static gboolean
insert_assignment (LwProject *project, gint64 item_id, gint64 annotator_id, gboolean overlap,
                   gint64 now, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project,
    "INSERT INTO assignment (item_id, annotator_id, overlap, assigned_at) VALUES (?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_int64 (stmt, 2, annotator_id);
  sqlite3_bind_int (stmt, 3, overlap ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, now);
  return _lw_project_step_done (project, stmt, "saving an assignment", error);
}

static gboolean
save_plan (LwProject *project, const LwAssignOptions *options, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *names = NULL;
  g_autofree char *overlap = g_strdup_printf ("%u", options->overlap);
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, options->seed);
  char share[G_ASCII_DTOSTR_BUF_SIZE];

  json_builder_begin_array (b);
  for (guint i = 0; options->annotators[i] != NULL; i++)
    json_builder_add_string_value (b, options->annotators[i]);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  names = json_to_string (root, FALSE);
  g_ascii_dtostr (share, sizeof share, options->share);
  return lw_project_set_meta (project, "assign.annotators", names, error) &&
         lw_project_set_meta (project, "assign.overlap", overlap, error) &&
         lw_project_set_meta (project, "assign.share", share, error) &&
         lw_project_set_meta (project, "assign.seed", seed, error);
}

static gboolean
fill_report (LwProject *project, Member *members, guint n, gint64 added, LwAssignReport *report,
             GError **error)
{
  report->added_items = added;
  report->items = query_count (project, "SELECT count(*) FROM item", 0, "counting items", error);
  if (report->items < 0)
    return FALSE;
  report->overlap_items = query_count (project,
    "SELECT count(*) FROM (SELECT DISTINCT item_id FROM assignment WHERE overlap = 1) AS o", 0,
    "counting overlap items", error);
  if (report->overlap_items < 0)
    return FALSE;
  report->annotators = g_ptr_array_new_with_free_func ((GDestroyNotify) assign_count_free);
  for (guint i = 0; i < n; i++)
    {
      LwAssignCount *c = g_new0 (LwAssignCount, 1);

      g_ptr_array_add (report->annotators, c);
      c->annotator = g_strdup (members[i].name);
      c->assigned = members[i].load;
      c->added = members[i].added;
      c->overlap = query_count (project,
        "SELECT count(*) FROM assignment WHERE annotator_id = ? AND overlap = 1",
        members[i].id, "counting assignments", error);
      c->queue = c->overlap < 0 ? -1 : lw_project_count_queue (project, members[i].id, error);
      if (c->overlap < 0 || c->queue < 0)
        return FALSE;
    }
  return TRUE;
}

LwAssignReport *
lw_project_assign (LwProject              *project,
                   const LwAssignOptions  *options,
                   GError                **error)
{
  g_autoptr(LwAssignReport) report = NULL;
  g_autofree Member *members = NULL;
  g_autofree Candidate *candidates = NULL;
  g_autoptr(GArray) items = NULL;
  gint64 total, existing_overlap, target, n_overlap, now;
  guint n;

  g_return_val_if_fail (LW_IS_PROJECT (project), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!check_options (project, options, &n, error) ||
      !_lw_project_check_writable (project, error))
    return NULL;
  if (!lw_project_begin (project, error))
    return NULL;

  members = g_new0 (Member, n);
  candidates = g_new0 (Candidate, n);
  if (!resolve_members (project, options, members, n, error))
    goto fail;
  total = query_count (project, "SELECT count(*) FROM item", 0, "counting items", error);
  existing_overlap = total < 0 ? -1 : query_count (project,
    "SELECT count(*) FROM (SELECT DISTINCT item_id FROM assignment WHERE overlap = 1) AS o", 0,
    "counting overlap items", error);
  if (existing_overlap < 0 || (items = load_new_items (project, options->seed, error)) == NULL)
    goto fail;

  /* With N = 1 every item has one annotator: there is no overlap to choose. */
  target = options->overlap > 1 ? (gint64) floor (options->share * (double) total / 100.0 + 0.5) : 0;
  n_overlap = CLAMP (target - existing_overlap, 0, (gint64) items->len);
  now = _lw_now_us ();

  for (guint i = 0; i < items->len; i++)
    {
      const NewItem *it = &g_array_index (items, NewItem, i);
      gboolean overlap = (gint64) i < n_overlap;
      guint k = overlap ? options->overlap : 1;

      for (guint m = 0; m < n; m++)
        {
          candidates[m].member = &members[m];
          candidates[m].tie = mix (it->h1 ^ members[m].name_hash);
        }
      qsort (candidates, n, sizeof (Candidate), compare_candidates);
      for (guint j = 0; j < k; j++)
        {
          Member *member = candidates[j].member;

          if (!insert_assignment (project, it->id, member->id, overlap, now, error))
            goto fail;
          member->load++;
          member->added++;
        }
    }
  if (!save_plan (project, options, error))
    goto fail;

  report = g_new0 (LwAssignReport, 1);
  report->overlap = options->overlap;
  report->share = options->share;
  report->seed = options->seed;
  if (!fill_report (project, members, n, items->len, report, error))
    goto fail;
  if (!lw_project_commit (project, error))
    return NULL;
  _lw_project_queue_changed (project, 0);
  return g_steal_pointer (&report);

fail:
  lw_project_rollback (project);
  return NULL;
}

/* ---- marking done ------------------------------------------------------------------------ */

gboolean
lw_project_mark_item_done (LwProject  *project,
                           gint64      item_id,
                           GError    **error)
{
  g_autoptr(LwItem) item = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 annotator = lw_project_get_current_annotator (project);
  gint64 pending, history_id, at = 0;
  LwItemStatus status;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);

  if (!has_table (project) || annotator <= 0)
    return lw_project_set_item_status (project, item_id, LW_ITEM_STATUS_DONE, error);

  if (!lw_project_begin (project, error))
    return FALSE;
  stmt = _lw_project_stmt (project,
    "SELECT count(*) FROM assignment WHERE item_id = ? AND annotator_id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_int64 (stmt, 2, annotator);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _lw_project_sql_error (project, sqlite3_errcode (_lw_project_get_db (project)),
                             "reading an assignment", error);
      sqlite3_reset (stmt);
      goto fail;
    }
  if (sqlite3_column_int64 (stmt, 0) == 0)
    {
      /* Not theirs (a lead finishing an item, or a project without a plan): the item's
       * status is set as it always was. */
      sqlite3_reset (stmt);
      if (!lw_project_set_item_status (project, item_id, LW_ITEM_STATUS_DONE, error))
        goto fail;
      return lw_project_commit (project, error);
    }
  sqlite3_reset (stmt);

  item = lw_project_get_item (project, item_id, error);
  if (item == NULL)
    goto fail;
  stmt = _lw_project_stmt (project,
    "SELECT count(*) FROM assignment q WHERE q.item_id = ? AND q.annotator_id <> ? AND NOT "
    LW_ASSIGNMENT_DONE ("q"), error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_int64 (stmt, 2, annotator);
  pending = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  if (pending < 0)
    {
      _lw_project_sql_error (project, sqlite3_errcode (_lw_project_get_db (project)),
                             "reading an item's assignments", error);
      goto fail;
    }

  /* A reviewed-and-accepted or already done item stays so: one more mark only records it. */
  if (item->status == LW_ITEM_STATUS_ACCEPTED || item->status == LW_ITEM_STATUS_DONE)
    status = item->status;
  else
    status = pending > 0 ? LW_ITEM_STATUS_IN_PROGRESS : LW_ITEM_STATUS_DONE;

  /* Always one history row, even when the status stays: the mark lives as long as it. */
  before = g_strdup_printf ("\"%s\"", lw_item_status_to_string (item->status));
  after = g_strdup_printf ("\"%s\"", lw_item_status_to_string (status));
  if ((status != item->status && !_lw_item_status_row (project, item_id, status, error)) ||
      !_lw_history_record (project, "update", "item_status", item_id, item_id, before, after, error))
    goto fail;
  history_id = sqlite3_last_insert_rowid (_lw_project_get_db (project));
  stmt = _lw_project_stmt (project, "SELECT at FROM history WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, history_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    at = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  stmt = _lw_project_stmt (project,
    "UPDATE assignment SET done_history = ?, done_at = ? WHERE item_id = ? AND annotator_id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, history_id);
  sqlite3_bind_int64 (stmt, 2, at);
  sqlite3_bind_int64 (stmt, 3, item_id);
  sqlite3_bind_int64 (stmt, 4, annotator);
  if (!_lw_project_step_done (project, stmt, "saving an assignment", error))
    goto fail;
  _lw_project_queue_changed (project, item_id);
  return lw_project_commit (project, error);

fail:
  lw_project_rollback (project);
  return FALSE;
}

/* ---- queues ------------------------------------------------------------------------------ */

gint64
lw_project_count_queue (LwProject  *project,
                        gint64      annotator_id,
                        GError    **error)
{
  LwItemFilter filter = { .queue_annotator_id = annotator_id };

  g_return_val_if_fail (LW_IS_PROJECT (project), -1);
  if (!has_table (project) || annotator_id <= 0)
    return 0;
  return lw_project_count_items (project, &filter, error);
}

char *
lw_project_dup_open_rejection_comment (LwProject  *project,
                                       gint64      item_id,
                                       GError    **error)
{
  sqlite3_stmt *stmt;
  char *comment = NULL;
  int rc;

  g_return_val_if_fail (LW_IS_PROJECT (project), NULL);

  stmt = _lw_project_stmt (project,
    "SELECT r.verdict, r.comment FROM review r JOIN item i ON i.id = r.item_id"
    " WHERE r.item_id = ? AND r.verdict IN ('accepted', 'rejected')"
    " AND i.status IN ('new', 'in_progress', 'rejected') ORDER BY r.id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "rejected") == 0)
    comment = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _lw_project_sql_error (project, rc, "reading an item's reviews", error);
  return comment;
}

GPtrArray *
lw_project_list_queue (LwProject  *project,
                       gint64      annotator_id,
                       gint64      after_id,
                       guint       limit,
                       GError    **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_queue_entry_free);
  g_autoptr(GPtrArray) items = NULL;
  LwItemFilter filter = { .queue_annotator_id = annotator_id };

  g_return_val_if_fail (LW_IS_PROJECT (project), NULL);
  if (!has_table (project) || annotator_id <= 0)
    return g_steal_pointer (&entries);
  items = lw_project_list_items (project, &filter, after_id, limit, error);
  if (items == NULL)
    return NULL;
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(GError) local = NULL;
      LwQueueEntry *entry = g_new0 (LwQueueEntry, 1);

      entry->item = g_steal_pointer (&g_ptr_array_index (items, i));
      g_ptr_array_add (entries, entry);
      entry->comment = lw_project_dup_open_rejection_comment (project, entry->item->id, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  return g_steal_pointer (&entries);
}
