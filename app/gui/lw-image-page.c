/* lw-image-page.c: the image labelling page around the canvas */
#define G_LOG_DOMAIN "lw-image-page"

#include "config.h"

#include "lw-gui.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "lw-attribute-editor.h"
#include "lw-image-page.h"

struct _LwImagePage
{
  GtkWidget      parent_instance;

  GtkWidget     *toolbar;
  GtkBox        *tool_box;
  GtkButton     *zoom_button;
  GtkWidget     *body;
  GtkScrolledWindow *scroller;
  LwCanvas      *canvas;
  GtkListBox    *palette;
  GtkWidget     *attributes_heading;
  LwAttributeEditor *attributes;
  GtkLabel      *hint_label;
  GtkAdjustment *brightness;
  GtkAdjustment *contrast;
  GtkAdjustment *fill_opacity;
  GtkAdjustment *outline_opacity;
  GtkAdjustment *threshold;
  GtkAdjustment *window_width;
  GtkAdjustment *window_center;
  GtkWidget     *window_label;
  GtkWidget     *window_scale;
  GtkWidget     *level_label;
  GtkWidget     *level_scale;

  GtkToggleButton *tool_buttons[LW_N_TOOLS];
  LwProject     *project;
  GHashTable    *classes;
  GPtrArray     *annotations;
  gint64         item_id;
  GtkSizeGroup  *eye_group;
  GtkWidget     *layer_box;
  GtkWidget     *layer_label;
  GtkDropDown   *layer_dropdown;
  GtkToggleButton *by_annotator_button;
  GArray        *layer_ids;        /* gint64 annotator id per dropdown row; row 0 is everyone */
  GHashTable    *annotator_names;  /* gint64* id -> name */
  GPtrArray     *palette_classes;  /* LwLabelClass* of @classes in palette order, unowned */
};

G_DEFINE_FINAL_TYPE (LwImagePage, lw_image_page, GTK_TYPE_WIDGET)

/* What Ctrl+C copied, for Ctrl+V on another item. */
static GPtrArray *clipboard;

static const struct {
  const char *label;
  const char *tooltip;
  guint       key;
} tools[LW_N_TOOLS] = {
  { N_("Select"), N_("Select and edit shapes (Shift+V)"), GDK_KEY_V },
  { N_("Box"), N_("Draw boxes (Shift+B)"), GDK_KEY_B },
  { N_("Rotated"), N_("Draw rotated boxes (Shift+R)"), GDK_KEY_R },
  { N_("Polygon"), N_("Draw polygons (Shift+G)"), GDK_KEY_G },
  { N_("Line"), N_("Draw lines (Shift+L)"), GDK_KEY_L },
  { N_("Point"), N_("Place points (Shift+T)"), GDK_KEY_T },
  { N_("Keypoints"), N_("Place keypoints (Shift+K)"), GDK_KEY_K },
};

