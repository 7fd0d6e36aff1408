/* lw-canvas-draw.c: painting annotations, the selection's handles, the shape being drawn and
 * the crosshair over the canvas's image. Lines keep their width in screen pixels at any zoom. */
#include "config.h"

#include <math.h>

#include "lw-canvas-private.h"
#include "lw-gui.h"

#define HANDLE_RADIUS 4.5

static void
to_widget (const LwPaint *p, double ix, double iy, double *wx, double *wy)
{
  *wx = p->ox + ix * p->zoom;
  *wy = p->oy + iy * p->zoom;
}

static void
class_rgba (const LwPaint *p, gint64 class_id, GdkRGBA *rgba)
{
  LwLabelClass *klass = p->classes ? g_hash_table_lookup (p->classes, &class_id) : NULL;

  if (klass == NULL || klass->color == NULL || !gdk_rgba_parse (rgba, klass->color))
    gdk_rgba_parse (rgba, "#c0bfbc");
}

/* Labels are drawn once into small surfaces, kept by text and colour: laying out and
 * rendering text for a thousand shapes is a large part of a frame. */
static cairo_surface_t *
label_surface (const LwPaint *p, const char *text, const GdkRGBA *rgba)
{
  g_autofree char *rgba_text = gdk_rgba_to_string (rgba);
  g_autofree char *key = g_strdup_printf ("%s\x1f%s\x1f%.3f", text, rgba_text, p->outline_opacity);
  cairo_surface_t *surface = g_hash_table_lookup (p->labels, key);
  int scale = p->scale;
  g_autoptr(PangoLayout) layout = NULL;
  int tw, th;
  double lum;
  cairo_t *cr;

  /* On a worker there is no widget: its labels were made beforehand. */
  if (surface != NULL || p->widget == NULL)
    return surface;
  layout = gtk_widget_create_pango_layout (p->widget, text);
  pango_layout_get_pixel_size (layout, &tw, &th);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (tw + 6) * scale, (th + 2) * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, 0.85 * p->outline_opacity);
  cairo_paint (cr);
  /* Dark text on light class colours (yellow), light text on the rest. */
  lum = 0.2126 * rgba->red + 0.7152 * rgba->green + 0.0722 * rgba->blue;
  if (lum > 0.6)
    cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, p->outline_opacity);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, p->outline_opacity);
  cairo_move_to (cr, 3, 1);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  g_hash_table_insert (p->labels, g_steal_pointer (&key), surface);
  return surface;
}

static void
draw_label (const LwPaint *p, cairo_t *cr, const char *text, double x, double y,
            const GdkRGBA *rgba)
{
  cairo_surface_t *surface = label_surface (p, text, rgba);
  double sx, sy;
  int h;

  if (surface == NULL)
    return;
  cairo_surface_get_device_scale (surface, &sx, &sy);
  h = (int) (cairo_image_surface_get_height (surface) / sy);
  cairo_set_source_surface (cr, surface, round (x), round (MAX (y - h, 0)));
  cairo_paint (cr);
}

/* Adds the outline of @ann in widget coordinates to the path; returns whether it encloses an area, and
 * where its label goes. */
