/* lw-yolo-read.c: YOLO detection, segmentation, OBB and pose labels with data.yaml or classes.txt */
#define G_LOG_DOMAIN "lw-yolo-read"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lw-error.h"
#include "lw-schema.h"
#include "lw-read-private.h"

/* YOLO values may overshoot [0, 1] by this much (ultralytics' own tolerance). */
#define YOLO_TOLERANCE 0.01

static char *
unquote (const char *s)
{
  g_autofree char *t = g_strstrip (g_strdup (s));
  gsize n = strlen (t);
  if (n >= 2 && ((t[0] == '\'' && t[n - 1] == '\'') || (t[0] == '"' && t[n - 1] == '"')))
    return g_strndup (t + 1, n - 2);
  return g_steal_pointer (&t);
}

static gboolean
names_add (GPtrArray *names, const char *key, const char *value, const char *where, GError **error)
{
  g_autofree char *name = unquote (value);
  char *endp;
  long idx;

  if (*name == '\0')
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE, "%s: empty class name", where);
      return FALSE;
    }
  if (key == NULL)
    {
      g_ptr_array_add (names, g_steal_pointer (&name));
      return TRUE;
    }
  idx = strtol (key, &endp, 10);
  while (*endp == ' ')
    endp++;
  if (*endp != '\0' || idx < 0 || idx > 100000)
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                   "%s: expected “INDEX: name” in names, got key “%s”", where, key);
      return FALSE;
    }
  if ((guint) idx >= names->len)
    g_ptr_array_set_size (names, idx + 1);
  g_free (names->pdata[idx]);
  names->pdata[idx] = g_steal_pointer (&name);
  return TRUE;
}

/* "kpt_shape: [K, 2|3]" (pose datasets). */
static gboolean
parse_kpt_shape (const char *value, const char *where, int *kpt_k, int *kpt_dims, GError **error)
{
  int k = 0, d = 0;
  char end = 0;

  if (sscanf (value, " [ %d , %d %c", &k, &d, &end) != 3 || end != ']' || k < 1 || k > 1000 ||
      (d != 2 && d != 3))
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                   "%s: expected “kpt_shape: [K, 2]” or “[K, 3]” with K keypoints", where);
      return FALSE;
    }
  *kpt_k = k;
  *kpt_dims = d;
  return TRUE;
}

/* Enough YAML for data.yaml: "names:" as a flow list, a flow map, a block list or a block map,
 * "nc:" and "kpt_shape:". Anything else in the file is ignored. */
static GPtrArray *
read_data_yaml (const char *path, int *kpt_k, int *kpt_dims, GError **error)
{
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean in_names = FALSE, seen = FALSE;
  long nc = -1;

  if (!g_file_get_contents (path, &data, NULL, error))
    return NULL;
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s:%u", path, i + 1);
      char *line = lines[i];
      char *hash = strstr (line, " #");
      gboolean indented = line[0] == ' ' || line[0] == '\t' || line[0] == '-';

      if (hash)
        *hash = '\0';
      g_strchomp (line);
      if (line[strspn (line, " \t")] == '\0')
        continue;
      if (in_names && indented)
        {
          char *t = g_strstrip (line);
          if (t[0] == '-')
            {
              if (!names_add (names, NULL, t + 1, where, error))
                return NULL;
            }
          else
            {
              char *colon = strchr (t, ':');
              if (colon == NULL)
                {
                  g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                               "%s: expected “- name” or “INDEX: name” under names", where);
                  return NULL;
                }
              *colon = '\0';
              if (!names_add (names, t, colon + 1, where, error))
                return NULL;
            }
          continue;
        }
      in_names = FALSE;
      if (g_str_has_prefix (line, "nc:"))
        nc = strtol (line + 3, NULL, 10);
      else if (g_str_has_prefix (line, "kpt_shape:"))
        {
          if (!parse_kpt_shape (line + strlen ("kpt_shape:"), where, kpt_k, kpt_dims, error))
            return NULL;
        }
      else if (g_str_has_prefix (line, "names:"))
        {
          char *v = g_strstrip (line + 6);
          seen = TRUE;
          if (*v == '\0')
            in_names = TRUE;
          else if (*v == '[' || *v == '{')
            {
              gboolean map = *v == '{';
              gsize n = strlen (v);
              g_auto(GStrv) parts = NULL;
              if (v[n - 1] != (map ? '}' : ']'))
                {
                  g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                               "%s: names: the list must end on the same line", where);
                  return NULL;
                }
              v[n - 1] = '\0';
              parts = g_strsplit (v + 1, ",", -1);
              for (guint k = 0; parts[k]; k++)
                {
                  char *colon;
                  if (*g_strstrip (parts[k]) == '\0')
                    continue;
                  colon = map ? strchr (parts[k], ':') : NULL;
                  if (map && colon == NULL)
                    {
                      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                                   "%s: expected “INDEX: name” in names", where);
                      return NULL;
                    }
                  if (colon)
                    *colon = '\0';
                  if (!names_add (names, map ? parts[k] : NULL, map ? colon + 1 : parts[k], where, error))
                    return NULL;
                }
            }
          else
            {
              g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                           "%s: expected names as a list or a map", where);
              return NULL;
            }
        }
    }
  for (guint i = 0; i < names->len; i++)
    if (names->pdata[i] == NULL)
      {
        g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE, "%s: names: index %u is missing", path, i);
        return NULL;
      }
  if (!seen || names->len == 0)
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID, "%s: expected a “names” list", path);
      return NULL;
    }
  if (nc >= 0 && (guint) nc != names->len)
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                   "%s: nc is %ld but names has %u entries", path, nc, names->len);
      return NULL;
    }
  return g_steal_pointer (&names);
}

