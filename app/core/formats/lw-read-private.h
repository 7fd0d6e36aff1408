/* lw-read-private.h: what the format readers share with the import pipeline (io/lw-import.c) */
#pragma once

#include <json-glib/json-glib.h>
#include <gio/gio.h>
#include "lw-types.h"
#include "lw-import.h"

G_BEGIN_DECLS

typedef struct {
  LwProject             *project;
  LwImportOptions        opts;
  LwImportReport        *report;
  GCancellable          *cancellable;
  LwProgressFunc         progress;
  gpointer               progress_data;
  gint64                 annotator_id;
  char                  *root;          /* canonical dataset root of the current source */
  char                  *project_folder;/* canonical folder of the project file */
  GPtrArray             *pending;       /* LwItem*: images of a folder, added in one INSERT */
  GHashTable            *pending_sha;   /* sha256 -> LwItem* in pending (not owned) */
  GPtrArray             *pending_anns;  /* LwAnnotation*: checked, added in one INSERT */
  GHashTable            *classes;       /* name -> LwLabelClass* known so far */
  GHashTable            *added_classes; /* names added by this import */
  GHashTable            *unknown;       /* class names refused (without add_classes) */
  GHashTable            *coco_images;   /* COCO image id (gint64*) -> item id (gint64*) */
  GHashTable            *coco_sizes;    /* item id -> packed width/height */
  GHashTable            *coco_categories; /* COCO category id -> name (char*) */
  GPtrArray             *created_dirs;  /* extraction folders to remove on failure */
  gint64                 prior_max_id;  /* the largest annotation id before this import */
  GHashTable            *prior_items;   /* item id -> 1: has earlier annotations on the layer, 2: none */
  gboolean               fresh_project; /* the project had no items when the import began */
  struct _LwShaSet      *added_shas;    /* digests of the items this import added */
} LwImportCtx;

/* Media item for the image file at the canonical @path (as _lw_import_list_files and
 * _lw_import_resolve return it): added, or the existing one with the same content.
 * Returns the item id and its size, or 0 with @error set. */
gint64   _lw_import_image        (LwImportCtx *ctx, const char *path,
                                  int *width, int *height, GError **error);
/* Text item: existing by @ext_id (when given) or by content, else added. */
gint64   _lw_import_text         (LwImportCtx *ctx, const char *name, const char *ext_id,
                                  const char *text, GError **error);
/* Resolves @file_name found in an annotation file in @ann_dir against that folder, the root,
 * root/images and root/images/@split (may be NULL). Refuses names that leave the root.
 * Returns the existing path, or NULL: with @error for unsafe names, without for not found. */
char    *_lw_import_resolve      (LwImportCtx *ctx, const char *ann_dir, const char *file_name,
                                  const char *split, GError **error);
/* Image item for a file name from an annotation file; MISSING_MEDIA error names @where. */
gint64   _lw_import_image_ref    (LwImportCtx *ctx, const char *ann_dir, const char *file_name,
                                  const char *split, const char *where,
                                  int *width, int *height, GError **error);
/* Adds one annotation; clamps image geometry to @width x @height (counted in the report);
 * unknown classes are collected (and the annotation skipped) unless add_classes.
 * @score: NaN when none. @where names the file and line for errors. */
gboolean _lw_import_annotation   (LwImportCtx *ctx, gint64 item_id, int width, int height,
                                  const char *class_name, LwAnnotationKind kind,
                                  const double *values, guint n, double score,
                                  const char *where, GError **error);
gboolean _lw_import_check_cancel (LwImportCtx *ctx, GError **error);
void     _lw_import_progress     (LwImportCtx *ctx, double fraction, const char *message);
gboolean _lw_import_is_image_name(const char *name);
/* Collects image files under @dir (recursive, sorted, symlinks leaving the root skipped) as
 * canonical paths. */
GPtrArray *_lw_import_list_files (LwImportCtx *ctx, const char *dir,
                                  gboolean (*want) (const char *name), GError **error);

/* Readers: @path is a file or folder inside ctx->root. */
gboolean _lw_coco_read    (LwImportCtx *ctx, const char *path, GError **error);
gboolean _lw_yolo_read    (LwImportCtx *ctx, const char *dir, GError **error);
gboolean _lw_voc_read     (LwImportCtx *ctx, const char *path, GError **error);
gboolean _lw_labelme_read (LwImportCtx *ctx, const char *path, GError **error);
gboolean _lw_jsonl_read   (LwImportCtx *ctx, const char *path, GError **error);
gboolean _lw_csv_read     (LwImportCtx *ctx, const char *path, GError **error);
gboolean _lw_txt_read     (LwImportCtx *ctx, const char *path, GError **error);

/* io/lw-archive-read.c: extracts into a new folder under the project's media folder
 * (recorded in ctx->created_dirs); returns that folder. */
char    *_lw_archive_extract  (LwImportCtx *ctx, const char *archive, GError **error);
gboolean _lw_is_archive_name  (const char *name);

/* json-glib 1.6 parses (and frees) recursively with no depth limit: a few hundred thousand
 * '[' overflow the stack. Annotation formats need a handful of levels (COCO polygons: 4);
 * returns TRUE when brackets nest deeper than LW_JSON_MAX_NESTING, checked before parsing. */
#define LW_JSON_MAX_NESTING 64
static inline gboolean
_lw_json_too_deep (const char *data, gsize length)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > LW_JSON_MAX_NESTING)
            return TRUE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return FALSE;
}


/* A string member, or @fallback when it is missing or not a string. json-glib's
 * _with_default getters raise a critical on an object or array (found by fuzzing). */
static inline const char *
_lw_json_string (JsonObject *o, const char *name, const char *fallback)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  return json_node_get_string (node);
}

G_END_DECLS