static gboolean
trace_shape (const LwPaint *p, cairo_t *cr, const LwAnnotation *ann, gboolean open_end,
             double *lx, double *ly)
{
  guint n = lw_annotation_n_values (ann);
  const double *v = (const double *) ann->geometry->data;
  double wx, wy;

  *lx = *ly = 0;
  switch (ann->kind)
    {
    case LW_ANNOTATION_BBOX:
    case LW_ANNOTATION_RBOX:
      if (n < (ann->kind == LW_ANNOTATION_BBOX ? 4u : 5u))
        return FALSE;
      for (guint i = 0; i < 4; i++)
        {
          double hx, hy;
          lw_shape_handle_pos (ann, i, &hx, &hy);
          to_widget (p, hx, hy, &wx, &wy);
          if (i == 0)
            cairo_move_to (cr, wx, wy);
          else
            cairo_line_to (cr, wx, wy);
          if (i == 0 || wy < *ly)
            *lx = wx, *ly = wy;
        }
      cairo_close_path (cr);
      return TRUE;

    case LW_ANNOTATION_POLYGON:
    case LW_ANNOTATION_POLYLINE:
      for (guint i = 0; i + 1 < n; i += 2)
        {
          to_widget (p, v[i], v[i + 1], &wx, &wy);
          if (i == 0)
            cairo_move_to (cr, wx, wy);
          else
            cairo_line_to (cr, wx, wy);
          /* Polygons are labelled at their top, lines at their start: lines often
           * meet at the far end (lanes at the horizon), where labels would collide. */
          if (i == 0 || (ann->kind == LW_ANNOTATION_POLYGON && wy < *ly))
            *lx = wx, *ly = wy;
        }
      if (ann->kind == LW_ANNOTATION_POLYGON && !open_end && n >= 6)
        {
          cairo_close_path (cr);
          return TRUE;
        }
      return FALSE;

    case LW_ANNOTATION_POINT:
      if (n < 2)
        return FALSE;
      to_widget (p, v[0], v[1], &wx, &wy);
      cairo_new_sub_path (cr);
      cairo_arc (cr, wx, wy, 5.0, 0, 2 * G_PI);
      *lx = wx + 6, *ly = wy - 4;
      return TRUE;

    case LW_ANNOTATION_KEYPOINTS:
      for (guint i = 0; i + 2 < n; i += 3)
        {
          if (v[i + 2] <= 0)
            continue;
          to_widget (p, v[i], v[i + 1], &wx, &wy);
          cairo_new_sub_path (cr);
          cairo_arc (cr, wx, wy, 3.5, 0, 2 * G_PI);
          if (*lx == 0 && *ly == 0)
            *lx = wx, *ly = wy;
        }
      return TRUE;

    case LW_ANNOTATION_TAG:
    case LW_ANNOTATION_SPAN:
    case LW_ANNOTATION_N_KINDS:
    default:
      return FALSE;
    }
}

/* With colours by annotator, each annotator's shapes take one colour of a fixed set. */
static void
shape_rgba (const LwPaint *p, const LwAnnotation *ann, GdkRGBA *rgba)
{
  if (p->by_annotator)
    lw_gui_annotator_rgba (ann->annotator_id, rgba);
  else
    class_rgba (p, ann->class_id, rgba);
}

/* "car", "car 87%" for a prediction, "car · alice" with colours by annotator. */
static char *
dup_label_text (const LwPaint *p, const LwAnnotation *ann)
{
  LwLabelClass *klass = p->classes ? g_hash_table_lookup (p->classes, &ann->class_id) : NULL;
  const char *who = p->by_annotator && p->annotator_names
                    ? g_hash_table_lookup (p->annotator_names, &ann->annotator_id) : NULL;
  g_autofree char *score = NULL;

  if (klass == NULL)
    return NULL;
  if (ann->source == LW_SOURCE_PREDICTION && !isnan (ann->score))
    score = g_strdup_printf (" %.0f%%", ann->score * 100.0);
  return g_strconcat (klass->name, score ? score : "", who ? " · " : "", who ? who : "", NULL);
}

/* The class's skeleton between visible keypoints (1-based index pairs). */
static void
draw_skeleton (const LwPaint *p, cairo_t *cr, const LwAnnotation *ann, const LwLabelClass *klass)
{
  guint n = lw_annotation_n_values (ann) / 3;
  const double *v = (const double *) ann->geometry->data;

  if (klass == NULL || klass->skeleton == NULL)
    return;
  cairo_new_path (cr);
  for (guint i = 0; i + 1 < klass->skeleton->len; i += 2)
    {
      int a = g_array_index (klass->skeleton, int, i) - 1;
      int b = g_array_index (klass->skeleton, int, i + 1) - 1;
      double ax, ay, bx, by;

      if (a < 0 || b < 0 || (guint) a >= n || (guint) b >= n || v[3 * a + 2] <= 0 || v[3 * b + 2] <= 0)
        continue;
      to_widget (p, v[3 * a], v[3 * a + 1], &ax, &ay);
      to_widget (p, v[3 * b], v[3 * b + 1], &bx, &by);
      cairo_move_to (cr, ax, ay);
      cairo_line_to (cr, bx, by);
    }
  cairo_stroke (cr);
}

/* The colour and opacity @ann's area is filled with. */
static void
fill_rgba (const LwPaint *p, const LwAnnotation *ann, gboolean selected, GdkRGBA *c)
{
  shape_rgba (p, ann, c);
  c->alpha = ann->kind == LW_ANNOTATION_POINT || ann->kind == LW_ANNOTATION_KEYPOINTS
             ? p->outline_opacity : p->fill_opacity;
  if (selected && ann->kind != LW_ANNOTATION_POINT && ann->kind != LW_ANNOTATION_KEYPOINTS)
    c->alpha = MIN (1.0, c->alpha * 1.6);
  if (ann->source == LW_SOURCE_PREDICTION)
    c->alpha *= 0.5;
}

