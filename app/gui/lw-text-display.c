/* lw-text-display.c: display breaks in long paragraphs, and the offsets either side of them
 *
 * Why: GtkTextView lays out a paragraph as one PangoLayout, and the cost grows faster than the
 * paragraph (a 1 MB text without line breaks took 4 s in a plain GtkTextView and 12–24 s with
 * 2,000 spans' tags; see docs/benchmarks.md, bench-text --one-paragraph). Paragraphs of a few
 * thousand characters cost what the same text with its own line breaks costs. Neither GTK 4.8
 * nor Pango offers a way to lay out only part of a paragraph, so the buffer gets the breaks.
 *
 * The view sets the same spacing inside wrapped lines as below paragraphs, so a display break
 * looks like a line wrapped after a sentence. Spaces become breaks where possible: then buffer
 * and item offsets stay equal. Only text without a space for a long stretch (Chinese,
 * Japanese) gets inserted breaks, and those are what the mapping counts.
 */
#define G_LOG_DOMAIN "lw-text-display"

#include "config.h"

#include <pango/pango.h>
#include <string.h>

#include "lw-text-display.h"

/* In characters since the last line break: none before MIN_RUN; after a sentence end from
 * MIN_RUN; at any space from SOFT_RUN; at any line-break opportunity from HARD_RUN. */
#define MIN_RUN  800
#define SOFT_RUN 1600
#define HARD_RUN 3200
/* Characters given to Pango to find a line-break opportunity at the hard limit. */
#define HARD_WINDOW 64

struct _LwTextDisplay
{
  char   *item_text;
  char   *text;
  gint64  length;
  GArray *inserted;   /* gint64: item offsets a break was inserted before, increasing */
};

static gboolean
is_paragraph_end (gunichar c)
{
  /* What GtkTextBuffer ends a line at. */
  return c == '\n' || c == '\r' || c == 0x2029;
}

