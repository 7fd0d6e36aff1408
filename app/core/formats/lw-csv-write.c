#define G_LOG_DOMAIN "lw-export"

#include <string.h>

#include "lw-write-private.h"

/* CSV (RFC 4180): one row per item for classification: path (images) or id (texts), split, tags. */

static void
csv_field (GString *b, const char *s)
{
  if (s != NULL && s[strcspn (s, ",\"\r\n")] != '\0')
    {
      g_string_append_c (b, '"');
      for (const char *p = s; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (b, '"');
          g_string_append_c (b, *p);
        }
      g_string_append_c (b, '"');
    }
  else if (s != NULL)
    g_string_append (b, s);
}

static gpointer
csv_begin (LwWriteContext *ctx, GError **error)
{
  return _lw_split_files_new ();
}

static gboolean
csv_item (LwWriteContext *ctx, gpointer data, const LwWriteItem *wi, GError **error)
{
  LwSplitFiles *state = data;
  GString *b = state->buf;
  LwSinkStream *stream = _lw_split_files_stream (ctx, state, wi->split, "csv", "path,split,tags\r\n", error);
  g_autoptr(GString) tags = g_string_new (NULL);
  g_autofree char *path = NULL;

  if (stream == NULL)
    return FALSE;
  if (wi->item->kind == LW_ITEM_KIND_IMAGE)
    {
      path = g_strdup_printf ("images/%s/%s", wi->split, wi->file_name);
      if (!_lw_write_media (ctx, wi, path, error))
        return FALSE;
    }
  for (guint i = 0; i < wi->annotations->len; i++)
    {
      const LwAnnotation *ann = wi->annotations->pdata[i];
      const LwLabelClass *klass = _lw_write_class (ctx, ann->class_id);
      if (klass == NULL || ann->kind != LW_ANNOTATION_TAG)
        continue;
      if (tags->len)
        g_string_append_c (tags, ';');
      g_string_append (tags, klass->name);
    }
  g_string_truncate (b, 0);
  csv_field (b, path ? path : wi->stem);
  g_string_append_c (b, ',');
  csv_field (b, wi->split);
  g_string_append_c (b, ',');
  csv_field (b, tags->str);
  g_string_append (b, "\r\n");
  _lw_sink_stream_write (stream, b->str, b->len);
  return TRUE;
}

const LwFormatWriter _lw_csv_writer = {
  .name = "csv",
  .item_kinds = (1u << LW_ITEM_KIND_IMAGE) | (1u << LW_ITEM_KIND_TEXT),
  .begin = csv_begin,
  .item = csv_item,
  .finish = _lw_split_files_finish,
  .free = _lw_split_files_free,
};
