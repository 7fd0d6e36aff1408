/* test-gray16.c: 16-bit greyscale PNG and TIFF read at full precision and shown through a
 * window that keeps steps of one value apart; other images are left to GTK */
#include "config.h"

#include <png.h>
#include <string.h>
#include <stdio.h>
#include <tiffio.h>

#include "lw-gray16.h"
#include "lw-gui-test.h"
#include "lw-test-util.h"

#define W 4
#define H 2

static const guint16 values[W * H] = { 0, 1000, 1001, 1002, 30000, 65535, 500, 1500 };

static void
write_png16 (const char *path, int bit_depth)
{
  FILE *file = fopen (path, "wb");
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  guchar row[W * 2];

  g_assert_nonnull (file);
  png_init_io (png, file);
  png_set_IHDR (png, info, W, H, bit_depth, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (int y = 0; y < H; y++)
    {
      for (int x = 0; x < W; x++)
        {
          guint16 v = values[y * W + x];
          if (bit_depth == 16)
            row[2 * x] = v >> 8, row[2 * x + 1] = v & 0xff;   /* big-endian, as PNG stores */
          else
            row[x] = v >> 8;
        }
      png_write_row (png, row);
    }
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  fclose (file);
}

static void
write_tiff16 (const char *path)
{
  TIFF *tiff = TIFFOpen (path, "w");

  g_assert_nonnull (tiff);
  TIFFSetField (tiff, TIFFTAG_IMAGEWIDTH, W);
  TIFFSetField (tiff, TIFFTAG_IMAGELENGTH, H);
  TIFFSetField (tiff, TIFFTAG_BITSPERSAMPLE, 16);
  TIFFSetField (tiff, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField (tiff, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFSetField (tiff, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField (tiff, TIFFTAG_ROWSPERSTRIP, H);
  for (int y = 0; y < H; y++)
    g_assert_cmpint (TIFFWriteScanline (tiff, (void *) (values + y * W), y, 0), ==, 1);
  TIFFClose (tiff);
}

/* The grey of pixel @i of @texture (downloaded as 8-bit BGRA). */
static guint
grey_at (GdkTexture *texture, int i)
{
  guchar pixels[W * H * 4];

  gdk_texture_download (texture, pixels, W * 4);
  g_assert_cmpuint (pixels[4 * i], ==, pixels[4 * i + 1]);
  g_assert_cmpuint (pixels[4 * i + 1], ==, pixels[4 * i + 2]);
  return pixels[4 * i];
}

static void
check_samples (const LwGray16 *image)
{
  g_assert_cmpint (image->width, ==, W);
  g_assert_cmpint (image->height, ==, H);
  for (int i = 0; i < W * H; i++)
    g_assert_cmpuint (image->samples[i], ==, values[i]);
  g_assert_cmpuint (image->min, ==, 0);
  g_assert_cmpuint (image->max, ==, 65535);
}

static void
test_png (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "ct.png", NULL);
  g_autoptr(LwGray16) image = NULL;
  g_autoptr(GdkTexture) narrow = NULL;
  g_autoptr(GdkTexture) wide = NULL;

  write_png16 (path, 16);
  image = lw_gray16_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (image);
  check_samples (image);

  /* A window 4 values wide around 1001: 1000, 1001 and 1002 are three distinct greys, which
   * 8 bits of the whole range (all three are grey 3 there) could not show. */
  narrow = lw_gray16_render (image, 1001, 4);
  g_assert_cmpuint (grey_at (narrow, 0), ==, 0);
  g_assert_cmpuint (grey_at (narrow, 1), ==, 64);
  g_assert_cmpuint (grey_at (narrow, 2), ==, 128);
  g_assert_cmpuint (grey_at (narrow, 3), ==, 191);
  g_assert_cmpuint (grey_at (narrow, 5), ==, 255);
  wide = lw_gray16_render (image, 32767.5, 65535);
  g_assert_cmpuint (grey_at (wide, 1), ==, grey_at (wide, 2));
  g_assert_cmpuint (grey_at (wide, 4), ==, 117);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_tiff (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "xray.tif", NULL);
  g_autoptr(LwGray16) image = NULL;

  write_tiff16 (path);
  image = lw_gray16_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (image);
  check_samples (image);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* An 8-bit image is not this reader's: NULL and no error, GTK decodes it. A damaged 16-bit
 * PNG is an error that names the file. */
static void
test_other_and_broken (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *eight = g_build_filename (dir, "photo.png", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.png", NULL);
  g_autofree char *data = NULL;
  gsize len;

  write_png16 (eight, 8);
  g_assert_null (lw_gray16_load (eight, &error));
  g_assert_no_error (error);

  write_png16 (broken, 16);
  g_assert_true (g_file_get_contents (broken, &data, &len, NULL));
  g_assert_true (g_file_set_contents (broken, data, len - 30, NULL));
  g_assert_null (lw_gray16_load (broken, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "broken.png"));
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
texture_loaded (gpointer canvas)
{
  return lw_canvas_has_texture (canvas);
}

/* In the window: a 16-bit image shows the window and level controls' range. */
static void
test_canvas (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "ct.png", NULL);
  g_autofree char *project_path = NULL;
  LwWindow *window;
  LwCanvas *canvas;
  gboolean gray16 = FALSE;
  double min = -1, max = -1;

  write_png16 (path, 16);
  {
    g_autoptr(LwProject) project = lw_test_project_new (dir, "ct", "medical");
    lw_test_add_image (project, "ct.png", W, H);
    project_path = g_strdup (lw_project_get_path (project));
  }
  window = lw_gui_test_open_window (project_path);
  canvas = lw_window_get_canvas (window);
  lw_window_show_item (window, 1);
  lw_gui_test_spin_until (texture_loaded, canvas);
  g_object_get (canvas, "gray16", &gray16, NULL);
  g_assert_true (gray16);
  g_assert_true (lw_canvas_get_gray16_range (canvas, &min, &max));
  g_assert_cmpfloat (min, ==, 0);
  g_assert_cmpfloat (max, ==, 65535);
  lw_canvas_set_window (canvas, 1001, 4);
  g_assert_true (lw_canvas_has_texture (canvas));
  lw_gui_test_close_window (window);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;
  g_test_add_func ("/gray16/png", test_png);
  g_test_add_func ("/gray16/tiff", test_tiff);
  g_test_add_func ("/gray16/other-and-broken", test_other_and_broken);
  g_test_add_func ("/gray16/canvas", test_canvas);
  return lw_gui_test_run ();
}
