/* lw-import.c: the import pipeline: sources, media scanning and hashing, and the helpers the
 * format readers share (class mapping, clamping, path resolution) */
#define G_LOG_DOMAIN "lw-import"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "lw-annotation.h"
#include "lw-error.h"
#include "lw-item.h"
#include "lw-project.h"
#include "lw-schema.h"
#include "formats/lw-read-private.h"
#include "model/lw-model-private.h"
#include "store/lw-project-private.h"
#include "lw-import-scan-private.h"

/* SQLite page cache during an import, in KiB */
#define IMPORT_CACHE_KIB 32768

static const char *const format_names[] = {
  "auto", "images", "text", "coco", "yolo", "voc", "labelme", "jsonl", "csv",
};

const char *
lw_import_format_to_string (LwImportFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (format_names), NULL);
  return format_names[format];
}

gboolean
lw_import_format_from_string (const char *str, LwImportFormat *out)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (str, format_names[i]) == 0)
      {
        *out = (LwImportFormat) i;
        return TRUE;
      }
  return FALSE;
}

/* ---- small helpers ---------------------------------------------------------------------- */

static gboolean
has_suffix_ci (const char *name, const char *const *suffixes)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  for (guint i = 0; suffixes[i]; i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;
  return FALSE;
}

gboolean
_lw_import_is_image_name (const char *name)
{
  static const char *const exts[] = { ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp", NULL };
  return has_suffix_ci (name, exts);
}

static gboolean
is_txt_name (const char *name)
{
  static const char *const exts[] = { ".txt", NULL };
  return has_suffix_ci (name, exts);
}

static gboolean
is_json_name (const char *name)
{
  static const char *const exts[] = { ".json", NULL };
  return has_suffix_ci (name, exts);
}

static gboolean
is_xml_name (const char *name)
{
  static const char *const exts[] = { ".xml", NULL };
  return has_suffix_ci (name, exts);
}

static gboolean
is_jsonl_name (const char *name)
{
  static const char *const exts[] = { ".jsonl", NULL };
  return has_suffix_ci (name, exts);
}

static gboolean
is_csv_name (const char *name)
{
  static const char *const exts[] = { ".csv", NULL };
  return has_suffix_ci (name, exts);
}

/* TRUE when @path is @root or inside it (both canonical). */
static gboolean
path_is_under (const char *path, const char *root)
{
  gsize n = strlen (root);
  if (strcmp (root, "/") == 0)
    return TRUE;
  return strncmp (path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static char *
dup_realpath (const char *path)
{
  char buf[PATH_MAX];
  if (realpath (path, buf) == NULL)
    return NULL;
  return g_strdup (buf);
}

gboolean
_lw_import_check_cancel (LwImportCtx *ctx, GError **error)
{
  if (g_cancellable_is_cancelled (ctx->cancellable))
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_CANCELLED, "import cancelled");
      return FALSE;
    }
  return TRUE;
}

void
_lw_import_progress (LwImportCtx *ctx, double fraction, const char *message)
{
  if (ctx->progress)
    ctx->progress (fraction, message, ctx->progress_data);
}

/* ---- files ------------------------------------------------------------------------------ */

/* readdir rather than GDir: its d_type tells files from folders without an lstat (a path
 * lookup) per file, as find does; lstat only for links and file systems that leave it out. */
static gboolean
list_files_rec (LwImportCtx *ctx, const char *dir, gboolean (*want) (const char *),
                GPtrArray *out, int depth, GError **error)
{
  DIR *d;
  struct dirent *de;
  gboolean ok = TRUE;

  if (depth > 64)
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_LIMIT,
                   "%s: folders nested more than 64 deep", dir);
      return FALSE;
    }
  d = opendir (dir);
  if (d == NULL)
    {
      int e = errno;
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_FAILED,
                   "%s: cannot open the folder: %s", dir, g_strerror (e));
      return FALSE;
    }
  while (ok)
    {
      g_autofree char *path = NULL;
      g_autofree char *target = NULL;
      const char *name;
      gboolean is_dir = FALSE, is_reg = FALSE;
      GStatBuf st;

      errno = 0;
      de = readdir (d);
      if (de == NULL)
        {
          int e = errno;
          if (e != 0)
            {
              g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_FAILED,
                           "%s: cannot read the folder: %s", dir, g_strerror (e));
              ok = FALSE;
            }
          break;
        }
      name = de->d_name;
      if (name[0] == '.')
        continue;
      path = g_build_filename (dir, name, NULL);
      if (de->d_type == DT_REG)
        is_reg = TRUE;
      else if (de->d_type == DT_DIR)
        is_dir = TRUE;
      else if (de->d_type == DT_LNK || de->d_type == DT_UNKNOWN)
        {
          if (g_lstat (path, &st) != 0)
            continue;
          if (S_ISLNK (st.st_mode))
            {
              /* DESIGN invariant 5: a link may point inside the root (followed for files only,
               * so that link loops cannot arise); anything else is left out with a warning. */
              target = dup_realpath (path);
              if (target == NULL || !path_is_under (target, ctx->root) ||
                  g_stat (target, &st) != 0 || !S_ISREG (st.st_mode))
                {
                  g_info ("%s: symbolic link left out", path);
                  ctx->report->warnings++;
                  continue;
                }
            }
          is_dir = S_ISDIR (st.st_mode);
          is_reg = S_ISREG (st.st_mode);
        }
      if (is_dir)
        ok = list_files_rec (ctx, path, want, out, depth + 1, error);
      else if (is_reg && want (name))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
  closedir (d);
  return ok;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
