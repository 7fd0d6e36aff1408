#define G_LOG_DOMAIN "lw-export"

#include <math.h>
#include <string.h>

#include "lw-write-private.h"

/* Numbers are most of a COCO file: printf's format parsing was a fifth of an export's
 * time (perf, tests/bench/bench-export). */
void
_lw_gstring_int (GString *out, gint64 v)
{
  /* Two digits per division into a local buffer, then one fixed-size copy into the
   * string's spare room: ids and coordinates are most of a COCO file's numbers. */
  static const char pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";
  enum { MAX_CHARS = 24 };   /* "-9223372036854775808" is 20 */
  char buf[2 * MAX_CHARS], *end = buf + MAX_CHARS, *p = end;
  guint64 u = v < 0 ? -(guint64) v : (guint64) v;
  gsize len = out->len;

  while (u >= 100)
    {
      guint r = (guint) (u % 100);
      u /= 100;
      p -= 2;
      p[0] = pairs[2 * r];
      p[1] = pairs[2 * r + 1];
    }
  if (u >= 10)
    {
      p -= 2;
      p[0] = pairs[2 * u];
      p[1] = pairs[2 * u + 1];
    }
  else
    *--p = (char) ('0' + u);
  if (v < 0)
    *--p = '-';
  if (G_UNLIKELY (len + MAX_CHARS >= out->allocated_len))
    {
      g_string_set_size (out, len + MAX_CHARS);
      g_string_truncate (out, len);
    }
  /* MAX_CHARS bytes from @p stay inside @buf; those past the digits land in spare room. */
  memcpy (out->str + len, p, MAX_CHARS);
  out->len = len + (gsize) (end - p);
  out->str[out->len] = '\0';
}

void
_lw_gstring_num (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    {
      _lw_gstring_putc (out, '0');
      return;
    }
  if (v == floor (v) && fabs (v) < 1e15)
    {
      _lw_gstring_int (out, (gint64) v);
      return;
    }
  /* %.15g reads back exactly for most values and is much shorter than %.17g. */
  g_ascii_formatd (buf, sizeof buf, "%.15g", v);
  if (g_ascii_strtod (buf, NULL) != v)
    g_ascii_formatd (buf, sizeof buf, "%.17g", v);
  g_string_append (out, buf);
}

void
_lw_gstring_fixed6 (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double a, d, whole;

  if (!isfinite (v))
    v = 0.0;
  a = fabs (v);
  /* YOLO's coordinates (1,000,000 boxes: 4,000,000 numbers) went through printf, a fifth of
   * a YOLO export. Below 1,000, v * 10^6 is within 6e-8 of its exact value, so away from a
   * halfway point it rounds to the integer printf's exact decimal rounding gives; within
   * 10^-6 of one, printf decides. The digits are then written as printf writes them. */
  if (a < 1e3)
    {
      d = a * 1e6;
      whole = floor (d);
      if (fabs (d - whole - 0.5) > 1e-6)
        {
          guint64 n = (guint64) whole + (d - whole > 0.5);
          char *p = buf + sizeof buf;

          *--p = '\0';
          for (int i = 0; i < 6; i++, n /= 10)
            *--p = (char) ('0' + n % 10);
          *--p = '.';
          do
            *--p = (char) ('0' + n % 10);
          while ((n /= 10) > 0);
          /* "-0.000000" is written as "0.000000". */
          if (v < 0 && strcmp (p, "0.000000") != 0)
            *--p = '-';
          _lw_gstring_put (out, p, buf + sizeof buf - 1 - p);
          return;
        }
    }
  g_ascii_formatd (buf, sizeof buf, "%.6f", v);
  if (strcmp (buf, "-0.000000") == 0)
    strcpy (buf, "0.000000");
  g_string_append (out, buf);
}

void
_lw_gstring_json_str (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s ? s : ""; *p; p++)
    {
      guchar c = *p;
      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

void
_lw_gstring_xml_text (GString *out, const char *s)
{
  for (const char *p = s ? s : ""; *p; p++)
    {
      switch (*p)
        {
        case '&':  g_string_append (out, "&amp;"); break;
        case '<':  g_string_append (out, "&lt;"); break;
        case '>':  g_string_append (out, "&gt;"); break;
        case '"':  g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&apos;"); break;
        default:
          /* Control characters other than tab and newlines are not allowed in XML 1.0. */
          if ((guchar) *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            g_string_append_c (out, ' ');
          else
            g_string_append_c (out, *p);
        }
    }
}

void
_lw_rbox_corners (const double *rbox, double corners[8])
{
  static const double sx[4] = { -0.5, 0.5, 0.5, -0.5 }, sy[4] = { -0.5, -0.5, 0.5, 0.5 };
  double c = cos (rbox[4]), s = sin (rbox[4]);

  for (int i = 0; i < 4; i++)
    {
      double dx = sx[i] * rbox[2], dy = sy[i] * rbox[3];
      corners[2 * i] = rbox[0] + dx * c - dy * s;
      corners[2 * i + 1] = rbox[1] + dx * s + dy * c;
    }
}


void
_lw_split_files_free (gpointer data)
{
  LwSplitFiles *state = data;

  g_string_free (state->buf, TRUE);
  g_hash_table_unref (state->streams);
  g_free (state);
}

gpointer
_lw_split_files_new (void)
{
  LwSplitFiles *state = g_new0 (LwSplitFiles, 1);

  state->buf = g_string_sized_new (4096);
  state->streams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) _lw_sink_stream_abandon);
  return state;
}

LwSinkStream *
_lw_split_files_stream (LwWriteContext *ctx, LwSplitFiles *state, const char *split, const char *ending,
              const char *header, GError **error)
{
  LwSinkStream *stream = g_hash_table_lookup (state->streams, split);
  g_autofree char *entry = NULL;

  if (stream != NULL)
    return stream;
  entry = g_strdup_printf ("%s.%s", split, ending);
  stream = _lw_export_sink_begin_stream (ctx->sink, entry, error);
  if (stream == NULL)
    return NULL;
  if (header != NULL)
    _lw_sink_stream_write (stream, header, -1);
  g_hash_table_insert (state->streams, g_strdup (split), stream);
  return stream;
}

gboolean
_lw_split_files_finish (LwWriteContext *ctx, gpointer data, GError **error)
{
  LwSplitFiles *state = data;

  for (guint i = 0; i < ctx->split_names->len; i++)
    {
      gpointer key, stream;
      if (!g_hash_table_steal_extended (state->streams, ctx->split_names->pdata[i], &key, &stream))
        continue;
      g_free (key);
      if (!_lw_sink_stream_close (ctx->sink, stream, error))
        return FALSE;
    }
  return TRUE;
}

gpointer
_lw_buffer_state_new (gsize state_size)
{
  LwBufferState *state;

  g_assert (state_size >= sizeof (LwBufferState));
  state = g_malloc0 (state_size);
  state->buf = g_string_sized_new (2048);
  return state;
}

void
_lw_buffer_state_free (gpointer data)
{
  LwBufferState *state = data;

  g_string_free (state->buf, TRUE);
  g_free (state);
}

GString *
_lw_buffer_state_begin_item (LwWriteContext *ctx, gpointer data, const LwWriteItem *wi,
                             const char *media_entry, GError **error)
{
  LwBufferState *state = data;

  if (!_lw_write_media (ctx, wi, media_entry, error))
    return NULL;
  g_string_truncate (state->buf, 0);
  return state->buf;
}
