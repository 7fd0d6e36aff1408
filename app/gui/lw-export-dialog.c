/* lw-export-dialog.c: choosing a format, an output and a selection, then exporting
 *
 * The container of the output follows the ending of its name, as in lw_export_run; the
 * container row and the name are kept in step both ways. The export runs through
 * lw_window_export_async on a read-only connection of its own.
 */
#define G_LOG_DOMAIN "lw-export-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lw-export-dialog.h"
#include "lw-gui.h"
#include "lw-job-page.h"
#include "lw-show-file.h"

struct _LwExportDialog
{
  AdwWindow       parent_instance;

  /* template */
  AdwToastOverlay *toast_overlay;
  LwJobPage       job;
  GtkWidget      *export_button;
  GtkWidget      *show_button;
  AdwComboRow    *format_row;
  AdwComboRow    *status_row;
  AdwComboRow    *layer_row;
  AdwExpanderRow *classes_row;
  AdwEntryRow    *output_row;
  AdwComboRow    *container_row;
  AdwEntryRow    *split_row;
  GtkSpinButton  *seed_spin;
  GtkSwitch      *skip_missing_switch;
  GtkSwitch      *media_switch;
  GtkSwitch      *strip_metadata_switch;
  GtkSwitch      *anonymize_switch;

  LwWindow       *window;
  GtkFileChooserNative *chooser;
  char           *default_output; /* what the dialog proposed, replaced when the format changes */
  char           *output;         /* the path being written */
  GPtrArray      *layers;         /* annotator names, in the layer row's order after "every" */
  GPtrArray      *class_checks;   /* GtkCheckButton per class, named by "lw-class" data */
  GSettings      *settings;
  gboolean        texts;          /* the project holds texts (its first item is one) */
  gboolean        syncing;
};

G_DEFINE_FINAL_TYPE (LwExportDialog, lw_export_dialog, ADW_TYPE_WINDOW)

/* The format row's positions are the LwExportFormat values. */
G_STATIC_ASSERT (LW_EXPORT_N_FORMATS == 8);

/* The container row's endings, in its order; "" is a folder. .tgz is read as .tar.gz. */
static const char *const container_suffixes[] = { ".zip", ".tar", ".tar.gz", ".tar.xz", ".tar.zst", "" };
/* Their names in the settings (export-container). */
static const char *const container_names[] = { "zip", "tar", "tar.gz", "tar.xz", "tar.zst", "folder" };
G_STATIC_ASSERT (G_N_ELEMENTS (container_names) == G_N_ELEMENTS (container_suffixes));

/* The length of @path's container ending, longest match first, or 0 for a folder. */
static gsize
container_suffix_length (const char *path, guint *container)
{
  static const struct { const char *suffix; guint container; } endings[] = {
    { ".tar.gz", 2 }, { ".tar.xz", 3 }, { ".tar.zst", 4 }, { ".tgz", 2 }, { ".zip", 0 }, { ".tar", 1 },
  };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    if (g_str_has_suffix (lower, endings[i].suffix))
      {
        if (container != NULL)
          *container = endings[i].container;
        return strlen (endings[i].suffix);
      }
  if (container != NULL)
    *container = G_N_ELEMENTS (container_suffixes) - 1;
  return 0;
}

static void
update_actions (GtkWindow *dialog)
{
  LwExportDialog *self = LW_EXPORT_DIALOG (dialog);
  gboolean options = lw_job_page_is (&self->job, "options");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.start", options);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose-output", options);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.show-file",
                                 lw_job_page_is (&self->job, "done"));
  gtk_widget_set_visible (self->export_button, options);
  gtk_widget_set_visible (self->show_button, lw_job_page_is (&self->job, "done"));
  lw_job_page_update_buttons (&self->job);
}

static void
on_output_changed (GtkEditable *editable, LwExportDialog *self)
{
  guint container;

  if (self->syncing)
    return;
  container_suffix_length (gtk_editable_get_text (editable), &container);
  self->syncing = TRUE;
  adw_combo_row_set_selected (self->container_row, container);
  self->syncing = FALSE;
}

