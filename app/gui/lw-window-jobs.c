/* lw-window-jobs.c: imports, exports, consensus builds and assignments run by the window on
 * a worker, one at a time, with progress on the main context and cancellation */
#define G_LOG_DOMAIN "lw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-window.h"
#include "lw-window-private.h"

typedef struct
{
  LwWindow            *window;          /* the task's source object holds the reference */
  char                *project_path;
  gboolean             is_export;

  char               **paths;
  LwImportOptions      import_opts;
  char                *annotator;
  LwImportReport       report;

  LwExportOptions      export_opts;
  char                *output;
  guint64              n_items;
  guint64              n_skipped;

  LwConsensusOptions   consensus_opts;
  char                *consensus_name;
  LwConsensusReport    consensus_report;

  LwAssignOptions      assign_opts;
  char               **assign_names;
  LwAssignReport      *assign_report;

  /* Progress, written by the worker and read on the main context. The worker schedules
   * one idle at a time, so a million items do not queue a million callbacks. */
  GMutex               mutex;
  double               fraction;
  char                *message;
  gboolean             progress_pending;
  gboolean             finished;
  LwProgressFunc       progress;
  gpointer             progress_data;

  GAsyncReadyCallback  callback;
  gpointer             user_data;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->project_path);
  g_strfreev (job->paths);
  g_free (job->annotator);
  lw_export_options_clear (&job->export_opts);
  g_free (job->output);
  g_free (job->consensus_name);
  g_strfreev (job->assign_names);
  g_clear_pointer (&job->assign_report, lw_assign_report_free);
  g_free (job->message);
  g_mutex_clear (&job->mutex);
  g_free (job);
}

static gboolean
job_progress_idle (gpointer data)
{
  GTask *task = data;
  Job *job = g_task_get_task_data (task);
  g_autofree char *message = NULL;
  double fraction;

  g_mutex_lock (&job->mutex);
  job->progress_pending = FALSE;
  fraction = job->fraction;
  message = g_steal_pointer (&job->message);
  g_mutex_unlock (&job->mutex);

  if (!job->finished && job->progress != NULL)
    job->progress (fraction, message, job->progress_data);
  return G_SOURCE_REMOVE;
}

/* Called on the worker thread. */
static void
job_progress (double fraction, const char *message, gpointer data)
{
  GTask *task = data;
  Job *job = g_task_get_task_data (task);
  gboolean schedule;

  g_mutex_lock (&job->mutex);
  job->fraction = fraction;
  if (message != NULL)
    {
      g_free (job->message);
      job->message = g_strdup (message);
    }
  schedule = !job->progress_pending;
  job->progress_pending = TRUE;
  g_mutex_unlock (&job->mutex);

  if (schedule)
    g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                                job_progress_idle, g_object_ref (task), g_object_unref);
}

