/* lw-chart-legend.h: what the statistics charts share: text, and a legend of colour swatches
 * with "name value" entries that flow in lines */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The width of @text in @widget's font, in pixels. */
int    lw_chart_text_width      (GtkWidget      *widget,
                                 const char     *text);
/* Shows @layout at @x, @y in @color. */
void   lw_chart_show_text       (cairo_t        *cr,
                                 PangoLayout    *layout,
                                 const GdkRGBA  *color,
                                 double          x,
                                 double          y);
/* Lays @texts out in lines within @width; @x and @y (may be NULL) receive each entry's
 * top-left corner. Returns the legend's height (0 for none). */
double lw_chart_legend_layout   (GtkWidget          *widget,
                                 const char * const *texts,
                                 double              width,
                                 double             *x,
                                 double             *y);
/* Draws the legend from @top: a swatch of colors[i] and texts[i] in @fg for each entry. */
void   lw_chart_legend_draw     (GtkWidget          *widget,
                                 cairo_t            *cr,
                                 const char * const *texts,
                                 const GdkRGBA      *colors,
                                 double              width,
                                 double              top,
                                 const GdkRGBA      *fg);

G_END_DECLS
