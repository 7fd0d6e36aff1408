#define G_LOG_DOMAIN "lw-export"

#include <string.h>

#include "lw-write-private.h"

static gpointer
labelme_begin (LwWriteContext *ctx, GError **error)
{
  return _lw_buffer_state_new (sizeof (LwBufferState));
}

static void
append_point (GString *b, double x, double y)
{
  g_string_append_c (b, '[');
  _lw_gstring_num (b, x);
  g_string_append_c (b, ',');
  _lw_gstring_num (b, y);
  g_string_append_c (b, ']');
}

static void
begin_shape (GString *b, gboolean *first, const char *label)
{
  g_string_append (b, *first ? "\n    {\"label\":" : ",\n    {\"label\":");
  _lw_gstring_json_str (b, label);
  g_string_append (b, ",\"points\":[");
  *first = FALSE;
}

static void
end_shape (GString *b, const char *shape_type, gint64 group_id)
{
  g_string_append (b, "],\"group_id\":");
  if (group_id > 0)
    g_string_append_printf (b, "%" G_GINT64_FORMAT, group_id);
  else
    g_string_append (b, "null");
  g_string_append (b, ",\"description\":\"\",\"shape_type\":");
  _lw_gstring_json_str (b, shape_type);
  g_string_append (b, ",\"flags\":{},\"mask\":null}");
}

static gboolean
labelme_item (LwWriteContext *ctx, gpointer data, const LwWriteItem *wi, GError **error)
{
  GString *b;
  /* Side by side, in a folder per split when the export is split. */
  const char *prefix = strcmp (wi->split, "default") == 0 ? "" : wi->split;
  g_autofree char *media_entry = g_strdup_printf ("%s%s%s", prefix, *prefix ? "/" : "", wi->file_name);
  g_autofree char *json_entry = g_strdup_printf ("%s%s%s.json", prefix, *prefix ? "/" : "", wi->stem);
  gboolean first = TRUE, first_flag = TRUE;

  b = _lw_buffer_state_begin_item (ctx, data, wi, media_entry, error);
  if (b == NULL)
    return FALSE;
  g_string_append (b, "{\n  \"version\": \"5.5.0\",\n  \"flags\": {");
  for (guint i = 0; i < wi->annotations->len; i++)
    {
      const LwAnnotation *ann = wi->annotations->pdata[i];
      const LwLabelClass *klass = _lw_write_class (ctx, ann->class_id);
      if (klass == NULL || ann->kind != LW_ANNOTATION_TAG)
        continue;
      if (!first_flag)
        g_string_append_c (b, ',');
      _lw_gstring_json_str (b, klass->name);
      g_string_append (b, ": true");
      first_flag = FALSE;
    }
  g_string_append (b, "},\n  \"shapes\": [");
  for (guint i = 0; i < wi->annotations->len; i++)
    {
      const LwAnnotation *ann = wi->annotations->pdata[i];
      const LwLabelClass *klass = _lw_write_class (ctx, ann->class_id);
      const double *v = (const double *) ann->geometry->data;
      guint n = ann->geometry->len;
      double corners[8];

      if (klass == NULL)
        continue;
      switch (ann->kind)
        {
        case LW_ANNOTATION_BBOX:
          begin_shape (b, &first, klass->name);
          append_point (b, v[0], v[1]);
          g_string_append_c (b, ',');
          append_point (b, v[0] + v[2], v[1] + v[3]);
          end_shape (b, "rectangle", 0);
          break;
        case LW_ANNOTATION_RBOX:
          _lw_rbox_corners (v, corners);
          begin_shape (b, &first, klass->name);
          for (guint k = 0; k < 8; k += 2)
            {
              if (k)
                g_string_append_c (b, ',');
              append_point (b, corners[k], corners[k + 1]);
            }
          end_shape (b, "polygon", 0);
          break;
        case LW_ANNOTATION_POLYGON:
        case LW_ANNOTATION_POLYLINE:
        case LW_ANNOTATION_POINT:
          begin_shape (b, &first, klass->name);
          for (guint k = 0; k + 1 < n; k += 2)
            {
              if (k)
                g_string_append_c (b, ',');
              append_point (b, v[k], v[k + 1]);
            }
          end_shape (b, ann->kind == LW_ANNOTATION_POLYGON ? "polygon"
                      : ann->kind == LW_ANNOTATION_POLYLINE ? "linestrip" : "point", 0);
          break;
        case LW_ANNOTATION_KEYPOINTS:
          /* labelme has no skeletons: each labelled keypoint is a point, grouped by the
           * annotation's id and labelled "CLASS:KEYPOINT" when the class names them. */
          for (guint k = 0; k + 2 < n; k += 3)
            {
              g_autofree char *label = NULL;
              if (v[k + 2] <= 0)
                continue;
              label = klass->keypoints && k / 3 < g_strv_length (klass->keypoints)
                    ? g_strdup_printf ("%s:%s", klass->name, klass->keypoints[k / 3])
                    : g_strdup (klass->name);
              begin_shape (b, &first, label);
              append_point (b, v[k], v[k + 1]);
              end_shape (b, "point", ann->id);
            }
          break;
        case LW_ANNOTATION_TAG:
        case LW_ANNOTATION_SPAN:
        case LW_ANNOTATION_N_KINDS:
        default:
          break;
        }
    }
  g_string_append (b, first ? "],\n  \"imagePath\": " : "\n  ],\n  \"imagePath\": ");
  _lw_gstring_json_str (b, wi->file_name);
  g_string_append_printf (b, ",\n  \"imageData\": null,\n  \"imageHeight\": %d,\n"
                          "  \"imageWidth\": %d\n}\n", wi->item->height, wi->item->width);
  return _lw_export_sink_add_bytes (ctx->sink, json_entry, b->str, b->len, error);
}

static gboolean
labelme_finish (LwWriteContext *ctx, gpointer data, GError **error)
{
  return TRUE;
}

const LwFormatWriter _lw_labelme_writer = {
  .name = "labelme",
  .item_kinds = 1u << LW_ITEM_KIND_IMAGE,
  .begin = labelme_begin,
  .item = labelme_item,
  .finish = labelme_finish,
  .free = _lw_buffer_state_free,
};