/* Without images there is no metadata to remove (names by content still apply: the
 * annotation files name the images by their hashes). */
static void
on_media_toggled (GtkSwitch *media, GParamSpec *pspec, LwExportDialog *self)
{
  GtkWidget *strip_row = gtk_widget_get_ancestor (GTK_WIDGET (self->strip_metadata_switch),
                                                  ADW_TYPE_ACTION_ROW);

  if (strip_row != NULL)
    gtk_widget_set_sensitive (strip_row, gtk_switch_get_active (media));
}

static void
on_container_selected (AdwComboRow *row, GParamSpec *pspec, LwExportDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->output_row));
  guint selected = adw_combo_row_get_selected (row);
  g_autofree char *stem = NULL;
  g_autofree char *path = NULL;
  gsize len;

  if (self->syncing || selected >= G_N_ELEMENTS (container_suffixes) || *text == '\0')
    return;
  len = container_suffix_length (text, NULL);
  stem = g_strndup (text, strlen (text) - len);
  /* A folder given with a trailing '/' keeps a name when it becomes an archive. */
  while (strlen (stem) > 1 && g_str_has_suffix (stem, G_DIR_SEPARATOR_S))
    stem[strlen (stem) - 1] = '\0';
  path = g_strconcat (stem, container_suffixes[selected], NULL);
  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->output_row), path);
  self->syncing = FALSE;
}

static char *
dup_default_output (LwExportDialog *self)
{
  LwProject *project = lw_window_get_project (self->window);
  g_autofree char *name = project ? lw_project_dup_name (project) : NULL;
  g_autofree char *base = NULL;
  guint format = adw_combo_row_get_selected (self->format_row);
  guint container = adw_combo_row_get_selected (self->container_row);

  if (project == NULL)
    return g_strdup ("");
  if (name == NULL || *name == '\0' || strchr (name, G_DIR_SEPARATOR) != NULL)
    {
      g_free (name);
      name = g_strdup ("export");
    }
  base = g_strdup_printf ("%s-%s%s", name,
                          lw_export_format_to_string (MIN (format, LW_EXPORT_N_FORMATS - 1)),
                          container_suffixes[MIN (container, G_N_ELEMENTS (container_suffixes) - 1)]);
  return g_build_filename (lw_project_get_folder (project), base, NULL);
}

static void
on_format_selected (AdwComboRow *row, GParamSpec *pspec, LwExportDialog *self)
{
  const char *text;

  if (self->output_row == NULL || self->window == NULL)
    return;
  text = gtk_editable_get_text (GTK_EDITABLE (self->output_row));
  /* Only a name the dialog proposed follows the format; a chosen one stays. */
  if (*text == '\0' || g_strcmp0 (text, self->default_output) == 0)
    {
      g_free (self->default_output);
      self->default_output = dup_default_output (self);
      gtk_editable_set_text (GTK_EDITABLE (self->output_row), self->default_output);
    }
}

void
lw_export_dialog_set_output (LwExportDialog *self,
                             const char     *path)
{
  g_return_if_fail (LW_IS_EXPORT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->output_row), path ? path : "");
}

const char *
lw_export_dialog_get_output (LwExportDialog *self)
{
  g_return_val_if_fail (LW_IS_EXPORT_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->output_row));
}

gboolean
lw_export_dialog_set_layer (LwExportDialog *self,
                            const char     *annotator)
{
  g_return_val_if_fail (LW_IS_EXPORT_DIALOG (self), FALSE);

  if (annotator == NULL)
    {
      adw_combo_row_set_selected (self->layer_row, 0);
      return TRUE;
    }
  for (guint i = 0; i < self->layers->len; i++)
    if (g_strcmp0 (self->layers->pdata[i], annotator) == 0)
      {
        adw_combo_row_set_selected (self->layer_row, i + 1);
        return TRUE;
      }
  return FALSE;
}

