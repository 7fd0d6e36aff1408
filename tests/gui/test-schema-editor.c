/* test-schema-editor.c: the Edit Classes dialog, opened from the window's win.edit-classes
 * and driven through its widgets and actions; every check reads the store back through a
 * connection of its own, so it sees what was committed. */
#include "config.h"

#include <adwaita.h>
#include <labelwright.h>
#include <string.h>

#include "lw-application.h"
#include "lw-gui-test.h"
#include "lw-new-project-dialog.h"
#include "lw-schema-editor.h"
#include "lw-test-util.h"
#include "lw-window.h"

typedef struct
{
  char           *dir;
  char           *path;
  gint64          car, truck, bus;
  LwWindow       *window;
  LwSchemaEditor *editor;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  gint64 a, b;

  f->dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (f->dir, "schema", "traffic");
  f->path = g_strdup (lw_project_get_path (project));
  f->car = lw_test_class_id (project, "car");
  f->truck = lw_test_class_id (project, "truck");
  f->bus = lw_test_class_id (project, "bus");
  a = lw_test_add_image (project, "a.png", 64, 48);
  b = lw_test_add_image (project, "b.png", 64, 48);
  /* Three cars and one truck. */
  for (int i = 0; i < 4; i++)
    {
      g_autoptr(LwAnnotation) ann = lw_annotation_new (i < 2 ? a : b, i < 3 ? f->car : f->truck,
                                                       LW_ANNOTATION_BBOX);
      double box[] = { 1 + i, 1, 8, 8 };
      lw_annotation_set_geometry (ann, box, 4);
      g_assert_true (lw_project_add_annotation (project, ann, &error));
      g_assert_no_error (error);
    }
  lw_project_close (project);

  f->window = lw_gui_test_open_window (f->path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.edit-classes", NULL));
  lw_gui_test_spin ();
  {
    GList *toplevels = gtk_window_list_toplevels ();
    for (GList *w = toplevels; w; w = w->next)
      if (LW_IS_SCHEMA_EDITOR (w->data))
        f->editor = g_object_ref (w->data);
    g_list_free (toplevels);
  }
  g_assert_nonnull (f->editor);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (f->editor)) == GTK_WINDOW (f->window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->editor)));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->editor));
  g_object_unref (f->editor);
  lw_gui_test_close_window (f->window);
  lw_test_tmpdir_free (f->dir);
  g_free (f->path);
}

static GtkWidget *
child (Fixture *f, const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->editor), LW_TYPE_SCHEMA_EDITOR, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* Types into an entry row and applies it, as its apply button does. */
static void
apply_text (Fixture *f, const char *row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, row)), text);
  g_signal_emit_by_name (child (f, row), "apply");
  lw_gui_test_spin ();
}

/* The class as committed, read through a connection of its own. */
static LwLabelClass *
stored_class (Fixture *f, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (f->path, LW_PROJECT_OPEN_READ_ONLY, &error);
  LwLabelClass *klass;

  g_assert_no_error (error);
  klass = lw_project_get_class (project, id, NULL);
  return klass;
}

static void
test_rename_colour_group (Fixture *f, gconstpointer data)
{
  GdkRGBA rgba = { 0x12 / 255.0, 0x34 / 255.0, 0x56 / 255.0, 1 };
  g_autoptr(LwLabelClass) after = NULL;

  g_assert_cmpint (lw_schema_editor_get_selected_class (f->editor), ==, f->car);   /* first */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "name_row"))), ==, "car");

  apply_text (f, "name_row", "automobile");
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (child (f, "color_button")), &rgba);
  g_signal_emit_by_name (child (f, "color_button"), "color-set");
  apply_text (f, "group_row", "road users");
  g_assert_null (lw_schema_editor_get_error (f->editor));

  after = stored_class (f, f->car);
  g_assert_cmpstr (after->name, ==, "automobile");
  g_assert_cmpstr (after->color, ==, "#123456");
  g_assert_cmpstr (after->group, ==, "road users");
  g_assert_cmpstr (after->hotkey, ==, "1");
  /* The list row and the selection follow the renamed class. */
  g_assert_cmpint (lw_schema_editor_get_selected_class (f->editor), ==, f->car);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "name_row"))), ==, "automobile");
}

