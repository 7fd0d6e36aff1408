/* lw-schema-editor.c: a dialog that edits an open project's classes
 *
 * A list of the classes in palette order on the left, the selected class's form on the
 * right. Each change is saved when it is made (entry rows when applied), as GNOME settings
 * are: the store validates it, and a refusal is shown inline above the form while the
 * stored class stays as it was.
 */
#define G_LOG_DOMAIN "lw-schema-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-gui.h"
#include "lw-schema-editor.h"

struct _LwSchemaEditor
{
  AdwWindow            parent_instance;

  /* template */
  AdwToastOverlay     *toast_overlay;
  GtkListBox          *class_list;
  GtkWidget           *move_up_button;
  GtkWidget           *move_down_button;
  GtkStack            *form_stack;
  GtkWidget           *error_group;
  GtkLabel            *error_label;
  AdwEntryRow         *name_row;
  GtkColorButton      *color_button;
  AdwEntryRow         *hotkey_row;
  AdwEntryRow         *group_row;
  AdwPreferencesGroup *kinds_group;
  AdwPreferencesGroup *attributes_group;
  AdwEntryRow         *attr_name_row;
  AdwComboRow         *attr_type_row;
  AdwEntryRow         *attr_choices_row;

  LwProject           *project;
  GPtrArray           *classes;          /* LwLabelClass*, palette order */
  LwLabelClass        *current;          /* one of classes, or NULL */
  GtkCheckButton      *kind_checks[LW_ANNOTATION_N_KINDS];
  GPtrArray           *attribute_rows;   /* GtkWidget* in attributes_group */
  char                *error;
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (LwSchemaEditor, lw_schema_editor, ADW_TYPE_WINDOW)

/* A palette that stays apart on the dark image background; new classes take the next. */
static const char *const palette[] = {
  "#e01b24", "#3584e4", "#33d17a", "#f6d32d", "#9141ac", "#ff7800", "#00b4c4", "#c061cb",
};

static const char *
kind_display_name (LwAnnotationKind kind)
{
  switch (kind)
    {
    case LW_ANNOTATION_TAG: return _("Tag (whole item)");
    case LW_ANNOTATION_BBOX: return _("Box");
    case LW_ANNOTATION_RBOX: return _("Rotated box");
    case LW_ANNOTATION_POLYGON: return _("Polygon");
    case LW_ANNOTATION_POLYLINE: return _("Polyline");
    case LW_ANNOTATION_POINT: return _("Point");
    case LW_ANNOTATION_KEYPOINTS: return _("Keypoints");
    case LW_ANNOTATION_SPAN: return _("Text span");
    case LW_ANNOTATION_N_KINDS:
    default: return "";
    }
}

static const char *
attribute_type_display_name (LwAttributeType type)
{
  switch (type)
    {
    case LW_ATTRIBUTE_BOOL: return _("Yes or no");
    case LW_ATTRIBUTE_INT: return _("Whole number");
    case LW_ATTRIBUTE_NUMBER: return _("Number");
    case LW_ATTRIBUTE_TEXT: return _("Text");
    case LW_ATTRIBUTE_CHOICE: return _("One of a list");
    case LW_ATTRIBUTE_MULTI: return _("Several of a list");
    default: return "";
    }
}

static void
set_error (LwSchemaEditor *self, const char *message, GtkWidget *culprit)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  gtk_widget_set_visible (self->error_group, message != NULL);
  if (culprit != NULL)
    gtk_widget_add_css_class (culprit, "error");
}

static void
clear_error (LwSchemaEditor *self)
{
  GtkWidget *rows[] = { GTK_WIDGET (self->name_row), GTK_WIDGET (self->hotkey_row),
                        GTK_WIDGET (self->group_row), GTK_WIDGET (self->attr_name_row),
                        GTK_WIDGET (self->attr_choices_row) };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");
  set_error (self, NULL, NULL);
}

static GtkWidget *
class_row_new (const LwLabelClass *klass)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *swatch = lw_gui_color_swatch_new (klass->color, 14);
  GtkWidget *name = gtk_label_new (klass->name);

  gtk_box_append (GTK_BOX (box), swatch);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (box), name);

  if (klass->hotkey != NULL)
    {
      GtkWidget *key = gtk_label_new (klass->hotkey);
      g_autofree char *a11y = g_strdup_printf (_("Hotkey %s"), klass->hotkey);

      gtk_widget_add_css_class (key, "dim-label");
      gtk_widget_add_css_class (key, "monospace");
      gtk_accessible_update_property (GTK_ACCESSIBLE (key), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      gtk_box_append (GTK_BOX (box), key);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, klass->name, -1);
  return row;
}