static void
import_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (job->project_path, LW_PROJECT_OPEN_DEFAULT, &error);

  if (project == NULL
      || !lw_import_run (project, (const char *const *) job->paths, &job->import_opts,
                         &job->report, job_progress, task, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
consensus_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (job->project_path, LW_PROJECT_OPEN_DEFAULT, &error);

  if (project == NULL
      || !lw_project_build_consensus (project, &job->consensus_opts, &job->consensus_report, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
assign_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (job->project_path, LW_PROJECT_OPEN_DEFAULT, &error);

  if (project != NULL)
    job->assign_report = lw_project_assign (project, &job->assign_opts, &error);
  if (job->assign_report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LwProject) project = lw_project_open (job->project_path, LW_PROJECT_OPEN_READ_ONLY, &error);
  LwItemFilter filter = { 0 };
  gint64 n;

  if (project == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The core reports no counts; the selection is the items of the chosen statuses. */
  filter.status_mask = job->export_opts.status_mask;
  n = lw_project_count_items (project, &filter, &error);
  job->export_opts.skipped = skipped;
  if (n < 0
      || !lw_export_run (project, &job->export_opts, job->output, job_progress, task,
                         cancellable, &error))
    {
      job->export_opts.skipped = NULL;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->export_opts.skipped = NULL;
  job->n_skipped = skipped->len;
  job->n_items = (guint64) n > skipped->len ? (guint64) n - skipped->len : 0;
  g_task_return_boolean (task, TRUE);
}

static void
job_done (GObject *source, GAsyncResult *result, gpointer data)
{
  LwWindow *self = LW_WINDOW (source);
  Job *job = g_task_get_task_data (G_TASK (result));

  job->finished = TRUE;
  if (_lw_window_get_job (self) == G_TASK (result))
    _lw_window_set_job (self, NULL, NULL);
  /* The result is not propagated here, so that the caller's _finish still can. An import or
   * a consensus wrote through their own connection, which the window does not hear. */
  if (!job->is_export && !g_task_had_error (G_TASK (result)))
    _lw_window_reload_after_import (self);
  _lw_window_update_actions (self);
  if (job->callback != NULL)
    job->callback (source, result, job->user_data);
}

/* Runs @thread on a worker for @job (taken), unless the window has no project or is busy
 * with another job: the task then returns that error. */
static void
job_run (LwWindow            *self,
         Job                 *job,
         gpointer             source_tag,
         GTaskThreadFunc      thread,
         GCancellable        *cancellable,
         LwProgressFunc       progress,
         gpointer             progress_data,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GCancellable) own = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  LwProject *project = lw_window_get_project (self);
  GTask *task = g_task_new (self, own, job_done, NULL);

  g_task_set_source_tag (task, source_tag);
  g_mutex_init (&job->mutex);
  job->window = self;
  job->progress = progress;
  job->progress_data = progress_data;
  job->callback = callback;
  job->user_data = user_data;
  g_task_set_task_data (task, job, job_free);

  if (project == NULL || _lw_window_get_job (self) != NULL)
    {
      job->finished = TRUE;
      g_task_return_new_error (task, G_IO_ERROR, project == NULL ? G_IO_ERROR_NOT_INITIALIZED
                                                                 : G_IO_ERROR_BUSY,
                               project == NULL ? _("No project is open")
                                               : _("Another import, export or assignment is running"));
      g_object_unref (task);
      return;
    }
  job->project_path = g_strdup (lw_project_get_path (project));
  _lw_window_set_job (self, task, own);
  _lw_window_update_actions (self);
  g_task_run_in_thread (task, thread);
  g_object_unref (task);
}

/* The job of a finished task of @source_tag, or NULL with @error set. */
static Job *
job_finish (LwWindow *self, GAsyncResult *result, gpointer source_tag, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_task_get_task_data (G_TASK (result));
}

void
lw_window_import_async (LwWindow               *self,
                        const char *const      *paths,
                        const LwImportOptions  *opts,
                        GCancellable           *cancellable,
                        LwProgressFunc          progress,
                        gpointer                progress_data,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  Job *job;

  g_return_if_fail (LW_IS_WINDOW (self));
  g_return_if_fail (paths != NULL && paths[0] != NULL);

  job = g_new0 (Job, 1);
  job->paths = g_strdupv ((char **) paths);
  if (opts != NULL)
    job->import_opts = *opts;
  job->annotator = g_strdup (job->import_opts.annotator);
  job->import_opts.annotator = job->annotator;
  job_run (self, job, lw_window_import_async, import_thread, cancellable, progress, progress_data,
           callback, user_data);
}

gboolean
lw_window_import_finish (LwWindow        *self,
                         GAsyncResult    *result,
                         LwImportReport  *report,
                         GError         **error)
{
  Job *job = job_finish (self, result, lw_window_import_async, error);

  if (job != NULL && report != NULL)
    *report = job->report;
  return job != NULL;
}

void
lw_window_export_async (LwWindow               *self,
                        const LwExportOptions  *opts,
                        const char             *output,
                        GCancellable           *cancellable,
                        LwProgressFunc          progress,
                        gpointer                progress_data,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  Job *job;

  g_return_if_fail (LW_IS_WINDOW (self));
  g_return_if_fail (opts != NULL);
  g_return_if_fail (output != NULL);

  job = g_new0 (Job, 1);
  job->is_export = TRUE;
  job->export_opts = *opts;
  for (guint i = 0; i < opts->n_splits; i++)
    job->export_opts.splits[i].name = g_strdup (opts->splits[i].name);
  job->export_opts.skipped = NULL;
  job->export_opts.classes = g_strdupv (opts->classes);
  job->output = g_strdup (output);
  job_run (self, job, lw_window_export_async, export_thread, cancellable, progress, progress_data,
           callback, user_data);
}

gboolean
lw_window_export_finish (LwWindow      *self,
                         GAsyncResult  *result,
                         guint64       *n_items,
                         guint64       *n_skipped,
                         GError       **error)
{
  Job *job = job_finish (self, result, lw_window_export_async, error);

  if (job != NULL && n_items != NULL)
    *n_items = job->n_items;
  if (job != NULL && n_skipped != NULL)
    *n_skipped = job->n_skipped;
  return job != NULL;
}

void
lw_window_consensus_async (LwWindow                 *self,
                           const LwConsensusOptions *opts,
                           GCancellable             *cancellable,
                           GAsyncReadyCallback       callback,
                           gpointer                  user_data)
{
  Job *job;

  g_return_if_fail (LW_IS_WINDOW (self));
  g_return_if_fail (opts != NULL);

  job = g_new0 (Job, 1);
  job->consensus_opts = *opts;
  job->consensus_name = g_strdup (opts->name);
  job->consensus_opts.name = job->consensus_name;
  job_run (self, job, lw_window_consensus_async, consensus_thread, cancellable, NULL, NULL,
           callback, user_data);
}

gboolean
lw_window_consensus_finish (LwWindow           *self,
                            GAsyncResult       *result,
                            LwConsensusReport  *report,
                            GError            **error)
{
  Job *job = job_finish (self, result, lw_window_consensus_async, error);

  if (job != NULL && report != NULL)
    *report = job->consensus_report;
  return job != NULL;
}

void
lw_window_assign_async (LwWindow              *self,
                        const LwAssignOptions *opts,
                        GCancellable          *cancellable,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  Job *job;

  g_return_if_fail (LW_IS_WINDOW (self));
  g_return_if_fail (opts != NULL && opts->annotators != NULL);

  job = g_new0 (Job, 1);
  job->assign_opts = *opts;
  job->assign_names = g_strdupv ((char **) opts->annotators);
  job->assign_opts.annotators = (const char *const *) job->assign_names;
  job_run (self, job, lw_window_assign_async, assign_thread, cancellable, NULL, NULL, callback, user_data);
}

LwAssignReport *
lw_window_assign_finish (LwWindow      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  Job *job = job_finish (self, result, lw_window_assign_async, error);

  return job != NULL ? g_steal_pointer (&job->assign_report) : NULL;
}

gboolean
lw_window_is_busy (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), FALSE);
  return _lw_window_get_job (self) != NULL;
}

