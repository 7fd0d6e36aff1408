/* lw-assign-dialog.c: giving the items out to annotators (the CLI's `assign`): names, the
 * overlap for agreement and a seed, then the assignment as a job of the window, and each
 * annotator's share. The plan of the last assignment, which the core saves in the project,
 * is proposed again, so that assigning newly imported items is one click. */
#define G_LOG_DOMAIN "lw-assign-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "lw-assign-dialog.h"
#include "lw-gui.h"
#include "lw-job-page.h"

struct _LwAssignDialog
{
  AdwWindow       parent_instance;

  /* template */
  LwJobPage       job;
  GtkWidget      *assign_button;
  AdwEntryRow    *names_row;
  GtkSwitch      *add_switch;
  GtkSpinButton  *overlap_spin;
  GtkWidget      *share_row;
  GtkSpinButton  *share_spin;
  GtkSpinButton  *seed_spin;

  LwWindow       *window;
};

G_DEFINE_FINAL_TYPE (LwAssignDialog, lw_assign_dialog, ADW_TYPE_WINDOW)

/* The names typed, trimmed, without empty ones. */
static GStrv
dup_names (LwAssignDialog *self)
{
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->names_row)), ",", -1);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (names, parts[i]);
  return g_strv_builder_end (names);
}

static void
update_actions (GtkWindow *dialog)
{
  LwAssignDialog *self = LW_ASSIGN_DIALOG (dialog);
  gboolean options = lw_job_page_is (&self->job, "options");
  g_auto(GStrv) names = dup_names (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assign.start", options && names[0] != NULL);
  gtk_widget_set_visible (self->assign_button, options);
  lw_job_page_update_buttons (&self->job);
}

static void
on_names_changed (LwAssignDialog *self)
{
  update_actions (GTK_WINDOW (self));
}

/* A share only means something when items go to several annotators. */
static void
on_overlap_changed (LwAssignDialog *self)
{
  gtk_widget_set_sensitive (self->share_row, gtk_spin_button_get_value_as_int (self->overlap_spin) > 1);
}

/* The plan the last assignment saved (lw-quality.h: "assign.*" keys). */
static void
propose_saved_plan (LwAssignDialog *self, LwProject *project)
{
  g_autofree char *names = lw_project_dup_meta (project, "assign.annotators");
  g_autofree char *overlap = lw_project_dup_meta (project, "assign.overlap");
  g_autofree char *share = lw_project_dup_meta (project, "assign.share");
  g_autofree char *seed = lw_project_dup_meta (project, "assign.seed");

  g_autoptr(JsonNode) saved = names != NULL ? json_from_string (names, NULL) : NULL;

  /* The names are saved as a JSON array of strings. */
  if (saved != NULL && JSON_NODE_HOLDS_ARRAY (saved))
    {
      JsonArray *array = json_node_get_array (saved);
      g_autoptr(GString) shown = g_string_new (NULL);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *name = json_node_get_string (json_array_get_element (array, i));
          if (name != NULL)
            g_string_append_printf (shown, "%s%s", shown->len ? ", " : "", name);
        }
      gtk_editable_set_text (GTK_EDITABLE (self->names_row), shown->str);
    }
  if (overlap != NULL)
    gtk_spin_button_set_value (self->overlap_spin, g_ascii_strtod (overlap, NULL));
  /* Without an overlap the saved share is 0: the default stays for when one is chosen. */
  if (share != NULL && gtk_spin_button_get_value_as_int (self->overlap_spin) > 1)
    gtk_spin_button_set_value (self->share_spin, g_ascii_strtod (share, NULL));
  if (seed != NULL)
    gtk_spin_button_set_value (self->seed_spin, g_ascii_strtod (seed, NULL));
  on_overlap_changed (self);
}

static char *
describe (const LwAssignReport *report)
{
  GString *text = g_string_new (NULL);

  /* TRANSLATORS: %'lld are numbers of items */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%'lld item given out now",
                                             "%'lld items given out now",
                                             (gulong) CLAMP (report->added_items, 0, G_MAXLONG)),
                          (long long) report->added_items);
  for (guint i = 0; i < report->annotators->len; i++)
    {
      const LwAssignCount *c = report->annotators->pdata[i];
      g_string_append_c (text, '\n');
      /* TRANSLATORS: an annotator's name, then numbers of items */
      g_string_append_printf (text, _("%s: %'lld assigned (%'lld shared), %'lld to do"), c->annotator,
                              (long long) c->assigned, (long long) c->overlap, (long long) c->queue);
    }
  return g_string_free (text, FALSE);
}

