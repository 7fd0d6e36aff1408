/* lw-thumbnails.h: item-list thumbnails, decoded off the main thread and kept in a small LRU */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LW_TYPE_THUMBNAILS (lw_thumbnails_get_type ())
G_DECLARE_FINAL_TYPE (LwThumbnails, lw_thumbnails, LW, THUMBNAILS, GObject)

LwThumbnails *lw_thumbnails_new            (guint                capacity);
/* The thumbnail of @path at most @width x @height (aspect kept) if it is cached, or NULL.
 * A hit moves it to the front of the LRU. */
GdkTexture   *lw_thumbnails_lookup         (LwThumbnails        *self,
                                            const char          *path,
                                            int                  width,
                                            int                  height);
/* Decodes @path in a worker thread (gdk_pixbuf_new_from_file_at_scale) unless it is cached;
 * the result is cached. */
void          lw_thumbnails_load_async     (LwThumbnails        *self,
                                            const char          *path,
                                            int                  width,
                                            int                  height,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GdkTexture   *lw_thumbnails_load_finish    (LwThumbnails        *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Edge length of the list's thumbnails (the "thumbnail-size" setting); the height is 3/4 of it. */
int           lw_thumbnails_get_size       (LwThumbnails        *self);
void          lw_thumbnails_set_size       (LwThumbnails        *self,
                                            int                  size);
/* How many decodes have been started, and how many thumbnails are cached (for tests). */
guint         lw_thumbnails_get_n_decodes  (LwThumbnails        *self);
guint         lw_thumbnails_get_n_cached   (LwThumbnails        *self);

/* The list (a GtkScrollable) whose rows are bound: a row asks once it is near the view.
 * Without a view every bound row asks at once. */
void          lw_thumbnails_set_view       (LwThumbnails        *self,
                                            GtkWidget           *view);
/* The item list's row helpers: a row holds a GtkImage icon and a GtkPicture thumbnail
 * (with the same parent, a slot such as a GtkOverlay, that parent is sized to the
 * thumbnail size); @path NULL (a text item) keeps the icon. Unbinding cancels the row's
 * request. */
void          lw_thumbnails_bind_row       (LwThumbnails        *self,
                                            GtkWidget           *row,
                                            GtkWidget           *icon,
                                            GtkPicture          *picture,
                                            const char          *path);
void          lw_thumbnails_unbind_row     (LwThumbnails        *self,
                                            GtkWidget           *row);

G_END_DECLS