static int
current_index (LwSchemaEditor *self)
{
  for (guint i = 0; self->current != NULL && i < self->classes->len; i++)
    if (g_ptr_array_index (self->classes, i) == self->current)
      return (int) i;
  return -1;
}

static void
update_actions (LwSchemaEditor *self)
{
  int i = current_index (self);
  gboolean writable = !lw_project_is_read_only (self->project);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "schema.add-class", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "schema.remove-class", writable && i >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "schema.add-attribute", writable && i >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "schema.move-up", writable && i > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "schema.move-down",
                                 writable && i >= 0 && (guint) i + 1 < self->classes->len);
}

static gboolean save (LwSchemaEditor *self, const LwLabelClass *edited, GtkWidget *culprit);

static void
on_remove_attribute_clicked (GtkButton *button, LwSchemaEditor *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "lw-attribute-index"));
  g_autoptr(LwLabelClass) edited = NULL;

  if (self->current == NULL || index >= self->current->attributes->len)
    return;
  edited = lw_label_class_copy (self->current);
  g_ptr_array_remove_index (edited->attributes, index);
  save (self, edited, NULL);
}

static void
fill_attributes (LwSchemaEditor *self)
{
  for (guint i = 0; i < self->attribute_rows->len; i++)
    adw_preferences_group_remove (self->attributes_group, g_ptr_array_index (self->attribute_rows, i));
  g_ptr_array_set_size (self->attribute_rows, 0);

  for (guint i = 0; self->current != NULL && i < self->current->attributes->len; i++)
    {
      const LwAttributeDef *def = g_ptr_array_index (self->current->attributes, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *subtitle = NULL;
      g_autofree char *a11y = g_strdup_printf (_("Remove attribute %s"), def->name);

      if (def->choices != NULL && def->choices[0] != NULL)
        {
          g_autofree char *choices = g_strjoinv (", ", def->choices);
          /* TRANSLATORS: an attribute's type and its choices: "One of a list: red, green" */
          subtitle = g_strdup_printf (_("%s: %s"), attribute_type_display_name (def->type), choices);
        }
      else
        subtitle = g_strdup (attribute_type_display_name (def->type));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), def->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove the attribute"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      g_object_set_data (G_OBJECT (remove), "lw-attribute-index", GUINT_TO_POINTER (i));
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_attribute_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

      adw_preferences_group_add (self->attributes_group, row);
      g_ptr_array_add (self->attribute_rows, row);
    }
  if (self->attribute_rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No attributes"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->attributes_group, row);
      g_ptr_array_add (self->attribute_rows, row);
    }
}

static void
load_form (LwSchemaEditor *self)
{
  LwLabelClass *klass = self->current;
  GdkRGBA rgba = { 0.5, 0.5, 0.5, 1 };

  self->loading = TRUE;
  gtk_stack_set_visible_child_name (self->form_stack, klass != NULL ? "form" : "empty");
  if (klass != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), klass->name);
      gtk_editable_set_text (GTK_EDITABLE (self->hotkey_row), klass->hotkey ? klass->hotkey : "");
      gtk_editable_set_text (GTK_EDITABLE (self->group_row), klass->group ? klass->group : "");
      if (klass->color != NULL)
        gdk_rgba_parse (&rgba, klass->color);
      gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
      for (int k = 0; k < LW_ANNOTATION_N_KINDS; k++)
        gtk_check_button_set_active (self->kind_checks[k], lw_label_class_allows (klass, k));
    }
  fill_attributes (self);
  self->loading = FALSE;
  update_actions (self);
}

/* Reads the classes again and selects @select_id (or the first). */
static void
reload (LwSchemaEditor *self, gint64 select_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) classes = lw_project_list_classes (self->project, &error);
  GtkWidget *child;
  GtkListBoxRow *select = NULL;

  if (classes == NULL)
    {
      set_error (self, error->message, NULL);
      return;
    }
  self->loading = TRUE;
  self->current = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->class_list))) != NULL)
    gtk_list_box_remove (self->class_list, child);
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  self->classes = g_steal_pointer (&classes);
  for (guint i = 0; i < self->classes->len; i++)
    {
      LwLabelClass *klass = g_ptr_array_index (self->classes, i);
      GtkWidget *row = class_row_new (klass);

      gtk_list_box_append (self->class_list, row);
      if (select == NULL || klass->id == select_id)
        {
          select = GTK_LIST_BOX_ROW (row);
          self->current = klass;
        }
    }
  gtk_list_box_select_row (self->class_list, select);
  self->loading = FALSE;
  load_form (self);
}

