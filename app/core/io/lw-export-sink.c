#define G_LOG_DOMAIN "lw-export"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "lw-error.h"
#include "lw-export-private.h"

#define COPY_BUFFER_SIZE (256 * 1024)
/* Entries waiting for the writer thread: enough to ride out a slow file, few enough that
 * the memory they hold (names, small label files) stays flat. */
#define QUEUE_LENGTH 64

struct _LwExportSink {
  LwSinkContainer  container;
  char            *target;     /* @output without a trailing '/' */
  char            *temp;       /* the temporary file or folder beside the target */
  char            *spool_dir;  /* archives: where streamed entries wait for their size */
  struct archive  *archive;    /* NULL for a folder */
  LwZstdWriter    *zstd;       /* .tar.zst: the compressor behind @archive */
  struct archive_entry *entry; /* reused for every header */
  char            *buffer;     /* COPY_BUFFER_SIZE, for copying files */
  LwExportQueue   *queue;      /* archives: the thread that writes entries; NULL: this one */
  int              fd;
  int              lock_fd;    /* holds flock(LOCK_EX) on @temp while this export lives */
  char            *media_root; /* files under it are opened relative to @media_root_fd */
  int              media_root_fd;
  guint            n_spools;
  gboolean         committed;
  gint64           mtime;
};

static gboolean job_run  (gpointer data, gpointer user_data, GError **error);
static void     job_free (gpointer data);

struct _LwSinkStream {
  FILE  *file;
  char  *buffer;   /* STREAM_BUFFER_SIZE, @file's */
  char  *path;
  char  *entry;    /* NULL for a part (_lw_export_sink_begin_part) */
  int    saved_errno;
};

gboolean
_lw_export_container_for (const char *output, LwSinkContainer *out)
{
  g_autofree char *lower = g_ascii_strdown (output, -1);
  g_autofree char *base = NULL;
  static const struct { const char *ending; LwSinkContainer container; } endings[] = {
    { ".zip", LW_SINK_ZIP }, { ".tar", LW_SINK_TAR }, { ".tar.gz", LW_SINK_TAR_GZ },
    { ".tgz", LW_SINK_TAR_GZ }, { ".tar.xz", LW_SINK_TAR_XZ }, { ".tar.zst", LW_SINK_TAR_ZST },
  };

  if (g_str_has_suffix (output, "/"))
    {
      *out = LW_SINK_FOLDER;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    if (g_str_has_suffix (lower, endings[i].ending))
      {
        *out = endings[i].container;
        return TRUE;
      }
  base = g_path_get_basename (output);
  if (strchr (base, '.') == NULL)
    {
      *out = LW_SINK_FOLDER;
      return TRUE;
    }
  return FALSE;
}

static gboolean
set_errno_error (GError **error, int errsv, const char *what, const char *path)
{
  g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_WRITE, "Cannot %s %s: %s",
               what, path, g_strerror (errsv));
  return FALSE;
}

/* The temporary output lives beside the target: failing to create it means the target's
 * folder cannot be written, which is what the user needs to hear. */
static gboolean
temp_error (GError **error, int errsv, const char *target, const char *dir)
{
  g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_WRITE,
               "Cannot write %s: cannot create a file in %s: %s", target, dir, g_strerror (errsv));
  return FALSE;
}

static gboolean
set_archive_error (LwExportSink *sink, const char *entry, GError **error)
{
  const char *msg = sink->archive ? archive_error_string (sink->archive) : NULL;
  int errsv = sink->archive ? archive_errno (sink->archive) : 0;
  /* libarchive's message for a failed write() is "Write error" or similar: the reason
   * (a full disk, a file size limit) is in its errno. */
  const char *reason = errsv > 0 ? g_strerror (errsv) : NULL;

  if (msg != NULL && reason != NULL && strstr (msg, reason) == NULL)
    g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_WRITE, "Cannot write %s%s%s: %s (%s)",
                 sink->target, entry ? " entry " : "", entry ? entry : "", msg, reason);
  else
    g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_WRITE, "Cannot write %s%s%s: %s",
                 sink->target, entry ? " entry " : "", entry ? entry : "",
                 msg ? msg : reason ? reason : "archive error");
  return FALSE;
}

static void
remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static gboolean
dir_is_empty (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  gboolean empty;

  if (dir == NULL)
    return FALSE;
  empty = g_dir_read_name (dir) == NULL;
  g_dir_close (dir);
  return empty;
}

