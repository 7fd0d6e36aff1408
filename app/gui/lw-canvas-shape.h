/* lw-canvas-shape.h: the geometry behind editing a shape on the canvas: handles, hit tests,
 * moving, resizing and vertex edits, all in image pixels and independent of any widget */
#pragma once

#include <labelwright.h>

G_BEGIN_DECLS

typedef enum {
  LW_HIT_NONE,
  LW_HIT_HANDLE,   /* a vertex, corner, edge middle or the rotation knob */
  LW_HIT_EDGE,     /* the outline of a polygon or polyline between two vertices */
  LW_HIT_BODY,     /* inside a box or polygon, or on a line or point */
} LwHitKind;

typedef struct {
  LwHitKind kind;
  int       index;  /* the handle, or the first vertex of the edge */
} LwHit;

/* Handles: a box has its 4 corners (top-left, top-right, bottom-right, bottom-left) then its
 * 4 edge middles (top, right, bottom, left); a rotated box its 4 corners then the rotation
 * knob; polygons, polylines and keypoints one per vertex (invisible keypoints included); a
 * point one. */
guint    lw_shape_n_handles     (const LwAnnotation *ann);
gboolean lw_shape_handle_pos    (const LwAnnotation *ann,
                                 guint               handle,
                                 double             *x,
                                 double             *y);
/* Where (@x, @y) falls on @ann, with @tolerance image pixels of slack. */
LwHit    lw_shape_hit           (const LwAnnotation *ann,
                                 double              x,
                                 double              y,
                                 double              tolerance);
void     lw_shape_translate     (LwAnnotation       *ann,
                                 double              dx,
                                 double              dy);
/* Moves @handle of @ann to (@x, @y): boxes keep their opposite corner or edge and never turn
 * inside out, the rotation knob turns a rotated box about its centre. */
void     lw_shape_move_handle   (LwAnnotation       *ann,
                                 guint               handle,
                                 double              x,
                                 double              y);
/* Keeps every point inside 0..@width x 0..@height (no-op for sizes <= 0). */
void     lw_shape_clamp         (LwAnnotation       *ann,
                                 int                 width,
                                 int                 height);
/* Polygons and polylines: a vertex after @after at (@x, @y); returns its index. */
guint    lw_shape_insert_vertex (LwAnnotation       *ann,
                                 guint               after,
                                 double              x,
                                 double              y);
/* FALSE when the shape would fall below its minimum (3 polygon, 2 polyline vertices). */
gboolean lw_shape_remove_vertex (LwAnnotation       *ann,
                                 guint               index);
/* A box with corners (x0, y0) and (x1, y1) in any order. */
void     lw_shape_set_box       (LwAnnotation       *ann,
                                 double              x0,
                                 double              y0,
                                 double              x1,
                                 double              y1);

G_END_DECLS
