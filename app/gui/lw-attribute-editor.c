/* lw-attribute-editor.c: fields for the attributes of one annotation's class */
#define G_LOG_DOMAIN "lw-attribute-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>

#include "lw-attribute-editor.h"

struct _LwAttributeEditor
{
  GtkWidget     parent_instance;

  GtkWidget    *grid;        /* label and field pairs, in one row or one pair per row */
  gboolean      vertical;
  gint64        annotation_id;
  LwLabelClass *klass;       /* copy; the attributes shown */
  char         *attributes;  /* the JSON text shown */
  GHashTable   *fields;      /* attribute name -> field widget, not owned */
  gboolean      filling;
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LwAttributeEditor, lw_attribute_editor, GTK_TYPE_WIDGET)

static gboolean
editable_type (LwAttributeType type)
{
  return type == LW_ATTRIBUTE_TEXT || type == LW_ATTRIBUTE_CHOICE || type == LW_ATTRIBUTE_BOOL
         || type == LW_ATTRIBUTE_INT || type == LW_ATTRIBUTE_NUMBER;
}

static void
emit_changed (LwAttributeEditor *self)
{
  if (!self->filling)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_entry_activate (GtkEntry *entry, LwAttributeEditor *self)
{
  emit_changed (self);
}

static void
on_dropdown_selected (GtkDropDown *dropdown, GParamSpec *pspec, LwAttributeEditor *self)
{
  emit_changed (self);
}

static void
on_check_toggled (GtkCheckButton *check, LwAttributeEditor *self)
{
  emit_changed (self);
}

static JsonObject *
parse_object (const char *text, JsonParser *parser)
{
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

/* The value of @name in @object as text for an entry, or NULL. */
static char *
dup_value_text (JsonObject *object, const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    }
  return NULL;
}

static void
rebuild (LwAttributeEditor *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = parse_object (self->attributes, parser);
  GtkWidget *child;
  guint shown = 0;

  g_hash_table_remove_all (self->fields);
  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);

  self->filling = TRUE;
  for (guint i = 0; self->klass != NULL && i < self->klass->attributes->len; i++)
    {
      const LwAttributeDef *def = self->klass->attributes->pdata[i];
      GtkWidget *field, *label;

      if (!editable_type (def->type))
        continue;
      label = gtk_label_new (def->name);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      if (shown > 0 && !self->vertical)
        gtk_widget_set_margin_start (label, 12);
      if (def->type == LW_ATTRIBUTE_CHOICE)
        {
          g_autoptr(GPtrArray) names = g_ptr_array_new ();
          g_autofree char *value = dup_value_text (object, def->name);
          guint selected = 0;

          /* TRANSLATORS: the empty choice of an attribute */
          g_ptr_array_add (names, (gpointer) _("none"));
          for (guint k = 0; def->choices != NULL && def->choices[k] != NULL; k++)
            {
              g_ptr_array_add (names, def->choices[k]);
              if (g_strcmp0 (value, def->choices[k]) == 0)
                selected = k + 1;
            }
          g_ptr_array_add (names, NULL);
          field = gtk_drop_down_new_from_strings ((const char *const *) names->pdata);
          gtk_drop_down_set_selected (GTK_DROP_DOWN (field), selected);
          g_signal_connect (field, "notify::selected", G_CALLBACK (on_dropdown_selected), self);
        }
      else if (def->type == LW_ATTRIBUTE_BOOL)
        {
          JsonNode *node = object ? json_object_get_member (object, def->name) : NULL;

          field = gtk_check_button_new ();
          gtk_check_button_set_active (GTK_CHECK_BUTTON (field),
                                       node != NULL && JSON_NODE_HOLDS_VALUE (node)
                                       && json_node_get_value_type (node) == G_TYPE_BOOLEAN
                                       && json_node_get_boolean (node));
          g_signal_connect (field, "toggled", G_CALLBACK (on_check_toggled), self);
        }
      else
        {
          g_autofree char *value = dup_value_text (object, def->name);

          field = gtk_entry_new ();
          gtk_editable_set_text (GTK_EDITABLE (field), value ? value : "");
          gtk_entry_set_placeholder_text (GTK_ENTRY (field), _("Enter saves"));
          gtk_editable_set_width_chars (GTK_EDITABLE (field), def->type == LW_ATTRIBUTE_TEXT ? 18 : 6);
          if (def->type != LW_ATTRIBUTE_TEXT)
            gtk_entry_set_input_purpose (GTK_ENTRY (field), GTK_INPUT_PURPOSE_NUMBER);
          g_signal_connect (field, "activate", G_CALLBACK (on_entry_activate), self);
        }
      gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL, def->name, -1);
      gtk_widget_set_valign (field, GTK_ALIGN_CENTER);
      if (self->vertical)
        {
          gtk_widget_set_hexpand (field, TRUE);
          gtk_grid_attach (GTK_GRID (self->grid), label, 0, (int) shown, 1, 1);
          gtk_grid_attach (GTK_GRID (self->grid), field, 1, (int) shown, 1, 1);
        }
      else
        {
          gtk_grid_attach (GTK_GRID (self->grid), label, 2 * (int) shown, 0, 1, 1);
          gtk_grid_attach (GTK_GRID (self->grid), field, 2 * (int) shown + 1, 0, 1, 1);
        }
      g_hash_table_insert (self->fields, g_strdup (def->name), field);
      shown++;
    }
  self->filling = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self), shown > 0);
}

