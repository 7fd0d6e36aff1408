/* lw-types.h: forward declarations and the enumerations shared by every layer */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LwProject LwProject;
typedef struct _LwLabelClass LwLabelClass;
typedef struct _LwAttributeDef LwAttributeDef;
typedef struct _LwItem LwItem;
typedef struct _LwAnnotation LwAnnotation;
typedef struct _LwItemFilter LwItemFilter;

/* Called by long operations; fraction in [0, 1] or negative when unknown.
 * Runs on the thread that runs the operation. */
typedef void (*LwProgressFunc) (double fraction, const char *message, gpointer user_data);

typedef enum {
  LW_ITEM_KIND_IMAGE,
  LW_ITEM_KIND_TEXT,
} LwItemKind;

typedef enum {
  LW_ITEM_STATUS_NEW,
  LW_ITEM_STATUS_IN_PROGRESS,
  LW_ITEM_STATUS_DONE,
  LW_ITEM_STATUS_ACCEPTED,
  LW_ITEM_STATUS_REJECTED,
  LW_ITEM_N_STATUSES
} LwItemStatus;

/* The order is the storage order of nothing: kinds are stored by name. */
typedef enum {
  LW_ANNOTATION_TAG,        /* no geometry: an image tag or a document class */
  LW_ANNOTATION_BBOX,       /* x, y, w, h in pixels, top-left origin */
  LW_ANNOTATION_RBOX,       /* cx, cy, w, h, angle (radians, clockwise) */
  LW_ANNOTATION_POLYGON,    /* x1, y1, ... xn, yn; n >= 3, closed implicitly */
  LW_ANNOTATION_POLYLINE,   /* x1, y1, ... xn, yn; n >= 2 */
  LW_ANNOTATION_POINT,      /* x, y */
  LW_ANNOTATION_KEYPOINTS,  /* x1, y1, v1, ... xk, yk, vk; v in {0, 1, 2} */
  LW_ANNOTATION_SPAN,       /* start, end: Unicode code point offsets, end exclusive */
  LW_ANNOTATION_N_KINDS
} LwAnnotationKind;

typedef enum {
  LW_SOURCE_MANUAL,
  LW_SOURCE_PREDICTION,
  LW_SOURCE_IMPORT,
  LW_SOURCE_CONSENSUS,
  LW_N_SOURCES
} LwAnnotationSource;

const char       *lw_item_kind_to_string        (LwItemKind kind);
gboolean          lw_item_kind_from_string      (const char *str, LwItemKind *out);
const char       *lw_item_status_to_string      (LwItemStatus status);
gboolean          lw_item_status_from_string    (const char *str, LwItemStatus *out);
const char       *lw_annotation_kind_to_string  (LwAnnotationKind kind);
gboolean          lw_annotation_kind_from_string(const char *str, LwAnnotationKind *out);
const char       *lw_source_to_string           (LwAnnotationSource source);
gboolean          lw_source_from_string         (const char *str, LwAnnotationSource *out);

G_END_DECLS