static gboolean
save (LwSchemaEditor *self, const LwLabelClass *edited, GtkWidget *culprit)
{
  g_autoptr(GError) error = NULL;

  if (!lw_project_update_class (self->project, edited, &error))
    {
      /* Show the stored class again, keeping what was typed in the culprit row. */
      g_autofree char *typed = culprit ? g_strdup (gtk_editable_get_text (GTK_EDITABLE (culprit))) : NULL;

      load_form (self);
      if (typed != NULL)
        gtk_editable_set_text (GTK_EDITABLE (culprit), typed);
      clear_error (self);
      set_error (self, error->message, culprit);
      return FALSE;
    }
  clear_error (self);
  reload (self, edited->id);
  return TRUE;
}

static char *
dup_entry_or_null (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
on_name_apply (LwSchemaEditor *self)
{
  g_autoptr(LwLabelClass) edited = NULL;

  if (self->current == NULL)
    return;
  edited = lw_label_class_copy (self->current);
  g_free (edited->name);
  edited->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  save (self, edited, GTK_WIDGET (self->name_row));
}

static void
on_hotkey_apply (LwSchemaEditor *self)
{
  g_autoptr(LwLabelClass) edited = NULL;

  if (self->current == NULL)
    return;
  edited = lw_label_class_copy (self->current);
  g_free (edited->hotkey);
  edited->hotkey = dup_entry_or_null (self->hotkey_row);
  save (self, edited, GTK_WIDGET (self->hotkey_row));
}

static void
on_group_apply (LwSchemaEditor *self)
{
  g_autoptr(LwLabelClass) edited = NULL;

  if (self->current == NULL)
    return;
  edited = lw_label_class_copy (self->current);
  g_free (edited->group);
  edited->group = dup_entry_or_null (self->group_row);
  save (self, edited, GTK_WIDGET (self->group_row));
}

static void
on_color_set (LwSchemaEditor *self)
{
  g_autoptr(LwLabelClass) edited = NULL;
  GdkRGBA rgba;

  if (self->current == NULL || self->loading)
    return;
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  edited = lw_label_class_copy (self->current);
  g_free (edited->color);
  edited->color = g_strdup_printf ("#%02x%02x%02x", (int) (CLAMP (rgba.red, 0, 1) * 255 + 0.5),
                                   (int) (CLAMP (rgba.green, 0, 1) * 255 + 0.5),
                                   (int) (CLAMP (rgba.blue, 0, 1) * 255 + 0.5));
  save (self, edited, NULL);
}

static void
on_kind_toggled (GtkCheckButton *check, LwSchemaEditor *self)
{
  LwAnnotationKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), "lw-kind"));
  g_autoptr(LwLabelClass) edited = NULL;

  if (self->current == NULL || self->loading)
    return;
  edited = lw_label_class_copy (self->current);
  if (gtk_check_button_get_active (check))
    edited->kinds |= LW_KIND_BIT (kind);
  else
    edited->kinds &= ~LW_KIND_BIT (kind);
  save (self, edited, NULL);
}

static void
on_row_selected (LwSchemaEditor *self, GtkListBoxRow *row)
{
  int index;

  if (self->loading || row == NULL)
    return;
  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint) index >= self->classes->len)
    return;
  self->current = g_ptr_array_index (self->classes, index);
  clear_error (self);
  load_form (self);
}

