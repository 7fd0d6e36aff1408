/* lw-canvas.h: the image annotation canvas: an image with its annotations, zoom and pan,
 * and the tools that draw and edit shapes, saving each edit to the project as it happens */
#pragma once

#include <gtk/gtk.h>
#include <labelwright.h>

G_BEGIN_DECLS

typedef enum {
  LW_TOOL_SELECT,
  LW_TOOL_BBOX,
  LW_TOOL_RBOX,
  LW_TOOL_POLYGON,
  LW_TOOL_POLYLINE,
  LW_TOOL_POINT,
  LW_TOOL_KEYPOINTS,
  LW_N_TOOLS
} LwTool;

#define LW_TYPE_CANVAS (lw_canvas_get_type ())
G_DECLARE_FINAL_TYPE (LwCanvas, lw_canvas, LW, CANVAS, GtkWidget)

GtkWidget   *lw_canvas_new               (void);
/* The project edits are saved to (referenced), or NULL: the canvas then only shows. */
void         lw_canvas_set_project       (LwCanvas     *self,
                                          LwProject    *project);
/* Shows @item (an image): its file at @path is decoded off the main thread (or taken from
 * what lw_canvas_prefetch decoded); @annotations (LwAnnotation*) and @classes (gint64* id ->
 * LwLabelClass*) are referenced, and read by workers that draw the shapes: neither may be
 * changed afterwards (pass a new list). The selection survives when its annotation still exists. */
void         lw_canvas_set_item          (LwCanvas     *self,
                                          const LwItem *item,
                                          const char   *path,
                                          GPtrArray    *annotations,
                                          GHashTable   *classes);
/* Decodes @path in a worker so that showing it later is instant; a few images are kept.
 * With @item and its @annotations, their shape layer is drawn ahead too, for the view the
 * item will open with. */
void         lw_canvas_prefetch          (LwCanvas     *self,
                                          const LwItem *item,
                                          const char   *path,
                                          GPtrArray    *annotations);
gboolean     lw_canvas_has_texture       (LwCanvas     *self);
/* Whether the shapes shown are not yet drawn for the view and annotations as they are: shown
 * scaled while the view moves, as they were while a worker draws them again, or not yet. */
gboolean     lw_canvas_shapes_pending    (LwCanvas     *self);
/* Whether @path has been decoded (and its shapes drawn ahead), so that showing it is instant. */
gboolean     lw_canvas_is_prefetched     (LwCanvas     *self,
                                          const char   *path);

/* A 16-bit greyscale image (its "gray16" property is TRUE) is shown through a window over
 * its values, from @center - @width / 2 (black) to @center + @width / 2 (white). FALSE for
 * other images. */
gboolean     lw_canvas_get_gray16_range  (LwCanvas     *self,
                                          double       *min,
                                          double       *max);
void         lw_canvas_set_window        (LwCanvas     *self,
                                          double        center,
                                          double        width);

LwTool       lw_canvas_get_tool          (LwCanvas     *self);
void         lw_canvas_set_tool          (LwCanvas     *self,
                                          LwTool        tool);
const char  *lw_tool_to_string           (LwTool        tool);
LwAnnotationKind lw_tool_kind            (LwTool        tool);

/* A class hotkey: with a selection, the selection takes the class (when the class allows its
 * kind); without one, shapes drawn next get it (and the tool follows the class's kinds).
 * Returns FALSE with an error when the class cannot apply. */
gboolean     lw_canvas_apply_class       (LwCanvas     *self,
                                          gint64        class_id,
                                          GError      **error);
gint64       lw_canvas_get_class         (LwCanvas     *self);
/* A key press that names a class (lw-hotkey.h): applies it as above, or switches an image
 * tag. Returns whether the key was a class key. */
gboolean     lw_canvas_handle_class_key  (LwCanvas       *self,
                                          guint           keyval,
                                          GdkModifierType state);

/* Hidden classes are neither drawn nor picked by clicks or Tab. */
void         lw_canvas_set_class_hidden  (LwCanvas     *self,
                                          gint64        class_id,
                                          gboolean      hidden);
gboolean     lw_canvas_get_class_hidden  (LwCanvas     *self,
                                          gint64        class_id);

/* Review: only the shapes of annotator @annotator_id (0: everyone's), and colours by
 * annotator (labels then name the annotator from @names, gint64* id -> name, referenced). */
void         lw_canvas_set_layer         (LwCanvas     *self,
                                          gint64        annotator_id);
gint64       lw_canvas_get_layer         (LwCanvas     *self);
void         lw_canvas_set_color_by_annotator (LwCanvas *self,
                                          gboolean      by_annotator,
                                          GHashTable   *names);

gint64       lw_canvas_get_selected      (LwCanvas     *self);
/* Selects annotation @id (0 clears). */
void         lw_canvas_select            (LwCanvas     *self,
                                          gint64        id);
/* Tab order: the next (or previous) shape of the item. */
void         lw_canvas_select_next       (LwCanvas     *self,
                                          gboolean      backwards);
gboolean     lw_canvas_delete_selected   (LwCanvas     *self,
                                          GError      **error);
gboolean     lw_canvas_duplicate_selected (LwCanvas    *self,
                                          GError      **error);
/* Moves the selection by (@dx, @dy) image pixels (arrow keys). */
gboolean     lw_canvas_nudge_selected    (LwCanvas     *self,
                                          double        dx,
                                          double        dy,
                                          GError      **error);
/* Accepts the selected prediction, or every shown prediction (at or above the threshold)
 * when none is selected: they become manual annotations of the current annotator. */
gboolean     lw_canvas_accept_predictions (LwCanvas    *self,
                                          GError      **error);
/* Deletes the selected prediction, or every shown one when none is selected. */
gboolean     lw_canvas_reject_predictions (LwCanvas    *self,
                                          GError      **error);
/* Adds copies of @annotations (from any item) to the shown item, in one undo step. */
gboolean     lw_canvas_paste             (LwCanvas     *self,
                                          GPtrArray    *annotations,
                                          GError      **error);
/* The selection, or every shape of the item when nothing is selected (new array). */
GPtrArray   *lw_canvas_copy              (LwCanvas     *self);
/* Ends a polygon, polyline or keypoints being drawn (Return); FALSE when none is. */
gboolean     lw_canvas_finish_shape      (LwCanvas     *self,
                                          GError      **error);
/* Drops a shape being drawn, or else the selection (Escape); FALSE when neither. */
gboolean     lw_canvas_cancel            (LwCanvas     *self);

/* Zoom: 1.0 shows image pixels 1:1 on a scale-1 screen. Fit shows the whole image and
 * follows the window's size until the next zoom. */
double       lw_canvas_get_zoom          (LwCanvas     *self);
void         lw_canvas_set_zoom          (LwCanvas     *self,
                                          double        zoom);
void         lw_canvas_zoom_by           (LwCanvas     *self,
                                          double        factor,
                                          double        widget_x,
                                          double        widget_y);
void         lw_canvas_zoom_fit          (LwCanvas     *self);
gboolean     lw_canvas_get_fit           (LwCanvas     *self);
/* Image pixels to widget coordinates and back. */
void         lw_canvas_image_to_widget   (LwCanvas     *self,
                                          double        ix,
                                          double        iy,
                                          double       *wx,
                                          double       *wy);
void         lw_canvas_widget_to_image   (LwCanvas     *self,
                                          double        wx,
                                          double        wy,
                                          double       *ix,
                                          double       *iy);
/* What the canvas tells the user now ("Click the next point: left wrist"), or NULL. */
const char  *lw_canvas_get_hint          (LwCanvas     *self);

G_END_DECLS
