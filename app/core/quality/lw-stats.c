#define G_LOG_DOMAIN "lw-quality"

#include <math.h>
#include <string.h>

#include "lw-quality.h"
#include "lw-annotation.h"
#include "lw-item.h"
#include "lw-model-private.h"
#include "lw-quality-private.h"

/* Statistics come from GROUP BY aggregates, so their cost is one pass of the database
 * engine over an index or a table and memory holds only the result rows. The queries use
 * portable SQL (integer division for days, no date functions), per DESIGN.md. */

#define US_PER_DAY G_GINT64_CONSTANT (86400000000)

const char *
lw_box_size_to_string (LwBoxSize size)
{
  static const char *const names[] = { "small", "medium", "large" };

  g_return_val_if_fail (size < LW_BOX_N_SIZES, NULL);
  return names[size];
}

LwBoxSize
lw_box_size_of_area (double area)
{
  if (area < 32.0 * 32.0)
    return LW_BOX_SIZE_SMALL;
  if (area < 96.0 * 96.0)
    return LW_BOX_SIZE_MEDIUM;
  return LW_BOX_SIZE_LARGE;
}

guint
lw_box_side_bin (double area)
{
  int exponent;

  if (!(area >= 64.0))   /* also NaN */
    return 0;
  /* frexp is exact at the powers of two, where log2 may round across a bin edge:
   * side = m 2^e with m in [0.5, 1), so floor (log2 (side)) = e - 1 and side 8 gives bin 1. */
  frexp (sqrt (area), &exponent);
  return (guint) MIN (exponent - 1 - 2, LW_BOX_N_SIDE_BINS - 1);
}

double
lw_box_side_bin_start (guint bin)
{
  g_return_val_if_fail (bin < LW_BOX_N_SIDE_BINS, NAN);
  return bin == 0 ? 0.0 : ldexp (1.0, (int) bin + 2);
}

static void
class_count_free (gpointer data)
{
  LwClassCount *c = data;
  g_free (c->class_name);
  g_free (c);
}

static void
annotator_count_free (gpointer data)
{
  LwAnnotatorCount *c = data;
  g_free (c->annotator);
  g_free (c);
}

static void
progress_row_free (gpointer data)
{
  LwProgressRow *r = data;
  g_free (r->annotator);
  g_free (r->day);
  g_free (r);
}

void
lw_project_stats_free (LwProjectStats *stats)
{
  if (stats == NULL)
    return;
  g_clear_pointer (&stats->by_class, g_ptr_array_unref);
  g_clear_pointer (&stats->by_annotator, g_ptr_array_unref);
  g_clear_pointer (&stats->per_item, g_array_unref);
  g_clear_pointer (&stats->progress, g_ptr_array_unref);
  g_free (stats);
}

gboolean
_lw_quality_read_begin (LwProject *project,
                        gboolean  *opened,
                        GError   **error)
{
  *opened = FALSE;
  if (lw_project_in_transaction (project))
    return TRUE;
  if (!_lw_project_exec (project, "BEGIN", error))
    return FALSE;
  *opened = TRUE;
  return TRUE;
}

void
_lw_quality_read_end (LwProject *project,
                      gboolean   opened)
{
  /* Nothing was written: ROLLBACK ends the read and cannot fail in a way that matters. */
  if (opened)
    _lw_project_exec (project, "ROLLBACK", NULL);
}

static char *
dup_column (sqlite3_stmt *stmt, int col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static gboolean
finish (LwProject *project, sqlite3_stmt *stmt, int rc, const char *what, GError **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _lw_project_sql_error (project, rc, what, error);
  return TRUE;
}

static gboolean
stats_by_class (LwProject *project, LwProjectStats *stats, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project,
      "SELECT c.id, c.name, a.kind, COUNT(*) FROM annotation a "
      "JOIN label_class c ON c.id = a.class_id "
      "GROUP BY c.id, c.name, c.position, a.kind ORDER BY c.position, c.id", error);
  LwClassCount *current = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      LwAnnotationKind kind;
      gint64 n = sqlite3_column_int64 (stmt, 3);

      if (current == NULL || current->class_id != id)
        {
          current = g_new0 (LwClassCount, 1);
          current->class_id = id;
          current->class_name = dup_column (stmt, 1);
          g_ptr_array_add (stats->by_class, current);
        }
      if (lw_annotation_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &kind))
        current->by_kind[kind] += n;
      current->total += n;
    }
  return finish (project, stmt, rc, "counting annotations by class", error);
}

static gboolean
stats_by_annotator (LwProject *project, LwProjectStats *stats, GError **error)
{
  /* NULL annotators sort last: "CASE" rather than SQLite's NULLS LAST for portability. */
  sqlite3_stmt *stmt = _lw_project_stmt (project,
      "SELECT n.name, COUNT(*), COUNT(DISTINCT a.item_id) FROM annotation a "
      "LEFT JOIN annotator n ON n.id = a.annotator_id "
      "GROUP BY a.annotator_id, n.name "
      "ORDER BY CASE WHEN n.name IS NULL THEN 1 ELSE 0 END, n.name", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LwAnnotatorCount *c = g_new0 (LwAnnotatorCount, 1);
      c->annotator = dup_column (stmt, 0);
      c->annotations = sqlite3_column_int64 (stmt, 1);
      c->items = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (stats->by_annotator, c);
    }
  return finish (project, stmt, rc, "counting annotations by annotator", error);
}

