/* test-export-choice.c: the export dialog's choice of an annotator's layer, of classes and
 * of images (the CLI's --annotator, --class and --no-media), checked in what it writes */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <labelwright.h>

#include "lw-export-dialog.h"
#include "lw-gui-test.h"
#include "lw-test-util.h"
#include "lw-window.h"

typedef struct
{
  char     *dir;
  char     *path;
  LwWindow *window;
} Fixture;

/* Two real images; alice drew a car and a bus on the first, bob a car on each. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  static const double box[] = { 2, 2, 10, 8 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *images = NULL;
  const char *sources[2] = { NULL, NULL };
  gint64 alice, bob, first, second;

  f->dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (f->dir, "choice", "traffic");
  f->path = g_strdup (lw_project_get_path (project));
  images = g_build_filename (f->dir, "images", NULL);
  g_assert_cmpint (g_mkdir (images, 0755), ==, 0);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("street-%d.png", i);
      g_autofree char *file = g_build_filename (images, name, NULL);
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 32, 24);
      gdk_pixbuf_fill (pixbuf, i ? 0x336699ff : 0x993366ff);
      g_assert_true (gdk_pixbuf_save (pixbuf, file, "png", &error, NULL));
    }
  sources[0] = images;
  g_assert_true (lw_import_run (project, sources, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  items = lw_project_list_items (project, NULL, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  first = ((LwItem *) items->pdata[0])->id;
  second = ((LwItem *) items->pdata[1])->id;
  alice = lw_project_ensure_annotator (project, "alice", &error);
  bob = lw_project_ensure_annotator (project, "bob", &error);
  g_assert_no_error (error);
  lw_test_add_annotation (project, alice, first, "car", LW_ANNOTATION_BBOX, box, 4);
  lw_test_add_annotation (project, alice, first, "bus", LW_ANNOTATION_BBOX, box, 4);
  lw_test_add_annotation (project, bob, first, "car", LW_ANNOTATION_BBOX, box, 4);
  lw_test_add_annotation (project, bob, second, "car", LW_ANNOTATION_BBOX, box, 4);
  g_clear_object (&project);
  f->window = lw_gui_test_open_window (f->path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lw_gui_test_close_window (f->window);
  lw_test_tmpdir_free (f->dir);
  g_free (f->path);
}

static GtkCheckButton *
class_check (GtkWidget *dialog, const char *name)
{
  return GTK_CHECK_BUTTON (lw_gui_test_row_widget (dialog, name));
}

static gboolean
export_finished (gpointer data)
{
  return !g_str_equal (lw_export_dialog_get_state (data), "running");
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* Starts the export to @output and waits until it is done. */
static void
export_to (LwExportDialog *export, const char *output)
{
  lw_export_dialog_set_output (export, output);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (export), "export.start", NULL));
  lw_gui_test_spin_until (export_finished, export);
  g_assert_cmpstr (lw_export_dialog_get_state (export), ==, "done");
}

/* The COCO annotations written to @folder: "category name/image file name" each, sorted. */
static char *
exported_annotations (const char *folder)
{
  g_autofree char *file = g_build_filename (folder, "annotations", "instances_default.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) categories = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) images = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  JsonObject *root;
  JsonArray *array;

  g_assert_true (json_parser_load_from_file (parser, file, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  array = json_object_get_array_member (root, "categories");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *c = json_array_get_object_element (array, i);
      g_hash_table_insert (categories, GINT_TO_POINTER (json_object_get_int_member (c, "id")),
                           (gpointer) json_object_get_string_member (c, "name"));
    }
  array = json_object_get_array_member (root, "images");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *im = json_array_get_object_element (array, i);
      g_hash_table_insert (images, GINT_TO_POINTER (json_object_get_int_member (im, "id")),
                           (gpointer) json_object_get_string_member (im, "file_name"));
    }
  array = json_object_get_array_member (root, "annotations");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *a = json_array_get_object_element (array, i);
      gpointer cat = GINT_TO_POINTER (json_object_get_int_member (a, "category_id"));
      gpointer im = GINT_TO_POINTER (json_object_get_int_member (a, "image_id"));
      g_ptr_array_add (found, g_strdup_printf ("%s/%s", (char *) g_hash_table_lookup (categories, cat),
                                               (char *) g_hash_table_lookup (images, im)));
    }
  g_ptr_array_sort (found, compare_strings);
  g_ptr_array_add (found, NULL);
  return g_strjoinv (" ", (char **) found->pdata);
}

