/* lw-export-private.h: the archive sink and the split assignment behind lw_export_run */
#pragma once

#include <stdio.h>
#include "lw-export.h"
#include "lw-item.h"

G_BEGIN_DECLS

typedef enum {
  LW_SINK_FOLDER,
  LW_SINK_ZIP,
  LW_SINK_TAR,
  LW_SINK_TAR_GZ,
  LW_SINK_TAR_XZ,
  LW_SINK_TAR_ZST,
} LwSinkContainer;

/* Where the entries of an export go: an archive written through libarchive, or a folder.
 * Writers add entries by relative path ("images/train/a.jpg") and do not care which. */
typedef struct _LwExportSink LwExportSink;
/* A text entry written as it is generated; spooled to a temporary file when the container
 * needs the size up front (tar), written in place in a folder. */
typedef struct _LwSinkStream LwSinkStream;

/* lw-export-zstd.c: .tar.zst output compressed with libzstd (bounded memory, threads). */
struct archive;
typedef struct _LwZstdWriter LwZstdWriter;
/* Opens @archive (its format set, no filter) to write compressed into @fd; NULL on failure
 * (the reason is in archive_error_string). Free after archive_write_free. */
LwZstdWriter  *_lw_zstd_writer_open        (struct archive  *archive,
                                            int              fd);
/* Ends the frame, after archive_write_close; FALSE with the reason in @archive's error. */
gboolean       _lw_zstd_writer_finish      (LwZstdWriter    *writer,
                                            struct archive  *archive);
void           _lw_zstd_writer_free        (LwZstdWriter    *writer);

/* lw-export-queue.c: a thread that runs jobs in order (the archive's entries). */
typedef struct _LwExportQueue LwExportQueue;
typedef gboolean (*LwQueueRunFunc) (gpointer job, gpointer data, GError **error);
/* NULL when no thread can be started (the caller then runs the jobs itself). */
LwExportQueue *_lw_export_queue_new        (LwQueueRunFunc   run,
                                            GDestroyNotify   free_job,
                                            gpointer         data,
                                            guint            max_pending);
/* Takes @job; waits while @max_pending jobs wait. FALSE, with the first error an earlier
 * job met, once one failed. */
gboolean       _lw_export_queue_push       (LwExportQueue   *queue,
                                            gpointer         job,
                                            GError         **error);
/* Runs what is queued and ends the thread; FALSE with the first error. */
gboolean       _lw_export_queue_finish     (LwExportQueue   *queue,
                                            GError         **error);
/* Ends the thread after its current job; what is still queued is dropped. */
void           _lw_export_queue_free       (LwExportQueue   *queue);

/* lw-export-read.c: the project reads of an export (items, whole texts, annotations), a
 * batch ahead on a thread of their own. */
typedef struct {
  GPtrArray *items;        /* LwItem*, owned: a page, texts of the kinds asked for whole */
  GArray    *starts;       /* guint, items->len + 1: item i's annotations are
                            * annotations[starts[i] .. starts[i + 1]) */
  GPtrArray *annotations;  /* LwAnnotation*, borrowed from @pool */
  GPtrArray *pool;
  GArray    *review_starts;/* like @starts, for @reviews; empty unless reviews were asked for */
  GPtrArray *reviews;      /* LwReview*, owned, oldest first per item */
  GError    *error;        /* a read failed: this batch ends the export */
  gboolean   last;         /* no items after these (set on an error too) */
} LwExportBatch;

typedef struct _LwExportReader LwExportReader;
/* Items under @filter in id order; annotations (of @annotator_id's layer when not 0) only
 * for the kinds in @item_kinds (bits 1 << LwItemKind), and with @reviews each item's
 * reviews. A thread reads ahead (when one cannot be started, every batch is read when it is
 * asked for). From here to _lw_export_reader_free the project's connection belongs to the
 * reader. */
LwExportReader *_lw_export_reader_new      (LwProject          *project,
                                            const LwItemFilter *filter,
                                            gint64              annotator_id,
                                            gboolean            all_columns,
                                            gboolean            reviews,
                                            guint               item_kinds,
                                            GError            **error);
/* The next batch; after one with @last, ask no more. Release each before the next. */
LwExportBatch  *_lw_export_reader_next     (LwExportReader     *reader);
void            _lw_export_reader_release  (LwExportReader     *reader,
                                            LwExportBatch      *batch);
/* Stops the thread (batches released first). */
void            _lw_export_reader_free     (LwExportReader     *reader);

/* FALSE when the ending names no container we write. */
gboolean       _lw_export_container_for    (const char      *output,
                                            LwSinkContainer *out);

/* Creates the temporary file or folder beside @output. */
LwExportSink  *_lw_export_sink_new         (const char    *output,
                                            GError       **error);
