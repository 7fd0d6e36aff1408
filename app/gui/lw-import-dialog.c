/* lw-import-dialog.c: choosing sources and options, then importing with progress
 *
 * The dialog has three pages: the options, the progress of the running import, and the
 * result (a summary, or the core's error message). The import itself runs through
 * lw_window_import_async, so the window reloads its list when it succeeds.
 */
#define G_LOG_DOMAIN "lw-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-gui.h"
#include "lw-import-dialog.h"
#include "lw-job-page.h"

struct _LwImportDialog
{
  AdwWindow       parent_instance;

  /* template */
  LwJobPage       job;
  GtkWidget      *import_button;
  GtkListBox     *sources_list;
  AdwComboRow    *format_row;
  GtkSwitch      *add_classes_switch;
  GtkSwitch      *predictions_switch;
  AdwEntryRow    *annotator_row;

  LwWindow       *window;
  GPtrArray      *sources;       /* char* paths, in the order chosen */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (LwImportDialog, lw_import_dialog, ADW_TYPE_WINDOW)

/* The format row's positions are the LwImportFormat values. */
G_STATIC_ASSERT (LW_IMPORT_FORMAT_CSV == 8);
#define N_FORMATS 9

static void
update_actions (GtkWindow *dialog)
{
  LwImportDialog *self = LW_IMPORT_DIALOG (dialog);
  gboolean options = lw_job_page_is (&self->job, "options");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.start",
                                 options && self->sources->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.add-files", options);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.add-folder", options);
  gtk_widget_set_visible (self->import_button, options);
  lw_job_page_update_buttons (&self->job);
}

static void
on_remove_clicked (GtkButton *button, LwImportDialog *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "lw-path");

  for (guint i = 0; i < self->sources->len; i++)
    if (g_str_equal (g_ptr_array_index (self->sources, i), path))
      {
        GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
        /* The row owns the button that owns the path: remove the row last. */
        g_ptr_array_remove_index (self->sources, i);
        gtk_list_box_remove (self->sources_list, row);
        break;
      }
  update_actions (GTK_WINDOW (self));
}

static void
add_source (LwImportDialog *self, const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *remove_label = NULL;
  GtkWidget *row, *button;

  for (guint i = 0; i < self->sources->len; i++)
    if (g_str_equal (g_ptr_array_index (self->sources, i), path))
      return;
  g_ptr_array_add (self->sources, g_strdup (path));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), base);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (g_file_test (path, G_FILE_TEST_IS_DIR)
                                                           ? "folder-symbolic"
                                                           : "text-x-generic-symbolic"));
  button = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Remove from the list"));
  /* TRANSLATORS: accessible name of the button that removes a file from the import list */
  remove_label = g_strdup_printf (_("Remove %s"), base);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  g_object_set_data_full (G_OBJECT (button), "lw-path", g_strdup (path), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_remove_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_widget_set_tooltip_text (row, path);
  gtk_list_box_append (self->sources_list, row);
  update_actions (GTK_WINDOW (self));
}

void
lw_import_dialog_set_sources (LwImportDialog    *self,
                              const char *const *paths)
{
  GtkWidget *child;

  g_return_if_fail (LW_IS_IMPORT_DIALOG (self));

  g_ptr_array_set_size (self->sources, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sources_list))) != NULL)
    gtk_list_box_remove (self->sources_list, child);
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    add_source (self, paths[i]);
  update_actions (GTK_WINDOW (self));
}

void
lw_import_dialog_set_format (LwImportDialog *self,
                             LwImportFormat  format)
{
  g_return_if_fail (LW_IS_IMPORT_DIALOG (self));
  g_return_if_fail ((guint) format < N_FORMATS);
  adw_combo_row_set_selected (self->format_row, (guint) format);
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, LwImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            add_source (self, path);
        }
    }
  g_clear_object (&self->chooser);
}

