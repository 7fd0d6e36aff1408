/* lw-chart.h: a small chart drawn with cairo: labelled horizontal bars, a histogram, or one
 * stacked bar with a legend */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  LW_CHART_BARS,       /* one horizontal bar per value: label, bar, value */
  LW_CHART_HISTOGRAM,  /* vertical bars side by side, labels under them */
  LW_CHART_STACKED,    /* one bar split by the values, a legend under it */
} LwChartKind;

#define LW_TYPE_CHART (lw_chart_get_type ())
G_DECLARE_FINAL_TYPE (LwChart, lw_chart, LW, CHART, GtkWidget)

LwChart    *lw_chart_new          (LwChartKind    kind);
LwChartKind lw_chart_get_kind     (LwChart       *self);
/* Values shown as percentages of 1 (0.5 is "50 %") instead of counts. */
void        lw_chart_set_percent  (LwChart       *self,
                                   gboolean       percent);
void        lw_chart_clear        (LwChart       *self);
/* @color: NULL for the accent colour (bars, histogram) or a palette colour (stacked). */
void        lw_chart_add          (LwChart       *self,
                                   const char    *label,
                                   double         value,
                                   const GdkRGBA *color);
guint       lw_chart_get_n_values (LwChart       *self);
const char *lw_chart_get_label    (LwChart       *self,
                                   guint          index);
double      lw_chart_get_value    (LwChart       *self,
                                   guint          index);
/* The colour the value was added with; FALSE (and @color untouched) when it had none. */
gboolean    lw_chart_get_color    (LwChart       *self,
                                   guint          index,
                                   GdkRGBA       *color);
/* "car: 3, bus: 1": the chart's numbers as text, which is also its tooltip and its
 * accessible description. */
const char *lw_chart_get_summary  (LwChart       *self);
/* The index of the bar at (@x, @y) in widget coordinates, or -1. */
int         lw_chart_value_at     (LwChart       *self,
                                   double         x,
                                   double         y);

G_END_DECLS