_lw_import_list_files (LwImportCtx *ctx, const char *dir,
                       gboolean (*want) (const char *name), GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *real = dup_realpath (dir);

  if (real == NULL)
    {
      int e = errno;
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_MISSING_MEDIA, "%s: %s", dir, g_strerror (e));
      return NULL;
    }
  if (!list_files_rec (ctx, real, want, out, 0, error))
    return NULL;
  g_ptr_array_sort (out, compare_strings);
  return g_steal_pointer (&out);
}

static char *
relative_to (const char *path, const char *folder)
{
  if (folder && path_is_under (path, folder) && strlen (path) > strlen (folder))
    return g_strdup (path + strlen (folder) + (g_str_has_suffix (folder, "/") ? 0 : 1));
  return NULL;
}

static gboolean
flush_pending (LwImportCtx *ctx, GError **error)
{
  GPtrArray *p = ctx->pending;

  if (p->len == 0)
    return TRUE;
  if (!_lw_project_add_items (ctx->project, (LwItem **) p->pdata, p->len, error))
    {
      g_prefix_error (error, "%s … %s: ", ((LwItem *) p->pdata[0])->name,
                      ((LwItem *) p->pdata[p->len - 1])->name);
      return FALSE;
    }
  g_hash_table_remove_all (ctx->pending_sha);
  g_ptr_array_set_size (p, 0);
  return TRUE;
}

/* The item for the image file @real that @scan read: an existing one with the same content,
 * or a new one. @queue: the item joins a batch added in one INSERT (flush_pending) and the
 * function returns 1, not an id; for folder imports, which need no ids. */
static gint64
import_scanned (LwImportCtx *ctx, const char *real, LwImageScan *scan, gboolean queue,
                int *width, int *height, GError **error)
{
  g_autoptr(LwItem) item = NULL;
  gint64 id;

  g_assert (g_path_is_absolute (real));
  if (scan->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&scan->error));
      return 0;
    }
  /* Into a project that had no items, a digest this import has not added cannot be a
   * duplicate: the SQLite lookup, 11% of the inserting thread's time (perf, 100,000 PNGs), is
   * left out. */
  if (ctx->fresh_project && !_lw_sha_set_maybe_has (ctx->added_shas, scan->sha256))
    id = 0;
  else
    id = lw_project_find_item_by_sha256 (ctx->project, scan->sha256);
  if (id > 0)
    {
      g_autoptr(LwItem) old = lw_project_get_item (ctx->project, id, error);
      if (old == NULL)
        return 0;
      ctx->report->duplicates++;
      *width = old->width;
      *height = old->height;
      return id;
    }
  {
    LwItem *queued = g_hash_table_lookup (ctx->pending_sha, scan->sha256);
    if (queued != NULL)
      {
        g_assert (queue);
        ctx->report->duplicates++;
        *width = queued->width;
        *height = queued->height;
        return 1;
      }
  }
  if (scan->image_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&scan->image_error));
      return 0;
    }

  {
    g_autofree char *name = relative_to (real, ctx->root);
    if (name == NULL)
      name = g_path_get_basename (real);
    name = _lw_name_take_utf8 (name);
    item = lw_item_new (LW_ITEM_KIND_IMAGE, name);
  }
  item->media_path = relative_to (real, ctx->project_folder);
  if (item->media_path == NULL)
    item->media_path = g_strdup (real);
  item->sha256 = g_strdup (scan->sha256);
  _lw_sha_set_add (ctx->added_shas, item->sha256);
  item->width = scan->width;
  item->height = scan->height;
  *width = item->width;
  *height = item->height;
  ctx->report->items_added++;
  if (queue)
    {
      g_hash_table_insert (ctx->pending_sha, item->sha256, item);
      g_ptr_array_add (ctx->pending, g_steal_pointer (&item));
      if (ctx->pending->len == LW_ITEM_BATCH_MAX && !flush_pending (ctx, error))
        return 0;
      return 1;
    }
  if (!lw_project_add_item (ctx->project, item, error))
    {
      g_prefix_error (error, "%s: ", real);
      return 0;
    }
  return item->id;
}

static gint64
import_image (LwImportCtx *ctx, const char *real, gboolean queue, int *width, int *height,
              GError **error)
{
  LwImageScan scan = { 0 };
  gint64 id;

  if (!_lw_import_check_cancel (ctx, error))
    return 0;
  _lw_image_scan_file (real, ctx->opts.max_pixels, &scan);
  id = import_scanned (ctx, real, &scan, queue, width, height, error);
  _lw_image_scan_clear (&scan);
  return id;
}

