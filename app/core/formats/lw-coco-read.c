/* lw-coco-read.c: COCO detection, segmentation (polygons, RLE masks as polygons) and keypoints,
 * and results lists */
#define G_LOG_DOMAIN "lw-coco-read"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "lw-error.h"
#include "lw-item.h"
#include "lw-json-scan.h"
#include "lw-read-private.h"
#include "lw-rle.h"

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
read_category (LwImportCtx *ctx, JsonObject *o, const char *path, const char *jp, GError **error)
{
  gint64 id;
  const char *name = _lw_json_string (o, "name", NULL);

  if (!get_int (o, "id", &id) || name == NULL || *name == '\0')
    return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, "expected an integer \"id\" and a \"name\"");
  if (g_hash_table_contains (ctx->coco_categories, &id))
    return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, "duplicate category id");
  g_hash_table_insert (ctx->coco_categories, g_memdup2 (&id, sizeof id), g_strdup (name));
  return TRUE;
}

static gboolean
read_image (LwImportCtx *ctx, JsonObject *o, const char *path, const char *jp, GError **error)
{
  g_autofree char *where = g_strdup_printf ("%s: %s", path, jp);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  const char *file_name = _lw_json_string (o, "file_name", NULL);
  const char *split = NULL;
  gint64 id, item_id, packed;
  int w = 0, h = 0;

  if (!get_int (o, "id", &id) || file_name == NULL)
    return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, "expected an integer \"id\" and a \"file_name\"");
  /* a second image with the id would silently take the first one's annotations */
  if (g_hash_table_contains (ctx->coco_images, &id))
    return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, "duplicate image id");
  /* Our own export writes images/<split>/<file> with the split in the file's name. */
  if (g_str_has_prefix (base, "instances_") && g_str_has_suffix (base, ".json"))
    {
      base[strlen (base) - 5] = '\0';
      split = base + strlen ("instances_");
    }
  item_id = _lw_import_image_ref (ctx, dir, file_name, split, where, &w, &h, error);
  if (item_id == 0)
    return FALSE;
  packed = ((gint64) w << 32) | (guint32) h;
  g_hash_table_insert (ctx->coco_images, g_memdup2 (&id, sizeof id), g_memdup2 (&item_id, sizeof item_id));
  g_hash_table_insert (ctx->coco_sizes, g_memdup2 (&item_id, sizeof item_id), g_memdup2 (&packed, sizeof packed));
  return TRUE;
}

/* Largest RLE mask decoded: the regions are labelled in 4 bytes a pixel (256 MB here). */
#define RLE_MAX_PIXELS G_GUINT64_CONSTANT (64000000)

static gboolean
rle_fail (GError **error, const char *path, const char *jp, JsonObject *ann, const char *what)
{
  gint64 id;
  g_autofree char *msg = get_int (ann, "id", &id)
    ? g_strdup_printf ("annotation id %" G_GINT64_FORMAT ": RLE \"segmentation\": %s", id, what)
    : g_strdup_printf ("RLE \"segmentation\": %s", what);
  return fail (error, LW_IMPORT_ERROR_INVALID, path, jp, msg);
}

/* A run-length mask ({"size": [h, w], "counts": [...] or "compressed"}, pycocotools' form
 * for iscrowd regions) as the outlines of its regions. */
