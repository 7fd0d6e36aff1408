/* lw-line-chart.c: series of numbers over one shared axis of labelled points (days), drawn as
 * coloured lines with a value axis, a date axis and a legend naming each series */
#define G_LOG_DOMAIN "lw-line-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lw-line-chart.h"
#include "lw-chart-legend.h"

#define TOP 8.0
#define PLOT_HEIGHT 160.0
#define AXIS_HEIGHT 22.0
#define GAP 8.0
/* Room at both ends of the date axis, so that the first and last dots are not cut; the
 * chart keeps half a date label there, so that the end labels centre on their days too. */
#define INSET 6.0

typedef struct {
  char    *name;
  GdkRGBA  color;
  double  *values;   /* one per point */
} Series;

struct _LwLineChart
{
  GtkWidget  parent_instance;

  GPtrArray *points;   /* char*: the axis labels */
  GArray    *series;   /* Series */
  char      *summary;
  double     inset;    /* at each end of the date axis, see update_inset */
};

G_DEFINE_FINAL_TYPE (LwLineChart, lw_line_chart, GTK_TYPE_WIDGET)

static void
series_clear (gpointer data)
{
  Series *s = data;

  g_free (s->name);
  g_free (s->values);
}

static Series *
series_at (LwLineChart *self, guint i)
{
  return &g_array_index (self->series, Series, i);
}

static char *
format_value (double value)
{
  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%.2f", value);
}

static double
last_value (LwLineChart *self, guint i)
{
  return self->points->len ? series_at (self, i)->values[self->points->len - 1] : 0;
}

static void
update_summary (LwLineChart *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = series_at (self, i);
      gboolean any = FALSE;

      g_string_append_printf (text, "%s%s: ", i ? "; " : "", s->name);
      for (guint p = 0; p < self->points->len; p++)
        {
          g_autofree char *value = NULL;

          if ((p == 0 && s->values[p] == 0) || (p > 0 && s->values[p] == s->values[p - 1]))
            continue;
          value = format_value (s->values[p]);
          if (any)
            g_string_append (text, ", ");
          /* Translators: a value of a chart's series at a day, "3 on 11-27" */
          g_string_append_printf (text, _("%s on %s"), value, (char *) g_ptr_array_index (self->points, p));
          any = TRUE;
        }
      if (!any)
        g_string_append (text, "0");
    }
  g_free (self->summary);
  self->summary = g_string_free (text, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->summary, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The legend's entries: each series' name and its last value. */
static GStrv
legend_texts (LwLineChart *self)
{
  GStrv texts = g_new0 (char *, self->series->len + 1);

  for (guint i = 0; i < self->series->len; i++)
    {
      g_autofree char *value = format_value (last_value (self, i));
      texts[i] = g_strdup_printf ("%s %s", series_at (self, i)->name, value);
    }
  return texts;
}

/* A round step (1, 2 or 5 times a power of ten) that cuts 0..@max into at most four parts. */
static double
tick_step (double max)
{
  double magnitude, step;

  if (max <= 0)
    return 1;
  magnitude = pow (10, floor (log10 (max / 4)));
  step = magnitude;
  if (max / step > 4)
    step = 2 * magnitude;
  if (max / step > 4)
    step = 5 * magnitude;
  if (max / step > 4)
    step = 10 * magnitude;
  return MAX (step, 1);
}

static double
max_value (LwLineChart *self)
{
  double max = 0;

  for (guint i = 0; i < self->series->len; i++)
    for (guint p = 0; p < self->points->len; p++)
      if (!isnan (series_at (self, i)->values[p]))
        max = MAX (max, series_at (self, i)->values[p]);
  return max;
}

/* The plot's left edge: the widest value label of the axis. */
static double
plot_left (LwLineChart *self, double top_value)
{
  g_autofree char *label = format_value (top_value);

  return lw_chart_text_width (GTK_WIDGET (self), label) + GAP;
}

static void
update_inset (LwLineChart *self)
{
  int label_w = 0;

  for (guint p = 0; p < self->points->len; p++)
    label_w = MAX (label_w, lw_chart_text_width (GTK_WIDGET (self), g_ptr_array_index (self->points, p)));
  self->inset = MAX (INSET, label_w / 2.0);
}

static double
point_x (LwLineChart *self, guint p, double left, double width)
{
  guint n = self->points->len;

  if (n <= 1)
    return left + (width - left) / 2;
  return left + self->inset + p * (width - left - 2 * self->inset) / (n - 1);
}

static void
lw_line_chart_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                       int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  LwLineChart *self = LW_LINE_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 400;
      return;
    }
  {
    g_auto(GStrv) texts = legend_texts (self);
    *minimum = *natural = (int) ceil (TOP + PLOT_HEIGHT + AXIS_HEIGHT + GAP +
                                      lw_chart_legend_layout (widget, (const char * const *) texts,
                                                              for_size > 0 ? for_size : 400, NULL, NULL));
  }
}