/* Temporary names: ".BASE.XXXXXX.part" (the output being written) and ".BASE.XXXXXX.spool"
 * (archive entries waiting for their size). An export holds flock(LOCK_EX) on its .part
 * until it ends, and the kernel drops the lock when the process dies: a .part that can be
 * locked, or a .spool whose .part is gone or can be locked, was left by a killed export. */
static gboolean
lock_temp (LwExportSink *sink)
{
  sink->lock_fd = open (sink->temp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  return sink->lock_fd >= 0 && flock (sink->lock_fd, LOCK_EX | LOCK_NB) == 0;
}

static gboolean
temp_is_stale (const char *dir, const char *name, gsize stem_len)
{
  g_autofree char *part = g_strdup_printf ("%s/%.*s.part", dir, (int) stem_len, name);
  int fd = open (part, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  gboolean stale;

  if (fd < 0)
    return errno == ENOENT;
  stale = flock (fd, LOCK_EX | LOCK_NB) == 0;
  close (fd);
  return stale;
}

static void
remove_stale_temps (const char *dir, const char *base)
{
  g_autofree char *prefix = g_strdup_printf (".%s.", base);
  gsize stem_len = strlen (prefix) + 6;   /* ".BASE.XXXXXX" */
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix) && strlen (name) > stem_len
        && (strcmp (name + stem_len, ".part") == 0 || strcmp (name + stem_len, ".spool") == 0)
        && temp_is_stale (dir, name, stem_len))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_debug ("removing %s, left by an export that was killed", path);
        remove_tree (path);
      }
  g_dir_close (d);
}

/* Entry names are built by the writers from file names; refuse anything that could escape. */
static gboolean
check_entry (const char *entry, GError **error)
{
  const char *p = entry;

  if (entry[0] == '/' || strchr (entry, '\\') != NULL)
    goto bad;
  /* Every component non-empty and neither "." nor "..". */
  for (;;)
    {
      const char *slash = strchr (p, '/');
      gsize len = slash ? (gsize) (slash - p) : strlen (p);

      if (len == 0 || (p[0] == '.' && (len == 1 || (len == 2 && p[1] == '.'))))
        goto bad;
      if (slash == NULL)
        return TRUE;
      p = slash + 1;
    }
bad:
  g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_INVALID_ARGUMENT,
               "Refusing to write the entry “%s”: not a plain relative path", entry);
  return FALSE;
}