static void
show_error (LwImagePage *self, const GError *error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
  else
    g_warning ("%s", error->message);
  gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
on_canvas_error (LwCanvas *canvas, GError *error, LwImagePage *self)
{
  show_error (self, error);
}

static void
sync_zoom_label (LwImagePage *self)
{
  g_autofree char *text = g_strdup_printf ("%.0f%%", lw_canvas_get_zoom (self->canvas) * 100.0);

  gtk_button_set_label (self->zoom_button, text);
}

static void
sync_tools (LwImagePage *self)
{
  LwTool tool = lw_canvas_get_tool (self->canvas);

  for (LwTool t = 0; t < LW_N_TOOLS; t++)
    if (gtk_toggle_button_get_active (self->tool_buttons[t]) != (t == tool))
      gtk_toggle_button_set_active (self->tool_buttons[t], t == tool);
}

static void
sync_hint (LwImagePage *self)
{
  const char *hint = lw_canvas_get_hint (self->canvas);

  gtk_label_set_text (self->hint_label, hint ? hint : "");
}

/* The palette */

static int
compare_position (gconstpointer a, gconstpointer b)
{
  const LwLabelClass *x = *(LwLabelClass **) a;
  const LwLabelClass *y = *(LwLabelClass **) b;

  return x->position != y->position ? (x->position > y->position) - (x->position < y->position)
                                    : (x->id > y->id) - (x->id < y->id);
}

static gboolean
is_tag_class (const LwLabelClass *klass)
{
  return klass->kinds == LW_KIND_BIT (LW_ANNOTATION_TAG);
}

static gboolean
tag_is_on (LwImagePage *self, gint64 class_id)
{
  for (guint i = 0; self->annotations != NULL && i < self->annotations->len; i++)
    {
      const LwAnnotation *ann = self->annotations->pdata[i];
      if (ann->kind == LW_ANNOTATION_TAG && ann->class_id == class_id)
        return TRUE;
    }
  return FALSE;
}

static void
on_eye_toggled (GtkToggleButton *eye, LwImagePage *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (eye), "lw-class-id");
  gboolean hidden = gtk_toggle_button_get_active (eye);
  const char *name = g_object_get_data (G_OBJECT (eye), "lw-class-name");
  g_autofree char *tooltip = g_strdup_printf (hidden ? _("Show “%s”") : _("Hide “%s”"), name);

  gtk_button_set_icon_name (GTK_BUTTON (eye), hidden ? "view-conceal-symbolic" : "view-reveal-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (eye), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (eye), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  lw_canvas_set_class_hidden (self->canvas, id, hidden);
}

/* A button that hides the class's shapes, for crowded images. */
static GtkWidget *
eye_button (LwImagePage *self, const LwLabelClass *klass)
{
  GtkWidget *eye = gtk_toggle_button_new ();
  g_autofree char *tooltip = g_strdup_printf (_("Hide “%s”"), klass->name);

  gtk_button_set_icon_name (GTK_BUTTON (eye), "view-reveal-symbolic");
  gtk_widget_add_css_class (eye, "flat");
  gtk_widget_add_css_class (eye, "lw-eye");
  gtk_widget_set_valign (eye, GTK_ALIGN_CENTER);
  gtk_widget_set_focus_on_click (eye, FALSE);
  gtk_widget_set_tooltip_text (eye, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (eye), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (eye), "lw-class-id", g_memdup2 (&klass->id, sizeof klass->id), g_free);
  g_object_set_data_full (G_OBJECT (eye), "lw-class-name", g_strdup (klass->name), g_free);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (eye), lw_canvas_get_class_hidden (self->canvas, klass->id));
  g_signal_connect (eye, "toggled", G_CALLBACK (on_eye_toggled), self);
  return eye;
}

static GtkWidget *
palette_row (LwImagePage *self, const LwLabelClass *klass)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *swatch = lw_gui_color_swatch_new (klass->color, 12);
  GtkWidget *name = gtk_label_new (klass->name);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");
  GtkWidget *key = gtk_label_new (klass->hotkey ? klass->hotkey : "");
  g_autofree char *tooltip = NULL;

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_set_visible (check, FALSE);
  gtk_widget_add_css_class (key, "dim-label");
  gtk_widget_add_css_class (key, "lw-hotkey");
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), key);
  {
    /* Tags have no shapes to hide: a blank of the same width keeps the keys aligned. */
    GtkWidget *eye = is_tag_class (klass) ? gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0) : eye_button (self, klass);
    gtk_size_group_add_widget (self->eye_group, eye);
    gtk_box_append (GTK_BOX (box), eye);
  }
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_widget_set_size_request (box, -1, 28);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "lw-check", check);
  tooltip = klass->hotkey
            /* TRANSLATORS: palette row tooltip: "traffic light (key 8)" */
            ? g_strdup_printf (_("%s (key %s)"), klass->name, klass->hotkey)
            : g_strdup (klass->name);
  gtk_widget_set_tooltip_text (row, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return row;
}

static void
rebuild_palette (LwImagePage *self)
{
  GtkWidget *child;
  GHashTableIter iter;
  gpointer value;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->palette))) != NULL)
    gtk_list_box_remove (self->palette, child);
  g_ptr_array_set_size (self->palette_classes, 0);
  if (self->classes == NULL)
    return;
  g_hash_table_iter_init (&iter, self->classes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LwLabelClass *klass = value;
      /* Spans belong to texts: the image palette leaves span-only classes out. */
      if (klass->kinds != LW_KIND_BIT (LW_ANNOTATION_SPAN))
        g_ptr_array_add (self->palette_classes, klass);
    }
  g_ptr_array_sort (self->palette_classes, compare_position);
  for (guint i = 0; i < self->palette_classes->len; i++)
    gtk_list_box_append (self->palette, palette_row (self, self->palette_classes->pdata[i]));
}