static char *
export_through (Fixture *f, const char *name, guint layer, const char *unchecked)
{
  LwExportDialog *export = g_object_ref (lw_export_dialog_new (f->window));
  g_autofree char *folder = g_build_filename (f->dir, name, NULL);
  g_autofree char *output = g_strconcat (folder, "/", NULL);
  GtkWidget *layers;
  char *found;

  gtk_window_present (GTK_WINDOW (export));
  lw_export_dialog_set_format (export, LW_EXPORT_COCO);
  layers = lw_gui_test_find_row (GTK_WIDGET (export), ADW_TYPE_COMBO_ROW, "Annotations By");
  g_assert_nonnull (layers);
  /* Three layers here (the importing user's, alice's, bob's): the row shows. */
  g_assert_true (gtk_widget_get_visible (layers));
  adw_combo_row_set_selected (ADW_COMBO_ROW (layers), layer);
  if (unchecked != NULL)
    gtk_check_button_set_active (class_check (GTK_WIDGET (export), unchecked), FALSE);
  export_to (export, output);
  found = exported_annotations (folder);
  gtk_window_destroy (GTK_WINDOW (export));
  g_object_unref (export);
  return found;
}

static guint
layer_position (GtkWidget *dialog, const char *name)
{
  AdwComboRow *row = ADW_COMBO_ROW (lw_gui_test_find_row (dialog, ADW_TYPE_COMBO_ROW, "Annotations By"));
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name) == 0)
      return i;
  g_assert_not_reached ();
}

static void
test_layer_and_classes (Fixture *f, gconstpointer data)
{
  g_autofree char *all = NULL;
  g_autofree char *bob = NULL;
  g_autofree char *alice_cars = NULL;
  guint bob_pos, alice_pos;

  {
    LwExportDialog *probe = lw_export_dialog_new (f->window);
    GtkWidget *classes = lw_gui_test_find_row (GTK_WIDGET (probe), ADW_TYPE_EXPANDER_ROW, "Classes");
    g_assert_nonnull (classes);
    g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (classes)), "All "));
    gtk_check_button_set_active (class_check (GTK_WIDGET (probe), "bus"), FALSE);
    g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (classes)), "17 of 18"));
    bob_pos = layer_position (GTK_WIDGET (probe), "bob");
    alice_pos = layer_position (GTK_WIDGET (probe), "alice");
    g_assert_cmpuint (layer_position (GTK_WIDGET (probe), "Every Annotator"), ==, 0);
    gtk_window_destroy (GTK_WINDOW (probe));
  }

  all = export_through (f, "all", 0, NULL);
  g_assert_cmpstr (all, ==, "bus/street-0.png car/street-0.png car/street-0.png car/street-1.png");
  bob = export_through (f, "bob", bob_pos, NULL);
  g_assert_cmpstr (bob, ==, "car/street-0.png car/street-1.png");
  alice_cars = export_through (f, "alice-cars", alice_pos, "bus");
  g_assert_cmpstr (alice_cars, ==, "car/street-0.png");
}

static gboolean
no_class_left (GtkWidget *dialog)
{
  static const char *const names[] = {
    "car", "truck", "bus", "motorcycle", "bicycle", "pedestrian", "rider", "traffic light",
    "traffic sign", "lane line", "drivable area", "clear", "rain", "fog", "snow", "day",
    "dusk", "night",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gtk_check_button_set_active (class_check (dialog, names[i]), FALSE);
  return TRUE;
}

/* With no class chosen the export does not start: the dialog says why and stays. */
static void
test_no_class (Fixture *f, gconstpointer data)
{
  LwExportDialog *export = g_object_ref (lw_export_dialog_new (f->window));
  g_autofree char *output = g_build_filename (f->dir, "none.zip", NULL);
  GtkWidget *classes;

  gtk_window_present (GTK_WINDOW (export));
  classes = lw_gui_test_find_row (GTK_WIDGET (export), ADW_TYPE_EXPANDER_ROW, "Classes");
  g_assert_true (no_class_left (GTK_WIDGET (export)));
  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (classes)), "0 of 18"));
  lw_export_dialog_set_output (export, output);
  gtk_widget_activate_action (GTK_WIDGET (export), "export.start", NULL);
  lw_gui_test_spin ();
  g_assert_cmpstr (lw_export_dialog_get_state (export), ==, "options");
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (classes)));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (export));
  g_object_unref (export);
}

