/* lw-first-run.c: asking the annotator's name the first time the application starts */
#define G_LOG_DOMAIN "lw-first-run"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-entry-dialog.h"
#include "lw-first-run.h"

static void
on_response (AdwMessageDialog *dialog, const char *response, GSettings *settings)
{
  g_autofree char *name = lw_entry_dialog_dup_text (dialog);

  if (g_strcmp0 (response, "ok") == 0 && *name != '\0')
    g_settings_set_string (settings, "annotator-name", name);
  g_settings_set_boolean (settings, "first-run", FALSE);
}

static void
release_settings (gpointer data, GClosure *closure)
{
  g_object_unref (data);
}

AdwMessageDialog *
lw_first_run_ask_name (GtkWindow *parent, GSettings *settings)
{
  g_autofree char *saved = NULL;
  const char *real = g_get_real_name ();
  AdwMessageDialog *dialog;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  if (!g_settings_get_boolean (settings, "first-run"))
    return NULL;
  saved = g_strstrip (g_settings_get_string (settings, "annotator-name"));
  if (*saved == '\0' && real != NULL && g_strcmp0 (real, "Unknown") != 0)
    {
      g_free (saved);
      saved = g_strdup (real);
    }
  dialog = lw_entry_dialog_new (parent, _("Who Is Labelling?"),
                                _("Every annotation and review you make carries this name, so "
                                  "that a team can see who labelled what. It can be changed "
                                  "later in Preferences."),
                                _("Annotator name"), saved, _("_Later"), _("_Save"),
                                ADW_RESPONSE_SUGGESTED);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response), g_object_ref (settings),
                         release_settings, 0);
  lw_entry_dialog_present (dialog);
  return dialog;
}
