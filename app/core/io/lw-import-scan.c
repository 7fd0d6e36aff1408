/* lw-import-scan.c: reading, hashing and sizing image files, alone or in a worker thread
 * that runs ahead of the import's SQLite inserts */
#define G_LOG_DOMAIN "lw-import"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "lw-error.h"
#include "lw-import.h"
#include "formats/lw-read-private.h"
#include "lw-import-scan-private.h"

/* Results the worker may be ahead of the consumer: bounds the memory (a few hundred KB)
 * whatever the number of files. */
#define SCAN_RING 2048
/* Results published, and slots given back, under one lock. */
#define SCAN_STEP 32

/* Set by tests only (_lw_import_scan_set_test_limits), read when a scan starts. */
static guint test_ring, test_step, test_delay_us;

void
_lw_image_scan_clear (LwImageScan *scan)
{
  g_clear_error (&scan->error);
  g_clear_error (&scan->image_error);
  scan->sha256[0] = '\0';
  scan->width = scan->height = 0;
  scan->skipped = FALSE;
}

/* SHA-256 of the file and its first 24 bytes (a PNG's signature and IHDR) in one pass:
 * one open and two reads for a small image, as sha256sum does. Opening the file twice,
 * stdio's buffering and a realpath per file (eight readlink calls) had made the import of a
 * folder of small images 2.4-4x sha256sum (tests/bench/bench-import). */
static gboolean
sha256_file (const char *path, char hex[65], guchar head[24], gsize *head_len, GError **error)
{
  static const char digits[] = "0123456789abcdef";
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guchar buf[65536];
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  gssize n;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  *head_len = 0;
  if (fd < 0)
    {
      int e = errno;
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_MISSING_MEDIA,
                   "%s: %s", path, g_strerror (e));
      return FALSE;
    }
  while ((n = read (fd, buf, sizeof buf)) != 0)
    {
      if (n < 0)
        {
          int e = errno;
          if (e == EINTR)
            continue;
          close (fd);
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_FAILED, "%s: read error: %s",
                       path, g_strerror (e));
          return FALSE;
        }
      if (*head_len < 24)
        {
          gsize take = MIN ((gsize) n, 24 - *head_len);
          memcpy (head + *head_len, buf, take);
          *head_len += take;
        }
      g_checksum_update (sum, buf, (gsize) n);
    }
  close (fd);
  /* g_checksum_get_string formats through a GString: 4,000 instructions a file (callgrind) */
  g_checksum_get_digest (sum, digest, &digest_len);
  g_assert (digest_len == 32);
  for (guint i = 0; i < 32; i++)
    {
      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 15];
    }
  hex[64] = '\0';
  return TRUE;
}

static gboolean
png_header_size (const guchar *buf, gsize n, int *width, int *height)
{
  static const guchar sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint32 w, h;

  if (n != 24 || memcmp (buf, sig, 8) != 0 || memcmp (buf + 12, "IHDR", 4) != 0)
    return FALSE;
  w = (guint32) buf[16] << 24 | buf[17] << 16 | buf[18] << 8 | buf[19];
  h = (guint32) buf[20] << 24 | buf[21] << 16 | buf[22] << 8 | buf[23];
  *width = (int) MIN (w, (guint32) G_MAXINT);
  *height = (int) MIN (h, (guint32) G_MAXINT);
  return TRUE;
}