gint64
_lw_import_image (LwImportCtx *ctx, const char *path, int *width, int *height, GError **error)
{
  return import_image (ctx, path, FALSE, width, height, error);
}

gint64
_lw_import_text (LwImportCtx *ctx, const char *name, const char *ext_id, const char *text,
                 GError **error)
{
  g_autoptr(LwItem) item = NULL;
  g_autofree char *sha = NULL;
  /* A name taken from a file name that is not UTF-8, made UTF-8 (as for images). */
  g_autofree char *valid_name = _lw_name_take_utf8 (g_strdup (name));
  gint64 id;

  name = valid_name;
  if (!_lw_import_check_cancel (ctx, error))
    return 0;
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID, "%s: the text is not valid UTF-8", name);
      return 0;
    }
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  id = ext_id ? lw_project_find_item_by_ext_id (ctx->project, ext_id)
              : lw_project_find_item_by_sha256 (ctx->project, sha);
  if (id > 0)
    {
      ctx->report->duplicates++;
      return id;
    }
  item = lw_item_new (LW_ITEM_KIND_TEXT, name);
  item->text = g_strdup (text);
  item->ext_id = g_strdup (ext_id);
  item->sha256 = g_steal_pointer (&sha);
  if (!lw_project_add_item (ctx->project, item, error))
    {
      g_prefix_error (error, "%s: ", name);
      return 0;
    }
  _lw_sha_set_add (ctx->added_shas, item->sha256);
  ctx->report->items_added++;
  return item->id;
}

/* ---- paths inside annotation files ------------------------------------------------------ */

char *
_lw_import_resolve (LwImportCtx *ctx, const char *ann_dir, const char *file_name,
                    const char *split, GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *images = g_build_filename (ctx->root, "images", NULL);
  g_autofree char *images_split = split ? g_build_filename (ctx->root, "images", split, NULL) : NULL;
  const char *bases[] = { ann_dir, ctx->root, images, images_split };

  if (file_name == NULL || *file_name == '\0')
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID, "empty file name");
      return NULL;
    }
  /* Files written on Windows use backslashes. */
  name = g_strdelimit (g_strdup (file_name), "\\", '/');
  if (g_path_is_absolute (name))
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_UNSAFE_PATH,
                   "“%s” is an absolute path; file names must stay inside the dataset (%s)",
                   file_name, ctx->root);
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    {
      g_autofree char *candidate = NULL;
      g_autofree char *real = NULL;

      /* a base outside the root (JPEGImages beside a lone XML file) is no place to look */
      if (bases[i] == NULL || !path_is_under (bases[i], ctx->root))
        continue;
      candidate = g_canonicalize_filename (name, bases[i]);
      if (!path_is_under (candidate, ctx->root))
        {
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_UNSAFE_PATH,
                       "“%s” leaves the dataset folder %s", file_name, ctx->root);
          return NULL;
        }
      if (!g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
        continue;
      real = dup_realpath (candidate);
      if (real == NULL || !path_is_under (real, ctx->root))
        {
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_UNSAFE_PATH,
                       "“%s” is a link that leaves the dataset folder %s", file_name, ctx->root);
          return NULL;
        }
      return g_steal_pointer (&real);
    }
  return NULL;
}

gint64
_lw_import_image_ref (LwImportCtx *ctx, const char *ann_dir, const char *file_name,
                      const char *split, const char *where, int *width, int *height, GError **error)
{
  GError *local = NULL;
  g_autofree char *path = _lw_import_resolve (ctx, ann_dir, file_name, split, &local);
  gint64 id;

  if (path == NULL)
    {
      if (local)
        {
          g_propagate_prefixed_error (error, local, "%s: ", where);
          return 0;
        }
      /* The media may already be in the project (a second layer of annotations). */
      {
        g_autofree char *base = g_path_get_basename (file_name);
        id = lw_project_find_item_by_name (ctx->project, file_name);
        if (id <= 0)
          id = lw_project_find_item_by_name (ctx->project, base);
      }
      if (id > 0)
        {
          g_autoptr(LwItem) item = lw_project_get_item (ctx->project, id, error);
          if (item == NULL)
            return 0;
          *width = item->width;
          *height = item->height;
          return id;
        }
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_MISSING_MEDIA,
                   "%s: image “%s” not found (looked beside the file, in %s, images/%s%s)",
                   where, file_name, ctx->root, split ? split : "", split ? "/" : "");
      return 0;
    }
  id = _lw_import_image (ctx, path, width, height, error);
  if (id == 0)
    g_prefix_error (error, "%s: ", where);
  return id;
}

/* ---- classes and annotations ------------------------------------------------------------ */

