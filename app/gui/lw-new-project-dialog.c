/* lw-new-project-dialog.c: name, folder and domain template of a new project
 *
 * The project file is written only when every input is valid; the template's classes are
 * added in one transaction, and a failure removes the half-made file, so a refused or
 * failed creation leaves nothing behind.
 */
#define G_LOG_DOMAIN "lw-new-project-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <labelwright.h>
#include <string.h>

#include "lw-gui.h"
#include "lw-new-project-dialog.h"

struct _LwNewProjectDialog
{
  AdwWindow       parent_instance;

  /* template */
  GtkWidget      *create_button;
  AdwEntryRow    *name_row;
  AdwActionRow   *folder_row;
  GtkLabel       *error_label;
  GtkListBox     *domain_list;
  GtkListBox     *preview_list;

  char           *folder;
  char           *domain;
  char           *error;
  guint           n_preview;
  GtkCheckButton *first_check;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (LwNewProjectDialog, lw_new_project_dialog, ADW_TYPE_WINDOW)

enum { CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const struct {
  const char *domain;
  const char *title;
  const char *description;
} domains[] = {
  { "traffic", N_("Traffic"), N_("Vehicles, pedestrians, signs and lanes in street scenes") },
  { "medical", N_("Medical"), N_("Findings and regions in medical images") },
  { "education", N_("Education"), N_("Scoring and tagging students' texts and answers") },
  { "industrial", N_("Industrial"), N_("Defects and parts in inspection images") },
  { "custom", N_("Custom"), N_("An empty schema: define your own classes") },
};

static GtkWidget *
class_row_new (const LwLabelClass *klass)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *swatch = lw_gui_color_swatch_new (klass->color, 16);
  g_autofree char *kinds_csv = lw_label_class_dup_kinds_string (klass);
  g_auto(GStrv) kind_names = g_strsplit (kinds_csv ? kinds_csv : "", ",", -1);
  g_autofree char *kinds = g_strjoinv (", ", kind_names);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), klass->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kinds);

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch);

  if (klass->hotkey != NULL)
    {
      GtkWidget *key = gtk_label_new (klass->hotkey);
      g_autofree char *a11y = g_strdup_printf (_("Hotkey %s"), klass->hotkey);

      gtk_widget_add_css_class (key, "dim-label");
      gtk_widget_add_css_class (key, "monospace");
      gtk_accessible_update_property (GTK_ACCESSIBLE (key),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), key);
    }
  return row;
}

static void
update_preview (LwNewProjectDialog *self)
{
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_list))) != NULL)
    gtk_list_box_remove (self->preview_list, child);
  self->n_preview = 0;

  classes = lw_schema_load_domain (self->domain, &error);
  if (classes == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      gtk_list_box_append (self->preview_list, row);
      return;
    }
  for (guint i = 0; i < classes->len; i++)
    {
      gtk_list_box_append (self->preview_list, class_row_new (g_ptr_array_index (classes, i)));
      self->n_preview++;
    }
  if (classes->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No classes yet: add them after creating the project"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->preview_list, row);
    }
}

char *
lw_new_project_dialog_dup_path (LwNewProjectDialog *self)
{
  g_autofree char *name = NULL;
  g_autofree char *file = NULL;

  g_return_val_if_fail (LW_IS_NEW_PROJECT_DIALOG (self), NULL);

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (*name == '\0' || self->folder == NULL)
    return NULL;
  file = g_str_has_suffix (name, ".lwproj") ? g_strdup (name) : g_strconcat (name, ".lwproj", NULL);
  return g_build_filename (self->folder, file, NULL);
}

static void
validate (LwNewProjectDialog *self)
{
  g_autofree char *path = lw_new_project_dialog_dup_path (self);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  gboolean blank = path == NULL;

  g_clear_pointer (&self->error, g_free);
  if (self->folder == NULL)
    self->error = g_strdup (_("Choose a folder for the project file"));
  else if (strchr (name, G_DIR_SEPARATOR) != NULL)
    self->error = g_strdup_printf (_("“%s”: a project name cannot contain “%c”"), name, G_DIR_SEPARATOR);
  else if (!g_file_test (self->folder, G_FILE_TEST_IS_DIR))
    self->error = g_strdup_printf (_("%s: the folder does not exist"), self->folder);
  else if (g_access (self->folder, W_OK) != 0)
    self->error = g_strdup_printf (_("%s: the folder is not writable; choose another location"),
                                   self->folder);
  else if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    self->error = g_strdup_printf (_("%s: a file of that name already exists; choose another name"),
                                   path);

  gtk_label_set_text (self->error_label, self->error ? self->error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error != NULL);
  if (self->error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-project.create",
                                 self->error == NULL && !blank);
}

static void
on_input_changed (LwNewProjectDialog *self)
{
  validate (self);
}

static gboolean
create_project (const char *path, const char *name, const char *domain, GError **error)
{
  g_autoptr(LwProject) project = lw_project_create (path, name, domain, error);
  g_autoptr(GPtrArray) classes = NULL;

  if (project == NULL)
    return FALSE;
  classes = lw_schema_load_domain (domain, error);
  if (classes == NULL || !lw_project_begin (project, error))
    goto fail;
  for (guint i = 0; i < classes->len; i++)
    if (!lw_project_add_class (project, g_ptr_array_index (classes, i), error))
      {
        lw_project_rollback (project);
        goto fail;
      }
  if (!lw_project_commit (project, error))
    {
      lw_project_rollback (project);
      goto fail;
    }
  return TRUE;

fail:
  /* A project without its schema is not what the user asked for. */
  lw_project_close (project);
  g_unlink (path);
  return FALSE;
}

