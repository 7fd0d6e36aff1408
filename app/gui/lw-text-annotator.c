/* lw-text-annotator.c: a text item with its spans, labelled by selection and class hotkeys
 *
 * Offsets: GtkTextBuffer counts characters as Unicode code points, as the model's spans do.
 * The buffer shows the item's text with display breaks in long paragraphs (lw-text-display.c);
 * every offset that goes to or comes from the buffer passes through that mapping, so spans,
 * selections and copies are in the item's code points and no break reaches the store. The
 * cursor moves by grapheme (an emoji, a base with its combining mark), so a selection never
 * splits a character the reader sees.
 */
#define G_LOG_DOMAIN "lw-text-annotator"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lw-attribute-editor.h"
#include "lw-gui.h"
#include "lw-text-annotator.h"
#include "lw-text-display.h"

/* Overlap depths drawn differently; deeper spans share the last style. */
#define N_LAYER_STYLES 4

typedef struct
{
  LwAnnotation *ann;
  gint64        start;
  gint64        end;
  guint         layer;
  GtkTextTag   *tag;      /* the tag it is drawn with, owned by the buffer's table */
} Span;

struct _LwTextAnnotator
{
  GtkWidget      parent_instance;

  GtkWidget     *palette;
  GtkWidget     *scroller;
  GtkTextView   *view;
  GtkWidget     *attributes;   /* LwAttributeEditor of the selected span */
  GtkLabel      *info;
  GtkTextBuffer *buffer;
  GtkTextTag    *selected_tag;

  LwProject     *project;
  gint64         item_id;
  char          *item_name;
  char          *text;
  LwTextDisplay *display;      /* what the buffer shows of text, and the offset mapping */
  GPtrArray     *classes;      /* LwLabelClass*, copies, palette order */
  char          *classes_key;  /* what the palette was built from */
  GPtrArray     *spans;        /* Span*, by start then longest first */
  gint64         selected_id;
  gint64         selected_start; /* the range the selection tag covers, or -1 */
  gint64         selected_end;
  gboolean       tags_valid;     /* the buffer holds the tags of self->spans */
  char          *error_message;
  gboolean       trim_whitespace;
  gboolean       updating;
};

enum {
  PROP_0,
  PROP_TRIM_WHITESPACE,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LwTextAnnotator, lw_text_annotator, GTK_TYPE_WIDGET)

static void
span_free (gpointer data)
{
  Span *span = data;

  lw_annotation_free (span->ann);
  g_free (span);
}

/* The item offset of a buffer position. */
static gint64
item_offset (LwTextAnnotator *self, const GtkTextIter *iter)
{
  return lw_text_display_to_item (self->display, gtk_text_iter_get_offset (iter));
}

/* The buffer position of an item offset; a span's end stays before an inserted break. */
static void
iter_at_item (LwTextAnnotator *self, GtkTextIter *iter, gint64 offset, gboolean is_end)
{
  gtk_text_buffer_get_iter_at_offset (self->buffer, iter,
                                      (int) lw_text_display_to_buffer (self->display, offset, is_end));
}

gboolean
lw_hotkey_matches (const char      *hotkey,
                   guint            keyval,
                   GdkModifierType  state)
{
  guint want;

  if (hotkey == NULL || *hotkey == '\0')
    return FALSE;
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK))
    return FALSE;
  want = gdk_keyval_from_name (hotkey);
  if (want == GDK_KEY_VoidSymbol && g_utf8_strlen (hotkey, -1) == 1)
    want = gdk_unicode_to_keyval (g_utf8_get_char (hotkey));
  if (want == GDK_KEY_VoidSymbol || want == 0)
    return FALSE;
  if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
    keyval = GDK_KEY_0 + (keyval - GDK_KEY_KP_0);
  return gdk_keyval_to_lower (keyval) == gdk_keyval_to_lower (want);
}

static const LwLabelClass *
find_class (LwTextAnnotator *self, gint64 class_id)
{
  for (guint i = 0; self->classes != NULL && i < self->classes->len; i++)
    {
      const LwLabelClass *klass = self->classes->pdata[i];
      if (klass->id == class_id)
        return klass;
    }
  return NULL;
}

static const Span *
find_span (LwTextAnnotator *self, gint64 annotation_id)
{
  for (guint i = 0; self->spans != NULL && i < self->spans->len; i++)
    {
      const Span *span = self->spans->pdata[i];
      if (span->ann->id == annotation_id)
        return span;
    }
  return NULL;
}

/* The shortest span that holds the character at @offset: the one a click means. */
static const Span *
span_at (LwTextAnnotator *self, gint64 offset)
{
  const Span *best = NULL;

  for (guint i = 0; self->spans != NULL && i < self->spans->len; i++)
    {
      const Span *span = self->spans->pdata[i];
      if (span->start <= offset && offset < span->end
          && (best == NULL || span->end - span->start < best->end - best->start))
        best = span;
    }
  return best;
}

static void
class_rgba (LwTextAnnotator *self, gint64 class_id, GdkRGBA *rgba)
{
  const LwLabelClass *klass = find_class (self, class_id);

  if (klass == NULL || klass->color == NULL || !gdk_rgba_parse (rgba, klass->color))
    gdk_rgba_parse (rgba, "#c0bfbc");
}

static const char *
class_name (LwTextAnnotator *self, gint64 class_id)
{
  const LwLabelClass *klass = find_class (self, class_id);

  return klass != NULL ? klass->name : _("unknown class");
}