/* Outline, skeleton and label: everything of @ann but its area. */
static void
draw_outline (const LwPaint *p, cairo_t *cr, const LwAnnotation *ann, gboolean selected,
              gboolean open_end)
{
  LwLabelClass *klass = p->classes ? g_hash_table_lookup (p->classes, &ann->class_id) : NULL;
  double lx, ly;
  GdkRGBA c;

  shape_rgba (p, ann, &c);
  cairo_set_line_width (cr, selected ? 3.0 : 2.0);
  if (ann->kind == LW_ANNOTATION_POLYLINE)
    cairo_set_line_width (cr, selected ? 4.0 : 3.0);
  if (ann->source == LW_SOURCE_PREDICTION)
    {
      static const double dashes[] = { 6.0, 4.0 };
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
    }
  else
    cairo_set_dash (cr, NULL, 0, 0);

  cairo_set_source_rgba (cr, c.red, c.green, c.blue, p->outline_opacity);
  if (ann->kind == LW_ANNOTATION_KEYPOINTS)
    draw_skeleton (p, cr, ann, klass);
  cairo_new_path (cr);
  trace_shape (p, cr, ann, open_end, &lx, &ly);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  if (klass != NULL && (lx != 0 || ly != 0))
    {
      g_autofree char *label = dup_label_text (p, ann);
      draw_label (p, cr, label, lx, ly, &c);
    }
}

static void
draw_annotation (const LwPaint *p, cairo_t *cr, const LwAnnotation *ann, gboolean selected,
                 gboolean open_end)
{
  double lx, ly;
  GdkRGBA c;

  cairo_new_path (cr);
  if (trace_shape (p, cr, ann, open_end, &lx, &ly))
    {
      fill_rgba (p, ann, selected, &c);
      gdk_cairo_set_source_rgba (cr, &c);
      cairo_fill (cr);
    }
  draw_outline (p, cr, ann, selected, open_end);
}

static void
draw_handles (const LwPaint *p, cairo_t *cr, const LwAnnotation *ann)
{
  guint n = lw_shape_n_handles (ann);

  for (guint h = 0; h < n; h++)
    {
      double x, y, wx, wy;

      if (ann->kind == LW_ANNOTATION_KEYPOINTS
          && g_array_index (ann->geometry, double, 3 * h + 2) <= 0)
        continue;
      /* On a small box the edge handles would hide it: its corners are enough. */
      if (ann->kind == LW_ANNOTATION_BBOX && h >= 4
          && MIN (lw_annotation_value (ann, 2), lw_annotation_value (ann, 3)) * p->zoom < 8 * HANDLE_RADIUS)
        continue;
      lw_shape_handle_pos (ann, h, &x, &y);
      to_widget (p, x, y, &wx, &wy);
      cairo_new_path (cr);
      if (ann->kind == LW_ANNOTATION_RBOX && h == 4)
        cairo_arc (cr, wx, wy, HANDLE_RADIUS + 1, 0, 2 * G_PI);
      else
        cairo_rectangle (cr, wx - HANDLE_RADIUS, wy - HANDLE_RADIUS, 2 * HANDLE_RADIUS, 2 * HANDLE_RADIUS);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
    }
}

static void
draw_crosshair (LwCanvas *self, cairo_t *cr, int w, int h)
{
  static const double dashes[] = { 4.0, 4.0 };
  double x = round (self->pointer_x) + 0.5;
  double y = round (self->pointer_y) + 0.5;

  cairo_set_line_width (cr, 1.0);
  /* Black and white dashes in turn: seen on dark and on light images. */
  for (int pass = 0; pass < 2; pass++)
    {
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), pass * 4.0);
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, h);
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, w, y);
      cairo_set_source_rgba (cr, pass, pass, pass, pass ? 0.9 : 0.7);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);
}

static gboolean
shown (const LwPaint *p, const LwAnnotation *ann)
{
  if (p->hidden != NULL && g_hash_table_contains (p->hidden, &ann->class_id))
    return FALSE;
  if (p->layer != 0 && ann->annotator_id != p->layer)
    return FALSE;
  return !(ann->source == LW_SOURCE_PREDICTION && !isnan (ann->score)
           && ann->score < p->prediction_threshold && ann->id != p->selected_id);
}