static void
choose (LwImportDialog *self, gboolean folders)
{
  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (folders ? _("Add Folders") : _("Add Files"),
                                               GTK_WINDOW (self),
                                               folders ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                       : GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
add_files_action (GtkWidget *widget, const char *name, GVariant *param)
{
  choose (LW_IMPORT_DIALOG (widget), FALSE);
}

static void
add_folder_action (GtkWidget *widget, const char *name, GVariant *param)
{
  choose (LW_IMPORT_DIALOG (widget), TRUE);
}

/* One line of the summary. */
static void append_line (GString *text, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
append_line (GString *text, const char *format, ...)
{
  va_list args;

  if (text->len > 0)
    g_string_append_c (text, '\n');
  va_start (args, format);
  g_string_append_vprintf (text, format, args);
  va_end (args);
}

#define PLURAL(n) ((gulong) MIN ((n), G_MAXULONG))

static void
on_import_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(LwImportDialog) self = data;
  g_autoptr(GError) error = NULL;
  LwImportReport report = { 0 };
  gboolean ok = lw_window_import_finish (LW_WINDOW (source), result, &report, &error);

  if (!lw_job_page_end (&self->job))
    return;

  if (ok)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      append_line (text, g_dngettext (GETTEXT_PACKAGE, "%'llu item added",
                                       "%'llu items added", PLURAL (report.items_added)),
                   (unsigned long long) report.items_added);
      append_line (text, g_dngettext (GETTEXT_PACKAGE, "%'llu duplicate skipped",
                                       "%'llu duplicates skipped", PLURAL (report.duplicates)),
                   (unsigned long long) report.duplicates);
      append_line (text, g_dngettext (GETTEXT_PACKAGE, "%'llu annotation added",
                                       "%'llu annotations added", PLURAL (report.annotations_added)),
                   (unsigned long long) report.annotations_added);
      if (report.annotations_present > 0)
        append_line (text, g_dngettext (GETTEXT_PACKAGE, "%'llu annotation already present, left out",
                                         "%'llu annotations already present, left out",
                                         PLURAL (report.annotations_present)),
                     (unsigned long long) report.annotations_present);
      if (report.classes_added > 0)
        append_line (text, g_dngettext (GETTEXT_PACKAGE, "%'llu class added",
                                         "%'llu classes added", PLURAL (report.classes_added)),
                     (unsigned long long) report.classes_added);
      if (report.clamped > 0)
        append_line (text, g_dngettext (GETTEXT_PACKAGE, "%'llu shape moved inside its image",
                                         "%'llu shapes moved inside their images", PLURAL (report.clamped)),
                     (unsigned long long) report.clamped);
      append_line (text, g_dngettext (GETTEXT_PACKAGE, "%'llu warning",
                                       "%'llu warnings", PLURAL (report.warnings)),
                   (unsigned long long) report.warnings);
      lw_job_page_show_result (&self->job, "done", "emblem-ok-symbolic", _("Import Finished"),
                               g_string_free (g_steal_pointer (&text), FALSE));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    lw_job_page_show_result (&self->job, "cancelled", "process-stop-symbolic", _("Import Cancelled"),
                             g_strdup (_("The import was cancelled. Nothing was changed in the project.")));
  else
    /* TRANSLATORS: %s is the error message of the import, which names the file */
    lw_job_page_show_result (&self->job, "failed", "dialog-error-symbolic", _("Import Failed"),
                             g_strdup_printf (_("%s\n\nNothing was changed in the project."),
                                              error->message));
}

void
lw_import_dialog_start (LwImportDialog *self)
{
  g_autoptr(GPtrArray) paths = NULL;
  g_autofree char *annotator = NULL;
  LwImportOptions opts = { 0 };
  GCancellable *cancellable;

  g_return_if_fail (LW_IS_IMPORT_DIALOG (self));

  if (!lw_job_page_is (&self->job, "options") || self->sources->len == 0)
    return;

  paths = g_ptr_array_new ();
  for (guint i = 0; i < self->sources->len; i++)
    g_ptr_array_add (paths, g_ptr_array_index (self->sources, i));
  g_ptr_array_add (paths, NULL);

  annotator = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->annotator_row))));
  opts.format = (LwImportFormat) MIN (adw_combo_row_get_selected (self->format_row), N_FORMATS - 1);
  opts.add_classes = gtk_switch_get_active (self->add_classes_switch);
  opts.predictions = gtk_switch_get_active (self->predictions_switch);
  opts.annotator = *annotator != '\0' ? annotator : NULL;

  cancellable = lw_job_page_begin (&self->job, _("Reading the sources…"));
  /* The dialog stays alive until the import reports back, even when it is closed. */
  lw_window_import_async (self->window, (const char *const *) paths->pdata, &opts,
                          cancellable, lw_job_page_progress, &self->job, on_import_done,
                          g_object_ref (self));
}

