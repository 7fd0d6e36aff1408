#define G_LOG_DOMAIN "lw-model"

#include <string.h>

#include "lw-error.h"
#include "lw-model-private.h"

#define ITEM_COLUMNS "item.id, item.kind, item.name, item.media_path, item.sha256, item.width, " \
                     "item.height, %s, item.ext_id, item.status, item.split, item.added_at, " \
                     "(SELECT count(*) FROM annotation a WHERE a.item_id = item.id)"
/* The same without the count: the export reads every annotation anyway, and counting them
 * per listed item walked the annotation index once more (most of a listing's cost). */
#define ITEM_COLUMNS_NO_COUNT "item.id, item.kind, item.name, item.media_path, item.sha256, " \
                              "item.width, item.height, %s, item.ext_id, item.status, " \
                              "item.split, item.added_at, -1"

LwItem *
lw_item_new (LwItemKind  kind,
             const char *name)
{
  LwItem *item = g_new0 (LwItem, 1);

  item->kind = kind;
  item->name = g_strdup (name);
  item->status = LW_ITEM_STATUS_NEW;
  return item;
}

LwItem *
lw_item_copy (const LwItem *item)
{
  LwItem *copy = g_memdup2 (item, sizeof *item);

  copy->name = g_strdup (item->name);
  copy->media_path = g_strdup (item->media_path);
  copy->sha256 = g_strdup (item->sha256);
  copy->text = g_strdup (item->text);
  copy->ext_id = g_strdup (item->ext_id);
  copy->split = g_strdup (item->split);
  return copy;
}

char *
_lw_name_take_utf8 (char *name)
{
  char *valid;

  if (name == NULL || g_utf8_validate (name, -1, NULL))
    return name;
  valid = g_utf8_make_valid (name, -1);
  g_free (name);
  return valid;
}

void
lw_item_free (LwItem *item)
{
  if (item == NULL)
    return;
  g_free (item->name);
  g_free (item->media_path);
  g_free (item->sha256);
  g_free (item->text);
  g_free (item->ext_id);
  g_free (item->split);
  g_free (item);
}

static void
bind_text_or_null (sqlite3_stmt *stmt, int i, const char *s)
{
  if (s != NULL)
    sqlite3_bind_text (stmt, i, s, -1, SQLITE_TRANSIENT);
}

static gboolean
check_new_item (const LwItem *item, GError **error)
{
  if (item->kind == LW_ITEM_KIND_TEXT && (item->text == NULL || !g_utf8_validate (item->text, -1, NULL)))
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "text item \"%s\" has no valid UTF-8 text", item->name);
      return FALSE;
    }
  if (item->kind == LW_ITEM_KIND_IMAGE && (item->width <= 0 || item->height <= 0))
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "image item \"%s\" has no size (%d x %d)", item->name, item->width, item->height);
      return FALSE;
    }
  return TRUE;
}

#define ITEM_INSERT "INSERT INTO item (kind, name, media_path, sha256, width, height, text, ext_id, " \
                    "status, split, added_at) VALUES "
#define ITEM_VALUES "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

/* One INSERT of @n rows: a statement's fixed cost (the CHECK constraints' IN lists build a
 * temporary table on every execution) is paid once for the batch rather than per row,
 * which halved the CPU time per image of a folder import (tests/bench/bench-import). */
