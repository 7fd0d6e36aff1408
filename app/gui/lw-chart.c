/* lw-chart.c: a small chart drawn with cairo: labelled horizontal bars, a histogram, or one
 * stacked bar with a legend */
#define G_LOG_DOMAIN "lw-chart"

#include "config.h"

#include <math.h>

#include "lw-chart.h"
#include "lw-chart-legend.h"

#define ROW_HEIGHT 26.0
#define BAR_HEIGHT 14.0
#define GAP 8.0
#define HISTOGRAM_HEIGHT 150.0
#define STACKED_BAR 22.0

typedef struct {
  char    *label;
  double   value;
  gboolean has_color;
  GdkRGBA  color;
} Entry;

struct _LwChart
{
  GtkWidget    parent_instance;

  LwChartKind  kind;
  gboolean     percent;
  GArray      *entries;   /* Entry */
  char        *summary;
};

G_DEFINE_FINAL_TYPE (LwChart, lw_chart, GTK_TYPE_WIDGET)

/* The GNOME palette's mid tones: told apart in light and dark styles alike. */
static const char *const palette[] = {
  "#3584e4", "#33d17a", "#f6d32d", "#ff7800", "#e01b24", "#9141ac", "#986a44", "#77767b",
};

static void
entry_clear (gpointer data)
{
  g_free (((Entry *) data)->label);
}

static Entry *
entry_at (LwChart *self, guint i)
{
  return &g_array_index (self->entries, Entry, i);
}

static char *
format_value (LwChart *self, double value)
{
  if (isnan (value))
    return g_strdup ("–");
  if (self->percent)
    return g_strdup_printf ("%.1f %%", value * 100.0);
  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%.2f", value);
}

static GdkRGBA
entry_color (LwChart *self, guint i)
{
  Entry *e = entry_at (self, i);
  GdkRGBA color;

  if (e->has_color)
    return e->color;
  gdk_rgba_parse (&color, self->kind == LW_CHART_STACKED ? palette[i % G_N_ELEMENTS (palette)] : palette[0]);
  return color;
}

static double
max_value (LwChart *self)
{
  double max = 0;

  for (guint i = 0; i < self->entries->len; i++)
    if (!isnan (entry_at (self, i)->value))
      max = MAX (max, entry_at (self, i)->value);
  return max;
}

static double
total_value (LwChart *self)
{
  double total = 0;

  for (guint i = 0; i < self->entries->len; i++)
    if (!isnan (entry_at (self, i)->value) && entry_at (self, i)->value > 0)
      total += entry_at (self, i)->value;
  return total;
}

static void
update_summary (LwChart *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      g_autofree char *value = format_value (self, entry_at (self, i)->value);
      g_string_append_printf (text, "%s%s: %s", i ? ", " : "", entry_at (self, i)->label, value);
    }
  g_free (self->summary);
  self->summary = g_string_free (text, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->summary, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The label column of a bar chart: the widest label, at most 40 % of the width. */
static double
label_column (LwChart *self, double width)
{
  int w = 0;

  for (guint i = 0; i < self->entries->len; i++)
    w = MAX (w, lw_chart_text_width (GTK_WIDGET (self), entry_at (self, i)->label));
  return MIN ((double) w, width * 0.4);
}

static double
value_column (LwChart *self)
{
  int w = 0;

  for (guint i = 0; i < self->entries->len; i++)
    {
      g_autofree char *value = format_value (self, entry_at (self, i)->value);
      w = MAX (w, lw_chart_text_width (GTK_WIDGET (self), value));
    }
  return w;
}

/* The stacked bar's legend entries: "label value". */
static GStrv
legend_texts (LwChart *self)
{
  GStrv texts = g_new0 (char *, self->entries->len + 1);

  for (guint i = 0; i < self->entries->len; i++)
    {
      g_autofree char *value = format_value (self, entry_at (self, i)->value);
      texts[i] = g_strdup_printf ("%s %s", entry_at (self, i)->label, value);
    }
  return texts;
}

static void
lw_chart_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                  int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  LwChart *self = LW_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 360;
      return;
    }
  switch (self->kind)
    {
    case LW_CHART_BARS:
      *minimum = *natural = (int) ceil (MAX (1u, self->entries->len) * ROW_HEIGHT);
      break;
    case LW_CHART_HISTOGRAM:
      *minimum = *natural = (int) HISTOGRAM_HEIGHT;
      break;
    case LW_CHART_STACKED:
    default:
      {
        g_auto(GStrv) texts = legend_texts (self);
        *minimum = *natural = (int) ceil (STACKED_BAR + GAP +
                                          lw_chart_legend_layout (widget, (const char * const *) texts,
                                                                  for_size > 0 ? for_size : 360, NULL, NULL));
      }
      break;
    }
}

