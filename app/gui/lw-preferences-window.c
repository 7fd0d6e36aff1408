/* lw-preferences-window.c: annotator name, style and workflow preferences */
#define G_LOG_DOMAIN "lw-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-gui.h"
#include "lw-preferences-window.h"

struct _LwPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwEntryRow *annotator_row;
  AdwComboRow *style_row;
  GtkSwitch   *auto_advance_switch;
  GtkSwitch   *crosshair_switch;
  GtkSpinButton *thumbnail_spin;
  GtkSwitch   *trim_switch;
  GtkSpinButton *threshold_spin;
  GtkSpinButton *fill_spin;

  GSettings   *settings;
};

G_DEFINE_FINAL_TYPE (LwPreferencesWindow, lw_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The style row's positions, in the order of the .ui file. */
static const char *const color_schemes[] = { "default", "light", "dark" };

static gboolean
scheme_to_position (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    if (g_str_equal (scheme, color_schemes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
position_to_scheme (const GValue *value, const GVariantType *type, gpointer user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (color_schemes))
    position = 0;
  return g_variant_new_string (color_schemes[position]);
}

static void
on_annotator_apply (AdwEntryRow *row, LwPreferencesWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  g_settings_set_string (self->settings, "annotator-name", name);
}

static void
lw_preferences_window_dispose (GObject *object)
{
  LwPreferencesWindow *self = LW_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (lw_preferences_window_parent_class)->dispose (object);
}

static void
lw_preferences_window_class_init (LwPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_preferences_window_dispose;

  lw_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               LW_RESOURCE_PATH "/lw-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LwPreferencesWindow, annotator_row);
  gtk_widget_class_bind_template_child (widget_class, LwPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, LwPreferencesWindow, auto_advance_switch);
  gtk_widget_class_bind_template_child (widget_class, LwPreferencesWindow, crosshair_switch);
  gtk_widget_class_bind_template_child (widget_class, LwPreferencesWindow, trim_switch);
  gtk_widget_class_bind_template_child (widget_class, LwPreferencesWindow, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, LwPreferencesWindow, fill_spin);
  gtk_widget_class_bind_template_child (widget_class, LwPreferencesWindow, thumbnail_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_annotator_apply);
}

static void
lw_preferences_window_init (LwPreferencesWindow *self)
{
  g_autofree char *name = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);

  name = g_settings_get_string (self->settings, "annotator-name");
  gtk_editable_set_text (GTK_EDITABLE (self->annotator_row), name);
  g_settings_bind_with_mapping (self->settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, scheme_to_position, position_to_scheme,
                                NULL, NULL);
  g_settings_bind (self->settings, "show-crosshair", self->crosshair_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auto-advance", self->auto_advance_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "trim-span-whitespace", self->trim_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "prediction-threshold", self->threshold_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "fill-opacity", self->fill_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "thumbnail-size", self->thumbnail_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
}

LwPreferencesWindow *
lw_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (LW_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}