gboolean
_lw_project_add_items (LwProject  *project,
                       LwItem    **items,
                       guint       n,
                       GError    **error)
{
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (n > 0 && n <= LW_ITEM_BATCH_MAX, FALSE);

  for (guint i = 0; i < n; i++)
    {
      g_return_val_if_fail (items[i] != NULL && items[i]->name != NULL, FALSE);
      if (!check_new_item (items[i], error))
        return FALSE;
    }
  if (!_lw_project_check_writable (project, error))
    return FALSE;
  sql = g_string_new (ITEM_INSERT ITEM_VALUES);
  for (guint i = 1; i < n; i++)
    g_string_append (sql, ", " ITEM_VALUES);
  stmt = _lw_project_stmt (project, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      LwItem *item = items[i];
      int c = (int) i * 11;

      if (item->added_at == 0)
        item->added_at = now;
      sqlite3_bind_text (stmt, c + 1, lw_item_kind_to_string (item->kind), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, c + 2, item->name, -1, SQLITE_TRANSIENT);
      bind_text_or_null (stmt, c + 3, item->media_path);
      bind_text_or_null (stmt, c + 4, item->sha256);
      sqlite3_bind_int (stmt, c + 5, item->width);
      sqlite3_bind_int (stmt, c + 6, item->height);
      bind_text_or_null (stmt, c + 7, item->text);
      bind_text_or_null (stmt, c + 8, item->ext_id);
      sqlite3_bind_text (stmt, c + 9, lw_item_status_to_string (item->status), -1, SQLITE_STATIC);
      bind_text_or_null (stmt, c + 10, item->split);
      sqlite3_bind_int64 (stmt, c + 11, item->added_at);
    }
  if (!_lw_project_step_done (project, stmt, n == 1 ? "adding an item" : "adding items", error))
    return FALSE;
  if (n == 1)
    items[0]->id = sqlite3_last_insert_rowid (_lw_project_get_db (project));
  return TRUE;
}

gboolean
lw_project_add_item (LwProject  *project,
                     LwItem     *item,
                     GError    **error)
{
  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (item != NULL && item->name != NULL, FALSE);

  return _lw_project_add_items (project, &item, 1, error);
}

static char *
dup_column (sqlite3_stmt *stmt, int i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

static LwItem *
item_from_row (sqlite3_stmt *stmt)
{
  LwItemKind kind = LW_ITEM_KIND_IMAGE;
  LwItem *item;

  lw_item_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &kind);
  item = lw_item_new (kind, (const char *) sqlite3_column_text (stmt, 2));
  item->id = sqlite3_column_int64 (stmt, 0);
  item->media_path = dup_column (stmt, 3);
  item->sha256 = dup_column (stmt, 4);
  item->width = sqlite3_column_int (stmt, 5);
  item->height = sqlite3_column_int (stmt, 6);
  item->text = dup_column (stmt, 7);
  item->ext_id = dup_column (stmt, 8);
  lw_item_status_from_string ((const char *) sqlite3_column_text (stmt, 9), &item->status);
  item->split = dup_column (stmt, 10);
  item->added_at = sqlite3_column_int64 (stmt, 11);
  item->n_annotations = sqlite3_column_int (stmt, 12);
  return item;
}

LwItem *
lw_project_get_item (LwProject  *project,
                     gint64      item_id,
                     GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " ITEM_COLUMNS " FROM item WHERE id = ?", "item.text");
  sqlite3_stmt *stmt = _lw_project_stmt (project, sql, error);
  LwItem *item = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    item = item_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOT_FOUND,
                 "%s: no item with id %" G_GINT64_FORMAT, lw_project_get_path (project), item_id);
  else
    _lw_project_sql_error (project, rc, "reading an item", error);
  sqlite3_reset (stmt);
  return item;
}

