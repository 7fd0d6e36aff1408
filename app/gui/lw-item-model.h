/* lw-item-model.h: the project's items as a lazy GListModel */
#pragma once

#include <gio/gio.h>
#include <labelwright.h>

G_BEGIN_DECLS

#define LW_TYPE_ITEM_MODEL (lw_item_model_get_type ())
G_DECLARE_FINAL_TYPE (LwItemModel, lw_item_model, LW, ITEM_MODEL, GObject)

/* Items per page fetched from the store, and pages kept in memory. */
#define LW_ITEM_MODEL_PAGE_SIZE 100
#define LW_ITEM_MODEL_MAX_PAGES 8

LwItemModel        *lw_item_model_new          (LwProject    *project);
LwProject          *lw_item_model_get_project  (LwItemModel  *self);
/* @status_mask: bits (1 << LwItemStatus), 0 = any; @search: NULL or "" = any. */
void                lw_item_model_set_filter   (LwItemModel  *self,
                                                guint         status_mask,
                                                const char   *search);
/* Every field of @filter (NULL = none); its strings are copied. */
void                lw_item_model_set_item_filter (LwItemModel        *self,
                                                   const LwItemFilter *filter);
/* Whether any field of the filter narrows the list. */
gboolean            lw_item_model_is_filtered  (LwItemModel  *self);
const LwItemFilter *lw_item_model_get_filter   (LwItemModel  *self);
/* The position of @item_id, or -1 when it does not match the filter. */
gint64              lw_item_model_find         (LwItemModel  *self,
                                                gint64        item_id);
/* Drops the cached pages and counts again: for changes made through another connection,
 * whose "changed" signal this model does not hear. */
void                lw_item_model_reload        (LwItemModel *self);
/* Pages fetched from the store since creation (for tests: proves laziness). */
guint               lw_item_model_get_n_fetches (LwItemModel *self);

G_END_DECLS
