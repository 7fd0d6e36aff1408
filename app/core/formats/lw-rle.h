/* lw-rle.h: COCO run-length masks (pycocotools' RLE) to polygons */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Counts of pycocotools' compressed string form (rleFrString: 6 bits a character from '0',
 * counts after the third stored as the difference to the one two before), or NULL with a
 * message in @what (to be freed) when the string is not of that form. */
GArray    *_lw_rle_counts_from_string (const char *s, char **what);

/* Outer outlines of the 4-connected regions of the mask @counts describes (runs of 0s and
 * 1s, starting with 0s, column by column as pycocotools stores them) in an @height x @width
 * image: a GPtrArray of GArray of double, x y x y … in pixel-edge coordinates (a pixel at
 * column c, row r spans c..c+1, r..r+1), simplified (Douglas–Peucker, @tolerance pixels).
 * Holes are not kept: COCO polygons cannot express them. NULL with @what set when the
 * counts do not add up to the image. */
GPtrArray *_lw_rle_to_polygons        (const guint32 *counts, guint n_counts, guint height,
                                       guint width, double tolerance, char **what);

G_END_DECLS