static void
test_refusals_show_inline (Fixture *f, gconstpointer data)
{
  g_autoptr(LwLabelClass) after = NULL;
  GtkWidget *hotkey = child (f, "hotkey_row");

  /* Truck's hotkey is 2: refused, the message names both classes, the row is marked and
   * keeps what was typed, and the store keeps 1. */
  apply_text (f, "hotkey_row", "2");
  g_assert_nonnull (lw_schema_editor_get_error (f->editor));
  g_assert_nonnull (strstr (lw_schema_editor_get_error (f->editor), "truck"));
  g_assert_true (gtk_widget_has_css_class (hotkey, "error"));
  g_assert_true (gtk_widget_get_visible (child (f, "error_label")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "error_label"))), ==,
                   lw_schema_editor_get_error (f->editor));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (hotkey)), ==, "2");
  after = stored_class (f, f->car);
  g_assert_cmpstr (after->hotkey, ==, "1");
  g_clear_pointer (&after, lw_label_class_free);

  /* A free hotkey is saved and clears the message. */
  apply_text (f, "hotkey_row", "k");
  g_assert_null (lw_schema_editor_get_error (f->editor));
  g_assert_false (gtk_widget_has_css_class (hotkey, "error"));
  g_assert_false (gtk_widget_get_visible (child (f, "error_label")));
  after = stored_class (f, f->car);
  g_assert_cmpstr (after->hotkey, ==, "k");
  g_clear_pointer (&after, lw_label_class_free);

  /* An empty name is refused. */
  apply_text (f, "name_row", "");
  g_assert_nonnull (lw_schema_editor_get_error (f->editor));
  after = stored_class (f, f->car);
  g_assert_cmpstr (after->name, ==, "car");
}

static GtkCheckButton *
find_check (GtkWidget *widget, const char *label)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkCheckButton *found;
      if (ADW_IS_ACTION_ROW (c) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), label) == 0)
        {
          GtkWidget *check = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (c));
          g_assert_true (GTK_IS_CHECK_BUTTON (check));
          return GTK_CHECK_BUTTON (check);
        }
      if ((found = find_check (c, label)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_kinds (Fixture *f, gconstpointer data)
{
  GtkCheckButton *box = find_check (child (f, "kinds_group"), "Box");
  GtkCheckButton *point = find_check (child (f, "kinds_group"), "Point");
  g_autoptr(LwLabelClass) after = NULL;

  g_assert_nonnull (box);
  g_assert_nonnull (point);
  g_assert_true (gtk_check_button_get_active (box));

  /* Three car boxes exist: dropping the kind is refused and the check comes back. */
  gtk_check_button_set_active (box, FALSE);
  lw_gui_test_spin ();
  g_assert_nonnull (strstr (lw_schema_editor_get_error (f->editor), "3 annotations"));
  g_assert_true (gtk_check_button_get_active (box));
  after = stored_class (f, f->car);
  g_assert_true (lw_label_class_allows (after, LW_ANNOTATION_BBOX));
  g_clear_pointer (&after, lw_label_class_free);

  gtk_check_button_set_active (point, !gtk_check_button_get_active (point));
  lw_gui_test_spin ();
  g_assert_null (lw_schema_editor_get_error (f->editor));
  after = stored_class (f, f->car);
  g_assert_cmpint (lw_label_class_allows (after, LW_ANNOTATION_POINT), ==,
                   gtk_check_button_get_active (point));
}

static void
test_attributes (Fixture *f, gconstpointer data)
{
  g_autoptr(LwLabelClass) before = stored_class (f, f->car);
  g_autoptr(LwLabelClass) after = NULL;
  const LwAttributeDef *def;
  guint n = before->attributes->len;

  gtk_editable_set_text (GTK_EDITABLE (child (f, "attr_name_row")), "make");
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (f, "attr_type_row")), LW_ATTRIBUTE_CHOICE);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "attr_choices_row")), " ford, fiat ,,volvo ");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "schema.add-attribute", NULL));
  lw_gui_test_spin ();
  g_assert_null (lw_schema_editor_get_error (f->editor));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "attr_name_row"))), ==, "");

  after = stored_class (f, f->car);
  g_assert_cmpuint (after->attributes->len, ==, n + 1);
  def = lw_label_class_find_attribute (after, "make");
  g_assert_nonnull (def);
  g_assert_cmpint (def->type, ==, LW_ATTRIBUTE_CHOICE);
  g_assert_cmpuint (g_strv_length (def->choices), ==, 3);
  g_assert_cmpstr (def->choices[0], ==, "ford");
  g_assert_cmpstr (def->choices[2], ==, "volvo");
  g_clear_pointer (&after, lw_label_class_free);

  /* The same name again, and a list type without choices: both refused, nothing stored. */
  gtk_editable_set_text (GTK_EDITABLE (child (f, "attr_name_row")), "make");
  gtk_editable_set_text (GTK_EDITABLE (child (f, "attr_choices_row")), "a, b");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "schema.add-attribute", NULL));
  lw_gui_test_spin ();
  g_test_message ("duplicate: %s", lw_schema_editor_get_error (f->editor));
  g_assert_nonnull (strstr (lw_schema_editor_get_error (f->editor), "already has an attribute named \"make\""));
  gtk_editable_set_text (GTK_EDITABLE (child (f, "attr_name_row")), "colour");
  gtk_editable_set_text (GTK_EDITABLE (child (f, "attr_choices_row")), "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "schema.add-attribute", NULL));
  lw_gui_test_spin ();
  g_test_message ("no choices: %s", lw_schema_editor_get_error (f->editor));
  g_assert_nonnull (strstr (lw_schema_editor_get_error (f->editor), "needs a list of choices"));
  after = stored_class (f, f->car);
  g_assert_cmpuint (after->attributes->len, ==, n + 1);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  AdwMessageDialog *found = NULL;
  GList *l = gtk_window_list_toplevels ();

  for (GList *w = l; w; w = w->next)
    if (ADW_IS_MESSAGE_DIALOG (w->data) && gtk_widget_get_visible (w->data))
      found = w->data;
  g_list_free (l);
  return found;
}