static gboolean
stats_per_item (LwProject *project, LwProjectStats *stats, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project,
      "SELECT per_item.n, COUNT(*) FROM "
      "(SELECT i.id, COUNT(a.id) AS n FROM item i LEFT JOIN annotation a ON a.item_id = i.id "
      " GROUP BY i.id) AS per_item "
      "GROUP BY per_item.n ORDER BY per_item.n", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 pair[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
      g_array_append_vals (stats->per_item, pair, 2);
    }
  return finish (project, stmt, rc, "counting annotations per item", error);
}

/* Box areas need the geometry, which is JSON text: no portable SQL reads inside it, so this
 * one is a single streaming scan of the bbox rows (one row in memory at a time). */
static gboolean
stats_box_sizes (LwProject *project, LwProjectStats *stats, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project,
      "SELECT geometry FROM annotation WHERE kind = 'bbox'", error);
  double sum = 0;
  gint64 n = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GArray) g = _lw_geometry_from_json ((const char *) sqlite3_column_text (stmt, 0), NULL);
      double area;

      if (g == NULL || g->len != 4)
        continue;   /* lw_project_check reports malformed rows; statistics skip them */
      area = fabs (g_array_index (g, double, 2) * g_array_index (g, double, 3));
      stats->box_sizes[lw_box_size_of_area (area)]++;
      stats->box_sides[lw_box_side_bin (area)]++;
      if (n == 0 || area < stats->box_area_min)
        stats->box_area_min = area;
      if (n == 0 || area > stats->box_area_max)
        stats->box_area_max = area;
      sum += area;
      n++;
    }
  if (n > 0)
    stats->box_area_mean = sum / n;
  return finish (project, stmt, rc, "reading box sizes", error);
}

static LwProgressRow *
progress_row (GHashTable *rows, GPtrArray *list, sqlite3_stmt *stmt)
{
  const char *annotator = (const char *) sqlite3_column_text (stmt, 0);
  gint64 day = sqlite3_column_int64 (stmt, 1);
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%s", day, annotator ? annotator : "");
  LwProgressRow *row = g_hash_table_lookup (rows, key);

  if (row == NULL)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (day * 86400);
      row = g_new0 (LwProgressRow, 1);
      row->annotator = g_strdup (annotator);
      row->annotator_id = sqlite3_column_int64 (stmt, 3);
      row->day = dt ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("?");
      g_hash_table_insert (rows, g_steal_pointer (&key), row);
      g_ptr_array_add (list, row);
    }
  return row;
}

static int
progress_cmp (gconstpointer pa, gconstpointer pb)
{
  const LwProgressRow *a = *(LwProgressRow **) pa, *b = *(LwProgressRow **) pb;
  int c = strcmp (a->day, b->day);

  if (c != 0)
    return c;
  if (a->annotator == NULL || b->annotator == NULL)
    return (a->annotator == NULL) - (b->annotator == NULL);
  return strcmp (a->annotator, b->annotator);
}

static gboolean
stats_progress (LwProject *project, LwProjectStats *stats, GError **error)
{
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _lw_project_stmt (project,
      "SELECT n.name, a.created_at / 86400000000 AS day, COUNT(*), a.annotator_id FROM annotation a "
      "LEFT JOIN annotator n ON n.id = a.annotator_id "
      "GROUP BY a.annotator_id, n.name, a.created_at / 86400000000", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    progress_row (rows, stats->progress, stmt)->annotations += sqlite3_column_int64 (stmt, 2);
  if (!finish (project, stmt, rc, "counting annotations by day", error))
    return FALSE;

  /* An item counts once per annotator and day however often it went back and forth. */
  stmt = _lw_project_stmt (project,
      "SELECT n.name, h.at / 86400000000 AS day, COUNT(DISTINCT h.item_id), h.annotator_id FROM history h "
      "LEFT JOIN annotator n ON n.id = h.annotator_id "
      "WHERE h.entity = 'item_status' AND h.after = '\"done\"' AND h.undone = 0 "
      "GROUP BY h.annotator_id, n.name, h.at / 86400000000", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    progress_row (rows, stats->progress, stmt)->items_done += sqlite3_column_int64 (stmt, 2);
  if (!finish (project, stmt, rc, "counting finished items by day", error))
    return FALSE;
  g_ptr_array_sort (stats->progress, progress_cmp);
  return TRUE;
}

LwProjectStats *
lw_project_compute_stats (LwProject  *project,
                          GError    **error)
{
  g_autoptr(LwProjectStats) stats = g_new0 (LwProjectStats, 1);
  gboolean opened;

  g_return_val_if_fail (LW_IS_PROJECT (project), NULL);

  stats->by_class = g_ptr_array_new_with_free_func (class_count_free);
  stats->by_annotator = g_ptr_array_new_with_free_func (annotator_count_free);
  stats->per_item = g_array_new (FALSE, FALSE, sizeof (gint64));
  stats->progress = g_ptr_array_new_with_free_func (progress_row_free);
  stats->box_area_min = stats->box_area_max = stats->box_area_mean = NAN;

  if (!_lw_quality_read_begin (project, &opened, error))
    return NULL;
  stats->items = lw_project_count_by_status (project, stats->items_by_status, error);
  if (stats->items < 0)
    goto fail;
  stats->annotations = lw_project_count_annotations_by_kind (project, stats->annotations_by_kind, error);
  if (stats->annotations < 0)
    goto fail;
  if (!stats_by_class (project, stats, error) ||
      !stats_by_annotator (project, stats, error) ||
      !stats_per_item (project, stats, error) ||
      !stats_box_sizes (project, stats, error) ||
      !stats_progress (project, stats, error))
    goto fail;
  _lw_quality_read_end (project, opened);
  return g_steal_pointer (&stats);

fail:
  _lw_quality_read_end (project, opened);
  return NULL;
}
