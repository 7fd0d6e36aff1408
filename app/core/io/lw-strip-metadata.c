#define G_LOG_DOMAIN "lw-export"

/* --strip-metadata: which bytes of an image to keep, found by walking its segments (JPEG) or
 * chunks (PNG) without decoding. The sink then copies the kept ranges, so the pixels are the
 * same bytes as before (no re-encode, no quality loss), memory stays at one read buffer, and
 * the output size is known before the first byte is written (tar needs it up front).
 *
 * What stays is what a decoder needs to show the same picture: JPEG tables, frames, scans,
 * the JFIF header (density; its thumbnail is dropped), Adobe APP14 (colour transform) and
 * ICC_PROFILE APP2; PNG critical chunks plus the colour, transparency, density and animation
 * chunks. Everything else goes: EXIF (GPS, camera, dates, its thumbnail), XMP, IPTC/Photoshop
 * APP13, comments, MPF and whatever follows the end of the image (the extra pictures of
 * multi-picture files), PNG text, eXIf and tIME. Dropping EXIF drops its Orientation tag too;
 * annotations are in stored-pixel coordinates (import reads the size without applying it),
 * so the stripped file agrees with them better than the original did.
 *
 * Other formats that can carry metadata (TIFF, WebP, GIF, HEIF, ...) are refused, naming the
 * file, rather than copied with their metadata or re-encoded (TIFF through gdk-pixbuf would
 * lose 16-bit samples and pages, WebP would lose its compression). BMP has no metadata and is
 * copied. */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "lw-error.h"
#include "lw-export-private.h"

#define READ_BUFFER_SIZE (64 * 1024)

typedef struct {
  int          fd;
  const char  *path;
  goffset      size;   /* of the file when the scan began */
  guint8      *buf;
  gsize        len;    /* bytes valid in buf */
  gsize        pos;    /* next byte in buf */
  goffset      base;   /* file offset of buf[0] */
  GError     **error;
  gboolean     failed; /* error set */
} Reader;

static goffset
rd_tell (Reader *r)
{
  return r->base + (goffset) r->pos;
}

static gboolean
rd_fail (Reader *r, GQuark domain, int code, const char *format, ...) G_GNUC_PRINTF (4, 5);

static gboolean
rd_fail (Reader *r, GQuark domain, int code, const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  if (r->failed)
    return FALSE;
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (r->error, domain, code, "%s", msg);
  r->failed = TRUE;
  return FALSE;
}

#define malformed(r, ...) \
  rd_fail ((r), LW_EXPORT_ERROR, LW_EXPORT_ERROR_FAILED, __VA_ARGS__)

/* At least one byte in the buffer; FALSE at the end of the file (or on a read error, which
 * sets r->failed). */
static gboolean
rd_fill (Reader *r)
{
  gssize n;

  if (r->pos < r->len)
    return TRUE;
  r->base += r->len;
  r->pos = r->len = 0;
  do
    n = pread (r->fd, r->buf, READ_BUFFER_SIZE, r->base);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return rd_fail (r, LW_EXPORT_ERROR, LW_EXPORT_ERROR_FAILED, "Cannot read %s: %s",
                    r->path, g_strerror (errno));
  r->len = n;
  return n > 0;
}

static gboolean
rd_byte (Reader *r, guint8 *out)
{
  if (!rd_fill (r))
    return FALSE;
  *out = r->buf[r->pos++];
  return TRUE;
}

static gboolean
rd_bytes (Reader *r, guint8 *out, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!rd_byte (r, &out[i]))
      return FALSE;
  return TRUE;
}

/* Moves to @offset, which the caller has checked against the size. */
static void
rd_seek (Reader *r, goffset offset)
{
  if (offset >= r->base && offset <= r->base + (goffset) r->len)
    r->pos = offset - r->base;
  else
    {
      r->base = offset;
      r->pos = r->len = 0;
    }
}