/* Marks the class shapes are drawn with, and the image tags that are on. */
static void
sync_palette (LwImagePage *self)
{
  LwAnnotation *selected = NULL;
  gint64 current = lw_canvas_get_class (self->canvas);
  gint64 selected_id = lw_canvas_get_selected (self->canvas);

  for (guint i = 0; self->annotations != NULL && i < self->annotations->len; i++)
    if (((LwAnnotation *) self->annotations->pdata[i])->id == selected_id)
      selected = self->annotations->pdata[i];
  if (selected != NULL)
    current = selected->class_id;
  for (guint i = 0; i < self->palette_classes->len; i++)
    {
      LwLabelClass *klass = self->palette_classes->pdata[i];
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->palette, (int) i);
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "lw-check");

      if (is_tag_class (klass))
        gtk_widget_set_visible (check, tag_is_on (self, klass->id));
      if (!is_tag_class (klass) && klass->id == current)
        gtk_widget_add_css_class (GTK_WIDGET (row), "lw-current");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (row), "lw-current");
    }
}

static void
on_palette_activated (GtkListBox *box, GtkListBoxRow *row, LwImagePage *self)
{
  g_autoptr(GError) error = NULL;
  int index = gtk_list_box_row_get_index (row);
  LwLabelClass *klass;
  gboolean ok;

  if (index < 0 || (guint) index >= self->palette_classes->len)
    return;
  klass = self->palette_classes->pdata[index];
  if (is_tag_class (klass))
    ok = self->project != NULL
         && lw_project_toggle_tag (self->project, self->item_id, klass->id, NULL, &error);
  else
    ok = lw_canvas_apply_class (self->canvas, klass->id, &error);
  if (!ok && error != NULL)
    show_error (self, error);
  sync_palette (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

/* Attributes of the selection */

static void
on_attributes_changed (LwAttributeEditor *editor, LwImagePage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = lw_attribute_editor_get_annotation (editor);

  for (guint i = 0; self->annotations != NULL && i < self->annotations->len; i++)
    {
      const LwAnnotation *ann = self->annotations->pdata[i];
      g_autoptr(LwAnnotation) copy = NULL;
      g_autofree char *json = NULL;

      if (ann->id != id)
        continue;
      json = lw_attribute_editor_dup_json (editor, &error);
      if (json == NULL || g_strcmp0 (json, ann->attributes) == 0)
        break;
      copy = lw_annotation_copy (ann);
      g_free (copy->attributes);
      copy->attributes = g_steal_pointer (&json);
      lw_project_update_annotation (self->project, copy, &error);
      break;
    }
  if (error != NULL)
    show_error (self, error);
}

/* The selected shape's attributes; the editor keeps its fields (and the focus) when the same
 * shape comes back after its own edit. */
static void
sync_attributes (LwImagePage *self)
{
  gint64 id = lw_canvas_get_selected (self->canvas);
  const LwAnnotation *selected = NULL;
  LwLabelClass *klass = NULL;

  for (guint i = 0; id != 0 && self->annotations != NULL && i < self->annotations->len; i++)
    if (((LwAnnotation *) self->annotations->pdata[i])->id == id)
      selected = self->annotations->pdata[i];
  if (selected != NULL && self->classes != NULL)
    klass = g_hash_table_lookup (self->classes, &selected->class_id);
  lw_attribute_editor_set (self->attributes, selected ? selected->id : 0, klass,
                           selected ? selected->attributes : NULL);
  gtk_widget_set_visible (self->attributes_heading,
                          gtk_widget_get_visible (GTK_WIDGET (self->attributes)));
}

static void
on_selection_changed (LwCanvas *canvas, LwImagePage *self)
{
  sync_palette (self);
  sync_attributes (self);
}

/* Annotator layers */

static void
on_layer_selected (GtkDropDown *dropdown, GParamSpec *pspec, LwImagePage *self)
{
  guint row = gtk_drop_down_get_selected (dropdown);

  if (row < self->layer_ids->len)
    lw_canvas_set_layer (self->canvas, g_array_index (self->layer_ids, gint64, row));
}

static void
on_by_annotator_toggled (GtkToggleButton *button, LwImagePage *self)
{
  lw_canvas_set_color_by_annotator (self->canvas, gtk_toggle_button_get_active (button),
                                    self->annotator_names);
}

/* The layer chooser lists the project's annotators; it shows when there are two or more. */
static void
sync_layers (LwImagePage *self)
{
  g_autoptr(GPtrArray) names = self->project ? lw_project_list_annotators (self->project, NULL) : NULL;
  g_autoptr(GtkStringList) rows = NULL;
  gint64 layer = lw_canvas_get_layer (self->canvas);
  guint selected = 0;

  if (names == NULL || names->len + 1 == self->layer_ids->len)
    return;
  g_signal_handlers_block_by_func (self->layer_dropdown, on_layer_selected, self);
  rows = gtk_string_list_new (NULL);
  gtk_string_list_append (rows, _("All annotators"));
  g_array_set_size (self->layer_ids, 0);
  g_array_append_val (self->layer_ids, (gint64) { 0 });
  g_hash_table_remove_all (self->annotator_names);
  for (guint i = 0; i < names->len; i++)
    {
      /* The name exists: this looks its id up. */
      gint64 id = lw_project_ensure_annotator (self->project, names->pdata[i], NULL);

      if (id <= 0)
        continue;
      gtk_string_list_append (rows, names->pdata[i]);
      g_array_append_val (self->layer_ids, id);
      g_hash_table_insert (self->annotator_names, g_memdup2 (&id, sizeof id), g_strdup (names->pdata[i]));
      if (id == layer)
        selected = self->layer_ids->len - 1;
    }
  gtk_drop_down_set_model (self->layer_dropdown, G_LIST_MODEL (rows));
  gtk_drop_down_set_selected (self->layer_dropdown, selected);
  g_signal_handlers_unblock_by_func (self->layer_dropdown, on_layer_selected, self);
  gtk_widget_set_visible (self->layer_box, names->len >= 2);
  gtk_widget_set_visible (self->layer_label, names->len >= 2);
}

void
lw_image_page_show (LwImagePage  *self,
                    LwProject    *project,
                    const LwItem *item,
                    const char   *path,
                    GPtrArray    *annotations,
                    GHashTable   *classes)
{
  g_return_if_fail (LW_IS_IMAGE_PAGE (self));

  g_set_object (&self->project, project);
  lw_canvas_set_project (self->canvas, project);
  if (annotations != NULL)
    g_ptr_array_ref (annotations);
  g_clear_pointer (&self->annotations, g_ptr_array_unref);
  self->annotations = annotations;
  self->item_id = item ? item->id : 0;
  if (classes != self->classes)
    {
      if (classes != NULL)
        g_hash_table_ref (classes);
      g_clear_pointer (&self->classes, g_hash_table_unref);
      self->classes = classes;
    }
  /* The window reloads its classes into a new table when the schema changes. */
  if (self->classes == NULL || g_hash_table_size (self->classes) != self->palette_classes->len
      || classes != g_object_get_data (G_OBJECT (self), "lw-palette-of"))
    {
      rebuild_palette (self);
      g_object_set_data (G_OBJECT (self), "lw-palette-of", classes);
    }
  sync_layers (self);
  lw_canvas_set_item (self->canvas, item, path, annotations, classes);
  sync_palette (self);
  sync_attributes (self);
}

LwCanvas *
lw_image_page_get_canvas (LwImagePage *self)
{
  g_return_val_if_fail (LW_IS_IMAGE_PAGE (self), NULL);
  return self->canvas;
}

static void
on_window_changed (GtkAdjustment *adjustment, LwImagePage *self)
{
  lw_canvas_set_window (self->canvas, gtk_adjustment_get_value (self->window_center),
                        gtk_adjustment_get_value (self->window_width));
}

/* Actions */

static void
zoom_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwImagePage *self = LW_IMAGE_PAGE (widget);
  double w = gtk_widget_get_width (GTK_WIDGET (self->canvas)) / 2.0;
  double h = gtk_widget_get_height (GTK_WIDGET (self->canvas)) / 2.0;

  if (g_str_equal (name, "canvas.zoom-in"))
    lw_canvas_zoom_by (self->canvas, 1.25, w, h);
  else if (g_str_equal (name, "canvas.zoom-out"))
    lw_canvas_zoom_by (self->canvas, 1 / 1.25, w, h);
  else if (g_str_equal (name, "canvas.zoom-actual"))
    lw_canvas_set_zoom (self->canvas, 1.0 / gtk_widget_get_scale_factor (widget));
  else
    lw_canvas_zoom_fit (self->canvas);
}

/* 16-bit greyscale: the window starts over the image's whole range of values. */
static void
reset_window (LwImagePage *self, gboolean apply)
{
  double min = 0, max = 0;
  gboolean gray16 = lw_canvas_get_gray16_range (self->canvas, &min, &max);

  gtk_widget_set_visible (self->window_label, gray16);
  gtk_widget_set_visible (self->window_scale, gray16);
  gtk_widget_set_visible (self->level_label, gray16);
  gtk_widget_set_visible (self->level_scale, gray16);
  if (!gray16)
    return;
  g_signal_handlers_block_by_func (self->window_width, on_window_changed, self);
  g_signal_handlers_block_by_func (self->window_center, on_window_changed, self);
  gtk_adjustment_configure (self->window_width, MAX (max - min, 1), 1, MAX (max - min, 1) * 2, 1, 256, 0);
  gtk_adjustment_configure (self->window_center, (min + max) / 2, min, max, 1, 256, 0);
  g_signal_handlers_unblock_by_func (self->window_width, on_window_changed, self);
  g_signal_handlers_unblock_by_func (self->window_center, on_window_changed, self);
  /* A newly shown image is already drawn with this window. */
  if (apply)
    lw_canvas_set_window (self->canvas, (min + max) / 2, MAX (max - min, 1));
}

static void
on_gray16_changed (LwImagePage *self)
{
  reset_window (self, FALSE);
}

static void
reset_adjustments_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwImagePage *self = LW_IMAGE_PAGE (widget);

  gtk_adjustment_set_value (self->brightness, 0.0);
  gtk_adjustment_set_value (self->contrast, 1.0);
  reset_window (self, TRUE);
}