static gboolean
name_taken (LwSchemaEditor *self, const char *name)
{
  for (guint i = 0; i < self->classes->len; i++)
    if (g_ascii_strcasecmp (((LwLabelClass *) g_ptr_array_index (self->classes, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

static void
add_class_action (GtkWidget *widget, const char *action, GVariant *param)
{
  LwSchemaEditor *self = LW_SCHEMA_EDITOR (widget);
  g_autoptr(LwLabelClass) klass = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup (_("New class"));

  for (int n = 2; name_taken (self, name); n++)
    {
      g_free (name);
      /* TRANSLATORS: the name of a class added in the class editor: "New class 2" */
      name = g_strdup_printf (_("New class %d"), n);
    }
  klass = lw_label_class_new (name);
  klass->color = g_strdup (palette[self->classes->len % G_N_ELEMENTS (palette)]);
  klass->kinds = LW_KIND_BIT (LW_ANNOTATION_BBOX);
  if (!lw_project_add_class (self->project, klass, &error))
    {
      set_error (self, error->message, NULL);
      return;
    }
  clear_error (self);
  reload (self, klass->id);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
move_action (GtkWidget *widget, const char *action, GVariant *param)
{
  LwSchemaEditor *self = LW_SCHEMA_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  int i = current_index (self);
  int j = g_str_equal (action, "schema.move-up") ? i - 1 : i + 1;
  gint64 id;

  if (i < 0 || j < 0 || (guint) j >= self->classes->len)
    return;
  id = self->current->id;
  g_ptr_array_index (self->classes, i) = g_ptr_array_index (self->classes, j);
  g_ptr_array_index (self->classes, j) = self->current;

  /* Positions become the list order, in one transaction. */
  if (!lw_project_begin (self->project, &error))
    goto fail;
  for (guint k = 0; k < self->classes->len; k++)
    {
      LwLabelClass *klass = g_ptr_array_index (self->classes, k);
      if (klass->position == (int) k)
        continue;
      klass->position = (int) k;
      if (!lw_project_update_class (self->project, klass, &error))
        {
          lw_project_rollback (self->project);
          goto fail;
        }
    }
  if (!lw_project_commit (self->project, &error))
    goto fail;
  clear_error (self);
  reload (self, id);
  return;

fail:
  reload (self, id);
  set_error (self, error->message, NULL);
}

static void
add_attribute_action (GtkWidget *widget, const char *action, GVariant *param)
{
  LwSchemaEditor *self = LW_SCHEMA_EDITOR (widget);
  g_autoptr(LwLabelClass) edited = NULL;
  g_autofree char *name = dup_entry_or_null (self->attr_name_row);
  LwAttributeType type = (LwAttributeType) adw_combo_row_get_selected (self->attr_type_row);
  LwAttributeDef *def;

  if (self->current == NULL)
    return;
  if (name == NULL)
    {
      clear_error (self);
      set_error (self, _("The new attribute needs a name"), GTK_WIDGET (self->attr_name_row));
      return;
    }
  def = lw_attribute_def_new (name, type);
  if (type == LW_ATTRIBUTE_CHOICE || type == LW_ATTRIBUTE_MULTI)
    {
      g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->attr_choices_row)), ",", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; parts[i] != NULL; i++)
        if (*g_strstrip (parts[i]) != '\0')
          g_strv_builder_add (builder, parts[i]);
      def->choices = g_strv_builder_end (builder);
    }
  edited = lw_label_class_copy (self->current);
  g_ptr_array_add (edited->attributes, def);
  if (save (self, edited, GTK_WIDGET (self->attr_name_row)))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->attr_name_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->attr_choices_row), "");
    }
  else
    /* save() restored the stored class; keep the attempted choices on screen. */
    gtk_widget_add_css_class (GTK_WIDGET (self->attr_choices_row), "error");
}

static void
remove_class (LwSchemaEditor *self, gint64 class_id, gint64 n_annotations)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwLabelClass) klass = lw_project_get_class (self->project, class_id, NULL);
  g_autofree char *message = NULL;
  gboolean ok;

  ok = n_annotations > 0 ? lw_project_remove_class_and_annotations (self->project, class_id, &error)
                         : lw_project_remove_class (self->project, class_id, &error);
  if (!ok)
    {
      set_error (self, error->message, NULL);
      return;
    }
  clear_error (self);
  reload (self, 0);
  /* TRANSLATORS: a toast after removing a class */
  message = g_strdup_printf (_("Class “%s” removed"), klass ? klass->name : "");
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
on_confirm_response (AdwMessageDialog *dialog, const char *response, LwSchemaEditor *self)
{
  gint64 class_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "lw-class-id"));
  gint64 n = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "lw-n-annotations"));

  if (g_strcmp0 (response, "remove") == 0)
    remove_class (self, class_id, n);
}