static gboolean
has_text_selection (LwTextAnnotator *self, gint64 *start, gint64 *end)
{
  GtkTextIter a, b;

  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &a, &b))
    return FALSE;
  /* Only an inserted display break selected: no character of the item. */
  if (item_offset (self, &a) == item_offset (self, &b))
    return FALSE;
  if (start != NULL)
    *start = item_offset (self, &a);
  if (end != NULL)
    *end = item_offset (self, &b);
  return TRUE;
}

static void
update_info (LwTextAnnotator *self)
{
  g_autofree char *text = NULL;
  const Span *selected = find_span (self, self->selected_id);
  gint64 start, end;
  gboolean any_span_class = FALSE;

  for (guint i = 0; self->classes != NULL && i < self->classes->len; i++)
    any_span_class |= lw_label_class_allows (self->classes->pdata[i], LW_ANNOTATION_SPAN);

  if (self->error_message != NULL)
    text = g_strdup (self->error_message);
  else if (self->item_id <= 0)
    text = g_strdup ("");
  else if (has_text_selection (self, &start, &end))
    /* TRANSLATORS: under the text, while characters are selected */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%'lld character selected: press a class key to label it",
                                         "%'lld characters selected: press a class key to label them",
                                         (gulong) (end - start)),
                            (long long) (end - start));
  else if (selected != NULL && selected->ann->source == LW_SOURCE_PREDICTION)
    /* TRANSLATORS: "grammar prediction, characters 12–17: a class key accepts it as that class, Delete removes it" */
    text = g_strdup_printf (_("%s prediction, characters %'lld–%'lld: a class key accepts it as that class, Delete removes it"),
                            class_name (self, selected->ann->class_id),
                            (long long) selected->start, (long long) selected->end);
  else if (selected != NULL)
    /* TRANSLATORS: "grammar, characters 12–17: a class key changes its class, Delete removes it" */
    text = g_strdup_printf (_("%s, characters %'lld–%'lld: a class key changes its class, Delete removes it"),
                            class_name (self, selected->ann->class_id),
                            (long long) selected->start, (long long) selected->end);
  else if (any_span_class)
    text = g_strdup (_("Select text with the mouse or Shift+arrows (Ctrl for words), then press a class key; click a span to select it"));
  else
    text = g_strdup ("");

  gtk_label_set_text (self->info, text);
  lw_attribute_editor_set (LW_ATTRIBUTE_EDITOR (self->attributes), selected ? selected->ann->id : 0,
                           selected ? find_class (self, selected->ann->class_id) : NULL,
                           selected ? selected->ann->attributes : NULL);
  if (self->error_message != NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->info), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->info), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->info), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->info), "dim-label");
    }
}

static void
show_error (LwTextAnnotator *self, const GError *error)
{
  g_free (self->error_message);
  self->error_message = g_strdup (error->message);
  gtk_widget_error_bell (GTK_WIDGET (self));
  update_info (self);
}

static void
clear_error (LwTextAnnotator *self)
{
  g_clear_pointer (&self->error_message, g_free);
}

static void
update_selected_tag (LwTextAnnotator *self)
{
  const Span *selected = find_span (self, self->selected_id);
  GtkTextIter start, end;
  GdkRGBA rgba, fg;
  double lum;

  if (self->selected_start >= 0 && self->tags_valid)
    {
      iter_at_item (self, &start, self->selected_start, FALSE);
      iter_at_item (self, &end, self->selected_end, TRUE);
      gtk_text_buffer_remove_tag (self->buffer, self->selected_tag, &start, &end);
    }
  self->selected_start = self->selected_end = -1;
  if (selected == NULL)
    return;
  class_rgba (self, selected->ann->class_id, &rgba);
  /* Text on the class colour: dark on light colours, light on dark ones. */
  lum = 0.299 * rgba.red + 0.587 * rgba.green + 0.114 * rgba.blue;
  gdk_rgba_parse (&fg, lum > 0.55 ? "#000000" : "#ffffff");
  rgba.alpha = 0.9;
  g_object_set (self->selected_tag, "background-rgba", &rgba, "foreground-rgba", &fg, NULL);
  gtk_text_tag_set_priority (self->selected_tag,
                             gtk_text_tag_table_get_size (gtk_text_buffer_get_tag_table (self->buffer)) - 1);
  iter_at_item (self, &start, selected->start, FALSE);
  iter_at_item (self, &end, selected->end, TRUE);
  gtk_text_buffer_apply_tag (self->buffer, self->selected_tag, &start, &end);
  self->selected_start = selected->start;
  self->selected_end = selected->end;
}

static void
set_selected (LwTextAnnotator *self, gint64 annotation_id)
{
  if (find_span (self, annotation_id) == NULL)
    annotation_id = 0;
  if (self->selected_id == annotation_id)
    return;
  self->selected_id = annotation_id;
  update_selected_tag (self);
}

/* One tag per class, overlap style and source, made when first needed. Overlapping spans
 * cannot blend backgrounds in a GtkTextView (the higher tag wins), so each depth has its
 * own mark: a background, then an underline, an overline and a double underline. Predictions
 * are paler and wavy-underlined. */
