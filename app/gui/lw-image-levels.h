/* lw-image-levels.h: an image decoded with smaller copies of itself (halved until small), so
 * that drawing it zoomed out scales an image near the shown size, not a huge one every frame */
#pragma once

#include <gtk/gtk.h>

#include "lw-gray16.h"

G_BEGIN_DECLS

typedef struct _LwImageLevels LwImageLevels;

/* Decodes @path and makes each half-size copy down to about @smallest pixels on the longer
 * side. Any thread. */
LwImageLevels   *lw_image_levels_load          (const char     *path,
                                                int             smallest,
                                                GError        **error);
LwImageLevels   *lw_image_levels_ref           (LwImageLevels  *levels);
void             lw_image_levels_unref         (LwImageLevels  *levels);
/* The full-size image. */
GdkTexture      *lw_image_levels_get_texture   (LwImageLevels  *levels);
/* The level to draw @shown_width device pixels wide: the smallest not narrower than that, as
 * a texture or as a cairo surface (the full-size surface is made on first need). */
GdkTexture      *lw_image_levels_pick_texture  (LwImageLevels  *levels,
                                                double          shown_width);
cairo_surface_t *lw_image_levels_pick_surface  (LwImageLevels  *levels,
                                                double          shown_width);

/* The 16-bit samples when the image is 16-bit greyscale (shown through a window), or NULL. */
const LwGray16 *lw_image_levels_get_gray16     (LwImageLevels  *levels);
/* Shows a 16-bit greyscale image through another window (main thread). */
void             lw_image_levels_set_window    (LwImageLevels  *levels,
                                                double          center,
                                                double          width);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwImageLevels, lw_image_levels_unref)

G_END_DECLS
