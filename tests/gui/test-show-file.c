/* test-show-file.c: "Show in Files" asks the desktop portal to open the folder holding a file,
 * handing it the file as a descriptor; the export dialog offers it once an export is done.
 * The portal is played by this program on the test's private session bus. */
#include "config.h"

#include <adwaita.h>
#include <gio/gunixfdlist.h>
#include <labelwright.h>
#include <unistd.h>

#include "lw-export-dialog.h"
#include "lw-gui-test.h"
#include "lw-show-file.h"
#include "lw-test-util.h"
#include "lw-window.h"

static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.OpenURI'>"
  "    <method name='OpenDirectory'>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='h' name='fd' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  GDBusConnection *bus;
  guint            object_id;
  guint            name_id;
  gboolean         named;
  char            *shown;     /* the path behind the descriptor of the last call */
  guint            calls;
} Portal;

static void
portal_call (GDBusConnection *connection, const char *sender, const char *path,
             const char *interface, const char *method, GVariant *parameters,
             GDBusMethodInvocation *invocation, gpointer data)
{
  Portal *portal = data;
  GUnixFDList *fds = g_dbus_message_get_unix_fd_list (g_dbus_method_invocation_get_message (invocation));
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  gint32 handle;
  int fd;

  g_assert_cmpstr (method, ==, "OpenDirectory");
  g_variant_get (parameters, "(&sh@a{sv})", NULL, &handle, NULL);
  g_assert_nonnull (fds);
  fd = g_unix_fd_list_get (fds, handle, &error);
  g_assert_no_error (error);
  link = g_strdup_printf ("/proc/self/fd/%d", fd);
  g_free (portal->shown);
  portal->shown = g_file_read_link (link, &error);
  g_assert_no_error (error);
  close (fd);
  portal->calls++;
  g_dbus_method_invocation_return_value (invocation,
      g_variant_new ("(o)", "/org/freedesktop/portal/desktop/request/1_1/t"));
}

static void
on_name_acquired (GDBusConnection *connection, const char *name, gpointer data)
{
  ((Portal *) data)->named = TRUE;
}

static gboolean
portal_named (gpointer data)
{
  return ((Portal *) data)->named;
}

/* FALSE, with the test skipped, when there is no session bus to play on. */
static gboolean
portal_start (Portal *portal)
{
  static const GDBusInterfaceVTable vtable = { portal_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  g_autoptr(GError) error = NULL;

  portal->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (portal->bus == NULL)
    {
      g_test_skip_printf ("no session bus: %s", error->message);
      return FALSE;
    }
  portal->object_id = g_dbus_connection_register_object (portal->bus, "/org/freedesktop/portal/desktop",
                                                         info->interfaces[0], &vtable, portal,
                                                         NULL, &error);
  g_assert_no_error (error);
  portal->name_id = g_bus_own_name_on_connection (portal->bus, "org.freedesktop.portal.Desktop",
                                                  G_BUS_NAME_OWNER_FLAGS_NONE, on_name_acquired,
                                                  NULL, portal, NULL);
  lw_gui_test_spin_until (portal_named, portal);
  return TRUE;
}

static void
portal_stop (Portal *portal)
{
  if (portal->name_id != 0)
    g_bus_unown_name (portal->name_id);
  if (portal->object_id != 0)
    g_dbus_connection_unregister_object (portal->bus, portal->object_id);
  g_clear_object (&portal->bus);
  g_clear_pointer (&portal->shown, g_free);
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_shown (GObject *source, GAsyncResult *result, gpointer data)
{
  ((Wait *) data)->result = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static gboolean
portal_called (gpointer data)
{
  return ((Portal *) data)->calls > 0;
}

/* The portal gets the file itself, as a descriptor: it works for a sandbox's paths too. */
static void
test_portal (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *file = g_build_filename (dir, "dataset.tar.zst", NULL);
  g_autofree char *missing = g_build_filename (dir, "gone.zip", NULL);
  g_autoptr(GError) error = NULL;
  Portal portal = { 0 };
  Wait wait = { 0 };

  if (!portal_start (&portal))
    return;
  g_assert_true (g_file_set_contents (file, "x", 1, &error));
  lw_show_file_async (NULL, file, NULL, on_shown, &wait);
  lw_gui_test_spin_until (have_result, &wait);
  g_assert_true (lw_show_file_finish (wait.result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (portal.calls, ==, 1);
  g_assert_cmpstr (portal.shown, ==, file);
  g_clear_object (&wait.result);

  /* A file that is not there is named in the error, and the portal is not asked. */
  lw_show_file_async (NULL, missing, NULL, on_shown, &wait);
  lw_gui_test_spin_until (have_result, &wait);
  g_assert_false (lw_show_file_finish (wait.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, missing));
  g_assert_cmpuint (portal.calls, ==, 1);
  g_clear_object (&wait.result);

  portal_stop (&portal);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
export_finished (gpointer data)
{
  return !g_str_equal (lw_export_dialog_get_state (data), "running");
}

static gboolean
bound_to (GtkWidget *widget, gconstpointer action_name)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

/* The export dialog offers "Show in Files" once the export is done, for its output. */
static void
test_export_dialog (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "shown", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  g_autofree char *output = g_build_filename (dir, "shown-coco.zip", NULL);
  Portal portal = { 0 };
  LwWindow *window;
  LwExportDialog *export;
  GtkWidget *button;

  if (!portal_start (&portal))
    return;
  g_clear_object (&project);
  window = lw_gui_test_open_window (path);
  export = g_object_ref (lw_export_dialog_new (window));
  gtk_window_present (GTK_WINDOW (export));
  lw_gui_test_spin ();
  button = lw_gui_test_find_widget (GTK_WIDGET (export), bound_to, "export.show-file");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_is_sensitive (button));

  lw_export_dialog_set_output (export, output);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (export), "export.start", NULL));
  lw_gui_test_spin_until (export_finished, export);
  g_assert_cmpstr (lw_export_dialog_get_state (export), ==, "done");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
  lw_gui_test_spin_until (portal_called, &portal);
  g_assert_cmpstr (portal.shown, ==, output);

  gtk_window_destroy (GTK_WINDOW (export));
  g_object_unref (export);
  lw_gui_test_close_window (window);
  portal_stop (&portal);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char *argv[])
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/gui/show-file/portal", test_portal);
  g_test_add_func ("/gui/show-file/export-dialog", test_export_dialog);
  return lw_gui_test_run ();
}
