/* Import of an annotation file given alone, inside the COCO layout our export writes:
 * annotations/instances_train.json beside images/train/. */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "lw-test-util.h"

static void
test_coco_file_in_annotations_folder (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "layout", "traffic");
  g_autofree char *ann_dir = g_build_filename (dir, "ds", "annotations", NULL);
  g_autofree char *img_dir = g_build_filename (dir, "ds", "images", "train", NULL);
  g_autofree char *json = g_build_filename (ann_dir, "instances_train.json", NULL);
  g_autofree char *png = g_build_filename (img_dir, "a.png", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 100, 80);
  g_autoptr(GError) error = NULL;
  const char *sources[] = { json, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_COCO };
  LwImportReport report = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (ann_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (img_dir, 0755), ==, 0);
  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, png, "png", &error, NULL));
  g_assert_true (g_file_set_contents (json,
      "{\"info\": {}, \"licenses\": [], "
      "\"images\": [{\"id\": 1, \"file_name\": \"a.png\", \"width\": 100, \"height\": 80}], "
      "\"categories\": [{\"id\": 1, \"name\": \"car\", \"supercategory\": \"vehicle\"}], "
      "\"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 1, "
      "\"bbox\": [10, 20, 30, 40], \"area\": 1200, \"iscrowd\": 0}]}", -1, &error));

  g_assert_true (lw_import_run (project, sources, &opts, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, 1);
  g_assert_cmpuint (report.annotations_added, ==, 1);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import/layout/coco-file-in-annotations-folder", test_coco_file_in_annotations_folder);
  return g_test_run ();
}
