#define G_LOG_DOMAIN "lw-export"

#include "lw-export-private.h"
#include "lw-model-private.h"
#include "lw-quality.h"

/* The project reads behind lw_export_run: items page by page (texts whole), and each item's
 * annotations through one cursor. They were about two thirds of the export thread's work
 * (callgrind, bench-export: SQLite's steps, the table lookup behind annotation_by_item),
 * so they run on a thread of their own, a batch ahead of the formatting, while the sink's
 * thread packs media and libzstd's workers compress.
 *
 * A project's connection is used by one thread at a time (SQLITE_OPEN_NOMUTEX): from
 * _lw_export_reader_new to _lw_export_reader_free only the reader uses it. The batches go
 * round between two queues (free, ready), so at most N_BATCHES pages are held at once. */

#define PAGE_SIZE 256
#define N_BATCHES 3

struct _LwExportReader {
  LwProject          *project;
  LwItemFilter        filter;
  guint               item_kinds;
  gboolean            reviews;
  LwAnnotationCursor *cursor;
  gint64              after;
  GThread            *thread;
  GAsyncQueue        *free_batches, *ready_batches;
  gint                stop;           /* atomic: the export ends, read no more */
  gboolean            done;           /* threadless: the last batch was handed out */
  LwExportBatch      *batches[N_BATCHES];
};

static LwExportBatch *
batch_new (void)
{
  LwExportBatch *b = g_new0 (LwExportBatch, 1);

  b->items = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_item_free);
  b->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  b->annotations = g_ptr_array_new ();
  b->pool = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_annotation_free);
  b->review_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  b->reviews = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_review_free);
  return b;
}

static void
batch_free (LwExportBatch *b)
{
  g_ptr_array_unref (b->items);
  g_array_unref (b->starts);
  g_ptr_array_unref (b->annotations);
  g_ptr_array_unref (b->pool);
  g_array_unref (b->review_starts);
  g_ptr_array_unref (b->reviews);
  g_clear_error (&b->error);
  g_free (b);
}

/* Reads the next page into @b; at the end (or on an error, in b->error) b->last is set. */
/* Where the next item's annotations (and reviews) start; once more after the last item. */
static void
mark_starts (LwExportReader *r, LwExportBatch *b)
{
  guint start = b->annotations->len;

  g_array_append_val (b->starts, start);
  if (r->reviews)
    {
      start = b->reviews->len;
      g_array_append_val (b->review_starts, start);
    }
}

static void
fill_batch (LwExportReader *r, LwExportBatch *b)
{
  g_autoptr(GPtrArray) page = NULL;

  g_array_set_size (b->starts, 0);
  g_ptr_array_set_size (b->annotations, 0);
  g_array_set_size (b->review_starts, 0);
  g_ptr_array_set_size (b->reviews, 0);
  g_ptr_array_set_size (b->items, 0);
  g_clear_error (&b->error);
  b->last = FALSE;

  /* Texts whole: a second query per text for its whole text was most of a text export
   * (100,000 texts to JSONL: 0.87 s with it, 0.31 s without). */
  page = _lw_project_list_items_uncounted (r->project, &r->filter, r->after, PAGE_SIZE, TRUE,
                                           &b->error);
  if (page == NULL || page->len == 0)
    {
      b->last = TRUE;
      return;
    }
  for (guint i = 0; i < page->len; i++)
    {
      LwItem *item = page->pdata[i];

      r->after = item->id;
      mark_starts (r, b);
      if ((r->item_kinds & (1u << item->kind)) == 0)
        continue;
      if (r->reviews)
        {
          GPtrArray *reviews = lw_project_list_reviews (r->project, item->id, &b->error);
          if (reviews == NULL)
            {
              b->last = TRUE;
              return;
            }
          g_ptr_array_extend_and_steal (b->reviews, reviews);
        }
      if (!_lw_annotation_cursor_read (r->cursor, item->id, b->pool, b->annotations, &b->error))
        {
          b->last = TRUE;
          return;
        }
    }
  mark_starts (r, b);
  g_ptr_array_extend_and_steal (b->items, g_steal_pointer (&page));
}

static gpointer
reader_thread (gpointer data)
{
  LwExportReader *r = data;

  for (;;)
    {
      LwExportBatch *b = g_async_queue_pop (r->free_batches);
      gboolean last;

      if (g_atomic_int_get (&r->stop))
        {
          g_async_queue_push (r->free_batches, b);
          break;
        }
      fill_batch (r, b);
      last = b->last;
      g_async_queue_push (r->ready_batches, b);
      if (last)
        break;
    }
  return NULL;
}

LwExportReader *
_lw_export_reader_new (LwProject          *project,
                       const LwItemFilter *filter,
                       gint64              annotator_id,
                       gboolean            all_columns,
                       gboolean            reviews,
                       guint               item_kinds,
                       GError            **error)
{
  LwExportReader *r = g_new0 (LwExportReader, 1);
  g_autoptr(GError) local = NULL;

  r->cursor = _lw_annotation_cursor_new (project, annotator_id,
                                         all_columns ? LW_CURSOR_ALL : LW_CURSOR_SHAPE, error);
  if (r->cursor == NULL)
    {
      g_free (r);
      return NULL;
    }
  r->project = project;
  r->filter = *filter;
  r->item_kinds = item_kinds;
  r->reviews = reviews;
  r->free_batches = g_async_queue_new ();
  r->ready_batches = g_async_queue_new ();
  for (guint i = 0; i < N_BATCHES; i++)
    {
      r->batches[i] = batch_new ();
      g_async_queue_push (r->free_batches, r->batches[i]);
    }
  r->thread = g_thread_try_new ("lw-export-read", reader_thread, r, &local);
  /* Reading on the caller's thread is slower, not wrong. */
  if (r->thread == NULL)
    g_debug ("no reader thread: %s", local->message);
  return r;
}

LwExportBatch *
_lw_export_reader_next (LwExportReader *r)
{
  LwExportBatch *b;

  if (r->thread != NULL)
    return g_async_queue_pop (r->ready_batches);
  g_assert (!r->done);
  b = g_async_queue_pop (r->free_batches);
  fill_batch (r, b);
  r->done = b->last;
  return b;
}

void
_lw_export_reader_release (LwExportReader *r,
                           LwExportBatch  *batch)
{
  g_async_queue_push (r->free_batches, batch);
}

void
_lw_export_reader_free (LwExportReader *r)
{
  LwExportBatch *b;

  if (r == NULL)
    return;
  if (r->thread != NULL)
    {
      /* Every batch the reader could wait for goes back to it; it sees @stop at its next
       * batch (or has ended after the last one). */
      g_atomic_int_set (&r->stop, 1);
      while ((b = g_async_queue_try_pop (r->ready_batches)) != NULL)
        g_async_queue_push (r->free_batches, b);
      g_thread_join (r->thread);
    }
  /* Batches still held by the caller are its to release first. */
  for (guint i = 0; i < N_BATCHES; i++)
    g_clear_pointer (&r->batches[i], batch_free);
  g_async_queue_unref (r->free_batches);
  g_async_queue_unref (r->ready_batches);
  _lw_annotation_cursor_free (r->cursor);
  g_free (r);
}
