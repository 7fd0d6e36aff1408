/* lw-gray16.h: 16-bit greyscale images (CT, X-ray, industrial cameras) kept at full precision,
 * and shown through a window (the range of values spread over black to white) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct {
  int      width;
  int      height;
  guint16 *samples;   /* width * height, row by row */
  guint16  min;       /* the smallest and largest values present */
  guint16  max;
} LwGray16;

/* Reads @path when it is a 16-bit single-channel PNG or (striped) TIFF. Returns NULL without
 * an error for any other image, NULL with an error naming the file when it is broken. */
LwGray16   *lw_gray16_load   (const char     *path,
                              GError        **error);
void        lw_gray16_free   (LwGray16       *image);
/* Eight-bit grey of @image: @center - @width / 2 is black, @center + @width / 2 white, in
 * between linear; computed from the 16-bit values, so a narrow window keeps every step. */
GdkTexture *lw_gray16_render (const LwGray16 *image,
                              double          center,
                              double          width);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwGray16, lw_gray16_free)

G_END_DECLS
