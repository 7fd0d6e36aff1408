/* lw-canvas.c: the canvas's view (image, zoom, scrolling, decoding ahead) and its edits */
#define G_LOG_DOMAIN "lw-canvas"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lw-canvas-private.h"
#include "lw-gui.h"
#include "lw-image-levels.h"

#define MIN_ZOOM 0.02
#define MAX_ZOOM 64.0
#define FIT_MARGIN 24.0
#define KEEP_DECODED 4
/* Zoomed out, images are drawn from copies halved down to about this size. */
#define SMALLEST_LEVEL 512
/* From this many screen pixels per image pixel, pixels are drawn as squares. */
#define NEAREST_FROM 3.0

enum {
  PROP_0,
  PROP_FILL_OPACITY,
  PROP_OUTLINE_OPACITY,
  PROP_PREDICTION_THRESHOLD,
  PROP_BRIGHTNESS,
  PROP_CONTRAST,
  PROP_TOOL,
  PROP_ZOOM,
  PROP_HINT,
  PROP_GRAY16,
  PROP_SHOW_CROSSHAIR,
  N_PROPS,
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  SIGNAL_SELECTION_CHANGED,
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (LwCanvas, lw_canvas, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static const char *const tool_names[] = {
  "select", "bbox", "rbox", "polygon", "polyline", "point", "keypoints",
};

const char *
lw_tool_to_string (LwTool tool)
{
  return tool < LW_N_TOOLS ? tool_names[tool] : NULL;
}

LwAnnotationKind
lw_tool_kind (LwTool tool)
{
  switch (tool)
    {
    case LW_TOOL_BBOX: return LW_ANNOTATION_BBOX;
    case LW_TOOL_RBOX: return LW_ANNOTATION_RBOX;
    case LW_TOOL_POLYGON: return LW_ANNOTATION_POLYGON;
    case LW_TOOL_POLYLINE: return LW_ANNOTATION_POLYLINE;
    case LW_TOOL_POINT: return LW_ANNOTATION_POINT;
    case LW_TOOL_KEYPOINTS: return LW_ANNOTATION_KEYPOINTS;
    case LW_TOOL_SELECT:
    case LW_N_TOOLS:
    default: return LW_ANNOTATION_N_KINDS;
    }
}

static LwTool
tool_for_kind (LwAnnotationKind kind)
{
  for (LwTool t = LW_TOOL_BBOX; t < LW_N_TOOLS; t++)
    if (lw_tool_kind (t) == kind)
      return t;
  return LW_TOOL_SELECT;
}

/* The size annotations are placed in: the item's, or the image's when the item has none. */
static void
image_size (LwCanvas *self, double *w, double *h)
{
  *w = self->width > 0 ? self->width : (self->texture ? gdk_texture_get_width (self->texture) : 0);
  *h = self->height > 0 ? self->height : (self->texture ? gdk_texture_get_height (self->texture) : 0);
}

static double
fit_zoom_for (LwCanvas *self, double iw, double ih)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  if (iw <= 0 || ih <= 0 || w <= FIT_MARGIN || h <= FIT_MARGIN)
    return 1.0;
  /* Never blow a small image up by more than 4x to fit. */
  return CLAMP (MIN ((w - FIT_MARGIN) / iw, (h - FIT_MARGIN) / ih), MIN_ZOOM, 4.0);
}

static double
fit_zoom (LwCanvas *self)
{
  double iw, ih;

  image_size (self, &iw, &ih);
  return fit_zoom_for (self, iw, ih);
}

/* Where the image's top-left corner is, in widget coordinates: centred when it is smaller
 * than the view, else where the scroll bars say. */
static void
origin (LwCanvas *self, double *ox, double *oy)
{
  double iw, ih;
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  image_size (self, &iw, &ih);
  iw *= self->zoom;
  ih *= self->zoom;
  *ox = iw <= w ? floor ((w - iw) / 2) : -floor (self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0);
  *oy = ih <= h ? floor ((h - ih) / 2) : -floor (self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0);
}

void
lw_canvas_image_to_widget (LwCanvas *self, double ix, double iy, double *wx, double *wy)
{
  double ox, oy;

  origin (self, &ox, &oy);
  *wx = ox + ix * self->zoom;
  *wy = oy + iy * self->zoom;
}

void
lw_canvas_widget_to_image (LwCanvas *self, double wx, double wy, double *ix, double *iy)
{
  double ox, oy;

  origin (self, &ox, &oy);
  *ix = (wx - ox) / self->zoom;
  *iy = (wy - oy) / self->zoom;
}

double
_lw_canvas_tolerance (LwCanvas *self, double widget_pixels)
{
  return widget_pixels / self->zoom;
}

static void
configure_adjustment (GtkAdjustment *adj, double content, double view, double value)
{
  double upper = MAX (content, view);

  if (adj == NULL)
    return;
  gtk_adjustment_configure (adj, CLAMP (value, 0, upper - view), 0, upper,
                            view * 0.1, view * 0.9, view);
}

static void
configure_adjustments (LwCanvas *self, double hvalue, double vvalue)
{
  double iw, ih;

  image_size (self, &iw, &ih);
  configure_adjustment (self->hadjustment, iw * self->zoom, gtk_widget_get_width (GTK_WIDGET (self)), hvalue);
  configure_adjustment (self->vadjustment, ih * self->zoom, gtk_widget_get_height (GTK_WIDGET (self)), vvalue);
}

static void
lw_canvas_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  LwCanvas *self = LW_CANVAS (widget);

  if (self->fit)
    self->zoom = fit_zoom (self);
  configure_adjustments (self,
                         self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0,
                         self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0);
}

static void
set_zoom_at (LwCanvas *self, double zoom, double wx, double wy)
{
  double ix, iy;

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  lw_canvas_widget_to_image (self, wx, wy, &ix, &iy);
  self->fit = FALSE;
  if (zoom == self->zoom)
    return;
  self->zoom = zoom;
  /* The image point under (wx, wy) stays there. */
  configure_adjustments (self, ix * zoom - wx, iy * zoom - wy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
lw_canvas_get_zoom (LwCanvas *self)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), 1.0);
  return self->zoom;
}