static void
create_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  LwNewProjectDialog *self = LW_NEW_PROJECT_DIALOG (widget);
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  validate (self);
  path = lw_new_project_dialog_dup_path (self);
  if (self->error != NULL || path == NULL)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (g_str_has_suffix (name, ".lwproj"))
    name[strlen (name) - strlen (".lwproj")] = '\0';

  if (!create_project (path, name, self->domain, &error))
    {
      self->error = g_strdup (error->message);
      gtk_label_set_text (self->error_label, self->error);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[CREATED], 0, path);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_name_activated (LwNewProjectDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "new-project.create", NULL);
}

static void
on_chooser_response (GtkNativeDialog *dialog, int response, LwNewProjectDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *folder = file ? g_file_get_path (file) : NULL;

      if (folder != NULL)
        lw_new_project_dialog_set_folder (self, folder);
    }
  g_clear_object (&self->chooser);
}

static void
choose_folder_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  LwNewProjectDialog *self = LW_NEW_PROJECT_DIALOG (widget);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Project Location"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (self->folder != NULL)
    {
      g_autoptr(GFile) current = g_file_new_for_path (self->folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), current, NULL);
    }
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_domain_toggled (GtkCheckButton *check, LwNewProjectDialog *self)
{
  if (gtk_check_button_get_active (check))
    lw_new_project_dialog_set_domain (self, g_object_get_data (G_OBJECT (check), "domain"));
}

static void
build_domain_rows (LwNewProjectDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *row = lw_gui_activatable_row_new (_(domains[i].title), check, TRUE);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(domains[i].description));
      g_object_set_data (G_OBJECT (check), "domain", (gpointer) domains[i].domain);
      if (self->first_check != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->first_check);
      else
        self->first_check = GTK_CHECK_BUTTON (check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_domain_toggled), self);
      gtk_list_box_append (self->domain_list, row);
    }
}

void
lw_new_project_dialog_set_domain (LwNewProjectDialog *self, const char *domain)
{
  g_return_if_fail (LW_IS_NEW_PROJECT_DIALOG (self));
  g_return_if_fail (domain != NULL);

  if (g_strcmp0 (self->domain, domain) != 0)
    {
      g_free (self->domain);
      self->domain = g_strdup (domain);
      update_preview (self);
    }
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->domain_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "domain"), domain) == 0 &&
          !gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    }
}

const char *
lw_new_project_dialog_get_domain (LwNewProjectDialog *self)
{
  g_return_val_if_fail (LW_IS_NEW_PROJECT_DIALOG (self), NULL);
  return self->domain;
}

void
lw_new_project_dialog_set_name (LwNewProjectDialog *self, const char *name)
{
  g_return_if_fail (LW_IS_NEW_PROJECT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
  validate (self);
}

void
lw_new_project_dialog_set_folder (LwNewProjectDialog *self, const char *folder)
{
  g_return_if_fail (LW_IS_NEW_PROJECT_DIALOG (self));

  g_free (self->folder);
  self->folder = g_strdup (folder);
  adw_action_row_set_subtitle (self->folder_row, folder ? folder : _("No folder chosen"));
  validate (self);
}

const char *
lw_new_project_dialog_get_error (LwNewProjectDialog *self)
{
  g_return_val_if_fail (LW_IS_NEW_PROJECT_DIALOG (self), NULL);
  return self->error;
}

guint
lw_new_project_dialog_get_n_preview (LwNewProjectDialog *self)
{
  g_return_val_if_fail (LW_IS_NEW_PROJECT_DIALOG (self), 0);
  return self->n_preview;
}

static void
lw_new_project_dialog_dispose (GObject *object)
{
  LwNewProjectDialog *self = LW_NEW_PROJECT_DIALOG (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_NEW_PROJECT_DIALOG);
  G_OBJECT_CLASS (lw_new_project_dialog_parent_class)->dispose (object);
}

static void
lw_new_project_dialog_finalize (GObject *object)
{
  LwNewProjectDialog *self = LW_NEW_PROJECT_DIALOG (object);

  g_free (self->folder);
  g_free (self->domain);
  g_free (self->error);
  G_OBJECT_CLASS (lw_new_project_dialog_parent_class)->finalize (object);
}

static void
lw_new_project_dialog_class_init (LwNewProjectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_new_project_dialog_dispose;
  object_class->finalize = lw_new_project_dialog_finalize;

  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  lw_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               LW_RESOURCE_PATH "/lw-new-project-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LwNewProjectDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, LwNewProjectDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, LwNewProjectDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, LwNewProjectDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LwNewProjectDialog, domain_list);
  gtk_widget_class_bind_template_child (widget_class, LwNewProjectDialog, preview_list);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_name_activated);

  gtk_widget_class_install_action (widget_class, "new-project.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "new-project.choose-folder", NULL,
                                   choose_folder_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lw_new_project_dialog_init (LwNewProjectDialog *self)
{
  const char *docs = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  gtk_widget_init_template (GTK_WIDGET (self));
  build_domain_rows (self);
  lw_new_project_dialog_set_domain (self, "traffic");
  lw_new_project_dialog_set_name (self, _("New project"));
  lw_new_project_dialog_set_folder (self, docs != NULL && g_file_test (docs, G_FILE_TEST_IS_DIR)
                                          ? docs : g_get_home_dir ());
}

LwNewProjectDialog *
lw_new_project_dialog_new (GtkWindow *parent)
{
  return g_object_new (LW_TYPE_NEW_PROJECT_DIALOG, "transient-for", parent, NULL);
}