static void
remove_class_action (GtkWidget *widget, const char *action, GVariant *param)
{
  LwSchemaEditor *self = LW_SCHEMA_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  gint64 n;

  if (self->current == NULL)
    return;
  n = lw_project_count_class_annotations (self->project, self->current->id, &error);
  if (n < 0)
    {
      set_error (self, error->message, NULL);
      return;
    }
  if (n == 0)
    {
      remove_class (self, self->current->id, 0);
      return;
    }

  /* TRANSLATORS: the heading of the confirmation before removing a class */
  heading = g_strdup_printf (_("Remove “%s”?"), self->current->name);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%'lld annotation of this class will be deleted with it. "
                                       "This cannot be undone.",
                                       "%'lld annotations of this class will be deleted with it. "
                                       "This cannot be undone.", (gulong) n), (long long) n);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove Class and Annotations"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "lw-class-id", GSIZE_TO_POINTER (self->current->id));
  g_object_set_data (G_OBJECT (dialog), "lw-n-annotations", GSIZE_TO_POINTER (n));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
lw_schema_editor_select_class (LwSchemaEditor *self,
                               gint64          class_id)
{
  g_return_val_if_fail (LW_IS_SCHEMA_EDITOR (self), FALSE);

  for (guint i = 0; i < self->classes->len; i++)
    if (((LwLabelClass *) g_ptr_array_index (self->classes, i))->id == class_id)
      {
        gtk_list_box_select_row (self->class_list, gtk_list_box_get_row_at_index (self->class_list, i));
        return TRUE;
      }
  return FALSE;
}

gint64
lw_schema_editor_get_selected_class (LwSchemaEditor *self)
{
  g_return_val_if_fail (LW_IS_SCHEMA_EDITOR (self), 0);
  return self->current ? self->current->id : 0;
}

const char *
lw_schema_editor_get_error (LwSchemaEditor *self)
{
  g_return_val_if_fail (LW_IS_SCHEMA_EDITOR (self), NULL);
  return self->error;
}

static void
lw_schema_editor_dispose (GObject *object)
{
  LwSchemaEditor *self = LW_SCHEMA_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_SCHEMA_EDITOR);
  g_clear_object (&self->project);
  G_OBJECT_CLASS (lw_schema_editor_parent_class)->dispose (object);
}

static void
lw_schema_editor_finalize (GObject *object)
{
  LwSchemaEditor *self = LW_SCHEMA_EDITOR (object);

  g_clear_pointer (&self->classes, g_ptr_array_unref);
  g_ptr_array_unref (self->attribute_rows);
  g_free (self->error);
  G_OBJECT_CLASS (lw_schema_editor_parent_class)->finalize (object);
}

static void
lw_schema_editor_class_init (LwSchemaEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_schema_editor_dispose;
  object_class->finalize = lw_schema_editor_finalize;

  lw_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, LW_RESOURCE_PATH "/lw-schema-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, class_list);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, move_up_button);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, move_down_button);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, form_stack);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, error_group);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, color_button);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, hotkey_row);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, group_row);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, kinds_group);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, attributes_group);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, attr_name_row);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, attr_type_row);
  gtk_widget_class_bind_template_child (widget_class, LwSchemaEditor, attr_choices_row);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_name_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_hotkey_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_group_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_color_set);

  gtk_widget_class_install_action (widget_class, "schema.add-class", NULL, add_class_action);
  gtk_widget_class_install_action (widget_class, "schema.remove-class", NULL, remove_class_action);
  gtk_widget_class_install_action (widget_class, "schema.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "schema.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "schema.add-attribute", NULL, add_attribute_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lw_schema_editor_init (LwSchemaEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->attribute_rows = g_ptr_array_new ();

  for (int k = 0; k < LW_ANNOTATION_N_KINDS; k++)
    {
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *row = lw_gui_activatable_row_new (kind_display_name (k), check, TRUE);

      g_object_set_data (G_OBJECT (check), "lw-kind", GINT_TO_POINTER (k));
      g_signal_connect (check, "toggled", G_CALLBACK (on_kind_toggled), self);
      adw_preferences_group_add (self->kinds_group, row);
      self->kind_checks[k] = GTK_CHECK_BUTTON (check);
    }
}

LwSchemaEditor *
lw_schema_editor_new (GtkWindow *parent,
                      LwProject *project)
{
  LwSchemaEditor *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LW_IS_PROJECT (project), NULL);

  self = g_object_new (LW_TYPE_SCHEMA_EDITOR, "transient-for", parent,
                       "destroy-with-parent", TRUE, NULL);
  self->project = g_object_ref (project);
  reload (self, 0);
  return self;
}
