/* lw-text-read.c: texts: plain .txt files, doccano-style JSONL, and CSV with a text column */
#define G_LOG_DOMAIN "lw-text-read"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "lw-error.h"
#include "lw-read-private.h"

gboolean
_lw_txt_read (LwImportCtx *ctx, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                   "%s: not UTF-8 text", path);
      return FALSE;
    }
  if (ctx->root && g_str_has_prefix (path, ctx->root) && path[strlen (ctx->root)] == '/')
    name = g_strdup (path + strlen (ctx->root) + 1);
  else
    name = g_path_get_basename (path);
  return _lw_import_text (ctx, name, NULL, data, error) > 0;
}

static gboolean
add_tag (LwImportCtx *ctx, gint64 item_id, const char *name, const char *where, GError **error)
{
  return _lw_import_annotation (ctx, item_id, 0, 0, name, LW_ANNOTATION_TAG, NULL, 0, NAN, where, error);
}

static gboolean
bad_line (GError **error, const char *where, const char *what)
{
  g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE, "%s: %s", where, what);
  return FALSE;
}

static gboolean
jsonl_record (LwImportCtx *ctx, JsonObject *obj, const char *where, const char *fallback_name,
              GError **error)
{
  JsonNode *text_node = json_object_get_member (obj, "text");
  JsonNode *id_node = json_object_get_member (obj, "id");
  JsonNode *label = json_object_get_member (obj, "label");
  JsonNode *cats = json_object_get_member (obj, "cats");
  g_autofree char *ext_id = NULL;
  gint64 item_id;

  if (text_node == NULL || !JSON_NODE_HOLDS_VALUE (text_node) ||
      json_node_get_value_type (text_node) != G_TYPE_STRING)
    return bad_line (error, where, "expected a \"text\" string");
  if (id_node && JSON_NODE_HOLDS_VALUE (id_node))
    {
      if (json_node_get_value_type (id_node) == G_TYPE_STRING)
        ext_id = g_strdup (json_node_get_string (id_node));
      else if (json_node_get_value_type (id_node) == G_TYPE_INT64)
        ext_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id_node));
    }
  item_id = _lw_import_text (ctx, ext_id ? ext_id : fallback_name, ext_id,
                             json_node_get_string (text_node), error);
  if (item_id == 0)
    {
      g_prefix_error (error, "%s: ", where);
      return FALSE;
    }

  if (label && JSON_NODE_HOLDS_ARRAY (label))
    {
      JsonArray *arr = json_node_get_array (label);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *el = json_array_get_element (arr, i);
          if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING)
            {
              if (!add_tag (ctx, item_id, json_node_get_string (el), where, error))
                return FALSE;
            }
          else if (JSON_NODE_HOLDS_ARRAY (el) && json_array_get_length (json_node_get_array (el)) == 3)
            {
              JsonArray *span = json_node_get_array (el);
              JsonNode *s = json_array_get_element (span, 0);
              JsonNode *e = json_array_get_element (span, 1);
              JsonNode *c = json_array_get_element (span, 2);
              double v[2];
              if (!JSON_NODE_HOLDS_VALUE (s) || json_node_get_value_type (s) != G_TYPE_INT64 ||
                  !JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_INT64 ||
                  !JSON_NODE_HOLDS_VALUE (c) || json_node_get_value_type (c) != G_TYPE_STRING)
                return bad_line (error, where, "expected label spans as [start, end, \"CLASS\"]");
              v[0] = json_node_get_int (s);
              v[1] = json_node_get_int (e);
              if (!_lw_import_annotation (ctx, item_id, 0, 0, json_node_get_string (c),
                                          LW_ANNOTATION_SPAN, v, 2, NAN, where, error))
                return FALSE;
            }
          else
            return bad_line (error, where, "expected \"label\" as [[start, end, \"CLASS\"], ...] "
                                           "or a list of class names");
        }
    }
  else if (label && !JSON_NODE_HOLDS_NULL (label))
    return bad_line (error, where, "expected \"label\" to be a list");

  if (cats && JSON_NODE_HOLDS_ARRAY (cats))
    {
      JsonArray *arr = json_node_get_array (cats);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *el = json_array_get_element (arr, i);
          if (!JSON_NODE_HOLDS_VALUE (el) || json_node_get_value_type (el) != G_TYPE_STRING)
            return bad_line (error, where, "expected \"cats\" as a list of class names");
          if (!add_tag (ctx, item_id, json_node_get_string (el), where, error))
            return FALSE;
        }
    }
  else if (cats && JSON_NODE_HOLDS_OBJECT (cats))
    {
      /* spaCy's form: {"CLASS": 1.0, ...}; a class applies at 0.5 and above. */
      JsonObject *o = json_node_get_object (cats);
      g_autoptr(GList) names = json_object_get_members (o);
      for (GList *l = names; l; l = l->next)
        {
          JsonNode *n = json_object_get_member (o, l->data);
          if (!JSON_NODE_HOLDS_VALUE (n))
            return bad_line (error, where, "expected \"cats\" values to be numbers or booleans");
          if (json_node_get_double (n) >= 0.5 || (json_node_get_value_type (n) == G_TYPE_BOOLEAN &&
                                                  json_node_get_boolean (n)))
            if (!add_tag (ctx, item_id, l->data, where, error))
              return FALSE;
        }
    }
  else if (cats && !JSON_NODE_HOLDS_NULL (cats))
    return bad_line (error, where, "expected \"cats\" to be a list");
  return TRUE;
}