static GtkTextTag *
ensure_tag (LwTextAnnotator *self, gint64 class_id, guint layer, gboolean prediction)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (self->buffer);
  guint style = MIN (layer, N_LAYER_STYLES - 1);
  g_autofree char *name = g_strdup_printf ("lw-span-%" G_GINT64_FORMAT "-%u%s", class_id, style,
                                           prediction ? "-p" : "");
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, name);
  GdkRGBA rgba;

  if (tag != NULL)
    return tag;
  class_rgba (self, class_id, &rgba);
  tag = gtk_text_buffer_create_tag (self->buffer, name, NULL);
  switch (style)
    {
    case 0:
      if (prediction)
        {
          g_object_set (tag, "underline", PANGO_UNDERLINE_ERROR, "underline-rgba", &rgba, NULL);
          rgba.alpha = 0.14;
        }
      else
        rgba.alpha = 0.35;
      g_object_set (tag, "background-rgba", &rgba, NULL);
      break;
    case 1:
      g_object_set (tag, "underline", prediction ? PANGO_UNDERLINE_ERROR : PANGO_UNDERLINE_SINGLE,
                    "underline-rgba", &rgba, NULL);
      break;
    case 2:
      if (prediction)
        rgba.alpha = 0.5;
      g_object_set (tag, "overline", PANGO_OVERLINE_SINGLE, "overline-rgba", &rgba, NULL);
      break;
    default:
      g_object_set (tag, "underline", prediction ? PANGO_UNDERLINE_ERROR : PANGO_UNDERLINE_DOUBLE,
                    "underline-rgba", &rgba, NULL);
      break;
    }
  return tag;
}

static int
compare_spans (gconstpointer a, gconstpointer b)
{
  const Span *x = *(Span *const *) a;
  const Span *y = *(Span *const *) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  return x->ann->id < y->ann->id ? -1 : x->ann->id > y->ann->id;
}

/* Greedy interval layering: each span takes the lowest depth free at its start, so spans
 * that overlap never share a depth, and nested or crossing spans stay distinguishable. */
static void
assign_layers (GPtrArray *spans)
{
  g_autoptr(GArray) layer_end = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_ptr_array_sort (spans, compare_spans);
  for (guint i = 0; i < spans->len; i++)
    {
      Span *span = spans->pdata[i];
      guint layer;

      for (layer = 0; layer < layer_end->len; layer++)
        if (g_array_index (layer_end, gint64, layer) <= span->start)
          break;
      if (layer == layer_end->len)
        g_array_append_val (layer_end, span->end);
      else
        g_array_index (layer_end, gint64, layer) = span->end;
      span->layer = layer;
    }
}

static void
tag_range (LwTextAnnotator *self, GtkTextTag *tag, gint64 from, gint64 to, gboolean apply)
{
  GtkTextIter start, end;

  iter_at_item (self, &start, from, FALSE);
  iter_at_item (self, &end, to, TRUE);
  if (apply)
    gtk_text_buffer_apply_tag (self->buffer, tag, &start, &end);
  else
    gtk_text_buffer_remove_tag (self->buffer, tag, &start, &end);
}

static char *
span_key (const Span *span)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%p",
                          span->ann->id, span->start, span->end, (void *) span->tag);
}

/* Tags only what changed since the spans shown: an edit re-tags one or two spans, not every
 * span of the text, so that the view lays out again only the lines they are on (a large text
 * with thousands of spans would otherwise be laid out again after each key). */
static void
apply_spans (LwTextAnnotator *self, GPtrArray *annotations)
{
  gint64 length = lw_text_display_get_length (self->display);
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->spans);
  g_autoptr(GHashTable) unmatched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) removed = g_ptr_array_new ();

  self->spans = g_ptr_array_new_with_free_func (span_free);
  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    {
      const LwAnnotation *ann = annotations->pdata[i];
      Span *span;

      if (ann->kind != LW_ANNOTATION_SPAN || lw_annotation_n_values (ann) < 2
          || ann->item_id != self->item_id)
        continue;
      span = g_new0 (Span, 1);
      span->ann = lw_annotation_copy (ann);
      span->start = CLAMP ((gint64) lw_annotation_value (ann, 0), 0, length);
      span->end = CLAMP ((gint64) lw_annotation_value (ann, 1), span->start, length);
      g_ptr_array_add (self->spans, span);
    }
  assign_layers (self->spans);
  for (guint i = 0; i < self->spans->len; i++)
    {
      Span *span = self->spans->pdata[i];
      span->tag = ensure_tag (self, span->ann->class_id, span->layer,
                              span->ann->source == LW_SOURCE_PREDICTION);
    }

  if (self->tags_valid && old != NULL)
    {
      for (guint i = 0; i < old->len; i++)
        g_hash_table_insert (unmatched, span_key (old->pdata[i]), old->pdata[i]);
      for (guint i = 0; i < self->spans->len; i++)
        {
          g_autofree char *key = span_key (self->spans->pdata[i]);
          if (g_hash_table_remove (unmatched, key))
            ((Span *) self->spans->pdata[i])->tag = NULL;   /* already drawn */
        }
    }
  else
    g_clear_pointer (&old, g_ptr_array_unref);

  if (old != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, unmatched);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          const Span *gone = value;
          tag_range (self, gone->tag, gone->start, gone->end, FALSE);
          g_ptr_array_add (removed, value);
        }
    }
  /* From the last span to the first: a tag splits the text segment it starts in, and GTK
   * counts the characters of the part after the split; going backwards keeps that part short
   * (a one-paragraph text of 256 KB with 1,000 spans opened 25% faster, bench-text). */
  for (guint i = self->spans->len; i-- > 0;)
    {
      Span *span = self->spans->pdata[i];
      GtkTextTag *tag = span->tag;

      if (tag == NULL)
        {
          /* Kept as it was; but deep layers share a tag, so a removed span may have taken
           * this one's tag off an overlap: put it back there. */
          span->tag = ensure_tag (self, span->ann->class_id, span->layer,
                                  span->ann->source == LW_SOURCE_PREDICTION);
          for (guint k = 0; k < removed->len; k++)
            {
              const Span *gone = removed->pdata[k];
              if (gone->tag == span->tag && gone->start < span->end && span->start < gone->end)
                tag_range (self, span->tag, span->start, span->end, TRUE);
            }
          continue;
        }
      tag_range (self, tag, span->start, span->end, TRUE);
    }
  self->tags_valid = TRUE;
  if (find_span (self, self->selected_id) == NULL)
    self->selected_id = 0;
  update_selected_tag (self);
}