static GtkSizeRequestMode
lw_line_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
draw_axes (LwLineChart *self, cairo_t *cr, double width, double left, double top_value,
           double step, const GdkRGBA *fg, const GdkRGBA *grid)
{
  guint n = self->points->len, every = 1;
  int label_w = 0;

  for (double v = 0; v <= top_value + step / 2; v += step)
    {
      g_autofree char *text = format_value (v);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      double y = TOP + PLOT_HEIGHT - PLOT_HEIGHT * v / top_value;
      int tw, th;

      gdk_cairo_set_source_rgba (cr, grid);
      cairo_rectangle (cr, left, round (y), width - left, 1);
      cairo_fill (cr);
      pango_layout_get_pixel_size (layout, &tw, &th);
      lw_chart_show_text (cr, layout, fg, left - GAP - tw, y - th / 2.0);
    }

  /* Date labels as dense as they fit, counted back from the last day, which is always named. */
  for (guint p = 0; p < n; p++)
    label_w = MAX (label_w, lw_chart_text_width (GTK_WIDGET (self), g_ptr_array_index (self->points, p)));
  if (n > 1)
    {
      double slot = (width - left - 2 * self->inset) / (n - 1);
      every = (guint) MAX (1.0, ceil ((label_w + 2 * GAP) / MAX (slot, 1.0)));
    }
  for (guint p = 0; p < n; p++)
    {
      g_autoptr(PangoLayout) layout = NULL;
      double x;
      int tw, th;

      if ((n - 1 - p) % every != 0)
        continue;
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), g_ptr_array_index (self->points, p));
      pango_layout_get_pixel_size (layout, &tw, &th);
      x = CLAMP (point_x (self, p, left, width) - tw / 2.0, left, width - tw);
      lw_chart_show_text (cr, layout, fg, x, TOP + PLOT_HEIGHT + 4);
    }
}

static void
lw_line_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LwLineChart *self = LW_LINE_CHART (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  guint n = self->points->len;
  g_auto(GStrv) texts = NULL;
  g_autofree GdkRGBA *colors = NULL;
  double step, top_value, left, radius;
  GdkRGBA fg, grid;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || n == 0)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  grid = fg;
  grid.alpha *= 0.12f;
  step = tick_step (max_value (self));
  top_value = MAX (step, ceil (max_value (self) / step) * step);
  left = plot_left (self, top_value);
  /* Dots on every day while there is room for them; the lines alone beyond. */
  radius = n == 1 || (width - left) / n >= 10 ? 3.0 : 0.0;

  update_inset (self);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_axes (self, cr, width, left, top_value, step, &fg, &grid);
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = series_at (self, i);

      gdk_cairo_set_source_rgba (cr, &s->color);
      for (guint p = 0; p < n; p++)
        {
          double y = TOP + PLOT_HEIGHT - PLOT_HEIGHT * s->values[p] / top_value;
          if (p == 0)
            cairo_move_to (cr, point_x (self, p, left, width), y);
          else
            cairo_line_to (cr, point_x (self, p, left, width), y);
        }
      cairo_stroke (cr);
      for (guint p = 0; p < n && radius > 0; p++)
        {
          double y = TOP + PLOT_HEIGHT - PLOT_HEIGHT * s->values[p] / top_value;
          cairo_new_sub_path (cr);
          cairo_arc (cr, point_x (self, p, left, width), y, radius, 0, 2 * G_PI);
        }
      cairo_fill (cr);
    }

  texts = legend_texts (self);
  colors = g_new0 (GdkRGBA, MAX (self->series->len, 1u));
  for (guint i = 0; i < self->series->len; i++)
    colors[i] = series_at (self, i)->color;
  lw_chart_legend_draw (widget, cr, (const char * const *) texts, colors, width,
                        TOP + PLOT_HEIGHT + AXIS_HEIGHT + GAP, &fg);
  cairo_destroy (cr);
}

int
lw_line_chart_point_at (LwLineChart *self, double x)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self)), left, best = G_MAXDOUBLE;
  double step;
  int found = -1;

  g_return_val_if_fail (LW_IS_LINE_CHART (self), -1);

  if (self->points->len == 0 || width <= 0 || x < 0 || x >= width)
    return -1;
  step = tick_step (max_value (self));
  left = plot_left (self, MAX (step, ceil (max_value (self) / step) * step));
  if (x < left)
    return -1;
  update_inset (self);
  for (guint p = 0; p < self->points->len; p++)
    if (fabs (point_x (self, p, left, width) - x) < best)
      {
        best = fabs (point_x (self, p, left, width) - x);
        found = (int) p;
      }
  return found;
}