LwExportSink *
_lw_export_sink_new (const char *output, GError **error)
{
  g_autoptr(LwExportSink) sink = g_new0 (LwExportSink, 1);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *template = NULL;
  int r = ARCHIVE_OK;

  g_return_val_if_fail (output != NULL && *output != '\0', NULL);

  sink->fd = -1;
  sink->lock_fd = -1;
  sink->media_root_fd = -1;
  sink->mtime = g_get_real_time () / G_USEC_PER_SEC;
  if (!_lw_export_container_for (output, &sink->container))
    {
      g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_UNSUPPORTED,
                   "%s: unknown output type (expected .zip, .tar, .tar.gz, .tar.xz, .tar.zst "
                   "or a folder)", output);
      return NULL;
    }
  sink->target = g_strdup (output);
  while (strlen (sink->target) > 1 && g_str_has_suffix (sink->target, "/"))
    sink->target[strlen (sink->target) - 1] = '\0';
  dir = g_path_get_dirname (sink->target);
  base = g_path_get_basename (sink->target);
  template = g_strdup_printf ("%s/.%s.XXXXXX.part", dir, base);
  remove_stale_temps (dir, base);

  if (sink->container == LW_SINK_FOLDER)
    {
      if (g_file_test (sink->target, G_FILE_TEST_EXISTS) &&
          (!g_file_test (sink->target, G_FILE_TEST_IS_DIR) || !dir_is_empty (sink->target)))
        {
          g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_WRITE,
                       "Cannot write %s: it exists and is not an empty folder", sink->target);
          return NULL;
        }
      if (g_mkdtemp_full (template, 0755) == NULL)
        return temp_error (error, errno, sink->target, dir), NULL;
      sink->temp = g_steal_pointer (&template);
      if (!lock_temp (sink))
        return set_errno_error (error, errno, "lock", sink->temp), NULL;
      return g_steal_pointer (&sink);
    }

  if (g_file_test (sink->target, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_WRITE,
                   "Cannot write %s: it is a folder", sink->target);
      return NULL;
    }
  sink->fd = g_mkstemp_full (template, O_WRONLY | O_CLOEXEC, 0644);
  if (sink->fd < 0)
    return temp_error (error, errno, sink->target, dir), NULL;
  sink->temp = g_steal_pointer (&template);
  if (!lock_temp (sink))
    return set_errno_error (error, errno, "lock", sink->temp), NULL;

  sink->archive = archive_write_new ();
  sink->entry = archive_entry_new ();
  /* Tar in GNU's format, the one `tar` itself writes: names longer than 100 bytes go in a
   * long-name entry, and names are stored as their UTF-8 bytes (see archive_begin). The
   * pax writer converted every name to the locale's charset and back, crashed in libarchive
   * 3.6 on a non-ASCII name under the C locale, and took 2.0 µs a header against 0.5. */
  r = sink->container == LW_SINK_ZIP ? archive_write_set_format_zip (sink->archive)
                                     : archive_write_set_format_gnutar (sink->archive);
  if (r == ARCHIVE_OK && sink->container == LW_SINK_TAR_GZ)
    r = archive_write_add_filter_gzip (sink->archive);
  else if (r == ARCHIVE_OK && sink->container == LW_SINK_TAR_XZ)
    r = archive_write_add_filter_xz (sink->archive);
  /* Zip names are UTF-8 and flagged so whatever the locale: without the option, under the
   * C locale, the flag was missing and readers (Python's zipfile, Windows) took a non-ASCII
   * name for CP437. */
  else if (r == ARCHIVE_OK && sink->container == LW_SINK_ZIP)
    r = archive_write_set_format_option (sink->archive, "zip", "hdrcharset", "UTF-8");
  /* .tar.zst is compressed by lw-export-zstd.c, opened below. */
  if (r != ARCHIVE_OK)
    return set_archive_error (sink, NULL, error), NULL;
  /* Media dominates the bytes; a large block keeps write calls few. */
  archive_write_set_bytes_per_block (sink->archive, 64 * 1024);
  archive_write_set_bytes_in_last_block (sink->archive, 1);
  if (sink->container == LW_SINK_TAR_ZST)
    {
      sink->zstd = _lw_zstd_writer_open (sink->archive, sink->fd);
      if (sink->zstd == NULL)
        return set_archive_error (sink, NULL, error), NULL;
    }
  else if (archive_write_open_fd (sink->archive, sink->fd) != ARCHIVE_OK)
    return set_archive_error (sink, NULL, error), NULL;
  sink->queue = _lw_export_queue_new (job_run, job_free, sink, QUEUE_LENGTH);
  return g_steal_pointer (&sink);
}

static gboolean
is_compressed_media (const char *entry)
{
  static const char *const endings[] = {
    ".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".heic", ".jxl",
    ".gz", ".xz", ".zst", ".zip", ".mp4", ".webm",
  };
  g_autofree char *lower = g_ascii_strdown (entry, -1);

  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    if (g_str_has_suffix (lower, endings[i]))
      return TRUE;
  return FALSE;
}

static gboolean
archive_begin (LwExportSink *sink, const char *entry, gint64 size, GError **error)
{
  struct archive_entry *ae;
  int r;

  if (sink->container == LW_SINK_ZIP)
    {
      /* Deflating JPEG or PNG costs time and gains nothing. */
      if (is_compressed_media (entry))
        archive_write_zip_set_compression_store (sink->archive);
      else
        archive_write_zip_set_compression_deflate (sink->archive);
    }
  ae = sink->entry;
  archive_entry_clear (ae);
  /* Tar names are the entry's bytes, whatever the locale: no conversion to fail or to cost
   * an iconv per entry. A zip's non-ASCII name is set as UTF-8, which its writer stores
   * as it is (hdrcharset, above). */
  if (sink->container != LW_SINK_ZIP || g_str_is_ascii (entry))
    archive_entry_copy_pathname (ae, entry);
  else
    archive_entry_set_pathname_utf8 (ae, entry);
  archive_entry_set_filetype (ae, AE_IFREG);
  archive_entry_set_perm (ae, 0644);
  archive_entry_set_size (ae, size);
  archive_entry_set_mtime (ae, sink->mtime, 0);
  r = archive_write_header (sink->archive, ae);
  if (r != ARCHIVE_OK)
    return set_archive_error (sink, entry, error);
  return TRUE;
}

static gboolean
archive_data (LwExportSink *sink, const char *entry, const void *data, gsize len, GError **error)
{
  const char *p = data;

  while (len > 0)
    {
      la_ssize_t n = archive_write_data (sink->archive, p, len);
      if (n <= 0)
        return set_archive_error (sink, entry, error);
      p += n;
      len -= n;
    }
  return TRUE;
}