/* The same annotation's values changed (after our own commit, or an undo): new values in the
 * fields that are there, so that the one being typed into keeps the focus. */
static void
refill (LwAttributeEditor *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = parse_object (self->attributes, parser);

  self->filling = TRUE;
  for (guint i = 0; i < self->klass->attributes->len; i++)
    {
      const LwAttributeDef *def = self->klass->attributes->pdata[i];
      GtkWidget *field = g_hash_table_lookup (self->fields, def->name);
      g_autofree char *value = dup_value_text (object, def->name);

      if (field == NULL)
        continue;
      if (def->type == LW_ATTRIBUTE_CHOICE)
        {
          guint selected = 0;
          for (guint k = 0; def->choices != NULL && def->choices[k] != NULL; k++)
            if (g_strcmp0 (value, def->choices[k]) == 0)
              selected = k + 1;
          gtk_drop_down_set_selected (GTK_DROP_DOWN (field), selected);
        }
      else if (def->type == LW_ATTRIBUTE_BOOL)
        {
          JsonNode *node = object ? json_object_get_member (object, def->name) : NULL;
          gtk_check_button_set_active (GTK_CHECK_BUTTON (field),
                                       node != NULL && JSON_NODE_HOLDS_VALUE (node)
                                       && json_node_get_value_type (node) == G_TYPE_BOOLEAN
                                       && json_node_get_boolean (node));
        }
      else if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (field)), value ? value : "") != 0)
        gtk_editable_set_text (GTK_EDITABLE (field), value ? value : "");
    }
  self->filling = FALSE;
}

void
lw_attribute_editor_set (LwAttributeEditor  *self,
                         gint64              annotation_id,
                         const LwLabelClass *klass,
                         const char         *attributes)
{
  g_return_if_fail (LW_IS_ATTRIBUTE_EDITOR (self));

  if (klass == NULL)
    annotation_id = 0;
  if (annotation_id == self->annotation_id && g_strcmp0 (attributes, self->attributes) == 0
      && (klass == NULL) == (self->klass == NULL) && (klass == NULL || klass->id == self->klass->id))
    return;
  g_free (self->attributes);
  self->attributes = g_strdup (attributes ? attributes : "{}");
  if (klass != NULL && self->klass != NULL && klass->id == self->klass->id
      && annotation_id == self->annotation_id)
    {
      refill (self);
      return;
    }
  self->annotation_id = annotation_id;
  g_clear_pointer (&self->klass, lw_label_class_free);
  self->klass = klass ? lw_label_class_copy (klass) : NULL;
  rebuild (self);
}

