/* lw-image-page.h: the image labelling page: tools and zoom, the canvas, the class palette
 * with its hotkeys, and the selected shape's attributes */
#pragma once

#include <gtk/gtk.h>
#include <labelwright.h>

#include "lw-canvas.h"

G_BEGIN_DECLS

#define LW_TYPE_IMAGE_PAGE (lw_image_page_get_type ())
G_DECLARE_FINAL_TYPE (LwImagePage, lw_image_page, LW, IMAGE_PAGE, GtkWidget)

GtkWidget *lw_image_page_new        (void);
LwCanvas  *lw_image_page_get_canvas (LwImagePage  *self);
/* Shows @item with @annotations and the project's @classes (gint64* id -> LwLabelClass*),
 * editing @project. @path is the image file. */
void       lw_image_page_show       (LwImagePage  *self,
                                     LwProject    *project,
                                     const LwItem *item,
                                     const char   *path,
                                     GPtrArray    *annotations,
                                     GHashTable   *classes);

G_END_DECLS