/* What a click on one of the dialog's buttons does: the response, then the dialog goes. */
static void
answer (AdwMessageDialog *dialog, const char *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  lw_gui_test_spin ();
}

static void
test_remove_with_annotations (Fixture *f, gconstpointer data)
{
  LwProject *project = lw_window_get_project (f->window);
  AdwMessageDialog *dialog;
  g_autoptr(LwLabelClass) gone = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (lw_schema_editor_select_class (f->editor, f->car));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "schema.remove-class", NULL));
  lw_gui_test_spin ();
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "3 annotations"));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "car"));

  /* Cancel keeps everything. */
  answer (dialog, "cancel");
  gone = stored_class (f, f->car);
  g_assert_nonnull (gone);
  g_clear_pointer (&gone, lw_label_class_free);
  g_assert_cmpint (lw_project_count_annotations (project, &error), ==, 4);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "schema.remove-class", NULL));
  lw_gui_test_spin ();
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  answer (dialog, "remove");

  g_assert_null (stored_class (f, f->car));
  g_assert_cmpint (lw_project_count_annotations (project, &error), ==, 1);   /* the truck */
  g_assert_no_error (error);
  g_assert_null (lw_schema_editor_get_error (f->editor));
  g_assert_cmpint (lw_schema_editor_get_selected_class (f->editor), !=, f->car);
  g_assert_false (lw_schema_editor_select_class (f->editor, f->car));

  /* Bus has no annotations: removed without asking. */
  g_assert_true (lw_schema_editor_select_class (f->editor, f->bus));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "schema.remove-class", NULL));
  lw_gui_test_spin ();
  g_assert_null (find_message_dialog ());
  g_assert_null (stored_class (f, f->bus));
}