static void
on_assigned (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(LwAssignDialog) self = data;
  g_autoptr(GError) error = NULL;
  LwAssignReport *report = lw_window_assign_finish (LW_WINDOW (source), result, &error);

  if (!lw_job_page_end (&self->job))
    {
      g_clear_pointer (&report, lw_assign_report_free);
      return;
    }
  if (report != NULL)
    lw_job_page_show_result (&self->job, "done", "emblem-ok-symbolic", _("Items Assigned"),
                             describe (report));
  else
    lw_job_page_show_result (&self->job, "failed", "dialog-error-symbolic", _("Assignment Failed"),
                             g_strdup_printf (_("%s\n\nNothing was changed in the project."),
                                              error->message));
  g_clear_pointer (&report, lw_assign_report_free);
}

void
lw_assign_dialog_start (LwAssignDialog *self)
{
  g_auto(GStrv) names = NULL;
  LwAssignOptions opts = { 0 };

  g_return_if_fail (LW_IS_ASSIGN_DIALOG (self));

  names = dup_names (self);
  if (!lw_job_page_is (&self->job, "options") || names[0] == NULL)
    return;
  opts.annotators = (const char *const *) names;
  opts.overlap = (guint) gtk_spin_button_get_value_as_int (self->overlap_spin);
  opts.share = opts.overlap > 1 ? gtk_spin_button_get_value (self->share_spin) : 0;
  opts.seed = (guint64) gtk_spin_button_get_value (self->seed_spin);
  opts.add_annotators = gtk_switch_get_active (self->add_switch);

  lw_job_page_begin (&self->job, _("Giving the items out…"));
  /* The core cannot stop midway: Cancel (and Escape) would only hide the answer, so it is
   * off, and the job gets no cancellable, so that its answer always comes. */
  gtk_widget_set_sensitive (self->job.cancel_button, FALSE);
  lw_window_assign_async (self->window, &opts, NULL, on_assigned, g_object_ref (self));
}

static void
start_action (GtkWidget *widget, const char *name, GVariant *param)
{
  lw_assign_dialog_start (LW_ASSIGN_DIALOG (widget));
}

const char *
lw_assign_dialog_get_state (LwAssignDialog *self)
{
  g_return_val_if_fail (LW_IS_ASSIGN_DIALOG (self), NULL);
  return self->job.state;
}

const char *
lw_assign_dialog_get_message (LwAssignDialog *self)
{
  g_return_val_if_fail (LW_IS_ASSIGN_DIALOG (self), NULL);
  return lw_job_page_get_message (&self->job);
}

static void
lw_assign_dialog_dispose (GObject *object)
{
  LwAssignDialog *self = LW_ASSIGN_DIALOG (object);

  lw_job_page_dispose (&self->job);
  g_clear_object (&self->window);
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_ASSIGN_DIALOG);
  G_OBJECT_CLASS (lw_assign_dialog_parent_class)->dispose (object);
}

static void
lw_assign_dialog_finalize (GObject *object)
{
  lw_job_page_finalize (&LW_ASSIGN_DIALOG (object)->job);
  G_OBJECT_CLASS (lw_assign_dialog_parent_class)->finalize (object);
}

static void
lw_assign_dialog_class_init (LwAssignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_assign_dialog_dispose;
  object_class->finalize = lw_assign_dialog_finalize;

  lw_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, LW_RESOURCE_PATH "/lw-assign-dialog.ui");
  LW_JOB_PAGE_BIND (widget_class, LwAssignDialog, job);
  gtk_widget_class_bind_template_child (widget_class, LwAssignDialog, assign_button);
  gtk_widget_class_bind_template_child (widget_class, LwAssignDialog, names_row);
  gtk_widget_class_bind_template_child (widget_class, LwAssignDialog, add_switch);
  gtk_widget_class_bind_template_child (widget_class, LwAssignDialog, overlap_spin);
  gtk_widget_class_bind_template_child (widget_class, LwAssignDialog, share_row);
  gtk_widget_class_bind_template_child (widget_class, LwAssignDialog, share_spin);
  gtk_widget_class_bind_template_child (widget_class, LwAssignDialog, seed_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_names_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_overlap_changed);

  gtk_widget_class_install_action (widget_class, "assign.start", NULL, start_action);
  lw_job_page_install_cancel (widget_class, "assign.cancel");
}

static void
lw_assign_dialog_init (LwAssignDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  lw_job_page_init (&self->job, GTK_WINDOW (self), update_actions, _("Assigning…"),
                    _("Assignment progress"));
}

LwAssignDialog *
lw_assign_dialog_new (LwWindow *window)
{
  LwAssignDialog *self;

  g_return_val_if_fail (LW_IS_WINDOW (window), NULL);

  self = g_object_new (LW_TYPE_ASSIGN_DIALOG,
                       "transient-for", window,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->window = g_object_ref (window);
  if (lw_window_get_project (window) != NULL)
    propose_saved_plan (self, lw_window_get_project (window));
  update_actions (GTK_WINDOW (self));
  return self;
}
