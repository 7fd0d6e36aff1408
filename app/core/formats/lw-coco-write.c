#define G_LOG_DOMAIN "lw-export"

#include <errno.h>
#include <math.h>
#include <stdio.h>

#include "lw-write-private.h"

/* COCO JSON is written as text while the items stream by: images go straight into the
 * entry, annotations wait in a temporary file and are appended when the split is done. */

typedef struct {
  LwSinkStream *images;
  LwSinkStream *annotations;   /* a part: joined to @images at the end, not copied */
  gboolean      any_image;
  gboolean      any_annotation;
} CocoSplit;

typedef struct {
  GHashTable *splits;   /* name -> CocoSplit* */
  GString    *header;   /* info, licenses, categories: the same for every split */
  GString    *buf;
} CocoState;

static void
coco_split_free (gpointer data)
{
  CocoSplit *split = data;

  if (split->images)
    _lw_sink_stream_abandon (split->images);
  if (split->annotations)
    _lw_sink_stream_abandon (split->annotations);
  g_free (split);
}

static void
coco_free (gpointer data)
{
  CocoState *state = data;

  g_hash_table_unref (state->splits);
  g_string_free (state->header, TRUE);
  g_string_free (state->buf, TRUE);
  g_free (state);
}

static gpointer
coco_begin (LwWriteContext *ctx, GError **error)
{
  CocoState *state = g_new0 (CocoState, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format_iso8601 (now);
  GString *h;

  state->splits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, coco_split_free);
  state->buf = g_string_sized_new (4096);
  h = state->header = g_string_new ("{\"info\":{\"description\":");
  _lw_gstring_json_str (h, ctx->project_name);
  g_string_append (h, ",\"version\":\"1.0\",\"year\":");
  g_string_append_printf (h, "%d", g_date_time_get_year (now));
  g_string_append (h, ",\"contributor\":\"Labelwright\",\"date_created\":");
  _lw_gstring_json_str (h, date);
  g_string_append (h, "},\"licenses\":[],\"categories\":[");
  for (guint i = 0; i < ctx->classes->len; i++)
    {
      const LwLabelClass *klass = ctx->classes->pdata[i];

      g_string_append_printf (h, "%s{\"id\":%u,\"name\":", i ? "," : "", i + 1);
      _lw_gstring_json_str (h, klass->name);
      g_string_append (h, ",\"supercategory\":");
      _lw_gstring_json_str (h, klass->group ? klass->group : klass->name);
      if (klass->keypoints != NULL && lw_label_class_allows (klass, LW_ANNOTATION_KEYPOINTS))
        {
          g_string_append (h, ",\"keypoints\":[");
          for (guint k = 0; klass->keypoints[k]; k++)
            {
              if (k)
                g_string_append_c (h, ',');
              _lw_gstring_json_str (h, klass->keypoints[k]);
            }
          g_string_append (h, "],\"skeleton\":[");
          for (guint k = 0; klass->skeleton && k + 1 < klass->skeleton->len; k += 2)
            g_string_append_printf (h, "%s[%d,%d]", k ? "," : "",
                                    g_array_index (klass->skeleton, int, k),
                                    g_array_index (klass->skeleton, int, k + 1));
          g_string_append_c (h, ']');
        }
      g_string_append_c (h, '}');
    }
  g_string_append (h, "],\n\"images\":[");
  return state;
}

static CocoSplit *
coco_split (LwWriteContext *ctx, CocoState *state, const char *name, GError **error)
{
  CocoSplit *split = g_hash_table_lookup (state->splits, name);
  g_autofree char *entry = NULL;

  if (split != NULL)
    return split;
  entry = g_strdup_printf ("annotations/instances_%s.json", name);
  split = g_new0 (CocoSplit, 1);
  split->images = _lw_export_sink_begin_stream (ctx->sink, entry, error);
  if (split->images == NULL)
    {
      g_free (split);
      return NULL;
    }
  split->annotations = _lw_export_sink_begin_part (ctx->sink, error);
  if (split->annotations == NULL)
    {
      coco_split_free (split);
      return NULL;
    }
  _lw_sink_stream_write (split->images, state->header->str, state->header->len);
  g_hash_table_insert (state->splits, g_strdup (name), split);
  return split;
}

static void
append_values (GString *out, const double *v, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      if (i)
        _lw_gstring_putc (out, ',');
      _lw_gstring_num (out, v[i]);
    }
}

static double
polygon_area (const double *v, guint n_points)
{
  double a = 0;

  for (guint i = 0; i < n_points; i++)
    {
      guint j = (i + 1) % n_points;
      a += v[2 * i] * v[2 * j + 1] - v[2 * j] * v[2 * i + 1];
    }
  return fabs (a) / 2;
}