static LwLabelClass *
lookup_class (LwImportCtx *ctx, const char *name, LwAnnotationKind kind, GError **error)
{
  LwLabelClass *klass = g_hash_table_lookup (ctx->classes, name);

  if (klass == NULL)
    {
      klass = lw_project_find_class (ctx->project, name);
      if (klass != NULL)
        g_hash_table_insert (ctx->classes, g_strdup (name), klass);
    }
  if (klass == NULL)
    {
      if (!ctx->opts.add_classes)
        {
          g_hash_table_add (ctx->unknown, g_strdup (name));
          return NULL;
        }
      klass = lw_label_class_new (name);
      klass->kinds = LW_KIND_BIT (kind);
      if (!lw_project_add_class (ctx->project, klass, error))
        {
          lw_label_class_free (klass);
          return NULL;
        }
      ctx->report->classes_added++;
      g_hash_table_insert (ctx->classes, g_strdup (name), klass);
      g_hash_table_add (ctx->added_classes, g_strdup (name));
    }
  else if (!lw_label_class_allows (klass, kind) && g_hash_table_contains (ctx->added_classes, name))
    {
      klass->kinds |= LW_KIND_BIT (kind);
      if (!lw_project_update_class (ctx->project, klass, error))
        return NULL;
    }
  return klass;
}

static double
clamp_coord (double v, double limit, gboolean *changed)
{
  if (v < 0)
    {
      *changed = TRUE;
      return 0;
    }
  if (limit > 0 && v > limit)
    {
      *changed = TRUE;
      return limit;
    }
  return v;
}

/* Whether the layer held @ann (same item, class, kind and geometry) before this import.
 * Items without earlier annotations on the layer, the usual case, cost one query each. */
static gboolean
was_imported_before (LwImportCtx *ctx, const LwAnnotation *ann, gboolean *found, GError **error)
{
  gpointer known = g_hash_table_lookup (ctx->prior_items, &ann->item_id);
  g_autofree char *geometry = NULL;
  sqlite3_stmt *stmt;
  int rc;

  *found = FALSE;
  if (ctx->prior_max_id == 0 || GPOINTER_TO_INT (known) == 2)
    return TRUE;
  if (known == NULL)
    {
      stmt = _lw_project_stmt (ctx->project, "SELECT EXISTS (SELECT 1 FROM annotation "
                               "WHERE item_id = ?1 AND annotator_id = ?2 AND id <= ?3)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, ann->item_id);
      sqlite3_bind_int64 (stmt, 2, ctx->annotator_id);
      sqlite3_bind_int64 (stmt, 3, ctx->prior_max_id);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        return _lw_project_sql_error (ctx->project, rc, "looking for earlier annotations", error);
      known = GINT_TO_POINTER (sqlite3_column_int (stmt, 0) ? 1 : 2);
      sqlite3_reset (stmt);
      g_hash_table_insert (ctx->prior_items, g_memdup2 (&ann->item_id, sizeof ann->item_id), known);
      if (GPOINTER_TO_INT (known) == 2)
        return TRUE;
    }
  geometry = _lw_geometry_to_json (ann->geometry);
  stmt = _lw_project_stmt (ctx->project, "SELECT EXISTS (SELECT 1 FROM annotation "
                           "WHERE item_id = ?1 AND annotator_id = ?2 AND id <= ?3 "
                           "AND class_id = ?4 AND kind = ?5 AND geometry = ?6)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ann->item_id);
  sqlite3_bind_int64 (stmt, 2, ctx->annotator_id);
  sqlite3_bind_int64 (stmt, 3, ctx->prior_max_id);
  sqlite3_bind_int64 (stmt, 4, ann->class_id);
  sqlite3_bind_text (stmt, 5, lw_annotation_kind_to_string (ann->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, geometry, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _lw_project_sql_error (ctx->project, rc, "looking for earlier annotations", error);
  *found = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Annotations are added LW_ANNOTATION_BATCH_MAX to an INSERT, like the images of a folder:
 * one statement per annotation had cost a fifth of a COCO import's time in the statement's
 * fixed cost alone (callgrind). The readers need no annotation ids; nothing reads the new
 * annotations back before the import ends (was_imported_before looks at earlier ones). */
static gboolean
flush_annotations (LwImportCtx *ctx, GError **error)
{
  GPtrArray *p = ctx->pending_anns;

  if (p->len == 0)
    return TRUE;
  if (!_lw_annotation_insert_rows (ctx->project, (LwAnnotation **) p->pdata, p->len, error))
    return FALSE;
  g_ptr_array_set_size (p, 0);
  return TRUE;
}

gboolean
_lw_import_annotation (LwImportCtx *ctx, gint64 item_id, int width, int height,
                       const char *class_name, LwAnnotationKind kind,
                       const double *values, guint n, double score,
                       const char *where, GError **error)
{
  g_autoptr(LwAnnotation) ann = NULL;
  g_autofree double *v = g_memdup2 (values, MAX (n, 1) * sizeof (double));
  LwLabelClass *klass;
  gboolean changed = FALSE;
  GError *local = NULL;

  if (class_name == NULL || *class_name == '\0')
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID, "%s: a shape without a class name", where);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    if (!isfinite (v[i]))
      {
        g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                     "%s: coordinate %u of a %s is not a finite number", where, i + 1,
                     lw_annotation_kind_to_string (kind));
        return FALSE;
      }
  if (!isnan (score) && (score < 0 || score > 1))
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                   "%s: a score must lie in [0, 1], got %g", where, score);
      return FALSE;
    }

  klass = lookup_class (ctx, class_name, kind, &local);
  if (local)
    {
      g_propagate_prefixed_error (error, local, "%s: ", where);
      return FALSE;
    }
  if (klass == NULL)
    return TRUE;   /* unknown: collected, reported at the end */

  if (width > 0 && height > 0)
    switch (kind)
      {
      case LW_ANNOTATION_BBOX:
        {
          double x0, y0, x1, y1;
          if (n != 4 || v[2] <= 0 || v[3] <= 0)
            {
              g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                           "%s: a box needs a positive width and height, got %g x %g", where,
                           n == 4 ? v[2] : 0, n == 4 ? v[3] : 0);
              return FALSE;
            }
          x0 = clamp_coord (v[0], width, &changed);
          y0 = clamp_coord (v[1], height, &changed);
          x1 = clamp_coord (v[0] + v[2], width, &changed);
          y1 = clamp_coord (v[1] + v[3], height, &changed);
          if (x1 - x0 <= 0 || y1 - y0 <= 0)
            {
              g_info ("%s: box outside the image left out", where);
              ctx->report->warnings++;
              return TRUE;
            }
          v[0] = x0; v[1] = y0; v[2] = x1 - x0; v[3] = y1 - y0;
          break;
        }
      case LW_ANNOTATION_RBOX:
        if (n == 5)
          {
            v[0] = clamp_coord (v[0], width, &changed);
            v[1] = clamp_coord (v[1], height, &changed);
          }
        break;
      case LW_ANNOTATION_POLYGON:
      case LW_ANNOTATION_POLYLINE:
      case LW_ANNOTATION_POINT:
        for (guint i = 0; i + 1 < n; i += 2)
          {
            v[i] = clamp_coord (v[i], width, &changed);
            v[i + 1] = clamp_coord (v[i + 1], height, &changed);
          }
        break;
      case LW_ANNOTATION_KEYPOINTS:
        for (guint i = 0; i + 2 < n; i += 3)
          {
            v[i] = clamp_coord (v[i], width, &changed);
            v[i + 1] = clamp_coord (v[i + 1], height, &changed);
          }
        break;
      case LW_ANNOTATION_TAG:
      case LW_ANNOTATION_SPAN:
      case LW_ANNOTATION_N_KINDS:
      default:
        break;
      }
  if (changed)
    ctx->report->clamped++;

  ann = lw_annotation_new (item_id, klass->id, kind);
  if (n > 0)
    lw_annotation_set_geometry (ann, v, n);
  ann->annotator_id = ctx->annotator_id;
  ann->source = ctx->opts.predictions ? LW_SOURCE_PREDICTION : LW_SOURCE_IMPORT;
  ann->score = ctx->opts.predictions ? score : NAN;
  if (!was_imported_before (ctx, ann, &changed, error))
    return FALSE;
  if (changed)
    {
      ctx->report->annotations_present++;
      return TRUE;
    }
  /* checked now, so that an error names the file and line; written in batches */
  if (!_lw_annotation_validate (ctx->project, ann, error))
    {
      g_prefix_error (error, "%s: ", where);
      return FALSE;
    }
  ann->created_at = ann->updated_at = _lw_now_us ();
  g_ptr_array_add (ctx->pending_anns, g_steal_pointer (&ann));
  ctx->report->annotations_added++;
  if (ctx->pending_anns->len == LW_ANNOTATION_BATCH_MAX)
    return flush_annotations (ctx, error);
  return TRUE;
}