static char *
folder_path (LwExportSink *sink, const char *entry, GError **error)
{
  g_autofree char *path = g_build_filename (sink->temp, entry, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  if (g_mkdir_with_parents (parent, 0755) != 0)
    return set_errno_error (error, errno, "create the folder", parent), NULL;
  return g_steal_pointer (&path);
}

static gboolean
write_all (int out, const char *dest, const guint8 *data, gsize n, GError **error)
{
  while (n > 0)
    {
      gssize w = write (out, data, n);
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0)
        return set_errno_error (error, errno, "write", dest);
      data += w;
      n -= w;
    }
  return TRUE;
}

/* Where one entry's bytes go: a file in the folder, or the archive's current entry (whose
 * header, written by target_begin, announced @size bytes). */
typedef struct {
  const char *entry;
  char       *dest;   /* folder: the file's path */
  int         out;    /* folder: the file, else -1 */
} Target;

static gboolean
target_begin (LwExportSink *sink, Target *t, const char *entry, goffset size, GError **error)
{
  t->entry = entry;
  t->dest = NULL;
  t->out = -1;
  if (sink->container != LW_SINK_FOLDER)
    return archive_begin (sink, entry, size, error);
  t->dest = folder_path (sink, entry, error);
  if (t->dest == NULL)
    return FALSE;
  t->out = g_open (t->dest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (t->out < 0)
    return set_errno_error (error, errno, "write", t->dest);
  return TRUE;
}

static gboolean
target_write (LwExportSink *sink, Target *t, const void *data, gsize n, GError **error)
{
  return t->out >= 0 ? write_all (t->out, t->dest, data, n, error)
                     : archive_data (sink, t->entry, data, n, error);
}

/* Closes the folder's file; @ok says whether everything before went well. */
static gboolean
target_end (Target *t, gboolean ok, GError **error)
{
  if (t->out >= 0 && close (t->out) != 0 && ok)
    ok = set_errno_error (error, errno, "write", t->dest);
  g_free (t->dest);
  return ok;
}

/* Opens a file to copy; -1 with an error naming it (missing media has its own code). The
 * export does not stat media before queueing them (unless it must skip missing ones), so
 * this is where a missing file, or one that is not a regular file, is found: @item names
 * the item it belongs to in that message (NULL for the export's own spool files).
 * O_NONBLOCK: a FIFO in the media's place must not block the export. */
static int
open_source (LwExportSink *sink, const char *src_path, const char *item, GStatBuf *st,
             GError **error)
{
  gsize root_len = sink->media_root ? strlen (sink->media_root) : 0;
  int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK;
  int in, errsv = 0;

  /* The same file; a path walk from the project's folder instead of from /: path lookup
   * (__d_lookup_rcu) was a quarter of the writer thread's kernel time (perf, bench-export at
   * 100,000 images; 3.6% of all samples, 3.3% after this). */
  if (root_len > 0 && strncmp (src_path, sink->media_root, root_len) == 0 &&
      src_path[root_len] == '/' && src_path[root_len + 1] != '\0')
    in = openat (sink->media_root_fd, src_path + root_len + 1, flags);
  else
    in = g_open (src_path, flags, 0);

  if (in < 0 || fstat (in, st) != 0)
    errsv = errno;
  else if (!S_ISREG (st->st_mode))
    errsv = S_ISDIR (st->st_mode) ? EISDIR : EINVAL;
  if (errsv == 0)
    return in;
  if (in >= 0)
    close (in);
  if (item != NULL && (errsv == ENOENT || errsv == ENOTDIR || errsv == EISDIR || errsv == EINVAL))
    g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_MISSING_MEDIA,
                 "The media of item “%s” is missing: %s (%s; use skip-missing to leave such "
                 "items out)", item, src_path,
                 errsv == EINVAL ? "not a regular file" : g_strerror (errsv));
  else
    g_set_error (error, LW_EXPORT_ERROR,
                 errsv == ENOENT ? LW_EXPORT_ERROR_MISSING_MEDIA : LW_EXPORT_ERROR_FAILED,
                 "Cannot read %s: %s", src_path, g_strerror (errsv));
  return -1;
}

/* The copy buffer, allocated once: one per file cost a 256 KiB malloc and its page faults. */
static char *
sink_buffer (LwExportSink *sink)
{
  if (sink->buffer == NULL)
    sink->buffer = g_malloc (COPY_BUFFER_SIZE);
  return sink->buffer;
}

