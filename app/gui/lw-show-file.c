/* lw-show-file.c: "Show in Files": the file manager opens the folder that holds a file, with
 * the file selected.
 *
 * It asks the desktop portal (org.freedesktop.portal.OpenURI.OpenDirectory), handing it the
 * file as a descriptor: that works inside the Flatpak sandbox, whose paths the file manager
 * outside cannot see, and on any desktop that runs xdg-desktop-portal. Where no portal
 * answers, the folder is opened with its default application (without the selection).
 * GTK 4.10's GtkFileLauncher does the same, but the application builds on GTK 4.8. */
#define _GNU_SOURCE   /* O_PATH */
#define G_LOG_DOMAIN "lw-gui"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixfdlist.h>
#include <glib/gi18n.h>
#include <unistd.h>

#include "lw-show-file.h"

#define PORTAL_NAME      "org.freedesktop.portal.Desktop"
#define PORTAL_PATH      "/org/freedesktop/portal/desktop"
#define PORTAL_OPEN_URI  "org.freedesktop.portal.OpenURI"

static void
on_folder_launched (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (g_app_info_launch_default_for_uri_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Without a portal: the folder itself, in whatever opens folders. */
static void
open_folder (GTask *task)
{
  const char *path = g_task_get_task_data (task);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *uri = g_filename_to_uri (folder, NULL, NULL);
  GtkWindow *parent = g_task_get_source_object (task);
  g_autoptr(GdkAppLaunchContext) context =
    gdk_display_get_app_launch_context (parent != NULL ? gtk_widget_get_display (GTK_WIDGET (parent))
                                                       : gdk_display_get_default ());

  if (uri == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                               _("%s: not a local file"), path);
      g_object_unref (task);
      return;
    }
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context),
                                           g_task_get_cancellable (task), on_folder_launched, task);
}

static void
on_portal_reply (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source),
                                                                              NULL, result, &error);

  if (reply != NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  g_debug ("portal OpenDirectory: %s; opening the folder instead", error->message);
  open_folder (task);
}

static void
on_bus (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  const char *path = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);
  g_autoptr(GUnixFDList) fds = NULL;
  GVariantBuilder options;
  int fd;

  if (bus == NULL)
    {
      g_debug ("no session bus (%s); opening the folder instead", error->message);
      open_folder (task);
      return;
    }
  /* O_PATH: the portal needs to know the file, not to read it; it checks the descriptor. */
  fd = open (path, O_PATH | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s",
                               path, g_strerror (saved));
      g_object_unref (task);
      return;
    }
  fds = g_unix_fd_list_new_from_array (&fd, 1);   /* takes the descriptor */
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_dbus_connection_call_with_unix_fd_list (bus, PORTAL_NAME, PORTAL_PATH, PORTAL_OPEN_URI,
                                            "OpenDirectory",
                                            g_variant_new ("(sha{sv})", "", 0, &options),
                                            G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                            fds, g_task_get_cancellable (task), on_portal_reply,
                                            task);
}

void
lw_show_file_async (GtkWindow           *parent,
                    const char          *path,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (path != NULL);

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_show_file_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, on_bus, task);
}

gboolean
lw_show_file_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_show_file_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