/* ---- sources ---------------------------------------------------------------------------- */

static gboolean
import_file_list (LwImportCtx *ctx, GPtrArray *files,
                  gboolean (*one) (LwImportCtx *, const char *, GError **), GError **error)
{
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      g_autofree char *base = g_path_get_basename (path);

      if (!_lw_import_check_cancel (ctx, error) || !one (ctx, path, error))
        return FALSE;
      _lw_import_progress (ctx, (double) (i + 1) / files->len, base);
    }
  return flush_pending (ctx, error);
}

static gboolean
image_one (LwImportCtx *ctx, const char *path, GError **error)
{
  int w, h;
  return import_image (ctx, path, TRUE, &w, &h, error) > 0;
}

static gboolean
import_matching (LwImportCtx *ctx, const char *dir, gboolean (*want) (const char *),
                 gboolean (*one) (LwImportCtx *, const char *, GError **), GError **error)
{
  g_autoptr(GPtrArray) files = _lw_import_list_files (ctx, dir, want, error);
  return files != NULL && import_file_list (ctx, files, one, error);
}

static gboolean
is_media_name (const char *name)
{
  return _lw_import_is_image_name (name) || is_txt_name (name);
}

/* A folder of images (and texts, for @want is_media_name): a worker thread opens, reads,
 * hashes and sizes the images ahead (lw-import-scan.c) while this thread looks for
 * duplicates and inserts, in the listing's order. On 2 cores that overlaps the file reading
 * and SHA-256 with SQLite's inserts, the two halves of the import's time
 * (tests/bench/bench-import). */
