/* lw-stats-window.h: the statistics of the open project: progress, classes, sizes and,
 * with two or more annotators, their agreement */
#pragma once

#include <adwaita.h>

#include "lw-chart.h"
#include "lw-line-chart.h"
#include "lw-window.h"

G_BEGIN_DECLS

#define LW_TYPE_STATS_WINDOW (lw_stats_window_get_type ())
G_DECLARE_FINAL_TYPE (LwStatsWindow, lw_stats_window, LW, STATS_WINDOW, AdwWindow)

/* Computes the statistics of @parent's project in a worker thread, on a read-only
 * connection of its own; a spinner shows meanwhile. Edits of the project through @parent's
 * connection compute them again by themselves, a moment after the last, while the numbers
 * shown stay until the new ones are there. */
LwStatsWindow *lw_stats_window_new            (LwWindow      *parent);
/* Computes again (the project may have changed). */
void           lw_stats_window_reload         (LwStatsWindow *self);
/* "loading", "empty" (no annotations), "error" or "content". */
const char    *lw_stats_window_get_state      (LwStatsWindow *self);
/* The charts by name: "status", "annotators", "progress", "done-per-day", "classes", "per-item",
 * "box-sizes", "agreement-classes". */
LwChart       *lw_stats_window_get_chart      (LwStatsWindow *self,
                                               const char    *name);
/* Progress by annotator: the chart, what it counts (0 items done, 1 annotations) and whose
 * work (0 everyone's, then the annotators by name). */
LwLineChart   *lw_stats_window_get_progress_chart    (LwStatsWindow *self);
GtkDropDown   *lw_stats_window_get_measure_choice    (LwStatsWindow *self);
GtkDropDown   *lw_stats_window_get_annotator_choice  (LwStatsWindow *self);
/* How many computations were started, and how many were shown (a newer one cancels an
 * older one): tests wait for these to move. */
guint          lw_stats_window_get_n_started         (LwStatsWindow *self);
guint          lw_stats_window_get_n_computed        (LwStatsWindow *self);
/* Whether the agreement page is shown (two or more annotator layers). */
gboolean       lw_stats_window_has_agreement  (LwStatsWindow *self);
/* The agreement summary rows and the items with most disagreement, first first. */
GtkListBox    *lw_stats_window_get_agreement_list    (LwStatsWindow *self);
GtkListBox    *lw_stats_window_get_disagreement_list (LwStatsWindow *self);

/* @window's project changed through another connection (an import), whose "changed" the
 * statistics window does not hear: its open statistics window, if any, computes again. */
void           lw_stats_window_project_reloaded (LwWindow *window);

/* Installs win.show-stats (Ctrl+Shift+S) on LwWindow's class. */
void           lw_stats_window_install_action (GtkWidgetClass *window_class);

G_END_DECLS
