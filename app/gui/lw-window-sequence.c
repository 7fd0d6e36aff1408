/* lw-window-sequence.c: moving through a sequence of images */
#define G_LOG_DOMAIN "lw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-window-sequence.h"

gboolean
lw_window_copy_previous (LwWindow *self, GError **error)
{
  LwProject *project = lw_window_get_project (self);
  gint64 item = lw_window_get_current_item (self);
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GPtrArray) shapes = g_ptr_array_new ();
  gint64 previous;

  g_return_val_if_fail (LW_IS_WINDOW (self), FALSE);

  if (project == NULL || item <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No item is shown"));
      return FALSE;
    }
  previous = lw_project_next_item (project, lw_item_model_get_filter (lw_window_get_item_model (self)),
                                   item, TRUE, error);
  if (previous < 0)
    return FALSE;
  if (previous == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This is the first item of the list"));
      return FALSE;
    }
  annotations = lw_project_list_annotations (project, previous, 0, error);
  if (annotations == NULL)
    return FALSE;
  /* Shapes only: tags and spans describe the other item. */
  for (guint i = 0; i < annotations->len; i++)
    {
      const LwAnnotation *ann = annotations->pdata[i];
      if (ann->kind != LW_ANNOTATION_TAG && ann->kind != LW_ANNOTATION_SPAN
          && ann->source != LW_SOURCE_PREDICTION)
        g_ptr_array_add (shapes, annotations->pdata[i]);
    }
  if (shapes->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The previous item has no shapes"));
      return FALSE;
    }
  return lw_canvas_paste (lw_window_get_canvas (self), shapes, error);
}

gboolean
lw_window_show_next_unlabelled (LwWindow *self, GError **error)
{
  LwProject *project = lw_window_get_project (self);
  LwItemFilter filter;
  gint64 item = lw_window_get_current_item (self);
  gint64 next;

  g_return_val_if_fail (LW_IS_WINDOW (self), FALSE);

  if (project == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No project is open"));
      return FALSE;
    }
  filter = *lw_item_model_get_filter (lw_window_get_item_model (self));
  /* With "My queue" on, the queue says what is left (new, in progress or rejected). */
  if (filter.queue_annotator_id <= 0)
    filter.status_mask = 1u << LW_ITEM_STATUS_NEW;
  next = lw_project_next_item (project, &filter, item, FALSE, error);
  if (next == 0)
    next = lw_project_next_item (project, &filter, 0, FALSE, error);
  if (next < 0)
    return FALSE;
  if (next == 0 || next == item)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           filter.queue_annotator_id > 0 ? _("Your queue has no other item")
                                                         : _("Every item in the list has labels"));
      return FALSE;
    }
  lw_window_show_item (self, next);
  return TRUE;
}

static void
report (LwWindow *self, gboolean ok, GError *error)
{
  if (!ok && error != NULL)
    lw_window_show_error (self, error);
  g_clear_error (&error);
}

static void
copy_previous_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GError *error = NULL;

  report (LW_WINDOW (widget), lw_window_copy_previous (LW_WINDOW (widget), &error), error);
}

static void
next_unlabelled_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GError *error = NULL;

  report (LW_WINDOW (widget), lw_window_show_next_unlabelled (LW_WINDOW (widget), &error), error);
}

void
lw_window_sequence_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.copy-previous", NULL, copy_previous_action);
  gtk_widget_class_install_action (widget_class, "win.next-unlabelled", NULL, next_unlabelled_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_V, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_ALT_MASK, "win.next-unlabelled", NULL);
}