static gint64
find_item (LwProject *project, const char *sql, const char *value)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project, sql, NULL);
  gint64 id = 0;

  if (stmt == NULL || value == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

gint64
lw_project_find_item_by_sha256 (LwProject *project, const char *sha256)
{
  return find_item (project, "SELECT id FROM item WHERE sha256 = ? ORDER BY id LIMIT 1", sha256);
}

gint64
lw_project_find_item_by_ext_id (LwProject *project, const char *ext_id)
{
  return find_item (project, "SELECT id FROM item WHERE ext_id = ? ORDER BY id LIMIT 1", ext_id);
}

gint64
lw_project_find_item_by_name (LwProject *project, const char *name)
{
  return find_item (project, "SELECT id FROM item WHERE name = ? ORDER BY id LIMIT 1", name);
}

/* ---- filtered queries --------------------------------------------------------------------
 * The SQL is built from the filter's shape only (values are bound), so each shape prepares
 * once and stays in the statement cache.
 *
 * A filter on the annotations (class, annotator, predictions) drives the query from that
 * annotation index in item order (annotation_by_class, _by_annotator, _by_source, all
 * (key, item_id)) instead of testing every item with EXISTS: a rare class then costs what
 * it matches, and a page of a common class stops after its rows. The first matching
 * annotation of an item stands for it (NOT EXISTS an earlier one), which keeps the SQL
 * portable (no bare columns under GROUP BY). CROSS JOIN fixes the join order in SQLite and
 * is a plain inner join elsewhere. */

typedef enum { DRIVE_NONE, DRIVE_CLASS, DRIVE_ANNOTATOR, DRIVE_PREDICTIONS, DRIVE_QUEUE } Drive;

static Drive
filter_drive (const LwItemFilter *f)
{
  if (f == NULL)
    return DRIVE_NONE;
  /* An annotator's queue is kept row by row in queue_item (004-assignment.sql). */
  if (f->queue_annotator_id > 0)
    return DRIVE_QUEUE;
  if (f->class_id > 0)
    return DRIVE_CLASS;
  if (f->annotator_id > 0)
    return DRIVE_ANNOTATOR;
  if (f->predictions_only)
    return DRIVE_PREDICTIONS;
  return DRIVE_NONE;
}

static const char *
drive_condition (Drive drive)
{
  return drive == DRIVE_CLASS ? "drv.class_id = :class"
       : drive == DRIVE_ANNOTATOR ? "drv.annotator_id = :annotator"
       : drive == DRIVE_QUEUE ? "drv.annotator_id = :queue"
       : "drv.source = 'prediction'";
}

/* Nothing but the driving annotation filter: counts need not visit the items (an
 * annotation's item always exists: ON DELETE CASCADE). */
static gboolean
filter_only_drives (const LwItemFilter *f, Drive drive)
{
  return drive != DRIVE_NONE && f->status_mask == 0 && f->split == NULL &&
         (f->search == NULL || !*f->search) && !f->kind_set &&
         (drive == DRIVE_QUEUE || f->queue_annotator_id <= 0) &&
         (drive == DRIVE_CLASS || f->class_id <= 0) &&
         (drive == DRIVE_ANNOTATOR || f->annotator_id <= 0) &&
         (drive == DRIVE_PREDICTIONS || !f->predictions_only);
}

/* Appends " AND @column IN ('new', ...)" for the filter's statuses, or nothing. */
static void
append_status (GString *w, const LwItemFilter *f, const char *column)
{
  gboolean first = TRUE;

  if (f == NULL || f->status_mask == 0)
    return;
  g_string_append_printf (w, " AND %s IN (", column);
  for (int s = 0; s < LW_ITEM_N_STATUSES; s++)
    if (f->status_mask & (1u << s))
      {
        g_string_append_printf (w, "%s'%s'", first ? "" : ", ", lw_item_status_to_string (s));
        first = FALSE;
      }
  g_string_append (w, ")");
}

static char *
status_where (const LwItemFilter *f, const char *column)
{
  GString *w = g_string_new ("1 = 1");

  append_status (w, f, column);
  return g_string_free (w, FALSE);
}

/* The conditions on item (and drv, when @drive): everything but the join itself. */
static char *
filter_where (const LwItemFilter *f, Drive drive, gboolean dedupe)
{
  static const char *const drive_column[] = { NULL, "class_id", "annotator_id", "source", NULL };
  GString *w = g_string_new ("1 = 1");

  if (f == NULL)
    return g_string_free (w, FALSE);
  append_status (w, f, "item.status");
  if (drive != DRIVE_NONE)
    {
      g_string_append_printf (w, " AND item.id = drv.item_id AND %s", drive_condition (drive));
      /* queue_item holds an item once per annotator: nothing to dedupe. */
      if (dedupe && drive != DRIVE_QUEUE)
        g_string_append_printf (w, " AND NOT EXISTS (SELECT 1 FROM annotation d2 WHERE "
                                "d2.%s = drv.%s AND d2.item_id = drv.item_id AND d2.id < drv.id)",
                                drive_column[drive], drive_column[drive]);
    }
  if (f->class_id > 0 && drive != DRIVE_CLASS)
    g_string_append (w, " AND EXISTS (SELECT 1 FROM annotation a WHERE a.item_id = item.id AND a.class_id = :class)");
  if (f->annotator_id > 0 && drive != DRIVE_ANNOTATOR)
    g_string_append (w, " AND EXISTS (SELECT 1 FROM annotation a WHERE a.item_id = item.id AND a.annotator_id = :annotator)");
  if (f->split != NULL)
    g_string_append (w, *f->split ? " AND item.split = :split" : " AND item.split IS NULL");
  if (f->predictions_only && drive != DRIVE_PREDICTIONS)
    g_string_append (w, " AND EXISTS (SELECT 1 FROM annotation a WHERE a.item_id = item.id AND a.source = 'prediction')");
  if (f->search != NULL && *f->search)
    g_string_append (w, " AND (item.name LIKE :search ESCAPE '\\' OR item.text LIKE :search ESCAPE '\\')");
  if (f->kind_set)
    g_string_append (w, " AND item.kind = :kind");
  return g_string_free (w, FALSE);
}

/* FROM clause and the column that orders and pages the matching items. */
static const char *
filter_from (Drive drive)
{
  return drive == DRIVE_NONE ? "item"
       : drive == DRIVE_QUEUE ? "queue_item drv CROSS JOIN item"
       : "annotation drv CROSS JOIN item";
}

static const char *
filter_key (Drive drive)
{
  return drive == DRIVE_NONE ? "item.id" : "drv.item_id";
}

/* Counting: an item with several driving annotations is counted once. */
static const char *
filter_count (Drive drive)
{
  return drive == DRIVE_NONE ? "count(*)" : "count(DISTINCT drv.item_id)";
}

static void
filter_bind (sqlite3_stmt *stmt, const LwItemFilter *f)
{
  int i;

  if (f == NULL)
    return;
  if ((i = sqlite3_bind_parameter_index (stmt, ":class")) > 0)
    sqlite3_bind_int64 (stmt, i, f->class_id);
  if ((i = sqlite3_bind_parameter_index (stmt, ":annotator")) > 0)
    sqlite3_bind_int64 (stmt, i, f->annotator_id);
  if ((i = sqlite3_bind_parameter_index (stmt, ":split")) > 0)
    sqlite3_bind_text (stmt, i, f->split, -1, SQLITE_TRANSIENT);
  if ((i = sqlite3_bind_parameter_index (stmt, ":queue")) > 0)
    sqlite3_bind_int64 (stmt, i, f->queue_annotator_id);
  if ((i = sqlite3_bind_parameter_index (stmt, ":kind")) > 0)
    sqlite3_bind_text (stmt, i, lw_item_kind_to_string (f->kind), -1, SQLITE_STATIC);
  if ((i = sqlite3_bind_parameter_index (stmt, ":search")) > 0)
    {
      GString *pattern = g_string_new ("%");
      for (const char *p = f->search; *p; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (pattern, '\\');
          g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '%');
      sqlite3_bind_text (stmt, i, pattern->str, -1, SQLITE_TRANSIENT);
      g_string_free (pattern, TRUE);
    }
}

static GPtrArray *
list_items (LwProject           *project,
            const LwItemFilter  *filter,
            gint64               after_id,
            guint                limit,
            gboolean             count,
            gboolean             whole_texts,
            GError             **error)
{
  Drive drive = filter_drive (filter);
  g_autofree char *where = filter_where (filter, drive, TRUE);
  g_autofree char *cols = g_strdup_printf (count ? ITEM_COLUMNS : ITEM_COLUMNS_NO_COUNT,
                                           whole_texts ? "item.text" : "substr(item.text, 1, 200)");
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s > :after AND %s "
                                          "ORDER BY %s LIMIT :limit", cols, filter_from (drive),
                                          filter_key (drive), where, filter_key (drive));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_item_free);
  sqlite3_stmt *stmt = _lw_project_stmt (project, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  filter_bind (stmt, filter);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":after"), after_id);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, item_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _lw_project_sql_error (project, rc, "listing items", error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

GPtrArray *
lw_project_list_items (LwProject           *project,
                       const LwItemFilter  *filter,
                       gint64               after_id,
                       guint                limit,
                       GError             **error)
{
  return list_items (project, filter, after_id, limit, TRUE, FALSE, error);
}

GPtrArray *
_lw_project_list_items_uncounted (LwProject           *project,
                                  const LwItemFilter  *filter,
                                  gint64               after_id,
                                  guint                limit,
                                  gboolean             whole_texts,
                                  GError             **error)
{
  return list_items (project, filter, after_id, limit, FALSE, whole_texts, error);
}

static gint64
query_scalar (LwProject *project, const char *sql, const LwItemFilter *filter,
              gint64 arg, const char *what, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project, sql, error);
  gint64 value = 0;
  int rc, i;

  if (stmt == NULL)
    return -1;
  filter_bind (stmt, filter);
  if ((i = sqlite3_bind_parameter_index (stmt, ":arg")) > 0)
    sqlite3_bind_int64 (stmt, i, arg);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _lw_project_sql_error (project, rc, what, error);
      return -1;
    }
  return value;
}

