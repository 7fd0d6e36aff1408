/* lw-item.h: the things to label: images and texts */
#pragma once

#include <gio/gio.h>
#include "lw-types.h"

G_BEGIN_DECLS

struct _LwItem {
  gint64        id;
  LwItemKind    kind;
  char         *name;        /* display name: file name, or the text's external id */
  char         *media_path;  /* images: relative to the project folder where possible */
  char         *sha256;      /* hex digest of the media bytes or of the text */
  int           width;       /* images; 0 for texts */
  int           height;
  char         *text;        /* texts; NULL for images (and in list results: see lw_project_list_items) */
  char         *ext_id;      /* the id the item had in the source it was imported from, or NULL */
  LwItemStatus  status;
  char         *split;       /* "train", "val", "test" or NULL */
  gint64        added_at;    /* unix seconds */
  int           n_annotations; /* filled by lw_project_list_items */
};

LwItem *lw_item_new  (LwItemKind kind, const char *name);
LwItem *lw_item_copy (const LwItem *item);
void    lw_item_free (LwItem *item);

/* All fields are ANDed; zero / NULL means "any". */
struct _LwItemFilter {
  guint        status_mask;       /* bits (1 << LwItemStatus); 0 = any */
  gint64       class_id;          /* items with an annotation of that class */
  gint64       annotator_id;      /* items with an annotation by that annotator */
  const char  *split;             /* exact split; "" = items without a split */
  gboolean     predictions_only;  /* items that have a prediction */
  const char  *search;            /* substring of name or text (case-insensitive for ASCII) */
  LwItemKind   kind;
  gboolean     kind_set;
  gint64       queue_annotator_id; /* that annotator's queue (lw-quality.h), format 4 */
};

/* Adds an item (no history: adding media is not an edit to undo). Sets item->id. */
gboolean   lw_project_add_item         (LwProject     *project,
                                        LwItem        *item,
                                        GError       **error);
LwItem    *lw_project_get_item         (LwProject     *project,
                                        gint64         item_id,
                                        GError       **error);
/* By content: the first item whose sha256 matches, or whose ext_id matches. */
gint64     lw_project_find_item_by_sha256 (LwProject  *project,
                                        const char    *sha256);
gint64     lw_project_find_item_by_ext_id (LwProject  *project,
                                        const char    *ext_id);
gint64     lw_project_find_item_by_name (LwProject    *project,
                                        const char    *name);

/* Keyset paging in id order: items with id > @after_id matching @filter, at most @limit.
 * Texts are truncated to their first 200 characters in the result. Cost does not depend on
 * the number of items before @after_id. */
GPtrArray *lw_project_list_items       (LwProject          *project,
                                        const LwItemFilter *filter,
                                        gint64              after_id,
                                        guint               limit,
                                        GError            **error);
gint64     lw_project_count_items      (LwProject          *project,
                                        const LwItemFilter *filter,
                                        GError            **error);
/* The id of the first matching item after (or before, when @backwards) @item_id, or 0. */
gint64     lw_project_next_item        (LwProject          *project,
                                        const LwItemFilter *filter,
                                        gint64              item_id,
                                        gboolean            backwards,
                                        GError            **error);
/* Zero-based position of @item_id among the matching items (count of matching ids below it).
 * This and lw_project_item_at cost a few dozen small rows and one block of 1,024 ids when
 * the filter is empty or only on status (per-block counts, format 3); other filters count
 * through what matches. */
gint64     lw_project_item_position    (LwProject          *project,
                                        const LwItemFilter *filter,
                                        gint64              item_id,
                                        GError            **error);
/* The matching item id at a zero-based position, or 0 past the end. */
gint64     lw_project_item_at          (LwProject          *project,
                                        const LwItemFilter *filter,
                                        gint64              position,
                                        GError            **error);
gint64     lw_project_count_by_status  (LwProject          *project,
                                        gint64              counts[LW_ITEM_N_STATUSES],
                                        GError            **error);

/* An edit: one transaction, recorded in the history (undoable). */
gboolean   lw_project_set_item_status  (LwProject     *project,
                                        gint64         item_id,
                                        LwItemStatus   status,
                                        GError       **error);
/* Not an edit (dataset organisation, no history). NULL clears. */
gboolean   lw_project_set_item_split   (LwProject     *project,
                                        gint64         item_id,
                                        const char    *split,
                                        GError       **error);

/* Annotators: the people and models whose layers the project holds. */
gint64     lw_project_ensure_annotator (LwProject     *project,
                                        const char    *name,
                                        GError       **error);
char      *lw_project_dup_annotator_name (LwProject   *project,
                                        gint64         annotator_id);
/* GPtrArray of char* names, index order = id order; ids via lw_project_ensure_annotator. */
GPtrArray *lw_project_list_annotators  (LwProject     *project,
                                        GError       **error);
/* The annotator new edits are attributed to (0 = none). */
void       lw_project_set_current_annotator (LwProject *project,
                                        gint64         annotator_id);
gint64     lw_project_get_current_annotator (LwProject *project);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwItem, lw_item_free)

G_END_DECLS
