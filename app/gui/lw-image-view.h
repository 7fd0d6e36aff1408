/* lw-image-view.h: an image item scaled to fit, with its annotations drawn over it */
#pragma once

#include <gtk/gtk.h>
#include <labelwright.h>

G_BEGIN_DECLS

#define LW_TYPE_IMAGE_VIEW (lw_image_view_get_type ())
G_DECLARE_FINAL_TYPE (LwImageView, lw_image_view, LW, IMAGE_VIEW, GtkWidget)

GtkWidget *lw_image_view_new             (void);
/* Loads @path off the main thread; @width and @height (the item's) place the annotations
 * until the image has loaded, or when it cannot be read. @path NULL clears. */
void       lw_image_view_set_image       (LwImageView *self,
                                          const char  *path,
                                          int          width,
                                          int          height);
/* @annotations: LwAnnotation*; @classes: gint64* id -> LwLabelClass*. Both are referenced. */
void       lw_image_view_set_annotations (LwImageView *self,
                                          GPtrArray   *annotations,
                                          GHashTable  *classes);
gboolean   lw_image_view_has_texture     (LwImageView *self);

G_END_DECLS
