/* lw-first-run.c: asking the annotator's name the first time the application starts */
#define G_LOG_DOMAIN "lw-first-run"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-first-run.h"

static void
on_response (AdwMessageDialog *dialog, const char *response, GSettings *settings)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "save") == 0 && *name != '\0')
    g_settings_set_string (settings, "annotator-name", name);
  g_settings_set_boolean (settings, "first-run", FALSE);
}

static void
release_settings (gpointer data, GClosure *closure)
{
  g_object_unref (data);
}

static void
on_entry_changed (GtkEditable *entry, AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", *name != '\0');
}

AdwMessageDialog *
lw_first_run_ask_name (GtkWindow *parent, GSettings *settings)
{
  g_autofree char *saved = NULL;
  const char *real = g_get_real_name ();
  GtkWidget *dialog, *entry;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  if (!g_settings_get_boolean (settings, "first-run"))
    return NULL;
  saved = g_strstrip (g_settings_get_string (settings, "annotator-name"));
  if (*saved == '\0' && real != NULL && g_strcmp0 (real, "Unknown") != 0)
    {
      g_free (saved);
      saved = g_strdup (real);
    }

  dialog = adw_message_dialog_new (parent, _("Who Is Labelling?"),
                                   _("Every annotation and review you make carries this name, so "
                                     "that a team can see who labelled what. It can be changed "
                                     "later in Preferences."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), saved);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Annotator name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Later"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), dialog);
  on_entry_changed (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response), g_object_ref (settings),
                         release_settings, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
  return ADW_MESSAGE_DIALOG (dialog);
}
