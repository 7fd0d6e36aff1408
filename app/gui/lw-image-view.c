/* lw-image-view.c: an image item scaled to fit, with its annotations drawn over it */
#define G_LOG_DOMAIN "lw-image-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lw-image-view.h"

struct _LwImageView
{
  GtkWidget     parent_instance;

  GdkTexture   *texture;
  char         *path;
  char         *error_message;
  int           width;
  int           height;
  GCancellable *cancellable;

  GPtrArray    *annotations;
  GHashTable   *classes;

  double        fill_opacity;
  double        outline_opacity;
  double        prediction_threshold;
};

enum {
  PROP_0,
  PROP_FILL_OPACITY,
  PROP_OUTLINE_OPACITY,
  PROP_PREDICTION_THRESHOLD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LwImageView, lw_image_view, GTK_TYPE_WIDGET)

static void
class_rgba (LwImageView *self, gint64 class_id, GdkRGBA *rgba)
{
  LwLabelClass *klass = self->classes ? g_hash_table_lookup (self->classes, &class_id) : NULL;

  if (klass == NULL || klass->color == NULL || !gdk_rgba_parse (rgba, klass->color))
    gdk_rgba_parse (rgba, "#c0bfbc");
}

static void
draw_label (LwImageView *self, cairo_t *cr, const char *text, double x, double y,
            const GdkRGBA *rgba)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int tw, th;
  double lum;

  pango_layout_get_pixel_size (layout, &tw, &th);
  y = MAX (y - th - 2, 0);
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, 0.85 * self->outline_opacity);
  cairo_rectangle (cr, x, y, tw + 6, th + 2);
  cairo_fill (cr);
  /* Dark text on light class colours (yellow), light text on the rest. */
  lum = 0.2126 * rgba->red + 0.7152 * rgba->green + 0.0722 * rgba->blue;
  if (lum > 0.6)
    cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, x + 3, y + 1);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_annotation (LwImageView        *self,
                 cairo_t            *cr,
                 const LwAnnotation *ann,
                 double              scale)
{
  LwLabelClass *klass = self->classes ? g_hash_table_lookup (self->classes, &ann->class_id) : NULL;
  gboolean prediction = ann->source == LW_SOURCE_PREDICTION;
  guint n = lw_annotation_n_values (ann);
  GdkRGBA c;
  double lx = 0, ly = 0;
  gboolean fill = FALSE;
  g_autofree char *label = NULL;

  if (prediction && !isnan (ann->score) && ann->score < self->prediction_threshold)
    return;

  class_rgba (self, ann->class_id, &c);
  cairo_new_path (cr);
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (prediction)
    {
      static const double dashes[] = { 6.0, 4.0 };
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
    }
  else
    cairo_set_dash (cr, NULL, 0, 0);

#define V(i) (lw_annotation_value (ann, (i)) * scale)
  switch (ann->kind)
    {
    case LW_ANNOTATION_BBOX:
      if (n < 4)
        return;
      cairo_rectangle (cr, V (0), V (1), V (2), V (3));
      lx = V (0), ly = V (1);
      fill = TRUE;
      break;

    case LW_ANNOTATION_RBOX:
      if (n < 5)
        return;
      cairo_save (cr);
      cairo_translate (cr, V (0), V (1));
      cairo_rotate (cr, lw_annotation_value (ann, 4));
      cairo_rectangle (cr, -V (2) / 2, -V (3) / 2, V (2), V (3));
      cairo_restore (cr);
      lx = V (0) - V (2) / 2, ly = V (1) - V (3) / 2;
      fill = TRUE;
      break;

    case LW_ANNOTATION_POLYGON:
    case LW_ANNOTATION_POLYLINE:
      if (n < 4)
        return;
      for (guint i = 0; i + 1 < n; i += 2)
        {
          if (i == 0)
            cairo_move_to (cr, V (i), V (i + 1));
          else
            cairo_line_to (cr, V (i), V (i + 1));
          /* Polygons are labelled at their top, lines at their start: lines often
           * meet at the far end (lanes at the horizon), where labels would collide. */
          if (i == 0 || (ann->kind == LW_ANNOTATION_POLYGON && V (i + 1) < ly))
            lx = V (i), ly = V (i + 1);
        }
      if (ann->kind == LW_ANNOTATION_POLYGON)
        {
          cairo_close_path (cr);
          fill = TRUE;
        }
      else
        cairo_set_line_width (cr, 3.0);
      break;

    case LW_ANNOTATION_POINT:
      if (n < 2)
        return;
      cairo_arc (cr, V (0), V (1), 5.0, 0, 2 * G_PI);
      lx = V (0) + 6, ly = V (1) - 4;
      fill = TRUE;
      break;

    case LW_ANNOTATION_KEYPOINTS:
      for (guint i = 0; i + 2 < n; i += 3)
        {
          if (lw_annotation_value (ann, i + 2) <= 0)
            continue;
          cairo_new_sub_path (cr);
          cairo_arc (cr, V (i), V (i + 1), 3.5, 0, 2 * G_PI);
          if (lx == 0 && ly == 0)
            lx = V (i), ly = V (i + 1);
        }
      fill = TRUE;
      break;

    case LW_ANNOTATION_TAG:
    case LW_ANNOTATION_SPAN:
    case LW_ANNOTATION_N_KINDS:
    default:
      return;
    }
#undef V

  if (fill)
    {
      double alpha = ann->kind == LW_ANNOTATION_POINT || ann->kind == LW_ANNOTATION_KEYPOINTS
                     ? self->outline_opacity : self->fill_opacity;
      if (prediction)
        alpha *= 0.5;
      cairo_set_source_rgba (cr, c.red, c.green, c.blue, alpha);
      cairo_fill_preserve (cr);
    }
  cairo_set_source_rgba (cr, c.red, c.green, c.blue, self->outline_opacity);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  if (klass != NULL)
    {
      if (prediction && !isnan (ann->score))
        label = g_strdup_printf ("%s %.0f%%", klass->name, ann->score * 100.0);
      else
        label = g_strdup (klass->name);
      draw_label (self, cr, label, lx, ly, &c);
    }
}