/* Only the status (or nothing) is filtered: what the trigger-kept counters can answer. */
static gboolean
filter_is_status_only (const LwItemFilter *f)
{
  return f == NULL ||
         (f->class_id <= 0 && f->annotator_id <= 0 && f->split == NULL && !f->predictions_only &&
          (f->search == NULL || !*f->search) && !f->kind_set && f->queue_annotator_id <= 0);
}

/* Ids are grouped in blocks of this many, and blocks in superblocks of ITEM_SUPERBLOCK ids,
 * counted per status by migration 003's triggers (which use the same two numbers). */
#define ITEM_BLOCK 1024
#define ITEM_SUPERBLOCK (32 * ITEM_BLOCK)

static gboolean
use_blocks (LwProject *project, const LwItemFilter *filter)
{
  return lw_project_get_format_version (project) >= 3 && filter_is_status_only (filter);
}

gint64
lw_project_count_items (LwProject *project, const LwItemFilter *filter, GError **error)
{
  Drive drive;
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;

  /* No filter but status: the trigger-kept counters answer without a scan (migration 002). */
  if (filter_is_status_only (filter))
    {
      gint64 counts[LW_ITEM_N_STATUSES];
      gint64 total = lw_project_count_by_status (project, counts, error);
      guint mask = filter ? filter->status_mask : 0;

      if (total < 0 || mask == 0)
        return total;
      total = 0;
      for (int s = 0; s < LW_ITEM_N_STATUSES; s++)
        if (mask & (1u << s))
          total += counts[s];
      return total;
    }
  drive = filter_drive (filter);
  /* Only a queue: its trigger-kept counter (004-assignment.sql). */
  if (filter_only_drives (filter, drive) && drive == DRIVE_QUEUE)
    sql = g_strdup ("SELECT coalesce((SELECT n FROM queue_count WHERE annotator_id = :queue), 0)");
  else if (filter_only_drives (filter, drive))
    sql = g_strdup_printf ("SELECT count(DISTINCT drv.item_id) FROM annotation drv WHERE %s",
                           drive_condition (drive));
  else
    {
      where = filter_where (filter, drive, FALSE);
      sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s", filter_count (drive), filter_from (drive), where);
    }
  return query_scalar (project, sql, filter, 0, "counting items", error);
}