void
lw_export_dialog_set_format (LwExportDialog *self,
                             LwExportFormat  format)
{
  g_return_if_fail (LW_IS_EXPORT_DIALOG (self));
  g_return_if_fail (format < LW_EXPORT_N_FORMATS);
  adw_combo_row_set_selected (self->format_row, format);
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, LwExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          guint container = adw_combo_row_get_selected (self->container_row);

          /* A name without a known ending gets the container row's ending. */
          if (container_suffix_length (path, NULL) == 0
              && container < G_N_ELEMENTS (container_suffixes) - 1)
            {
              char *with = g_strconcat (path, container_suffixes[container], NULL);
              g_free (path);
              path = with;
            }
          gtk_editable_set_text (GTK_EDITABLE (self->output_row), path);
        }
    }
  g_clear_object (&self->chooser);
}

static void
choose_output_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwExportDialog *self = LW_EXPORT_DIALOG (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->output_row));

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export To"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (*text != '\0')
    {
      g_autofree char *folder = g_path_get_dirname (text);
      g_autofree char *base = g_path_get_basename (text);
      g_autoptr(GFile) dir = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), dir, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), base);
    }
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* After a finished export: what it used is what the dialog proposes next time. */
static void
remember_choices (LwExportDialog *self)
{
  guint format = adw_combo_row_get_selected (self->format_row);
  guint container = adw_combo_row_get_selected (self->container_row);

  if (format < LW_EXPORT_N_FORMATS)
    g_settings_set_string (self->settings, self->texts ? "export-text-format" : "export-image-format",
                           lw_export_format_to_string (format));
  if (container < G_N_ELEMENTS (container_names))
    g_settings_set_string (self->settings, "export-container", container_names[container]);
}

static void
on_export_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(LwExportDialog) self = data;
  g_autoptr(GError) error = NULL;
  guint64 n_items = 0, n_skipped = 0;
  gboolean ok = lw_window_export_finish (LW_WINDOW (source), result, &n_items, &n_skipped, &error);

  if (!lw_job_page_end (&self->job))
    return;

  if (ok)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      /* TRANSLATORS: %'llu is a number, %s the output file */
      g_string_printf (text, g_dngettext (GETTEXT_PACKAGE, "%'llu item written to\n%s",
                                          "%'llu items written to\n%s", (gulong) MIN (n_items, G_MAXULONG)),
                       (unsigned long long) n_items, self->output);
      if (n_skipped > 0)
        {
          g_string_append_c (text, '\n');
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                     "%'llu item left out: its media file is missing",
                                                     "%'llu items left out: their media files are missing",
                                                     (gulong) MIN (n_skipped, G_MAXULONG)),
                                  (unsigned long long) n_skipped);
        }
      remember_choices (self);
      lw_job_page_show_result (&self->job, "done", "emblem-ok-symbolic", _("Export Finished"),
                               g_string_free (g_steal_pointer (&text), FALSE));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    lw_job_page_show_result (&self->job, "cancelled", "process-stop-symbolic", _("Export Cancelled"),
                             g_strdup (_("The export was cancelled. No file was written.")));
  else
    lw_job_page_show_result (&self->job, "failed", "dialog-error-symbolic", _("Export Failed"),
                             g_strdup (error->message));
}

static void
show_problem (LwExportDialog *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The Classes row says how many of the project's classes are chosen. */
static void
update_classes_subtitle (LwExportDialog *self)
{
  guint n = self->class_checks->len, chosen = 0;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < n; i++)
    chosen += gtk_check_button_get_active (self->class_checks->pdata[i]);
  if (chosen == n)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Its only class", "All %u classes", n), n);
  else
    /* TRANSLATORS: "2 of 18 classes" */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u class", "%u of %u classes", n),
                                chosen, n);
  adw_expander_row_set_subtitle (self->classes_row, subtitle);
}

static void
on_class_toggled (GtkCheckButton *check, LwExportDialog *self)
{
  update_classes_subtitle (self);
}