void
_lw_image_scan_file (const char *path, guint64 max_pixels, LwImageScan *scan)
{
  GdkPixbufFormat *format;
  gboolean png;
  int w = 0, h = 0;
  guchar head[24];
  gsize head_len;

  _lw_image_scan_clear (scan);
  if (!sha256_file (path, scan->sha256, head, &head_len, &scan->error))
    return;
  /* gdk-pixbuf's PNG loader refuses huge sizes without saying why; read the header ourselves
   * so that the user learns the image is over the limit rather than "unreadable". */
  png = png_header_size (head, head_len, &w, &h);
  if (png &&
      (w > LW_IMPORT_MAX_SIDE || h > LW_IMPORT_MAX_SIDE || (guint64) w * (guint64) h > max_pixels))
    goto too_big;
  /* A PNG's size is its IHDR, read above. gdk_pixbuf_get_file_info would add nothing but a
   * content-type sniff and, for a file shorter than its first 4 KiB read, a full decode: 90%
   * of the time of importing a folder of small PNGs (tests/bench/bench-import). For other
   * formats only the header is read: the loader stops at the size. gdk-pixbuf serialises
   * loaders that are not thread-safe itself. */
  format = png ? NULL : gdk_pixbuf_get_file_info (path, &w, &h);
  if ((!png && format == NULL) || w <= 0 || h <= 0)
    {
      g_set_error (&scan->image_error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                   "%s: not an image this system can read (or a damaged one)", path);
      return;
    }
  if (w > LW_IMPORT_MAX_SIDE || h > LW_IMPORT_MAX_SIDE || (guint64) w * (guint64) h > max_pixels)
    {
    too_big:
      g_set_error (&scan->image_error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_LIMIT,
                   "%s: the image claims %d x %d pixels, more than the limit of %" G_GUINT64_FORMAT
                   " pixels (%d per side)", path, w, h, max_pixels, LW_IMPORT_MAX_SIDE);
      return;
    }
  scan->width = w;
  scan->height = h;
}

/* ---- the worker ------------------------------------------------------------------------- */

struct _LwImportScan {
  GPtrArray    *paths;        /* char*, not owned */
  guint64       max_pixels;
  GCancellable *cancellable;
  LwImageScan  *ring;         /* result i lives in ring[i % ring_len] */
  guint         ring_len;     /* SCAN_RING, or less for a short list */
  guint         step;         /* SCAN_STEP */
  guint         delay_us;     /* tests: the worker sleeps up to this long before each file */
  GRand        *rand;
  GThread      *thread;
  GMutex        lock;
  GCond         cond;         /* either side waits on it; both broadcast */
  guint         produced;     /* locked: results [0, produced) are ready */
  guint         released;     /* locked: results before it are read and may be overwritten */
  gboolean      stop;         /* locked: the consumer is done (end, error or cancel) */
  gboolean      finished;     /* locked: the worker has returned */
  guint         next;         /* consumer only: the next result to hand out */
  guint         ready;        /* consumer only: its last look at produced */
};

static gpointer
scan_thread (gpointer data)
{
  LwImportScan *s = data;
  guint n = s->paths->len, i = 0;
  gboolean cancelled = FALSE;

  g_mutex_lock (&s->lock);
  while (i < n && !s->stop && !cancelled)
    {
      guint end = MIN (n, i + s->step);

      if (end - s->released > s->ring_len)
        {
          g_cond_wait (&s->cond, &s->lock);
          continue;
        }
      g_mutex_unlock (&s->lock);
      /* slots [i, end) are past what the consumer may read: written without the lock */
      for (guint j = i; j < end; j++)
        {
          LwImageScan *r = &s->ring[j % s->ring_len];
          const char *path = s->paths->pdata[j];

          if (s->delay_us > 0)
            g_usleep (g_rand_int_range (s->rand, 0, (gint32) s->delay_us));
          if (g_cancellable_is_cancelled (s->cancellable))
            {
              cancelled = TRUE;
              end = j;
              break;
            }
          if (_lw_import_is_image_name (path))
            _lw_image_scan_file (path, s->max_pixels, r);
          else
            {
              _lw_image_scan_clear (r);
              r->skipped = TRUE;
            }
        }
      g_mutex_lock (&s->lock);
      s->produced = i = end;
      g_cond_broadcast (&s->cond);
    }
  s->finished = TRUE;
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
  return NULL;
}

LwImportScan *
_lw_import_scan_start (GPtrArray *paths, guint64 max_pixels, GCancellable *cancellable,
                       GError **error)
{
  LwImportScan *s = g_new0 (LwImportScan, 1);

  s->paths = g_ptr_array_ref (paths);
  s->max_pixels = max_pixels;
  s->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  s->step = test_step ? test_step : SCAN_STEP;
  s->ring_len = MAX (MIN (paths->len, test_ring ? test_ring : SCAN_RING), s->step);
  s->ring = g_new0 (LwImageScan, s->ring_len);
  s->delay_us = test_delay_us;
  s->rand = g_rand_new_with_seed (paths->len);
  g_mutex_init (&s->lock);
  g_cond_init (&s->cond);
  s->thread = g_thread_try_new ("lw-import-scan", scan_thread, s, error);
  if (s->thread == NULL)
    {
      g_prefix_error (error, "cannot start the import's reading thread: ");
      s->finished = TRUE;
      _lw_import_scan_free (s);
      return NULL;
    }
  return s;
}

