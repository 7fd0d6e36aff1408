/* lw-window-private.h: what lw-window.c shares with the window's other files */
#pragma once

#include "lw-window.h"

G_BEGIN_DECLS

/* Enables the window's actions for its state (project, history, running job). */
void           _lw_window_update_actions      (LwWindow     *self);
/* An import wrote through its own connection, whose changes the window does not hear: shows
 * the store as it is now. */
void           _lw_window_reload_after_import (LwWindow     *self);
/* The running import or export (not owned), or NULL. */
GTask         *_lw_window_get_job             (LwWindow     *self);
/* Sets the running job and its cancellable (referenced), or clears both with NULL. */
void           _lw_window_set_job             (LwWindow     *self,
                                               GTask        *job,
                                               GCancellable *cancellable);

/* lw-window-upgrade.c: the upgrade of a project in an older format on a worker (the window
 * is the task's source object). */
void           _lw_window_upgrade_async       (LwWindow            *self,
                                               const char          *path,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       _lw_window_upgrade_finish      (LwWindow            *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