static void
start_action (GtkWidget *widget, const char *name, GVariant *param)
{
  lw_import_dialog_start (LW_IMPORT_DIALOG (widget));
}

const char *
lw_import_dialog_get_state (LwImportDialog *self)
{
  g_return_val_if_fail (LW_IS_IMPORT_DIALOG (self), NULL);
  return self->job.state;
}

const char *
lw_import_dialog_get_message (LwImportDialog *self)
{
  g_return_val_if_fail (LW_IS_IMPORT_DIALOG (self), NULL);
  return lw_job_page_get_message (&self->job);
}

static void
lw_import_dialog_dispose (GObject *object)
{
  LwImportDialog *self = LW_IMPORT_DIALOG (object);

  lw_job_page_dispose (&self->job);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->window);
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_IMPORT_DIALOG);
  G_OBJECT_CLASS (lw_import_dialog_parent_class)->dispose (object);
}

static void
lw_import_dialog_finalize (GObject *object)
{
  LwImportDialog *self = LW_IMPORT_DIALOG (object);

  g_ptr_array_unref (self->sources);
  lw_job_page_finalize (&self->job);
  G_OBJECT_CLASS (lw_import_dialog_parent_class)->finalize (object);
}

static void
lw_import_dialog_class_init (LwImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_import_dialog_dispose;
  object_class->finalize = lw_import_dialog_finalize;

  lw_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, LW_RESOURCE_PATH "/lw-import-dialog.ui");
  LW_JOB_PAGE_BIND (widget_class, LwImportDialog, job);
  gtk_widget_class_bind_template_child (widget_class, LwImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, LwImportDialog, sources_list);
  gtk_widget_class_bind_template_child (widget_class, LwImportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, LwImportDialog, add_classes_switch);
  gtk_widget_class_bind_template_child (widget_class, LwImportDialog, predictions_switch);
  gtk_widget_class_bind_template_child (widget_class, LwImportDialog, annotator_row);

  gtk_widget_class_install_action (widget_class, "import.start", NULL, start_action);
  lw_job_page_install_cancel (widget_class, "import.cancel");
  gtk_widget_class_install_action (widget_class, "import.add-files", NULL, add_files_action);
  gtk_widget_class_install_action (widget_class, "import.add-folder", NULL, add_folder_action);
}

static void
lw_import_dialog_init (LwImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->sources = g_ptr_array_new_with_free_func (g_free);
  lw_job_page_init (&self->job, GTK_WINDOW (self), update_actions, _("Importing…"),
                    _("Import progress"));
}

LwImportDialog *
lw_import_dialog_new (LwWindow *window)
{
  LwImportDialog *self;
  g_autofree char *annotator = NULL;

  g_return_val_if_fail (LW_IS_WINDOW (window), NULL);

  self = g_object_new (LW_TYPE_IMPORT_DIALOG,
                       "transient-for", window,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->window = g_object_ref (window);
  annotator = lw_window_dup_annotator_name (window);
  gtk_editable_set_text (GTK_EDITABLE (self->annotator_row), annotator);
  update_actions (GTK_WINDOW (self));
  return self;
}
