#define G_LOG_DOMAIN "lw-export"

#include <math.h>

#include "lw-write-private.h"
#include "store/lw-project-private.h"

/* project.json: {"format", "version", "name", "domain", "schema", "items": [...],
 * "annotations": [...]} plus media/<file>. Items stream into the entry; annotations wait in
 * a part of the sink, joined to the entry at the end without a copy, so that the document
 * keeps its two flat arrays. An item that has been reviewed carries
 * "reviews": [{"reviewer", "verdict", "comment", "at"}], oldest first. */

typedef struct {
  LwSinkStream *stream;
  LwSinkStream *annotations;   /* a part: joined to @stream at the end, not copied */
  GString      *buf;
  GHashTable   *annotators;  /* id (gint64*) -> name */
  gboolean      any_item;
  gboolean      any_annotation;
} NativeState;

static void
native_free (gpointer data)
{
  NativeState *state = data;

  if (state->stream)
    _lw_sink_stream_abandon (state->stream);
  if (state->annotations)
    _lw_sink_stream_abandon (state->annotations);
  g_string_free (state->buf, TRUE);
  g_hash_table_unref (state->annotators);
  g_free (state);
}

/* Every annotator's name, read before the items stream (the reader thread owns the
 * connection then). */
static gboolean
read_annotators (LwWriteContext *ctx, NativeState *state, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (ctx->project, "SELECT id, name FROM annotator", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (state->annotators, g_memdup2 (&id, sizeof id),
                           g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _lw_project_sql_error (ctx->project, rc, "listing annotators", error);
  return TRUE;
}

static gpointer
native_begin (LwWriteContext *ctx, GError **error)
{
  NativeState *state = g_new0 (NativeState, 1);
  g_autofree char *schema = lw_schema_to_json (ctx->classes, ctx->domain);
  GString *b;

  state->buf = b = g_string_sized_new (4096);
  state->annotators = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  if (!read_annotators (ctx, state, error))
    {
      native_free (state);
      return NULL;
    }
  state->annotations = _lw_export_sink_begin_part (ctx->sink, error);
  if (state->annotations == NULL)
    {
      native_free (state);
      return NULL;
    }
  state->stream = _lw_export_sink_begin_stream (ctx->sink, "project.json", error);
  if (state->stream == NULL)
    {
      native_free (state);
      return NULL;
    }
  g_string_append (b, "{\"format\":\"labelwright\",\"version\":1,\"name\":");
  _lw_gstring_json_str (b, ctx->project_name);
  g_string_append (b, ",\"domain\":");
  _lw_gstring_json_str (b, ctx->domain);
  g_string_append (b, ",\n\"schema\":");
  g_string_append (b, schema ? schema : "null");
  g_string_append (b, ",\n\"items\":[");
  _lw_sink_stream_write (state->stream, b->str, b->len);
  return state;
}

static const char *
annotator_name (NativeState *state, gint64 id)
{
  char *name;

  if (id == 0)
    return NULL;
  name = g_hash_table_lookup (state->annotators, &id);
  if (name == NULL)
    {
      /* A layer whose annotator row is gone keeps a name that says which it was. */
      name = g_strdup_printf ("annotator-%" G_GINT64_FORMAT, id);
      g_hash_table_insert (state->annotators, g_memdup2 (&id, sizeof id), name);
    }
  return name;
}

/* ,"KEY":N without printf: most of a native export's time went to printf (perf). */
static void
key_int (GString *b, const char *key, gint64 value)
{
  _lw_gstring_lit (b, ",\"");
  g_string_append (b, key);
  _lw_gstring_lit (b, "\":");
  _lw_gstring_int (b, value);
}

static void
key_str (GString *b, const char *key, const char *value)
{
  _lw_gstring_lit (b, ",\"");
  g_string_append (b, key);
  _lw_gstring_lit (b, "\":");
  if (value != NULL)
    _lw_gstring_json_str (b, value);
  else
    g_string_append (b, "null");
}

/* Appends ,"reviews":[...] when the item has reviews. */
static void
append_reviews (GString *b, GPtrArray *reviews)
{
  for (guint i = 0; i < reviews->len; i++)
    {
      const LwReview *review = reviews->pdata[i];

      g_string_append (b, i ? ",{" : ",\"reviews\":[{");
      g_string_append (b, "\"reviewer\":");
      _lw_gstring_json_str (b, review->reviewer);
      key_str (b, "verdict", review->verdict);
      key_str (b, "comment", review->comment);
      key_int (b, "at", review->at);
      g_string_append_c (b, '}');
    }
  if (reviews->len > 0)
    g_string_append_c (b, ']');
}

static gboolean
native_item (LwWriteContext *ctx, gpointer data, const LwWriteItem *wi, GError **error)
{
  NativeState *state = data;
  GString *b = state->buf;
  const LwItem *item = wi->item;
  g_autofree char *media_entry = NULL;

  if (item->kind == LW_ITEM_KIND_IMAGE && wi->file_name != NULL)
    {
      media_entry = g_strconcat ("media/", wi->file_name, NULL);
      if (!_lw_write_media (ctx, wi, media_entry, error))
        return FALSE;
    }
  g_string_truncate (b, 0);
  if (state->any_item)
    g_string_append_c (b, ',');
  _lw_gstring_lit (b, "\n{\"id\":");
  _lw_gstring_int (b, item->id);
  key_str (b, "kind", lw_item_kind_to_string (item->kind));
  key_str (b, "name", item->name);
  key_str (b, "media", wi->media_src ? media_entry : NULL);
  key_str (b, "file_name", wi->file_name);
  key_str (b, "sha256", item->sha256);
  key_int (b, "width", item->width);
  key_int (b, "height", item->height);
  key_str (b, "text", item->text);
  key_str (b, "ext_id", item->ext_id);
  key_str (b, "status", lw_item_status_to_string (item->status));
  key_str (b, "split", item->split && *item->split ? item->split : wi->split);
  key_int (b, "added_at", item->added_at);
  append_reviews (b, wi->reviews);
  g_string_append_c (b, '}');
  _lw_sink_stream_write (state->stream, b->str, b->len);
  state->any_item = TRUE;

  for (guint i = 0; i < wi->annotations->len; i++)
    {
      const LwAnnotation *ann = wi->annotations->pdata[i];
      const LwLabelClass *klass = _lw_write_class (ctx, ann->class_id);

      g_string_truncate (b, 0);
      if (state->any_annotation)
        g_string_append_c (b, ',');
      _lw_gstring_lit (b, "\n{\"id\":");
      _lw_gstring_int (b, ann->id);
      key_int (b, "item_id", ann->item_id);
      key_str (b, "class", klass ? klass->name : NULL);
      key_str (b, "kind", lw_annotation_kind_to_string (ann->kind));
      g_string_append (b, ",\"geometry\":[");
      for (guint k = 0; k < ann->geometry->len; k++)
        {
          if (k)
            g_string_append_c (b, ',');
          _lw_gstring_num (b, g_array_index (ann->geometry, double, k));
        }
      /* Stored attributes are a JSON object already (validated when they were written). */
      g_string_append (b, "],\"attributes\":");
      g_string_append (b, ann->attributes && *ann->attributes ? ann->attributes : "{}");
      key_str (b, "annotator", annotator_name (state, ann->annotator_id));
      key_str (b, "source", lw_source_to_string (ann->source));
      g_string_append (b, ",\"score\":");
      if (isfinite (ann->score))
        _lw_gstring_num (b, ann->score);
      else
        g_string_append (b, "null");
      key_int (b, "created_at", ann->created_at);
      key_int (b, "updated_at", ann->updated_at);
      g_string_append_c (b, '}');
      /* Errors are reported when the part is joined. */
      _lw_sink_stream_write (state->annotations, b->str, b->len);
      state->any_annotation = TRUE;
    }
  return TRUE;
}

static gboolean
native_finish (LwWriteContext *ctx, gpointer data, GError **error)
{
  NativeState *state = data;

  _lw_sink_stream_write (state->stream, "],\n\"annotations\":[", -1);
  _lw_sink_stream_write (state->annotations, "]}\n", -1);
  return _lw_sink_stream_close_joined (ctx->sink, g_steal_pointer (&state->stream),
                                       g_steal_pointer (&state->annotations), error);
}

const LwFormatWriter _lw_native_writer = {
  .name = "native",
  .item_kinds = (1u << LW_ITEM_KIND_IMAGE) | (1u << LW_ITEM_KIND_TEXT),
  .all_columns = TRUE,
  .needs_reviews = TRUE,
  .begin = native_begin,
  .item = native_item,
  .finish = native_finish,
  .free = native_free,
};