LwImageScan *
_lw_import_scan_next (LwImportScan *s)
{
  g_return_val_if_fail (s->next < s->paths->len, NULL);

  /* give back what was read, and look for more, once a step or when nothing is ready */
  if (s->next == s->ready || s->next % s->step == 0)
    {
      g_mutex_lock (&s->lock);
      s->released = s->next;
      g_cond_broadcast (&s->cond);
      while (s->produced == s->next && !s->finished)
        g_cond_wait (&s->cond, &s->lock);
      s->ready = s->produced;
      g_mutex_unlock (&s->lock);
      if (s->next == s->ready)
        return NULL;
    }
  return &s->ring[s->next++ % s->ring_len];
}

void
_lw_import_scan_free (LwImportScan *s)
{
  if (s == NULL)
    return;
  g_mutex_lock (&s->lock);
  s->stop = TRUE;
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
  if (s->thread)
    g_thread_join (s->thread);
  for (guint i = 0; i < s->ring_len; i++)
    _lw_image_scan_clear (&s->ring[i]);
  g_free (s->ring);
  g_rand_free (s->rand);
  g_mutex_clear (&s->lock);
  g_cond_clear (&s->cond);
  g_clear_object (&s->cancellable);
  g_ptr_array_unref (s->paths);
  g_free (s);
}

void
_lw_import_scan_set_test_limits (guint ring, guint step, guint delay_us)
{
  g_assert (ring == 0 || ring >= step);
  test_ring = ring;
  test_step = step;
  test_delay_us = delay_us;
}

/* ---- digests added by an import ----------------------------------------------------------- */

struct _LwShaSet {
  guint64 *slots;   /* open addressing, linear probing; 0 is an empty slot */
  gsize    mask;    /* slots - 1, a power of two minus one */
  gsize    n;
};

static guint64
sha_key (const char *sha256)
{
  guint64 k = 0;

  for (guint i = 0; i < 16 && sha256[i]; i++)
    k = k << 4 | (guint64) g_ascii_xdigit_value (sha256[i]);
  /* 0 marks an empty slot; a digest starting with 64 zero bits shares key 1 with another */
  return k ? k : 1;
}

LwShaSet *
_lw_sha_set_new (void)
{
  LwShaSet *set = g_new0 (LwShaSet, 1);

  set->mask = 1023;
  set->slots = g_new0 (guint64, set->mask + 1);
  return set;
}

void
_lw_sha_set_free (LwShaSet *set)
{
  if (set == NULL)
    return;
  g_free (set->slots);
  g_free (set);
}

/* TRUE when @k was not there yet */
static gboolean
sha_set_put (guint64 *slots, gsize mask, guint64 k)
{
  /* the keys are SHA-256 bits: already uniform, no hash needed */
  gsize i = (gsize) k & mask;

  while (slots[i] != 0 && slots[i] != k)
    i = (i + 1) & mask;
  if (slots[i] == k)
    return FALSE;
  slots[i] = k;
  return TRUE;
}

void
_lw_sha_set_add (LwShaSet *set, const char *sha256)
{
  if (2 * (set->n + 1) > set->mask + 1)
    {
      gsize mask = 2 * set->mask + 1;
      guint64 *slots = g_new0 (guint64, mask + 1);

      for (gsize i = 0; i <= set->mask; i++)
        if (set->slots[i] != 0)
          sha_set_put (slots, mask, set->slots[i]);
      g_free (set->slots);
      set->slots = slots;
      set->mask = mask;
    }
  if (sha_set_put (set->slots, set->mask, sha_key (sha256)))
    set->n++;
}

gboolean
_lw_sha_set_maybe_has (const LwShaSet *set, const char *sha256)
{
  guint64 k = sha_key (sha256);
  gsize i = (gsize) k & set->mask;

  while (set->slots[i] != 0)
    {
      if (set->slots[i] == k)
        return TRUE;
      i = (i + 1) & set->mask;
    }
  return FALSE;
}