static gboolean
put_bytes (LwExportSink *sink, const char *entry, const void *data, gsize len, GError **error)
{
  Target t;

  if (!target_begin (sink, &t, entry, len, error))
    return target_end (&t, FALSE, error);
  return target_end (&t, target_write (sink, &t, data, len, error), error);
}

/* Copies @size bytes of @in into the entry begun at @t (a folder's file: all of it). */
static gboolean
copy_open (LwExportSink *sink, Target *t, int in, const char *src_path, gint64 size,
           GError **error)
{
  char *buffer = sink_buffer (sink);
  gboolean archive = t->out < 0;
  gint64 copied = 0;

  if (archive && size == 0)
    return TRUE;
  for (;;)
    {
      gssize n = read (in, buffer, COPY_BUFFER_SIZE);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_FAILED, "Cannot read %s: %s",
                       src_path, g_strerror (errno));
          return FALSE;
        }
      if (n == 0)
        break;
      /* The header promised @size bytes: a file that grows under us must not overflow it. */
      if (archive && copied + n > size)
        n = size - copied;
      if (!target_write (sink, t, buffer, n, error))
        return FALSE;
      copied += n;
      if (archive && copied >= size)
        break;
    }
  if (archive && copied != size)
    {
      g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_FAILED,
                   "%s shrank while it was being exported", src_path);
      return FALSE;
    }
  return TRUE;
}

/* @src_path, followed by @tail_path when that is not NULL, as one entry. */
static gboolean
copy_file (LwExportSink *sink, const char *entry, const char *src_path, const char *tail_path,
           const char *item, GError **error)
{
  GStatBuf st, tail_st;
  Target t = { entry, NULL, -1 };
  int in, tail = -1;
  gboolean ok;

  in = open_source (sink, src_path, item, &st, error);
  if (in < 0)
    return FALSE;
  tail_st.st_size = 0;
  if (tail_path != NULL && (tail = open_source (sink, tail_path, NULL, &tail_st, error)) < 0)
    {
      close (in);
      return FALSE;
    }
  ok = target_begin (sink, &t, entry, st.st_size + tail_st.st_size, error) &&
       copy_open (sink, &t, in, src_path, st.st_size, error) &&
       (tail < 0 || copy_open (sink, &t, tail, tail_path, tail_st.st_size, error));
  close (in);
  if (tail >= 0)
    close (tail);
  return target_end (&t, ok, error);
}

/* Two passes over one open file: the plan (which also validates the structure) and then the
 * copy of the kept ranges, so that the archive header gets the size before any data and no
 * image is held in memory. */
static gboolean
copy_stripped (LwExportSink *sink, const char *entry, const char *src_path, const char *item,
               GError **error)
{
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (LwStripRange));
  char *buffer;
  GStatBuf st;
  Target t = { NULL, NULL, -1 };
  goffset out_size = 0;
  int in;
  gboolean ok = FALSE;

  in = open_source (sink, src_path, item, &st, error);
  if (in < 0)
    return FALSE;
  if (!_lw_strip_metadata_plan (in, src_path, st.st_size, ranges, &out_size, error) ||
      !target_begin (sink, &t, entry, out_size, error))
    goto out;
  buffer = sink_buffer (sink);
  for (guint i = 0; i < ranges->len; i++)
    {
      const LwStripRange *range = &g_array_index (ranges, LwStripRange, i);
      goffset done = 0;

      if (range->n_literal > 0)
        {
          if (!target_write (sink, &t, range->literal, range->n_literal, error))
            goto out;
          continue;
        }
      while (done < range->length)
        {
          gssize n = pread (in, buffer, MIN ((goffset) COPY_BUFFER_SIZE, range->length - done),
                            range->offset + done);
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_FAILED, "Cannot read %s: %s",
                           src_path, g_strerror (errno));
              goto out;
            }
          if (n == 0)
            {
              /* The header promised out_size bytes. */
              g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_FAILED,
                           "%s shrank while it was being exported", src_path);
              goto out;
            }
          if (!target_write (sink, &t, buffer, n, error))
            goto out;
          done += n;
        }
    }
  ok = TRUE;
out:
  close (in);
  return target_end (&t, ok, error);
}

/* Archive entries are written by the sink's queue thread (lw-export-queue.c), in the
 * order they are added: copying media and compressing overlap with reading the project and
 * formatting annotations (bench-export). A folder is written in place. */

typedef enum {
  JOB_FILE,
  JOB_STRIPPED,
  JOB_BYTES,
} JobKind;