void
lw_canvas_set_zoom (LwCanvas *self, double zoom)
{
  g_return_if_fail (LW_IS_CANVAS (self));
  set_zoom_at (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
lw_canvas_zoom_by (LwCanvas *self, double factor, double widget_x, double widget_y)
{
  g_return_if_fail (LW_IS_CANVAS (self));
  set_zoom_at (self, self->zoom * factor, widget_x, widget_y);
}

void
lw_canvas_zoom_fit (LwCanvas *self)
{
  g_return_if_fail (LW_IS_CANVAS (self));
  self->fit = TRUE;
  self->zoom = fit_zoom (self);
  configure_adjustments (self, 0, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
lw_canvas_get_fit (LwCanvas *self)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);
  return self->fit;
}

/* GTK 4.8's cairo renderer converts textures to surfaces on every frame: with it the image
 * is drawn from kept surfaces (lw-image-levels.c). */
static gboolean
draws_with_cairo (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

static void
push_adjustments (LwCanvas *self, GtkSnapshot *snapshot)
{
  graphene_matrix_t matrix;
  graphene_vec4_t offset;
  double c = self->contrast;
  float o = (float) (0.5 * (1.0 - c) + self->brightness);

  graphene_matrix_init_from_float (&matrix, (float[16]) {
                                     (float) c, 0, 0, 0,
                                     0, (float) c, 0, 0,
                                     0, 0, (float) c, 0,
                                     0, 0, 0, 1 });
  graphene_vec4_init (&offset, o, o, o, 0);
  gtk_snapshot_push_color_matrix (snapshot, &matrix, &offset);
}

/* A layer that took longer than a frame to draw stays shown, as it is, until a worker has
 * drawn the new one; a cheap one is drawn again by the next frame. */
void
_lw_canvas_invalidate (LwCanvas *self)
{
  g_clear_pointer (&self->shapes_dirty, cairo_region_destroy);
  if (self->shapes != NULL && self->shapes_cost_us > self->expensive_us && self->path != NULL)
    self->shapes_stale = TRUE;
  else
    g_clear_pointer (&self->shapes, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drop_shapes (LwCanvas *self)
{
  g_clear_pointer (&self->shapes, cairo_surface_destroy);
  g_clear_pointer (&self->shapes_dirty, cairo_region_destroy);
  self->shapes_stale = FALSE;
  self->shapes_scaled = FALSE;
  g_clear_handle_id (&self->settle_id, g_source_remove);
}

/* Marks where @ann is drawn as to draw again, with the view as it is. */
static void
dirty_shape (LwCanvas *self, const LwAnnotation *ann)
{
  cairo_rectangle_int_t bounds;
  LwPaint paint;

  if (ann == NULL || self->shapes == NULL)
    return;
  /* A layer shown scaled or outdated is replaced as a whole. */
  if (self->shapes_scaled || self->shapes_stale)
    {
      self->shapes_stale = TRUE;
      return;
    }
  _lw_canvas_paint_init (self, &paint);
  paint.selected_id = 0;
  if (!_lw_paint_bounds (&paint, ann, &bounds))
    return;
  if (self->shapes_dirty == NULL)
    self->shapes_dirty = cairo_region_create ();
  cairo_region_union_rectangle (self->shapes_dirty, &bounds);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* An edit stored on the shown item comes back as a new list: only the shapes that changed
 * (and whatever they overlap) are drawn again, not a thousand others. */
#define MAX_PARTIAL_CHANGES 64

static gboolean
dirty_changes (LwCanvas *self, GPtrArray *before, GPtrArray *after)
{
  g_autoptr(GHashTable) old = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint changes = 0;

  if (self->shapes == NULL || before == NULL || after == NULL)
    return FALSE;
  for (guint i = 0; i < before->len; i++)
    g_hash_table_insert (old, &((LwAnnotation *) before->pdata[i])->id, before->pdata[i]);
  for (guint i = 0; i < after->len && changes <= MAX_PARTIAL_CHANGES; i++)
    {
      LwAnnotation *ann = after->pdata[i];
      LwAnnotation *was = g_hash_table_lookup (old, &ann->id);

      if (was != NULL)
        g_hash_table_remove (old, &ann->id);
      if (was != NULL && was->updated_at == ann->updated_at && was->class_id == ann->class_id
          && was->source == ann->source)
        continue;
      dirty_shape (self, was);
      dirty_shape (self, ann);
      changes++;
    }
  if (changes + g_hash_table_size (old) > MAX_PARTIAL_CHANGES)
    return FALSE;
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, old);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      dirty_shape (self, value);
  }
  return TRUE;
}

typedef struct {
  cairo_surface_t *surface;
  double           key[5];
  gint64           selected_id;  /* the shape left out, drawn over the layer */
  guint            digest;
  gint64           cost_us;      /* how long the worker took to draw it */
} LwPrepainted;

static void
prepainted_free (LwPrepainted *pp)
{
  cairo_surface_destroy (pp->surface);
  g_free (pp);
}

/* How shapes are drawn changed (opacity, classes, hidden classes, layers...): layers drawn
 * ahead, and those workers are still drawing, are of no use. */
static void
forget_prepainted (LwCanvas *self)
{
  g_hash_table_remove_all (self->prepainted);
  self->paint_generation++;
}

/* What the shape layer of @annotations depends on; an edit changes updated_at. */
static guint
digest (GPtrArray *annotations)
{
  guint h = 17;

  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    {
      const LwAnnotation *ann = annotations->pdata[i];
      h = h * 31 + (guint) ann->id;
      h = h * 31 + (guint) ann->updated_at;
      h = h * 31 + (guint) ann->class_id;
      h = h * 31 + (guint) ann->source;
    }
  return h;
}

static cairo_surface_t *
new_layer (int w, int h, int scale)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w * scale, h * scale);

  cairo_surface_set_device_scale (surface, scale, scale);
  return surface;
}

static void paint_async (LwCanvas *self, const char *path, GPtrArray *annotations,
                         const double key[5], gint64 selected_id);

/* Rasterising a thousand antialiased polygons takes cairo longer than a frame: they are drawn
 * once into a layer kept until they, the view or the selection change, and each frame
 * paints that layer and then only what the user is changing. A layer for a new view (after a
 * zoom) or for the next item is drawn on a worker while frames go on. */
static gboolean
settle_view (gpointer data)
{
  LwCanvas *self = data;

  self->settle_id = 0;
  paint_async (self, self->path, self->annotations, self->settle_key, self->selected_id);
  return G_SOURCE_REMOVE;
}

#define SETTLE_MS 150

static cairo_surface_t *
ensure_shapes (LwCanvas *self, double ox, double oy, int w, int h, cairo_matrix_t *matrix)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double key[5] = { self->zoom, ox, oy, w, h };
  LwPrepainted *ahead = self->path ? g_hash_table_lookup (self->prepainted, self->path) : NULL;
  LwPaint paint;
  cairo_t *cr;
  gint64 start;

  cairo_matrix_init_identity (matrix);
  if (self->shapes != NULL && !self->shapes_stale && memcmp (key, self->shapes_key, sizeof key) == 0)
    {
      self->shapes_scaled = FALSE;
      if (self->shapes_dirty != NULL)
        {
          cr = cairo_create (self->shapes);
          gdk_cairo_region (cr, self->shapes_dirty);
          cairo_clip (cr);
          cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
          cairo_paint (cr);
          cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
          _lw_canvas_paint_init (self, &paint);
          _lw_paint_shapes_in (&paint, self->annotations, cr, self->shapes_dirty);
          cairo_destroy (cr);
          g_clear_pointer (&self->shapes_dirty, cairo_region_destroy);
        }
      return self->shapes;
    }
  /* Drawn on a worker for this view: the next item's, or this one's after a change. */
  if (ahead != NULL && ahead->selected_id == self->selected_id && memcmp (key, ahead->key, sizeof key) == 0
      && ahead->digest == digest (self->annotations))
    {
      drop_shapes (self);
      memcpy (self->shapes_key, key, sizeof key);
      self->shapes = cairo_surface_reference (ahead->surface);
      self->shapes_cost_us = ahead->cost_us;
      g_hash_table_remove (self->prepainted, self->path);
      return self->shapes;
    }
  /* An expensive layer that no longer fits is shown meanwhile: moved and scaled to a view
   * that moves or a canvas that is resized (drawn again once it has been still for a
   * moment), as it is when what it shows changed (drawn again now). */
  if (self->shapes != NULL && self->shapes_cost_us > self->expensive_us && self->path != NULL)
    {
      double k = self->zoom / self->shapes_key[0];

      g_clear_pointer (&self->shapes_dirty, cairo_region_destroy);
      if (memcmp (key, self->shapes_key, sizeof key) != 0)
        {
          /* Only a view that moved again restarts the wait: other frames (the pointer
           * moving over the canvas) leave it, or the worker already drawing. */
          if (!self->shapes_scaled || memcmp (key, self->settle_key, sizeof key) != 0)
            {
              g_clear_handle_id (&self->settle_id, g_source_remove);
              memcpy (self->settle_key, key, sizeof key);
              self->settle_id = g_timeout_add (SETTLE_MS, settle_view, self);
            }
          else if (self->settle_id == 0 && !g_hash_table_contains (self->painting_paths, self->path))
            paint_async (self, self->path, self->annotations, key, self->selected_id);   /* it did not fit */
          self->shapes_scaled = TRUE;
        }
      else if (!g_hash_table_contains (self->painting_paths, self->path))
        paint_async (self, self->path, self->annotations, key, self->selected_id);
      /* Widget point p of the kept layer shows image point (p - old origin) / old zoom. */
      cairo_matrix_init_translate (matrix, ox, oy);
      cairo_matrix_scale (matrix, k, k);
      cairo_matrix_translate (matrix, -self->shapes_key[1], -self->shapes_key[2]);
      return self->shapes;
    }
  /* A worker is drawing this very layer (an item that was not decoded ahead): the frame
   * its end asks for shows it. */
  if (self->awaiting && self->awaited_selected == self->selected_id
      && memcmp (key, self->awaited_key, sizeof key) == 0)
    return NULL;
  drop_shapes (self);
  memcpy (self->shapes_key, key, sizeof key);
  start = g_get_monotonic_time ();
  self->shapes = new_layer (w, h, scale);
  cr = cairo_create (self->shapes);
  _lw_canvas_paint_init (self, &paint);
  _lw_paint_shapes (&paint, self->annotations, cr);
  cairo_destroy (cr);
  self->shapes_cost_us = g_get_monotonic_time () - start;
  return self->shapes;
}

static void
lw_canvas_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LwCanvas *self = LW_CANVAS (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  double iw, ih, ox, oy, scale;
  graphene_rect_t area;
  gboolean adjusted = self->brightness != 0.0 || self->contrast != 1.0;
  cairo_t *cr;

  image_size (self, &iw, &ih);
  if (iw <= 0 || ih <= 0 || w <= 0 || h <= 0)
    return;
  origin (self, &ox, &oy);
  area = GRAPHENE_RECT_INIT (ox, oy, iw * self->zoom, ih * self->zoom);
  scale = self->zoom * gtk_widget_get_scale_factor (widget);

  if (adjusted)
    push_adjustments (self, snapshot);
  if (self->levels != NULL && (scale >= NEAREST_FROM || draws_with_cairo (widget)))
    {
      cairo_surface_t *pixels = lw_image_levels_pick_surface (self->levels, area.size.width * scale);

      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
      /* Whole pixels: a clip that is not pixel-aligned becomes a mask. */
      cairo_rectangle (cr, floor (area.origin.x), floor (area.origin.y),
                       ceil (area.size.width), ceil (area.size.height));
      cairo_clip (cr);
      if (pixels != NULL)
        {
          cairo_translate (cr, ox, oy);
          cairo_scale (cr, area.size.width / cairo_image_surface_get_width (pixels),
                       area.size.height / cairo_image_surface_get_height (pixels));
          cairo_set_source_surface (cr, pixels, 0, 0);
          /* Zoomed in far enough to see pixels, they are drawn as squares. */
          cairo_pattern_set_filter (cairo_get_source (cr), scale >= NEAREST_FROM ? CAIRO_FILTER_NEAREST
                                                                               : CAIRO_FILTER_BILINEAR);
          cairo_paint (cr);
        }
      cairo_destroy (cr);
    }
  else if (self->levels != NULL)
    gtk_snapshot_append_texture (snapshot, lw_image_levels_pick_texture (self->levels, area.size.width * scale),
                                 &area);
  else
    gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.35, 0.35, 0.35, 1.0 }, &area);
  if (adjusted)
    gtk_snapshot_pop (snapshot);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (self->texture == NULL && self->error_message != NULL)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, self->error_message);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, MAX (ox, 0) + 12, MAX (oy, 0) + 12);
      pango_cairo_show_layout (cr, layout);
    }
  /* No clip: shapes are kept inside the image, and a clip that is not pixel-aligned costs a
   * mask per shape. */
  {
    cairo_matrix_t matrix;
    cairo_surface_t *layer = ensure_shapes (self, ox, oy, w, h, &matrix);

    if (layer != NULL)
      {
        cairo_save (cr);
        cairo_transform (cr, &matrix);
        cairo_set_source_surface (cr, layer, 0, 0);
        /* Scaled for a moment: cairo's default filter convolves when shrinking. */
        if (self->shapes_scaled)
          cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
        cairo_paint (cr);
        cairo_restore (cr);
      }
  }
  _lw_canvas_draw_overlay (self, cr);
  cairo_destroy (cr);
}