gint64
lw_project_next_item (LwProject *project, const LwItemFilter *filter, gint64 item_id,
                      gboolean backwards, GError **error)
{
  Drive drive = filter_drive (filter);
  g_autofree char *where = filter_where (filter, drive, FALSE);
  const char *key = filter_key (drive);
  g_autofree char *sql = g_strdup_printf (backwards
      ? "SELECT %s FROM %s WHERE %s < :arg AND %s ORDER BY %s DESC LIMIT 1"
      : "SELECT %s FROM %s WHERE %s > :arg AND %s ORDER BY %s LIMIT 1",
      key, filter_from (drive), key, where, key);
  return query_scalar (project, sql, filter, item_id, "finding the next item", error);
}

/* One integer from @sql with :arg and :lo bound (and the filter's parameters). */
static gint64
query_range (LwProject *project, const char *sql, const LwItemFilter *filter, gint64 lo,
             gint64 arg, const char *what, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project, sql, error);
  gint64 value;
  int rc, i;

  if (stmt == NULL)
    return -1;
  filter_bind (stmt, filter);
  if ((i = sqlite3_bind_parameter_index (stmt, ":lo")) > 0)
    sqlite3_bind_int64 (stmt, i, lo);
  if ((i = sqlite3_bind_parameter_index (stmt, ":arg")) > 0)
    sqlite3_bind_int64 (stmt, i, arg);
  rc = sqlite3_step (stmt);
  value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _lw_project_sql_error (project, rc, what, error);
      return -1;
    }
  return value;
}

