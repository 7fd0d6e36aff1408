/* lw-window-upgrade.c: a project saved in an older format is upgraded on a worker before the
 * window opens it. An upgrade may rebuild an index over every annotation (format 5: about a
 * second per million), which on the main context would freeze the window with no word of
 * why; the window shows what it is doing meanwhile. */
#define G_LOG_DOMAIN "lw-window"

#include "config.h"

#include "lw-window-private.h"

static void
upgrade_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  /* Opening read-write is what upgrades, in one transaction per format step; the window
   * then opens the file again on its own context, which owns the project's signals. */
  g_autoptr(LwProject) project = lw_project_open (data, LW_PROJECT_OPEN_DEFAULT, &error);

  if (project == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
_lw_window_upgrade_async (LwWindow            *self,
                          const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _lw_window_upgrade_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, upgrade_thread);
}

gboolean
_lw_window_upgrade_finish (LwWindow      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
