/* lw-application.c: the application: windows, app-wide actions, style */
#define G_LOG_DOMAIN "lw-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <labelwright.h>

#include "lw-application.h"
#include "lw-first-frame.h"
#include "lw-first-run.h"
#include "lw-gui.h"
#include "lw-new-project-dialog.h"
#include "lw-preferences-window.h"
#include "lw-sample.h"
#include "lw-window.h"

struct _LwApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  gboolean        open_sample;
  gboolean        open_education_sample;
};

G_DEFINE_FINAL_TYPE (LwApplication, lw_application, ADW_TYPE_APPLICATION)

static void
apply_color_scheme (LwApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    value = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

static void
on_color_scheme_changed (GSettings *settings, const char *key, LwApplication *self)
{
  apply_color_scheme (self);
}

/* The window that shows @path, or NULL. */
static LwWindow *
find_window_for (LwApplication *self, const char *path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (LW_IS_WINDOW (l->data) && g_strcmp0 (lw_window_get_path (l->data), path) == 0)
      return l->data;
  return NULL;
}

/* A window without a project (the welcome page, not upgrading one), or a new one: one window
 * per project. */
static LwWindow *
get_empty_window (LwApplication *self)
{
  LwWindow *window;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (LW_IS_WINDOW (l->data) && lw_window_get_path (l->data) == NULL)
      return l->data;
  window = lw_window_new (GTK_APPLICATION (self));
  return window;
}

/* Presents @window; the first time the application starts, asks the annotator's name over it. */
static void
present (LwApplication *self, GtkWindow *window)
{
  gtk_window_present (window);
  lw_first_run_ask_name (window, self->settings);
}

static void
open_path (LwApplication *self, const char *path, gboolean sample)
{
  g_autoptr(GError) error = NULL;
  LwWindow *window = path ? find_window_for (self, path) : NULL;
  gboolean ok;

  if (window == NULL)
    {
      window = get_empty_window (self);
      ok = sample ? lw_window_open_sample_file (window, path, &error)
                  : lw_window_open_project (window, path, &error);
      if (!ok)
        lw_window_show_error (window, error);
    }
  /* Does nothing unless LABELWRIGHT_REPORT_FIRST_FRAME is set: see lw-first-frame.c. */
  lw_first_frame_watch (GTK_WINDOW (window));
  present (self, GTK_WINDOW (window));
}

static void
open_sample (LwApplication *self, gboolean education)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = education ? lw_sample_ensure_education (&error) : lw_sample_ensure (&error);

  if (path == NULL)
    {
      LwWindow *window = get_empty_window (self);
      lw_window_show_error (window, error);
      present (self, GTK_WINDOW (window));
      return;
    }
  open_path (self, path, TRUE);
}

static void
lw_application_activate (GApplication *app)
{
  LwApplication *self = LW_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *last = NULL;
  g_autofree char *path = NULL;

  if (self->open_sample || self->open_education_sample)
    {
      gboolean education = self->open_education_sample;

      self->open_sample = self->open_education_sample = FALSE;
      open_sample (self, education);
      return;
    }
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  last = g_settings_get_string (self->settings, "last-project");
  if (*last != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_uri (last);
      path = g_file_get_path (file);
    }
  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    open_path (self, path, FALSE);
  else
    present (self, GTK_WINDOW (lw_window_new (GTK_APPLICATION (app))));
}

static void
lw_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  LwApplication *self = LW_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          LwWindow *window = get_empty_window (self);
          g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                 _("%s: only local project files can be opened"), uri);
          lw_window_show_error (window, error);
          gtk_window_present (GTK_WINDOW (window));
          continue;
        }
      open_path (self, path, FALSE);
    }
}

static int
lw_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  LwApplication *self = LW_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("labelwright %s\n", VERSION);
      return 0;
    }
  if (!g_variant_dict_contains (options, "sample") && !g_variant_dict_contains (options, "education-sample"))
    return -1;

  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("labelwright: %s\n", error->message);
      return 1;
    }
  if (g_application_get_is_remote (app))
    {
      g_action_group_activate_action (G_ACTION_GROUP (app),
                                      g_variant_dict_contains (options, "sample") ? "open-sample"
                                                                                 : "open-education-sample",
                                      NULL);
      return 0;
    }
  self->open_sample = g_variant_dict_contains (options, "sample");
  self->open_education_sample = !self->open_sample;
  return -1;
}