static gboolean
coco_item (LwWriteContext *ctx, gpointer data, const LwWriteItem *wi, GError **error)
{
  CocoState *state = data;
  CocoSplit *split = coco_split (ctx, state, wi->split, error);
  GString *b = state->buf;
  g_autofree char *media_entry = NULL;

  if (split == NULL)
    return FALSE;
  media_entry = g_strconcat ("images/", wi->split, "/", wi->file_name, NULL);
  if (!_lw_write_media (ctx, wi, media_entry, error))
    return FALSE;

  g_string_truncate (b, 0);
  if (split->any_image)
    _lw_gstring_putc (b, ',');
  _lw_gstring_lit (b, "\n{\"id\":");
  _lw_gstring_int (b, wi->item->id);
  _lw_gstring_lit (b, ",\"file_name\":");
  _lw_gstring_json_str (b, wi->file_name);
  _lw_gstring_lit (b, ",\"width\":");
  _lw_gstring_int (b, wi->item->width);
  _lw_gstring_lit (b, ",\"height\":");
  _lw_gstring_int (b, wi->item->height);
  _lw_gstring_lit (b, ",\"license\":0}");
  _lw_sink_stream_write (split->images, b->str, b->len);
  split->any_image = TRUE;
  g_string_truncate (b, 0);

  for (guint i = 0; i < wi->annotations->len; i++)
    {
      const LwAnnotation *ann = wi->annotations->pdata[i];
      const double *v = (const double *) ann->geometry->data;
      guint n = ann->geometry->len;
      int category = _lw_write_class_index (ctx, ann->class_id) + 1;
      double x, y, w, h, area;
      double corners[8];

      if (category <= 0 || !lw_annotation_bounds (ann, &x, &y, &w, &h))
        continue;
      /* COCO has no place for lines and lone points; tags and spans have no geometry. */
      if (ann->kind != LW_ANNOTATION_BBOX && ann->kind != LW_ANNOTATION_POLYGON &&
          ann->kind != LW_ANNOTATION_RBOX && ann->kind != LW_ANNOTATION_KEYPOINTS)
        continue;
      if (!(w > 0 && h > 0))
        continue;

      if (split->any_annotation)
        _lw_gstring_putc (b, ',');
      _lw_gstring_lit (b, "\n{\"id\":");
      _lw_gstring_int (b, ann->id);
      _lw_gstring_lit (b, ",\"image_id\":");
      _lw_gstring_int (b, wi->item->id);
      _lw_gstring_lit (b, ",\"category_id\":");
      _lw_gstring_int (b, category);
      _lw_gstring_lit (b, ",\"bbox\":[");
      _lw_gstring_num (b, x);
      _lw_gstring_putc (b, ',');
      _lw_gstring_num (b, y);
      _lw_gstring_putc (b, ',');
      _lw_gstring_num (b, w);
      _lw_gstring_putc (b, ',');
      _lw_gstring_num (b, h);
      _lw_gstring_lit (b, "],\"segmentation\":[");
      area = w * h;
      if (ann->kind == LW_ANNOTATION_POLYGON)
        {
          _lw_gstring_putc (b, '[');
          append_values (b, v, n);
          _lw_gstring_putc (b, ']');
          area = polygon_area (v, n / 2);
        }
      else if (ann->kind == LW_ANNOTATION_RBOX)
        {
          _lw_rbox_corners (v, corners);
          _lw_gstring_putc (b, '[');
          append_values (b, corners, 8);
          _lw_gstring_putc (b, ']');
          area = v[2] * v[3];
        }
      _lw_gstring_lit (b, "],\"area\":");
      _lw_gstring_num (b, area);
      _lw_gstring_lit (b, ",\"iscrowd\":0");
      if (ann->kind == LW_ANNOTATION_KEYPOINTS)
        {
          int visible = 0;
          _lw_gstring_lit (b, ",\"keypoints\":[");
          for (guint k = 0; k + 2 < n; k += 3)
            {
              if (k)
                _lw_gstring_putc (b, ',');
              _lw_gstring_num (b, v[k]);
              _lw_gstring_putc (b, ',');
              _lw_gstring_num (b, v[k + 1]);
              _lw_gstring_putc (b, ',');
              _lw_gstring_int (b, (int) v[k + 2]);
              visible += v[k + 2] > 0;
            }
          _lw_gstring_lit (b, "],\"num_keypoints\":");
          _lw_gstring_int (b, visible);
        }
      if (ann->source == LW_SOURCE_PREDICTION && isfinite (ann->score))
        {
          _lw_gstring_lit (b, ",\"score\":");
          _lw_gstring_num (b, ann->score);
        }
      _lw_gstring_putc (b, '}');
      split->any_annotation = TRUE;
    }
  /* One write for the item's annotations; errors are reported when the split is closed. */
  _lw_sink_stream_write (split->annotations, b->str, b->len);
  return TRUE;
}

static gboolean
coco_finish (LwWriteContext *ctx, gpointer data, GError **error)
{
  CocoState *state = data;

  /* Without any item, still write one (empty) file so the layout is what readers expect. */
  if (g_hash_table_size (state->splits) == 0 && coco_split (ctx, state, "default", error) == NULL)
    return FALSE;
  for (guint i = 0; i < ctx->split_names->len; i++)
    {
      CocoSplit *split = g_hash_table_lookup (state->splits, ctx->split_names->pdata[i]);
      if (split == NULL)
        continue;
      _lw_sink_stream_write (split->images, "],\n\"annotations\":[", -1);
      _lw_sink_stream_write (split->annotations, "]}\n", -1);
      if (!_lw_sink_stream_close_joined (ctx->sink, g_steal_pointer (&split->images),
                                         g_steal_pointer (&split->annotations), error))
        return FALSE;
    }
  /* "default" when no split was noted at all (empty export). */
  {
    CocoSplit *split = g_hash_table_lookup (state->splits, "default");
    if (split != NULL && split->images != NULL)
      {
        _lw_sink_stream_write (split->images, "],\n\"annotations\":[]}\n", -1);
        if (!_lw_sink_stream_close (ctx->sink, g_steal_pointer (&split->images), error))
          return FALSE;
      }
  }
  return TRUE;
}

const LwFormatWriter _lw_coco_writer = {
  .name = "coco",
  .item_kinds = 1u << LW_ITEM_KIND_IMAGE,
  .begin = coco_begin,
  .item = coco_item,
  .finish = coco_finish,
  .free = coco_free,
};
