/* lw-model-private.h: row-level operations that undo/redo and the history share */
#pragma once

#include <json-glib/json-glib.h>
#include "lw-annotation.h"
#include "lw-item.h"
#include "lw-project-private.h"

G_BEGIN_DECLS

/* SQL: assignment row @q (004-assignment.sql) holds a standing "done" mark of its annotator:
 * its history row still exists undone with the same time, and no rejection came later.
 * 004's trigger queue_refresh_item spells the same rule out: change both together. */
#define LW_ASSIGNMENT_DONE(q) \
  "(" q ".done_at IS NOT NULL AND EXISTS (SELECT 1 FROM history h WHERE h.id = " q ".done_history" \
  " AND h.at = " q ".done_at AND h.undone = 0) AND " q ".done_at > coalesce((SELECT max(r.at)" \
  " FROM review r WHERE r.item_id = " q ".item_id AND r.verdict = 'rejected'), 0))"

char         *_lw_annotation_to_json    (const LwAnnotation *ann);
LwAnnotation *_lw_annotation_from_json  (const char         *json,
                                         GError            **error);
char         *_lw_geometry_to_json      (const GArray       *geometry);
GArray       *_lw_geometry_from_json    (const char         *json,
                                         GError            **error);
/* Parses into @values (emptied first). */
gboolean      _lw_geometry_parse        (const char         *json,
                                         GArray             *values,
                                         GError            **error);

/* Whether the project holds any annotation of @kind: one scan that stops at the first. */
gboolean      _lw_project_has_annotation_kind (LwProject        *project,
                                               LwAnnotationKind  kind,
                                               gboolean         *out,
                                               GError          **error);

/* lw_project_list_items without n_annotations (-1 in every item): what the export lists.
 * With @whole_texts texts are not shortened. */
GPtrArray    *_lw_project_list_items_uncounted (LwProject          *project,
                                                const LwItemFilter *filter,
                                                gint64              after_id,
                                                guint               limit,
                                                gboolean            whole_texts,
                                                GError            **error);

/* The annotations of many items in one ordered pass (the export). Ask for items in
 * increasing id order (going back works, but seeks). The array and its annotations belong
 * to the cursor and are valid until the next call; the array may be reordered or shortened. */
typedef struct _LwAnnotationCursor LwAnnotationCursor;
/* What the cursor reads of each annotation; the other fields are left as they were. */
typedef enum {
  LW_CURSOR_CLASS,   /* id, item_id, class_id: what a split's strata need */
  LW_CURSOR_SHAPE,   /* and kind, geometry, source, score: what most formats write */
  LW_CURSOR_ALL,     /* every column */
} LwCursorColumns;
LwAnnotationCursor *_lw_annotation_cursor_new  (LwProject          *project,
                                                gint64              annotator_id,
                                                LwCursorColumns     columns,
                                                GError            **error);
GPtrArray          *_lw_annotation_cursor_next (LwAnnotationCursor *cursor,
                                                gint64              item_id,
                                                GError            **error);
/* The same into the caller's arrays: appends the item's annotations to @out, filling the
 * LwAnnotations of @pool (owned, grown as needed) from index out->len on, so that @out's
 * k-th annotation is always @pool's k-th. FALSE on a read error. */
gboolean            _lw_annotation_cursor_read (LwAnnotationCursor *cursor,
                                                gint64              item_id,
                                                GPtrArray          *pool,
                                                GPtrArray          *out,
                                                GError            **error);
/* The cursor's query, for tests of its plan. */
const char         *_lw_annotation_cursor_sql  (LwAnnotationCursor *cursor);
void                _lw_annotation_cursor_free (LwAnnotationCursor *cursor);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwAnnotationCursor, _lw_annotation_cursor_free)

/* Raw row writes: no validation, no history. Insert keeps ann->id when it is non-zero. */
gboolean      _lw_annotation_insert_row (LwProject          *project,
                                         LwAnnotation       *ann,
                                         GError            **error);
/* @n (at most LW_ANNOTATION_BATCH_MAX) rows in one INSERT; the annotations' ids are not set. */
#define LW_ANNOTATION_BATCH_MAX 256
gboolean      _lw_annotation_insert_rows (LwProject         *project,
                                         LwAnnotation      **anns,
                                         guint               n,
                                         GError            **error);
gboolean      _lw_annotation_update_row (LwProject          *project,
                                         const LwAnnotation *ann,
                                         GError            **error);
gboolean      _lw_annotation_delete_row (LwProject          *project,
                                         gint64              annotation_id,
                                         GError            **error);
gboolean      _lw_item_status_row       (LwProject          *project,
                                         gint64              item_id,
                                         LwItemStatus        status,
                                         GError            **error);
/* Adds @n (at most LW_ITEM_BATCH_MAX) items in one INSERT, as lw_project_add_item does one.
 * Sets the id only when @n is 1: the caller of a batch (the folder import) needs none. */
#define LW_ITEM_BATCH_MAX 256
gboolean      _lw_project_add_items     (LwProject          *project,
                                         LwItem            **items,
                                         guint               n,
                                         GError            **error);
/* Item and file names are shown and written into exported JSON, which a strict reader
 * refuses unless it is UTF-8, even where a file's name on disk is not (its bytes stay in the
 * media path, which opens it). Takes @name and returns it, or a copy with invalid bytes
 * made U+FFFD. */
char         *_lw_name_take_utf8        (char               *name);
/* Checks an annotation against its item and class (geometry, kind, attributes). */
gboolean      _lw_annotation_validate   (LwProject          *project,
                                         const LwAnnotation *ann,
                                         GError            **error);

/* lw-history.c: appends one entry to the current transaction's group. */
gboolean      _lw_history_record        (LwProject          *project,
                                         const char         *op,
                                         const char         *entity,
                                         gint64              entity_id,
                                         gint64              item_id,
                                         const char         *before,
                                         const char         *after,
                                         GError            **error);

G_END_DECLS