/* Position by blocks: the counts of the whole superblocks below @item_id's superblock, of
 * the whole blocks of that superblock below its block, and of the matching ids in its block
 * below it: at most max id / ITEM_SUPERBLOCK + 32 small rows and ITEM_BLOCK index entries. */
static gint64
position_by_blocks (LwProject *project, const LwItemFilter *filter, gint64 item_id,
                    GError **error)
{
  const char *what = "finding an item's position";
  g_autofree char *blocks_where = status_where (filter, "status");
  g_autofree char *where = status_where (filter, "item.status");
  g_autofree char *sql_super = g_strdup_printf (
      "SELECT coalesce(sum(n), 0) FROM item_superblock WHERE sblk < :arg AND %s", blocks_where);
  g_autofree char *sql_blocks = g_strdup_printf (
      "SELECT coalesce(sum(n), 0) FROM item_block WHERE blk >= :lo AND blk < :arg AND %s", blocks_where);
  g_autofree char *sql_rest = g_strdup_printf (
      "SELECT count(*) FROM item WHERE id >= :lo AND id < :arg AND %s", where);
  gint64 id = MAX (item_id, 0);
  gint64 sblk = id / ITEM_SUPERBLOCK, blk = id / ITEM_BLOCK;
  gint64 supers, blocks, rest;

  if ((supers = query_range (project, sql_super, filter, 0, sblk, what, error)) < 0 ||
      (blocks = query_range (project, sql_blocks, filter, sblk * (ITEM_SUPERBLOCK / ITEM_BLOCK),
                             blk, what, error)) < 0 ||
      (rest = query_range (project, sql_rest, filter, blk * ITEM_BLOCK, id, what, error)) < 0)
    return -1;
  return supers + blocks + rest;
}

/* Walks the rows of @sql (unit, count) in order until the one that holds @position: returns
 * that unit, or -1 past the end (-2 on error), and the count before it in @seen. */