void
_lw_paint_make_labels (const LwPaint *p, GPtrArray *annotations)
{
  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    {
      const LwAnnotation *ann = annotations->pdata[i];
      g_autofree char *text = dup_label_text (p, ann);
      GdkRGBA c;

      if (text == NULL || ann->kind == LW_ANNOTATION_TAG || ann->kind == LW_ANNOTATION_SPAN)
        continue;
      shape_rgba (p, ann, &c);
      label_surface (p, text, &c);
    }
}

gboolean
_lw_paint_bounds (const LwPaint *p, const LwAnnotation *ann, cairo_rectangle_int_t *out)
{
  double x, y, w, h, x0, y0, x1, y1;
  cairo_surface_t *label = NULL;
  g_autofree char *text = NULL;
  int lw = 0, lh = 0;

  if (ann->kind == LW_ANNOTATION_RBOX && lw_annotation_n_values (ann) >= 5)
    {
      /* Its corners and rotation knob. */
      x0 = y0 = G_MAXDOUBLE, x1 = y1 = -G_MAXDOUBLE;
      for (guint i = 0; i < 5; i++)
        {
          double hx, hy;
          lw_shape_handle_pos (ann, i, &hx, &hy);
          x0 = MIN (x0, hx), y0 = MIN (y0, hy), x1 = MAX (x1, hx), y1 = MAX (y1, hy);
        }
      x = x0, y = y0, w = x1 - x0, h = y1 - y0;
    }
  else if (!lw_annotation_bounds (ann, &x, &y, &w, &h))
    return FALSE;
  to_widget (p, x, y, &x0, &y0);
  to_widget (p, x + w, y + h, &x1, &y1);
  text = dup_label_text (p, ann);
  if (text != NULL)
    {
      GdkRGBA c;
      double sx, sy;

      shape_rgba (p, ann, &c);
      label = label_surface (p, text, &c);
      if (label != NULL)
        {
          cairo_surface_get_device_scale (label, &sx, &sy);
          lw = (int) (cairo_image_surface_get_width (label) / sx);
          lh = (int) (cairo_image_surface_get_height (label) / sy);
        }
    }
  /* Outlines up to 4 pixels wide, points of radius 5, and the label, which starts at a top
   * vertex (anywhere along the top) and is pushed down at the widget's top edge. */
  out->x = (int) floor (x0) - 8;
  out->y = (int) floor (y0) - 8 - lh;
  out->width = (int) ceil (x1 - x0) + lw + 6 + 16 + 8;
  out->height = (int) ceil (y1 - y0) + 16 + 2 * lh;
  return TRUE;
}

/* Shapes whose areas cairo may fill together: same colour and opacity, and boxes apart from
 * the rest (cairo composites a path of axis-aligned rectangles its own way, and a partial
 * redraw must give the pixels of a full one). */
typedef struct {
  GdkRGBA rgba;
  gboolean boxes;
} FillGroup;

static gboolean
has_area (const LwAnnotation *ann)
{
  guint n = lw_annotation_n_values (ann);

  switch (ann->kind)
    {
    case LW_ANNOTATION_BBOX:
      return n >= 4;
    case LW_ANNOTATION_RBOX:
      return n >= 5;
    case LW_ANNOTATION_POLYGON:
      return n >= 6;
    case LW_ANNOTATION_POINT:
      return n >= 2;
    case LW_ANNOTATION_KEYPOINTS:
      return TRUE;
    case LW_ANNOTATION_POLYLINE:
    case LW_ANNOTATION_TAG:
    case LW_ANNOTATION_SPAN:
    case LW_ANNOTATION_N_KINDS:
    default:
      return FALSE;
    }
}

static guint
fill_group (GArray *groups, const LwPaint *p, const LwAnnotation *ann)
{
  FillGroup g = { .boxes = ann->kind == LW_ANNOTATION_BBOX };

  fill_rgba (p, ann, FALSE, &g.rgba);
  for (guint i = 0; i < groups->len; i++)
    {
      const FillGroup *o = &g_array_index (groups, FillGroup, i);
      if (o->boxes == g.boxes && gdk_rgba_equal (&o->rgba, &g.rgba))
        return i;
    }
  g_array_append_val (groups, g);
  return groups->len - 1;
}

/* The layer: areas first, filled together by colour (one scan conversion for a thousand
 * polygons of a class instead of one each: a quarter of the time), then outlines and labels
 * in the shapes' order, so that every outline stays visible over the areas. Where areas of
 * one colour overlap, the overlap is filled once. */