/* Decoding */

static void
decode_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  /* gdk_texture_new_from_filename may be called from any thread. */
  LwImageLevels *levels = lw_image_levels_load (task_data, SMALLEST_LEVEL, &error);

  if (levels == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, levels, (GDestroyNotify) lw_image_levels_unref);
}

static void
start_decode (LwCanvas *self, const char *path, GCancellable *cancellable, GAsyncReadyCallback done)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, done, NULL);

  g_task_set_source_tag (task, start_decode);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, decode_thread);
}

static void
remember_decoded (LwCanvas *self, const char *path, LwImageLevels *levels)
{
  if (g_hash_table_contains (self->decoded, path))
    return;
  g_hash_table_insert (self->decoded, g_strdup (path), lw_image_levels_ref (levels));
  g_queue_push_tail (&self->decoded_order, g_strdup (path));
  while (g_queue_get_length (&self->decoded_order) > KEEP_DECODED)
    {
      g_autofree char *old = g_queue_pop_head (&self->decoded_order);
      g_hash_table_remove (self->decoded, old);
    }
}

static void
show_texture (LwCanvas *self, LwImageLevels *levels, const GError *error)
{
  g_clear_object (&self->texture);
  g_clear_pointer (&self->levels, lw_image_levels_unref);
  g_clear_pointer (&self->error_message, g_free);
  if (levels != NULL)
    {
      self->levels = lw_image_levels_ref (levels);
      self->texture = g_object_ref (lw_image_levels_get_texture (levels));
    }
  else if (error != NULL)
    {
      g_debug ("%s: %s", self->path, error->message);
      self->error_message = g_strdup (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                                      ? _("Image file not found")
                                      : _("Cannot read the image file"));
    }
  if (self->fit)
    self->zoom = fit_zoom (self);
  configure_adjustments (self, 0, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRAY16]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
lw_canvas_get_gray16_range (LwCanvas *self, double *min, double *max)
{
  const LwGray16 *gray16;

  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);

  gray16 = self->levels ? lw_image_levels_get_gray16 (self->levels) : NULL;
  if (gray16 == NULL)
    return FALSE;
  *min = gray16->min;
  *max = gray16->max;
  return TRUE;
}

