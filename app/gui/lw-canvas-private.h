/* lw-canvas-private.h: the canvas's state, shared by its view (lw-canvas.c), its painting
 * (lw-canvas-draw.c) and its tools (lw-canvas-input.c) */
#pragma once

#include "lw-canvas.h"
#include "lw-canvas-shape.h"
#include "lw-image-levels.h"

G_BEGIN_DECLS

typedef enum {
  LW_DRAG_NONE,
  LW_DRAG_NEW_BOX,   /* a box or rotated box being drawn */
  LW_DRAG_MOVE,      /* the selection being moved */
  LW_DRAG_HANDLE,    /* one handle of the selection being moved */
  LW_DRAG_PAN,       /* the view being panned (middle button, or space + primary) */
} LwDragMode;

struct _LwCanvas
{
  GtkWidget      parent_instance;

  LwProject     *project;
  gint64         item_id;
  int            width;          /* the item's size: annotation coordinates */
  int            height;
  char          *path;
  GdkTexture    *texture;        /* full size: levels[0] */
  LwImageLevels *levels;         /* the image and its smaller copies */
  char          *error_message;
  GCancellable  *cancellable;
  GHashTable    *decoded;        /* path -> LwImageLevels, the prefetched images */
  GQueue         decoded_order;  /* paths, oldest first */
  GHashTable    *decoding;       /* path -> GCancellable of a prefetch in flight */
  GHashTable    *prepainted;     /* path -> LwPrepainted: shape layers drawn ahead on a worker */
  GHashTable    *painting_paths; /* path -> number of its shape layers workers are drawing */
  GCancellable  *painting;       /* cancelled when the canvas goes */
  guint          paint_generation; /* counts changes of how shapes are drawn */

  GPtrArray     *annotations;
  GHashTable    *classes;
  GHashTable    *labels;         /* label text, colour, opacity -> cairo_surface_t */
  GHashTable    *hidden;         /* gint64* ids of hidden classes */
  gint64         layer;          /* the one annotator shown, or 0 for all */
  gboolean       by_annotator;
  GHashTable    *annotator_names;

  double         zoom;
  gboolean       fit;
  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  guint          hscroll_policy : 1;
  guint          vscroll_policy : 1;

  double         fill_opacity;
  double         outline_opacity;
  double         prediction_threshold;
  double         brightness;     /* -1..1, added */
  double         contrast;       /* 0..4, a factor about mid-grey */
  gboolean       show_crosshair;

  LwTool         tool;
  gint64         class_id;
  gint64         selected_id;
  LwAnnotation  *edit;           /* the selection being dragged, or the shape being drawn */
  gboolean       drawing;        /* @edit is a new shape, not yet stored */
  LwDragMode     drag;
  int            drag_handle;
  double         drag_x;         /* where the drag started, image pixels */
  double         drag_y;
  double         pan_h;          /* adjustment values when a pan started */
  double         pan_v;
  double         pointer_x;      /* widget coordinates */
  double         pointer_y;
  gboolean       pointer_inside;
  gboolean       space_down;
  char          *hint;

  cairo_surface_t *shapes;       /* the shape layer (_lw_paint_shapes), in device pixels */
  cairo_region_t *shapes_dirty;  /* parts of the layer to draw again, or NULL */
  gint64         shapes_cost_us; /* how long the layer took to draw */
  guint          settle_id;      /* a moving view's layer is drawn again when this fires */
  gboolean       shapes_stale;   /* @shapes shows what changed since; a worker draws it again */
  gboolean       shapes_scaled;  /* @shapes was drawn for another view and is shown scaled */
  gint64         expensive_us;   /* layers that took longer are moved, not redrawn, while zooming */
  double         shapes_key[5];  /* zoom, origin x and y, width, height it was drawn for */
  double         settle_key[5];  /* the view a moving layer is to be drawn for once it stops */
  double         awaited_key[5]; /* the view of this item's layer a worker is drawing, */
  gint64         awaited_selected; /* without this shape, */
  gboolean       awaiting;       /* while this is set: frames wait for it rather than draw it */
};