gboolean
_lw_jsonl_read (LwImportCtx *ctx, const char *path, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, ctx->cancellable, error);
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *base = g_path_get_basename (path);
  guint line_no = 0;

  if (in == NULL)
    return FALSE;
  data = g_data_input_stream_new (G_INPUT_STREAM (in));
  for (;;)
    {
      GError *local = NULL;
      gsize len;
      g_autofree char *line = g_data_input_stream_read_line_utf8 (data, &len, ctx->cancellable, &local);
      g_autofree char *where = NULL;
      g_autofree char *fallback = NULL;
      JsonNode *root;

      if (local)
        {
          if (local->domain == G_CONVERT_ERROR)
            {
              /* read_line_utf8 fails on bytes that are not UTF-8: a parse error of the file */
              g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                           "%s:%u: not UTF-8 text", path, line_no + 1);
              g_error_free (local);
            }
          else
            g_propagate_prefixed_error (error, local, "%s:%u: ", path, line_no + 1);
          return FALSE;
        }
      if (line == NULL)
        break;
      line_no++;
      g_strstrip (line);
      if (*line == '\0')
        continue;
      where = g_strdup_printf ("%s:%u", path, line_no);
      if (_lw_json_too_deep (line, strlen (line)))
        {
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                       "%s: not valid JSON here: arrays and objects nest deeper than %d levels",
                       where, LW_JSON_MAX_NESTING);
          return FALSE;
        }
      if (!json_parser_load_from_data (parser, line, -1, &local))
        {
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE, "%s: not JSON: %s", where, local->message);
          g_error_free (local);
          return FALSE;
        }
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        return bad_line (error, where, "expected one JSON object per line");
      fallback = g_strdup_printf ("%s:%u", base, line_no);
      if (!jsonl_record (ctx, json_node_get_object (root), where, fallback, error))
        return FALSE;
      if (line_no % 256 == 0)
        _lw_import_progress (ctx, -1, base);
    }
  return TRUE;
}

/* RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
 * Returns the fields of the next record, or NULL at the end; @line counts physical lines. */
static GPtrArray *
csv_next_record (const char **pos, const char *end, guint *line, const char *path, GError **error)
{
  const char *p = *pos;
  g_autoptr(GPtrArray) fields = NULL;
  GString *field;
  guint start_line = *line + 1;

  if (p >= end)
    return NULL;
  fields = g_ptr_array_new_with_free_func (g_free);
  field = g_string_new (NULL);
  (*line)++;
  for (;;)
    {
      if (p < end && *p == '"' && field->len == 0)
        {
          p++;
          for (;;)
            {
              if (p >= end)
                {
                  g_string_free (field, TRUE);
                  g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                               "%s:%u: a quoted field is not closed", path, start_line);
                  return NULL;
                }
              if (*p == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              if (*p == '\n')
                (*line)++;
              g_string_append_c (field, *p++);
            }
          if (p < end && *p != ',' && *p != '\n' && *p != '\r')
            {
              g_string_free (field, TRUE);
              g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                           "%s:%u: expected a comma or the end of the line after a quoted field",
                           path, *line);
              return NULL;
            }
        }
      while (p < end && *p != ',' && *p != '\n' && *p != '\r')
        g_string_append_c (field, *p++);
      g_ptr_array_add (fields, g_string_free (field, FALSE));
      if (p < end && *p == ',')
        {
          p++;
          field = g_string_new (NULL);
          continue;
        }
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p == '\n')
        p++;
      break;
    }
  *pos = p;
  return g_steal_pointer (&fields);
}

gboolean
_lw_csv_read (LwImportCtx *ctx, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GPtrArray) header = NULL;
  const char *p, *end;
  gsize len;
  guint line = 0;
  int text_col = -1, id_col = -1, label_col = -1;

  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  if (!g_utf8_validate (data, len, NULL) || memchr (data, '\0', len))
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE, "%s: not UTF-8 text", path);
      return FALSE;
    }
  p = data;
  end = data + len;
  if (len >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  header = csv_next_record (&p, end, &line, path, error);
  if (header == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE, "%s: empty file", path);
      return FALSE;
    }
  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *h = g_ascii_strdown (g_strstrip ((char *) header->pdata[i]), -1);
      if (strcmp (h, "text") == 0)
        text_col = i;
      else if (strcmp (h, "id") == 0)
        id_col = i;
      else if (strcmp (h, "label") == 0 || strcmp (h, "labels") == 0 || strcmp (h, "class") == 0 ||
               strcmp (h, "tags") == 0)
        label_col = i;
    }
  if (text_col < 0)
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                   "%s:1: expected a header with a \"text\" column", path);
      return FALSE;
    }
  for (;;)
    {
      GError *local = NULL;
      guint first = line + 1;
      g_autoptr(GPtrArray) rec = csv_next_record (&p, end, &line, path, &local);
      g_autofree char *where = NULL;
      g_autofree char *fallback = NULL;
      const char *ext_id;
      gint64 item_id;

      if (local)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (rec == NULL)
        break;
      if (rec->len == 1 && *(char *) rec->pdata[0] == '\0')
        continue;
      where = g_strdup_printf ("%s:%u", path, first);
      if (rec->len != header->len)
        {
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                       "%s: expected %u fields as in the header, got %u", where, header->len, rec->len);
          return FALSE;
        }
      ext_id = id_col >= 0 && *(char *) rec->pdata[id_col] ? rec->pdata[id_col] : NULL;
      fallback = g_strdup_printf ("%s:%u", base, first);
      item_id = _lw_import_text (ctx, ext_id ? ext_id : fallback, ext_id, rec->pdata[text_col], error);
      if (item_id == 0)
        {
          g_prefix_error (error, "%s: ", where);
          return FALSE;
        }
      if (label_col >= 0)
        {
          g_auto(GStrv) names = g_strsplit (rec->pdata[label_col], ";", -1);
          for (guint i = 0; names[i]; i++)
            {
              g_strstrip (names[i]);
              if (*names[i] && !add_tag (ctx, item_id, names[i], where, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}
