#define G_LOG_DOMAIN "lw-export"

#include "lw-write-private.h"

static gpointer
jsonl_begin (LwWriteContext *ctx, GError **error)
{
  return _lw_split_files_new ();
}

static gboolean
jsonl_item (LwWriteContext *ctx, gpointer data, const LwWriteItem *wi, GError **error)
{
  LwSplitFiles *state = data;
  GString *b = state->buf;
  LwSinkStream *stream = _lw_split_files_stream (ctx, state, wi->split, "jsonl", NULL, error);
  gboolean first = TRUE;

  if (stream == NULL)
    return FALSE;
  g_string_truncate (b, 0);
  g_string_append (b, "{\"id\":");
  _lw_gstring_json_str (b, wi->stem);
  g_string_append (b, ",\"text\":");
  _lw_gstring_json_str (b, wi->item->text);
  /* Offsets are stored as code points, which is what doccano and spaCy count. */
  g_string_append (b, ",\"label\":[");
  for (guint i = 0; i < wi->annotations->len; i++)
    {
      const LwAnnotation *ann = wi->annotations->pdata[i];
      const LwLabelClass *klass = _lw_write_class (ctx, ann->class_id);
      if (klass == NULL || ann->kind != LW_ANNOTATION_SPAN || ann->geometry->len < 2)
        continue;
      g_string_append_printf (b, "%s[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",", first ? "" : ",",
                              (gint64) lw_annotation_value (ann, 0),
                              (gint64) lw_annotation_value (ann, 1));
      _lw_gstring_json_str (b, klass->name);
      g_string_append_c (b, ']');
      first = FALSE;
    }
  g_string_append (b, "],\"cats\":[");
  first = TRUE;
  for (guint i = 0; i < wi->annotations->len; i++)
    {
      const LwAnnotation *ann = wi->annotations->pdata[i];
      const LwLabelClass *klass = _lw_write_class (ctx, ann->class_id);
      if (klass == NULL || ann->kind != LW_ANNOTATION_TAG)
        continue;
      if (!first)
        g_string_append_c (b, ',');
      _lw_gstring_json_str (b, klass->name);
      first = FALSE;
    }
  g_string_append (b, "]}\n");
  _lw_sink_stream_write (stream, b->str, b->len);
  return TRUE;
}

const LwFormatWriter _lw_jsonl_writer = {
  .name = "jsonl",
  .item_kinds = 1u << LW_ITEM_KIND_TEXT,
  .begin = jsonl_begin,
  .item = jsonl_item,
  .finish = _lw_split_files_finish,
  .free = _lw_split_files_free,
};
