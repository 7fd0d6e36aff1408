/* lw-line-chart.h: series of numbers over one shared axis of labelled points (days), drawn as
 * coloured lines with a value axis, a date axis and a legend naming each series */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LW_TYPE_LINE_CHART (lw_line_chart_get_type ())
G_DECLARE_FINAL_TYPE (LwLineChart, lw_line_chart, LW, LINE_CHART, GtkWidget)

LwLineChart *lw_line_chart_new               (void);
/* Drops every series and sets the points of the axis (copied); @labels NULL-terminated. */
void         lw_line_chart_set_points        (LwLineChart        *self,
                                              const char * const *labels);
guint        lw_line_chart_get_n_points      (LwLineChart        *self);
const char  *lw_line_chart_get_point_label   (LwLineChart        *self,
                                              guint               point);
/* Adds a series with one value per point (lw_line_chart_get_n_points of them). */
void         lw_line_chart_add_series        (LwLineChart        *self,
                                              const char         *name,
                                              const GdkRGBA      *color,
                                              const double       *values);
guint        lw_line_chart_get_n_series      (LwLineChart        *self);
const char  *lw_line_chart_get_series_name   (LwLineChart        *self,
                                              guint               series);
void         lw_line_chart_get_series_color  (LwLineChart        *self,
                                              guint               series,
                                              GdkRGBA            *color);
double       lw_line_chart_get_value         (LwLineChart        *self,
                                              guint               series,
                                              guint               point);
/* The numbers in words, for a screen reader (the accessible description) and the tooltip:
 * "alice: 1 on 11-26, 3 on 11-27; bob: 2 on 11-27", each series by the points where its
 * value changes. */
const char  *lw_line_chart_get_summary       (LwLineChart        *self);
/* The point under widget x coordinate @x, or -1. */
int          lw_line_chart_point_at          (LwLineChart        *self,
                                              double              x);

G_END_DECLS