static gboolean
import_media (LwImportCtx *ctx, const char *dir, gboolean (*want) (const char *), GError **error)
{
  g_autoptr(GPtrArray) files = _lw_import_list_files (ctx, dir, want, error);
  g_autoptr(LwImportScan) scan = NULL;

  if (files == NULL)
    return FALSE;
  if (files->len == 0)
    return TRUE;
  scan = _lw_import_scan_start (files, ctx->opts.max_pixels, ctx->cancellable, error);
  if (scan == NULL)
    return FALSE;
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      LwImageScan *r;
      int w, h;

      if (!_lw_import_check_cancel (ctx, error))
        return FALSE;
      r = _lw_import_scan_next (scan);
      if (r == NULL)
        {
          /* the worker ends early only when cancelled */
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_CANCELLED, "import cancelled");
          return FALSE;
        }
      if (r->skipped)
        {
          /* a text item is added at once: the queued images go first, in the listing's order */
          g_assert (is_txt_name (path));
          if (!flush_pending (ctx, error) || !_lw_txt_read (ctx, path, error))
            return FALSE;
        }
      else if (import_scanned (ctx, path, r, TRUE, &w, &h, error) == 0)
        return FALSE;
      if (ctx->progress)
        {
          g_autofree char *base = g_path_get_basename (path);
          _lw_import_progress (ctx, (double) (i + 1) / files->len, base);
        }
    }
  return flush_pending (ctx, error);
}

static LwImportFormat
detect_dir (const char *dir)
{
  g_autofree char *yaml = g_build_filename (dir, "data.yaml", NULL);
  g_autofree char *classes = g_build_filename (dir, "classes.txt", NULL);
  g_autofree char *voc = g_build_filename (dir, "Annotations", NULL);
  g_autofree char *coco = g_build_filename (dir, "annotations", NULL);

  if (g_file_test (yaml, G_FILE_TEST_IS_REGULAR) || g_file_test (classes, G_FILE_TEST_IS_REGULAR))
    return LW_IMPORT_FORMAT_YOLO;
  if (g_file_test (voc, G_FILE_TEST_IS_DIR))
    return LW_IMPORT_FORMAT_VOC;
  if (g_file_test (coco, G_FILE_TEST_IS_DIR))
    return LW_IMPORT_FORMAT_COCO;
  return LW_IMPORT_FORMAT_AUTO;   /* media: images and texts */
}

static LwImportFormat
detect_file (const char *path)
{
  if (_lw_import_is_image_name (path))
    return LW_IMPORT_FORMAT_IMAGES;
  if (is_txt_name (path))
    return LW_IMPORT_FORMAT_TEXT;
  if (is_jsonl_name (path))
    return LW_IMPORT_FORMAT_JSONL;
  if (is_csv_name (path))
    return LW_IMPORT_FORMAT_CSV;
  if (is_xml_name (path))
    return LW_IMPORT_FORMAT_VOC;
  if (g_str_has_suffix (path, "data.yaml"))
    return LW_IMPORT_FORMAT_YOLO;
  if (is_json_name (path))
    {
      /* labelme files carry "shapes"; a peek at the start decides without a full parse. */
      char buf[4096];
      FILE *f = fopen (path, "rb");
      size_t n = f ? fread (buf, 1, sizeof buf - 1, f) : 0;
      if (f)
        fclose (f);
      buf[n] = '\0';
      if (strstr (buf, "\"shapes\"") || strstr (buf, "\"imagePath\""))
        return LW_IMPORT_FORMAT_LABELME;
      return LW_IMPORT_FORMAT_COCO;
    }
  return LW_IMPORT_FORMAT_AUTO;
}

static gboolean
coco_dir_want (const char *name)
{
  return is_json_name (name);
}