gboolean       _lw_export_sink_add_file    (LwExportSink  *sink,
                                            const char    *entry,
                                            const char    *src_path,
                                            GError       **error);
gboolean       _lw_export_sink_add_bytes   (LwExportSink  *sink,
                                            const char    *entry,
                                            const void    *data,
                                            gsize          len,
                                            GError       **error);
LwSinkStream  *_lw_export_sink_begin_stream(LwExportSink  *sink,
                                            const char    *entry,
                                            GError       **error);
/* Files added by a path under @folder (the project's) are opened relative to it. */
void           _lw_export_sink_set_media_root (LwExportSink *sink,
                                               const char   *folder);
/* A stream that is no entry of its own: its bytes end another stream's entry
 * (_lw_sink_stream_close_joined). Abandon it if it is not joined. */
LwSinkStream  *_lw_export_sink_begin_part  (LwExportSink  *sink,
                                            GError       **error);
/* Media of an item: as _lw_export_sink_add_file (or _stripped), except that the file is
 * first opened by the archive's writer thread, so a missing file fails the export there
 * (LW_EXPORT_ERROR_MISSING_MEDIA naming @item), at the latest in _lw_export_sink_commit. */
gboolean       _lw_export_sink_add_media   (LwExportSink  *sink,
                                            const char    *entry,
                                            const char    *src_path,
                                            const char    *item,
                                            gboolean       strip,
                                            GError       **error);
/* Appends to the stream; I/O errors are kept and reported by _lw_sink_stream_close. */
void           _lw_sink_stream_write       (LwSinkStream  *stream,
                                            const char    *data,
                                            gssize         len);
void           _lw_sink_stream_printf      (LwSinkStream  *stream,
                                            const char    *format,
                                            ...) G_GNUC_PRINTF (2, 3);
/* Copies the whole of @file (from its start) into the stream. */
void           _lw_sink_stream_append_file (LwSinkStream  *stream,
                                            FILE          *file);
/* Finishes the entry (adds it to the archive) and frees @stream. */
gboolean       _lw_sink_stream_close       (LwExportSink  *sink,
                                            LwSinkStream  *stream,
                                            GError       **error);
/* Finishes @stream's entry with the bytes of the part @tail after its own, without copying
 * them in an archive (the writer reads both spool files), and frees both. */
gboolean       _lw_sink_stream_close_joined(LwExportSink  *sink,
                                            LwSinkStream  *stream,
                                            LwSinkStream  *tail,
                                            GError       **error);
/* Frees an unfinished stream; its entry is not added. */
void           _lw_sink_stream_abandon     (LwSinkStream  *stream);
/* --strip-metadata (lw-strip-metadata.c): the bytes of an image to keep, as ranges of the
 * source file or short literals (a rebuilt JFIF header). */
typedef struct {
  goffset  offset;       /* in the source; -1 for a literal */
  goffset  length;
  guint8   literal[18];
  guint    n_literal;    /* 0: copy from the source */
} LwStripRange;

/* Walks the image open at @fd (@size bytes; read with pread, the file position is left
 * alone) and fills @ranges (of LwStripRange) with what to keep and @out_size with their total.
 * JPEG and PNG are filtered, BMP is kept whole. Malformed input: LW_EXPORT_ERROR_FAILED;
 * other formats (TIFF, WebP, ...): LW_EXPORT_ERROR_UNSUPPORTED; both name @path. */
gboolean       _lw_strip_metadata_plan     (int            fd,
                                            const char    *path,
                                            goffset        size,
                                            GArray        *ranges,
                                            goffset       *out_size,
                                            GError       **error);
/* Adds @src_path as @entry without its metadata (see _lw_strip_metadata_plan). */
gboolean       _lw_export_sink_add_file_stripped (LwExportSink *sink,
                                                  const char   *entry,
                                                  const char   *src_path,
                                                  GError      **error);
/* Closes the archive and renames it to the target. */
gboolean       _lw_export_sink_commit      (LwExportSink  *sink,
                                            GError       **error);
/* Removes everything not committed. */
void           _lw_export_sink_free        (LwExportSink  *sink);

/* The split index (into opts->splits) for each item without a split among the selected ones:
 * ranked by a hash of the seed and the item's content key (sha256, else ext_id, else name),
 * so that the row order does not matter, and stratified by the item's rarest class. */
typedef struct {
  gint64  item_id;
  int     split;      /* index into opts->splits, or -1 (keeps its own split) */
} LwSplitAssignment;

/* Returns a GArray of LwSplitAssignment sorted by item_id. */
GArray        *_lw_export_assign_splits    (LwProject             *project,
                                            const LwExportOptions *opts,
                                            GCancellable          *cancellable,
                                            GError               **error);
int            _lw_export_lookup_split     (GArray                *assignments,
                                            gint64                 item_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwExportSink, _lw_export_sink_free)

G_END_DECLS
