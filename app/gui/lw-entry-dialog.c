/* lw-entry-dialog.c: a message dialog that asks one line of text */
#define G_LOG_DOMAIN "lw-entry-dialog"

#include "config.h"

#include "lw-entry-dialog.h"

GtkEditable *
lw_entry_dialog_get_entry (AdwMessageDialog *dialog)
{
  return GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
}

char *
lw_entry_dialog_dup_text (AdwMessageDialog *dialog)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (lw_entry_dialog_get_entry (dialog))));
}

static void
on_changed (GtkEditable *entry, AdwMessageDialog *dialog)
{
  g_autofree char *text = lw_entry_dialog_dup_text (dialog);

  adw_message_dialog_set_response_enabled (dialog, "ok", *text != '\0');
}

AdwMessageDialog *
lw_entry_dialog_new (GtkWindow             *parent,
                     const char            *heading,
                     const char            *body,
                     const char            *entry_label,
                     const char            *text,
                     const char            *cancel_label,
                     const char            *ok_label,
                     AdwResponseAppearance  appearance)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  entry_label, -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", cancel_label, "ok", ok_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, "ok", appearance);
  adw_message_dialog_set_default_response (dialog, "ok");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (on_changed), dialog);
  on_changed (GTK_EDITABLE (entry), dialog);
  return dialog;
}

void
lw_entry_dialog_present (AdwMessageDialog *dialog)
{
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (lw_entry_dialog_get_entry (dialog)));
}
