/* lw-item-object.h: one row of the item list: an LwItem as a GObject */
#pragma once

#include <glib-object.h>
#include <labelwright.h>

G_BEGIN_DECLS

#define LW_TYPE_ITEM_OBJECT (lw_item_object_get_type ())
G_DECLARE_FINAL_TYPE (LwItemObject, lw_item_object, LW, ITEM_OBJECT, GObject)

/* Takes ownership of @item. */
LwItemObject *lw_item_object_new      (LwItem       *item);
const LwItem *lw_item_object_get_item (LwItemObject *self);
gint64        lw_item_object_get_id   (LwItemObject *self);

G_END_DECLS
