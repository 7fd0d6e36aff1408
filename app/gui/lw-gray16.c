/* lw-gray16.c: 16-bit greyscale images at full precision.
 *
 * GTK 4.8 can decode 16-bit PNG and TIFF, but hands out only 8-bit pixels: a window/level
 * over them would lose the steps a radiologist narrows the window to see. libpng and libtiff
 * (which GTK already uses for these formats) read the samples as stored. */
#include "config.h"

#include <glib/gi18n.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <tiffio.h>

#include "lw-gray16.h"

void
lw_gray16_free (LwGray16 *image)
{
  if (image == NULL)
    return;
  g_free (image->samples);
  g_free (image);
}

static LwGray16 *
new_image (int width, int height)
{
  LwGray16 *image;

  if (width <= 0 || height <= 0 || (gsize) width * (gsize) height > G_MAXSIZE / 2 / sizeof (guint16))
    return NULL;
  image = g_new0 (LwGray16, 1);
  image->width = width;
  image->height = height;
  image->samples = g_try_new (guint16, (gsize) width * height);
  if (image->samples == NULL)
    {
      g_free (image);
      return NULL;
    }
  return image;
}

static void
find_range (LwGray16 *image)
{
  gsize n = (gsize) image->width * image->height;
  guint16 lo = G_MAXUINT16, hi = 0;

  for (gsize i = 0; i < n; i++)
    {
      lo = MIN (lo, image->samples[i]);
      hi = MAX (hi, image->samples[i]);
    }
  image->min = lo;
  image->max = hi;
}

static void
png_error_cb (png_structp png, png_const_charp message)
{
  g_strlcpy (png_get_error_ptr (png), message, 256);
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp png, png_const_charp message)
{
}

static LwGray16 *
load_png (const char *path, FILE *file, GError **error)
{
  char message[256] = "";
  png_structp png = png_create_read_struct (PNG_LIBPNG_VER_STRING, message, png_error_cb, png_warning_cb);
  png_infop info = png ? png_create_info_struct (png) : NULL;
  LwGray16 *volatile image = NULL;
  png_bytep *volatile rows = NULL;

  if (info == NULL)
    {
      png_destroy_read_struct (&png, NULL, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot read “%s”: out of memory"), path);
      return NULL;
    }
  if (setjmp (png_jmpbuf (png)))
    {
      g_free (rows);
      lw_gray16_free (image);
      png_destroy_read_struct (&png, &info, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Cannot read “%s”: %s"), path, message);
      return NULL;
    }
  png_init_io (png, file);
  png_read_info (png, info);
  if (png_get_bit_depth (png, info) != 16 || png_get_color_type (png, info) != PNG_COLOR_TYPE_GRAY)
    {
      png_destroy_read_struct (&png, &info, NULL);
      return NULL;
    }
  /* PNG stores big-endian samples. */
  if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
    png_set_swap (png);
  png_read_update_info (png, info);
  image = new_image ((int) png_get_image_width (png, info), (int) png_get_image_height (png, info));
  if (image == NULL)
    png_error (png, "the image is too large");
  rows = g_new (png_bytep, image->height);
  for (int y = 0; y < image->height; y++)
    rows[y] = (png_bytep) (image->samples + (gsize) y * image->width);
  png_read_image (png, rows);
  png_read_end (png, NULL);
  g_free (rows);
  png_destroy_read_struct (&png, &info, NULL);
  find_range (image);
  return image;
}

static LwGray16 *
load_tiff (const char *path, GError **error)
{
  TIFF *tiff;
  guint16 bits = 0, channels = 1, photometric = PHOTOMETRIC_MINISBLACK;
  guint32 width = 0, height = 0;
  LwGray16 *image;

  /* libtiff writes warnings about unknown tags to stderr; they do not matter here. */
  TIFFSetWarningHandler (NULL);
  tiff = TIFFOpen (path, "r");
  if (tiff == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Cannot read “%s”: not a TIFF file"), path);
      return NULL;
    }
  TIFFGetFieldDefaulted (tiff, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted (tiff, TIFFTAG_SAMPLESPERPIXEL, &channels);
  TIFFGetFieldDefaulted (tiff, TIFFTAG_PHOTOMETRIC, &photometric);
  TIFFGetField (tiff, TIFFTAG_IMAGEWIDTH, &width);
  TIFFGetField (tiff, TIFFTAG_IMAGELENGTH, &height);
  if (bits != 16 || channels != 1 || TIFFIsTiled (tiff)
      || (photometric != PHOTOMETRIC_MINISBLACK && photometric != PHOTOMETRIC_MINISWHITE)
      || width > G_MAXINT || height > G_MAXINT)
    {
      TIFFClose (tiff);
      return NULL;
    }
  image = new_image ((int) width, (int) height);
  if (image == NULL)
    {
      TIFFClose (tiff);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Cannot read “%s”: the image is too large"), path);
      return NULL;
    }
  for (guint32 y = 0; y < height; y++)
    if (TIFFReadScanline (tiff, image->samples + (gsize) y * width, y, 0) < 0)
      {
        TIFFClose (tiff);
        lw_gray16_free (image);
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("Cannot read “%s”: row %u is damaged"), path, (unsigned) y);
        return NULL;
      }
  TIFFClose (tiff);
  if (photometric == PHOTOMETRIC_MINISWHITE)
    for (gsize i = 0; i < (gsize) width * height; i++)
      image->samples[i] = G_MAXUINT16 - image->samples[i];
  find_range (image);
  return image;
}

LwGray16 *
lw_gray16_load (const char *path, GError **error)
{
  static const guchar png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guchar magic[8] = { 0 };
  LwGray16 *image = NULL;
  FILE *file = fopen (path, "rb");

  if (file == NULL)
    return NULL;
  if (fread (magic, 1, sizeof magic, file) == sizeof magic && memcmp (magic, png_magic, 8) == 0)
    {
      rewind (file);
      image = load_png (path, file, error);
    }
  fclose (file);
  if (image == NULL && (memcmp (magic, "II*\0", 4) == 0 || memcmp (magic, "MM\0*", 4) == 0))
    image = load_tiff (path, error);
  return image;
}

GdkTexture *
lw_gray16_render (const LwGray16 *image, double center, double width)
{
  gsize n = (gsize) image->width * image->height;
  /* GTK 4.8 has no one-channel memory format: grey goes out as RGB. */
  guchar *pixels = g_malloc (n * 3);
  double low = center - width / 2.0;
  double scale = 255.0 / MAX (width, 1.0);
  g_autoptr(GBytes) bytes = NULL;
  guchar lut[65536];

  /* One table for all 65,536 values: a 12-megapixel image is then one lookup per pixel. */
  for (guint v = 0; v <= G_MAXUINT16; v++)
    lut[v] = (guchar) CLAMP ((v - low) * scale + 0.5, 0.0, 255.0);
  for (gsize i = 0; i < n; i++)
    pixels[3 * i] = pixels[3 * i + 1] = pixels[3 * i + 2] = lut[image->samples[i]];
  bytes = g_bytes_new_take (pixels, n * 3);
  return gdk_memory_texture_new (image->width, image->height, GDK_MEMORY_R8G8B8, bytes,
                                 (gsize) image->width * 3);
}