static void
tool_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwImagePage *self = LW_IMAGE_PAGE (widget);
  const char *tool = g_variant_get_string (param, NULL);

  for (LwTool t = 0; t < LW_N_TOOLS; t++)
    if (g_str_equal (tool, lw_tool_to_string (t)))
      lw_canvas_set_tool (self->canvas, t);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
edit_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwImagePage *self = LW_IMAGE_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (g_str_equal (name, "canvas.delete"))
    ok = lw_canvas_delete_selected (self->canvas, &error);
  else if (g_str_equal (name, "canvas.duplicate"))
    ok = lw_canvas_duplicate_selected (self->canvas, &error);
  else if (g_str_equal (name, "canvas.accept-predictions"))
    ok = lw_canvas_accept_predictions (self->canvas, &error);
  else if (g_str_equal (name, "canvas.reject-predictions"))
    ok = lw_canvas_reject_predictions (self->canvas, &error);
  else if (g_str_equal (name, "canvas.copy"))
    {
      g_clear_pointer (&clipboard, g_ptr_array_unref);
      clipboard = lw_canvas_copy (self->canvas);
    }
  else if (g_str_equal (name, "canvas.paste"))
    {
      if (clipboard == NULL || clipboard->len == 0)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("Nothing was copied"));
      ok = clipboard != NULL && clipboard->len > 0
           && lw_canvas_paste (self->canvas, clipboard, &error);
    }
  if (!ok && error != NULL)
    show_error (self, error);
}

