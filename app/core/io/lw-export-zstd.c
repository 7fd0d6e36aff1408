#define G_LOG_DOMAIN "lw-export"

#include <archive.h>
#include <errno.h>
#include <unistd.h>
#include <zstd.h>

#include "lw-export-private.h"

/* .tar.zst: libarchive writes the tar stream and this compresses it with libzstd.
 *
 * libarchive's own zstd filter leaves libzstd's multithreaded job size at its default, four
 * times the window (8 MiB at level 3), with a few jobs in flight: buffers that a large export
 * fills and a small one does not, so the export's peak memory grew with its size
 * (bench-export, 10,000 images: 39 MB with threads, 18 MB without). Here the job size is
 * 1 MiB, which keeps the workers busy and the buffers a few MB whatever the size. */

#define JOB_SIZE (1u << 20)
/* Each worker holds its own job buffers and tables (about 2 MB more per worker here). */
#define MAX_WORKERS 4u

struct _LwZstdWriter {
  int        fd;
  ZSTD_CCtx *cctx;
  guint8    *out;
  gsize      out_size;
};

static gboolean
write_out (struct archive *a, LwZstdWriter *z, gsize len)
{
  const guint8 *p = z->out;

  while (len > 0)
    {
      ssize_t w = write (z->fd, p, len);
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0)
        {
          /* The same words as libarchive's own fd writer, with errno for the reason. */
          archive_set_error (a, errno, "Write error");
          return FALSE;
        }
      p += w;
      len -= w;
    }
  return TRUE;
}

/* Feeds @in to the compressor; @mode ZSTD_e_end also flushes the end of the frame. */
static gboolean
compress (struct archive *a, LwZstdWriter *z, ZSTD_inBuffer *in, ZSTD_EndDirective mode)
{
  for (;;)
    {
      ZSTD_outBuffer out = { z->out, z->out_size, 0 };
      size_t left = ZSTD_compressStream2 (z->cctx, &out, in, mode);

      if (ZSTD_isError (left))
        {
          archive_set_error (a, EIO, "zstd: %s", ZSTD_getErrorName (left));
          return FALSE;
        }
      if (!write_out (a, z, out.pos))
        return FALSE;
      if (mode == ZSTD_e_end ? left == 0 : in->pos == in->size)
        return TRUE;
    }
}

static la_ssize_t
zstd_write (struct archive *a, void *data, const void *buffer, size_t length)
{
  ZSTD_inBuffer in = { buffer, length, 0 };

  return compress (a, data, &in, ZSTD_e_continue) ? (la_ssize_t) length : -1;
}

gboolean
_lw_zstd_writer_finish (LwZstdWriter *z, struct archive *archive)
{
  ZSTD_inBuffer in = { NULL, 0, 0 };

  /* Not in archive_write_open's close callback: libarchive ignores what that returns, and
   * the end of the frame is where a full disk often shows. */
  return compress (archive, z, &in, ZSTD_e_end);
}

LwZstdWriter *
_lw_zstd_writer_open (struct archive *archive, int fd)
{
  LwZstdWriter *z = g_new0 (LwZstdWriter, 1);
  size_t r;

  z->fd = fd;
  z->cctx = ZSTD_createCCtx ();
  z->out_size = ZSTD_CStreamOutSize ();
  z->out = g_malloc (z->out_size);
  /* What `tar --zstd` writes: the zstd tool's default level, with its content checksum. */
  ZSTD_CCtx_setParameter (z->cctx, ZSTD_c_compressionLevel, ZSTD_CLEVEL_DEFAULT);
  ZSTD_CCtx_setParameter (z->cctx, ZSTD_c_checksumFlag, 1);
  /* A libzstd built without threads refuses workers: the export is then single-threaded
   * but still correct. */
  r = ZSTD_CCtx_setParameter (z->cctx, ZSTD_c_nbWorkers, (int) MIN (g_get_num_processors (), MAX_WORKERS));
  if (ZSTD_isError (r))
    g_debug ("zstd: no worker threads (%s)", ZSTD_getErrorName (r));
  else
    ZSTD_CCtx_setParameter (z->cctx, ZSTD_c_jobSize, JOB_SIZE);
  if (archive_write_open (archive, z, NULL, zstd_write, NULL) != ARCHIVE_OK)
    {
      _lw_zstd_writer_free (z);
      return NULL;
    }
  return z;
}

void
_lw_zstd_writer_free (LwZstdWriter *z)
{
  if (z == NULL)
    return;
  ZSTD_freeCCtx (z->cctx);
  g_free (z->out);
  g_free (z);
}