static void
add_range (GArray *ranges, goffset offset, goffset length)
{
  LwStripRange *last = ranges->len ? &g_array_index (ranges, LwStripRange, ranges->len - 1) : NULL;
  LwStripRange range = { .offset = offset, .length = length };

  if (length <= 0)
    return;
  if (last != NULL && last->n_literal == 0 && last->offset + last->length == offset)
    last->length += length;
  else
    g_array_append_val (ranges, range);
}

static void
add_literal (GArray *ranges, const guint8 *data, guint n)
{
  LwStripRange range = { .offset = -1, .length = n, .n_literal = n };

  g_assert (n <= sizeof range.literal);
  memcpy (range.literal, data, n);
  g_array_append_val (ranges, range);
}

static gboolean
is_sof (guint8 m)
{
  return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* After an SOS header: the entropy-coded data runs to the first 0xFF that is neither a
 * stuffed 0xFF00 nor a restart marker. Returns that marker's code and the offset of its
 * 0xFF (fill bytes before it stay in the scan's range). */
static gboolean
jpeg_skip_scan (Reader *r, guint8 *marker, goffset *marker_at)
{
  for (;;)
    {
      guint8 *ff, b;
      goffset at = 0;

      if (!rd_fill (r))
        return r->failed ? FALSE : malformed (r, "%s is not a valid JPEG: the data ends inside a scan, "
                                                 "without an end-of-image marker", r->path);
      ff = memchr (r->buf + r->pos, 0xFF, r->len - r->pos);
      if (ff == NULL)
        {
          r->pos = r->len;
          continue;
        }
      r->pos = ff - r->buf + 1;
      do
        {
          at = rd_tell (r) - 1;
          if (!rd_byte (r, &b))
            return r->failed ? FALSE : malformed (r, "%s is not a valid JPEG: the data ends inside a "
                                                     "scan, without an end-of-image marker", r->path);
        }
      while (b == 0xFF);
      if (b == 0x00 || (b >= 0xD0 && b <= 0xD7))
        continue;
      *marker = b;
      *marker_at = at;
      return TRUE;
    }
}

static gboolean
jpeg_plan (Reader *r, GArray *ranges)
{
  gboolean seen_sof = FALSE, seen_sos = FALSE, pending = FALSE;
  goffset marker_at = 0;
  guint8 soi[2], m = 0;

  if (!rd_bytes (r, soi, 2) || soi[0] != 0xFF || soi[1] != 0xD8)
    return malformed (r, "%s is not a valid JPEG: no start-of-image marker", r->path);
  add_range (ranges, 0, 2);

  for (;;)
    {
      guint8 b, len_bytes[2], id[14] = { 0 };
      goffset seg_end;
      guint len, n_id;
      gboolean keep = TRUE;

      if (!pending)
        {
          if (!rd_byte (r, &b))
            return r->failed ? FALSE : malformed (r, "%s is not a valid JPEG: it ends before the "
                                                     "end-of-image marker", r->path);
          if (b != 0xFF)
            return malformed (r, "%s is not a valid JPEG: expected a marker at byte %" G_GINT64_FORMAT
                              ", found 0x%02X", r->path, (gint64) rd_tell (r) - 1, b);
          do
            {
              marker_at = rd_tell (r) - 1;
              if (!rd_byte (r, &m))
                return r->failed ? FALSE : malformed (r, "%s is not a valid JPEG: it ends inside a "
                                                         "marker", r->path);
            }
          while (m == 0xFF);
        }
      pending = FALSE;

      if (m == 0xD9)
        {
          if (!seen_sos)
            return malformed (r, "%s is not a valid JPEG: it ends before any image data", r->path);
          /* Whatever follows (MPF pictures, vendor trailers) is not part of the image. */
          add_range (ranges, marker_at, 2);
          return TRUE;
        }
      if (m == 0x00 || m == 0xD8)
        return malformed (r, "%s is not a valid JPEG: unexpected marker 0x%02X at byte %" G_GINT64_FORMAT,
                          r->path, m, (gint64) marker_at);
      if (m == 0x01 || (m >= 0xD0 && m <= 0xD7))
        {
          add_range (ranges, marker_at, 2);
          continue;
        }

      if (!rd_bytes (r, len_bytes, 2))
        return r->failed ? FALSE : malformed (r, "%s is not a valid JPEG: it ends inside the segment "
                                                 "at byte %" G_GINT64_FORMAT, r->path, (gint64) marker_at);
      len = len_bytes[0] << 8 | len_bytes[1];
      seg_end = marker_at + 2 + len;
      if (len < 2 || seg_end > r->size)
        return malformed (r, "%s is not a valid JPEG: the segment 0x%02X at byte %" G_GINT64_FORMAT
                          " has the length %u, beyond the end of the file", r->path, m,
                          (gint64) marker_at, len);
      n_id = MIN (len - 2, sizeof id);

      if ((m >= 0xE0 && m <= 0xEF) || m == 0xFE)
        {
          if (!rd_bytes (r, id, n_id))
            return r->failed ? FALSE : malformed (r, "%s is not a valid JPEG: truncated", r->path);
          if (m == 0xE0 && n_id >= 5 && memcmp (id, "JFIF", 5) == 0)
            {
              /* Keep the density; a JFIF thumbnail can show what a crop removed. */
              if (len > 16 && n_id == 14)
                {
                  guint8 seg[18] = { 0xFF, 0xE0, 0x00, 0x10 };
                  memcpy (seg + 4, id, 12);
                  add_literal (ranges, seg, sizeof seg);
                  keep = FALSE;
                }
              else
                keep = len == 16;
            }
          else if (m == 0xE2 && n_id >= 12 && memcmp (id, "ICC_PROFILE", 12) == 0)
            keep = TRUE;
          else if (m == 0xEE && n_id >= 5 && memcmp (id, "Adobe", 5) == 0)
            keep = TRUE;
          else
            keep = FALSE;
        }
      else if (is_sof (m))
        seen_sof = TRUE;
      else if (m == 0xDA && !seen_sof)
        return malformed (r, "%s is not a valid JPEG: a scan at byte %" G_GINT64_FORMAT
                          " before any frame header", r->path, (gint64) marker_at);

      if (m == 0xDA)
        {
          goffset next_at = 0;
          seen_sos = TRUE;
          rd_seek (r, seg_end);
          if (!jpeg_skip_scan (r, &m, &next_at))
            return FALSE;
          add_range (ranges, marker_at, next_at - marker_at);
          marker_at = next_at;
          pending = TRUE;
          continue;
        }
      if (keep)
        add_range (ranges, marker_at, seg_end - marker_at);
      rd_seek (r, seg_end);
    }
}

/* Ancillary chunks that change how the pixels look or move; the rest of the ancillary chunks
 * (tEXt, zTXt, iTXt, eXIf, tIME, and private ones) are dropped. */
static gboolean
png_keep_ancillary (const guint8 *type)
{
  static const char *const keep[] = {
    "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "cICP", "mDCV", "cLLI", "bKGD",
    "acTL", "fcTL", "fdAT",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keep); i++)
    if (memcmp (type, keep[i], 4) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
png_plan (Reader *r, GArray *ranges)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  guint8 sig[8];
  gboolean first = TRUE, seen_idat = FALSE;

  if (!rd_bytes (r, sig, 8) || memcmp (sig, signature, 8) != 0)
    return r->failed ? FALSE : malformed (r, "%s is not a valid PNG: bad signature", r->path);
  add_range (ranges, 0, 8);

  for (;;)
    {
      guint8 head[8];
      goffset start = rd_tell (r), end;
      guint32 len;

      if (!rd_bytes (r, head, 8))
        return r->failed ? FALSE : malformed (r, "%s is not a valid PNG: it ends before the IEND chunk",
                                              r->path);
      len = (guint32) head[0] << 24 | (guint32) head[1] << 16 | (guint32) head[2] << 8 | head[3];
      for (guint i = 4; i < 8; i++)
        if (!g_ascii_isalpha (head[i]))
          return malformed (r, "%s is not a valid PNG: a chunk at byte %" G_GINT64_FORMAT
                            " has an invalid type", r->path, (gint64) start);
      end = start + 12 + (goffset) len;
      if (len > G_MAXINT32 || end > r->size)
        return malformed (r, "%s is not a valid PNG: the chunk %.4s at byte %" G_GINT64_FORMAT
                          " runs past the end of the file", r->path, (const char *) head + 4,
                          (gint64) start);
      if (first && memcmp (head + 4, "IHDR", 4) != 0)
        return malformed (r, "%s is not a valid PNG: the first chunk is %.4s, not IHDR", r->path,
                          (const char *) head + 4);
      first = FALSE;
      if (memcmp (head + 4, "IDAT", 4) == 0)
        seen_idat = TRUE;
      /* Bit 5 of the first letter clear: critical, which a decoder cannot do without. */
      if ((head[4] & 0x20) == 0 || png_keep_ancillary (head + 4))
        add_range (ranges, start, end - start);
      rd_seek (r, end);
      if (memcmp (head + 4, "IEND", 4) == 0)
        {
          if (!seen_idat)
            return malformed (r, "%s is not a valid PNG: no IDAT chunk before IEND", r->path);
          return TRUE;
        }
    }
}

static const char *
sniff_other (const guint8 *head, gsize n)
{
  if (n >= 4 && (memcmp (head, "II*\0", 4) == 0 || memcmp (head, "MM\0*", 4) == 0))
    return "TIFF";
  if (n >= 12 && memcmp (head, "RIFF", 4) == 0 && memcmp (head + 8, "WEBP", 4) == 0)
    return "WebP";
  if (n >= 4 && memcmp (head, "GIF8", 4) == 0)
    return "GIF";
  if (n >= 12 && memcmp (head + 4, "ftyp", 4) == 0)
    return "HEIF/AVIF";
  if (n >= 2 && head[0] == 0xFF && head[1] == 0x0A)
    return "JPEG XL";
  return NULL;
}

gboolean
_lw_strip_metadata_plan (int          fd,
                         const char  *path,
                         goffset      size,
                         GArray      *ranges,
                         goffset     *out_size,
                         GError     **error)
{
  g_autofree guint8 *buf = g_malloc (READ_BUFFER_SIZE);
  Reader r = { .fd = fd, .path = path, .size = size, .buf = buf, .error = error };
  guint8 head[12] = { 0 };
  gsize n_head = 0;
  gboolean ok;
  goffset total = 0;

  g_return_val_if_fail (ranges != NULL && out_size != NULL, FALSE);

  g_array_set_size (ranges, 0);
  while (n_head < sizeof head && rd_byte (&r, &head[n_head]))
    n_head++;
  if (r.failed)
    return FALSE;
  rd_seek (&r, 0);

  if (n_head >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
    ok = jpeg_plan (&r, ranges);
  else if (n_head >= 8 && head[0] == 0x89 && memcmp (head + 1, "PNG", 3) == 0)
    ok = png_plan (&r, ranges);
  else if (n_head >= 2 && head[0] == 'B' && head[1] == 'M')
    {
      add_range (ranges, 0, size);
      ok = TRUE;
    }
  else
    {
      const char *kind = sniff_other (head, n_head);
      g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_UNSUPPORTED,
                   "Cannot strip the metadata of %s: %s images are not supported (JPEG and PNG "
                   "are filtered, BMP is copied); convert it to PNG or JPEG, or export without "
                   "strip-metadata", path, kind ? kind : "this kind of");
      return FALSE;
    }
  if (!ok)
    {
      g_assert (r.failed);
      return FALSE;
    }
  for (guint i = 0; i < ranges->len; i++)
    total += g_array_index (ranges, LwStripRange, i).length;
  *out_size = total;
  return TRUE;
}
