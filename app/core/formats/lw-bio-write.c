/* lw-bio-write.c: CoNLL-style BIO tags for token classification
 *
 * One file per split, "<split>.conll": a line "TOKEN<TAB>TAG" per token, a blank line after
 * each text. The tokenizer rule, which the README documents:
 *   - whitespace (g_unichar_isspace) separates tokens and is never part of one;
 *   - every CJK character (Han, Hiragana, Katakana, Bopomofo scripts, CJK symbols and
 *     punctuation U+3000-U+303F, fullwidth forms U+FF00-U+FFEF) is a token of its own;
 *   - any other run of characters is one token.
 * A token inside a span (overlapping it at all) is tagged B-CLASS when it is the span's
 * first token and I-CLASS after; other tokens are O. Where spans overlap, a token takes the
 * span that starts first (the longer one on a tie); BIO cannot carry the other. Whitespace
 * in class names becomes '_', so that a tag is one field. Document classes are not written.
 */
#define G_LOG_DOMAIN "lw-export"

#include <stdlib.h>

#include "lw-write-private.h"

typedef struct {
  gint64      start, end;   /* code points, [start, end) */
  const char *name;
} BioSpan;

static int
compare_spans (const void *a, const void *b)
{
  const BioSpan *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;    /* the longer first */
  return 0;
}

static gboolean
is_cjk (gunichar c)
{
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_BOPOMOFO:
      return TRUE;
    default:
      return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
    }
}

static void
append_tag (GString *b, char prefix, const char *name)
{
  g_string_append_c (b, prefix);
  g_string_append_c (b, '-');
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c))
        g_string_append_c (b, '_');
      else
        g_string_append_unichar (b, c);
    }
}

/* Appends the token [tok, tok_end) (bytes) covering code points [start, end). */
static void
append_token (GString *b, const char *tok, const char *tok_end, gint64 start, gint64 end,
              const BioSpan *spans, guint n_spans, guint *first, gint *last_span)
{
  gint chosen = -1;

  /* Spans that end before this token can be skipped for every later token, too. */
  while (*first < n_spans && spans[*first].end <= start && spans[*first].start < start)
    (*first)++;
  for (guint k = *first; k < n_spans && spans[k].start < end; k++)
    if (spans[k].end > start)
      {
        chosen = (gint) k;
        break;
      }
  g_string_append_len (b, tok, tok_end - tok);
  g_string_append_c (b, '\t');
  if (chosen < 0)
    g_string_append_c (b, 'O');
  else
    append_tag (b, chosen == *last_span ? 'I' : 'B', spans[chosen].name);
  g_string_append_c (b, '\n');
  *last_span = chosen;
}

static void
write_tokens (GString *b, const char *text, const BioSpan *spans, guint n_spans)
{
  const char *p = text, *tok = NULL;
  gint64 cp = 0, tok_start = 0;
  guint first = 0;
  gint last_span = -1;

  for (; *p != '\0'; p = g_utf8_next_char (p), cp++)
    {
      gunichar c = g_utf8_get_char (p);
      gboolean space = g_unichar_isspace (c), cjk = !space && is_cjk (c);

      if (tok != NULL && (space || cjk))
        {
          append_token (b, tok, p, tok_start, cp, spans, n_spans, &first, &last_span);
          tok = NULL;
        }
      if (cjk)
        append_token (b, p, g_utf8_next_char (p), cp, cp + 1, spans, n_spans, &first, &last_span);
      else if (!space && tok == NULL)
        {
          tok = p;
          tok_start = cp;
        }
    }
  if (tok != NULL)
    append_token (b, tok, p, tok_start, cp, spans, n_spans, &first, &last_span);
}

static gpointer
bio_begin (LwWriteContext *ctx, GError **error)
{
  return _lw_split_files_new ();
}

static gboolean
bio_item (LwWriteContext *ctx, gpointer data, const LwWriteItem *wi, GError **error)
{
  LwSplitFiles *state = data;
  LwSinkStream *stream = _lw_split_files_stream (ctx, state, wi->split, "conll", NULL, error);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (BioSpan));

  if (stream == NULL)
    return FALSE;
  for (guint i = 0; i < wi->annotations->len; i++)
    {
      const LwAnnotation *ann = wi->annotations->pdata[i];
      const LwLabelClass *klass = _lw_write_class (ctx, ann->class_id);
      BioSpan span;

      if (klass == NULL || ann->kind != LW_ANNOTATION_SPAN || ann->geometry->len < 2)
        continue;
      span.start = (gint64) lw_annotation_value (ann, 0);
      span.end = (gint64) lw_annotation_value (ann, 1);
      span.name = klass->name;
      g_array_append_val (spans, span);
    }
  if (spans->len > 1)
    qsort (spans->data, spans->len, sizeof (BioSpan), compare_spans);
  g_string_truncate (state->buf, 0);
  write_tokens (state->buf, wi->item->text != NULL ? wi->item->text : "",
                (const BioSpan *) (gpointer) spans->data, spans->len);
  g_string_append_c (state->buf, '\n');
  _lw_sink_stream_write (stream, state->buf->str, state->buf->len);
  return TRUE;
}

const LwFormatWriter _lw_bio_writer = {
  .name = "bio",
  .item_kinds = 1u << LW_ITEM_KIND_TEXT,
  .begin = bio_begin,
  .item = bio_item,
  .finish = _lw_split_files_finish,
  .free = _lw_split_files_free,
};