static GPtrArray *
read_classes_txt (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_get_contents (path, &data, NULL, error))
    return NULL;
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (*g_strstrip (lines[i]) != '\0')
      g_ptr_array_add (names, g_strdup (lines[i]));
  if (names->len == 0)
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID, "%s: no class names", path);
      return NULL;
    }
  return g_steal_pointer (&names);
}

/* …/images/<split>/x.jpg -> …/labels/<split>/x.txt (the last /images/ replaced). */
static char *
label_path_for (const char *image)
{
  g_autofree char *stem = g_strdup (image);
  char *dot = strrchr (stem, '.');
  char *slash = strrchr (stem, '/');
  const char *last = NULL;
  GString *out;

  if (dot && (!slash || dot > slash))
    *dot = '\0';
  for (const char *p = strstr (stem, "/images/"); p; p = strstr (p + 1, "/images/"))
    last = p;
  out = g_string_new (NULL);
  if (last)
    {
      g_string_append_len (out, stem, last - stem);
      g_string_append (out, "/labels/");
      g_string_append (out, last + strlen ("/images/"));
    }
  else
    g_string_append (out, stem);
  g_string_append (out, ".txt");
  return g_string_free (out, FALSE);
}

/* A pose row (box, then kpt_k keypoints of kpt_dims values, normalised) as the keypoints
 * annotation our YOLO export writes it from: the row's box is the keypoints' bounds there, so
 * it is only kept (as a box of its own) when it says more; a row without labelled keypoints
 * is the export's padded form of a plain box. */