static gboolean
import_dir (LwImportCtx *ctx, const char *dir, LwImportFormat format, GError **error)
{
  if (format == LW_IMPORT_FORMAT_AUTO)
    format = detect_dir (dir);
  switch (format)
    {
    case LW_IMPORT_FORMAT_AUTO:
      return import_media (ctx, dir, is_media_name, error);
    case LW_IMPORT_FORMAT_IMAGES:
      return import_media (ctx, dir, _lw_import_is_image_name, error);
    case LW_IMPORT_FORMAT_TEXT:
      return import_matching (ctx, dir, is_txt_name, _lw_txt_read, error);
    case LW_IMPORT_FORMAT_COCO:
      {
        g_autofree char *ann = g_build_filename (dir, "annotations", NULL);
        return import_matching (ctx, g_file_test (ann, G_FILE_TEST_IS_DIR) ? ann : dir,
                                coco_dir_want, _lw_coco_read, error);
      }
    case LW_IMPORT_FORMAT_YOLO:
      return _lw_yolo_read (ctx, dir, error);
    case LW_IMPORT_FORMAT_VOC:
      {
        g_autofree char *ann = g_build_filename (dir, "Annotations", NULL);
        return import_matching (ctx, g_file_test (ann, G_FILE_TEST_IS_DIR) ? ann : dir,
                                is_xml_name, _lw_voc_read, error);
      }
    case LW_IMPORT_FORMAT_LABELME:
      return import_matching (ctx, dir, is_json_name, _lw_labelme_read, error);
    case LW_IMPORT_FORMAT_JSONL:
      return import_matching (ctx, dir, is_jsonl_name, _lw_jsonl_read, error);
    case LW_IMPORT_FORMAT_CSV:
      return import_matching (ctx, dir, is_csv_name, _lw_csv_read, error);
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static gboolean
import_file (LwImportCtx *ctx, const char *path, LwImportFormat format, GError **error)
{
  if (format == LW_IMPORT_FORMAT_AUTO)
    format = detect_file (path);
  switch (format)
    {
    case LW_IMPORT_FORMAT_IMAGES:
      return image_one (ctx, path, error) && flush_pending (ctx, error);
    case LW_IMPORT_FORMAT_TEXT:
      return _lw_txt_read (ctx, path, error);
    case LW_IMPORT_FORMAT_COCO:
      return _lw_coco_read (ctx, path, error);
    case LW_IMPORT_FORMAT_YOLO:
      {
        g_autofree char *dir = g_path_get_dirname (path);
        return _lw_yolo_read (ctx, dir, error);
      }
    case LW_IMPORT_FORMAT_VOC:
      return _lw_voc_read (ctx, path, error);
    case LW_IMPORT_FORMAT_LABELME:
      return _lw_labelme_read (ctx, path, error);
    case LW_IMPORT_FORMAT_JSONL:
      return _lw_jsonl_read (ctx, path, error);
    case LW_IMPORT_FORMAT_CSV:
      return _lw_csv_read (ctx, path, error);
    case LW_IMPORT_FORMAT_AUTO:
    default:
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_UNSUPPORTED,
                   "%s: cannot tell the format from the name; give --format", path);
      return FALSE;
    }
}

static gboolean
import_source (LwImportCtx *ctx, const char *source, GError **error)
{
  g_autofree char *real = dup_realpath (source);
  gboolean is_dir;

  if (real == NULL)
    {
      int e = errno;
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_MISSING_MEDIA, "%s: %s", source, g_strerror (e));
      return FALSE;
    }
  is_dir = g_file_test (real, G_FILE_TEST_IS_DIR);
  if (!is_dir && _lw_is_archive_name (real))
    {
      g_autofree char *folder = NULL;

      g_free (ctx->root);
      ctx->root = g_path_get_dirname (real);
      folder = _lw_archive_extract (ctx, real, error);
      if (folder == NULL)
        return FALSE;
      g_free (ctx->root);
      ctx->root = dup_realpath (folder);
      return import_dir (ctx, ctx->root, ctx->opts.format, error);
    }
  g_free (ctx->root);
  ctx->root = is_dir ? g_strdup (real) : g_path_get_dirname (real);
  /* An annotation file given alone sits in the layouts our exports and the common tools write
   * (COCO annotations/, VOC Annotations/): the dataset root, with images/, is one level up. */
  if (!is_dir)
    {
      g_autofree char *folder = g_path_get_basename (ctx->root);
      if (g_ascii_strcasecmp (folder, "annotations") == 0)
        {
          char *parent = g_path_get_dirname (ctx->root);
          g_free (ctx->root);
          ctx->root = parent;
        }
    }
  return is_dir ? import_dir (ctx, real, ctx->opts.format, error)
                : import_file (ctx, real, ctx->opts.format, error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = NULL;
  const char *name;
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode) && (d = g_dir_open (path, 0, NULL)) != NULL)
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        remove_tree (child);
      }
  g_remove (path);
}