void
lw_canvas_set_window (LwCanvas *self, double center, double width)
{
  g_return_if_fail (LW_IS_CANVAS (self));

  if (self->levels == NULL || lw_image_levels_get_gray16 (self->levels) == NULL)
    return;
  lw_image_levels_set_window (self->levels, center, MAX (width, 1.0));
  g_set_object (&self->texture, lw_image_levels_get_texture (self->levels));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
load_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LwCanvas *self = LW_CANVAS (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwImageLevels) levels = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (levels != NULL)
    remember_decoded (self, self->path, levels);
  show_texture (self, levels, error);
}

static void
prefetch_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LwCanvas *self = LW_CANVAS (source);
  g_autofree char *path = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwImageLevels) levels = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_hash_table_remove (self->decoding, path);
  if (levels == NULL)
    return;
  remember_decoded (self, path, levels);
  /* The user got there first: show it now. */
  if (self->texture == NULL && self->error_message == NULL && g_strcmp0 (self->path, path) == 0)
    {
      g_cancellable_cancel (self->cancellable);
      show_texture (self, levels, NULL);
    }
}

typedef struct {
  LwPaint       paint;
  guint         generation;
  GPtrArray    *annotations;
  int           width;
  int           height;
  char         *path;
} PaintJob;

static void
paint_job_free (PaintJob *job)
{
  g_hash_table_unref (job->paint.labels);
  g_hash_table_unref (job->paint.hidden);
  if (job->paint.annotator_names != NULL)
    g_hash_table_unref (job->paint.annotator_names);
  if (job->paint.classes != NULL)
    g_hash_table_unref (job->paint.classes);
  g_ptr_array_unref (job->annotations);
  g_free (job->path);
  g_free (job);
}

static void
paint_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PaintJob *job = task_data;
  LwPrepainted *pp = g_new0 (LwPrepainted, 1);
  gint64 start = g_get_monotonic_time ();
  cairo_t *cr;

  pp->surface = new_layer (job->width, job->height, job->paint.scale);
  pp->key[0] = job->paint.zoom;
  pp->key[1] = job->paint.ox;
  pp->key[2] = job->paint.oy;
  pp->key[3] = job->width;
  pp->key[4] = job->height;
  pp->selected_id = job->paint.selected_id;
  pp->digest = digest (job->annotations);
  cr = cairo_create (pp->surface);
  _lw_paint_shapes (&job->paint, job->annotations, cr);
  cairo_destroy (cr);
  pp->cost_us = g_get_monotonic_time () - start;
  g_task_return_pointer (task, pp, (GDestroyNotify) prepainted_free);
}

static void
paint_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LwCanvas *self = LW_CANVAS (source);
  PaintJob *job = g_task_get_task_data (G_TASK (result));
  LwPrepainted *pp = g_task_propagate_pointer (G_TASK (result), NULL);
  guint jobs;

  if (pp == NULL || g_cancellable_is_cancelled (self->painting))
    {
      g_clear_pointer (&pp, prepainted_free);
      return;
    }
  if (job->generation != self->paint_generation)
    g_clear_pointer (&pp, prepainted_free);
  /* Whatever view it was for: the next frame takes it or draws its own. */
  if (g_strcmp0 (job->path, self->path) == 0)
    self->awaiting = FALSE;
  jobs = GPOINTER_TO_UINT (g_hash_table_lookup (self->painting_paths, job->path));
  if (jobs > 1)
    g_hash_table_insert (self->painting_paths, g_strdup (job->path), GUINT_TO_POINTER (jobs - 1));
  else
    g_hash_table_remove (self->painting_paths, job->path);
  if (pp != NULL)
    {
      if (g_hash_table_size (self->prepainted) >= KEEP_DECODED)
        g_hash_table_remove_all (self->prepainted);
      g_hash_table_insert (self->prepainted, g_strdup (job->path), pp);
    }
  /* This item's layer for a view the canvas waits on: the next frame takes it if it fits,
   * or asks for another. */
  if (g_strcmp0 (job->path, self->path) == 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Draws the shape layer of @annotations on a worker for the view @key (zoom, origin, size),
 * leaving out @selected_id. Labels are made here, on the main thread; the result goes into
 * the prepainted layers, where a frame showing that view takes it. */
static void
paint_async (LwCanvas *self, const char *path, GPtrArray *annotations, const double key[5],
             gint64 selected_id)
{
  g_autoptr(GTask) task = NULL;
  GHashTableIter iter;
  gpointer k, value;
  PaintJob *job;
  guint jobs;

  if (path == NULL || annotations == NULL || key[3] <= 0 || key[4] <= 0)
    return;
  job = g_new0 (PaintJob, 1);
  job->generation = self->paint_generation;
  _lw_canvas_paint_init (self, &job->paint);
  job->paint.zoom = key[0];
  job->paint.ox = key[1];
  job->paint.oy = key[2];
  job->paint.selected_id = selected_id;
  _lw_paint_make_labels (&job->paint, annotations);
  /* The worker gets labels of its own: the canvas's table grows on the main thread. */
  job->paint.labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) cairo_surface_destroy);
  g_hash_table_iter_init (&iter, self->labels);
  while (g_hash_table_iter_next (&iter, &k, &value))
    g_hash_table_insert (job->paint.labels, g_strdup (k), cairo_surface_reference (value));
  if (job->paint.classes != NULL)
    g_hash_table_ref (job->paint.classes);
  job->paint.hidden = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, self->hidden);
  while (g_hash_table_iter_next (&iter, &k, NULL))
    g_hash_table_add (job->paint.hidden, g_memdup2 (k, sizeof (gint64)));
  if (job->paint.annotator_names != NULL)
    g_hash_table_ref (job->paint.annotator_names);
  job->paint.widget = NULL;
  job->annotations = g_ptr_array_ref (annotations);
  job->width = (int) key[3];
  job->height = (int) key[4];
  job->path = g_strdup (path);
  jobs = GPOINTER_TO_UINT (g_hash_table_lookup (self->painting_paths, path));
  g_hash_table_insert (self->painting_paths, g_strdup (path), GUINT_TO_POINTER (jobs + 1));
  if (g_strcmp0 (path, self->path) == 0)
    {
      memcpy (self->awaited_key, key, sizeof self->awaited_key);
      self->awaited_selected = selected_id;
      self->awaiting = TRUE;
    }
  task = g_task_new (self, NULL, paint_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) paint_job_free);
  g_task_run_in_thread (task, paint_thread);
}

