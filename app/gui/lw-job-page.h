/* lw-job-page.h: the progress and result pages that the import and export dialogs share
 *
 * A dialog embeds an LwJobPage, binds its template children with LW_JOB_PAGE_BIND, and
 * goes through four states: "options" (its own page), "running" (a progress bar and a
 * Cancel button), then "done", "failed" or "cancelled" (an icon, a title and a message).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  /* template children: the Cancel and Close buttons, and a GtkStack holding the dialog's
   * "options" page, to which lw_job_page_init adds the "progress" and "result" pages */
  GtkWidget      *cancel_button;
  GtkWidget      *close_button;
  GtkStack       *stack;

  /* built by lw_job_page_init */
  GtkProgressBar *progress_bar;
  GtkLabel       *progress_label;
  GtkImage       *result_icon;
  GtkLabel       *result_title;
  GtkLabel       *result_label;
  GtkBox         *result_box;

  GtkWindow      *dialog;        /* not owned */
  void          (*update_actions) (GtkWindow *dialog);
  GCancellable   *cancellable;   /* while running */
  const char     *state;
  char           *message;
  gboolean        gone;          /* closed or disposed: the job's reply shows nothing */
} LwJobPage;

#define LW_JOB_PAGE_BIND_ONE(widget_class, Type, member, child) \
  gtk_widget_class_bind_template_child_full (widget_class, #child, FALSE, \
                                             G_STRUCT_OFFSET (Type, member.child))
#define LW_JOB_PAGE_BIND(widget_class, Type, member) G_STMT_START { \
  LW_JOB_PAGE_BIND_ONE (widget_class, Type, member, cancel_button); \
  LW_JOB_PAGE_BIND_ONE (widget_class, Type, member, close_button); \
  LW_JOB_PAGE_BIND_ONE (widget_class, Type, member, stack); \
} G_STMT_END

/* In the dialog's init, after gtk_widget_init_template: adds the progress page, headed
 * @running ("Importing…"), its bar named @progress_name for screen readers, and the result
 * page. Closing the dialog while the job runs cancels the job and destroys the dialog at
 * once; the job's reply then shows nothing. */
void      lw_job_page_init          (LwJobPage   *job,
                                     GtkWindow   *dialog,
                                     void       (*update_actions) (GtkWindow *dialog),
                                     const char  *running,
                                     const char  *progress_name);
/* Adds @widget under the result's message (a button such as Show in Files). */
void      lw_job_page_add_to_result (LwJobPage *job,
                                     GtkWidget *widget);
/* In the dialog's class_init: @action_name (and Escape) cancels the job, or closes the dialog
 * when none runs. */
void      lw_job_page_install_cancel (GtkWidgetClass *dialog_class,
                                      const char     *action_name);
gboolean  lw_job_page_is            (LwJobPage   *job,
                                     const char  *state);
/* Cancel shows while the options or the progress show, Close once there is a result. */
void      lw_job_page_update_buttons (LwJobPage  *job);
/* Shows the progress page with @label and returns the cancellable to give the job. */
GCancellable *lw_job_page_begin     (LwJobPage   *job,
                                     const char  *label);
/* An LwProgressFunc; @data is the LwJobPage. A negative fraction pulses. */
void      lw_job_page_progress      (double       fraction,
                                     const char  *message,
                                     gpointer     data);
/* The start of a job's callback: FALSE when the dialog is gone and nothing is to be shown. */
gboolean  lw_job_page_end           (LwJobPage   *job);
/* Shows the result page; takes @message. Destroys the dialog if it was closed while running. */
void      lw_job_page_show_result   (LwJobPage   *job,
                                     const char  *state,
                                     const char  *icon_name,
                                     const char  *title,
                                     char        *message);
/* Escape and Cancel: cancel a running job, or close the dialog. */
void      lw_job_page_cancel        (LwJobPage   *job);
void      lw_job_page_dispose       (LwJobPage   *job);
void      lw_job_page_finalize      (LwJobPage   *job);
const char *lw_job_page_get_message (LwJobPage   *job);

G_END_DECLS