static void on_palette_clicked (GtkButton *button, LwTextAnnotator *self);

static char *
dup_classes_key (GPtrArray *classes)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < classes->len; i++)
    {
      const LwLabelClass *klass = classes->pdata[i];
      g_string_append_printf (key, "%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%s\x1f%u\x1e", klass->id,
                              klass->name, klass->color ? klass->color : "",
                              klass->hotkey ? klass->hotkey : "", klass->kinds);
    }
  return g_string_free (key, FALSE);
}

static void
rebuild_palette (LwTextAnnotator *self)
{
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (self->palette)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->palette), child);
  for (guint i = 0; i < self->classes->len; i++)
    {
      const LwLabelClass *klass = self->classes->pdata[i];
      g_autofree char *name = NULL;
      g_autofree char *markup = NULL;
      g_autofree char *tooltip = NULL;
      GtkWidget *button, *label;

      if (!lw_label_class_allows (klass, LW_ANNOTATION_SPAN))
        continue;
      name = g_markup_escape_text (klass->name, -1);
      /* The colour is validated "#rrggbb" by the schema; the key is shown dimmed. */
      if (klass->hotkey != NULL)
        {
          g_autofree char *key = g_markup_escape_text (klass->hotkey, -1);
          markup = g_strdup_printf ("<span foreground=\"%s\">●</span> %s  <span alpha=\"55%%\">%s</span>",
                                    klass->color ? klass->color : "#c0bfbc", name, key);
          /* TRANSLATORS: tooltip of a span class button: "Label the selection as grammar (key g)" */
          tooltip = g_strdup_printf (_("Label the selection as %s (key %s)"), klass->name, klass->hotkey);
        }
      else
        {
          markup = g_strdup_printf ("<span foreground=\"%s\">●</span> %s",
                                    klass->color ? klass->color : "#c0bfbc", name);
          tooltip = g_strdup_printf (_("Label the selection as %s"), klass->name);
        }
      label = gtk_label_new (NULL);
      gtk_label_set_markup (GTK_LABEL (label), markup);
      button = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "lw-span-class");
      /* Clicking keeps the keyboard focus, and so the selection, in the text. */
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_widget_set_tooltip_text (button, tooltip);
      if (klass->description != NULL && *klass->description != '\0')
        {
          g_autofree char *full = g_strdup_printf ("%s\n%s", tooltip, klass->description);
          gtk_widget_set_tooltip_text (button, full);
        }
      g_object_set_data_full (G_OBJECT (button), "lw-class",
                              g_memdup2 (&klass->id, sizeof klass->id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_palette_clicked), self);
      gtk_flow_box_append (GTK_FLOW_BOX (self->palette), button);
      shown++;
    }
  gtk_widget_set_visible (self->palette, shown > 0);
}

static int
compare_classes (gconstpointer a, gconstpointer b)
{
  const LwLabelClass *x = *(LwLabelClass *const *) a;
  const LwLabelClass *y = *(LwLabelClass *const *) b;

  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static void
collect_tag (GtkTextTag *tag, gpointer data)
{
  g_ptr_array_add (data, tag);
}

static void
set_classes (LwTextAnnotator *self, GHashTable *classes)
{
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_label_class_free);
  g_autofree char *key = NULL;
  GHashTableIter iter;
  gpointer value;

  if (classes != NULL)
    {
      g_hash_table_iter_init (&iter, classes);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (copies, lw_label_class_copy (value));
    }
  g_ptr_array_sort (copies, compare_classes);
  key = dup_classes_key (copies);
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  self->classes = g_steal_pointer (&copies);
  if (g_strcmp0 (key, self->classes_key) != 0)
    {
      g_free (self->classes_key);
      self->classes_key = g_steal_pointer (&key);
      rebuild_palette (self);
      /* Colours may have changed: tags are made again from the classes. */
      if (self->buffer != NULL)
        {
          GtkTextTagTable *table = gtk_text_buffer_get_tag_table (self->buffer);
          g_autoptr(GPtrArray) stale = g_ptr_array_new ();
          GtkTextIter start, end;

          gtk_text_buffer_get_bounds (self->buffer, &start, &end);
          gtk_text_buffer_remove_all_tags (self->buffer, &start, &end);
          self->tags_valid = FALSE;
          self->selected_start = self->selected_end = -1;
          gtk_text_tag_table_foreach (table, collect_tag, stale);
          for (guint i = 0; i < stale->len; i++)
            if (stale->pdata[i] != self->selected_tag)
              gtk_text_tag_table_remove (table, stale->pdata[i]);
        }
    }
}

