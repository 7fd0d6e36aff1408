/* test-first-run.c: the annotator's name asked the first time the application starts */
#include "config.h"

#include "lw-first-run.h"
#include "lw-gui-test.h"

static void
test_save (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *parent = gtk_window_new ();
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  g_autofree char *name = NULL;

  g_settings_set_boolean (settings, "first-run", TRUE);
  g_settings_set_string (settings, "annotator-name", "");
  gtk_window_present (GTK_WINDOW (parent));
  dialog = lw_first_run_ask_name (GTK_WINDOW (parent), settings);
  g_assert_nonnull (dialog);
  lw_gui_test_spin ();
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  /* A blank name cannot be saved; a name is saved trimmed, and the question not asked again. */
  gtk_editable_set_text (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));
  gtk_editable_set_text (entry, "  Mei Ling ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "ok"));
  adw_message_dialog_response (dialog, "ok");
  lw_gui_test_spin ();
  name = g_settings_get_string (settings, "annotator-name");
  g_assert_cmpstr (name, ==, "Mei Ling");
  g_assert_false (g_settings_get_boolean (settings, "first-run"));
  g_assert_null (lw_first_run_ask_name (GTK_WINDOW (parent), settings));
  gtk_window_destroy (GTK_WINDOW (parent));
  lw_gui_test_spin ();
}

static void
test_later (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *parent = gtk_window_new ();
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  g_autofree char *name = NULL;

  g_settings_set_boolean (settings, "first-run", TRUE);
  g_settings_set_string (settings, "annotator-name", "rita");
  gtk_window_present (GTK_WINDOW (parent));
  dialog = lw_first_run_ask_name (GTK_WINDOW (parent), settings);
  g_assert_nonnull (dialog);
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  /* Prefilled with the saved name. */
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "rita");
  gtk_editable_set_text (entry, "someone else");
  adw_message_dialog_response (dialog, "cancel");
  lw_gui_test_spin ();
  name = g_settings_get_string (settings, "annotator-name");
  g_assert_cmpstr (name, ==, "rita");
  g_assert_false (g_settings_get_boolean (settings, "first-run"));
  gtk_window_destroy (GTK_WINDOW (parent));
  lw_gui_test_spin ();
}

int
main (int argc, char *argv[])
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;
  g_test_add_func ("/gui/first-run/save", test_save);
  g_test_add_func ("/gui/first-run/later", test_later);
  return lw_gui_test_run ();
}
