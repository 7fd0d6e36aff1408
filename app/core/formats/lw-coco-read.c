/* lw-coco-read.c: COCO detection, segmentation (polygons) and keypoints, and results lists */
#define G_LOG_DOMAIN "lw-coco-read"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "lw-error.h"
#include "lw-item.h"
#include "lw-read-private.h"

static gboolean
fail (GError **error, int code, const char *path, const char *json_path, const char *what)
{
  g_set_error (error, LW_IMPORT_ERROR, code, "%s: %s: %s", path, json_path, what);
  return FALSE;
}

static gboolean
get_int (JsonObject *o, const char *member, gint64 *out)
{
  JsonNode *n = json_object_get_member (o, member);
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    *out = json_node_get_int (n);
  else if (json_node_get_value_type (n) == G_TYPE_DOUBLE && json_node_get_double (n) == floor (json_node_get_double (n)))
    *out = (gint64) json_node_get_double (n);
  else
    return FALSE;
  return TRUE;
}

static gboolean
is_number (JsonNode *n)
{
  return n && JSON_NODE_HOLDS_VALUE (n) &&
         (json_node_get_value_type (n) == G_TYPE_INT64 || json_node_get_value_type (n) == G_TYPE_DOUBLE);
}

/* Numbers of a JSON array into a new GArray of double, or NULL if any is not a number. */
static GArray *
numbers (JsonArray *arr)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *n = json_array_get_element (arr, i);
      double v;
      if (!is_number (n))
        return NULL;
      v = json_node_get_double (n);
      g_array_append_val (out, v);
    }
  return g_steal_pointer (&out);
}

static gboolean
read_categories (LwImportCtx *ctx, JsonObject *root, const char *path, GError **error)
{
  JsonNode *node = json_object_get_member (root, "categories");
  JsonArray *arr;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, LW_IMPORT_ERROR_INVALID, path, "categories", "expected a list of categories");
  arr = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *el = json_array_get_element (arr, i);
      g_autofree char *jp = g_strdup_printf ("categories[%u]", i);
      JsonObject *o;
      gint64 id;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (el))
        return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, "expected an object");
      o = json_node_get_object (el);
      name = _lw_json_string (o, "name", NULL);
      if (!get_int (o, "id", &id) || name == NULL || *name == '\0')
        return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, "expected an integer \"id\" and a \"name\"");
      if (g_hash_table_contains (ctx->coco_categories, &id))
        return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, "duplicate category id");
      g_hash_table_insert (ctx->coco_categories, g_memdup2 (&id, sizeof id), g_strdup (name));
    }
  return TRUE;
}

static gboolean
read_images (LwImportCtx *ctx, JsonObject *root, const char *path, const char *dir, GError **error)
{
  JsonNode *node = json_object_get_member (root, "images");
  JsonArray *arr;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, LW_IMPORT_ERROR_INVALID, path, "images", "expected a list of images");
  arr = json_node_get_array (node);
  n = json_array_get_length (arr);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *el = json_array_get_element (arr, i);
      g_autofree char *jp = g_strdup_printf ("%s: images[%u]", path, i);
      JsonObject *o;
      const char *file_name;
      gint64 id, item_id;
      int w = 0, h = 0;
      gint64 packed;

      if (!JSON_NODE_HOLDS_OBJECT (el))
        return fail (error, LW_IMPORT_ERROR_INVALID, path, jp + strlen (path) + 2, "expected an object");
      o = json_node_get_object (el);
      file_name = _lw_json_string (o, "file_name", NULL);
      if (!get_int (o, "id", &id) || file_name == NULL)
        return fail (error, LW_IMPORT_ERROR_INVALID, path, jp + strlen (path) + 2,
                     "expected an integer \"id\" and a \"file_name\"");
      /* a second image with the id would silently take the first one's annotations */
      if (g_hash_table_contains (ctx->coco_images, &id))
        return fail (error, LW_IMPORT_ERROR_INVALID, path, jp + strlen (path) + 2, "duplicate image id");
      {
        /* Our own export writes images/<split>/<file> with the split in the file's name. */
        g_autofree char *base = g_path_get_basename (path);
        const char *split = NULL;
        if (g_str_has_prefix (base, "instances_") && g_str_has_suffix (base, ".json"))
          {
            base[strlen (base) - 5] = '\0';
            split = base + strlen ("instances_");
          }
        item_id = _lw_import_image_ref (ctx, dir, file_name, split, jp, &w, &h, error);
      }
      if (item_id == 0)
        return FALSE;
      packed = ((gint64) w << 32) | (guint32) h;
      g_hash_table_insert (ctx->coco_images, g_memdup2 (&id, sizeof id), g_memdup2 (&item_id, sizeof item_id));
      g_hash_table_insert (ctx->coco_sizes, g_memdup2 (&item_id, sizeof item_id), g_memdup2 (&packed, sizeof packed));
      _lw_import_progress (ctx, (double) (i + 1) / n * 0.5, file_name);
    }
  return TRUE;
}

