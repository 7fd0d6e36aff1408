/* test-accessibility.c: every button of the main window, on an image item and on a text item,
 * has a name a screen reader can say: its own text, or an accessible label */
#include "config.h"

#include "lw-gui-test.h"
#include "lw-sample.h"
#include "lw-test-util.h"

/* A button's own words: a label (with or without mnemonic) anywhere inside it. */
static gboolean
has_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget))[0] != '\0';
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_text (child))
      return TRUE;
  return FALSE;
}

static void
collect_unnamed (GtkWidget *widget, GPtrArray *unnamed)
{
  gboolean control = GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget)
                     || GTK_IS_SWITCH (widget) || GTK_IS_SCALE (widget) || GTK_IS_SPIN_BUTTON (widget);

  if (!gtk_widget_get_visible (widget))
    return;
  if (control && !has_text (widget)
      && !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      const char *tooltip = gtk_widget_get_tooltip_text (widget);
      g_ptr_array_add (unnamed, g_strdup_printf ("%s (%s)", G_OBJECT_TYPE_NAME (widget),
                                                 tooltip ? tooltip : gtk_widget_get_name (widget)));
    }
  /* Buttons inside a menu button or a drop-down belong to it. */
  if (GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_unnamed (child, unnamed);
}

static void
check_window (LwWindow *window, const char *where)
{
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);

  collect_unnamed (GTK_WIDGET (window), unnamed);
  for (guint i = 0; i < unnamed->len; i++)
    g_test_message ("%s: no accessible name: %s", where, (char *) unnamed->pdata[i]);
  g_assert_cmpuint (unnamed->len, ==, 0);
}

static void
test_main_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *path = lw_sample_build (dir, &error);
  LwWindow *window;
  gint64 text = 0;

  g_assert_no_error (error);
  window = lw_gui_test_open_window (path);
  lw_window_show_item (window, 1);
  lw_gui_test_spin ();
  check_window (window, "image item");

  {
    LwProject *project = lw_window_get_project (window);
    text = lw_project_find_item_by_name (project, "report-0117");
  }
  g_assert_cmpint (text, >, 0);
  lw_window_show_item (window, text);
  lw_gui_test_spin ();
  check_window (window, "text item");
  lw_gui_test_close_window (window);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;
  /* The test accessibility backend keeps the properties for gtk_test_accessible_*() (the
   * other tests run with none, so that no AT-SPI bus is looked for). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_add_func ("/accessibility/main-window", test_main_window);
  return lw_gui_test_run ();
}
