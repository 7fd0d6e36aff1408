/* lw-attribute-rows.c: rows that edit an annotation's attributes */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "lw-attribute-rows.h"

typedef struct {
  JsonObject          *values;
  LwAttributesChanged  changed;
  gpointer             user_data;
} State;

static void
state_free (State *state)
{
  json_object_unref (state->values);
  g_free (state);
}

static void
emit (State *state)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), state->values);
  g_autofree char *text = json_to_string (node, FALSE);

  state->changed (text, state->user_data);
}

static State *
state_of (GtkWidget *widget)
{
  GtkWidget *box = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX);

  return box ? g_object_get_data (G_OBJECT (box), "lw-attribute-state") : NULL;
}

static const char *
name_of (GObject *object)
{
  return g_object_get_data (object, "lw-attribute");
}

/* The value of @def: the stored one, else the schema's default, else NULL. */
static JsonNode *
dup_value (JsonObject *values, const LwAttributeDef *def)
{
  JsonNode *node = json_object_get_member (values, def->name);

  if (node != NULL)
    return json_node_copy (node);
  if (def->default_value != NULL)
    return json_from_string (def->default_value, NULL);
  return NULL;
}

static void
on_switch (GtkSwitch *sw, GParamSpec *pspec, gpointer data)
{
  State *state = state_of (GTK_WIDGET (sw));

  if (state == NULL)
    return;
  json_object_set_boolean_member (state->values, name_of (G_OBJECT (sw)), gtk_switch_get_active (sw));
  emit (state);
}

static void
on_spin (GtkSpinButton *spin, gpointer data)
{
  State *state = state_of (GTK_WIDGET (spin));

  if (state == NULL)
    return;
  if (gtk_spin_button_get_digits (spin) == 0)
    json_object_set_int_member (state->values, name_of (G_OBJECT (spin)), gtk_spin_button_get_value_as_int (spin));
  else
    json_object_set_double_member (state->values, name_of (G_OBJECT (spin)), gtk_spin_button_get_value (spin));
  emit (state);
}

static void
on_entry_apply (AdwEntryRow *row, gpointer data)
{
  State *state = state_of (GTK_WIDGET (row));

  if (state == NULL)
    return;
  json_object_set_string_member (state->values, name_of (G_OBJECT (row)),
                                 gtk_editable_get_text (GTK_EDITABLE (row)));
  emit (state);
}

static void
on_combo (AdwComboRow *row, GParamSpec *pspec, gpointer data)
{
  State *state = state_of (GTK_WIDGET (row));
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  if (state == NULL || item == NULL)
    return;
  json_object_set_string_member (state->values, name_of (G_OBJECT (row)),
                                 gtk_string_object_get_string (item));
  emit (state);
}

static void
on_multi (GtkCheckButton *check, gpointer data)
{
  State *state = state_of (GTK_WIDGET (check));
  const char *name = name_of (G_OBJECT (check));
  const char *choice = g_object_get_data (G_OBJECT (check), "lw-choice");
  JsonArray *old, *now = json_array_new ();
  gboolean on = gtk_check_button_get_active (check);

  if (state == NULL)
    {
      json_array_unref (now);
      return;
    }
  old = json_object_has_member (state->values, name)
        ? json_object_get_array_member (state->values, name) : NULL;
  for (guint i = 0; old != NULL && i < json_array_get_length (old); i++)
    {
      const char *c = json_node_get_string (json_array_get_element (old, i));
      if (c != NULL && g_strcmp0 (c, choice) != 0)
        json_array_add_string_element (now, c);
    }
  if (on)
    json_array_add_string_element (now, choice);
  json_object_set_array_member (state->values, name, now);
  emit (state);
}

static GtkWidget *
bool_row (const LwAttributeDef *def, JsonNode *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (sw), value && JSON_NODE_HOLDS_VALUE (value) && json_node_get_boolean (value));
  g_object_set_data_full (G_OBJECT (sw), "lw-attribute", g_strdup (def->name), g_free);
  g_signal_connect (sw, "notify::active", G_CALLBACK (on_switch), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, def->name, -1);
  return row;
}

