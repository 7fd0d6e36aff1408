/* lw-stats-progress.h: the statistics window's progress by annotator: each annotator's
 * running total per day (items done, or annotations made), one line per annotator */
#pragma once

#include <gtk/gtk.h>
#include <labelwright.h>

#include "lw-line-chart.h"

G_BEGIN_DECLS

typedef enum {
  LW_STATS_PROGRESS_ITEMS_DONE,
  LW_STATS_PROGRESS_ANNOTATIONS,
} LwStatsProgressMeasure;

/* "YYYY-MM-DD" as days since 1970-01-01 (UTC); FALSE if it is not a date. */
gboolean lw_stats_progress_parse_day     (const char             *day,
                                          gint64                 *number);
/* The annotators in @stats's progress rows, by name, work without annotator last: their
 * ids (gint64, 0 for none) appended to @ids and their names to @names. */
void     lw_stats_progress_annotators    (const LwProjectStats   *stats,
                                          GArray                 *ids,
                                          GtkStringList          *names);
/* Fills @chart with days from the first with work of @measure (by anyone) to the last, at
 * most @max_days of them (work before them counts in the running totals), and one running
 * total per annotator, or only annotator @only when @only >= 0. Colours are the canvas's
 * annotator colours. Returns the sum of the shown totals on the last day. */
double   lw_stats_progress_fill          (const LwProjectStats   *stats,
                                          LwStatsProgressMeasure  measure,
                                          gint64                  only,
                                          guint                   max_days,
                                          LwLineChart            *chart);

G_END_DECLS
