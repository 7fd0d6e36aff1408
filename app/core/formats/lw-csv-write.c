#define G_LOG_DOMAIN "lw-export"

#include <string.h>

#include "lw-write-private.h"

/* CSV (RFC 4180): one row per item for classification: path (images) or id (texts), split, tags.
 * When the project holds texts, the header is "id,split,tags,text" and a fourth column carries
 * each text (empty for images), so that the text importer, which needs "id" and "text",
 * reads the export back. Image-only exports keep the three columns. */

typedef struct
{
  LwSplitFiles *files;
  gboolean      texts;
} CsvState;

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
  CsvState *state = g_new0 (CsvState, 1);
  LwItemFilter texts = { .kind = LW_ITEM_KIND_TEXT, .kind_set = TRUE };

  state->files = _lw_split_files_new ();
  state->texts = lw_project_next_item (ctx->project, &texts, 0, FALSE, NULL) > 0;
  return state;
}

static gboolean
csv_finish (LwWriteContext *ctx, gpointer data, GError **error)
{
  return _lw_split_files_finish (ctx, ((CsvState *) data)->files, error);
}

static void
csv_free (gpointer data)
{
  CsvState *state = data;

  _lw_split_files_free (state->files);
  g_free (state);
}

static gboolean
csv_item (LwWriteContext *ctx, gpointer data, const LwWriteItem *wi, GError **error)
{
  CsvState *csv = data;
  GString *b = csv->files->buf;
  LwSinkStream *stream = _lw_split_files_stream (ctx, csv->files, wi->split, "csv",
                                                 csv->texts ? "id,split,tags,text\r\n" : "path,split,tags\r\n",
                                                 error);
  g_autoptr(GString) tags = g_string_new (NULL);
  g_autofree char *path = NULL;

  if (stream == NULL)
    return FALSE;
  if (wi->item->kind == LW_ITEM_KIND_IMAGE)
    {
      path = g_strconcat ("images/", wi->split, "/", wi->file_name, NULL);
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
  if (csv->texts)
    {
      g_string_append_c (b, ',');
      csv_field (b, wi->item->kind == LW_ITEM_KIND_TEXT ? wi->item->text : "");
    }
  g_string_append (b, "\r\n");
  _lw_sink_stream_write (stream, b->str, b->len);
  return TRUE;
}

const LwFormatWriter _lw_csv_writer = {
  .name = "csv",
  .item_kinds = (1u << LW_ITEM_KIND_IMAGE) | (1u << LW_ITEM_KIND_TEXT),
  .begin = csv_begin,
  .item = csv_item,
  .finish = csv_finish,
  .free = csv_free,
};