void
lw_attribute_editor_set_vertical (LwAttributeEditor *self, gboolean vertical)
{
  g_return_if_fail (LW_IS_ATTRIBUTE_EDITOR (self));

  if (self->vertical == vertical)
    return;
  self->vertical = vertical;
  rebuild (self);
}

gint64
lw_attribute_editor_get_annotation (LwAttributeEditor *self)
{
  g_return_val_if_fail (LW_IS_ATTRIBUTE_EDITOR (self), 0);
  return self->annotation_id;
}

GtkWidget *
lw_attribute_editor_get_field (LwAttributeEditor *self,
                               const char        *name)
{
  g_return_val_if_fail (LW_IS_ATTRIBUTE_EDITOR (self), NULL);
  return g_hash_table_lookup (self->fields, name);
}

char *
lw_attribute_editor_dup_json (LwAttributeEditor  *self,
                              GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *shown;
  JsonObject *object;

  g_return_val_if_fail (LW_IS_ATTRIBUTE_EDITOR (self), NULL);

  /* Members this editor does not show (multiple choices) are kept as they were. */
  shown = parse_object (self->attributes, parser);
  object = shown ? json_object_ref (shown) : json_object_new ();
  root = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  for (guint i = 0; self->klass != NULL && i < self->klass->attributes->len; i++)
    {
      const LwAttributeDef *def = self->klass->attributes->pdata[i];
      GtkWidget *field = g_hash_table_lookup (self->fields, def->name);

      if (field == NULL)
        continue;
      if (def->type == LW_ATTRIBUTE_CHOICE)
        {
          guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (field));
          if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
            json_object_remove_member (object, def->name);
          else
            json_object_set_string_member (object, def->name, def->choices[selected - 1]);
        }
      else if (def->type == LW_ATTRIBUTE_BOOL)
        json_object_set_boolean_member (object, def->name,
                                        gtk_check_button_get_active (GTK_CHECK_BUTTON (field)));
      else
        {
          g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (field))));
          char *end = NULL;

          if (*text == '\0')
            json_object_remove_member (object, def->name);
          else if (def->type == LW_ATTRIBUTE_TEXT)
            json_object_set_string_member (object, def->name, gtk_editable_get_text (GTK_EDITABLE (field)));
          else if (def->type == LW_ATTRIBUTE_INT)
            {
              gint64 v = g_ascii_strtoll (text, &end, 10);
              if (end == NULL || *end != '\0')
                goto not_a_number;
              json_object_set_int_member (object, def->name, v);
            }
          else
            {
              double v = g_ascii_strtod (text, &end);
              if (end == NULL || *end != '\0' || !isfinite (v))
                goto not_a_number;
              json_object_set_double_member (object, def->name, v);
            }
          continue;
        not_a_number:
          g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                       _("Attribute “%s” expects a number, not “%s”"), def->name, text);
          return NULL;
        }
    }
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

GtkWidget *
lw_attribute_editor_new (void)
{
  return g_object_new (LW_TYPE_ATTRIBUTE_EDITOR, NULL);
}

static void
lw_attribute_editor_dispose (GObject *object)
{
  LwAttributeEditor *self = LW_ATTRIBUTE_EDITOR (object);
  GtkWidget *child;

  g_hash_table_remove_all (self->fields);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->grid = NULL;
  g_clear_pointer (&self->klass, lw_label_class_free);
  G_OBJECT_CLASS (lw_attribute_editor_parent_class)->dispose (object);
}

static void
lw_attribute_editor_finalize (GObject *object)
{
  LwAttributeEditor *self = LW_ATTRIBUTE_EDITOR (object);

  g_hash_table_unref (self->fields);
  g_free (self->attributes);
  G_OBJECT_CLASS (lw_attribute_editor_parent_class)->finalize (object);
}

static void
lw_attribute_editor_class_init (LwAttributeEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_attribute_editor_dispose;
  object_class->finalize = lw_attribute_editor_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lw-attribute-editor");
}

static void
lw_attribute_editor_init (LwAttributeEditor *self)
{
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 6);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
