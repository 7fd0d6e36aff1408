/* lw-job-page.c: the progress and result pages that the import, export and assignment
 * dialogs share */
#define G_LOG_DOMAIN "lw-job-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lw-job-page.h"

/* @child in a column centred in the page, as the dialogs' pages are. */
static GtkWidget *
centred (int width, GtkWidget *child)
{
  GtkWidget *clamp = adw_clamp_new ();

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), width);
  adw_clamp_set_child (ADW_CLAMP (clamp), child);
  gtk_widget_set_valign (clamp, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (clamp, 24);
  gtk_widget_set_margin_end (clamp, 24);
  gtk_widget_set_margin_top (clamp, 24);
  gtk_widget_set_margin_bottom (clamp, 24);
  return clamp;
}

static GtkWidget *
progress_page (LwJobPage *job, const char *running, const char *progress_name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *heading = gtk_label_new (running);

  gtk_widget_add_css_class (heading, "title-2");
  gtk_box_append (GTK_BOX (box), heading);
  job->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (job->progress_bar, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (job->progress_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  progress_name, -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (job->progress_bar));
  job->progress_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (job->progress_label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (GTK_WIDGET (job->progress_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (job->progress_label));
  return centred (420, box);
}

static GtkWidget *
result_page (LwJobPage *job)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  job->result_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 12));
  job->result_icon = g_object_new (GTK_TYPE_IMAGE, "pixel-size", 64,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (job->result_icon), "dim-label");
  job->result_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (job->result_title, TRUE);
  gtk_label_set_justify (job->result_title, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (job->result_title), "title-1");
  job->result_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (job->result_label, TRUE);
  gtk_label_set_wrap_mode (job->result_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (job->result_label, GTK_JUSTIFY_CENTER);
  gtk_label_set_selectable (job->result_label, TRUE);
  gtk_box_append (job->result_box, GTK_WIDGET (job->result_icon));
  gtk_box_append (job->result_box, GTK_WIDGET (job->result_title));
  gtk_box_append (job->result_box, GTK_WIDGET (job->result_label));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), centred (460, GTK_WIDGET (job->result_box)));
  return scrolled;
}

/* Closing the dialog while its job runs cancels the job, and the dialog goes at once: the
 * job's reply finds the page gone (lw_job_page_end) and shows nothing. (Hiding the dialog
 * until the reply and destroying it then crashed GTK 4.8 now and then: the hidden window's
 * surface still asked it for its size after it was freed.) */
static gboolean
on_close_request (GtkWindow *dialog, LwJobPage *job)
{
  if (lw_job_page_is (job, "running"))
    {
      job->gone = TRUE;
      g_cancellable_cancel (job->cancellable);
    }
  return FALSE;
}

void
lw_job_page_init (LwJobPage  *job,
                  GtkWindow  *dialog,
                  void      (*update_actions) (GtkWindow *dialog),
                  const char  *running,
                  const char  *progress_name)
{
  job->dialog = dialog;
  job->update_actions = update_actions;
  job->state = "options";
  gtk_stack_add_named (job->stack, progress_page (job, running, progress_name), "progress");
  gtk_stack_add_named (job->stack, result_page (job), "result");
  g_object_set_data (G_OBJECT (dialog), "lw-job-page", job);
  g_signal_connect (dialog, "close-request", G_CALLBACK (on_close_request), job);
}

void
lw_job_page_add_to_result (LwJobPage *job, GtkWidget *widget)
{
  gtk_box_append (job->result_box, widget);
}

static void
cancel_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwJobPage *job = g_object_get_data (G_OBJECT (widget), "lw-job-page");

  if (job != NULL)
    lw_job_page_cancel (job);
}

void
lw_job_page_install_cancel (GtkWidgetClass *dialog_class,
                            const char     *action_name)
{
  gtk_widget_class_install_action (dialog_class, action_name, NULL, cancel_action);
  gtk_widget_class_add_binding_action (dialog_class, GDK_KEY_Escape, 0, action_name, NULL);
}

void
lw_job_page_update_buttons (LwJobPage *job)
{
  gboolean running = lw_job_page_is (job, "running");

  gtk_widget_set_visible (job->cancel_button, running || lw_job_page_is (job, "options"));
  gtk_widget_set_visible (job->close_button, !running && !lw_job_page_is (job, "options"));
}

gboolean
lw_job_page_is (LwJobPage *job, const char *state)
{
  return g_str_equal (job->state, state);
}

GCancellable *
lw_job_page_begin (LwJobPage *job, const char *label)
{
  job->state = "running";
  g_clear_object (&job->cancellable);
  job->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (job->cancel_button, TRUE);
  gtk_progress_bar_set_fraction (job->progress_bar, 0.0);
  gtk_label_set_text (job->progress_label, label);
  gtk_stack_set_visible_child_name (job->stack, "progress");
  job->update_actions (job->dialog);
  gtk_widget_grab_focus (job->cancel_button);
  return job->cancellable;
}

void
lw_job_page_progress (double fraction, const char *message, gpointer data)
{
  LwJobPage *job = data;

  if (job->gone)
    return;
  /* A negative fraction: the core does not know yet how much there is. */
  if (fraction < 0)
    gtk_progress_bar_pulse (job->progress_bar);
  else
    gtk_progress_bar_set_fraction (job->progress_bar, MIN (fraction, 1.0));
  if (message != NULL)
    gtk_label_set_text (job->progress_label, message);
}

gboolean
lw_job_page_end (LwJobPage *job)
{
  g_clear_object (&job->cancellable);
  return !job->gone;
}

void
lw_job_page_show_result (LwJobPage  *job,
                         const char *state,
                         const char *icon_name,
                         const char *title,
                         char       *message)
{
  g_free (job->message);
  job->message = message;
  job->state = state;
  gtk_image_set_from_icon_name (job->result_icon, icon_name);
  gtk_label_set_text (job->result_title, title);
  gtk_label_set_text (job->result_label, message);
  gtk_stack_set_visible_child_name (job->stack, "result");
  job->update_actions (job->dialog);
  gtk_widget_grab_focus (job->close_button);
}

void
lw_job_page_cancel (LwJobPage *job)
{
  if (lw_job_page_is (job, "running"))
    {
      /* Cancel is insensitive once pressed, and for a job that cannot stop midway. */
      if (!gtk_widget_get_sensitive (job->cancel_button))
        return;
      g_cancellable_cancel (job->cancellable);
      gtk_widget_set_sensitive (job->cancel_button, FALSE);
      gtk_label_set_text (job->progress_label, _("Cancelling…"));
    }
  else
    gtk_window_close (job->dialog);
}

void
lw_job_page_dispose (LwJobPage *job)
{
  job->gone = TRUE;
  if (job->cancellable != NULL)
    g_cancellable_cancel (job->cancellable);
}

void
lw_job_page_finalize (LwJobPage *job)
{
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->message, g_free);
}

const char *
lw_job_page_get_message (LwJobPage *job)
{
  return job->message != NULL ? job->message : "";
}