/* The layer row lists the annotators when there are two or more; the Classes row has a check
 * per class, all on: the CLI's --annotator and --class. */
static void
fill_layers_and_classes (LwExportDialog *self, LwProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) classes = lw_project_list_classes (project, &error);
  g_autoptr(GtkStringList) layers = gtk_string_list_new (NULL);

  g_clear_pointer (&self->layers, g_ptr_array_unref);
  self->layers = lw_project_list_annotators (project, &error);
  if (self->layers == NULL)
    self->layers = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (layers, _("Every Annotator"));
  for (guint i = 0; i < self->layers->len; i++)
    gtk_string_list_append (layers, self->layers->pdata[i]);
  adw_combo_row_set_model (self->layer_row, G_LIST_MODEL (layers));
  gtk_widget_set_visible (GTK_WIDGET (self->layer_row), self->layers->len >= 2);

  g_ptr_array_set_size (self->class_checks, 0);
  for (guint i = 0; classes != NULL && i < classes->len; i++)
    {
      const LwLabelClass *klass = classes->pdata[i];
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *row = lw_gui_activatable_row_new (klass->name, check, FALSE);

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), lw_gui_color_swatch_new (klass->color, 12));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_object_set_data_full (G_OBJECT (check), "lw-class", g_strdup (klass->name), g_free);
      g_signal_connect (check, "toggled", G_CALLBACK (on_class_toggled), self);
      adw_expander_row_add_row (self->classes_row, row);
      g_ptr_array_add (self->class_checks, check);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->classes_row), self->class_checks->len > 0);
  update_classes_subtitle (self);
}

/* Sets @opts' layer and classes from the rows; FALSE, with the problem shown, when no class is
 * chosen. */
static gboolean
choose_layer_and_classes (LwExportDialog *self, LwProject *project, LwExportOptions *opts)
{
  guint layer = adw_combo_row_get_selected (self->layer_row);
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();

  if (layer >= 1 && layer <= self->layers->len)
    {
      opts->annotator_id = lw_project_find_annotator (project, self->layers->pdata[layer - 1]);
      if (opts->annotator_id <= 0)
        {
          show_problem (self, _("That annotator is no longer in the project"));
          return FALSE;
        }
    }
  for (guint i = 0; i < self->class_checks->len; i++)
    if (gtk_check_button_get_active (self->class_checks->pdata[i]))
      g_ptr_array_add (chosen, g_object_get_data (self->class_checks->pdata[i], "lw-class"));
  if (chosen->len == self->class_checks->len)
    return TRUE;
  if (chosen->len == 0)
    {
      show_problem (self, _("Choose at least one class to export"));
      adw_expander_row_set_expanded (self->classes_row, TRUE);
      return FALSE;
    }
  g_ptr_array_add (chosen, NULL);
  opts->classes = g_strdupv ((char **) chosen->pdata);
  return TRUE;
}

static void
on_file_shown (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(LwExportDialog) self = data;
  g_autoptr(GError) error = NULL;

  if (!lw_show_file_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_problem (self, error->message);
}

static void
show_file_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LwExportDialog *self = LW_EXPORT_DIALOG (widget);

  if (self->output != NULL)
    lw_show_file_async (GTK_WINDOW (self), self->output, NULL, on_file_shown, g_object_ref (self));
}