static void
on_tool_toggled (GtkToggleButton *button, LwImagePage *self)
{
  if (gtk_toggle_button_get_active (button))
    lw_canvas_set_tool (self->canvas, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "lw-tool")));
}

static void
build_tools (LwImagePage *self)
{
  for (LwTool t = 0; t < LW_N_TOOLS; t++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(tools[t].label));

      gtk_widget_set_tooltip_text (button, _(tools[t].tooltip));
      if (t > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->tool_buttons[0]);
      g_object_set_data (G_OBJECT (button), "lw-tool", GINT_TO_POINTER (t));
      g_signal_connect (button, "toggled", G_CALLBACK (on_tool_toggled), self);
      gtk_box_append (self->tool_box, button);
      self->tool_buttons[t] = GTK_TOGGLE_BUTTON (button);
    }
  gtk_toggle_button_set_active (self->tool_buttons[LW_TOOL_SELECT], TRUE);
}

static void
lw_image_page_dispose (GObject *object)
{
  LwImagePage *self = LW_IMAGE_PAGE (object);
  GtkWidget *child;

  if (self->canvas != NULL)
    g_signal_handlers_disconnect_by_data (self->canvas, self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->project);
  g_clear_pointer (&self->classes, g_hash_table_unref);
  g_clear_pointer (&self->annotations, g_ptr_array_unref);
  G_OBJECT_CLASS (lw_image_page_parent_class)->dispose (object);
}

