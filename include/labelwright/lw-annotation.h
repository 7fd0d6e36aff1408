/* lw-annotation.h: annotations, their geometry and its validation, and undo/redo */
#pragma once

#include <gio/gio.h>
#include "lw-types.h"

G_BEGIN_DECLS

struct _LwAnnotation {
  gint64              id;
  gint64              item_id;
  gint64              class_id;
  LwAnnotationKind    kind;
  GArray             *geometry;    /* double; layout per LwAnnotationKind (lw-types.h) */
  char               *attributes;  /* JSON object text, never NULL ("{}") */
  gint64              annotator_id;/* 0 = none */
  LwAnnotationSource  source;
  double              score;       /* predictions: confidence in [0, 1]; NaN when none */
  gint64              created_at;  /* unix microseconds */
  gint64              updated_at;
};

LwAnnotation *lw_annotation_new       (gint64 item_id, gint64 class_id, LwAnnotationKind kind);
LwAnnotation *lw_annotation_copy      (const LwAnnotation *ann);
void          lw_annotation_free      (LwAnnotation *ann);
void          lw_annotation_set_geometry (LwAnnotation *ann, const double *values, guint n);
guint         lw_annotation_n_values  (const LwAnnotation *ann);
double        lw_annotation_value     (const LwAnnotation *ann, guint i);
/* The axis-aligned bounding box of any geometry with points; FALSE for tags and spans. */
gboolean      lw_annotation_bounds    (const LwAnnotation *ann,
                                       double *x, double *y, double *w, double *h);

/* Geometry checks independent of the store. For images @width/@height bound the shape
 * (pass 0 to skip); for spans @text bounds the offsets (code points). */
gboolean      lw_geometry_validate    (LwAnnotationKind kind,
                                       const double    *values,
                                       guint            n_values,
                                       int              width,
                                       int              height,
                                       const char      *text,
                                       GError         **error);
/* Offsets in code points of @text: returns the byte offset of code point @offset, or -1. */
gssize        lw_text_byte_offset     (const char *text, gint64 offset);
gint64        lw_text_char_length     (const char *text);
/* Shrinks the span [*start, *end) of @text (code points) so that it neither starts nor ends
 * with Unicode white space (U+3000 included); an all-blank span comes back empty
 * (*start == *end). FALSE, changing nothing, when the span does not lie within @text. */
gboolean      lw_text_trim_span       (const char *text, gint64 *start, gint64 *end);

/* Edits: each is one transaction (unless inside lw_project_begin/commit) and one history entry.
 * Validates geometry against the item and the kind against the class; sets ann->id. */
gboolean      lw_project_add_annotation    (LwProject     *project,
                                            LwAnnotation  *ann,
                                            GError       **error);
gboolean      lw_project_update_annotation (LwProject          *project,
                                            const LwAnnotation *ann,
                                            GError            **error);
gboolean      lw_project_delete_annotation (LwProject     *project,
                                            gint64         annotation_id,
                                            GError       **error);
LwAnnotation *lw_project_get_annotation    (LwProject     *project,
                                            gint64         annotation_id,
                                            GError       **error);
/* The annotations of an item in id order; @annotator_id 0 = every layer. */
GPtrArray    *lw_project_list_annotations  (LwProject     *project,
                                            gint64         item_id,
                                            gint64         annotator_id,
                                            GError       **error);
gint64        lw_project_count_annotations (LwProject     *project,
                                            GError       **error);

/* Counts per kind into @counts (indexed by LwAnnotationKind); returns the total or -1. */
gint64        lw_project_count_annotations_by_kind (LwProject *project,
                                            gint64         counts[LW_ANNOTATION_N_KINDS],
                                            GError       **error);

/* Switches the tag (image tag or document class) @class_id on @item_id on or off, on the
 * current annotator's layer. Switching on a class of an exclusive group removes the group's
 * other tags in the same step. @now_on (nullable) tells which way it went. One undo step. */
gboolean      lw_project_toggle_tag        (LwProject     *project,
                                            gint64         item_id,
                                            gint64         class_id,
                                            gboolean      *now_on,
                                            GError       **error);

/* Bulk insert for importers: validated like an edit, but not recorded in the history.
 * Call inside lw_project_begin/commit. */
gboolean      lw_project_import_annotation (LwProject     *project,
                                            LwAnnotation  *ann,
                                            GError       **error);

/* Undo and redo walk the history table, so they survive closing the project.
 * Both return FALSE with LW_MODEL_ERROR_NOTHING_TO_UNDO when there is nothing to do.
 * @item_id_out (nullable) receives the item the step touched. */
gboolean      lw_project_undo              (LwProject     *project,
                                            gint64        *item_id_out,
                                            GError       **error);
gboolean      lw_project_redo              (LwProject     *project,
                                            gint64        *item_id_out,
                                            GError       **error);
gboolean      lw_project_can_undo          (LwProject     *project);
gboolean      lw_project_can_redo          (LwProject     *project);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwAnnotation, lw_annotation_free)

G_END_DECLS
