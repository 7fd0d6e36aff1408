/* lw-item-object.c: one row of the item list */
#define G_LOG_DOMAIN "lw-item-object"

#include "lw-item-object.h"

struct _LwItemObject
{
  GObject  parent_instance;
  LwItem  *item;
};

G_DEFINE_FINAL_TYPE (LwItemObject, lw_item_object, G_TYPE_OBJECT)

static void
lw_item_object_finalize (GObject *object)
{
  LwItemObject *self = LW_ITEM_OBJECT (object);

  g_clear_pointer (&self->item, lw_item_free);
  G_OBJECT_CLASS (lw_item_object_parent_class)->finalize (object);
}

static void
lw_item_object_class_init (LwItemObjectClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lw_item_object_finalize;
}

static void
lw_item_object_init (LwItemObject *self)
{
}

LwItemObject *
lw_item_object_new (LwItem *item)
{
  LwItemObject *self;

  g_return_val_if_fail (item != NULL, NULL);
  self = g_object_new (LW_TYPE_ITEM_OBJECT, NULL);
  self->item = item;
  return self;
}

const LwItem *
lw_item_object_get_item (LwItemObject *self)
{
  g_return_val_if_fail (LW_IS_ITEM_OBJECT (self), NULL);
  return self->item;
}

gint64
lw_item_object_get_id (LwItemObject *self)
{
  g_return_val_if_fail (LW_IS_ITEM_OBJECT (self), 0);
  return self->item->id;
}
