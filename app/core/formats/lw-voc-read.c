/* lw-voc-read.c: Pascal VOC XML (1-based inclusive pixel coordinates), parsed with GMarkup,
 * which expands no entities beyond the five predefined ones and loads nothing external */
#define G_LOG_DOMAIN "lw-voc-read"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lw-error.h"
#include "lw-read-private.h"

typedef struct {
  char   *name;
  double  box[4];      /* xmin, ymin, xmax, ymax */
  guint   have;        /* bits of box[] seen */
  int     line;
} VocObject;

typedef struct {
  GPtrArray *stack;     /* element names */
  GString   *text;
  char      *filename;
  char      *folder;
  int        width, height;
  GPtrArray *objects;   /* VocObject* */
  VocObject *current;
  const char *path;
  GError    *error;
} VocParse;

static void
voc_object_free (VocObject *o)
{
  g_free (o->name);
  g_free (o);
}

static void
set_str (char **slot, const char *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

static const char *
parent (VocParse *p, guint up)
{
  return p->stack->len > up ? p->stack->pdata[p->stack->len - 1 - up] : "";
}

static void
start_element (GMarkupParseContext *context, const char *element, const char **names,
               const char **values, gpointer user_data, GError **error)
{
  VocParse *p = user_data;

  g_ptr_array_add (p->stack, g_strdup (element));
  g_string_truncate (p->text, 0);
  if (strcmp (element, "object") == 0 && strcmp (parent (p, 1), "annotation") == 0)
    {
      int line;
      p->current = g_new0 (VocObject, 1);
      g_markup_parse_context_get_position (context, &line, NULL);
      p->current->line = line;
      g_ptr_array_add (p->objects, p->current);
    }
}

static gboolean
parse_number (VocParse *p, GMarkupParseContext *context, const char *what, double *out, GError **error)
{
  char *end;
  g_autofree char *t = g_strstrip (g_strdup (p->text->str));
  *out = g_ascii_strtod (t, &end);
  if (*t == '\0' || *end != '\0' || !isfinite (*out))
    {
      int line;
      g_markup_parse_context_get_position (context, &line, NULL);
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                   "%s:%d: expected a number in <%s>, got “%s”", p->path, line, what, t);
      return FALSE;
    }
  return TRUE;
}

static void
end_element (GMarkupParseContext *context, const char *element, gpointer user_data, GError **error)
{
  VocParse *p = user_data;
  const char *up = parent (p, 1);
  double v;

  if (strcmp (up, "annotation") == 0)
    {
      if (strcmp (element, "filename") == 0)
        set_str (&p->filename, g_strstrip (p->text->str));
      else if (strcmp (element, "folder") == 0)
        set_str (&p->folder, g_strstrip (p->text->str));
      else if (strcmp (element, "object") == 0)
        p->current = NULL;
    }
  else if (strcmp (up, "size") == 0 && (strcmp (element, "width") == 0 || strcmp (element, "height") == 0))
    {
      if (!parse_number (p, context, element, &v, error))
        return;
      /* Found by fuzzing: a size beyond int overflowed the conversion below. */
      if (v < 0 || v > LW_IMPORT_MAX_SIDE || v != floor (v))
        {
          int line;
          g_markup_parse_context_get_position (context, &line, NULL);
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                       "%s:%d: <%s> must be a whole number of pixels from 0 to %d, got %g",
                       p->path, line, element, LW_IMPORT_MAX_SIDE, v);
          return;
        }
      if (element[0] == 'w')
        p->width = (int) v;
      else
        p->height = (int) v;
    }
  else if (p->current && strcmp (up, "object") == 0 && strcmp (element, "name") == 0)
    set_str (&p->current->name, g_strstrip (p->text->str));
  else if (p->current && strcmp (up, "bndbox") == 0 && strcmp (parent (p, 2), "object") == 0)
    {
      static const char *const keys[] = { "xmin", "ymin", "xmax", "ymax" };
      for (guint i = 0; i < 4; i++)
        if (strcmp (element, keys[i]) == 0)
          {
            if (!parse_number (p, context, element, &p->current->box[i], error))
              return;
            p->current->have |= 1u << i;
          }
    }
  g_free (g_ptr_array_steal_index (p->stack, p->stack->len - 1));
  g_string_truncate (p->text, 0);
}