void
lw_text_annotator_set_item (LwTextAnnotator *self,
                            LwProject       *project,
                            const LwItem    *item,
                            GPtrArray       *annotations,
                            GHashTable      *classes)
{
  g_return_if_fail (LW_IS_TEXT_ANNOTATOR (self));
  g_return_if_fail (project == NULL || LW_IS_PROJECT (project));

  g_set_object (&self->project, project);
  set_classes (self, classes);
  clear_error (self);

  self->updating = TRUE;
  if (item == NULL)
    {
      self->item_id = 0;
      g_clear_pointer (&self->text, g_free);
      g_clear_pointer (&self->item_name, g_free);
      lw_text_display_free (self->display);
      self->display = lw_text_display_new ("");
      gtk_text_buffer_set_text (self->buffer, "", 0);
      self->tags_valid = FALSE;
      self->selected_start = self->selected_end = -1;
    }
  else if (item->id != self->item_id || g_strcmp0 (item->text ? item->text : "", self->text) != 0)
    {
      GtkTextIter start;

      self->item_id = item->id;
      g_free (self->text);
      self->text = g_strdup (item->text ? item->text : "");
      g_free (self->item_name);
      self->item_name = g_strdup (item->name ? item->name : "");
      self->selected_id = 0;
      lw_text_display_free (self->display);
      self->display = lw_text_display_new (self->text);
      gtk_text_buffer_set_text (self->buffer, lw_text_display_get_text (self->display), -1);
      self->tags_valid = FALSE;
      self->selected_start = self->selected_end = -1;
      gtk_text_buffer_get_start_iter (self->buffer, &start);
      gtk_text_buffer_place_cursor (self->buffer, &start);
      /* Back to the top through the adjustment: scrolling to an iter would lay the text out
       * now, before the spans' tags are applied, and so twice. */
      gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view)), 0);
    }
  apply_spans (self, item != NULL ? annotations : NULL);
  self->updating = FALSE;
  update_info (self);
}

/* After an edit of ours: the item's spans again from the store, so that the widget is right
 * whether or not the window reloads it too. */
static void
reload_spans (LwTextAnnotator *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) annotations = lw_project_list_annotations (self->project, self->item_id, 0, &error);

  if (annotations == NULL)
    {
      show_error (self, error);
      return;
    }
  self->updating = TRUE;
  apply_spans (self, annotations);
  self->updating = FALSE;
  update_info (self);
}

static gboolean
check_writable (LwTextAnnotator *self, GError **error)
{
  return lw_gui_check_editable (self->project, self->item_id, error);
}

static void
edited (LwTextAnnotator *self)
{
  clear_error (self);
  reload_spans (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, self->item_id);
}

gboolean
lw_text_annotator_apply_class (LwTextAnnotator  *self,
                               gint64            class_id,
                               GError          **error)
{
  const LwLabelClass *klass;
  const Span *selected;
  gint64 start, end;

  g_return_val_if_fail (LW_IS_TEXT_ANNOTATOR (self), FALSE);

  if (!check_writable (self, error))
    return FALSE;
  klass = find_class (self, class_id);
  if (klass == NULL)
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOT_FOUND,
                   _("%s: no class with id %" G_GINT64_FORMAT), self->item_name, class_id);
      return FALSE;
    }
  if (!lw_label_class_allows (klass, LW_ANNOTATION_SPAN))
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_KIND,
                   _("%s: class “%s” does not label text spans"), self->item_name, klass->name);
      return FALSE;
    }

  if (has_text_selection (self, &start, &end))
    {
      g_autoptr(LwAnnotation) ann = NULL;
      double values[2];
      GtkTextIter iter;

      if (self->trim_whitespace && !lw_text_trim_span (self->text, &start, &end))
        {
          g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                       _("%s: the selection lies outside the text"), self->item_name);
          return FALSE;
        }
      if (start == end)
        {
          g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                       _("%s: the selection holds only white space"), self->item_name);
          return FALSE;
        }
      /* The same class on the same characters again would only be a duplicate. */
      for (guint i = 0; i < self->spans->len; i++)
        {
          const Span *span = self->spans->pdata[i];
          if (span->start == start && span->end == end && span->ann->class_id == class_id
              && span->ann->source != LW_SOURCE_PREDICTION)
            {
              g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                           _("%s: characters %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT " are already labelled “%s”"),
                           self->item_name, start, end, klass->name);
              return FALSE;
            }
        }
      ann = lw_annotation_new (self->item_id, class_id, LW_ANNOTATION_SPAN);
      values[0] = (double) start;
      values[1] = (double) end;
      lw_annotation_set_geometry (ann, values, 2);
      ann->source = LW_SOURCE_MANUAL;
      if (!lw_project_add_annotation (self->project, ann, error))
        return FALSE;
      /* The new span becomes the selected one, the cursor after it: the next key either
       * corrects its class or starts the next selection from there. */
      self->updating = TRUE;
      iter_at_item (self, &iter, end, TRUE);
      gtk_text_buffer_place_cursor (self->buffer, &iter);
      self->updating = FALSE;
      self->selected_id = ann->id;
      edited (self);
      return TRUE;
    }

  selected = find_span (self, self->selected_id);
  if (selected != NULL)
    {
      g_autoptr(LwAnnotation) changed = NULL;

      if (selected->ann->class_id == class_id && selected->ann->source != LW_SOURCE_PREDICTION)
        return TRUE;
      changed = lw_annotation_copy (selected->ann);
      changed->class_id = class_id;
      /* Choosing a class for a prediction is accepting it: it becomes the annotator's. */
      if (changed->source == LW_SOURCE_PREDICTION)
        {
          changed->source = LW_SOURCE_MANUAL;
          changed->score = NAN;
        }
      if (!lw_project_update_annotation (self->project, changed, error))
        return FALSE;
      edited (self);
      return TRUE;
    }

  g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
               _("%s: select some text, or click a span, before pressing a class key"),
               self->item_name);
  return FALSE;
}