static GtkSizeRequestMode
lw_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
draw_bars (LwChart *self, cairo_t *cr, double width, const GdkRGBA *fg, const GdkRGBA *track)
{
  double labels = label_column (self, width), values = value_column (self);
  double x0 = labels + GAP, bar_w = MAX (1.0, width - x0 - GAP - values), max = max_value (self);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = entry_at (self, i);
      g_autoptr(PangoLayout) label = gtk_widget_create_pango_layout (GTK_WIDGET (self), e->label);
      g_autofree char *text = format_value (self, e->value);
      g_autoptr(PangoLayout) value = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      GdkRGBA color = entry_color (self, i);
      double y = i * ROW_HEIGHT, w = 0;
      int lw, lh;

      pango_layout_set_width (label, (int) (labels * PANGO_SCALE));
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (label, &lw, &lh);
      lw_chart_show_text (cr, label, fg, labels - lw, y + (ROW_HEIGHT - lh) / 2);

      gdk_cairo_set_source_rgba (cr, track);
      cairo_rectangle (cr, x0, y + (ROW_HEIGHT - BAR_HEIGHT) / 2, bar_w, BAR_HEIGHT);
      cairo_fill (cr);
      if (max > 0 && !isnan (e->value) && e->value > 0)
        w = bar_w * e->value / max;
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_rectangle (cr, x0, y + (ROW_HEIGHT - BAR_HEIGHT) / 2, w, BAR_HEIGHT);
      cairo_fill (cr);

      pango_layout_get_pixel_size (value, &lw, &lh);
      lw_chart_show_text (cr, value, fg, x0 + bar_w + GAP, y + (ROW_HEIGHT - lh) / 2);
    }
}

static void
draw_histogram (LwChart *self, cairo_t *cr, double width, double height,
                const GdkRGBA *fg, const GdkRGBA *track)
{
  guint n = self->entries->len;
  double max = max_value (self), slot, top = 18, bottom = 20, plot;

  if (n == 0)
    return;
  slot = width / n;
  plot = height - top - bottom;
  gdk_cairo_set_source_rgba (cr, track);
  cairo_rectangle (cr, 0, height - bottom - 1, width, 1);
  cairo_fill (cr);
  for (guint i = 0; i < n; i++)
    {
      Entry *e = entry_at (self, i);
      g_autoptr(PangoLayout) label = gtk_widget_create_pango_layout (GTK_WIDGET (self), e->label);
      g_autofree char *text = format_value (self, e->value);
      g_autoptr(PangoLayout) value = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      GdkRGBA color = entry_color (self, i);
      /* A few bins in a wide chart stay bars, not slabs. */
      double h = 0, pad = MAX (MIN (6.0, slot * 0.15), (slot - 64.0) / 2);
      int lw, lh;

      if (max > 0 && !isnan (e->value) && e->value > 0)
        h = MAX (1.0, plot * e->value / max);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_rectangle (cr, i * slot + pad, height - bottom - h, slot - 2 * pad, h);
      cairo_fill (cr);

      pango_layout_set_width (value, (int) (slot * PANGO_SCALE));
      pango_layout_set_alignment (value, PANGO_ALIGN_CENTER);
      pango_layout_set_ellipsize (value, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (value, &lw, &lh);
      lw_chart_show_text (cr, value, fg, i * slot, height - bottom - h - lh);

      pango_layout_set_width (label, (int) (slot * PANGO_SCALE));
      pango_layout_set_alignment (label, PANGO_ALIGN_CENTER);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      lw_chart_show_text (cr, label, fg, i * slot, height - bottom + 2);
    }
}

static void
draw_stacked (LwChart *self, cairo_t *cr, double width, const GdkRGBA *fg, const GdkRGBA *track)
{
  guint n = self->entries->len;
  g_auto(GStrv) texts = legend_texts (self);
  g_autofree GdkRGBA *colors = g_new0 (GdkRGBA, MAX (n, 1u));
  double total = total_value (self), x = 0;

  gdk_cairo_set_source_rgba (cr, track);
  cairo_rectangle (cr, 0, 0, width, STACKED_BAR);
  cairo_fill (cr);
  for (guint i = 0; i < n; i++)
    {
      Entry *e = entry_at (self, i);

      colors[i] = entry_color (self, i);
      if (total > 0 && !isnan (e->value) && e->value > 0)
        {
          double w = width * e->value / total;
          gdk_cairo_set_source_rgba (cr, &colors[i]);
          cairo_rectangle (cr, x, 0, w, STACKED_BAR);
          cairo_fill (cr);
          x += w;
        }
    }
  lw_chart_legend_draw (GTK_WIDGET (self), cr, (const char * const *) texts, colors, width,
                        STACKED_BAR + GAP, fg);
}

static void
lw_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LwChart *self = LW_CHART (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GdkRGBA fg, track;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  track = fg;
  track.alpha *= 0.1f;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  switch (self->kind)
    {
    case LW_CHART_BARS:
      draw_bars (self, cr, width, &fg, &track);
      break;
    case LW_CHART_HISTOGRAM:
      draw_histogram (self, cr, width, height, &fg, &track);
      break;
    case LW_CHART_STACKED:
    default:
      draw_stacked (self, cr, width, &fg, &track);
      break;
    }
  cairo_destroy (cr);
}

int
lw_chart_value_at (LwChart *self, double x, double y)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  guint n;

  g_return_val_if_fail (LW_IS_CHART (self), -1);

  n = self->entries->len;
  if (n == 0 || width <= 0 || x < 0 || y < 0 || x >= width)
    return -1;
  switch (self->kind)
    {
    case LW_CHART_BARS:
      return y < n * ROW_HEIGHT ? (int) (y / ROW_HEIGHT) : -1;
    case LW_CHART_HISTOGRAM:
      return (int) MIN (n - 1, (guint) (x / (width / n)));
    case LW_CHART_STACKED:
    default:
      {
        double total = total_value (self), cx = 0;

        if (y >= STACKED_BAR || total <= 0)
          return -1;
        for (guint i = 0; i < n; i++)
          {
            double v = entry_at (self, i)->value;
            if (!isnan (v) && v > 0)
              cx += width * v / total;
            if (x < cx)
              return (int) i;
          }
        return -1;
      }
    }
}