/* The shape layer of an item that is not shown yet, for the view it will open with: the whole
 * image fitted in the canvas as it is now. */
static void
paint_ahead (LwCanvas *self, const LwItem *item, const char *path, GPtrArray *annotations)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  double key[5];

  if (w <= 0 || h <= 0 || item->width <= 0 || item->height <= 0)
    return;
  key[0] = fit_zoom_for (self, item->width, item->height);
  key[1] = floor ((w - item->width * key[0]) / 2);
  key[2] = floor ((h - item->height * key[0]) / 2);
  key[3] = w;
  key[4] = h;
  if (!g_hash_table_contains (self->painting_paths, path))
    paint_async (self, path, annotations, key, 0);
  else if (g_strcmp0 (path, self->path) == 0)
    {
      /* Prefetched a moment ago and still being drawn: wait for that one. */
      memcpy (self->awaited_key, key, sizeof self->awaited_key);
      self->awaited_selected = 0;
      self->awaiting = TRUE;
    }
}

void
lw_canvas_prefetch (LwCanvas     *self,
                    const LwItem *item,
                    const char   *path,
                    GPtrArray    *annotations)
{
  GCancellable *cancellable;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LW_IS_CANVAS (self));

  if (path == NULL || g_strcmp0 (path, self->path) == 0)
    return;
  if (item != NULL && annotations != NULL && annotations->len > 0)
    paint_ahead (self, item, path, annotations);
  if (g_hash_table_contains (self->decoded, path) || g_hash_table_contains (self->decoding, path))
    return;
  cancellable = g_cancellable_new ();
  g_hash_table_insert (self->decoding, g_strdup (path), cancellable);
  task = g_task_new (self, cancellable, prefetch_done, g_strdup (path));
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, decode_thread);
}

static void
set_image (LwCanvas *self, const char *path)
{
  LwImageLevels *ready;

  if (g_strcmp0 (path, self->path) == 0 && (self->texture != NULL || self->error_message != NULL))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_free (self->path);
  self->path = g_strdup (path);
  self->fit = TRUE;
  self->awaiting = FALSE;

  ready = path ? g_hash_table_lookup (self->decoded, path) : NULL;
  if (ready != NULL || path == NULL)
    {
      show_texture (self, ready, NULL);
      return;
    }
  show_texture (self, NULL, NULL);
  /* A prefetch of this image is under way: its end shows it. */
  if (g_hash_table_contains (self->decoding, path))
    return;
  self->cancellable = g_cancellable_new ();
  start_decode (self, path, self->cancellable, load_done);
}

gboolean
lw_canvas_is_prefetched (LwCanvas *self, const char *path)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);
  return path != NULL && g_hash_table_contains (self->decoded, path)
         && !g_hash_table_contains (self->painting_paths, path);
}

gboolean
lw_canvas_shapes_pending (LwCanvas *self)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);
  return self->settle_id != 0 || self->awaiting || self->shapes_stale || self->shapes_scaled
         || self->shapes_dirty != NULL
         || (self->shapes == NULL && self->annotations != NULL && self->annotations->len > 0);
}

gboolean
lw_canvas_has_texture (LwCanvas *self)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);
  return self->texture != NULL;
}

/* Items and edits */

void
lw_canvas_set_project (LwCanvas *self, LwProject *project)
{
  g_return_if_fail (LW_IS_CANVAS (self));
  g_set_object (&self->project, project);
}

LwAnnotation *
_lw_canvas_find (LwCanvas *self, gint64 id)
{
  for (guint i = 0; id > 0 && self->annotations != NULL && i < self->annotations->len; i++)
    {
      LwAnnotation *ann = g_ptr_array_index (self->annotations, i);
      if (ann->id == id)
        return ann;
    }
  return NULL;
}

static void
drop_edit (LwCanvas *self)
{
  g_clear_pointer (&self->edit, lw_annotation_free);
  self->drawing = FALSE;
  self->drag = LW_DRAG_NONE;
}

void
lw_canvas_set_item (LwCanvas     *self,
                    const LwItem *item,
                    const char   *path,
                    GPtrArray    *annotations,
                    GHashTable   *classes)
{
  gint64 item_id = item ? item->id : 0;
  g_autoptr(GPtrArray) before = self->annotations ? g_ptr_array_ref (self->annotations) : NULL;
  gboolean same_item = item_id == self->item_id && g_strcmp0 (path, self->path) == 0;
  gboolean partial;

  g_return_if_fail (LW_IS_CANVAS (self));

  partial = item_id == self->item_id && classes == self->classes && g_strcmp0 (path, self->path) == 0;
  if (item_id != self->item_id)
    {
      drop_edit (self);
      self->selected_id = 0;
      self->item_id = item_id;
    }
  else if (self->edit != NULL && !self->drawing && self->drag == LW_DRAG_NONE)
    g_clear_pointer (&self->edit, lw_annotation_free);
  self->width = item ? item->width : 0;
  self->height = item ? item->height : 0;
  if (annotations != NULL)
    g_ptr_array_ref (annotations);
  if (classes != NULL)
    g_hash_table_ref (classes);
  g_clear_pointer (&self->annotations, g_ptr_array_unref);
  if (self->classes != classes || g_hash_table_size (self->labels) > 256)
    {
      g_hash_table_remove_all (self->labels);
      forget_prepainted (self);
    }
  g_clear_pointer (&self->classes, g_hash_table_unref);
  self->annotations = annotations;
  self->classes = classes;
  if (self->selected_id != 0 && _lw_canvas_find (self, self->selected_id) == NULL)
    {
      self->selected_id = 0;
      g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
    }
  set_image (self, path);
  _lw_canvas_update_hint (self);
  if (!same_item)
    drop_shapes (self);   /* not even shown while the next one is drawn */
  if (!partial || !dirty_changes (self, before, annotations))
    _lw_canvas_invalidate (self);
  /* An image that was not decoded ahead: its shapes are drawn on a worker while it decodes. */
  if (!partial && item != NULL && path != NULL && self->texture == NULL && self->error_message == NULL
      && annotations != NULL && annotations->len > 0 && !g_hash_table_contains (self->prepainted, path))
    paint_ahead (self, item, path, annotations);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_lw_canvas_emit_error (LwCanvas *self, GError *error)
{
  if (error != NULL)
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

static gboolean
editable (LwCanvas *self, GError **error)
{
  return lw_gui_check_editable (self->project, self->item_id, error);
}

gboolean
_lw_canvas_store_new (LwCanvas *self, LwAnnotation *ann, GError **error)
{
  if (!editable (self, error))
    return FALSE;
  ann->item_id = self->item_id;
  ann->annotator_id = 0;
  lw_shape_clamp (ann, self->width, self->height);
  if (!lw_project_add_annotation (self->project, ann, error))
    return FALSE;
  lw_canvas_select (self, ann->id);
  return TRUE;
}

gboolean
_lw_canvas_store_update (LwCanvas *self, const LwAnnotation *ann, GError **error)
{
  g_autoptr(LwAnnotation) copy = lw_annotation_copy (ann);

  if (!editable (self, error))
    return FALSE;
  lw_shape_clamp (copy, self->width, self->height);
  return lw_project_update_annotation (self->project, copy, error);
}

gint64
lw_canvas_get_selected (LwCanvas *self)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), 0);
  return self->selected_id;
}