static void
test_add_and_reorder (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) check = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  gint64 added;
  guint n;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "schema.add-class", NULL));
  lw_gui_test_spin ();
  added = lw_schema_editor_get_selected_class (f->editor);
  g_assert_cmpint (added, >, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "name_row"))), ==, "New class");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "schema.add-class", NULL));
  lw_gui_test_spin ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "name_row"))), ==, "New class 2");

  /* Move the first new class up twice: it lands two places higher in the palette. */
  g_assert_true (lw_schema_editor_select_class (f->editor, added));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "schema.move-up", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "schema.move-up", NULL));
  lw_gui_test_spin ();
  g_assert_cmpint (lw_schema_editor_get_selected_class (f->editor), ==, added);

  check = lw_project_open (f->path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  classes = lw_project_list_classes (check, &error);
  g_assert_no_error (error);
  n = classes->len;
  g_assert_cmpstr (((LwLabelClass *) classes->pdata[n - 1])->name, ==, "New class 2");
  g_assert_cmpint (((LwLabelClass *) classes->pdata[n - 4])->id, ==, added);
  g_assert_cmpint (((LwLabelClass *) classes->pdata[0])->id, ==, f->car);

  /* The first class cannot move up; the last cannot move down. */
  g_assert_true (lw_schema_editor_select_class (f->editor, f->car));
  lw_gui_test_spin ();
  g_assert_false (gtk_widget_get_sensitive (child (f, "move_up_button")));
  g_assert_true (gtk_widget_get_sensitive (child (f, "move_down_button")));
  g_assert_true (lw_schema_editor_select_class (f->editor, ((LwLabelClass *) classes->pdata[n - 1])->id));
  lw_gui_test_spin ();
  g_assert_true (gtk_widget_get_sensitive (child (f, "move_up_button")));
  g_assert_false (gtk_widget_get_sensitive (child (f, "move_down_button")));
}

static gpointer
find_toplevel (GType type)
{
  GList *toplevels = gtk_window_list_toplevels ();
  gpointer found = NULL;

  for (GList *w = toplevels; w; w = w->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (w->data, type) && gtk_widget_get_visible (w->data))
      found = w->data;
  g_list_free (toplevels);
  return found;
}

/* New Project with the custom (empty) template opens the project and the class editor on
 * it, which shows its empty state until the first class is added. */
static void
test_custom_project_opens_editor (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *want = g_build_filename (dir, "Own classes.lwproj", NULL);
  g_autoptr(LwApplication) app = lw_application_new ();
  g_autoptr(GError) error = NULL;
  LwNewProjectDialog *dialog;
  LwSchemaEditor *editor;
  LwWindow *window;
  GtkStack *form;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (app), "new", NULL);
  lw_gui_test_spin ();
  dialog = find_toplevel (LW_TYPE_NEW_PROJECT_DIALOG);
  g_assert_nonnull (dialog);
  lw_new_project_dialog_set_folder (dialog, dir);
  lw_new_project_dialog_set_name (dialog, "Own classes");
  lw_new_project_dialog_set_domain (dialog, "custom");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-project.create", NULL));
  lw_gui_test_spin ();

  window = find_toplevel (LW_TYPE_WINDOW);
  g_assert_nonnull (window);
  g_assert_cmpstr (lw_project_get_path (lw_window_get_project (window)), ==, want);
  editor = find_toplevel (LW_TYPE_SCHEMA_EDITOR);
  g_assert_nonnull (editor);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (window));
  form = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (editor), LW_TYPE_SCHEMA_EDITOR, "form_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (form), ==, "empty");
  g_assert_cmpint (lw_schema_editor_get_selected_class (editor), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "schema.add-class", NULL));
  lw_gui_test_spin ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (form), ==, "form");
  {
    g_autoptr(LwLabelClass) added = lw_project_find_class (lw_window_get_project (window), "New class");
    g_assert_nonnull (added);
  }

  /* Closing the window takes its editor along. */
  gtk_window_destroy (GTK_WINDOW (window));
  lw_gui_test_spin ();
  g_assert_null (find_toplevel (LW_TYPE_SCHEMA_EDITOR));
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;
  g_test_add ("/gui/schema-editor/rename-colour-group", Fixture, NULL, fixture_setup,
              test_rename_colour_group, fixture_teardown);
  g_test_add ("/gui/schema-editor/refusals-show-inline", Fixture, NULL, fixture_setup,
              test_refusals_show_inline, fixture_teardown);
  g_test_add ("/gui/schema-editor/kinds", Fixture, NULL, fixture_setup, test_kinds, fixture_teardown);
  g_test_add ("/gui/schema-editor/attributes", Fixture, NULL, fixture_setup, test_attributes,
              fixture_teardown);
  g_test_add ("/gui/schema-editor/remove-with-annotations", Fixture, NULL, fixture_setup,
              test_remove_with_annotations, fixture_teardown);
  g_test_add ("/gui/schema-editor/add-and-reorder", Fixture, NULL, fixture_setup,
              test_add_and_reorder, fixture_teardown);
  g_test_add_func ("/gui/schema-editor/custom-project-opens-editor", test_custom_project_opens_editor);
  return lw_gui_test_run ();
}