typedef struct {
  JobKind  kind;
  char    *entry;
  char    *path;     /* JOB_FILE, JOB_STRIPPED */
  char    *tail;     /* JOB_FILE: a second spool file, appended to @path, or NULL */
  char    *item;     /* the item whose media @path is, for the message when it is missing */
  GBytes  *bytes;    /* JOB_BYTES */
  gboolean remove;   /* spool files: removed once copied (or dropped) */
} SinkJob;

static void
job_free (gpointer data)
{
  SinkJob *job = data;

  if (job->remove)
    {
      g_unlink (job->path);
      if (job->tail != NULL)
        g_unlink (job->tail);
    }
  g_free (job->entry);
  g_free (job->path);
  g_free (job->tail);
  g_free (job->item);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job);
}

static gboolean
job_run (gpointer data, gpointer user_data, GError **error)
{
  SinkJob *job = data;
  LwExportSink *sink = user_data;

  switch (job->kind)
    {
    case JOB_FILE:
      return copy_file (sink, job->entry, job->path, job->tail, job->item, error);
    case JOB_STRIPPED:
      return copy_stripped (sink, job->entry, job->path, job->item, error);
    case JOB_BYTES:
    default:
      return put_bytes (sink, job->entry, g_bytes_get_data (job->bytes, NULL),
                        g_bytes_get_size (job->bytes), error);
    }
}

static SinkJob *
job_new (JobKind kind, const char *entry, const char *path, GBytes *bytes, gboolean remove)
{
  SinkJob *job = g_new0 (SinkJob, 1);

  job->kind = kind;
  job->entry = g_strdup (entry);
  job->path = g_strdup (path);
  job->bytes = bytes;
  job->remove = remove;
  return job;
}

/* Runs @job now (a folder) or queues it (an archive); takes it. */
static gboolean
submit_job (LwExportSink *sink, SinkJob *job, GError **error)
{
  gboolean ok;

  if (!check_entry (job->entry, error))
    {
      job_free (job);
      return FALSE;
    }
  if (sink->queue != NULL)
    return _lw_export_queue_push (sink->queue, job, error);
  ok = job_run (job, sink, error);
  job_free (job);
  return ok;
}

static gboolean
add_job (LwExportSink *sink, JobKind kind, const char *entry, const char *path,
         GBytes *bytes, gboolean remove, GError **error)
{
  return submit_job (sink, job_new (kind, entry, path, bytes, remove), error);
}

gboolean
_lw_export_sink_add_bytes (LwExportSink *sink,
                           const char   *entry,
                           const void   *data,
                           gsize         len,
                           GError      **error)
{
  g_return_val_if_fail (sink != NULL && !sink->committed, FALSE);

  /* Written now without a queue: no copy. */
  if (sink->queue == NULL)
    return check_entry (entry, error) && put_bytes (sink, entry, data, len, error);
  return add_job (sink, JOB_BYTES, entry, NULL, g_bytes_new (data, len), FALSE, error);
}

gboolean
_lw_export_sink_add_file (LwExportSink *sink,
                          const char   *entry,
                          const char   *src_path,
                          GError      **error)
{
  g_return_val_if_fail (sink != NULL && !sink->committed, FALSE);

  return add_job (sink, JOB_FILE, entry, src_path, NULL, FALSE, error);
}

gboolean
_lw_export_sink_add_file_stripped (LwExportSink *sink,
                                   const char   *entry,
                                   const char   *src_path,
                                   GError      **error)
{
  g_return_val_if_fail (sink != NULL && !sink->committed, FALSE);

  return add_job (sink, JOB_STRIPPED, entry, src_path, NULL, FALSE, error);
}

gboolean
_lw_export_sink_add_media (LwExportSink *sink,
                           const char   *entry,
                           const char   *src_path,
                           const char   *item,
                           gboolean      strip,
                           GError      **error)
{
  SinkJob *job;

  g_return_val_if_fail (sink != NULL && !sink->committed, FALSE);

  job = job_new (strip ? JOB_STRIPPED : JOB_FILE, entry, src_path, NULL, FALSE);
  job->item = g_strdup (item);
  return submit_job (sink, job, error);
}

/* A new file in the spool folder beside the .part (named after it, so its lock covers it). */
static char *
spool_path (LwExportSink *sink, GError **error)
{
  if (sink->spool_dir == NULL)
    {
      g_autofree char *stem = g_strndup (sink->temp, strlen (sink->temp) - strlen (".part"));
      g_autofree char *spool = g_strconcat (stem, ".spool", NULL);
      if (g_mkdir (spool, 0700) != 0)
        return set_errno_error (error, errno, "create the folder", spool), NULL;
      sink->spool_dir = g_steal_pointer (&spool);
    }
  return g_strdup_printf ("%s/%u", sink->spool_dir, sink->n_spools++);
}