void
lw_canvas_select (LwCanvas *self, gint64 id)
{
  g_return_if_fail (LW_IS_CANVAS (self));

  if (id == self->selected_id)
    return;
  if (!self->drawing)
    drop_edit (self);
  /* The selection is drawn over the layer, not in it: the old one goes back in, the new one
   * comes out. */
  dirty_shape (self, _lw_canvas_find (self, self->selected_id));
  dirty_shape (self, _lw_canvas_find (self, id));
  self->selected_id = id;
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
  _lw_canvas_update_hint (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Shapes that Tab walks through: every drawn shape that is shown. */
gboolean
_lw_canvas_shows (LwCanvas *self, const LwAnnotation *ann)
{
  if (g_hash_table_contains (self->hidden, &ann->class_id))
    return FALSE;
  if (self->layer != 0 && ann->annotator_id != self->layer)
    return FALSE;
  return !(ann->source == LW_SOURCE_PREDICTION && !isnan (ann->score)
           && ann->score < self->prediction_threshold && ann->id != self->selected_id);
}

static gboolean
selectable (LwCanvas *self, const LwAnnotation *ann)
{
  return ann->kind != LW_ANNOTATION_TAG && ann->kind != LW_ANNOTATION_SPAN && _lw_canvas_shows (self, ann);
}

void
lw_canvas_set_class_hidden (LwCanvas *self, gint64 class_id, gboolean hidden)
{
  g_return_if_fail (LW_IS_CANVAS (self));

  if (hidden == g_hash_table_contains (self->hidden, &class_id))
    return;
  if (hidden)
    g_hash_table_add (self->hidden, g_memdup2 (&class_id, sizeof class_id));
  else
    g_hash_table_remove (self->hidden, &class_id);
  if (hidden)
    {
      LwAnnotation *selected = _lw_canvas_find (self, self->selected_id);
      if (selected != NULL && selected->class_id == class_id)
        lw_canvas_select (self, 0);
    }
  forget_prepainted (self);
  _lw_canvas_invalidate (self);
}

void
lw_canvas_set_layer (LwCanvas *self, gint64 annotator_id)
{
  g_return_if_fail (LW_IS_CANVAS (self));

  if (self->layer == annotator_id)
    return;
  self->layer = annotator_id;
  if (annotator_id != 0)
    {
      LwAnnotation *selected = _lw_canvas_find (self, self->selected_id);
      if (selected != NULL && selected->annotator_id != annotator_id)
        lw_canvas_select (self, 0);
    }
  forget_prepainted (self);
  _lw_canvas_invalidate (self);
}

gint64
lw_canvas_get_layer (LwCanvas *self)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), 0);
  return self->layer;
}

void
lw_canvas_set_color_by_annotator (LwCanvas *self, gboolean by_annotator, GHashTable *names)
{
  g_return_if_fail (LW_IS_CANVAS (self));

  if (names != NULL)
    g_hash_table_ref (names);
  g_clear_pointer (&self->annotator_names, g_hash_table_unref);
  self->annotator_names = names;
  self->by_annotator = by_annotator;
  g_hash_table_remove_all (self->labels);
  forget_prepainted (self);
  _lw_canvas_invalidate (self);
}

gboolean
lw_canvas_get_class_hidden (LwCanvas *self, gint64 class_id)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);
  return g_hash_table_contains (self->hidden, &class_id);
}

void
lw_canvas_select_next (LwCanvas *self, gboolean backwards)
{
  guint n = self->annotations ? self->annotations->len : 0;
  int start = -1;

  g_return_if_fail (LW_IS_CANVAS (self));

  for (guint i = 0; i < n; i++)
    if (((LwAnnotation *) self->annotations->pdata[i])->id == self->selected_id)
      start = (int) i;
  for (guint step = 1; step <= n; step++)
    {
      int i = backwards ? (start < 0 ? (int) n - (int) step : (start - (int) step + (int) n) % (int) n)
                        : (start + (int) step) % (int) n;
      LwAnnotation *ann = self->annotations->pdata[i];
      if (selectable (self, ann))
        {
          lw_canvas_select (self, ann->id);
          return;
        }
    }
}

gint64
lw_canvas_get_class (LwCanvas *self)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), 0);
  return self->class_id;
}

static LwLabelClass *
lookup_class (LwCanvas *self, gint64 id)
{
  return self->classes ? g_hash_table_lookup (self->classes, &id) : NULL;
}

LwLabelClass *
_lw_canvas_class_for_kind (LwCanvas *self, LwAnnotationKind kind)
{
  LwLabelClass *klass = lookup_class (self, self->class_id);
  GHashTableIter iter;
  gpointer value;
  LwLabelClass *best = NULL;

  if (klass != NULL && lw_label_class_allows (klass, kind))
    return klass;
  if (self->classes == NULL)
    return NULL;
  g_hash_table_iter_init (&iter, self->classes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LwLabelClass *c = value;
      if (lw_label_class_allows (c, kind) && (best == NULL || c->position < best->position
                                              || (c->position == best->position && c->id < best->id)))
        best = c;
    }
  return best;
}

static char *
dup_kind_name (LwAnnotationKind kind)
{
  switch (kind)
    {
    case LW_ANNOTATION_BBOX: return g_strdup (_("a box"));
    case LW_ANNOTATION_RBOX: return g_strdup (_("a rotated box"));
    case LW_ANNOTATION_POLYGON: return g_strdup (_("a polygon"));
    case LW_ANNOTATION_POLYLINE: return g_strdup (_("a line"));
    case LW_ANNOTATION_POINT: return g_strdup (_("a point"));
    case LW_ANNOTATION_KEYPOINTS: return g_strdup (_("a set of keypoints"));
    case LW_ANNOTATION_TAG:
    case LW_ANNOTATION_SPAN:
    case LW_ANNOTATION_N_KINDS:
    default: return g_strdup (lw_annotation_kind_to_string (kind));
    }
}