gboolean
lw_import_run (LwProject              *project,
               const char *const      *sources,
               const LwImportOptions  *opts,
               LwImportReport         *report,
               LwProgressFunc          progress,
               gpointer                progress_data,
               GCancellable           *cancellable,
               GError                **error)
{
  LwImportReport local_report = { 0 };
  LwImportCtx ctx = { 0 };
  gboolean ok = FALSE, cache_set = FALSE;
  gint64 old_cache_size = -2000;
  int old_temp_store = 0;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (sources != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (opts)
    ctx.opts = *opts;
  if (ctx.opts.max_pixels == 0)
    ctx.opts.max_pixels = LW_IMPORT_MAX_PIXELS;
  if (ctx.opts.max_archive_bytes == 0)
    ctx.opts.max_archive_bytes = LW_IMPORT_MAX_ARCHIVE_BYTES;
  if (ctx.opts.max_archive_entries == 0)
    ctx.opts.max_archive_entries = LW_IMPORT_MAX_ARCHIVE_ENTRIES;
  ctx.project = project;
  ctx.report = &local_report;
  ctx.cancellable = cancellable;
  ctx.progress = progress;
  ctx.progress_data = progress_data;
  ctx.classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) lw_label_class_free);
  ctx.added_classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.unknown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.coco_images = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  ctx.coco_sizes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  ctx.coco_categories = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  ctx.created_dirs = g_ptr_array_new_with_free_func (g_free);
  ctx.prior_items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ctx.project_folder = dup_realpath (lw_project_get_folder (project));
  ctx.pending = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_item_free);
  ctx.pending_sha = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.pending_anns = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_annotation_free);
  ctx.added_shas = _lw_sha_set_new ();

  /* An import touches pages all over the item and annotation indexes (a SHA-256 is a random
   * key); with SQLite's default 2 MB cache the transaction spilled and rewrote the same
   * pages to the WAL again and again: 1.6 page writes per image (tests/bench/bench-import).
   * A larger cache for the import's duration, given back at the end, bounds that. */
  {
    sqlite3_stmt *stmt = _lw_project_stmt (project, "PRAGMA cache_size", error);
    if (stmt == NULL)
      goto out;
    if (sqlite3_step (stmt) == SQLITE_ROW)
      old_cache_size = sqlite3_column_int64 (stmt, 0);
    sqlite3_reset (stmt);
    if (!_lw_project_exec (project, "PRAGMA cache_size = -" G_STRINGIFY (IMPORT_CACHE_KIB), error))
      goto out;
    cache_set = TRUE;
    /* A batch INSERT (flush_pending) keeps the pages it changes in a statement journal,
     * which SQLite writes to a file in /var/tmp past 64 KiB: 1.3 page writes per image. */
    stmt = _lw_project_stmt (project, "PRAGMA temp_store", error);
    if (stmt == NULL)
      goto out;
    if (sqlite3_step (stmt) == SQLITE_ROW)
      old_temp_store = sqlite3_column_int (stmt, 0);
    sqlite3_reset (stmt);
    if (!_lw_project_exec (project, "PRAGMA temp_store = MEMORY", error))
      goto out;
  }
  if (!lw_project_begin (project, error))
    goto out;
  ctx.annotator_id = lw_project_ensure_annotator (project,
      ctx.opts.annotator && *ctx.opts.annotator ? ctx.opts.annotator : g_get_user_name (), error);
  if (ctx.annotator_id <= 0)
    goto fail;
  {
    sqlite3_stmt *stmt = _lw_project_stmt (project, "SELECT COALESCE (MAX (id), 0) FROM annotation", error);
    int rc;
    if (stmt == NULL)
      goto fail;
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_ROW)
      {
        _lw_project_sql_error (project, rc, "reading the annotations", error);
        goto fail;
      }
    ctx.prior_max_id = sqlite3_column_int64 (stmt, 0);
    sqlite3_reset (stmt);
  }
  {
    sqlite3_stmt *stmt = _lw_project_stmt (project, "SELECT EXISTS (SELECT 1 FROM item)", error);
    int rc;
    if (stmt == NULL)
      goto fail;
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_ROW)
      {
        _lw_project_sql_error (project, rc, "reading the items", error);
        goto fail;
      }
    ctx.fresh_project = sqlite3_column_int (stmt, 0) == 0;
    sqlite3_reset (stmt);
  }

  for (guint i = 0; sources[i]; i++)
    {
      _lw_import_progress (&ctx, -1, sources[i]);
      if (!import_source (&ctx, sources[i], error) || !flush_annotations (&ctx, error))
        goto fail;
    }
  if (g_hash_table_size (ctx.unknown) > 0)
    {
      g_autofree const char **names = (const char **) g_hash_table_get_keys_as_array (ctx.unknown, NULL);
      g_autofree char *list = NULL;
      qsort (names, g_hash_table_size (ctx.unknown), sizeof (char *), compare_strings);
      list = g_strjoinv (", ", (char **) names);
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_UNKNOWN_CLASS,
                   "classes not in the project's schema: %s (add them with --add-classes)", list);
      goto fail;
    }
  if (!_lw_import_check_cancel (&ctx, error))
    goto fail;
  if (!lw_project_commit (project, error))
    goto fail;
  _lw_import_progress (&ctx, 1.0, "done");
  ok = TRUE;
  if (report)
    *report = local_report;
  goto out;

fail:
  lw_project_rollback (project);
  for (guint i = 0; i < ctx.created_dirs->len; i++)
    remove_tree (ctx.created_dirs->pdata[i]);
  if (report)
    memset (report, 0, sizeof *report);
out:
  if (cache_set)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT "; "
                                              "PRAGMA temp_store = %d", old_cache_size, old_temp_store);
      _lw_project_exec (project, sql, NULL);
    }
  g_hash_table_unref (ctx.classes);
  g_hash_table_unref (ctx.added_classes);
  g_hash_table_unref (ctx.unknown);
  g_hash_table_unref (ctx.coco_images);
  g_hash_table_unref (ctx.coco_sizes);
  g_hash_table_unref (ctx.coco_categories);
  g_hash_table_unref (ctx.prior_items);
  g_ptr_array_unref (ctx.created_dirs);
  g_free (ctx.root);
  g_free (ctx.project_folder);
  g_hash_table_unref (ctx.pending_sha);
  g_ptr_array_unref (ctx.pending);
  g_ptr_array_unref (ctx.pending_anns);
  _lw_sha_set_free (ctx.added_shas);
  return ok;
}