static gint64
walk_counts (LwProject *project, const char *sql, const LwItemFilter *filter, gint64 lo,
             gint64 hi, gint64 position, gint64 *seen, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project, sql, error);
  gint64 unit = -1;
  int rc, i;

  if (stmt == NULL)
    return -2;
  filter_bind (stmt, filter);
  if ((i = sqlite3_bind_parameter_index (stmt, ":lo")) > 0)
    sqlite3_bind_int64 (stmt, i, lo);
  if ((i = sqlite3_bind_parameter_index (stmt, ":hi")) > 0)
    sqlite3_bind_int64 (stmt, i, hi);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 n = sqlite3_column_int64 (stmt, 1);
      if (*seen + n > position)
        {
          unit = sqlite3_column_int64 (stmt, 0);
          break;
        }
      *seen += n;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _lw_project_sql_error (project, rc, "finding an item", error);
      return -2;
    }
  return unit;
}

/* Item at a position by blocks: walk the superblock counts to the superblock that holds the
 * position, its block counts to the block, then step at most ITEM_BLOCK ids in it. */
static gint64
item_at_by_blocks (LwProject *project, const LwItemFilter *filter, gint64 position,
                   GError **error)
{
  g_autofree char *blocks_where = status_where (filter, "status");
  g_autofree char *where = status_where (filter, "item.status");
  g_autofree char *sql_super = g_strdup_printf (
      "SELECT sblk, sum(n) FROM item_superblock WHERE %s GROUP BY sblk ORDER BY sblk", blocks_where);
  g_autofree char *sql_blocks = g_strdup_printf (
      "SELECT blk, sum(n) FROM item_block WHERE blk >= :lo AND blk < :hi AND %s "
      "GROUP BY blk ORDER BY blk", blocks_where);
  g_autofree char *sql_in = g_strdup_printf (
      "SELECT id FROM item WHERE id >= :lo AND %s ORDER BY id LIMIT 1 OFFSET :arg", where);
  const gint64 per_super = ITEM_SUPERBLOCK / ITEM_BLOCK;
  gint64 seen = 0, sblk, blk;

  sblk = walk_counts (project, sql_super, filter, 0, 0, position, &seen, error);
  if (sblk < 0)
    return sblk == -1 ? 0 : -1;   /* past the end, or an error */
  blk = walk_counts (project, sql_blocks, filter, sblk * per_super, (sblk + 1) * per_super,
                     position, &seen, error);
  if (blk < 0)
    {
      if (blk == -1)
        g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_CORRUPT,
                     "%s: the item counts of blocks and superblocks disagree; run a check",
                     lw_project_get_path (project));
      return -1;
    }
  return query_range (project, sql_in, filter, blk * ITEM_BLOCK, position - seen,
                      "finding an item", error);
}

gint64
lw_project_item_position (LwProject *project, const LwItemFilter *filter, gint64 item_id,
                          GError **error)
{
  Drive drive;
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;

  if (use_blocks (project, filter))
    return position_by_blocks (project, filter, item_id, error);
  drive = filter_drive (filter);
  where = filter_where (filter, drive, FALSE);
  sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s < :arg AND %s", filter_count (drive),
                         filter_from (drive), filter_key (drive), where);
  return query_scalar (project, sql, filter, item_id, "finding an item's position", error);
}

gint64
lw_project_item_at (LwProject *project, const LwItemFilter *filter, gint64 position,
                    GError **error)
{
  Drive drive;
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;

  if (position < 0)
    return 0;
  if (use_blocks (project, filter))
    return item_at_by_blocks (project, filter, position, error);
  drive = filter_drive (filter);
  where = filter_where (filter, drive, TRUE);
  sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s ORDER BY %s LIMIT 1 OFFSET :arg",
                         filter_key (drive), filter_from (drive), where, filter_key (drive));
  return query_scalar (project, sql, filter, position, "finding an item", error);
}