/* lw-canvas.c */
void           _lw_canvas_emit_error      (LwCanvas      *self,
                                           GError        *error);
void           _lw_canvas_set_hint        (LwCanvas      *self,
                                           const char    *hint);
LwAnnotation  *_lw_canvas_find            (LwCanvas      *self,
                                           gint64         id);
/* The class new shapes of @kind get: the chosen one when it allows @kind, else the first
 * class of the schema that does; NULL when none does. */
LwLabelClass  *_lw_canvas_class_for_kind  (LwCanvas      *self,
                                           LwAnnotationKind kind);
gboolean       _lw_canvas_store_new       (LwCanvas      *self,
                                           LwAnnotation  *ann,
                                           GError       **error);
gboolean       _lw_canvas_store_update    (LwCanvas      *self,
                                           const LwAnnotation *ann,
                                           GError       **error);
void           _lw_canvas_update_hint     (LwCanvas      *self);
/* Whether @ann is drawn and can be picked: not a prediction under the threshold (unless
 * selected), not of a hidden class. */
gboolean       _lw_canvas_shows           (LwCanvas      *self,
                                           const LwAnnotation *ann);
/* Image pixels per widget pixel, for tolerances. */
double         _lw_canvas_tolerance       (LwCanvas      *self,
                                           double         widget_pixels);

/* What painting shapes needs, so that it can run on a worker (lw-canvas-draw.c). */
typedef struct {
  double      zoom;
  double      ox;              /* the image's origin in widget coordinates */
  double      oy;
  double      fill_opacity;
  double      outline_opacity;
  double      prediction_threshold;
  gint64      selected_id;     /* left out of _lw_paint_shapes */
  GHashTable *classes;         /* gint64* id -> LwLabelClass* */
  GHashTable *labels;          /* label key -> cairo_surface_t */
  GHashTable *hidden;          /* gint64* ids of hidden classes, or NULL */
  gint64      layer;           /* the one annotator shown, or 0 for all */
  gboolean    by_annotator;    /* colours by annotator instead of by class */
  GHashTable *annotator_names; /* gint64* id -> name, or NULL */
  GtkWidget  *widget;          /* makes missing labels; NULL on a worker, which skips them */
  int         scale;
} LwPaint;

void           _lw_canvas_paint_init      (LwCanvas      *self,
                                           LwPaint       *paint);
/* Every shown shape of @annotations but the selection: what the shape layer holds. */
void           _lw_paint_shapes           (const LwPaint *paint,
                                           GPtrArray     *annotations,
                                           cairo_t       *cr);
/* Where @ann, with its label, is drawn (widget pixels, with a margin); FALSE if nowhere. */
gboolean       _lw_paint_bounds           (const LwPaint *paint,
                                           const LwAnnotation *ann,
                                           cairo_rectangle_int_t *bounds);
/* The shapes of _lw_paint_shapes that touch @region (main thread: labels may be made). */
void           _lw_paint_shapes_in        (const LwPaint *paint,
                                           GPtrArray     *annotations,
                                           cairo_t       *cr,
                                           const cairo_region_t *region);
/* Makes the labels @annotations need into @paint->labels (main thread). */
void           _lw_paint_make_labels      (const LwPaint *paint,
                                           GPtrArray     *annotations);
/* What changes while the user works: the selection, the shape being drawn, guides. */
void           _lw_canvas_draw_overlay    (LwCanvas      *self,
                                           cairo_t       *cr);
/* lw-canvas.c: the shape layer is drawn again on the next frame. */
void           _lw_canvas_invalidate      (LwCanvas      *self);

/* lw-canvas-input.c */
void           _lw_canvas_init_input      (LwCanvas      *self);

G_END_DECLS
