/* lw-stats-agreement.h: the statistics window's agreement page: the summary of the
 * agreement report, F1 by class, and the items with most disagreement */
#pragma once

#include <adwaita.h>
#include <labelwright.h>

#include "lw-chart.h"

G_BEGIN_DECLS

/* Replaces the contents of @summary (one row per measure: annotators, items, shapes, spans,
 * each tag variable), @chart (F1 by class: shapes, then spans by overlap) and @items (the
 * items with disagreement, most first, at most @max_items; activatable, see
 * lw_stats_agreement_row_item). A NULL @a empties them. Returns the number of item rows. */
guint  lw_stats_agreement_fill     (const LwAgreementReport *a,
                                    GtkListBox              *summary,
                                    LwChart                 *chart,
                                    GtkListBox              *items,
                                    guint                    max_items);
/* The item a row of @items stands for, or 0. */
gint64 lw_stats_agreement_row_item (GtkListBoxRow           *row);

G_END_DECLS