static gboolean
on_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                  gpointer data)
{
  LwLineChart *self = LW_LINE_CHART (widget);
  int p = keyboard || y > TOP + PLOT_HEIGHT + AXIS_HEIGHT ? -1 : lw_line_chart_point_at (self, x);
  GString *text;

  if (p < 0)
    {
      if (self->summary == NULL || *self->summary == '\0')
        return FALSE;
      gtk_tooltip_set_text (tooltip, self->summary);
      return TRUE;
    }
  text = g_string_new (g_ptr_array_index (self->points, p));
  for (guint i = 0; i < self->series->len; i++)
    {
      g_autofree char *value = format_value (series_at (self, i)->values[p]);
      g_string_append_printf (text, "\n%s: %s", series_at (self, i)->name, value);
    }
  gtk_tooltip_set_text (tooltip, text->str);
  g_string_free (text, TRUE);
  return TRUE;
}

static void
lw_line_chart_finalize (GObject *object)
{
  LwLineChart *self = LW_LINE_CHART (object);

  g_ptr_array_unref (self->points);
  g_array_unref (self->series);
  g_free (self->summary);
  G_OBJECT_CLASS (lw_line_chart_parent_class)->finalize (object);
}

static void
lw_line_chart_class_init (LwLineChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lw_line_chart_finalize;
  widget_class->measure = lw_line_chart_measure;
  widget_class->get_request_mode = lw_line_chart_get_request_mode;
  widget_class->snapshot = lw_line_chart_snapshot;
  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lw_line_chart_init (LwLineChart *self)
{
  self->points = g_ptr_array_new_with_free_func (g_free);
  self->series = g_array_new (FALSE, TRUE, sizeof (Series));
  g_array_set_clear_func (self->series, series_clear);
  self->summary = g_strdup ("");
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
}

LwLineChart *
lw_line_chart_new (void)
{
  return g_object_new (LW_TYPE_LINE_CHART, NULL);
}

void
lw_line_chart_set_points (LwLineChart *self, const char * const *labels)
{
  g_return_if_fail (LW_IS_LINE_CHART (self));

  g_array_set_size (self->series, 0);
  g_ptr_array_set_size (self->points, 0);
  for (guint p = 0; labels != NULL && labels[p] != NULL; p++)
    g_ptr_array_add (self->points, g_strdup (labels[p]));
  update_summary (self);
}

guint
lw_line_chart_get_n_points (LwLineChart *self)
{
  g_return_val_if_fail (LW_IS_LINE_CHART (self), 0);
  return self->points->len;
}

const char *
lw_line_chart_get_point_label (LwLineChart *self, guint point)
{
  g_return_val_if_fail (LW_IS_LINE_CHART (self), NULL);
  g_return_val_if_fail (point < self->points->len, NULL);
  return g_ptr_array_index (self->points, point);
}

void
lw_line_chart_add_series (LwLineChart *self, const char *name, const GdkRGBA *color,
                          const double *values)
{
  Series s = { 0 };

  g_return_if_fail (LW_IS_LINE_CHART (self));
  g_return_if_fail (color != NULL);
  g_return_if_fail (values != NULL || self->points->len == 0);

  s.name = g_strdup (name ? name : "");
  s.color = *color;
  s.values = self->points->len ? g_memdup2 (values, sizeof (double) * self->points->len) : NULL;
  g_array_append_val (self->series, s);
  update_summary (self);
}

guint
lw_line_chart_get_n_series (LwLineChart *self)
{
  g_return_val_if_fail (LW_IS_LINE_CHART (self), 0);
  return self->series->len;
}

const char *
lw_line_chart_get_series_name (LwLineChart *self, guint series)
{
  g_return_val_if_fail (LW_IS_LINE_CHART (self), NULL);
  g_return_val_if_fail (series < self->series->len, NULL);
  return series_at (self, series)->name;
}

void
lw_line_chart_get_series_color (LwLineChart *self, guint series, GdkRGBA *color)
{
  g_return_if_fail (LW_IS_LINE_CHART (self));
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (color != NULL);
  *color = series_at (self, series)->color;
}

double
lw_line_chart_get_value (LwLineChart *self, guint series, guint point)
{
  g_return_val_if_fail (LW_IS_LINE_CHART (self), NAN);
  g_return_val_if_fail (series < self->series->len, NAN);
  g_return_val_if_fail (point < self->points->len, NAN);
  return series_at (self, series)->values[point];
}

const char *
lw_line_chart_get_summary (LwLineChart *self)
{
  g_return_val_if_fail (LW_IS_LINE_CHART (self), NULL);
  return self->summary;
}