/* Streams carry a large share of an export's bytes (a COCO file is larger than its
 * thumbnails' images): stdio's 4 KiB buffer cost a write call per 4 KiB. */
#define STREAM_BUFFER_SIZE (64 * 1024)

static LwSinkStream *
stream_open (char *path, const char *entry, GError **error)
{
  LwSinkStream *stream = g_new0 (LwSinkStream, 1);

  stream->file = fopen (path, "wb+");
  if (stream->file == NULL)
    {
      set_errno_error (error, errno, "write", path);
      g_free (path);
      g_free (stream);
      return NULL;
    }
  stream->buffer = g_malloc (STREAM_BUFFER_SIZE);
  setvbuf (stream->file, stream->buffer, _IOFBF, STREAM_BUFFER_SIZE);
  stream->path = path;
  stream->entry = g_strdup (entry);
  return stream;
}

void
_lw_export_sink_set_media_root (LwExportSink *sink,
                                const char   *folder)
{
  g_return_if_fail (sink != NULL && sink->media_root == NULL);

  /* Without it (an odd folder), paths are opened whole, as before. */
#ifdef O_PATH
  sink->media_root_fd = open (folder, O_PATH | O_DIRECTORY | O_CLOEXEC);
#else
  sink->media_root_fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
#endif
  if (sink->media_root_fd >= 0)
    sink->media_root = g_strdup (folder);
}

LwSinkStream *
_lw_export_sink_begin_stream (LwExportSink *sink,
                              const char   *entry,
                              GError      **error)
{
  char *path;

  g_return_val_if_fail (sink != NULL && !sink->committed, NULL);

  if (!check_entry (entry, error))
    return NULL;
  if (sink->container == LW_SINK_FOLDER)
    path = folder_path (sink, entry, error);
  else
    path = spool_path (sink, error);
  if (path == NULL)
    return NULL;
  return stream_open (path, entry, error);
}

LwSinkStream *
_lw_export_sink_begin_part (LwExportSink *sink,
                            GError      **error)
{
  char *path;

  g_return_val_if_fail (sink != NULL && !sink->committed, NULL);

  path = spool_path (sink, error);
  return path == NULL ? NULL : stream_open (path, NULL, error);
}

void
_lw_sink_stream_write (LwSinkStream *stream, const char *data, gssize len)
{
  if (len < 0)
    len = strlen (data);
  if (stream->saved_errno == 0 && len > 0 && fwrite (data, 1, len, stream->file) != (gsize) len)
    stream->saved_errno = errno ? errno : EIO;
}

void
_lw_sink_stream_printf (LwSinkStream *stream, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;
  int len;

  va_start (args, format);
  len = g_vasprintf (&text, format, args);
  va_end (args);
  _lw_sink_stream_write (stream, text, len);
}

void
_lw_sink_stream_append_file (LwSinkStream *stream, FILE *file)
{
  char buffer[64 * 1024];
  size_t n;

  if (fflush (file) != 0 || fseek (file, 0, SEEK_SET) != 0)
    {
      stream->saved_errno = errno ? errno : EIO;
      return;
    }
  while ((n = fread (buffer, 1, sizeof buffer, file)) > 0)
    _lw_sink_stream_write (stream, buffer, n);
  if (ferror (file) && stream->saved_errno == 0)
    stream->saved_errno = EIO;
}

static void
stream_free (LwSinkStream *stream, gboolean remove)
{
  if (stream->file != NULL)
    fclose (stream->file);
  if (remove)
    g_unlink (stream->path);
  g_free (stream->buffer);
  g_free (stream->path);
  g_free (stream->entry);
  g_free (stream);
}

void
_lw_sink_stream_abandon (LwSinkStream *stream)
{
  if (stream != NULL)
    stream_free (stream, TRUE);
}

/* Flushes and closes the stream's file; FALSE with the first write error it met. */
static gboolean
stream_finish (LwExportSink *sink, LwSinkStream *stream, GError **error)
{
  gboolean folder = sink->container == LW_SINK_FOLDER && stream->entry != NULL;

  if (stream->saved_errno == 0 && fflush (stream->file) != 0)
    stream->saved_errno = errno;
  if (fclose (stream->file) != 0 && stream->saved_errno == 0)
    stream->saved_errno = errno;
  stream->file = NULL;
  if (stream->saved_errno != 0)
    return set_errno_error (error, stream->saved_errno, "write",
                            folder ? stream->path : sink->target);
  return TRUE;
}

