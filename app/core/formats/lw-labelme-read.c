/* lw-labelme-read.c: labelme JSON (label_file.py): shapes and image-level flags */
#define G_LOG_DOMAIN "lw-labelme-read"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "lw-error.h"
#include "lw-read-private.h"

/* A circle (centre + rim point) becomes a polygon of this many vertices. */
#define CIRCLE_VERTICES 32

static gboolean
invalid (GError **error, const char *where, const char *what)
{
  g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID, "%s: %s", where, what);
  return FALSE;
}

static GArray *
read_points (JsonNode *node)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (double));
  JsonArray *arr;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  arr = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *pt = json_array_get_element (arr, i);
      JsonArray *xy;
      if (!JSON_NODE_HOLDS_ARRAY (pt) || json_array_get_length (xy = json_node_get_array (pt)) != 2)
        return NULL;
      for (guint k = 0; k < 2; k++)
        {
          JsonNode *n = json_array_get_element (xy, k);
          double v;
          if (!JSON_NODE_HOLDS_VALUE (n) || (json_node_get_value_type (n) != G_TYPE_INT64 &&
                                             json_node_get_value_type (n) != G_TYPE_DOUBLE))
            return NULL;
          v = json_node_get_double (n);
          g_array_append_val (out, v);
        }
    }
  return g_steal_pointer (&out);
}

static gboolean
read_shape (LwImportCtx *ctx, JsonObject *shape, gint64 item_id, int w, int h,
            const char *where, GError **error)
{
  const char *label = _lw_json_string (shape, "label", NULL);
  const char *type = _lw_json_string (shape, "shape_type", "polygon");
  g_autoptr(GArray) pts = read_points (json_object_get_member (shape, "points"));
  JsonNode *score_node = json_object_get_member (shape, "score");
  double *v;
  guint np;
  double score = NAN;

  if (label == NULL)
    return invalid (error, where, "expected a \"label\" string");
  if (pts == NULL)
    return invalid (error, where, "expected \"points\" as [[x, y], ...]");
  if (score_node && JSON_NODE_HOLDS_VALUE (score_node))
    score = json_node_get_double (score_node);
  v = (double *) pts->data;
  np = pts->len / 2;

  if (strcmp (type, "rectangle") == 0)
    {
      /* two opposite corners in any order, or four corners as some tools write */
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE, b[4];
      if (np != 2 && np != 4)
        return invalid (error, where, "a rectangle needs 2 or 4 points");
      for (guint i = 0; i < np; i++)
        {
          x0 = MIN (x0, v[2 * i]);
          y0 = MIN (y0, v[2 * i + 1]);
          x1 = MAX (x1, v[2 * i]);
          y1 = MAX (y1, v[2 * i + 1]);
        }
      b[0] = x0; b[1] = y0; b[2] = x1 - x0; b[3] = y1 - y0;
      return _lw_import_annotation (ctx, item_id, w, h, label, LW_ANNOTATION_BBOX, b, 4, score, where, error);
    }
  if (strcmp (type, "polygon") == 0)
    {
      if (np < 3)
        return invalid (error, where, "a polygon needs at least 3 points");
      return _lw_import_annotation (ctx, item_id, w, h, label, LW_ANNOTATION_POLYGON, v, pts->len, score, where, error);
    }
  if (strcmp (type, "line") == 0 || strcmp (type, "linestrip") == 0)
    {
      if (np < 2)
        return invalid (error, where, "a line needs at least 2 points");
      return _lw_import_annotation (ctx, item_id, w, h, label, LW_ANNOTATION_POLYLINE, v, pts->len, score, where, error);
    }
  if (strcmp (type, "point") == 0 || strcmp (type, "points") == 0)
    {
      if (np < 1)
        return invalid (error, where, "a point needs coordinates");
      for (guint i = 0; i < np; i++)
        if (!_lw_import_annotation (ctx, item_id, w, h, label, LW_ANNOTATION_POINT, v + 2 * i, 2, score, where, error))
          return FALSE;
      return TRUE;
    }
  if (strcmp (type, "circle") == 0)
    {
      double poly[2 * CIRCLE_VERTICES], r;
      if (np != 2)
        return invalid (error, where, "a circle needs its centre and one rim point");
      r = hypot (v[2] - v[0], v[3] - v[1]);
      if (r <= 0)
        return invalid (error, where, "a circle needs a positive radius");
      for (guint i = 0; i < CIRCLE_VERTICES; i++)
        {
          double a = 2 * G_PI * i / CIRCLE_VERTICES;
          poly[2 * i] = v[0] + r * cos (a);
          poly[2 * i + 1] = v[1] + r * sin (a);
        }
      return _lw_import_annotation (ctx, item_id, w, h, label, LW_ANNOTATION_POLYGON, poly,
                                    2 * CIRCLE_VERTICES, score, where, error);
    }
  g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_UNSUPPORTED,
               "%s: shape_type “%s” is not supported (expected polygon, rectangle, line, linestrip, "
               "point, points or circle)", where, type);
  return FALSE;
}

gboolean
_lw_labelme_read (LwImportCtx *ctx, const char *path, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *dir = g_path_get_dirname (path);
  GError *local = NULL;
  JsonNode *root;
  JsonObject *obj;
  JsonNode *shapes, *flags;
  const char *image_path;
  gint64 item_id;
  int w, h;

  {
    g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
    if (mapped != NULL && _lw_json_too_deep (g_mapped_file_get_contents (mapped),
                                             g_mapped_file_get_length (mapped)))
      {
        g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                     "%s: not valid JSON here: arrays and objects nest deeper than %d levels",
                     path, LW_JSON_MAX_NESTING);
        return FALSE;
      }
  }
  if (!json_parser_load_from_mapped_file (parser, path, &local))
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE, "%s: not valid JSON: %s", path, local->message);
      g_error_free (local);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, path, "expected a labelme JSON object");
  obj = json_node_get_object (root);
  image_path = _lw_json_string (obj, "imagePath", NULL);
  shapes = json_object_get_member (obj, "shapes");
  if (image_path == NULL || shapes == NULL || !JSON_NODE_HOLDS_ARRAY (shapes))
    return invalid (error, path, "expected \"imagePath\" and a \"shapes\" list");
  {
    g_autofree char *where = g_strdup_printf ("%s: imagePath", path);
    item_id = _lw_import_image_ref (ctx, dir, image_path, NULL, where, &w, &h, error);
  }
  if (item_id == 0)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (shapes)); i++)
    {
      JsonNode *el = json_array_get_element (json_node_get_array (shapes), i);
      g_autofree char *where = g_strdup_printf ("%s: shapes[%u]", path, i);
      if (!JSON_NODE_HOLDS_OBJECT (el))
        return invalid (error, where, "expected an object");
      if (!read_shape (ctx, json_node_get_object (el), item_id, w, h, where, error))
        return FALSE;
    }
  flags = json_object_get_member (obj, "flags");
  if (flags && JSON_NODE_HOLDS_OBJECT (flags))
    {
      JsonObject *fo = json_node_get_object (flags);
      g_autoptr(GList) names = json_object_get_members (fo);
      g_autofree char *where = g_strdup_printf ("%s: flags", path);
      for (GList *l = names; l; l = l->next)
        {
          JsonNode *n = json_object_get_member (fo, l->data);
          if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN &&
              json_node_get_boolean (n) &&
              !_lw_import_annotation (ctx, item_id, w, h, l->data, LW_ANNOTATION_TAG, NULL, 0, NAN,
                                      where, error))
            return FALSE;
        }
    }
  return TRUE;
}
