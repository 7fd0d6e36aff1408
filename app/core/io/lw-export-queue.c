#define G_LOG_DOMAIN "lw-export"

#include "lw-export-private.h"

/* A worker thread that writes an archive's entries in the order they were queued, while the
 * export's thread reads the project and formats the next items. An archive is one stream:
 * one thread writes it. The queue is bounded, so the export cannot run ahead of the disk and
 * hold many entries in memory. After a job fails, the later ones are dropped unrun and the
 * error is handed back by the next push or by finish. */

struct _LwExportQueue {
  GMutex         lock;
  GCond          cond;
  GQueue         jobs;
  guint          max_pending;
  gboolean       stop;      /* finish: run what is queued, then end */
  gboolean       abandon;   /* free: end after the current job */
  /* Who waits on @cond: a wake-up per job costs more than a small job (perf). */
  gboolean       worker_waits, producer_waits;
  GError        *error;     /* the first failure */
  GThread       *thread;
  LwQueueRunFunc run;
  GDestroyNotify free_job;
  gpointer       data;
};

static gpointer
queue_thread (gpointer user_data)
{
  LwExportQueue *q = user_data;

  g_mutex_lock (&q->lock);
  for (;;)
    {
      g_autoptr(GError) local = NULL;
      gboolean failed;
      gpointer job;

      while (q->jobs.length == 0 && !q->stop && !q->abandon)
        {
          q->worker_waits = TRUE;
          g_cond_wait (&q->cond, &q->lock);
          q->worker_waits = FALSE;
        }
      if (q->abandon || q->jobs.length == 0)
        break;
      job = g_queue_pop_head (&q->jobs);
      failed = q->error != NULL;
      /* Room for the producer: woken when half the queue is free, not at every job. */
      if (q->producer_waits && q->jobs.length <= q->max_pending / 2)
        g_cond_broadcast (&q->cond);
      g_mutex_unlock (&q->lock);

      if (!failed && !q->run (job, q->data, &local))
        g_assert (local != NULL);
      q->free_job (job);

      g_mutex_lock (&q->lock);
      if (local != NULL && q->error == NULL)
        {
          q->error = g_steal_pointer (&local);
          g_cond_broadcast (&q->cond);
        }
    }
  g_mutex_unlock (&q->lock);
  return NULL;
}

LwExportQueue *
_lw_export_queue_new (LwQueueRunFunc run,
                      GDestroyNotify free_job,
                      gpointer       data,
                      guint          max_pending)
{
  LwExportQueue *q = g_new0 (LwExportQueue, 1);
  g_autoptr(GError) error = NULL;

  g_mutex_init (&q->lock);
  g_cond_init (&q->cond);
  g_queue_init (&q->jobs);
  q->run = run;
  q->free_job = free_job;
  q->data = data;
  q->max_pending = MAX (max_pending, 1);
  q->thread = g_thread_try_new ("lw-export-write", queue_thread, q, &error);
  if (q->thread == NULL)
    {
      /* Writing on the caller's thread is slower, not wrong. */
      g_debug ("no writer thread: %s", error->message);
      _lw_export_queue_free (q);
      return NULL;
    }
  return q;
}

gboolean
_lw_export_queue_push (LwExportQueue *q,
                       gpointer       job,
                       GError       **error)
{
  g_mutex_lock (&q->lock);
  while (q->error == NULL && q->jobs.length >= q->max_pending)
    {
      q->producer_waits = TRUE;
      g_cond_wait (&q->cond, &q->lock);
      q->producer_waits = FALSE;
    }
  if (q->error != NULL)
    {
      g_propagate_error (error, g_error_copy (q->error));
      g_mutex_unlock (&q->lock);
      q->free_job (job);
      return FALSE;
    }
  g_queue_push_tail (&q->jobs, job);
  /* Likewise the worker, once there is a batch for it. */
  if (q->worker_waits && q->jobs.length >= q->max_pending / 2)
    g_cond_broadcast (&q->cond);
  g_mutex_unlock (&q->lock);
  return TRUE;
}

gboolean
_lw_export_queue_finish (LwExportQueue *q,
                         GError       **error)
{
  g_mutex_lock (&q->lock);
  q->stop = TRUE;
  g_cond_broadcast (&q->cond);
  g_mutex_unlock (&q->lock);
  if (q->thread != NULL)
    g_thread_join (g_steal_pointer (&q->thread));
  if (q->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&q->error));
      return FALSE;
    }
  return TRUE;
}

void
_lw_export_queue_free (LwExportQueue *q)
{
  gpointer job;

  if (q == NULL)
    return;
  g_mutex_lock (&q->lock);
  q->abandon = TRUE;
  g_cond_broadcast (&q->cond);
  g_mutex_unlock (&q->lock);
  if (q->thread != NULL)
    g_thread_join (q->thread);
  while ((job = g_queue_pop_head (&q->jobs)) != NULL)
    q->free_job (job);
  g_clear_error (&q->error);
  g_mutex_clear (&q->lock);
  g_cond_clear (&q->cond);
  g_free (q);
}
