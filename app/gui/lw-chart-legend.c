/* lw-chart-legend.c: what the statistics charts share: text, and a flowing legend */
#include "config.h"

#include "lw-chart-legend.h"

#define GAP 8.0
#define SWATCH 10.0
#define LEGEND_LINE 20.0

int
lw_chart_text_width (GtkWidget *widget, const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

void
lw_chart_show_text (cairo_t *cr, PangoLayout *layout, const GdkRGBA *color, double x, double y)
{
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

double
lw_chart_legend_layout (GtkWidget *widget, const char * const *texts, double width, double *x, double *y)
{
  double cx = 0, cy = 0;
  guint i;

  for (i = 0; texts[i] != NULL; i++)
    {
      double w = SWATCH + 6 + lw_chart_text_width (widget, texts[i]);

      if (cx > 0 && cx + w > width)
        {
          cx = 0;
          cy += LEGEND_LINE;
        }
      if (x != NULL)
        {
          x[i] = cx;
          y[i] = cy;
        }
      cx += w + 2 * GAP;
    }
  return i > 0 ? cy + LEGEND_LINE : 0;
}

void
lw_chart_legend_draw (GtkWidget *widget, cairo_t *cr, const char * const *texts, const GdkRGBA *colors,
                      double width, double top, const GdkRGBA *fg)
{
  guint n = g_strv_length ((char **) texts);
  g_autofree double *lx = g_new0 (double, MAX (n, 1u));
  g_autofree double *ly = g_new0 (double, MAX (n, 1u));

  lw_chart_legend_layout (widget, texts, width, lx, ly);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PangoLayout) legend = gtk_widget_create_pango_layout (widget, texts[i]);
      double y = top + ly[i];
      int tw, th;

      pango_layout_get_pixel_size (legend, &tw, &th);
      gdk_cairo_set_source_rgba (cr, &colors[i]);
      cairo_rectangle (cr, lx[i], y + (th - SWATCH) / 2, SWATCH, SWATCH);
      cairo_fill (cr);
      lw_chart_show_text (cr, legend, fg, lx[i] + SWATCH + 6, y);
    }
}
