#define G_LOG_DOMAIN "lw-export"

#include <string.h>

#include "lw-model-private.h"
#include "lw-write-private.h"

typedef struct {
  LwBufferState base;
  /* Pose mode: the largest keypoint count of a class with keypoints, when the project holds
   * keypoints; 0 otherwise. Every row of a pose dataset has 5 + 3 * kpt_count columns. */
  int      kpt_count;
} YoloState;

static gpointer
yolo_begin (LwWriteContext *ctx, GError **error)
{
  YoloState *state = _lw_buffer_state_new (sizeof (YoloState));
  gboolean any = FALSE;

  for (guint i = 0; i < ctx->classes->len; i++)
    {
      const LwLabelClass *klass = ctx->classes->pdata[i];
      if (klass->keypoints != NULL && lw_label_class_allows (klass, LW_ANNOTATION_KEYPOINTS))
        state->kpt_count = MAX (state->kpt_count, (int) g_strv_length (klass->keypoints));
    }
  /* A schema that allows keypoints does not make a pose dataset; keypoints do. Asked only
   * when a class could have them: counting every annotation by kind took 0.2-0.4 s at
   * 1,000,000 boxes, before the first item. */
  if (state->kpt_count > 0)
    {
      if (!_lw_project_has_annotation_kind (ctx->project, LW_ANNOTATION_KEYPOINTS, &any, error))
        {
          _lw_buffer_state_free (state);
          return NULL;
        }
      if (!any)
        state->kpt_count = 0;
    }
  return state;
}

static void
append_xy (GString *b, double x, double y, int width, int height)
{
  g_string_append_c (b, ' ');
  _lw_gstring_fixed6 (b, x / width);
  g_string_append_c (b, ' ');
  _lw_gstring_fixed6 (b, y / height);
}

static gboolean
yolo_item (LwWriteContext *ctx, gpointer data, const LwWriteItem *wi, GError **error)
{
  YoloState *state = data;
  int width = wi->item->width, height = wi->item->height;
  g_autofree char *media_entry = g_strconcat ("images/", wi->split, "/", wi->file_name, NULL);
  g_autofree char *label_entry = g_strconcat ("labels/", wi->split, "/", wi->stem, ".txt", NULL);
  GString *b = _lw_buffer_state_begin_item (ctx, data, wi, media_entry, error);

  if (b == NULL)
    return FALSE;
  for (guint i = 0; width > 0 && height > 0 && i < wi->annotations->len; i++)
    {
      const LwAnnotation *ann = wi->annotations->pdata[i];
      const double *v = (const double *) ann->geometry->data;
      guint n = ann->geometry->len;
      int cls = _lw_write_class_index (ctx, ann->class_id);
      double x, y, w, h, corners[8];

      if (cls < 0)
        continue;
      switch (ann->kind)
        {
        case LW_ANNOTATION_BBOX:
        case LW_ANNOTATION_KEYPOINTS:
          if (!lw_annotation_bounds (ann, &x, &y, &w, &h))
            continue;
          g_string_append_printf (b, "%d", cls);
          append_xy (b, x + w / 2, y + h / 2, width, height);
          append_xy (b, w, h, width, height);
          {
            int k = 0;
            for (; ann->kind == LW_ANNOTATION_KEYPOINTS && k * 3 + 2 < (int) n && k < state->kpt_count; k++)
              {
                append_xy (b, v[3 * k], v[3 * k + 1], width, height);
                g_string_append_printf (b, " %d", (int) v[3 * k + 2]);
              }
            /* Pose rows have a fixed width: boxes and missing keypoints are padded as
             * not labelled. */
            for (; k < state->kpt_count; k++)
              g_string_append (b, " 0.000000 0.000000 0");
          }
          break;
        case LW_ANNOTATION_POLYGON:
          g_string_append_printf (b, "%d", cls);
          for (guint k = 0; k + 1 < n; k += 2)
            append_xy (b, v[k], v[k + 1], width, height);
          break;
        case LW_ANNOTATION_RBOX:
          /* Ultralytics OBB: the four corners, normalised. */
          _lw_rbox_corners (v, corners);
          g_string_append_printf (b, "%d", cls);
          for (guint k = 0; k < 8; k += 2)
            append_xy (b, corners[k], corners[k + 1], width, height);
          break;
        case LW_ANNOTATION_TAG:
        case LW_ANNOTATION_POLYLINE:
        case LW_ANNOTATION_POINT:
        case LW_ANNOTATION_SPAN:
        case LW_ANNOTATION_N_KINDS:
        default:
          continue;
        }
      g_string_append_c (b, '\n');
    }
  /* An empty label file says "background only"; a missing one would say "unlabelled". */
  return _lw_export_sink_add_bytes (ctx->sink, label_entry, b->str, b->len, error);
}

static const char *
pick_split (LwWriteContext *ctx, const char *const *wanted)
{
  for (guint w = 0; wanted[w]; w++)
    for (guint i = 0; i < ctx->split_names->len; i++)
      if (strcmp (ctx->split_names->pdata[i], wanted[w]) == 0)
        return ctx->split_names->pdata[i];
  return NULL;
}

static gboolean
yolo_finish (LwWriteContext *ctx, gpointer data, GError **error)
{
  YoloState *state = data;
  GString *b = state->base.buf;
  static const char *const train_names[] = { "train", "default", NULL };
  static const char *const val_names[] = { "val", "validation", "valid", NULL };
  static const char *const test_names[] = { "test", NULL };
  const char *train = pick_split (ctx, train_names);
  const char *val = pick_split (ctx, val_names);
  const char *test = pick_split (ctx, test_names);
  const char *first = ctx->split_names->len ? ctx->split_names->pdata[0] : "default";

  /* Ultralytics needs train and val; without such splits both point at what there is. */
  if (train == NULL)
    train = first;
  if (val == NULL)
    val = train;
  g_string_truncate (b, 0);
  /* No "path": ultralytics resolves a relative path against its own datasets folder, not
   * against this file, and without the key it takes the folder this file is in (or where it
   * extracted the archive), which is the dataset root. */
  g_string_append (b, "# Written by Labelwright. Paths are relative to this file's folder.\n");
  g_string_append_printf (b, "train: images/%s\nval: images/%s\n", train, val);
  if (test != NULL)
    g_string_append_printf (b, "test: images/%s\n", test);
  g_string_append_printf (b, "nc: %u\nnames:\n", ctx->classes->len);
  for (guint i = 0; i < ctx->classes->len; i++)
    {
      const LwLabelClass *klass = ctx->classes->pdata[i];
      /* A JSON string is a valid YAML double-quoted scalar. */
      g_string_append_printf (b, "  %u: ", i);
      _lw_gstring_json_str (b, klass->name);
      g_string_append_c (b, '\n');
    }
  if (state->kpt_count > 0)
    g_string_append_printf (b, "kpt_shape: [%d, 3]\n", state->kpt_count);
  return _lw_export_sink_add_bytes (ctx->sink, "data.yaml", b->str, b->len, error);
}

const LwFormatWriter _lw_yolo_writer = {
  .name = "yolo",
  .item_kinds = 1u << LW_ITEM_KIND_IMAGE,
  .begin = yolo_begin,
  .item = yolo_item,
  .finish = yolo_finish,
  .free = _lw_buffer_state_free,
};