static void
lw_image_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LwImageView *self = LW_IMAGE_VIEW (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  int iw = self->texture ? gdk_texture_get_width (self->texture) : self->width;
  int ih = self->texture ? gdk_texture_get_height (self->texture) : self->height;
  double scale, ascale, ox, oy;
  graphene_rect_t area;
  cairo_t *cr;

  if (iw <= 0 || ih <= 0 || w <= 0 || h <= 0)
    return;

  /* Fit with a margin, and never blow a small image up by more than 4x. */
  scale = MIN ((w - 24.0) / iw, (h - 24.0) / ih);
  scale = CLAMP (scale, 0.01, 4.0);
  ox = floor ((w - iw * scale) / 2);
  oy = floor ((h - ih * scale) / 2);
  area = GRAPHENE_RECT_INIT (ox, oy, iw * scale, ih * scale);

  if (self->texture != NULL)
    gtk_snapshot_append_texture (snapshot, self->texture, &area);
  else
    {
      GdkRGBA grey = { 0.35, 0.35, 0.35, 1.0 };
      gtk_snapshot_append_color (snapshot, &grey, &area);
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (self->texture == NULL && self->error_message != NULL)
    {
      GdkRGBA white = { 1, 1, 1, 1 };
      draw_label (self, cr, self->error_message, ox + 8, oy + 32, &white);
    }
  /* Annotation coordinates are in the item's pixels; when the file has another size
   * (re-encoded, thumbnailed), map the item's size onto what is shown. */
  ascale = self->width > 0 ? scale * iw / self->width : scale;
  cairo_translate (cr, ox, oy);
  cairo_rectangle (cr, 0, 0, iw * scale, ih * scale);
  cairo_clip (cr);
  for (guint i = 0; self->annotations != NULL && i < self->annotations->len; i++)
    draw_annotation (self, cr, g_ptr_array_index (self->annotations, i), ascale);
  cairo_destroy (cr);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  /* gdk_texture_new_from_filename is documented as thread-safe for this use. */
  GdkTexture *texture = gdk_texture_new_from_filename (task_data, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
load_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LwImageView *self = LW_IMAGE_VIEW (source);
  g_autoptr(GError) error = NULL;
  GdkTexture *texture = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->texture);
  g_clear_pointer (&self->error_message, g_free);
  if (texture != NULL)
    self->texture = texture;
  else
    {
      g_debug ("%s: %s", self->path, error->message);
      self->error_message = g_strdup (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                                      ? _("Image file not found")
                                      : _("Cannot read the image file"));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lw_image_view_set_image (LwImageView *self,
                         const char  *path,
                         int          width,
                         int          height)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LW_IS_IMAGE_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->error_message, g_free);
  g_free (self->path);
  self->path = g_strdup (path);
  self->width = width;
  self->height = height;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (path == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_source_tag (task, lw_image_view_set_image);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, load_thread);
}

void
lw_image_view_set_annotations (LwImageView *self,
                               GPtrArray   *annotations,
                               GHashTable  *classes)
{
  g_return_if_fail (LW_IS_IMAGE_VIEW (self));

  if (annotations != NULL)
    g_ptr_array_ref (annotations);
  if (classes != NULL)
    g_hash_table_ref (classes);
  g_clear_pointer (&self->annotations, g_ptr_array_unref);
  g_clear_pointer (&self->classes, g_hash_table_unref);
  self->annotations = annotations;
  self->classes = classes;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
lw_image_view_has_texture (LwImageView *self)
{
  g_return_val_if_fail (LW_IS_IMAGE_VIEW (self), FALSE);
  return self->texture != NULL;
}

static void
lw_image_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LwImageView *self = LW_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_FILL_OPACITY: g_value_set_double (value, self->fill_opacity); break;
    case PROP_OUTLINE_OPACITY: g_value_set_double (value, self->outline_opacity); break;
    case PROP_PREDICTION_THRESHOLD: g_value_set_double (value, self->prediction_threshold); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_image_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LwImageView *self = LW_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_FILL_OPACITY: self->fill_opacity = g_value_get_double (value); break;
    case PROP_OUTLINE_OPACITY: self->outline_opacity = g_value_get_double (value); break;
    case PROP_PREDICTION_THRESHOLD: self->prediction_threshold = g_value_get_double (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
lw_image_view_dispose (GObject *object)
{
  LwImageView *self = LW_IMAGE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->annotations, g_ptr_array_unref);
  g_clear_pointer (&self->classes, g_hash_table_unref);
  G_OBJECT_CLASS (lw_image_view_parent_class)->dispose (object);
}

static void
lw_image_view_finalize (GObject *object)
{
  LwImageView *self = LW_IMAGE_VIEW (object);

  g_free (self->path);
  g_free (self->error_message);
  G_OBJECT_CLASS (lw_image_view_parent_class)->finalize (object);
}

static void
lw_image_view_class_init (LwImageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lw_image_view_get_property;
  object_class->set_property = lw_image_view_set_property;
  object_class->dispose = lw_image_view_dispose;
  object_class->finalize = lw_image_view_finalize;
  widget_class->snapshot = lw_image_view_snapshot;

  properties[PROP_FILL_OPACITY] =
    g_param_spec_double ("fill-opacity", NULL, NULL, 0, 1, 0.25,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTLINE_OPACITY] =
    g_param_spec_double ("outline-opacity", NULL, NULL, 0, 1, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREDICTION_THRESHOLD] =
    g_param_spec_double ("prediction-threshold", NULL, NULL, 0, 1, 0.5,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "lw-image-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lw_image_view_init (LwImageView *self)
{
  self->fill_opacity = 0.25;
  self->outline_opacity = 1.0;
  self->prediction_threshold = 0.5;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Image with annotations"),
                                  -1);
}

GtkWidget *
lw_image_view_new (void)
{
  return g_object_new (LW_TYPE_IMAGE_VIEW, NULL);
}
