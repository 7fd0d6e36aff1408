/* lw-item-row.h: the rows of the item list */
#pragma once

#include <gtk/gtk.h>
#include <labelwright.h>

#include "lw-thumbnails.h"

G_BEGIN_DECLS

/* The file of an image item (a new string), or NULL. */
typedef char *(*LwItemRowMediaFunc) (const LwItem *item,
                                     gpointer      data);

/* A factory for rows of LwItemObject: status dot, a thumbnail from @thumbnails (the file
 * @media_path names; the kind's icon until then) in a slot of one size, the name, and the
 * status with the number of annotations and the split. @data must outlive the factory. */
GtkListItemFactory *lw_item_row_factory_new (LwThumbnails       *thumbnails,
                                             LwItemRowMediaFunc  media_path,
                                             gpointer            data);

G_END_DECLS
