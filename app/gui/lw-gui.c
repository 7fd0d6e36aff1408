/* lw-gui.c: what the GUI's files share */
#define G_LOG_DOMAIN "lw-gui"

#include <glib/gi18n.h>

#include "lw-gui.h"
#include "lw-gui-resources.h"

void
lw_gui_ensure_resources (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      _lw_gui_register_resource ();
      g_once_init_leave (&done, 1);
    }
}

gboolean
lw_gui_check_editable (LwProject *project, gint64 item_id, GError **error)
{
  if (project == NULL || item_id <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("No item is shown"));
      return FALSE;
    }
  if (lw_project_is_read_only (project))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                   _("%s: the project is open read-only"), lw_project_get_path (project));
      return FALSE;
    }
  return TRUE;
}

static void
draw_swatch (GtkDrawingArea *area, cairo_t *cr, int w, int h, gpointer data)
{
  GdkRGBA rgba;

  if (data == NULL || !gdk_rgba_parse (&rgba, data))
    gdk_rgba_parse (&rgba, "#c0bfbc");
  cairo_arc (cr, w / 2.0, h / 2.0, MIN (w, h) / 2.0, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &rgba);
  cairo_fill (cr);
}

GtkWidget *
lw_gui_color_swatch_new (const char *color, int size)
{
  GtkWidget *swatch = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), size);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), size);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, g_strdup (color), g_free);
  return swatch;
}

GtkWidget *
lw_gui_activatable_row_new (const char *title, GtkWidget *widget, gboolean first)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  if (first)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), widget);
  else
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);
  return row;
}

void
lw_gui_annotator_rgba (gint64 annotator_id, GdkRGBA *rgba)
{
  static const char *const colors[] = {
    "#e01b24", "#3584e4", "#2ec27e", "#f6d32d", "#9141ac", "#ff7800", "#00b4cc", "#986a44",
  };

  g_return_if_fail (rgba != NULL);
  gdk_rgba_parse (rgba, colors[(guint64) MAX (annotator_id, 0) % G_N_ELEMENTS (colors)]);
}

/* How an item status reads in the item list and the status bar. */
const char *
lw_gui_status_name (LwItemStatus status)
{
  switch (status)
    {
    case LW_ITEM_STATUS_NEW: return _("New");
    case LW_ITEM_STATUS_IN_PROGRESS: return _("In progress");
    case LW_ITEM_STATUS_DONE: return _("Done");
    case LW_ITEM_STATUS_ACCEPTED: return _("Accepted");
    case LW_ITEM_STATUS_REJECTED: return _("Rejected");
    case LW_ITEM_N_STATUSES:
    default: return "";
    }
}