static gboolean
on_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                  gpointer data)
{
  LwChart *self = LW_CHART (widget);
  int i = keyboard ? -1 : lw_chart_value_at (self, x, y);

  if (i >= 0)
    {
      g_autofree char *value = format_value (self, entry_at (self, i)->value);
      g_autofree char *text = g_strdup_printf ("%s: %s", entry_at (self, i)->label, value);
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }
  if (self->summary == NULL || *self->summary == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->summary);
  return TRUE;
}

static void
lw_chart_finalize (GObject *object)
{
  LwChart *self = LW_CHART (object);

  g_array_unref (self->entries);
  g_free (self->summary);
  G_OBJECT_CLASS (lw_chart_parent_class)->finalize (object);
}

static void
lw_chart_class_init (LwChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lw_chart_finalize;
  widget_class->measure = lw_chart_measure;
  widget_class->get_request_mode = lw_chart_get_request_mode;
  widget_class->snapshot = lw_chart_snapshot;
  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lw_chart_init (LwChart *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  self->summary = g_strdup ("");
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
}

LwChart *
lw_chart_new (LwChartKind kind)
{
  LwChart *self = g_object_new (LW_TYPE_CHART, NULL);

  self->kind = kind;
  return self;
}

LwChartKind
lw_chart_get_kind (LwChart *self)
{
  g_return_val_if_fail (LW_IS_CHART (self), LW_CHART_BARS);
  return self->kind;
}

void
lw_chart_set_percent (LwChart *self, gboolean percent)
{
  g_return_if_fail (LW_IS_CHART (self));
  self->percent = !!percent;
  update_summary (self);
}

void
lw_chart_clear (LwChart *self)
{
  g_return_if_fail (LW_IS_CHART (self));
  g_array_set_size (self->entries, 0);
  update_summary (self);
}

void
lw_chart_add (LwChart *self, const char *label, double value, const GdkRGBA *color)
{
  Entry e = { g_strdup (label ? label : ""), value, color != NULL, { 0, 0, 0, 1 } };

  g_return_if_fail (LW_IS_CHART (self));
  if (color != NULL)
    e.color = *color;
  g_array_append_val (self->entries, e);
  update_summary (self);
}

guint
lw_chart_get_n_values (LwChart *self)
{
  g_return_val_if_fail (LW_IS_CHART (self), 0);
  return self->entries->len;
}

const char *
lw_chart_get_label (LwChart *self, guint index)
{
  g_return_val_if_fail (LW_IS_CHART (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return entry_at (self, index)->label;
}

double
lw_chart_get_value (LwChart *self, guint index)
{
  g_return_val_if_fail (LW_IS_CHART (self), NAN);
  g_return_val_if_fail (index < self->entries->len, NAN);
  return entry_at (self, index)->value;
}

gboolean
lw_chart_get_color (LwChart *self, guint index, GdkRGBA *color)
{
  g_return_val_if_fail (LW_IS_CHART (self), FALSE);
  g_return_val_if_fail (index < self->entries->len, FALSE);
  g_return_val_if_fail (color != NULL, FALSE);

  if (!entry_at (self, index)->has_color)
    return FALSE;
  *color = entry_at (self, index)->color;
  return TRUE;
}

const char *
lw_chart_get_summary (LwChart *self)
{
  g_return_val_if_fail (LW_IS_CHART (self), NULL);
  return self->summary;
}
