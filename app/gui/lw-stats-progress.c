/* lw-stats-progress.c: the statistics window's progress by annotator: each annotator's
 * running total per day (items done, or annotations made), one line per annotator */
#define G_LOG_DOMAIN "lw-stats-progress"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "lw-gui.h"
#include "lw-stats-progress.h"

gboolean
lw_stats_progress_parse_day (const char *day, gint64 *number)
{
  int y, m, d;
  g_autoptr(GDateTime) dt = NULL;

  if (day == NULL || sscanf (day, "%d-%d-%d", &y, &m, &d) != 3)
    return FALSE;
  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (dt == NULL)
    return FALSE;
  *number = g_date_time_to_unix (dt) / 86400;
  return TRUE;
}

static gint64
row_value (const LwProgressRow *row, LwStatsProgressMeasure measure)
{
  return measure == LW_STATS_PROGRESS_ITEMS_DONE ? row->items_done : row->annotations;
}

typedef struct {
  gint64      id;
  const char *name;   /* NULL: no annotator */
} Who;

static int
who_cmp (gconstpointer pa, gconstpointer pb)
{
  const Who *a = pa, *b = pb;

  if (a->name == NULL || b->name == NULL)
    return (a->name == NULL) - (b->name == NULL);
  return g_utf8_collate (a->name, b->name);
}

/* The distinct annotators of the rows, in the order of who_cmp. */
static GArray *
list_who (const LwProjectStats *stats)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *who = g_array_new (FALSE, FALSE, sizeof (Who));

  for (guint i = 0; i < stats->progress->len; i++)
    {
      LwProgressRow *row = g_ptr_array_index (stats->progress, i);
      Who w = { row->annotator_id, row->annotator };

      if (g_hash_table_contains (seen, &row->annotator_id))
        continue;
      g_hash_table_add (seen, &row->annotator_id);
      g_array_append_val (who, w);
    }
  g_array_sort (who, who_cmp);
  return who;
}

void
lw_stats_progress_annotators (const LwProjectStats *stats, GArray *ids, GtkStringList *names)
{
  g_autoptr(GArray) who = NULL;

  g_return_if_fail (stats != NULL);
  g_return_if_fail (ids != NULL && GTK_IS_STRING_LIST (names));

  who = list_who (stats);
  for (guint i = 0; i < who->len; i++)
    {
      const Who *w = &g_array_index (who, Who, i);
      g_array_append_val (ids, w->id);
      gtk_string_list_append (names, w->name ? w->name : _("No annotator"));
    }
}

double
lw_stats_progress_fill (const LwProjectStats   *stats,
                        LwStatsProgressMeasure  measure,
                        gint64                  only,
                        guint                   max_days,
                        LwLineChart            *chart)
{
  g_autoptr(GArray) who = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  gint64 first = G_MAXINT64, last = G_MININT64, start;
  double shown = 0;
  guint n_days;

  g_return_val_if_fail (stats != NULL, 0);
  g_return_val_if_fail (LW_IS_LINE_CHART (chart), 0);
  g_return_val_if_fail (max_days > 0, 0);

  for (guint i = 0; i < stats->progress->len; i++)
    {
      const LwProgressRow *row = g_ptr_array_index (stats->progress, i);
      gint64 day;
      if (row_value (row, measure) > 0 && lw_stats_progress_parse_day (row->day, &day))
        {
          first = MIN (first, day);
          last = MAX (last, day);
        }
    }
  if (last == G_MININT64)
    {
      lw_line_chart_set_points (chart, NULL);
      return 0;
    }
  start = MAX (first, last - (gint64) (max_days - 1));
  n_days = (guint) (last - start + 1);
  for (gint64 day = start; day <= last; day++)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (day * 86400);
      g_ptr_array_add (labels, g_date_time_format (dt, "%m-%d"));
    }
  g_ptr_array_add (labels, NULL);
  lw_line_chart_set_points (chart, (const char * const *) labels->pdata);

  who = list_who (stats);
  for (guint k = 0; k < who->len; k++)
    {
      const Who *w = &g_array_index (who, Who, k);
      g_autofree double *values = g_new0 (double, n_days);
      double before = 0;
      GdkRGBA color;

      if (only >= 0 && w->id != only)
        continue;
      for (guint i = 0; i < stats->progress->len; i++)
        {
          const LwProgressRow *row = g_ptr_array_index (stats->progress, i);
          gint64 day;

          if (row->annotator_id != w->id || !lw_stats_progress_parse_day (row->day, &day) || day > last)
            continue;
          if (day < start)
            before += (double) row_value (row, measure);
          else
            values[day - start] += (double) row_value (row, measure);
        }
      values[0] += before;
      for (guint d = 1; d < n_days; d++)
        values[d] += values[d - 1];
      /* An annotator who has done none of this on any day is no line at all. */
      if (values[n_days - 1] == 0 && only < 0)
        continue;
      lw_gui_annotator_rgba (w->id, &color);
      lw_line_chart_add_series (chart, w->name ? w->name : _("No annotator"), &color, values);
      shown += values[n_days - 1];
    }
  return shown;
}