gboolean
lw_canvas_apply_class (LwCanvas *self, gint64 class_id, GError **error)
{
  LwLabelClass *klass;
  LwAnnotation *selected;

  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);

  klass = lookup_class (self, class_id);
  if (klass == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No class with id %" G_GINT64_FORMAT), class_id);
      return FALSE;
    }
  selected = _lw_canvas_find (self, self->selected_id);
  if (selected != NULL && !self->drawing)
    {
      g_autoptr(LwAnnotation) copy = NULL;

      if (!lw_label_class_allows (klass, selected->kind))
        {
          g_autofree char *what = dup_kind_name (selected->kind);
          /* TRANSLATORS: "“traffic light” cannot be a polygon" */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” cannot be %s"), klass->name, what);
          return FALSE;
        }
      self->class_id = class_id;
      if (selected->class_id == class_id)
        return TRUE;
      copy = lw_annotation_copy (selected);
      copy->class_id = class_id;
      return _lw_canvas_store_update (self, copy, error);
    }

  self->class_id = class_id;
  if (self->drawing && self->edit != NULL && lw_label_class_allows (klass, self->edit->kind))
    self->edit->class_id = class_id;
  else if (self->tool == LW_TOOL_SELECT || !lw_label_class_allows (klass, lw_tool_kind (self->tool)))
    {
      /* The tool follows the class: pressing "lane line" gets the line tool. */
      for (LwAnnotationKind k = LW_ANNOTATION_BBOX; k < LW_ANNOTATION_SPAN; k++)
        if (lw_label_class_allows (klass, k))
          {
            lw_canvas_set_tool (self, tool_for_kind (k));
            break;
          }
    }
  _lw_canvas_update_hint (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

LwTool
lw_canvas_get_tool (LwCanvas *self)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), LW_TOOL_SELECT);
  return self->tool;
}

void
lw_canvas_set_tool (LwCanvas *self, LwTool tool)
{
  g_return_if_fail (LW_IS_CANVAS (self));
  g_return_if_fail (tool < LW_N_TOOLS);

  if (self->tool == tool)
    return;
  if (self->drawing)
    drop_edit (self);
  self->tool = tool;
  if (tool == LW_TOOL_SELECT)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);
  else
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
  _lw_canvas_update_hint (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
lw_canvas_delete_selected (LwCanvas *self, GError **error)
{
  gint64 id;

  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);

  if (self->selected_id <= 0 || !editable (self, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("Nothing is selected"));
      return FALSE;
    }
  id = self->selected_id;
  lw_canvas_select (self, 0);
  return lw_project_delete_annotation (self->project, id, error);
}

static gboolean
add_copies (LwCanvas *self, GPtrArray *annotations, double offset, GError **error)
{
  gint64 last = 0;

  if (!editable (self, error) || !lw_project_begin (self->project, error))
    return FALSE;
  for (guint i = 0; i < annotations->len; i++)
    {
      g_autoptr(LwAnnotation) copy = lw_annotation_copy (annotations->pdata[i]);

      if (copy->kind == LW_ANNOTATION_SPAN)
        continue;
      copy->id = 0;
      copy->source = LW_SOURCE_MANUAL;
      copy->score = NAN;
      lw_shape_translate (copy, offset, offset);
      copy->item_id = self->item_id;
      copy->annotator_id = 0;
      lw_shape_clamp (copy, self->width, self->height);
      if (!lw_project_add_annotation (self->project, copy, error))
        {
          lw_project_rollback (self->project);
          return FALSE;
        }
      last = copy->id;
    }
  if (!lw_project_commit (self->project, error))
    return FALSE;
  if (last > 0)
    lw_canvas_select (self, last);
  return TRUE;
}

gboolean
lw_canvas_duplicate_selected (LwCanvas *self, GError **error)
{
  LwAnnotation *selected;
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);

  selected = _lw_canvas_find (self, self->selected_id);
  if (selected == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("Nothing is selected"));
      return FALSE;
    }
  g_ptr_array_add (one, selected);
  /* Offset so that the copy is seen, not hidden under its original. */
  return add_copies (self, one, _lw_canvas_tolerance (self, 12.0), error);
}

gboolean
lw_canvas_paste (LwCanvas *self, GPtrArray *annotations, GError **error)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);
  g_return_val_if_fail (annotations != NULL, FALSE);
  return add_copies (self, annotations, 0.0, error);
}

GPtrArray *
lw_canvas_copy (LwCanvas *self)
{
  GPtrArray *copies = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_annotation_free);

  g_return_val_if_fail (LW_IS_CANVAS (self), copies);

  for (guint i = 0; self->annotations != NULL && i < self->annotations->len; i++)
    {
      LwAnnotation *ann = self->annotations->pdata[i];
      if (selectable (self, ann) && (self->selected_id == 0 || ann->id == self->selected_id))
        g_ptr_array_add (copies, lw_annotation_copy (ann));
    }
  return copies;
}

gboolean
lw_canvas_nudge_selected (LwCanvas *self, double dx, double dy, GError **error)
{
  LwAnnotation *selected;
  g_autoptr(LwAnnotation) copy = NULL;

  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);

  selected = _lw_canvas_find (self, self->selected_id);
  if (selected == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("Nothing is selected"));
      return FALSE;
    }
  copy = lw_annotation_copy (selected);
  lw_shape_translate (copy, dx, dy);
  return _lw_canvas_store_update (self, copy, error);
}

/* Accepts (they become the current annotator's manual shapes) or rejects (deletes) the
 * selected prediction, or every shown one when none is selected, in one undo step. */
static gboolean
settle_predictions (LwCanvas *self, gboolean accept, GError **error)
{
  guint n = 0;
  gint64 selected = self->selected_id;

  if (!editable (self, error) || !lw_project_begin (self->project, error))
    return FALSE;
  for (guint i = 0; self->annotations != NULL && i < self->annotations->len; i++)
    {
      LwAnnotation *ann = self->annotations->pdata[i];
      gboolean ok;

      if (ann->source != LW_SOURCE_PREDICTION || !selectable (self, ann)
          || (selected != 0 && ann->id != selected))
        continue;
      if (accept)
        {
          g_autoptr(LwAnnotation) copy = lw_annotation_copy (ann);
          copy->source = LW_SOURCE_MANUAL;
          copy->annotator_id = lw_project_get_current_annotator (self->project);
          ok = lw_project_update_annotation (self->project, copy, error);
        }
      else
        ok = lw_project_delete_annotation (self->project, ann->id, error);
      if (!ok)
        {
          lw_project_rollback (self->project);
          return FALSE;
        }
      n++;
    }
  if (!lw_project_commit (self->project, error))
    return FALSE;
  if (n == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           selected != 0 ? _("The selection is not a prediction")
                                         : _("No predictions are shown"));
      return FALSE;
    }
  if (!accept && selected != 0)
    lw_canvas_select (self, 0);
  return TRUE;
}

gboolean
lw_canvas_accept_predictions (LwCanvas *self, GError **error)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);
  return settle_predictions (self, TRUE, error);
}

gboolean
lw_canvas_reject_predictions (LwCanvas *self, GError **error)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);
  return settle_predictions (self, FALSE, error);
}

const char *
lw_canvas_get_hint (LwCanvas *self)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), NULL);
  return self->hint;
}

void
_lw_canvas_set_hint (LwCanvas *self, const char *hint)
{
  if (g_strcmp0 (hint, self->hint) == 0)
    return;
  g_free (self->hint);
  self->hint = g_strdup (hint);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HINT]);
}

/* GObject */

