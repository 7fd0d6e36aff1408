#define G_LOG_DOMAIN "lw-export"

#include <math.h>

#include "lw-write-private.h"

typedef struct {
  GString    *buf;
  GHashTable *sets;   /* split -> LwSinkStream* of ImageSets/Main/<split>.txt */
} VocState;

static void
voc_free (gpointer data)
{
  VocState *state = data;

  g_string_free (state->buf, TRUE);
  g_hash_table_unref (state->sets);
  g_free (state);
}

static gpointer
voc_begin (LwWriteContext *ctx, GError **error)
{
  VocState *state = g_new0 (VocState, 1);

  state->buf = g_string_sized_new (2048);
  state->sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) _lw_sink_stream_abandon);
  return state;
}

/* VOC counts pixels from 1 and includes both ends: a box over the 0-based pixels x .. x+w-1
 * is xmin = x+1, xmax = x+w. Fractional corners are first rounded to the pixel grid. */
static void
voc_box (double x, double y, double w, double h, int width, int height, int out[4])
{
  int x0 = (int) lround (x), y0 = (int) lround (y);
  int x1 = (int) lround (x + w), y1 = (int) lround (y + h);

  out[0] = CLAMP (x0 + 1, 1, MAX (width, 1));
  out[1] = CLAMP (y0 + 1, 1, MAX (height, 1));
  out[2] = CLAMP (x1, out[0], MAX (width, 1));
  out[3] = CLAMP (y1, out[1], MAX (height, 1));
}

static gboolean
voc_item (LwWriteContext *ctx, gpointer data, const LwWriteItem *wi, GError **error)
{
  VocState *state = data;
  GString *b = state->buf;
  LwSinkStream *set = g_hash_table_lookup (state->sets, wi->split);
  g_autofree char *media_entry = g_strdup_printf ("JPEGImages/%s", wi->file_name);
  g_autofree char *xml_entry = g_strdup_printf ("Annotations/%s.xml", wi->stem);

  if (!_lw_write_media (ctx, wi, media_entry, error))
    return FALSE;
  if (set == NULL)
    {
      g_autofree char *entry = g_strdup_printf ("ImageSets/Main/%s.txt", wi->split);
      set = _lw_export_sink_begin_stream (ctx->sink, entry, error);
      if (set == NULL)
        return FALSE;
      g_hash_table_insert (state->sets, g_strdup (wi->split), set);
    }
  _lw_sink_stream_write (set, wi->stem, -1);
  _lw_sink_stream_write (set, "\n", 1);

  g_string_truncate (b, 0);
  g_string_append (b, "<annotation>\n  <folder>JPEGImages</folder>\n  <filename>");
  _lw_gstring_xml_text (b, wi->file_name);
  g_string_append (b, "</filename>\n  <source><database>Labelwright</database></source>\n");
  g_string_append_printf (b, "  <size>\n    <width>%d</width>\n    <height>%d</height>\n"
                          "    <depth>3</depth>\n  </size>\n  <segmented>0</segmented>\n",
                          wi->item->width, wi->item->height);
  for (guint i = 0; i < wi->annotations->len; i++)
    {
      const LwAnnotation *ann = wi->annotations->pdata[i];
      const LwLabelClass *klass = _lw_write_class (ctx, ann->class_id);
      double x, y, w, h;
      int box[4];

      /* VOC holds boxes; a rotated box or polygon goes in as its bounding box. */
      if (klass == NULL || (ann->kind != LW_ANNOTATION_BBOX && ann->kind != LW_ANNOTATION_RBOX &&
                            ann->kind != LW_ANNOTATION_POLYGON))
        continue;
      if (!lw_annotation_bounds (ann, &x, &y, &w, &h) || !(w > 0 && h > 0))
        continue;
      voc_box (x, y, w, h, wi->item->width, wi->item->height, box);
      g_string_append (b, "  <object>\n    <name>");
      _lw_gstring_xml_text (b, klass->name);
      g_string_append_printf (b, "</name>\n    <pose>Unspecified</pose>\n"
                              "    <truncated>0</truncated>\n    <difficult>0</difficult>\n"
                              "    <bndbox>\n      <xmin>%d</xmin>\n      <ymin>%d</ymin>\n"
                              "      <xmax>%d</xmax>\n      <ymax>%d</ymax>\n    </bndbox>\n"
                              "  </object>\n", box[0], box[1], box[2], box[3]);
    }
  g_string_append (b, "</annotation>\n");
  return _lw_export_sink_add_bytes (ctx->sink, xml_entry, b->str, b->len, error);
}

static gboolean
voc_finish (LwWriteContext *ctx, gpointer data, GError **error)
{
  VocState *state = data;

  for (guint i = 0; i < ctx->split_names->len; i++)
    {
      gpointer key, set;

      if (!g_hash_table_steal_extended (state->sets, ctx->split_names->pdata[i], &key, &set))
        continue;
      g_free (key);
      if (!_lw_sink_stream_close (ctx->sink, set, error))
        return FALSE;
    }
  return TRUE;
}

const LwFormatWriter _lw_voc_writer = {
  .name = "voc",
  .item_kinds = 1u << LW_ITEM_KIND_IMAGE,
  .begin = voc_begin,
  .item = voc_item,
  .finish = voc_finish,
  .free = voc_free,
};