static gboolean
read_pose_row (LwImportCtx *ctx, const char *class_name, const double *v, int kpt_k, int kpt_dims,
               gint64 item_id, int width, int height, double score, const char *where, GError **error)
{
  double box[4] = { (v[0] - v[2] / 2) * width, (v[1] - v[3] / 2) * height, v[2] * width, v[3] * height };
  g_autofree double *kp = g_new (double, 3 * kpt_k);
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  guint n_kept = (guint) kpt_k;
  LwLabelClass *klass;

  for (int k = 0; k < kpt_k; k++)
    {
      const double *p = v + 4 + k * kpt_dims;
      kp[3 * k] = p[0] * width;
      kp[3 * k + 1] = p[1] * height;
      /* without a visibility column ultralytics takes (0, 0) for "not labelled" */
      kp[3 * k + 2] = kpt_dims == 3 ? p[2] : (p[0] == 0 && p[1] == 0 ? 0 : 2);
      if (kp[3 * k + 2] != 0 && kp[3 * k + 2] != 1 && kp[3 * k + 2] != 2)
        {
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                       "%s: keypoint %d has visibility %g (expected 0, 1 or 2)", where, k + 1, p[2]);
          return FALSE;
        }
      if (kp[3 * k + 2] != 0)
        {
          x0 = MIN (x0, kp[3 * k]); x1 = MAX (x1, kp[3 * k]);
          y0 = MIN (y0, kp[3 * k + 1]); y1 = MAX (y1, kp[3 * k + 1]);
        }
    }
  if (x0 > x1)
    return _lw_import_annotation (ctx, item_id, width, height, class_name, LW_ANNOTATION_BBOX,
                                  box, 4, score, where, error);

  /* the export pads every row to the largest class's keypoint count */
  klass = g_hash_table_lookup (ctx->classes, class_name);
  if (klass == NULL)
    klass = lw_project_find_class (ctx->project, class_name);
  else
    klass = lw_label_class_copy (klass);
  if (klass && klass->keypoints && g_strv_length (klass->keypoints) < n_kept)
    {
      guint nk = g_strv_length (klass->keypoints);
      for (guint k = nk; k < n_kept; k++)
        if (kp[3 * k + 2] != 0)
          {
            g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                         "%s: keypoint %u is labelled, but class “%s” has %u keypoints",
                         where, k + 1, class_name, nk);
            lw_label_class_free (klass);
            return FALSE;
          }
      n_kept = nk;
    }
  g_clear_pointer (&klass, lw_label_class_free);
  if (!_lw_import_annotation (ctx, item_id, width, height, class_name, LW_ANNOTATION_KEYPOINTS,
                              kp, 3 * n_kept, score, where, error))
    return FALSE;
  /* the six decimals of a normalised value are a few thousandths of a pixel */
  if (fabs (box[0] - x0) > 0.05 || fabs (box[1] - y0) > 0.05 ||
      fabs (box[0] + box[2] - x1) > 0.05 || fabs (box[1] + box[3] - y1) > 0.05)
    return _lw_import_annotation (ctx, item_id, width, height, class_name, LW_ANNOTATION_BBOX,
                                  box, 4, score, where, error);
  return TRUE;
}