gint64
lw_project_count_by_status (LwProject  *project,
                            gint64      counts[LW_ITEM_N_STATUSES],
                            GError    **error)
{
  /* The counters of migration 002, or a scan in an older file opened read-only. */
  sqlite3_stmt *stmt = _lw_project_stmt (project, lw_project_get_format_version (project) >= 2
      ? "SELECT status, n FROM item_count"
      : "SELECT status, count(*) FROM item GROUP BY status", error);
  gint64 total = 0;
  int rc;

  memset (counts, 0, sizeof (gint64) * LW_ITEM_N_STATUSES);
  if (stmt == NULL)
    return -1;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LwItemStatus s;
      if (lw_item_status_from_string ((const char *) sqlite3_column_text (stmt, 0), &s))
        counts[s] = sqlite3_column_int64 (stmt, 1);
      total += sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _lw_project_sql_error (project, rc, "counting items", error);
      return -1;
    }
  return total;
}

/* ---- status, split ---------------------------------------------------------------------- */

gboolean
_lw_item_status_row (LwProject     *project,
                     gint64         item_id,
                     LwItemStatus   status,
                     GError       **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project, "UPDATE item SET status = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, lw_item_status_to_string (status), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, item_id);
  if (!_lw_project_step_done (project, stmt, "saving an item's status", error))
    return FALSE;
  _lw_project_queue_changed (project, item_id);
  return TRUE;
}

gboolean
lw_project_set_item_status (LwProject     *project,
                            gint64         item_id,
                            LwItemStatus   status,
                            GError       **error)
{
  g_autoptr(LwItem) item = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean ok;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (status < LW_ITEM_N_STATUSES, FALSE);

  if (!lw_project_begin (project, error))
    return FALSE;
  item = lw_project_get_item (project, item_id, error);
  if (item == NULL)
    {
      lw_project_rollback (project);
      return FALSE;
    }
  if (item->status == status)
    return lw_project_commit (project, error);
  before = g_strdup_printf ("\"%s\"", lw_item_status_to_string (item->status));
  after = g_strdup_printf ("\"%s\"", lw_item_status_to_string (status));
  ok = _lw_item_status_row (project, item_id, status, error) &&
       _lw_history_record (project, "update", "item_status", item_id, item_id, before, after, error);
  if (!ok)
    {
      lw_project_rollback (project);
      return FALSE;
    }
  return lw_project_commit (project, error);
}

gboolean
lw_project_set_item_split (LwProject   *project,
                           gint64       item_id,
                           const char  *split,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  if (!_lw_project_check_writable (project, error))
    return FALSE;
  stmt = _lw_project_stmt (project, "UPDATE item SET split = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text_or_null (stmt, 1, split);
  sqlite3_bind_int64 (stmt, 2, item_id);
  return _lw_project_step_done (project, stmt, "saving an item's split", error);
}

/* ---- annotators ------------------------------------------------------------------------- */

gint64
lw_project_ensure_annotator (LwProject   *project,
                             const char  *name,
                             GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 id = find_item (project, "SELECT id FROM annotator WHERE name = ?", name);

  if (id > 0)
    return id;
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID, "an annotator needs a name");
      return 0;
    }
  if (!_lw_project_check_writable (project, error))
    return 0;
  stmt = _lw_project_stmt (project, "INSERT INTO annotator (name) VALUES (?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (!_lw_project_step_done (project, stmt, "adding an annotator", error))
    return 0;
  return sqlite3_last_insert_rowid (_lw_project_get_db (project));
}

char *
lw_project_dup_annotator_name (LwProject *project,
                               gint64     annotator_id)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project, "SELECT name FROM annotator WHERE id = ?", NULL);
  char *name = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, annotator_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = dup_column (stmt, 0);
  sqlite3_reset (stmt);
  return name;
}

GPtrArray *
lw_project_list_annotators (LwProject  *project,
                            GError    **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = _lw_project_stmt (project, "SELECT name FROM annotator ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (names, dup_column (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _lw_project_sql_error (project, rc, "listing annotators", error);
      return NULL;
    }
  return g_steal_pointer (&names);
}