gboolean
lw_text_annotator_delete_selected (LwTextAnnotator  *self,
                                   GError          **error)
{
  gint64 id;

  g_return_val_if_fail (LW_IS_TEXT_ANNOTATOR (self), FALSE);

  if (!check_writable (self, error))
    return FALSE;
  id = self->selected_id;
  if (id <= 0 || has_text_selection (self, NULL, NULL))
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOT_FOUND,
                   _("%s: no span is selected"), self->item_name);
      return FALSE;
    }
  if (!lw_project_delete_annotation (self->project, id, error))
    return FALSE;
  self->selected_id = 0;
  edited (self);
  return TRUE;
}

gboolean
lw_text_annotator_handle_key (LwTextAnnotator *self,
                              guint            keyval,
                              GdkModifierType  state)
{
  g_autoptr(GError) error = NULL;
  const LwLabelClass *klass = NULL;

  g_return_val_if_fail (LW_IS_TEXT_ANNOTATOR (self), FALSE);

  if (self->item_id <= 0
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK)) != 0)
    return FALSE;

  if (keyval == GDK_KEY_Delete || keyval == GDK_KEY_KP_Delete || keyval == GDK_KEY_BackSpace)
    {
      if (self->selected_id <= 0 || has_text_selection (self, NULL, NULL))
        return FALSE;
      if (!lw_text_annotator_delete_selected (self, &error))
        show_error (self, error);
      return TRUE;
    }

  for (guint i = 0; klass == NULL && i < self->classes->len; i++)
    {
      const LwLabelClass *candidate = self->classes->pdata[i];
      if (lw_label_class_allows (candidate, LW_ANNOTATION_SPAN)
          && lw_hotkey_matches (candidate->hotkey, keyval, state))
        klass = candidate;
    }
  if (klass == NULL)
    return FALSE;
  if (!lw_text_annotator_apply_class (self, klass->id, &error))
    show_error (self, error);
  return TRUE;
}

/* A field of the selected span's attributes was committed: one undoable update. */
static void
on_attributes_changed (LwAttributeEditor *editor, LwTextAnnotator *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAnnotation) changed = NULL;
  g_autofree char *json = NULL;
  const Span *span = find_span (self, lw_attribute_editor_get_annotation (editor));

  if (span == NULL)
    return;
  if (!check_writable (self, &error))
    {
      show_error (self, error);
      return;
    }
  json = lw_attribute_editor_dup_json (editor, &error);
  if (json == NULL)
    {
      g_prefix_error (&error, "%s: ", self->item_name);
      show_error (self, error);
      return;
    }
  if (g_strcmp0 (json, span->ann->attributes) == 0)
    return;
  changed = lw_annotation_copy (span->ann);
  g_free (changed->attributes);
  changed->attributes = g_steal_pointer (&json);
  if (!lw_project_update_annotation (self->project, changed, &error))
    {
      g_prefix_error (&error, "%s: ", self->item_name);
      show_error (self, error);
      return;
    }
  edited (self);
}

GtkWidget *
lw_text_annotator_get_attribute_editor (LwTextAnnotator *self)
{
  g_return_val_if_fail (LW_IS_TEXT_ANNOTATOR (self), NULL);
  return self->attributes;
}

static void
on_palette_clicked (GtkButton *button, LwTextAnnotator *self)
{
  g_autoptr(GError) error = NULL;
  const gint64 *class_id = g_object_get_data (G_OBJECT (button), "lw-class");

  if (!lw_text_annotator_apply_class (self, *class_id, &error))
    show_error (self, error);
}

/* The primary selection (middle-click paste) carries the item's characters too: GtkTextView
 * would offer the buffer's, display breaks included. Its realize hands the buffer the primary
 * clipboard and its unrealize takes it back; in between, the annotator sets it. */
static void
on_view_realize (GtkWidget *view, LwTextAnnotator *self)
{
  gtk_text_buffer_remove_selection_clipboard (self->buffer, gtk_widget_get_primary_clipboard (view));
}

static void
on_view_unrealize (GtkWidget *view, LwTextAnnotator *self)
{
  gtk_text_buffer_add_selection_clipboard (self->buffer, gtk_widget_get_primary_clipboard (view));
}

static void
set_primary_selection (LwTextAnnotator *self)
{
  g_autofree char *slice = NULL;
  gint64 start, end;

  if (!gtk_widget_get_realized (GTK_WIDGET (self->view)) || !has_text_selection (self, &start, &end))
    return;
  slice = lw_text_display_dup_item_slice (self->display, start, end);
  gdk_clipboard_set_text (gtk_widget_get_primary_clipboard (GTK_WIDGET (self->view)), slice);
}

/* The cursor moved or the selection changed: the span under the cursor is selected, unless
 * text is selected (then the next class key labels the text). */
static void
on_mark_set (GtkTextBuffer *buffer, const GtkTextIter *location, GtkTextMark *mark,
             LwTextAnnotator *self)
{
  GtkTextIter cursor;
  const Span *span;

  if (self->updating
      || (mark != gtk_text_buffer_get_insert (buffer)
          && mark != gtk_text_buffer_get_selection_bound (buffer)))
    return;
  clear_error (self);
  set_primary_selection (self);
  if (has_text_selection (self, NULL, NULL))
    set_selected (self, 0);
  else
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
      span = span_at (self, item_offset (self, &cursor));
      set_selected (self, span != NULL ? span->ann->id : 0);
    }
  update_info (self);
}

