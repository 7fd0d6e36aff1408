/* lw-show-file.h: "Show in Files", the folder that holds a file, with the file selected */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Asks the desktop (its portal, else the folder's default application) to show @path in
 * its folder. @parent (may be NULL) is the task's source object. */
void     lw_show_file_async  (GtkWindow           *parent,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
gboolean lw_show_file_finish (GAsyncResult        *result,
                              GError             **error);

G_END_DECLS