static void
text (GMarkupParseContext *context, const char *str, gsize len, gpointer user_data, GError **error)
{
  VocParse *p = user_data;
  g_string_append_len (p->text, str, len);
}

gboolean
_lw_voc_read (LwImportCtx *ctx, const char *path, GError **error)
{
  static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  g_autofree char *data = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GMarkupParseContext) context = NULL;
  VocParse p = { 0 };
  GError *local = NULL;
  gboolean ok = FALSE;
  gsize len;
  gint64 item_id;
  int w, h;

  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  p.stack = g_ptr_array_new_with_free_func (g_free);
  p.text = g_string_new (NULL);
  p.objects = g_ptr_array_new_with_free_func ((GDestroyNotify) voc_object_free);
  p.path = path;
  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &p, NULL);
  if (!g_markup_parse_context_parse (context, data, len, &local) ||
      !g_markup_parse_context_end_parse (context, &local))
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE, "%s: not valid VOC XML: %s",
                   path, local->message);
      g_error_free (local);
      goto out;
    }
  if (p.filename == NULL)
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID, "%s: expected <annotation><filename>", path);
      goto out;
    }
  {
    /* VOC keeps images in JPEGImages/ beside Annotations/. */
    g_autofree char *voc_root = g_path_get_dirname (dir);
    g_autofree char *jpeg = g_build_filename (voc_root, "JPEGImages", NULL);
    g_autofree char *found = NULL;
    g_autofree char *rel = NULL;
    GError *e2 = NULL;

    found = _lw_import_resolve (ctx, jpeg, p.filename, NULL, &e2);
    if (found == NULL && e2 == NULL)
      {
        g_autofree char *root_jpeg = g_build_filename (ctx->root, "JPEGImages", NULL);
        found = _lw_import_resolve (ctx, root_jpeg, p.filename, NULL, &e2);
      }
    if (e2)
      {
        g_propagate_prefixed_error (error, e2, "%s: ", path);
        goto out;
      }
    item_id = found ? _lw_import_image (ctx, found, &w, &h, error)
                    : _lw_import_image_ref (ctx, dir, p.filename, NULL, path, &w, &h, error);
    if (item_id == 0)
      goto out;
  }
  for (guint i = 0; i < p.objects->len; i++)
    {
      VocObject *o = p.objects->pdata[i];
      g_autofree char *where = g_strdup_printf ("%s:%d", path, o->line);
      double v[4];

      if (o->name == NULL || o->have != 0xf)
        {
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                       "%s: expected <object> with <name> and <bndbox> xmin, ymin, xmax, ymax", where);
          goto out;
        }
      if (o->box[2] < o->box[0] || o->box[3] < o->box[1])
        {
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID,
                       "%s: xmax/ymax (%g, %g) lie before xmin/ymin (%g, %g)", where,
                       o->box[2], o->box[3], o->box[0], o->box[1]);
          goto out;
        }
      /* 1-based inclusive pixel indices: pixel columns xmin..xmax cover x = xmin-1, w = xmax-xmin+1 */
      v[0] = o->box[0] - 1;
      v[1] = o->box[1] - 1;
      v[2] = o->box[2] - o->box[0] + 1;
      v[3] = o->box[3] - o->box[1] + 1;
      if (!_lw_import_annotation (ctx, item_id, w, h, o->name, LW_ANNOTATION_BBOX, v, 4, NAN, where, error))
        goto out;
    }
  ok = TRUE;
out:
  g_ptr_array_unref (p.stack);
  g_string_free (p.text, TRUE);
  g_ptr_array_unref (p.objects);
  g_free (p.filename);
  g_free (p.folder);
  return ok;
}