/* Copies the item's characters: the display breaks in the buffer are not part of them, and
 * a space shown as a break is a space again. Ctrl+C and the context menu's Copy both emit
 * "copy-clipboard". */
static void
on_copy_clipboard (GtkTextView *view, LwTextAnnotator *self)
{
  g_autofree char *slice = NULL;
  gint64 start, end;

  g_signal_stop_emission_by_name (view, "copy-clipboard");
  if (!has_text_selection (self, &start, &end))
    return;
  slice = lw_text_display_dup_item_slice (self->display, start, end);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (view)), slice);
}

/* Arrow keys step over an inserted display break as over nothing: the item has no character
 * there, and the cursor would otherwise stand still in the item for one key press. */
static void
on_move_cursor (GtkTextView *view, GtkMovementStep step, int count, gboolean extend,
                LwTextAnnotator *self)
{
  GtkTextMark *insert = gtk_text_buffer_get_insert (self->buffer);
  GtkTextIter iter;

  if (count == 0 || (step != GTK_MOVEMENT_LOGICAL_POSITIONS && step != GTK_MOVEMENT_VISUAL_POSITIONS
                     && step != GTK_MOVEMENT_WORDS))
    return;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, insert);
  if (!lw_text_display_is_inserted_break (self->display, gtk_text_iter_get_offset (&iter)))
    return;
  if (count > 0)
    gtk_text_iter_forward_char (&iter);
  else
    gtk_text_iter_backward_cursor_position (&iter);
  if (extend)
    gtk_text_buffer_move_mark (self->buffer, insert, &iter);
  else
    gtk_text_buffer_place_cursor (self->buffer, &iter);
  gtk_text_view_scroll_mark_onscreen (view, insert);
}

static gboolean
offset_at_point (LwTextAnnotator *self, double x, double y, gint64 *offset)
{
  GtkTextIter iter;
  int bx, by, trailing;

  gtk_text_view_window_to_buffer_coords (self->view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_position (self->view, &iter, &trailing, bx, by))
    return FALSE;
  *offset = item_offset (self, &iter);
  return TRUE;
}

/* A click selects the span under the pointer, even where the cursor lands on its far edge. */
static void
on_click_released (GtkGestureClick *gesture, int n_press, double x, double y, LwTextAnnotator *self)
{
  const Span *span;
  gint64 offset;

  if (n_press != 1 || has_text_selection (self, NULL, NULL) || !offset_at_point (self, x, y, &offset))
    return;
  span = span_at (self, offset);
  if (span != NULL)
    {
      set_selected (self, span->ann->id);
      update_info (self);
    }
}

static gboolean
on_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                  LwTextAnnotator *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 offset;

  if (keyboard || !offset_at_point (self, x, y, &offset))
    return FALSE;
  for (guint i = 0; self->spans != NULL && i < self->spans->len; i++)
    {
      const Span *span = self->spans->pdata[i];

      if (span->start > offset || offset >= span->end)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (span->ann->source == LW_SOURCE_PREDICTION && !isnan (span->ann->score))
        /* TRANSLATORS: tooltip over a predicted span: "grammar (prediction 0.87)" */
        g_string_append_printf (text, _("%s (prediction %.2f)"), class_name (self, span->ann->class_id),
                                span->ann->score);
      else if (span->ann->source == LW_SOURCE_PREDICTION)
        g_string_append_printf (text, _("%s (prediction)"), class_name (self, span->ann->class_id));
      else
        g_string_append (text, class_name (self, span->ann->class_id));
    }
  if (text->len == 0)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

GtkTextView *
lw_text_annotator_get_view (LwTextAnnotator *self)
{
  g_return_val_if_fail (LW_IS_TEXT_ANNOTATOR (self), NULL);
  return self->view;
}

gint64
lw_text_annotator_get_selected_span (LwTextAnnotator *self)
{
  g_return_val_if_fail (LW_IS_TEXT_ANNOTATOR (self), 0);
  return self->selected_id;
}

void
lw_text_annotator_select_span (LwTextAnnotator *self,
                               gint64           annotation_id)
{
  const Span *span;
  GtkTextIter iter;

  g_return_if_fail (LW_IS_TEXT_ANNOTATOR (self));

  span = find_span (self, annotation_id);
  self->updating = TRUE;
  if (span != NULL)
    {
      iter_at_item (self, &iter, span->start, FALSE);
      gtk_text_buffer_place_cursor (self->buffer, &iter);
      gtk_text_view_scroll_mark_onscreen (self->view, gtk_text_buffer_get_insert (self->buffer));
    }
  self->updating = FALSE;
  set_selected (self, span != NULL ? annotation_id : 0);
  update_info (self);
}

int
lw_text_annotator_get_span_layer (LwTextAnnotator *self,
                                  gint64           annotation_id)
{
  const Span *span;

  g_return_val_if_fail (LW_IS_TEXT_ANNOTATOR (self), -1);
  span = find_span (self, annotation_id);
  return span != NULL ? (int) span->layer : -1;
}

const char *
lw_text_annotator_get_info (LwTextAnnotator *self)
{
  g_return_val_if_fail (LW_IS_TEXT_ANNOTATOR (self), NULL);
  return gtk_label_get_text (self->info);
}

GtkWidget *
lw_text_annotator_new (void)
{
  return g_object_new (LW_TYPE_TEXT_ANNOTATOR, NULL);
}