/* Include Images off: the annotation files alone, which still name the images; removing
 * metadata then has nothing to act on and is insensitive. */
static void
test_no_images (Fixture *f, gconstpointer data)
{
  LwExportDialog *export = g_object_ref (lw_export_dialog_new (f->window));
  g_autofree char *folder = g_build_filename (f->dir, "labels-only", NULL);
  g_autofree char *output = g_strconcat (folder, "/", NULL);
  g_autofree char *images = g_build_filename (folder, "images", NULL);
  g_autofree char *found = NULL;
  GtkWidget *media_row, *strip_row;
  GtkSwitch *media;

  gtk_window_present (GTK_WINDOW (export));
  lw_export_dialog_set_format (export, LW_EXPORT_COCO);
  media_row = lw_gui_test_find_row (GTK_WIDGET (export), ADW_TYPE_ACTION_ROW, "Include Images");
  strip_row = lw_gui_test_find_row (GTK_WIDGET (export), ADW_TYPE_ACTION_ROW, "Remove Image Metadata");
  g_assert_nonnull (media_row);
  g_assert_nonnull (strip_row);
  media = GTK_SWITCH (lw_gui_test_row_widget (GTK_WIDGET (export), "Include Images"));
  g_assert_true (gtk_switch_get_active (media));
  g_assert_true (gtk_widget_get_sensitive (strip_row));
  gtk_switch_set_active (media, FALSE);
  g_assert_false (gtk_widget_get_sensitive (strip_row));

  export_to (export, output);
  g_assert_false (g_file_test (images, G_FILE_TEST_EXISTS));
  found = exported_annotations (folder);
  g_assert_cmpstr (found, ==, "bus/street-0.png car/street-0.png car/street-0.png car/street-1.png");
  gtk_window_destroy (GTK_WINDOW (export));
  g_object_unref (export);
}

/* A project of texts proposes JSONL and leaves out the rows about image files; one of
 * images proposes COCO. */
static void
test_default_format (Fixture *f, gconstpointer data)
{
  g_autoptr(LwProject) texts = lw_test_project_new (f->dir, "essays", "education");
  g_autofree char *path = g_strdup (lw_project_get_path (texts));
  LwExportDialog *export;
  LwWindow *window;

  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* What earlier exports of this program left: the defaults. */
  g_settings_reset (settings, "export-image-format");
  g_settings_reset (settings, "export-text-format");
  g_settings_reset (settings, "export-container");
  lw_test_add_text (texts, "essay-1", "One essay.");
  g_clear_object (&texts);
  window = lw_gui_test_open_window (path);
  export = lw_export_dialog_new (window);
  g_assert_true (g_str_has_suffix (lw_export_dialog_get_output (export), "essays-jsonl.zip"));
  /* Rows about image files are not offered for texts. */
  g_assert_false (gtk_widget_get_visible (lw_gui_test_find_row (GTK_WIDGET (export), ADW_TYPE_ACTION_ROW, "Include Images")));
  g_assert_false (gtk_widget_get_visible (lw_gui_test_find_row (GTK_WIDGET (export), ADW_TYPE_ACTION_ROW, "Skip Missing Media")));
  g_assert_false (gtk_widget_is_visible (lw_gui_test_find_row (GTK_WIDGET (export), ADW_TYPE_ACTION_ROW, "Remove Image Metadata")));
  gtk_window_destroy (GTK_WINDOW (export));
  lw_gui_test_close_window (window);

  export = lw_export_dialog_new (f->window);
  g_assert_true (g_str_has_suffix (lw_export_dialog_get_output (export), "choice-coco.zip"));
  g_assert_true (gtk_widget_get_visible (lw_gui_test_find_row (GTK_WIDGET (export), ADW_TYPE_ACTION_ROW, "Include Images")));
  gtk_window_destroy (GTK_WINDOW (export));
}