static gboolean
read_annotation (LwImportCtx *ctx, JsonObject *o, const char *path, const char *jp, GError **error)
{
  gint64 image_id, category_id, *item_id, *packed;
  const char *class_name;
  JsonNode *bbox = json_object_get_member (o, "bbox");
  JsonNode *seg = json_object_get_member (o, "segmentation");
  JsonNode *kps = json_object_get_member (o, "keypoints");
  JsonNode *score_node = json_object_get_member (o, "score");
  double score = NAN;
  int w, h;
  gboolean any = FALSE;
  g_autofree char *where = g_strdup_printf ("%s: %s", path, jp);

  if (!get_int (o, "image_id", &image_id) || !get_int (o, "category_id", &category_id))
    return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, "expected integer \"image_id\" and \"category_id\"");
  item_id = g_hash_table_lookup (ctx->coco_images, &image_id);
  if (item_id == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("image_id %" G_GINT64_FORMAT " is not in \"images\"", image_id);
      return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, msg);
    }
  class_name = g_hash_table_lookup (ctx->coco_categories, &category_id);
  if (class_name == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("category_id %" G_GINT64_FORMAT " is not in \"categories\"", category_id);
      return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, msg);
    }
  packed = g_hash_table_lookup (ctx->coco_sizes, item_id);
  w = packed ? (int) (*packed >> 32) : 0;
  h = packed ? (int) (guint32) *packed : 0;
  if (score_node)
    {
      if (!is_number (score_node))
        return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, "expected \"score\" to be a number");
      score = json_node_get_double (score_node);
    }

  if (seg && JSON_NODE_HOLDS_OBJECT (seg))
    return fail (error, LW_IMPORT_ERROR_UNSUPPORTED, path, jp,
                 "RLE masks are not supported; convert them to polygons first "
                 "(for example with pycocotools and OpenCV's findContours)");
  if (seg && JSON_NODE_HOLDS_ARRAY (seg) && json_array_get_length (json_node_get_array (seg)) > 0)
    {
      JsonArray *polys = json_node_get_array (seg);
      /* Some tools write one flat polygon instead of a list of polygons. */
      gboolean flat = is_number (json_array_get_element (polys, 0));
      guint n_polys = flat ? 1 : json_array_get_length (polys);
      for (guint i = 0; i < n_polys; i++)
        {
          JsonNode *p = flat ? seg : json_array_get_element (polys, i);
          g_autoptr(GArray) v = JSON_NODE_HOLDS_ARRAY (p) ? numbers (json_node_get_array (p)) : NULL;
          if (v == NULL || v->len % 2 != 0 || v->len < 6)
            return fail (error, LW_IMPORT_ERROR_INVALID, path, jp,
                         "expected \"segmentation\" polygons of an even count of at least 6 numbers");
          if (!_lw_import_annotation (ctx, *item_id, w, h, class_name, LW_ANNOTATION_POLYGON,
                                      (double *) v->data, v->len, score, where, error))
            return FALSE;
          any = TRUE;
        }
    }
  if (kps && JSON_NODE_HOLDS_ARRAY (kps) && json_array_get_length (json_node_get_array (kps)) > 0)
    {
      g_autoptr(GArray) v = numbers (json_node_get_array (kps));
      if (v == NULL || v->len % 3 != 0)
        return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, "expected \"keypoints\" as [x, y, v] * K");
      if (!_lw_import_annotation (ctx, *item_id, w, h, class_name, LW_ANNOTATION_KEYPOINTS,
                                  (double *) v->data, v->len, score, where, error))
        return FALSE;
      any = TRUE;
    }
  if (!any || (kps && bbox))
    {
      g_autoptr(GArray) v = bbox && JSON_NODE_HOLDS_ARRAY (bbox) ? numbers (json_node_get_array (bbox)) : NULL;
      if (v == NULL || v->len != 4)
        return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, "expected \"bbox\" as [x, y, w, h]");
      if (!_lw_import_annotation (ctx, *item_id, w, h, class_name, LW_ANNOTATION_BBOX,
                                  (double *) v->data, 4, score, where, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_annotations (LwImportCtx *ctx, JsonArray *arr, const char *path, const char *prefix, GError **error)
{
  guint n = json_array_get_length (arr);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *el = json_array_get_element (arr, i);
      g_autofree char *jp = g_strdup_printf ("%s[%u]", prefix, i);

      if (i % 1024 == 0)
        {
          if (!_lw_import_check_cancel (ctx, error))
            return FALSE;
          _lw_import_progress (ctx, 0.5 + 0.5 * i / n, path);
        }
      if (!JSON_NODE_HOLDS_OBJECT (el))
        return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, "expected an object");
      if (!read_annotation (ctx, json_node_get_object (el), path, jp, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_lw_coco_read (LwImportCtx *ctx, const char *path, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *dir = g_path_get_dirname (path);
  GError *local = NULL;
  JsonNode *root;
  JsonObject *obj;
  JsonNode *anns;

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
  if (root && JSON_NODE_HOLDS_ARRAY (root))
    {
      /* A results list only holds ids: they refer to the dataset file imported before it. */
      if (g_hash_table_size (ctx->coco_images) == 0 || g_hash_table_size (ctx->coco_categories) == 0)
        return fail (error, LW_IMPORT_ERROR_INVALID, path, "$",
                     "a COCO results list needs the dataset's COCO file (images, categories) "
                     "given before it in the same import");
      return read_annotations (ctx, json_node_get_array (root), path, "$", error);
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, LW_IMPORT_ERROR_INVALID, path, "$", "expected a COCO object or a results list");
  obj = json_node_get_object (root);
  /* ids are per file: a second file may reuse them */
  g_hash_table_remove_all (ctx->coco_images);
  g_hash_table_remove_all (ctx->coco_categories);
  if (!read_categories (ctx, obj, path, error) || !read_images (ctx, obj, path, dir, error))
    return FALSE;
  anns = json_object_get_member (obj, "annotations");
  if (anns == NULL)
    return TRUE;   /* images only (an unlabelled test split) */
  if (!JSON_NODE_HOLDS_ARRAY (anns))
    return fail (error, LW_IMPORT_ERROR_INVALID, path, "annotations", "expected a list");
  return read_annotations (ctx, json_node_get_array (anns), path, "annotations", error);
}