static void
lw_text_annotator_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LwTextAnnotator *self = LW_TEXT_ANNOTATOR (object);

  switch (prop_id)
    {
    case PROP_TRIM_WHITESPACE:
      g_value_set_boolean (value, self->trim_whitespace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_text_annotator_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LwTextAnnotator *self = LW_TEXT_ANNOTATOR (object);

  switch (prop_id)
    {
    case PROP_TRIM_WHITESPACE:
      if (self->trim_whitespace != g_value_get_boolean (value))
        {
          self->trim_whitespace = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_text_annotator_dispose (GObject *object)
{
  LwTextAnnotator *self = LW_TEXT_ANNOTATOR (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->palette = NULL;
  self->scroller = NULL;
  self->view = NULL;
  self->attributes = NULL;
  self->info = NULL;
  g_clear_object (&self->buffer);
  g_clear_object (&self->project);
  g_clear_pointer (&self->spans, g_ptr_array_unref);
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  G_OBJECT_CLASS (lw_text_annotator_parent_class)->dispose (object);
}

static void
lw_text_annotator_finalize (GObject *object)
{
  LwTextAnnotator *self = LW_TEXT_ANNOTATOR (object);

  g_free (self->text);
  lw_text_display_free (self->display);
  g_free (self->item_name);
  g_free (self->classes_key);
  g_free (self->error_message);
  G_OBJECT_CLASS (lw_text_annotator_parent_class)->finalize (object);
}

static void
lw_text_annotator_class_init (LwTextAnnotatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lw_text_annotator_get_property;
  object_class->set_property = lw_text_annotator_set_property;
  object_class->dispose = lw_text_annotator_dispose;
  object_class->finalize = lw_text_annotator_finalize;

  properties[PROP_TRIM_WHITESPACE] =
    g_param_spec_boolean ("trim-whitespace", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* "changed" (gint64 item_id): after each edit the widget made, once it is committed. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lw-text-annotator");
}

static void
lw_text_annotator_init (LwTextAnnotator *self)
{
  GtkGesture *click;

  self->trim_whitespace = TRUE;
  self->display = lw_text_display_new ("");
  self->selected_start = self->selected_end = -1;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->palette = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->palette), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->palette), 12);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->palette), 2);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->palette), 2);
  gtk_widget_add_css_class (self->palette, "lw-span-palette");
  gtk_widget_set_margin_start (self->palette, 18);
  gtk_widget_set_margin_end (self->palette, 18);
  gtk_widget_set_margin_top (self->palette, 6);
  gtk_widget_set_visible (self->palette, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->palette), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Span classes"), -1);
  gtk_widget_set_parent (self->palette, GTK_WIDGET (self));

  self->buffer = gtk_text_buffer_new (NULL);
  /* The text is not edited here: no undo stack to keep a copy of a large text in. */
  gtk_text_buffer_set_enable_undo (self->buffer, FALSE);
  self->selected_tag = gtk_text_buffer_create_tag (self->buffer, "lw-selected-span", NULL);
  g_signal_connect (self->buffer, "mark-set", G_CALLBACK (on_mark_set), self);

  self->view = GTK_TEXT_VIEW (gtk_text_view_new_with_buffer (self->buffer));
  /* Read-only text, but a visible cursor: the keyboard selects with it. */
  gtk_text_view_set_editable (self->view, FALSE);
  gtk_text_view_set_cursor_visible (self->view, TRUE);
  gtk_text_view_set_wrap_mode (self->view, GTK_WRAP_WORD_CHAR);
  /* The same space inside wrapped lines as below paragraphs: a display break in a long
   * paragraph (lw-text-display.c) then looks like a line wrapped after a sentence. */
  gtk_text_view_set_pixels_inside_wrap (self->view, 4);
  gtk_text_view_set_pixels_below_lines (self->view, 4);
  gtk_text_view_set_left_margin (self->view, 24);
  gtk_text_view_set_right_margin (self->view, 24);
  gtk_text_view_set_top_margin (self->view, 18);
  gtk_text_view_set_bottom_margin (self->view, 24);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "lw-text-view");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Text with annotated spans"), -1);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->view), TRUE);
  g_signal_connect (self->view, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
  g_signal_connect (self->view, "copy-clipboard", G_CALLBACK (on_copy_clipboard), self);
  g_signal_connect_after (self->view, "realize", G_CALLBACK (on_view_realize), self);
  g_signal_connect (self->view, "unrealize", G_CALLBACK (on_view_unrealize), self);
  g_signal_connect_after (self->view, "move-cursor", G_CALLBACK (on_move_cursor), self);
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), GTK_EVENT_CONTROLLER (click));

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_widget_set_hexpand (self->scroller, TRUE);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  self->attributes = lw_attribute_editor_new ();
  gtk_widget_set_margin_start (self->attributes, 24);
  gtk_widget_set_margin_end (self->attributes, 24);
  gtk_widget_set_margin_top (self->attributes, 6);
  g_signal_connect (self->attributes, "changed", G_CALLBACK (on_attributes_changed), self);
  gtk_widget_set_parent (self->attributes, GTK_WIDGET (self));

  self->info = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->info, 0);
  gtk_label_set_wrap (self->info, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->info), "lw-text-info");
  gtk_widget_add_css_class (GTK_WIDGET (self->info), "caption");
  gtk_widget_set_margin_start (GTK_WIDGET (self->info), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (self->info), 24);
  gtk_widget_set_margin_top (GTK_WIDGET (self->info), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->info), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->info), "dim-label");
  gtk_widget_set_parent (GTK_WIDGET (self->info), GTK_WIDGET (self));

  self->classes = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_label_class_free);
  self->classes_key = g_strdup ("");
}