static void
set_adjustment (LwCanvas *self, GtkAdjustment **slot, GtkAdjustment *adj)
{
  if (adj == *slot && adj != NULL)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, gtk_widget_queue_draw, self);
  g_clear_object (slot);
  if (adj == NULL)
    adj = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adj);
  g_signal_connect_swapped (adj, "value-changed", G_CALLBACK (gtk_widget_queue_draw), self);
  configure_adjustments (self,
                         self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0,
                         self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0);
}

static void
lw_canvas_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LwCanvas *self = LW_CANVAS (object);

  switch (prop_id)
    {
    case PROP_FILL_OPACITY: g_value_set_double (value, self->fill_opacity); break;
    case PROP_OUTLINE_OPACITY: g_value_set_double (value, self->outline_opacity); break;
    case PROP_PREDICTION_THRESHOLD: g_value_set_double (value, self->prediction_threshold); break;
    case PROP_BRIGHTNESS: g_value_set_double (value, self->brightness); break;
    case PROP_CONTRAST: g_value_set_double (value, self->contrast); break;
    case PROP_TOOL: g_value_set_int (value, self->tool); break;
    case PROP_ZOOM: g_value_set_double (value, self->zoom); break;
    case PROP_HINT: g_value_set_string (value, self->hint); break;
    case PROP_SHOW_CROSSHAIR: g_value_set_boolean (value, self->show_crosshair); break;
    case PROP_GRAY16: g_value_set_boolean (value, self->levels && lw_image_levels_get_gray16 (self->levels)); break;
    case PROP_HADJUSTMENT: g_value_set_object (value, self->hadjustment); break;
    case PROP_VADJUSTMENT: g_value_set_object (value, self->vadjustment); break;
    case PROP_HSCROLL_POLICY: g_value_set_enum (value, self->hscroll_policy); break;
    case PROP_VSCROLL_POLICY: g_value_set_enum (value, self->vscroll_policy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_canvas_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LwCanvas *self = LW_CANVAS (object);

  switch (prop_id)
    {
    case PROP_FILL_OPACITY: self->fill_opacity = g_value_get_double (value); break;
    case PROP_OUTLINE_OPACITY: self->outline_opacity = g_value_get_double (value); break;
    case PROP_PREDICTION_THRESHOLD: self->prediction_threshold = g_value_get_double (value); break;
    case PROP_BRIGHTNESS: self->brightness = g_value_get_double (value); break;
    case PROP_SHOW_CROSSHAIR: self->show_crosshair = g_value_get_boolean (value); gtk_widget_queue_draw (GTK_WIDGET (self)); return;
    case PROP_CONTRAST: self->contrast = g_value_get_double (value); break;
    case PROP_TOOL: lw_canvas_set_tool (self, g_value_get_int (value)); break;
    case PROP_ZOOM: lw_canvas_set_zoom (self, g_value_get_double (value)); break;
    case PROP_HADJUSTMENT: set_adjustment (self, &self->hadjustment, g_value_get_object (value)); break;
    case PROP_VADJUSTMENT: set_adjustment (self, &self->vadjustment, g_value_get_object (value)); break;
    case PROP_HSCROLL_POLICY: self->hscroll_policy = g_value_get_enum (value); break;
    case PROP_VSCROLL_POLICY: self->vscroll_policy = g_value_get_enum (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
  forget_prepainted (self);
  _lw_canvas_invalidate (self);
}

static void
cancel_decoding (gpointer key, gpointer value, gpointer data)
{
  g_cancellable_cancel (value);
}

static void
lw_canvas_dispose (GObject *object)
{
  LwCanvas *self = LW_CANVAS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->decoding != NULL)
    g_hash_table_foreach (self->decoding, cancel_decoding, NULL);
  g_cancellable_cancel (self->painting);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_object (&self->project);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->levels, lw_image_levels_unref);
  g_clear_pointer (&self->shapes, cairo_surface_destroy);
  g_clear_pointer (&self->shapes_dirty, cairo_region_destroy);
  g_clear_pointer (&self->annotations, g_ptr_array_unref);
  g_clear_pointer (&self->classes, g_hash_table_unref);
  g_clear_pointer (&self->annotator_names, g_hash_table_unref);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, gtk_widget_queue_draw, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, gtk_widget_queue_draw, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  drop_edit (self);
  G_OBJECT_CLASS (lw_canvas_parent_class)->dispose (object);
}

static void
lw_canvas_finalize (GObject *object)
{
  LwCanvas *self = LW_CANVAS (object);

  g_free (self->path);
  g_free (self->error_message);
  g_free (self->hint);
  g_hash_table_unref (self->labels);
  g_hash_table_unref (self->hidden);
  g_hash_table_unref (self->decoded);
  g_hash_table_unref (self->decoding);
  g_hash_table_unref (self->prepainted);
  g_hash_table_unref (self->painting_paths);
  g_object_unref (self->painting);
  g_queue_clear_full (&self->decoded_order, g_free);
  G_OBJECT_CLASS (lw_canvas_parent_class)->finalize (object);
}

static void
lw_canvas_class_init (LwCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lw_canvas_get_property;
  object_class->set_property = lw_canvas_set_property;
  object_class->dispose = lw_canvas_dispose;
  object_class->finalize = lw_canvas_finalize;
  widget_class->snapshot = lw_canvas_snapshot;
  widget_class->size_allocate = lw_canvas_size_allocate;

  properties[PROP_FILL_OPACITY] =
    g_param_spec_double ("fill-opacity", NULL, NULL, 0, 1, 0.25,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTLINE_OPACITY] =
    g_param_spec_double ("outline-opacity", NULL, NULL, 0, 1, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREDICTION_THRESHOLD] =
    g_param_spec_double ("prediction-threshold", NULL, NULL, 0, 1, 0.5,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BRIGHTNESS] =
    g_param_spec_double ("brightness", NULL, NULL, -1, 1, 0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTRAST] =
    g_param_spec_double ("contrast", NULL, NULL, 0, 4, 1,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOOL] =
    g_param_spec_int ("tool", NULL, NULL, 0, LW_N_TOOLS - 1, LW_TOOL_SELECT,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_CROSSHAIR] =
    g_param_spec_boolean ("show-crosshair", NULL, NULL, TRUE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GRAY16] =
    g_param_spec_boolean ("gray16", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HINT] =
    g_param_spec_string ("hint", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  signals[SIGNAL_SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_css_name (widget_class, "lw-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lw_canvas_init (LwCanvas *self)
{
  self->fill_opacity = 0.25;
  self->outline_opacity = 1.0;
  self->prediction_threshold = 0.5;
  self->contrast = 1.0;
  self->show_crosshair = TRUE;
  self->zoom = 1.0;
  self->fit = TRUE;
  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) cairo_surface_destroy);
  self->decoded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) lw_image_levels_unref);
  self->decoding = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_queue_init (&self->decoded_order);
  self->hidden = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  /* Most of a 16 ms frame. */
  self->expensive_us = 12000;
  self->prepainted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) prepainted_free);
  self->painting_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->painting = g_cancellable_new ();
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Image with annotations"),
                                  -1);
  _lw_canvas_init_input (self);
}

GtkWidget *
lw_canvas_new (void)
{
  return g_object_new (LW_TYPE_CANVAS, NULL);
}