static void
lw_image_page_finalize (GObject *object)
{
  LwImagePage *self = LW_IMAGE_PAGE (object);

  g_ptr_array_unref (self->palette_classes);
  g_object_unref (self->eye_group);
  g_array_unref (self->layer_ids);
  g_hash_table_unref (self->annotator_names);
  G_OBJECT_CLASS (lw_image_page_parent_class)->finalize (object);
}

static void
lw_image_page_class_init (LwImagePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_image_page_dispose;
  object_class->finalize = lw_image_page_finalize;

  g_type_ensure (LW_TYPE_CANVAS);
  g_type_ensure (LW_TYPE_ATTRIBUTE_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/labelwright/Labelwright/lw-image-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, tool_box);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, body);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, canvas);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, palette);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, attributes_heading);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, attributes);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, brightness);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, contrast);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, fill_opacity);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, outline_opacity);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, threshold);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, layer_box);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, layer_label);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, layer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, by_annotator_button);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, window_width);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, window_center);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, window_label);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, window_scale);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, level_label);
  gtk_widget_class_bind_template_child (widget_class, LwImagePage, level_scale);

  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-actual", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.reset-adjustments", NULL, reset_adjustments_action);
  gtk_widget_class_install_action (widget_class, "canvas.tool", "s", tool_action);
  gtk_widget_class_install_action (widget_class, "canvas.delete", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "canvas.duplicate", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "canvas.copy", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "canvas.paste", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "canvas.accept-predictions", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "canvas.reject-predictions", NULL, edit_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "canvas.zoom-actual", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "canvas.duplicate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "canvas.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "canvas.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_A, GDK_SHIFT_MASK, "canvas.accept-predictions", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_X, GDK_SHIFT_MASK, "canvas.reject-predictions", NULL);
  for (LwTool t = 0; t < LW_N_TOOLS; t++)
    gtk_widget_class_add_binding_action (widget_class, tools[t].key, GDK_SHIFT_MASK, "canvas.tool",
                                         "s", lw_tool_to_string (t));

  gtk_widget_class_set_css_name (widget_class, "lw-image-page");
}

static void
lw_image_page_init (LwImagePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->palette_classes = g_ptr_array_new ();
  self->eye_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->layer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->annotator_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_signal_connect (self->layer_dropdown, "notify::selected", G_CALLBACK (on_layer_selected), self);
  g_signal_connect (self->by_annotator_button, "toggled", G_CALLBACK (on_by_annotator_toggled), self);
  build_tools (self);

  g_object_bind_property (self->brightness, "value", self->canvas, "brightness", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->contrast, "value", self->canvas, "contrast", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->canvas, "fill-opacity", self->fill_opacity, "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->canvas, "outline-opacity", self->outline_opacity, "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->canvas, "prediction-threshold", self->threshold, "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  /* The canvas can outlive the page by a decode in flight: its signals stop with the page. */
  g_signal_connect_object (self->canvas, "notify::zoom", G_CALLBACK (sync_zoom_label), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "notify::tool", G_CALLBACK (sync_tools), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "notify::hint", G_CALLBACK (sync_hint), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "selection-changed", G_CALLBACK (on_selection_changed), self, 0);
  g_signal_connect_object (self->canvas, "notify::gray16", G_CALLBACK (on_gray16_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->window_width, "value-changed", G_CALLBACK (on_window_changed), self);
  g_signal_connect (self->window_center, "value-changed", G_CALLBACK (on_window_changed), self);
  g_signal_connect_object (self->canvas, "error", G_CALLBACK (on_canvas_error), self, 0);
  g_signal_connect (self->palette, "row-activated", G_CALLBACK (on_palette_activated), self);
  lw_attribute_editor_set_vertical (self->attributes, TRUE);
  g_signal_connect (self->attributes, "changed", G_CALLBACK (on_attributes_changed), self);
  gtk_list_box_set_activate_on_single_click (self->palette, TRUE);
  sync_zoom_label (self);
}

GtkWidget *
lw_image_page_new (void)
{
  return g_object_new (LW_TYPE_IMAGE_PAGE, NULL);
}