static void
paint_layer (const LwPaint *p, GPtrArray *annotations, cairo_t *cr, const cairo_region_t *region)
{
  g_autoptr(GPtrArray) drawn = g_ptr_array_new ();
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (FillGroup));
  g_autoptr(GArray) group_of = g_array_new (FALSE, FALSE, sizeof (guint));
  double lx, ly;

  /* Cairo's default antialiasing makes outlines cost most of a switch to an image with a
   * thousand polygons; the fast one is indistinguishable at 2 pixels and takes a third. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    {
      const LwAnnotation *ann = g_ptr_array_index (annotations, i);
      cairo_rectangle_int_t bounds;
      guint g = G_MAXUINT;

      if (ann->id == p->selected_id || !shown (p, ann))
        continue;
      /* Shapes without bounds (none drawn) and shapes outside the region are skipped. */
      if (region != NULL
          && (!_lw_paint_bounds (p, ann, &bounds)
              || cairo_region_contains_rectangle (region, &bounds) == CAIRO_REGION_OVERLAP_OUT))
        continue;
      if (has_area (ann))
        g = fill_group (groups, p, ann);
      g_ptr_array_add (drawn, (gpointer) ann);
      g_array_append_val (group_of, g);
    }

  for (guint g = 0; g < groups->len; g++)
    {
      cairo_new_path (cr);
      for (guint i = 0; i < drawn->len; i++)
        if (g_array_index (group_of, guint, i) == g)
          trace_shape (p, cr, drawn->pdata[i], FALSE, &lx, &ly);
      gdk_cairo_set_source_rgba (cr, &g_array_index (groups, FillGroup, g).rgba);
      cairo_fill (cr);
    }
  for (guint i = 0; i < drawn->len; i++)
    draw_outline (p, cr, drawn->pdata[i], FALSE, FALSE);
}

void
_lw_paint_shapes_in (const LwPaint *p, GPtrArray *annotations, cairo_t *cr, const cairo_region_t *region)
{
  paint_layer (p, annotations, cr, region);
}

void
_lw_paint_shapes (const LwPaint *p, GPtrArray *annotations, cairo_t *cr)
{
  paint_layer (p, annotations, cr, NULL);
}

void
_lw_canvas_paint_init (LwCanvas *self, LwPaint *p)
{
  lw_canvas_image_to_widget (self, 0, 0, &p->ox, &p->oy);
  p->zoom = self->zoom;
  p->fill_opacity = self->fill_opacity;
  p->outline_opacity = self->outline_opacity;
  p->prediction_threshold = self->prediction_threshold;
  p->selected_id = self->selected_id;
  p->classes = self->classes;
  p->labels = self->labels;
  p->hidden = self->hidden;
  p->layer = self->layer;
  p->by_annotator = self->by_annotator;
  p->annotator_names = self->annotator_names;
  p->widget = GTK_WIDGET (self);
  p->scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

void
_lw_canvas_draw_overlay (LwCanvas *self, cairo_t *cr)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  const LwAnnotation *selected = NULL;
  LwPaint paint, *p = &paint;

  _lw_canvas_paint_init (self, p);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  /* The selection is drawn over its neighbours, as it is being edited. */
  selected = self->edit != NULL && !self->drawing ? self->edit : _lw_canvas_find (self, self->selected_id);
  if (selected != NULL)
    {
      draw_annotation (p, cr, selected, TRUE, FALSE);
      draw_handles (p, cr, selected);
    }
  if (self->drawing && self->edit != NULL)
    {
      draw_annotation (p, cr, self->edit, TRUE, TRUE);
      draw_handles (p, cr, self->edit);
      /* The rubber band from the last vertex to the pointer. */
      if ((self->edit->kind == LW_ANNOTATION_POLYGON || self->edit->kind == LW_ANNOTATION_POLYLINE)
          && self->pointer_inside && lw_annotation_n_values (self->edit) >= 2)
        {
          guint n = lw_annotation_n_values (self->edit);
          double wx, wy;
          GdkRGBA c;

          shape_rgba (p, self->edit, &c);
          to_widget (p, lw_annotation_value (self->edit, n - 2),
                                     lw_annotation_value (self->edit, n - 1), &wx, &wy);
          cairo_new_path (cr);
          cairo_move_to (cr, wx, wy);
          cairo_line_to (cr, self->pointer_x, self->pointer_y);
          cairo_set_source_rgba (cr, c.red, c.green, c.blue, 0.8);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }
    }
  if (self->show_crosshair && self->pointer_inside && (self->tool == LW_TOOL_BBOX || self->tool == LW_TOOL_RBOX)
      && self->drag != LW_DRAG_PAN)
    draw_crosshair (self, cr, w, h);
}