static gboolean
read_label_file (LwImportCtx *ctx, GPtrArray *names, int kpt_k, int kpt_dims, const char *path,
                 gint64 item_id, int width, int height, GError **error)
{
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!g_file_get_contents (path, &data, NULL, error))
    return FALSE;
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s:%u", path, i + 1);
      g_auto(GStrv) tok = NULL;
      g_autofree double *v = NULL;
      guint n, nv;
      double score = NAN;
      long cls;
      char *endp;
      const char *class_name;
      LwAnnotationKind kind;
      LwLabelClass *klass = NULL;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      /* duplicate rows are dropped, as ultralytics does */
      if (!g_hash_table_add (seen, g_strdup (lines[i])))
        continue;
      tok = g_strsplit_set (lines[i], " \t", -1);
      n = 0;
      for (guint k = 0; tok[k]; k++)
        if (*tok[k])
          tok[n++] = tok[k];
        else
          g_free (tok[k]);
      tok[n] = NULL;
      cls = strtol (tok[0], &endp, 10);
      if (*endp != '\0' || cls < 0)
        {
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                       "%s: expected a class index, got “%s”", where, tok[0]);
          return FALSE;
        }
      if ((guint) cls >= names->len)
        {
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                       "%s: class index %ld, but only %u classes are named", where, cls, names->len);
          return FALSE;
        }
      class_name = names->pdata[cls];
      nv = n - 1;
      v = g_new0 (double, MAX (nv, 1));
      for (guint k = 0; k < nv; k++)
        {
          v[k] = g_ascii_strtod (tok[k + 1], &endp);
          if (*endp != '\0' || !isfinite (v[k]))
            {
              g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                           "%s: expected a number, got “%s”", where, tok[k + 1]);
              return FALSE;
            }
        }
      if (kpt_k > 0)
        {
          guint want = 4 + (guint) (kpt_k * kpt_dims);
          if (ctx->opts.predictions && nv == want + 1)
            score = v[--nv];
          if (nv != want)
            {
              g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                           "%s: expected “cls cx cy w h” and %d keypoints of %d values "
                           "(kpt_shape in data.yaml)%s: %u values, got %u", where, kpt_k, kpt_dims,
                           ctx->opts.predictions ? " and an optional confidence" : "", want, nv);
              return FALSE;
            }
          for (guint k = 0; k < nv; k++)
            if ((k < 4 || kpt_dims == 2 || (k - 4) % 3 != 2) &&
                (v[k] < -YOLO_TOLERANCE || v[k] > 1 + YOLO_TOLERANCE))
              {
                g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                             "%s: value %u is %g; YOLO coordinates are normalised to [0, 1]", where, k + 2, v[k]);
                return FALSE;
              }
          if (!read_pose_row (ctx, class_name, v, kpt_k, kpt_dims, item_id, width, height, score,
                              where, error))
            return FALSE;
          continue;
        }
      /* Predictions carry a trailing confidence: every row shape has an even value count
       * without it, so an odd count means a score. */
      if (ctx->opts.predictions && nv % 2 == 1)
        score = v[--nv];
      if (nv % 2 == 1 || nv < 4)
        {
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                       "%s: expected “cls cx cy w h”, “cls x1 y1 … xn yn” or an OBB row%s, got %u values",
                       where, ctx->opts.predictions ? " with a trailing confidence" : "", nv);
          return FALSE;
        }
      for (guint k = 0; k < nv; k++)
        if (v[k] < -YOLO_TOLERANCE || v[k] > 1 + YOLO_TOLERANCE)
          {
            g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                         "%s: value %u is %g; YOLO coordinates are normalised to [0, 1]", where, k + 2, v[k]);
            return FALSE;
          }
      if (nv == 4)
        {
          double cx = v[0] * width, cy = v[1] * height, w = v[2] * width, h = v[3] * height;
          kind = LW_ANNOTATION_BBOX;
          v[0] = cx - w / 2;
          v[1] = cy - h / 2;
          v[2] = w;
          v[3] = h;
        }
      else
        {
          for (guint k = 0; k < nv; k += 2)
            {
              v[k] *= width;
              v[k + 1] *= height;
            }
          kind = LW_ANNOTATION_POLYGON;
          klass = lw_project_find_class (ctx->project, class_name);
          /* An OBB row (4 corners) becomes a rotated box where the class wants one. */
          if (nv == 8 && klass && lw_label_class_allows (klass, LW_ANNOTATION_RBOX) &&
              !lw_label_class_allows (klass, LW_ANNOTATION_POLYGON))
            {
              double ex = v[2] - v[0], ey = v[3] - v[1], fx = v[6] - v[0], fy = v[7] - v[1];
              double rb[5];
              rb[0] = (v[0] + v[4]) / 2;
              rb[1] = (v[1] + v[5]) / 2;
              rb[2] = sqrt (ex * ex + ey * ey);
              rb[3] = sqrt (fx * fx + fy * fy);
              rb[4] = atan2 (ey, ex);
              memcpy (v, rb, sizeof rb);
              nv = 5;
              kind = LW_ANNOTATION_RBOX;
            }
          g_clear_pointer (&klass, lw_label_class_free);
        }
      if (!_lw_import_annotation (ctx, item_id, width, height, class_name, kind, v, nv, score,
                                  where, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_lw_yolo_read (LwImportCtx *ctx, const char *dir, GError **error)
{
  g_autofree char *yaml = g_build_filename (dir, "data.yaml", NULL);
  g_autofree char *classes_txt = g_build_filename (dir, "classes.txt", NULL);
  g_autofree char *images_dir = g_build_filename (dir, "images", NULL);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) images = NULL;
  int kpt_k = 0, kpt_dims = 0;

  if (g_file_test (yaml, G_FILE_TEST_IS_REGULAR))
    names = read_data_yaml (yaml, &kpt_k, &kpt_dims, error);
  else if (g_file_test (classes_txt, G_FILE_TEST_IS_REGULAR))
    names = read_classes_txt (classes_txt, error);
  else
    g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                 "%s: a YOLO dataset needs data.yaml or classes.txt", dir);
  if (names == NULL)
    return FALSE;
  images = _lw_import_list_files (ctx, g_file_test (images_dir, G_FILE_TEST_IS_DIR) ? images_dir : dir,
                                  _lw_import_is_image_name, error);
  if (images == NULL)
    return FALSE;
  for (guint i = 0; i < images->len; i++)
    {
      const char *image = images->pdata[i];
      g_autofree char *label = label_path_for (image);
      int w, h;
      gint64 item_id = _lw_import_image (ctx, image, &w, &h, error);

      if (item_id == 0)
        return FALSE;
      /* a missing label file means unlabelled */
      if (g_file_test (label, G_FILE_TEST_IS_REGULAR) &&
          !read_label_file (ctx, names, kpt_k, kpt_dims, label, item_id, w, h, error))
        return FALSE;
      _lw_import_progress (ctx, (double) (i + 1) / images->len, image);
    }
  return TRUE;
}