static gboolean
ends_sentence (gunichar c)
{
  switch (c)
    {
    case '.': case '!': case '?': case ';': case ':':
    case 0x2026:                                   /* … */
    case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF1B: case 0xFF1A:   /* 。！？；： */
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
ends_cjk_sentence (gunichar c)
{
  return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B;
}

/* A character a display line may start with after a CJK sentence end: not punctuation (a
 * closing quote belongs to the sentence), not a mark, joiner, selector or skin tone that
 * belongs to the character before. */
static gboolean
can_start_line (gunichar c)
{
  return !g_unichar_ispunct (c) && !g_unichar_ismark (c) && !g_unichar_isspace (c)
         && c != 0x200D && !(c >= 0xFE00 && c <= 0xFE0F) && !(c >= 0x1F3FB && c <= 0x1F3FF)
         && !(c >= 0xE0020 && c <= 0xE007F);
}

/* The item offset of the first line-break opportunity after the character at @from (which
 * @p points at), from Pango's rules; failing one, the first grapheme boundary. */
static gint64
find_hard_break (const char *p, gint64 from)
{
  const char *end = p;
  int n = 0;
  g_autofree PangoLogAttr *attrs = NULL;

  while (*end != '\0' && n < HARD_WINDOW)
    {
      end = g_utf8_next_char (end);
      n++;
    }
  attrs = g_new0 (PangoLogAttr, n + 1);
  pango_get_log_attrs (p, (int) (end - p), -1, pango_language_get_default (), attrs, n + 1);
  for (int i = 1; i < n; i++)
    if (attrs[i].is_line_break && attrs[i].is_cursor_position)
      return from + i;
  for (int i = 1; i < n; i++)
    if (attrs[i].is_cursor_position)
      return from + i;
  return from + n;
}

LwTextDisplay *
lw_text_display_new (const char *text)
{
  LwTextDisplay *self = g_new0 (LwTextDisplay, 1);
  GString *out;
  const char *p, *next, *prev_p = NULL, *flushed;
  gint64 pos = 0, run = 0, target = -1;

  if (text == NULL)
    text = "";
  self->item_text = g_utf8_validate (text, -1, NULL) ? g_strdup (text) : g_utf8_make_valid (text, -1);
  self->inserted = g_array_new (FALSE, FALSE, sizeof (gint64));
  out = g_string_sized_new (strlen (self->item_text) + 1);

  /* The text is copied in runs between breaks (flushed: what is copied so far); ASCII is
   * read without decoding. A 1 MB text costs a few milliseconds. */
  flushed = self->item_text;
  for (p = self->item_text; *p != '\0'; prev_p = p, p = next, pos++)
    {
      gunichar c;

      if ((guchar) *p < 0x80)
        c = (guchar) *p, next = p + 1;
      else
        c = g_utf8_get_char (p), next = g_utf8_next_char (p);
      if (is_paragraph_end (c))
        {
          run = 0, target = -1;
          continue;
        }
      if (run >= MIN_RUN)
        {
          gunichar prev = g_utf8_get_char (prev_p);
          gboolean replace = FALSE, insert = FALSE;

          if (c == ' ' && (ends_sentence (prev) || run >= SOFT_RUN))
            replace = TRUE;
          else if (ends_cjk_sentence (prev) && can_start_line (c))
            insert = TRUE;
          else if (run >= HARD_RUN)
            {
              if (target < 0)
                target = find_hard_break (prev_p, pos - 1);
              insert = pos == target;
            }
          if (replace || insert)
            {
              g_string_append_len (out, flushed, p - flushed);
              g_string_append_c (out, '\n');
              /* A space shown as the break is not copied; an inserted break is extra. */
              flushed = replace ? next : p;
              if (insert)
                g_array_append_val (self->inserted, pos);
              run = 0, target = -1;
              if (replace)
                continue;
            }
        }
      run++;
    }
  g_string_append_len (out, flushed, p - flushed);
  self->length = pos;
  self->text = g_string_free (out, FALSE);
  return self;
}

void
lw_text_display_free (LwTextDisplay *self)
{
  if (self == NULL)
    return;
  g_free (self->item_text);
  g_free (self->text);
  g_array_unref (self->inserted);
  g_free (self);
}

const char *
lw_text_display_get_text (const LwTextDisplay *self)
{
  return self->text;
}

const char *
lw_text_display_get_item_text (const LwTextDisplay *self)
{
  return self->item_text;
}

gint64
lw_text_display_get_length (const LwTextDisplay *self)
{
  return self->length;
}

guint
lw_text_display_n_inserted (const LwTextDisplay *self)
{
  return self->inserted->len;
}

static gint64
inserted_at (const LwTextDisplay *self, guint k)
{
  return g_array_index (self->inserted, gint64, k);
}

/* How many inserted breaks lie before buffer offset @offset (break k sits at buffer offset
 * inserted[k] + k, increasing with k). */
static guint
breaks_before_buffer (const LwTextDisplay *self, gint64 offset)
{
  guint lo = 0, hi = self->inserted->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (inserted_at (self, mid) + mid < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* How many breaks were inserted before item offset @offset (strictly, or also at it). */
static guint
breaks_before_item (const LwTextDisplay *self, gint64 offset, gboolean at_too)
{
  guint lo = 0, hi = self->inserted->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 at = inserted_at (self, mid);
      if (at < offset || (at_too && at == offset))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gint64
lw_text_display_to_item (const LwTextDisplay *self, gint64 offset)
{
  g_return_val_if_fail (self != NULL, 0);
  return CLAMP (offset - (gint64) breaks_before_buffer (self, offset), 0, self->length);
}

gint64
lw_text_display_to_buffer (const LwTextDisplay *self, gint64 offset, gboolean is_end)
{
  g_return_val_if_fail (self != NULL, 0);
  offset = CLAMP (offset, 0, self->length);
  return offset + breaks_before_item (self, offset, !is_end);
}

gboolean
lw_text_display_is_inserted_break (const LwTextDisplay *self, gint64 offset)
{
  guint k;

  g_return_val_if_fail (self != NULL, FALSE);
  k = breaks_before_buffer (self, offset);
  return k < self->inserted->len && inserted_at (self, k) + k == offset;
}

char *
lw_text_display_dup_item_slice (const LwTextDisplay *self, gint64 start, gint64 end)
{
  g_return_val_if_fail (self != NULL, NULL);
  start = CLAMP (start, 0, self->length);
  end = CLAMP (end, start, self->length);
  return g_utf8_substring (self->item_text, (glong) start, (glong) end);
}