gboolean
_lw_sink_stream_close (LwExportSink *sink, LwSinkStream *stream, GError **error)
{
  gboolean ok;

  if (!stream_finish (sink, stream, error))
    {
      stream_free (stream, TRUE);
      return FALSE;
    }
  /* The spool is removed once its entry is written. */
  ok = sink->container == LW_SINK_FOLDER ||
       add_job (sink, JOB_FILE, stream->entry, stream->path, NULL, TRUE, error);
  stream_free (stream, FALSE);
  return ok;
}

gboolean
_lw_sink_stream_close_joined (LwExportSink  *sink,
                              LwSinkStream  *stream,
                              LwSinkStream  *tail,
                              GError       **error)
{
  SinkJob *job;
  gboolean ok;

  g_return_val_if_fail (stream->entry != NULL && tail->entry == NULL, FALSE);

  if (sink->container == LW_SINK_FOLDER)
    {
      /* The entry is a file in the folder already: the part is copied onto its end. */
      _lw_sink_stream_append_file (stream, tail->file);
      if (tail->saved_errno != 0 && stream->saved_errno == 0)
        stream->saved_errno = tail->saved_errno;
      stream_free (tail, TRUE);
      return _lw_sink_stream_close (sink, stream, error);
    }
  if (!stream_finish (sink, stream, error) || !stream_finish (sink, tail, error))
    {
      stream_free (stream, TRUE);
      stream_free (tail, TRUE);
      return FALSE;
    }
  /* Both spool files are read into the one entry, and removed, by the writer. */
  job = job_new (JOB_FILE, stream->entry, stream->path, NULL, TRUE);
  job->tail = g_strdup (tail->path);
  ok = submit_job (sink, job, error);
  stream_free (stream, FALSE);
  stream_free (tail, FALSE);
  return ok;
}

gboolean
_lw_export_sink_commit (LwExportSink *sink, GError **error)
{
  g_return_val_if_fail (sink != NULL && !sink->committed, FALSE);

  if (sink->queue != NULL)
    {
      gboolean ok = _lw_export_queue_finish (sink->queue, error);
      g_clear_pointer (&sink->queue, _lw_export_queue_free);
      if (!ok)
        return FALSE;
    }
  if (sink->archive != NULL)
    {
      if (archive_write_close (sink->archive) != ARCHIVE_OK ||
          (sink->zstd != NULL && !_lw_zstd_writer_finish (sink->zstd, sink->archive)))
        return set_archive_error (sink, NULL, error);
      archive_write_free (sink->archive);
      sink->archive = NULL;
      g_clear_pointer (&sink->zstd, _lw_zstd_writer_free);
      if (fsync (sink->fd) != 0)
        return set_errno_error (error, errno, "write", sink->target);
      if (close (sink->fd) != 0)
        {
          sink->fd = -1;
          return set_errno_error (error, errno, "write", sink->target);
        }
      sink->fd = -1;
    }
  if (g_rename (sink->temp, sink->target) != 0)
    {
      int errsv = errno;
      if (sink->container == LW_SINK_FOLDER && (errsv == ENOTEMPTY || errsv == EEXIST))
        {
          g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_WRITE,
                       "Cannot write %s: the folder appeared and is not empty", sink->target);
          return FALSE;
        }
      return set_errno_error (error, errsv, "rename the export to", sink->target);
    }
  sink->committed = TRUE;
  return TRUE;
}

void
_lw_export_sink_free (LwExportSink *sink)
{
  if (sink == NULL)
    return;
  /* First: the thread may be writing to the archive. */
  _lw_export_queue_free (sink->queue);
  if (sink->archive != NULL)
    archive_write_free (sink->archive);
  _lw_zstd_writer_free (sink->zstd);
  if (sink->entry != NULL)
    archive_entry_free (sink->entry);
  g_free (sink->buffer);
  if (sink->fd >= 0)
    close (sink->fd);
  if (!sink->committed && sink->temp != NULL)
    remove_tree (sink->temp);
  if (sink->spool_dir != NULL)
    remove_tree (sink->spool_dir);
  if (sink->lock_fd >= 0)
    close (sink->lock_fd);
  if (sink->media_root_fd >= 0)
    close (sink->media_root_fd);
  g_free (sink->media_root);
  g_free (sink->spool_dir);
  g_free (sink->temp);
  g_free (sink->target);
  g_free (sink);
}