/* A finished export's format and container are proposed next time, the format for the same
 * kind of project only. */
static void
test_remembered (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *output = g_build_filename (f->dir, "first.tar.zst", NULL);
  LwExportDialog *export;

  g_settings_reset (settings, "export-image-format");
  g_settings_reset (settings, "export-text-format");
  g_settings_reset (settings, "export-container");
  export = g_object_ref (lw_export_dialog_new (f->window));
  gtk_window_present (GTK_WINDOW (export));
  lw_export_dialog_set_format (export, LW_EXPORT_YOLO);
  export_to (export, output);
  gtk_window_destroy (GTK_WINDOW (export));
  g_object_unref (export);

  g_assert_cmpstr (g_settings_get_string (settings, "export-image-format"), ==, "yolo");
  g_assert_cmpstr (g_settings_get_string (settings, "export-text-format"), ==, "jsonl");
  g_assert_cmpstr (g_settings_get_string (settings, "export-container"), ==, "tar.zst");
  export = lw_export_dialog_new (f->window);
  g_assert_true (g_str_has_suffix (lw_export_dialog_get_output (export), "choice-yolo.tar.zst"));
  gtk_window_destroy (GTK_WINDOW (export));
}

/* Items: "Accepted by Review Only" leaves out what is done but not reviewed; "Done and
 * Accepted Only" keeps both. */
static void
test_statuses (Fixture *f, gconstpointer data)
{
  LwProject *project = lw_window_get_project (f->window);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = lw_project_list_items (project, NULL, 0, 10, &error);
  const char *folders[] = { "accepted", "done-accepted" };

  g_assert_no_error (error);
  g_assert_true (lw_project_set_item_status (project, ((LwItem *) items->pdata[0])->id,
                                             LW_ITEM_STATUS_ACCEPTED, &error));
  g_assert_true (lw_project_set_item_status (project, ((LwItem *) items->pdata[1])->id,
                                             LW_ITEM_STATUS_DONE, &error));
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      LwExportDialog *export = g_object_ref (lw_export_dialog_new (f->window));
      g_autofree char *folder = g_build_filename (f->dir, folders[i], NULL);
      g_autofree char *output = g_strconcat (folder, "/", NULL);
      g_autofree char *found = NULL;
      AdwComboRow *row = ADW_COMBO_ROW (lw_gui_test_find_row (GTK_WIDGET (export), ADW_TYPE_COMBO_ROW, "Items"));

      gtk_window_present (GTK_WINDOW (export));
      lw_export_dialog_set_format (export, LW_EXPORT_COCO);
      adw_combo_row_set_selected (row, i == 0 ? 2 : 1);
      g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (row)),
                                                   adw_combo_row_get_selected (row)),
                       ==, i == 0 ? "Accepted by Review Only" : "Done and Accepted Only");
      export_to (export, output);
      found = exported_annotations (folder);
      g_assert_cmpstr (found, ==, i == 0 ? "bus/street-0.png car/street-0.png car/street-0.png"
                                         : "bus/street-0.png car/street-0.png car/street-0.png car/street-1.png");
      gtk_window_destroy (GTK_WINDOW (export));
      g_object_unref (export);
    }
}

int
main (int argc, char *argv[])
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;

  g_test_add ("/gui/export-choice/layer-and-classes", Fixture, NULL, fixture_setup,
              test_layer_and_classes, fixture_teardown);
  g_test_add ("/gui/export-choice/no-class", Fixture, NULL, fixture_setup, test_no_class,
              fixture_teardown);
  g_test_add ("/gui/export-choice/no-images", Fixture, NULL, fixture_setup, test_no_images,
              fixture_teardown);
  g_test_add ("/gui/export-choice/default-format", Fixture, NULL, fixture_setup, test_default_format,
              fixture_teardown);
  g_test_add ("/gui/export-choice/remembered", Fixture, NULL, fixture_setup, test_remembered,
              fixture_teardown);
  g_test_add ("/gui/export-choice/statuses", Fixture, NULL, fixture_setup, test_statuses,
              fixture_teardown);
  return lw_gui_test_run ();
}
