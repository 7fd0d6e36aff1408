/* lw-window.h: the main window: the welcome page, or one project's items */
#pragma once

#include <adwaita.h>
#include <labelwright.h>

#include "lw-canvas.h"
#include "lw-filter-popover.h"
#include "lw-item-model.h"
#include "lw-thumbnails.h"

G_BEGIN_DECLS

#define LW_TYPE_WINDOW (lw_window_get_type ())
G_DECLARE_FINAL_TYPE (LwWindow, lw_window, LW, WINDOW, AdwApplicationWindow)

LwWindow    *lw_window_new             (GtkApplication *application);
/* Opens @path in this window (which must not hold a project yet). A project in an older
 * format is upgraded on a worker first: the call then returns TRUE at once, the window shows
 * the upgrade, and opens the project (or shows the error) when it is done. */
gboolean     lw_window_open_project    (LwWindow     *self,
                                        const char   *path,
                                        GError      **error);
gboolean     lw_window_open_sample     (LwWindow     *self,
                                        GError      **error);
/* Opens a sample project file (not added to the recent projects). */
gboolean     lw_window_open_sample_file (LwWindow    *self,
                                        const char   *path,
                                        GError      **error);
LwProject   *lw_window_get_project     (LwWindow     *self);
/* The file the window shows, or is upgrading to open, or NULL. */
const char  *lw_window_get_path        (LwWindow     *self);
LwItemModel *lw_window_get_item_model  (LwWindow     *self);
GtkSelectionModel *lw_window_get_selection (LwWindow *self);
/* The item shown in the centre, or 0. */
gint64       lw_window_get_current_item (LwWindow    *self);
void         lw_window_show_item       (LwWindow     *self,
                                        gint64        item_id);
/* The image canvas (shown for image items). */
LwCanvas    *lw_window_get_canvas      (LwWindow     *self);
/* The sidebar's class, annotator, split and predictions filters. */
LwFilterPopover *lw_window_get_filter_popover (LwWindow *self);
/* The item list's thumbnails (NULL before a project is open). */
LwThumbnails *lw_window_get_thumbnails (LwWindow *self);
/* The status bar's text, for tests and screen readers. */
const char  *lw_window_get_status_text (LwWindow     *self);
/* The status bar's right side: the shown item's name and status (with the rejection comment). */
const char  *lw_window_get_item_text   (LwWindow     *self);
void         lw_window_show_error      (LwWindow     *self,
                                        const GError *error);
/* The annotator name from the settings, or the account's name when that is empty. */
char        *lw_window_dup_annotator_name (LwWindow  *self);

/* Imports and exports run in a worker thread on a connection of their own (SQLite
 * connections are not shared between threads here). @progress is called on the main
 * context, at most once per main-loop iteration. One job runs at a time per window: a
 * second call fails with G_IO_ERROR_BUSY. After a successful import the window's item
 * list is reloaded before @callback runs. */
void         lw_window_import_async    (LwWindow               *self,
                                        const char *const      *paths,
                                        const LwImportOptions  *opts,
                                        GCancellable           *cancellable,
                                        LwProgressFunc          progress,
                                        gpointer                progress_data,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data);
/* @report (may be NULL) receives the core's counts on success. */
gboolean     lw_window_import_finish   (LwWindow               *self,
                                        GAsyncResult           *result,
                                        LwImportReport         *report,
                                        GError                **error);
/* @opts->skipped is ignored: the names of items left out are counted in @n_skipped. */
void         lw_window_export_async    (LwWindow               *self,
                                        const LwExportOptions  *opts,
                                        const char             *output,
                                        GCancellable           *cancellable,
                                        LwProgressFunc          progress,
                                        gpointer                progress_data,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data);
/* @n_items: items written; @n_skipped: items left out because their media is missing. */
gboolean     lw_window_export_finish   (LwWindow               *self,
                                        GAsyncResult           *result,
                                        guint64                *n_items,
                                        guint64                *n_skipped,
                                        GError                **error);
/* Builds the consensus layer (lw_project_build_consensus) as a job of the window, with
 * its own connection; the core cannot stop midway, so @cancellable only drops the reply.
 * The window reloads before @callback runs, as after an import. */
void         lw_window_consensus_async (LwWindow                 *self,
                                        const LwConsensusOptions *opts,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data);
gboolean     lw_window_consensus_finish (LwWindow                *self,
                                        GAsyncResult            *result,
                                        LwConsensusReport       *report,
                                        GError                 **error);
/* Assigns the items without an assignment (lw_project_assign) as a job of the window; the
 * window reloads before @callback runs. */
void         lw_window_assign_async    (LwWindow                 *self,
                                        const LwAssignOptions    *opts,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data);
/* The core's report (free with lw_assign_report_free), or NULL with @error set. */
LwAssignReport *lw_window_assign_finish (LwWindow               *self,
                                        GAsyncResult           *result,
                                        GError                **error);
gboolean     lw_window_is_busy         (LwWindow               *self);

G_END_DECLS
