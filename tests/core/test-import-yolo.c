/* test-import-yolo.c: YOLO pose labels (kpt_shape in data.yaml): export -> import -> export
 * gives the same files, and the rows ultralytics writes by hand */
#define G_LOG_DOMAIN "lw-test-import-yolo"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "lw-test-util.h"

static void
write_png (const char *path, int w, int h)
{
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  gdk_pixbuf_fill (pb, 0x20406080u);
  gdk_pixbuf_save (pb, path, "png", &error, NULL);
  g_assert_no_error (error);
}

static void
write_text (const char *path, const char *text)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
export_yolo (LwProject *project, const char *out)
{
  LwExportOptions opts;
  g_autoptr(GError) error = NULL;

  lw_export_options_init (&opts);
  opts.format = LW_EXPORT_YOLO;
  g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lw_export_options_clear (&opts);
}

static gboolean
import_yolo (LwProject *project, const char *dir, LwImportReport *report, GError **error)
{
  const char *sources[] = { dir, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_YOLO, .annotator = "second" };
  return lw_import_run (project, sources, &opts, report, NULL, NULL, NULL, error);
}

static char *
file_text (const char *dir, const char *rel)
{
  g_autofree char *path = g_build_filename (dir, rel, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* Pedestrians with 17 keypoints (some unlabelled, some occluded), a pedestrian box and a
 * car box: the pose rows, the padded box rows and kpt_shape survive the round trip. */
static void
test_pose_round_trip (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) first = lw_test_project_new (dir, "first", "traffic");
  g_autoptr(LwProject) second = NULL;
  g_autofree char *png = g_build_filename (dir, "a.png", NULL);
  g_autofree char *out1 = g_build_filename (dir, "out1", NULL);
  g_autofree char *out2 = g_build_filename (dir, "out2", NULL);
  g_autofree char *labels1 = NULL, *labels2 = NULL, *yaml1 = NULL, *yaml2 = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  g_autoptr(GError) error = NULL;
  LwImportReport report;
  double kp[17 * 3];
  const double person[] = { 10, 12, 30, 50 }, car[] = { 50, 40, 40, 30 };
  gint64 item, annotator, kp_ann = 0;
  guint n_kp = 0, n_box = 0;

  write_png (png, 100, 80);
  item = lw_test_add_image (first, "a.png", 100, 80);
  annotator = lw_project_ensure_annotator (first, "first", &error);
  g_assert_no_error (error);
  for (int k = 0; k < 17; k++)
    {
      kp[3 * k] = k % 5 == 4 ? 0 : 20 + 3 * k;
      kp[3 * k + 1] = k % 5 == 4 ? 0 : 15 + 2.5 * k;
      kp[3 * k + 2] = k % 5 == 4 ? 0 : (k % 3 == 0 ? 1 : 2);
    }
  lw_test_add_annotation (first, annotator, item, "pedestrian", LW_ANNOTATION_KEYPOINTS, kp, 51);
  lw_test_add_annotation (first, annotator, item, "pedestrian", LW_ANNOTATION_BBOX, person, 4);
  lw_test_add_annotation (first, annotator, item, "car", LW_ANNOTATION_BBOX, car, 4);
  export_yolo (first, out1);
  yaml1 = file_text (out1, "data.yaml");
  g_assert_nonnull (strstr (yaml1, "kpt_shape: [17, 3]"));

  second = lw_test_project_new (dir, "second", "traffic");
  g_assert_true (import_yolo (second, out1, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, 1);
  g_assert_cmpuint (report.annotations_added, ==, 3);

  anns = lw_project_list_annotations (second, lw_project_find_item_by_name (second, "images/default/a.png"),
                                      0, NULL);
  g_assert_cmpuint (anns->len, ==, 3);
  for (guint i = 0; i < anns->len; i++)
    {
      const LwAnnotation *a = anns->pdata[i];
      if (a->kind == LW_ANNOTATION_KEYPOINTS)
        {
          n_kp++;
          kp_ann = a->id;
          g_assert_cmpint (a->class_id, ==, lw_test_class_id (second, "pedestrian"));
          g_assert_cmpuint (lw_annotation_n_values (a), ==, 51);
          for (guint k = 0; k < 51; k++)
            g_assert_cmpfloat_with_epsilon (lw_annotation_value (a, k), kp[k], 1e-3);
        }
      else
        {
          g_assert_cmpint (a->kind, ==, LW_ANNOTATION_BBOX);
          n_box++;
        }
    }
  g_assert_cmpuint (n_kp, ==, 1);
  g_assert_cmpuint (n_box, ==, 2);
  g_assert_cmpint (kp_ann, >, 0);

  export_yolo (second, out2);
  labels1 = file_text (out1, "labels/default/a.txt");
  labels2 = file_text (out2, "labels/default/a.txt");
  yaml2 = file_text (out2, "data.yaml");
  g_assert_cmpstr (labels2, ==, labels1);
  g_assert_cmpstr (yaml2, ==, yaml1);

  g_clear_object (&first);
  g_clear_object (&second);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Rows as other tools write them: kpt_shape [K, 2] (no visibility: (0, 0) is unlabelled),
 * a person box larger than its keypoints (kept as a box too), and the faults. */
static void
test_pose_rows (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "p", "traffic");
  g_autofree char *root = g_build_filename (dir, "ds", NULL);
  g_autofree char *img = g_build_filename (root, "images", "train", "a.png", NULL);
  g_autofree char *yaml = g_build_filename (root, "data.yaml", NULL);
  g_autofree char *label = g_build_filename (root, "labels", "train", "a.txt", NULL);
  g_autoptr(GPtrArray) anns = NULL;
  g_autoptr(GError) error = NULL;
  LwImportReport report;
  const double kp[] = { 50, 20, 2, 0, 0, 0, 60, 40, 2 }, box[] = { 40, 10, 30, 40 };
  struct { const char *yaml, *row, *expected; int code; } bad[] = {
    { "kpt_shape: [3, 2]", "0 0.5 0.5 0.3 0.5 0.5 0.2", "and 3 keypoints of 2 values", LW_IMPORT_ERROR_PARSE },
    { "kpt_shape: [3, 4]", "0 0.5 0.5 0.3 0.5", "expected “kpt_shape: [K, 2]”", LW_IMPORT_ERROR_PARSE },
    { "kpt_shape: [1, 3]", "0 0.5 0.5 0.3 0.5 0.5 0.2 3", "keypoint 1 has visibility 3", LW_IMPORT_ERROR_INVALID },
    { "kpt_shape: [1, 3]", "0 0.5 0.5 0.3 0.5 1.5 0.2 2", "value 6 is 1.5", LW_IMPORT_ERROR_INVALID },
  };

  write_png (img, 100, 100);
  write_text (yaml, "path: .\ntrain: images/train\nnames:\n  0: pedestrian\nkpt_shape: [3, 2]\n");
  write_text (label, "0 0.55 0.3 0.3 0.4 0.5 0.2 0 0 0.6 0.4\n");
  g_assert_true (import_yolo (project, root, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.annotations_added, ==, 2);
  anns = lw_project_list_annotations (project, lw_project_find_item_by_name (project, "images/train/a.png"),
                                      0, NULL);
  g_assert_cmpuint (anns->len, ==, 2);
  g_assert_cmpint (((LwAnnotation *) anns->pdata[0])->kind, ==, LW_ANNOTATION_KEYPOINTS);
  for (guint k = 0; k < G_N_ELEMENTS (kp); k++)
    g_assert_cmpfloat_with_epsilon (lw_annotation_value (anns->pdata[0], k), kp[k], 1e-9);
  g_assert_cmpint (((LwAnnotation *) anns->pdata[1])->kind, ==, LW_ANNOTATION_BBOX);
  for (guint k = 0; k < G_N_ELEMENTS (box); k++)
    g_assert_cmpfloat_with_epsilon (lw_annotation_value (anns->pdata[1], k), box[k], 1e-9);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *y = g_strdup_printf ("names: [pedestrian]\n%s\n", bad[i].yaml);
      g_autofree char *r = g_strdup_printf ("%s\n", bad[i].row);
      gint64 before = lw_project_count_annotations (project, NULL);

      write_text (yaml, y);
      write_text (label, r);
      g_assert_false (import_yolo (project, root, &report, &error));
      g_test_message ("%s", error->message);
      g_assert_error (error, LW_IMPORT_ERROR, bad[i].code);
      g_assert_nonnull (strstr (error->message, bad[i].expected));
      g_assert_nonnull (strstr (error->message, bad[i].code == LW_IMPORT_ERROR_PARSE && i == 1 ? "data.yaml:2" : "a.txt:1"));
      g_assert_cmpint (lw_project_count_annotations (project, NULL), ==, before);
      g_clear_error (&error);
    }
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import/yolo/pose/round-trip", test_pose_round_trip);
  g_test_add_func ("/import/yolo/pose/rows", test_pose_rows);
  return g_test_run ();
}