void
lw_export_dialog_start (LwExportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *split = NULL;
  LwProject *project;
  LwExportOptions opts;
  GCancellable *cancellable;
  const char *text;

  g_return_if_fail (LW_IS_EXPORT_DIALOG (self));

  project = lw_window_get_project (self->window);
  if (!lw_job_page_is (&self->job, "options") || project == NULL)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->output_row));
  output = g_strstrip (g_strdup (text));
  if (*output == '\0')
    {
      show_problem (self, _("Choose where to write the export"));
      gtk_widget_grab_focus (GTK_WIDGET (self->output_row));
      return;
    }
  if (!g_path_is_absolute (output))
    {
      char *absolute = g_build_filename (lw_project_get_folder (project), output, NULL);
      g_free (output);
      output = absolute;
    }

  lw_export_options_init (&opts);
  opts.format = MIN (adw_combo_row_get_selected (self->format_row), LW_EXPORT_N_FORMATS - 1);
  /* The Items row: all, done and accepted (the CLI's --status done,accepted), accepted. */
  switch (adw_combo_row_get_selected (self->status_row))
    {
    case 1:
      opts.status_mask = (1u << LW_ITEM_STATUS_DONE) | (1u << LW_ITEM_STATUS_ACCEPTED);
      break;
    case 2:
      opts.status_mask = 1u << LW_ITEM_STATUS_ACCEPTED;
      break;
    default:
      break;
    }
  split = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->split_row))));
  if (*split != '\0' && !lw_export_parse_splits (&opts, split, &error))
    {
      lw_export_options_clear (&opts);
      show_problem (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->split_row));
      return;
    }
  if (!choose_layer_and_classes (self, project, &opts))
    {
      lw_export_options_clear (&opts);
      return;
    }
  opts.seed = (guint64) gtk_spin_button_get_value (self->seed_spin);
  opts.no_media = !gtk_switch_get_active (self->media_switch);
  opts.skip_missing = gtk_switch_get_active (self->skip_missing_switch);
  opts.strip_metadata = gtk_switch_get_active (self->strip_metadata_switch);
  opts.anonymize_names = gtk_switch_get_active (self->anonymize_switch);

  g_free (self->output);
  self->output = g_strdup (output);
  cancellable = lw_job_page_begin (&self->job, output);
  lw_window_export_async (self->window, &opts, output, cancellable, lw_job_page_progress, &self->job,
                          on_export_done, g_object_ref (self));
  lw_export_options_clear (&opts);
}

static void
start_action (GtkWidget *widget, const char *name, GVariant *param)
{
  lw_export_dialog_start (LW_EXPORT_DIALOG (widget));
}

const char *
lw_export_dialog_get_state (LwExportDialog *self)
{
  g_return_val_if_fail (LW_IS_EXPORT_DIALOG (self), NULL);
  return self->job.state;
}

const char *
lw_export_dialog_get_message (LwExportDialog *self)
{
  g_return_val_if_fail (LW_IS_EXPORT_DIALOG (self), NULL);
  return lw_job_page_get_message (&self->job);
}

static void
lw_export_dialog_dispose (GObject *object)
{
  LwExportDialog *self = LW_EXPORT_DIALOG (object);

  lw_job_page_dispose (&self->job);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->window);
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (lw_export_dialog_parent_class)->dispose (object);
}

static void
lw_export_dialog_finalize (GObject *object)
{
  LwExportDialog *self = LW_EXPORT_DIALOG (object);

  g_free (self->default_output);
  g_free (self->output);
  lw_job_page_finalize (&self->job);
  g_clear_pointer (&self->layers, g_ptr_array_unref);
  g_clear_pointer (&self->class_checks, g_ptr_array_unref);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (lw_export_dialog_parent_class)->finalize (object);
}

static void
lw_export_dialog_class_init (LwExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_export_dialog_dispose;
  object_class->finalize = lw_export_dialog_finalize;

  lw_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, LW_RESOURCE_PATH "/lw-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LwExportDialog, toast_overlay);
  LW_JOB_PAGE_BIND (widget_class, LwExportDialog, job);
  gtk_widget_class_bind_template_child (widget_class, LwExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, LwExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, LwExportDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, LwExportDialog, layer_row);
  gtk_widget_class_bind_template_child (widget_class, LwExportDialog, classes_row);
  gtk_widget_class_bind_template_child (widget_class, LwExportDialog, output_row);
  gtk_widget_class_bind_template_child (widget_class, LwExportDialog, container_row);
  gtk_widget_class_bind_template_child (widget_class, LwExportDialog, split_row);
  gtk_widget_class_bind_template_child (widget_class, LwExportDialog, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, LwExportDialog, skip_missing_switch);
  gtk_widget_class_bind_template_child (widget_class, LwExportDialog, media_switch);
  gtk_widget_class_bind_template_child (widget_class, LwExportDialog, strip_metadata_switch);
  gtk_widget_class_bind_template_child (widget_class, LwExportDialog, anonymize_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_output_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_media_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_container_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_format_selected);

  gtk_widget_class_install_action (widget_class, "export.start", NULL, start_action);
  lw_job_page_install_cancel (widget_class, "export.cancel");
  gtk_widget_class_install_action (widget_class, "export.choose-output", NULL, choose_output_action);
  gtk_widget_class_install_action (widget_class, "export.show-file", NULL, show_file_action);
}