static GtkWidget *
number_row (const LwAttributeDef *def, JsonNode *value)
{
  GtkWidget *row = adw_action_row_new ();
  gboolean integer = def->type == LW_ATTRIBUTE_INT;
  GtkWidget *spin = gtk_spin_button_new_with_range (-1e9, 1e9, integer ? 1 : 0.1);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), integer ? 0 : 2);
  if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), json_node_get_double (value));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (spin), "lw-attribute", g_strdup (def->name), g_free);
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_spin), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, def->name, -1);
  return row;
}

static GtkWidget *
text_row (const LwAttributeDef *def, JsonNode *value)
{
  GtkWidget *row = adw_entry_row_new ();
  const char *text = value && JSON_NODE_HOLDS_VALUE (value) ? json_node_get_string (value) : NULL;

  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "lw-attribute", g_strdup (def->name), g_free);
  g_signal_connect (row, "apply", G_CALLBACK (on_entry_apply), NULL);
  return row;
}

static GtkWidget *
choice_row (const LwAttributeDef *def, JsonNode *value)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new ((const char *const *) def->choices);
  const char *current = value && JSON_NODE_HOLDS_VALUE (value) ? json_node_get_string (value) : NULL;

  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  for (guint i = 0; def->choices != NULL && def->choices[i] != NULL; i++)
    if (g_strcmp0 (def->choices[i], current) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  if (current == NULL)
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), GTK_INVALID_LIST_POSITION);
  g_object_set_data_full (G_OBJECT (row), "lw-attribute", g_strdup (def->name), g_free);
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_combo), NULL);
  return row;
}

static GtkWidget *
multi_row (const LwAttributeDef *def, JsonNode *value)
{
  GtkWidget *row = adw_expander_row_new ();
  JsonArray *chosen = value && JSON_NODE_HOLDS_ARRAY (value) ? json_node_get_array (value) : NULL;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  for (guint i = 0; def->choices != NULL && def->choices[i] != NULL; i++)
    {
      GtkWidget *choice = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      gboolean on = FALSE;

      for (guint j = 0; chosen != NULL && j < json_array_get_length (chosen); j++)
        on |= g_strcmp0 (json_node_get_string (json_array_get_element (chosen, j)), def->choices[i]) == 0;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), on);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (choice), def->choices[i]);
      g_object_set_data_full (G_OBJECT (check), "lw-attribute", g_strdup (def->name), g_free);
      g_object_set_data_full (G_OBJECT (check), "lw-choice", g_strdup (def->choices[i]), g_free);
      g_signal_connect (check, "toggled", G_CALLBACK (on_multi), NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (choice), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (choice), check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), choice);
    }
  return row;
}

gboolean
lw_attribute_rows_fill (GtkListBox          *box,
                        const LwLabelClass  *klass,
                        const char          *json,
                        LwAttributesChanged  changed,
                        gpointer             user_data)
{
  g_autoptr(JsonNode) root = json ? json_from_string (json, NULL) : NULL;
  State *state;

  g_object_set_data (G_OBJECT (box), "lw-attribute-state", NULL);
  if (klass == NULL || klass->attributes == NULL || klass->attributes->len == 0)
    return FALSE;
  state = g_new0 (State, 1);
  state->values = root && JSON_NODE_HOLDS_OBJECT (root) ? json_object_ref (json_node_get_object (root))
                                                         : json_object_new ();
  state->changed = changed;
  state->user_data = user_data;
  /* Rows are appended before the state is attached: building them emits no change. */
  for (guint i = 0; i < klass->attributes->len; i++)
    {
      const LwAttributeDef *def = klass->attributes->pdata[i];
      g_autoptr(JsonNode) value = dup_value (state->values, def);
      GtkWidget *row;

      switch (def->type)
        {
        case LW_ATTRIBUTE_BOOL: row = bool_row (def, value); break;
        case LW_ATTRIBUTE_INT:
        case LW_ATTRIBUTE_NUMBER: row = number_row (def, value); break;
        case LW_ATTRIBUTE_CHOICE: row = choice_row (def, value); break;
        case LW_ATTRIBUTE_MULTI: row = multi_row (def, value); break;
        case LW_ATTRIBUTE_TEXT:
        default: row = text_row (def, value); break;
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), def->name);
      gtk_list_box_append (box, row);
    }
  g_object_set_data_full (G_OBJECT (box), "lw-attribute-state", state, (GDestroyNotify) state_free);
  return TRUE;
}
