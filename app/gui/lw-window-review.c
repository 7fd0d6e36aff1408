/* lw-window-review.c: reviewing the shown item: accept it, or reject it with a comment */
#define G_LOG_DOMAIN "lw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-entry-dialog.h"
#include "lw-window-review.h"

gboolean
lw_window_review_current (LwWindow         *self,
                          LwReviewVerdict   verdict,
                          const char       *comment,
                          GError          **error)
{
  LwProject *project = lw_window_get_project (self);
  gint64 item = lw_window_get_current_item (self);
  g_autofree char *reviewer = NULL;
  gint64 next;

  g_return_val_if_fail (LW_IS_WINDOW (self), FALSE);

  if (project == NULL || item <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No item is shown"));
      return FALSE;
    }
  reviewer = lw_window_dup_annotator_name (self);
  if (!lw_project_review_item (project, item, reviewer, verdict, comment, error))
    return FALSE;
  if (verdict != LW_REVIEW_ACCEPT)
    return TRUE;
  next = lw_project_next_review_item (project, item, NULL);
  if (next <= 0)
    next = lw_project_next_review_item (project, 0, NULL);
  if (next > 0)
    lw_window_show_item (self, next);
  return TRUE;
}

static void
accept_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwWindow *self = LW_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (lw_window_get_project (self) == NULL)
    return;
  if (!lw_window_review_current (self, LW_REVIEW_ACCEPT, NULL, &error))
    lw_window_show_error (self, error);
}

static void
on_rejection_response (AdwMessageDialog *dialog, const char *response, LwWindow *self)
{
  g_autofree char *comment = lw_entry_dialog_dup_text (dialog);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "ok") != 0)
    return;
  if (!lw_window_review_current (self, LW_REVIEW_REJECT, comment, &error))
    lw_window_show_error (self, error);
}

AdwMessageDialog *
lw_window_ask_rejection (LwWindow *self)
{
  AdwMessageDialog *dialog;

  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);

  if (lw_window_get_project (self) == NULL || lw_window_get_current_item (self) <= 0)
    return NULL;
  dialog = lw_entry_dialog_new (GTK_WINDOW (self), _("Reject This Item?"),
                                _("It goes back to its annotator with your comment. Say what "
                                  "to fix, for example: the second car is missing."),
                                _("Rejection comment"), NULL, _("_Cancel"), _("_Reject"),
                                ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rejection_response), self, 0);
  lw_entry_dialog_present (dialog);
  return dialog;
}

static void
reject_action (GtkWidget *widget, const char *name, GVariant *param)
{
  lw_window_ask_rejection (LW_WINDOW (widget));
}

void
lw_window_review_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.accept-item", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "win.reject-item", NULL, reject_action);
  /* Ctrl+Return is "mark done"; Alt+A and Alt+R are free in the text and image views. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_ALT_MASK, "win.accept-item", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_ALT_MASK, "win.reject-item", NULL);
}