static void
lw_export_dialog_init (LwExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  lw_job_page_init (&self->job, GTK_WINDOW (self), update_actions, _("Exporting…"),
                    _("Export progress"));
  self->show_button = gtk_button_new_with_mnemonic (_("_Show in Files"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->show_button), "export.show-file");
  gtk_widget_set_tooltip_text (self->show_button,
                               _("Open the folder that holds the export, with the export selected"));
  gtk_widget_set_halign (self->show_button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->show_button, 12);
  gtk_widget_add_css_class (self->show_button, "pill");
  gtk_widget_set_visible (self->show_button, FALSE);
  lw_job_page_add_to_result (&self->job, self->show_button);
  self->layers = g_ptr_array_new_with_free_func (g_free);
  self->class_checks = g_ptr_array_new ();
  self->settings = g_settings_new (APP_ID);
}

/* Whether the project holds texts: the first item says, without a scan of a large one. */
static gboolean
holds_texts (LwProject *project)
{
  g_autoptr(GPtrArray) first = lw_project_list_items (project, NULL, 0, 1, NULL);

  return first != NULL && first->len > 0 && ((const LwItem *) first->pdata[0])->kind == LW_ITEM_KIND_TEXT;
}

/* The format and container last used for this kind of project are proposed again (JSONL,
 * doccano's, and COCO the first time); the rows about image files (include, skip missing,
 * metadata and names) do not apply to texts. */
static void
adapt_to_items (LwExportDialog *self, LwProject *project)
{
  g_autofree char *format_name = NULL;
  g_autofree char *container_name = g_settings_get_string (self->settings, "export-container");
  LwExportFormat format;

  self->texts = holds_texts (project);
  format_name = g_settings_get_string (self->settings, self->texts ? "export-text-format"
                                                                  : "export-image-format");
  if (!lw_export_format_from_string (format_name, &format))
    format = self->texts ? LW_EXPORT_JSONL : LW_EXPORT_COCO;
  adw_combo_row_set_selected (self->format_row, format);
  for (guint i = 0; i < G_N_ELEMENTS (container_names); i++)
    if (g_strcmp0 (container_name, container_names[i]) == 0)
      adw_combo_row_set_selected (self->container_row, i);
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->media_switch), ADW_TYPE_ACTION_ROW),
                          !self->texts);
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->skip_missing_switch),
                                                   ADW_TYPE_ACTION_ROW), !self->texts);
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->strip_metadata_switch),
                                                   ADW_TYPE_PREFERENCES_GROUP), !self->texts);
}

LwExportDialog *
lw_export_dialog_new (LwWindow *window)
{
  LwExportDialog *self;

  g_return_val_if_fail (LW_IS_WINDOW (window), NULL);

  self = g_object_new (LW_TYPE_EXPORT_DIALOG,
                       "transient-for", window,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->window = g_object_ref (window);
  if (lw_window_get_project (window) != NULL)
    {
      fill_layers_and_classes (self, lw_window_get_project (window));
      adapt_to_items (self, lw_window_get_project (window));
    }
  self->default_output = dup_default_output (self);
  gtk_editable_set_text (GTK_EDITABLE (self->output_row), self->default_output);
  update_actions (GTK_WINDOW (self));
  return self;
}