static GPtrArray *
rle_polygons (LwImportCtx *ctx, JsonObject *ann, JsonObject *rle, int w, int h,
              const char *path, const char *jp, GError **error)
{
  JsonNode *size = json_object_get_member (rle, "size");
  JsonNode *counts = json_object_get_member (rle, "counts");
  g_autoptr(GArray) sz = size && JSON_NODE_HOLDS_ARRAY (size) ? numbers (json_node_get_array (size)) : NULL;
  g_autoptr(GArray) runs = NULL;
  g_autofree char *what = NULL;
  GPtrArray *polys;
  double rh, rw;

  if (sz == NULL || sz->len != 2 ||
      (rh = g_array_index (sz, double, 0)) < 1 || (rw = g_array_index (sz, double, 1)) < 1 ||
      rh != floor (rh) || rw != floor (rw))
    {
      rle_fail (error, path, jp, ann, "expected \"size\" as [height, width]");
      return NULL;
    }
  if (w > 0 && h > 0 && (rw != w || rh != h))
    {
      g_autofree char *msg = g_strdup_printf ("\"size\" [%g, %g] is not the image's [%d, %d] "
                                              "([height, width])", rh, rw, h, w);
      rle_fail (error, path, jp, ann, msg);
      return NULL;
    }
  if (rh * rw > (double) MIN (ctx->opts.max_pixels, RLE_MAX_PIXELS))
    {
      g_autofree char *msg = g_strdup_printf ("a %g x %g mask is larger than %" G_GUINT64_FORMAT
                                              " pixels", rw, rh, MIN (ctx->opts.max_pixels, RLE_MAX_PIXELS));
      rle_fail (error, path, jp, ann, msg);
      return NULL;
    }
  if (counts && JSON_NODE_HOLDS_VALUE (counts) && json_node_get_value_type (counts) == G_TYPE_STRING)
    {
      runs = _lw_rle_counts_from_string (json_node_get_string (counts), &what);
      if (runs == NULL)
        {
          rle_fail (error, path, jp, ann, what);
          return NULL;
        }
    }
  else if (counts && JSON_NODE_HOLDS_ARRAY (counts))
    {
      g_autoptr(GArray) v = numbers (json_node_get_array (counts));
      runs = g_array_new (FALSE, FALSE, sizeof (guint32));
      for (guint i = 0; v != NULL && i < v->len; i++)
        {
          double c = g_array_index (v, double, i);
          guint32 u = (guint32) c;
          if (c < 0 || c != floor (c) || c > G_MAXUINT32)
            g_clear_pointer (&v, g_array_unref);
          else
            g_array_append_val (runs, u);
        }
      if (v == NULL)
        {
          rle_fail (error, path, jp, ann, "expected \"counts\" as whole numbers of at least 0");
          return NULL;
        }
    }
  else
    {
      rle_fail (error, path, jp, ann, "expected \"counts\" as a list of run lengths or a compressed string");
      return NULL;
    }
  /* one pixel: the stairs of a slanted edge (corners 0.71 px off its line) become one side */
  polys = _lw_rle_to_polygons ((const guint32 *) runs->data, runs->len, (guint) rh, (guint) rw, 1.0, &what);
  if (polys == NULL)
    rle_fail (error, path, jp, ann, what);
  return polys;
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
    {
      g_autoptr(GPtrArray) polys = rle_polygons (ctx, o, json_node_get_object (seg), w, h, path, jp, error);
      if (polys == NULL)
        return FALSE;
      for (guint i = 0; i < polys->len; i++)
        {
          GArray *v = polys->pdata[i];
          if (!_lw_import_annotation (ctx, *item_id, w, h, class_name, LW_ANNOTATION_POLYGON,
                                      (double *) v->data, v->len, score, where, error))
            return FALSE;
          any = TRUE;
        }
    }
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

typedef gboolean (*ElementFunc) (LwImportCtx *ctx, JsonObject *o, const char *path,
                                 const char *jp, GError **error);

/* Each element of the array at [start, end) of @t, parsed on its own: memory holds one
 * element's tree, not the document's. Progress runs from @p0 to @p1 with the offset. */
static gboolean
for_each_element (LwImportCtx *ctx, LwJsonText *t, gsize start, gsize end, const char *name,
                  const char *expected, double p0, double p1, ElementFunc one, GError **error)
{
  LwJsonIter it;
  gsize s, e;
  int r;

  if (t->data[start] != '[')
    return fail (error, LW_IMPORT_ERROR_INVALID, t->path, name, expected);
  if (!_lw_json_iter_init (t, &it, start, '[', error))
    return FALSE;
  while ((r = _lw_json_array_next (t, &it, &s, &e, error)) == 1)
    {
      g_autofree char *jp = g_strdup_printf ("%s[%u]", name, it.index - 1);
      JsonNode *node;

      if (it.index % 1024 == 1)
        {
          if (!_lw_import_check_cancel (ctx, error))
            return FALSE;
          _lw_import_progress (ctx, p0 + (p1 - p0) * (double) (s - start) / (double) (end - start),
                               t->path);
          _lw_json_text_release (t, s);
        }
      if (t->data[s] != '{')
        return fail (error, LW_IMPORT_ERROR_INVALID, t->path, jp, "expected an object");
      node = _lw_json_parse_slice (t, s, e, jp, error);
      if (node == NULL || !one (ctx, json_node_get_object (node), t->path, jp, error))
        return FALSE;
    }
  return r == 0;
}

/* A member the reader does not use is still checked, an array one element at a time. */
static gboolean
check_other (LwJsonText *t, const char *key, gsize start, gsize end, GError **error)
{
  LwJsonIter it;
  gsize s, e;
  int r;

  if (t->data[start] != '[')
    return _lw_json_parse_slice (t, start, end, key, error) != NULL;
  if (!_lw_json_iter_init (t, &it, start, '[', error))
    return FALSE;
  while ((r = _lw_json_array_next (t, &it, &s, &e, error)) == 1)
    {
      g_autofree char *jp = g_strdup_printf ("%s[%u]", key, it.index - 1);
      if (_lw_json_parse_slice (t, s, e, jp, error) == NULL)
        return FALSE;
      _lw_json_text_release (t, s);
    }
  return r == 0;
}

typedef struct {
  gboolean found;
  gsize    start, end;
} Extent;

/* The COCO file is read in two passes over a mapped file: the first finds where the
 * top-level members are (the order varies: pycocotools' own files put "categories" last)
 * and checks the others; the second parses categories, images, then annotations, one
 * element at a time. A tree of the whole document took ~2 KB per annotation (1,956 MB at
 * 1,000,000 boxes, docs/benchmarks.md). */
static gboolean
read_dataset (LwImportCtx *ctx, LwJsonText *t, gsize root, GError **error)
{
  Extent cats = { 0 }, imgs = { 0 }, anns = { 0 };
  LwJsonIter it;
  gsize s, e;
  int r;

  if (!_lw_json_iter_init (t, &it, root, '{', error))
    return FALSE;
  for (;;)
    {
      g_autofree char *key = NULL;
      Extent *x = NULL;

      r = _lw_json_object_next (t, &it, &key, &s, &e, error);
      if (r <= 0)
        break;
      if (strcmp (key, "categories") == 0)
        x = &cats;
      else if (strcmp (key, "images") == 0)
        x = &imgs;
      else if (strcmp (key, "annotations") == 0)
        x = &anns;
      if (x != NULL)
        *x = (Extent) { TRUE, s, e };
      else if (!check_other (t, key, s, e, error))
        return FALSE;
      _lw_json_text_release (t, e);
    }
  if (r < 0)
    return FALSE;
  if (_lw_json_skip_ws (t, it.pos) != t->len)
    return _lw_json_fail_at (t, _lw_json_skip_ws (t, it.pos), error, "text after the end of the document");
  _lw_json_text_release_all (t);

  if (!cats.found)
    return fail (error, LW_IMPORT_ERROR_INVALID, t->path, "categories", "expected a list of categories");
  if (!imgs.found)
    return fail (error, LW_IMPORT_ERROR_INVALID, t->path, "images", "expected a list of images");
  /* ids are per file: a second file may reuse them */
  g_hash_table_remove_all (ctx->coco_images);
  g_hash_table_remove_all (ctx->coco_categories);
  if (!for_each_element (ctx, t, cats.start, cats.end, "categories", "expected a list of categories",
                         0, 0, read_category, error) ||
      !for_each_element (ctx, t, imgs.start, imgs.end, "images", "expected a list of images",
                         0, 0.5, read_image, error))
    return FALSE;
  if (!anns.found)
    return TRUE;   /* images only (an unlabelled test split) */
  return for_each_element (ctx, t, anns.start, anns.end, "annotations", "expected a list",
                           0.5, 1, read_annotation, error);
}

gboolean
_lw_coco_read (LwImportCtx *ctx, const char *path, GError **error)
{
  LwJsonText t;
  gsize root, end;
  gboolean ok = FALSE;

  if (!_lw_json_text_open (&t, path, error))
    goto out;
  root = _lw_json_skip_ws (&t, 0);
  if (t.data[root] == '[')
    {
      /* A results list only holds ids: they refer to the dataset file imported before it. */
      if (g_hash_table_size (ctx->coco_images) == 0 || g_hash_table_size (ctx->coco_categories) == 0)
        {
          fail (error, LW_IMPORT_ERROR_INVALID, path, "$",
                "a COCO results list needs the dataset's COCO file (images, categories) "
                "given before it in the same import");
          goto out;
        }
      if (!_lw_json_value_end (&t, root, &end, error))
        goto out;
      if (_lw_json_skip_ws (&t, end) != t.len)
        {
          _lw_json_fail_at (&t, _lw_json_skip_ws (&t, end), error, "text after the end of the document");
          goto out;
        }
      _lw_json_text_release_all (&t);
      ok = for_each_element (ctx, &t, root, end, "$", "expected a list", 0, 1, read_annotation, error);
    }
  else if (t.data[root] == '{')
    ok = read_dataset (ctx, &t, root, error);
  else
    fail (error, LW_IMPORT_ERROR_INVALID, path, "$", "expected a COCO object or a results list");
out:
  _lw_json_text_close (&t);
  return ok;
}
