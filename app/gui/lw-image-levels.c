/* lw-image-levels.c: an image decoded with smaller copies of itself.
 *
 * GTK 4.8's cairo renderer converts a texture to a cairo surface on every frame: for a
 * 4000x3000 photograph that is most of a second. Drawing from kept cairo surfaces, at the
 * level nearest the shown size, takes a few milliseconds. */
#include "config.h"

#include "lw-image-levels.h"

struct _LwImageLevels
{
  gatomicrefcount  ref;
  GdkTexture      *texture;
  cairo_surface_t *full;      /* made on first need */
  GPtrArray       *halves;    /* cairo_surface_t*, each half the one before */
  GPtrArray       *textures;  /* GdkTexture* of @halves, made on first need (NULL slots) */
  LwGray16        *gray16;    /* the samples of a 16-bit greyscale image, or NULL */
  int              smallest;
};

static void
unref_texture (gpointer texture)
{
  if (texture != NULL)
    g_object_unref (texture);
}

static cairo_surface_t *
to_surface (GdkTexture *texture)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         gdk_texture_get_width (texture),
                                                         gdk_texture_get_height (texture));

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_flush (surface);
  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* Half the size: bilinear sampling at exactly half scale averages each 2x2 block. */
static cairo_surface_t *
halve (cairo_surface_t *src)
{
  int w = cairo_image_surface_get_width (src);
  int h = cairo_image_surface_get_height (src);
  int nw = MAX (1, w / 2), nh = MAX (1, h / 2);
  cairo_surface_t *dst = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, nw, nh);
  cairo_t *cr = cairo_create (dst);

  cairo_scale (cr, (double) nw / w, (double) nh / h);
  cairo_set_source_surface (cr, src, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (dst);
  return dst;
}

static GdkTexture *
to_texture (cairo_surface_t *surface)
{
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * h);

  /* GDK_MEMORY_DEFAULT is cairo's ARGB32 layout. */
  return gdk_memory_texture_new (cairo_image_surface_get_width (surface), h,
                                 GDK_MEMORY_DEFAULT, bytes, stride);
}

/* The half-size copies of the full-size texture. */
static void
make_halves (LwImageLevels *levels)
{
  GdkTexture *texture = levels->texture;
  cairo_surface_t *surface;

  g_ptr_array_set_size (levels->halves, 0);
  g_ptr_array_set_size (levels->textures, 0);
  g_clear_pointer (&levels->full, cairo_surface_destroy);
  if (MAX (gdk_texture_get_width (texture), gdk_texture_get_height (texture)) <= levels->smallest * 2)
    return;

  surface = to_surface (texture);
  while (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS
         && MAX (cairo_image_surface_get_width (surface), cairo_image_surface_get_height (surface)) > levels->smallest * 2)
    {
      cairo_surface_t *half = halve (surface);

      cairo_surface_destroy (surface);
      surface = half;
      if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
        break;
      g_ptr_array_add (levels->halves, cairo_surface_reference (surface));
      g_ptr_array_add (levels->textures, NULL);
    }
  /* The full-size surface is wanted only zoomed in: it is made then. */
  cairo_surface_destroy (surface);
}

LwImageLevels *
lw_image_levels_load (const char *path, int smallest, GError **error)
{
  g_autoptr(LwGray16) gray16 = lw_gray16_load (path, error);
  GdkTexture *texture;
  LwImageLevels *levels;

  if (gray16 == NULL && error != NULL && *error != NULL)
    return NULL;
  /* A 16-bit greyscale image opens with its whole range of values spread over the greys. */
  texture = gray16 != NULL ? lw_gray16_render (gray16, (gray16->min + gray16->max) / 2.0,
                                               MAX (gray16->max - gray16->min, 1))
                           : gdk_texture_new_from_filename (path, error);
  if (texture == NULL)
    return NULL;
  levels = g_new0 (LwImageLevels, 1);
  g_atomic_ref_count_init (&levels->ref);
  levels->texture = texture;
  levels->gray16 = g_steal_pointer (&gray16);
  levels->smallest = smallest;
  levels->halves = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  levels->textures = g_ptr_array_new_with_free_func (unref_texture);
  make_halves (levels);
  return levels;
}

const LwGray16 *
lw_image_levels_get_gray16 (LwImageLevels *levels)
{
  return levels->gray16;
}

void
lw_image_levels_set_window (LwImageLevels *levels, double center, double width)
{
  g_return_if_fail (levels->gray16 != NULL);

  g_object_unref (levels->texture);
  levels->texture = lw_gray16_render (levels->gray16, center, width);
  make_halves (levels);
}

LwImageLevels *
lw_image_levels_ref (LwImageLevels *levels)
{
  g_atomic_ref_count_inc (&levels->ref);
  return levels;
}

void
lw_image_levels_unref (LwImageLevels *levels)
{
  if (!g_atomic_ref_count_dec (&levels->ref))
    return;
  g_object_unref (levels->texture);
  g_clear_pointer (&levels->full, cairo_surface_destroy);
  g_ptr_array_unref (levels->halves);
  g_ptr_array_unref (levels->textures);
  lw_gray16_free (levels->gray16);
  g_free (levels);
}

GdkTexture *
lw_image_levels_get_texture (LwImageLevels *levels)
{
  return levels->texture;
}

/* 0 is the full size, i the i-th half. */
static guint
pick (LwImageLevels *levels, double shown_width)
{
  for (guint i = levels->halves->len; i > 0; i--)
    if (cairo_image_surface_get_width (levels->halves->pdata[i - 1]) >= shown_width)
      return i;
  return 0;
}

GdkTexture *
lw_image_levels_pick_texture (LwImageLevels *levels, double shown_width)
{
  guint i = pick (levels, shown_width);

  if (i == 0)
    return levels->texture;
  if (levels->textures->pdata[i - 1] == NULL)
    levels->textures->pdata[i - 1] = to_texture (levels->halves->pdata[i - 1]);
  return levels->textures->pdata[i - 1];
}

cairo_surface_t *
lw_image_levels_pick_surface (LwImageLevels *levels, double shown_width)
{
  guint i = pick (levels, shown_width);

  if (i > 0)
    return levels->halves->pdata[i - 1];
  if (levels->full == NULL)
    levels->full = to_surface (levels->texture);
  return cairo_surface_status (levels->full) == CAIRO_STATUS_SUCCESS ? levels->full : NULL;
}