/* Actions */

static GtkWindow *
active_window (LwApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LwApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Close, rather than destroy, so that each window saves its size. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LwApplication *self = user_data;
  static const char *developers[] = { "The Labelwright developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", active_window (self),
                        "application-icon", APP_ID,
                        "application-name", _("Labelwright"),
                        "developer-name", _("The Labelwright developers"),
                        "version", VERSION,
                        "comments", _("Label images and texts for machine-learning datasets, and export them in the formats training code reads."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2024 The Labelwright developers",
                        "developers", developers,
                        /* TRANSLATORS: your name(s), one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LwApplication *self = user_data;

  gtk_window_present (GTK_WINDOW (lw_preferences_window_new (active_window (self))));
}

static void
shortcuts_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LwApplication *self = user_data;
  GtkWindow *window = active_window (self);

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static GtkFileFilter *
project_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Labelwright projects"));
  gtk_file_filter_add_mime_type (filter, "application/x-labelwright-project");
  gtk_file_filter_add_suffix (filter, "lwproj");
  return filter;
}

static void
on_open_response (GtkNativeDialog *dialog, int response, LwApplication *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      GFile *files[] = { file };
      lw_application_open (G_APPLICATION (self), files, 1, "");
    }
  g_object_unref (dialog);
}

static void
open_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LwApplication *self = user_data;
  g_autoptr(GtkFileFilter) filter = project_filter ();
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open Project"), active_window (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_project_created (LwNewProjectDialog *dialog, const char *path, LwApplication *self)
{
  LwWindow *window;

  open_path (self, path, FALSE);
  /* A custom project starts without classes: open the class editor on it right away. */
  window = find_window_for (self, path);
  if (window != NULL && g_strcmp0 (lw_new_project_dialog_get_domain (dialog), "custom") == 0)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-classes", NULL);
}

static void
new_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  LwApplication *self = user_data;
  LwNewProjectDialog *dialog = lw_new_project_dialog_new (active_window (self));

  g_signal_connect_object (dialog, "created", G_CALLBACK (on_project_created), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_sample_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  open_sample (LW_APPLICATION (user_data), FALSE);
}

static void
open_education_sample_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  open_sample (LW_APPLICATION (user_data), TRUE);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
  { .name = "preferences", .activate = preferences_activated },
  { .name = "shortcuts", .activate = shortcuts_activated },
  { .name = "new", .activate = new_activated },
  { .name = "open", .activate = open_activated },
  { .name = "open-sample", .activate = open_sample_activated },
  { .name = "open-education-sample", .activate = open_education_sample_activated },
};

static void
lw_application_startup (GApplication *app)
{
  LwApplication *self = LW_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *import_accels[] = { "<Control>i", NULL };
  static const char *export_accels[] = { "<Control>e", NULL };
  static const char *stats_accels[] = { "<Control><Shift>s", NULL };

  lw_gui_ensure_resources ();
  G_APPLICATION_CLASS (lw_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.import", import_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.export", export_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-stats", stats_accels);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (on_color_scheme_changed), self, 0);
  apply_color_scheme (self);
}

static void
lw_application_dispose (GObject *object)
{
  LwApplication *self = LW_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (lw_application_parent_class)->dispose (object);
}

static void
lw_application_class_init (LwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = lw_application_dispose;
  app_class->activate = lw_application_activate;
  app_class->open = lw_application_open;
  app_class->startup = lw_application_startup;
  app_class->handle_local_options = lw_application_handle_local_options;
}

static void
lw_application_init (LwApplication *self)
{
  static const GOptionEntry options[] = {
    { "sample", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Open the bundled sample project"), NULL },
    { "education-sample", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Open the bundled education sample (essays and exam answers)"), NULL },
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[PROJECT.lwproj…]"));
}

LwApplication *
lw_application_new (void)
{
  return g_object_new (LW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       /* One prefix for release and .Devel: style.css and
                        * gtk/help-overlay.ui are found there by convention. */
                       "resource-base-path", LW_RESOURCE_PATH,
                       NULL);
}
