/* test-import.c: lw_import_run over every source format, and the bad inputs of DESIGN invariant 5 */
#define G_LOG_DOMAIN "lw-test-import"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <archive.h>
#include <archive_entry.h>

#include "lw-test-util.h"

typedef struct {
  char      *dir;
  LwProject *project;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = lw_test_tmpdir_new ();
  f->project = lw_test_project_new (f->dir, "p", data ? data : "traffic");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->project);
  lw_test_tmpdir_free (f->dir);
}

static char *
path_in (Fixture *f, const char *rel)
{
  char *p = g_build_filename (f->dir, rel, NULL);
  g_autofree char *d = g_path_get_dirname (p);
  g_assert_cmpint (g_mkdir_with_parents (d, 0755), ==, 0);
  return p;
}

static char *
write_file (Fixture *f, const char *rel, const char *contents)
{
  char *p = path_in (f, rel);
  g_autoptr(GError) error = NULL;
  g_file_set_contents (p, contents, -1, &error);
  g_assert_no_error (error);
  return p;
}

/* A small PNG; @seed varies the pixels so that files differ in content. */
static char *
write_png (Fixture *f, const char *rel, int w, int h, guint8 seed)
{
  char *p = path_in (f, rel);
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  g_autoptr(GError) error = NULL;
  gdk_pixbuf_fill (pb, 0x10203000u | seed);
  gdk_pixbuf_save (pb, p, "png", &error, NULL);
  g_assert_no_error (error);
  return p;
}

static gboolean
run (Fixture *f, const char *source, LwImportFormat format, gboolean add_classes,
     gboolean predictions, LwImportReport *report, GError **error)
{
  const char *sources[] = { source, NULL };
  LwImportOptions opts = { .format = format, .add_classes = add_classes,
                           .predictions = predictions, .annotator = "tester" };
  return lw_import_run (f->project, sources, &opts, report, NULL, NULL, NULL, error);
}

static gint64
n_items (Fixture *f)
{
  return lw_project_count_items (f->project, NULL, NULL);
}

static gint64
n_anns (Fixture *f)
{
  return lw_project_count_annotations (f->project, NULL);
}

static GPtrArray *
anns_of (Fixture *f, const char *name)
{
  gint64 id = lw_project_find_item_by_name (f->project, name);
  g_assert_cmpint (id, >, 0);
  return lw_project_list_annotations (f->project, id, 0, NULL);
}

static void
assert_values (const LwAnnotation *a, const double *v, guint n)
{
  g_assert_cmpuint (lw_annotation_n_values (a), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (lw_annotation_value (a, i), v[i], 1e-6);
}

/* Failure leaves the project exactly as it was. */
static void
assert_fails_unchanged (Fixture *f, const char *source, LwImportFormat format, gboolean add_classes,
                        int code, const char *substring)
{
  gint64 items = n_items (f), anns = n_anns (f);
  g_autoptr(GPtrArray) classes = lw_project_list_classes (f->project, NULL);
  g_autoptr(GPtrArray) classes_after = NULL;
  g_autoptr(GError) error = NULL;
  LwImportReport report;

  g_assert_false (run (f, source, format, add_classes, FALSE, &report, &error));
  g_assert_error (error, LW_IMPORT_ERROR, code);
  if (substring)
    g_assert_nonnull (strstr (error->message, substring));
  g_assert_cmpint (n_items (f), ==, items);
  g_assert_cmpint (n_anns (f), ==, anns);
  classes_after = lw_project_list_classes (f->project, NULL);
  g_assert_cmpuint (classes_after->len, ==, classes->len);
  g_assert_cmpuint (report.items_added, ==, 0);
  g_assert_false (lw_project_in_transaction (f->project));
}

/* ---- media ---------------------------------------------------------------------------- */

static void
test_images_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *a = write_png (f, "data/a.png", 40, 30, 1);
  g_autofree char *b = write_png (f, "data/sub/b.png", 20, 10, 2);
  g_autofree char *c = write_png (f, "data/sub/copy-of-a.png", 40, 30, 1);
  g_autofree char *t = write_file (f, "data/notes.txt", "hello");
  g_autofree char *src = g_build_filename (f->dir, "data", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwItem) item = NULL;
  LwImportReport report;

  g_assert_true (run (f, src, LW_IMPORT_FORMAT_AUTO, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, 3);
  g_assert_cmpuint (report.duplicates, ==, 1);
  g_assert_cmpint (n_items (f), ==, 3);
  item = lw_project_get_item (f->project, lw_project_find_item_by_name (f->project, "sub/b.png"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->width, ==, 20);
  g_assert_cmpint (item->height, ==, 10);
  g_assert_cmpstr (item->media_path, ==, "data/sub/b.png");
  g_assert_cmpuint (strlen (item->sha256), ==, 64);

  /* again: everything is a duplicate */
  g_assert_true (run (f, src, LW_IMPORT_FORMAT_AUTO, FALSE, FALSE, &report, &error));
  g_assert_cmpuint (report.items_added, ==, 0);
  g_assert_cmpuint (report.duplicates, ==, 4);
}

static guint32
crc32_bytes (const guint8 *p, gsize n)
{
  guint32 c = 0xffffffffu;
  for (gsize i = 0; i < n; i++)
    {
      c ^= p[i];
      for (int k = 0; k < 8; k++)
        c = (c >> 1) ^ (0xedb88320u & -(c & 1));
    }
  return c ^ 0xffffffffu;
}

static void
put32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static void
test_images_huge_header (Fixture *f, gconstpointer data)
{
  /* A PNG whose header claims 100000 x 100000 pixels, with no pixel data behind it. */
  guint8 png[8 + 25 + 12] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 *ihdr = png + 8;
  g_autofree char *dir = g_build_filename (f->dir, "huge", NULL);
  g_autofree char *p = path_in (f, "huge/bomb.png");
  g_autofree char *ok = write_png (f, "huge/ok.png", 4, 4, 3);

  put32 (ihdr, 13);
  memcpy (ihdr + 4, "IHDR", 4);
  put32 (ihdr + 8, 100000);
  put32 (ihdr + 12, 100000);
  ihdr[16] = 8; ihdr[17] = 2; ihdr[18] = 0; ihdr[19] = 0; ihdr[20] = 0;
  put32 (ihdr + 21, crc32_bytes (ihdr + 4, 17));
  put32 (png + 33, 0);
  memcpy (png + 37, "IEND", 4);
  put32 (png + 41, crc32_bytes (png + 37, 4));
  g_assert_true (g_file_set_contents (p, (const char *) png, sizeof png, NULL));
  assert_fails_unchanged (f, dir, LW_IMPORT_FORMAT_IMAGES, FALSE, LW_IMPORT_ERROR_LIMIT, "bomb.png");
  g_assert_cmpint (n_items (f), ==, 0);
}

static void
test_images_symlink_out (Fixture *f, gconstpointer data)
{
  g_autofree char *outside = write_png (f, "outside.png", 4, 4, 9);
  g_autofree char *in = write_png (f, "root/in.png", 4, 4, 8);
  g_autofree char *link = g_build_filename (f->dir, "root", "link.png", NULL);
  g_autofree char *root = g_build_filename (f->dir, "root", NULL);
  g_autoptr(GError) error = NULL;
  LwImportReport report;

  g_assert_cmpint (symlink (outside, link), ==, 0);
  g_assert_true (run (f, root, LW_IMPORT_FORMAT_IMAGES, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, 1);
  g_assert_cmpuint (report.warnings, ==, 1);
}

static void
test_cancelled (Fixture *f, gconstpointer data)
{
  g_autofree char *a = write_png (f, "c/a.png", 4, 4, 1);
  g_autofree char *src = g_build_filename (f->dir, "c", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  const char *sources[] = { src, NULL };

  g_cancellable_cancel (cancellable);
  g_assert_false (lw_import_run (f->project, sources, NULL, NULL, NULL, NULL, cancellable, &error));
  g_assert_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_CANCELLED);
  g_assert_cmpint (n_items (f), ==, 0);
}

/* ---- COCO ----------------------------------------------------------------------------- */

static const char coco_ok[] =
  "{\"info\": {}, \"licenses\": [],"
  " \"images\": [{\"id\": 7, \"file_name\": \"a.png\", \"width\": 40, \"height\": 30}],"
  " \"categories\": [{\"id\": 0, \"name\": \"car\"}, {\"id\": 1, \"name\": \"pedestrian\", "
  "   \"keypoints\": [\"head\", \"foot\"]}],"
  " \"annotations\": ["
  "  {\"id\": 1, \"image_id\": 7, \"category_id\": 0, \"bbox\": [1, 2, 10, 5], \"iscrowd\": 0},"
  "  {\"id\": 2, \"image_id\": 7, \"category_id\": 0, \"bbox\": [30, 20, 20, 20]},"
  "  {\"id\": 3, \"image_id\": 7, \"category_id\": 1, \"segmentation\": [[0, 0, 10, 0, 10, 10]],"
  "   \"bbox\": [0, 0, 10, 10]},"
  "  {\"id\": 4, \"image_id\": 7, \"category_id\": 1, \"bbox\": [5, 5, 10, 10],"
  "   \"keypoints\": [6, 6, 2, 8, 14, 1], \"num_keypoints\": 2}"
  " ]}";

static void
test_coco (Fixture *f, gconstpointer data)
{
  g_autofree char *img = write_png (f, "coco/images/a.png", 40, 30, 1);
  g_autofree char *ann = write_file (f, "coco/annotations/instances_default.json", coco_ok);
  g_autofree char *root = g_build_filename (f->dir, "coco", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  LwImportReport report;
  const double box0[] = { 1, 2, 10, 5 }, box1[] = { 30, 20, 10, 10 };
  const double poly[] = { 0, 0, 10, 0, 10, 10 }, kp[] = { 6, 6, 2, 8, 14, 1 };
  const LwAnnotation *a;

  g_assert_true (run (f, root, LW_IMPORT_FORMAT_AUTO, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, 1);
  g_assert_cmpuint (report.annotations_added, ==, 5);
  g_assert_cmpuint (report.clamped, ==, 1);
  anns = anns_of (f, "images/a.png");
  g_assert_cmpuint (anns->len, ==, 5);
  a = anns->pdata[0];
  g_assert_cmpint (a->kind, ==, LW_ANNOTATION_BBOX);
  g_assert_cmpint (a->class_id, ==, lw_test_class_id (f->project, "car"));
  g_assert_cmpint (a->source, ==, LW_SOURCE_IMPORT);
  assert_values (a, box0, 4);
  assert_values (anns->pdata[1], box1, 4);
  g_assert_cmpint (((LwAnnotation *) anns->pdata[2])->kind, ==, LW_ANNOTATION_POLYGON);
  assert_values (anns->pdata[2], poly, 6);
  g_assert_cmpint (((LwAnnotation *) anns->pdata[3])->kind, ==, LW_ANNOTATION_KEYPOINTS);
  assert_values (anns->pdata[3], kp, 6);
  g_assert_cmpint (((LwAnnotation *) anns->pdata[4])->kind, ==, LW_ANNOTATION_BBOX);
}

/* The same file twice onto one layer adds nothing the second time; onto another layer it
 * adds everything again. A box that was edited since is not the same box. */
static void
test_coco_again (Fixture *f, gconstpointer data)
{
  g_autofree char *img = write_png (f, "coco/images/a.png", 40, 30, 1);
  g_autofree char *ann = write_file (f, "coco/annotations/instances_default.json", coco_ok);
  g_autofree char *root = g_build_filename (f->dir, "coco", NULL);
  const char *sources[] = { root, NULL };
  LwImportOptions other = { .format = LW_IMPORT_FORMAT_AUTO, .annotator = "second" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  LwImportReport report;
  LwAnnotation *moved;
  const double box[] = { 2, 2, 10, 5 };

  g_assert_true (run (f, root, LW_IMPORT_FORMAT_AUTO, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.annotations_added, ==, 5);
  g_assert_cmpuint (report.annotations_present, ==, 0);

  /* The user moves the first box; a re-import brings the original back, nothing else. */
  anns = anns_of (f, "images/a.png");
  moved = anns->pdata[0];
  lw_annotation_set_geometry (moved, box, 4);
  g_assert_true (lw_project_update_annotation (f->project, moved, &error));
  g_assert_no_error (error);

  g_assert_true (run (f, root, LW_IMPORT_FORMAT_AUTO, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, 0);
  g_assert_cmpuint (report.annotations_added, ==, 1);
  g_assert_cmpuint (report.annotations_present, ==, 4);
  g_assert_cmpint (n_anns (f), ==, 6);

  g_assert_true (lw_import_run (f->project, sources, &other, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.annotations_added, ==, 5);
  g_assert_cmpuint (report.annotations_present, ==, 0);
  g_assert_cmpint (n_anns (f), ==, 11);
}

static void
test_coco_predictions (Fixture *f, gconstpointer data)
{
  g_autofree char *img = write_png (f, "coco/images/a.png", 40, 30, 1);
  g_autofree char *gt = write_file (f, "coco/gt.json",
      "{\"images\": [{\"id\": 3, \"file_name\": \"a.png\", \"width\": 40, \"height\": 30}],"
      " \"categories\": [{\"id\": 1, \"name\": \"car\"}], \"annotations\": []}");
  g_autofree char *res = write_file (f, "coco/results.json",
      "[{\"image_id\": 3, \"category_id\": 1, \"bbox\": [1, 1, 5, 5], \"score\": 0.75}]");
  const char *sources[] = { gt, res, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_COCO, .predictions = TRUE, .annotator = "model" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  g_autofree char *who = NULL;
  LwAnnotation *a;

  g_assert_true (lw_import_run (f->project, sources, &opts, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  anns = anns_of (f, "images/a.png");
  g_assert_cmpuint (anns->len, ==, 1);
  a = anns->pdata[0];
  g_assert_cmpint (a->source, ==, LW_SOURCE_PREDICTION);
  g_assert_cmpfloat_with_epsilon (a->score, 0.75, 1e-9);
  who = lw_project_dup_annotator_name (f->project, a->annotator_id);
  g_assert_cmpstr (who, ==, "model");
}

static void
test_coco_bad (Fixture *f, gconstpointer data)
{
  g_autofree char *img = write_png (f, "bad/images/a.png", 40, 30, 1);
  g_autofree char *good = write_png (f, "bad/images/z.png", 8, 8, 5);
  g_autofree char *rle = write_file (f, "bad/rle.json",
      "{\"images\": [{\"id\": 1, \"file_name\": \"a.png\", \"width\": 40, \"height\": 30}],"
      " \"categories\": [{\"id\": 1, \"name\": \"car\"}],"
      " \"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0,0,1,1],"
      "   \"segmentation\": {\"size\": [30, 40], \"counts\": \"abc\"}}]}");
  g_autofree char *trav = write_file (f, "bad/trav.json",
      "{\"images\": [{\"id\": 1, \"file_name\": \"../../etc/passwd\", \"width\": 4, \"height\": 4}],"
      " \"categories\": [], \"annotations\": []}");
  g_autofree char *abs = write_file (f, "bad/abs.json",
      "{\"images\": [{\"id\": 1, \"file_name\": \"/etc/passwd\", \"width\": 4, \"height\": 4}],"
      " \"categories\": [], \"annotations\": []}");
  g_autofree char *broken = write_file (f, "bad/broken.json", "{\"images\": [ {\"id\": 1, ");
  g_autofree char *unknown = write_file (f, "bad/unknown.json",
      "{\"images\": [{\"id\": 1, \"file_name\": \"a.png\", \"width\": 40, \"height\": 30}],"
      " \"categories\": [{\"id\": 1, \"name\": \"spaceship\"}, {\"id\": 2, \"name\": \"alien\"}],"
      " \"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5, 5]},"
      "                   {\"id\": 2, \"image_id\": 1, \"category_id\": 2, \"bbox\": [0, 0, 5, 5]}]}");
  g_autofree char *neg = write_file (f, "bad/neg.json",
      "{\"images\": [{\"id\": 1, \"file_name\": \"a.png\", \"width\": 40, \"height\": 30}],"
      " \"categories\": [{\"id\": 1, \"name\": \"car\"}],"
      " \"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, -5, 5]}]}");
  g_autofree char *dangling = write_file (f, "bad/dangling.json",
      "{\"images\": [{\"id\": 1, \"file_name\": \"a.png\", \"width\": 40, \"height\": 30}],"
      " \"categories\": [{\"id\": 1, \"name\": \"car\"}],"
      " \"annotations\": [{\"id\": 1, \"image_id\": 9, \"category_id\": 1, \"bbox\": [0, 0, 5, 5]}]}");
  g_autofree char *root = g_build_filename (f->dir, "bad", "images", NULL);
  g_autoptr(GError) error = NULL;
  LwImportReport report;

  /* a project with some content, which failures must leave as it is */
  g_assert_true (run (f, good, LW_IMPORT_FORMAT_IMAGES, FALSE, FALSE, &report, &error));
  g_assert_cmpint (n_items (f), ==, 1);

  /* an RLE mask whose counts do not cover its size (good ones: test-import-coco.c) */
  assert_fails_unchanged (f, rle, LW_IMPORT_FORMAT_COCO, FALSE, LW_IMPORT_ERROR_INVALID, "annotation id 1: RLE");
  assert_fails_unchanged (f, trav, LW_IMPORT_FORMAT_AUTO, FALSE, LW_IMPORT_ERROR_UNSAFE_PATH, "../../etc/passwd");
  assert_fails_unchanged (f, abs, LW_IMPORT_FORMAT_COCO, FALSE, LW_IMPORT_ERROR_UNSAFE_PATH, "/etc/passwd");
  assert_fails_unchanged (f, broken, LW_IMPORT_FORMAT_COCO, FALSE, LW_IMPORT_ERROR_PARSE, "broken.json");
  assert_fails_unchanged (f, unknown, LW_IMPORT_FORMAT_COCO, FALSE, LW_IMPORT_ERROR_UNKNOWN_CLASS,
                          "alien, spaceship");
  assert_fails_unchanged (f, neg, LW_IMPORT_FORMAT_COCO, FALSE, LW_IMPORT_ERROR_INVALID, "positive");
  assert_fails_unchanged (f, dangling, LW_IMPORT_FORMAT_COCO, FALSE, LW_IMPORT_ERROR_INVALID, "image_id 9");

  /* with --add-classes the unknown classes join the schema */
  g_assert_true (run (f, unknown, LW_IMPORT_FORMAT_COCO, TRUE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.classes_added, ==, 2);
  g_assert_cmpuint (report.annotations_added, ==, 2);
  g_assert_cmpint (lw_test_class_id (f->project, "alien"), >, 0);
}

/* ---- YOLO ----------------------------------------------------------------------------- */

static void
test_yolo (Fixture *f, gconstpointer data)
{
  g_autofree char *img = write_png (f, "yolo/images/train/a.png", 100, 50, 1);
  g_autofree char *img2 = write_png (f, "yolo/images/val/b.png", 10, 10, 2);
  g_autofree char *yaml = write_file (f, "yolo/data.yaml",
      "path: .\ntrain: images/train\nval: images/val\nnames:\n  0: car\n  1: 'drivable area'\nnc: 2\n");
  g_autofree char *lab = write_file (f, "yolo/labels/train/a.txt",
      "0 0.5 0.5 0.2 0.4\n0 0.5 0.5 0.2 0.4\n1 0 0 1 0 1 1.005\n");
  g_autofree char *root = g_build_filename (f->dir, "yolo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  LwImportReport report;
  const double box[] = { 40, 15, 20, 20 }, poly[] = { 0, 0, 100, 0, 100, 50 };

  g_assert_true (run (f, root, LW_IMPORT_FORMAT_AUTO, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, 2);
  g_assert_cmpuint (report.annotations_added, ==, 2);   /* the duplicate row is dropped */
  g_assert_cmpuint (report.clamped, ==, 1);
  anns = anns_of (f, "images/train/a.png");
  assert_values (anns->pdata[0], box, 4);
  assert_values (anns->pdata[1], poly, 6);
}

static void
test_yolo_predictions_and_bad (Fixture *f, gconstpointer data)
{
  g_autofree char *img = write_png (f, "y/images/a.png", 100, 50, 1);
  g_autofree char *classes = write_file (f, "y/classes.txt", "car\ntruck\n");
  g_autofree char *lab = write_file (f, "y/labels/a.txt", "1 0.5 0.5 0.2 0.4 0.9\n");
  g_autofree char *root = g_build_filename (f->dir, "y", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  LwImportReport report;

  /* without --predictions the trailing column is a malformed row */
  assert_fails_unchanged (f, root, LW_IMPORT_FORMAT_YOLO, FALSE, LW_IMPORT_ERROR_PARSE, "a.txt:1");
  g_assert_true (run (f, root, LW_IMPORT_FORMAT_YOLO, FALSE, TRUE, &report, &error));
  g_assert_no_error (error);
  anns = anns_of (f, "images/a.png");
  g_assert_cmpuint (anns->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (((LwAnnotation *) anns->pdata[0])->score, 0.9, 1e-9);
  g_assert_cmpint (((LwAnnotation *) anns->pdata[0])->class_id, ==, lw_test_class_id (f->project, "truck"));

  g_assert_true (g_file_set_contents (lab, "5 0.5 0.5 0.2 0.2\n", -1, NULL));
  assert_fails_unchanged (f, root, LW_IMPORT_FORMAT_YOLO, FALSE, LW_IMPORT_ERROR_INVALID, "class index 5");
  g_assert_true (g_file_set_contents (lab, "0 0.5 0.5 1.8 0.2\n", -1, NULL));
  assert_fails_unchanged (f, root, LW_IMPORT_FORMAT_YOLO, FALSE, LW_IMPORT_ERROR_INVALID, "normalised");
}

/* ---- VOC ------------------------------------------------------------------------------ */

static void
test_voc (Fixture *f, gconstpointer data)
{
  g_autofree char *img = write_png (f, "voc/JPEGImages/a.png", 100, 80, 1);
  g_autofree char *xml = write_file (f, "voc/Annotations/a.xml",
      "<annotation><folder>VOC</folder><filename>a.png</filename>"
      "<size><width>100</width><height>80</height><depth>3</depth></size>"
      "<object><name>car</name><difficult>0</difficult>"
      "<bndbox><xmin>11</xmin><ymin>21</ymin><xmax>50</xmax><ymax>60</ymax></bndbox></object>"
      "<object><name>truck</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>100</xmax><ymax>80</ymax></bndbox></object>"
      "</annotation>");
  g_autofree char *root = g_build_filename (f->dir, "voc", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  LwImportReport report;
  const double box[] = { 10, 20, 40, 40 }, full[] = { 0, 0, 100, 80 };

  g_assert_true (run (f, root, LW_IMPORT_FORMAT_AUTO, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  anns = anns_of (f, "JPEGImages/a.png");
  g_assert_cmpuint (anns->len, ==, 2);
  assert_values (anns->pdata[0], box, 4);
  assert_values (anns->pdata[1], full, 4);
  g_assert_cmpuint (report.clamped, ==, 0);
}

static void
test_voc_bad (Fixture *f, gconstpointer data)
{
  g_autofree char *img = write_png (f, "v/JPEGImages/a.png", 100, 80, 1);
  g_autofree char *xxe = write_file (f, "v/xxe.xml",
      "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<annotation><filename>&xxe;</filename></annotation>");
  g_autofree char *broken = write_file (f, "v/broken.xml", "<annotation><filename>a.png</filename>");
  g_autofree char *trav = write_file (f, "v/trav.xml",
      "<annotation><filename>../../../etc/passwd</filename></annotation>");
  g_autofree char *inverted = write_file (f, "v/inv.xml",
      "<annotation><filename>a.png</filename><object><name>car</name>"
      "<bndbox><xmin>50</xmin><ymin>1</ymin><xmax>10</xmax><ymax>5</ymax></bndbox></object></annotation>");

  assert_fails_unchanged (f, xxe, LW_IMPORT_FORMAT_VOC, FALSE, LW_IMPORT_ERROR_PARSE, "xxe.xml");
  assert_fails_unchanged (f, broken, LW_IMPORT_FORMAT_VOC, FALSE, LW_IMPORT_ERROR_PARSE, "broken.xml");
  assert_fails_unchanged (f, trav, LW_IMPORT_FORMAT_VOC, FALSE, LW_IMPORT_ERROR_UNSAFE_PATH, "passwd");
  assert_fails_unchanged (f, inverted, LW_IMPORT_FORMAT_VOC, FALSE, LW_IMPORT_ERROR_INVALID, "inv.xml");
}

/* ---- labelme -------------------------------------------------------------------------- */

static void
test_labelme (Fixture *f, gconstpointer data)
{
  g_autofree char *img = write_png (f, "lm/a.png", 100, 80, 1);
  g_autofree char *json = write_file (f, "lm/a.json",
      "{\"version\": \"5.4.1\", \"flags\": {\"rain\": true, \"fog\": false},"
      " \"imagePath\": \"a.png\", \"imageData\": null, \"imageHeight\": 80, \"imageWidth\": 100,"
      " \"shapes\": ["
      "  {\"label\": \"car\", \"points\": [[50, 40], [10, 20]], \"shape_type\": \"rectangle\", \"group_id\": null, \"flags\": {}},"
      "  {\"label\": \"car\", \"points\": [[10, 20], [50, 20], [50, 40], [10, 40]], \"shape_type\": \"rectangle\"},"
      "  {\"label\": \"car\", \"points\": [[1, 1], [9, 1], [5, 7]], \"shape_type\": \"polygon\"},"
      "  {\"label\": \"lane line\", \"points\": [[0, 0], [5, 5], [9, 2]], \"shape_type\": \"linestrip\"},"
      "  {\"label\": \"car\", \"points\": [[50, 40], [60, 40]], \"shape_type\": \"circle\"}"
      " ]}");
  g_autofree char *root = g_build_filename (f->dir, "lm", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  LwImportReport report;
  const double box[] = { 10, 20, 40, 20 };
  double x, y, w, h;

  g_assert_true (run (f, root, LW_IMPORT_FORMAT_LABELME, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, 1);
  anns = anns_of (f, "a.png");
  g_assert_cmpuint (anns->len, ==, 6);
  assert_values (anns->pdata[0], box, 4);
  assert_values (anns->pdata[1], box, 4);
  g_assert_cmpint (((LwAnnotation *) anns->pdata[2])->kind, ==, LW_ANNOTATION_POLYGON);
  g_assert_cmpint (((LwAnnotation *) anns->pdata[3])->kind, ==, LW_ANNOTATION_POLYLINE);
  g_assert_cmpint (((LwAnnotation *) anns->pdata[4])->kind, ==, LW_ANNOTATION_POLYGON);
  g_assert_true (lw_annotation_bounds (anns->pdata[4], &x, &y, &w, &h));
  g_assert_cmpfloat_with_epsilon (w, 20, 1e-6);
  g_assert_cmpint (((LwAnnotation *) anns->pdata[5])->kind, ==, LW_ANNOTATION_TAG);
  g_assert_cmpint (((LwAnnotation *) anns->pdata[5])->class_id, ==, lw_test_class_id (f->project, "rain"));
}

static void
test_labelme_bad (Fixture *f, gconstpointer data)
{
  g_autofree char *img = write_png (f, "lb/a.png", 10, 10, 1);
  g_autofree char *trav = write_file (f, "lb/t.json",
      "{\"imagePath\": \"..\\\\..\\\\secret.png\", \"shapes\": []}");
  g_autofree char *bad = write_file (f, "lb/b.json",
      "{\"imagePath\": \"a.png\", \"shapes\": [{\"label\": \"car\", \"points\": [[1, 1]], \"shape_type\": \"polygon\"}]}");
  g_autofree char *nan_pts = write_file (f, "lb/n.json",
      "{\"imagePath\": \"a.png\", \"shapes\": [{\"label\": \"car\", \"points\": [[1, \"x\"], [2, 2]], \"shape_type\": \"rectangle\"}]}");

  assert_fails_unchanged (f, trav, LW_IMPORT_FORMAT_LABELME, FALSE, LW_IMPORT_ERROR_UNSAFE_PATH, "secret.png");
  assert_fails_unchanged (f, bad, LW_IMPORT_FORMAT_LABELME, FALSE, LW_IMPORT_ERROR_INVALID, "shapes[0]");
  assert_fails_unchanged (f, nan_pts, LW_IMPORT_FORMAT_LABELME, FALSE, LW_IMPORT_ERROR_INVALID, "points");
}

/* ---- texts ---------------------------------------------------------------------------- */

static void
test_jsonl (Fixture *f, gconstpointer data)
{
  /* "Zoë" has a two-byte ë: the span of "wrng" starts at code point 8, byte 9 */
  g_autofree char *src = write_file (f, "t/a.jsonl",
      "{\"id\": 1, \"text\": \"Zoë is wrng\", \"label\": [[7, 11, \"spelling\"]], \"cats\": [\"score 3\"]}\n"
      "\n"
      "{\"text\": \"Fine.\", \"label\": [\"score 5\"]}\n");
  g_autofree char *bad = write_file (f, "t/bad.jsonl", "{\"text\": \"ok\"}\n{\"text\": 5}\n");
  g_autofree char *bad_span = write_file (f, "t/span.jsonl", "{\"text\": \"ok\", \"label\": [[0, 9, \"grammar\"]]}\n");
  g_autofree char *unk = write_file (f, "t/unk.jsonl", "{\"text\": \"ok\", \"label\": [[0, 1, \"nonsense\"]]}\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  LwImportReport report;
  const double span[] = { 7, 11 };

  g_assert_true (run (f, src, LW_IMPORT_FORMAT_AUTO, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, 2);
  g_assert_cmpuint (report.annotations_added, ==, 3);
  anns = anns_of (f, "1");
  g_assert_cmpuint (anns->len, ==, 2);
  g_assert_cmpint (((LwAnnotation *) anns->pdata[0])->kind, ==, LW_ANNOTATION_SPAN);
  assert_values (anns->pdata[0], span, 2);

  /* same id again: attached to the existing item as another layer */
  g_assert_true (run (f, src, LW_IMPORT_FORMAT_JSONL, FALSE, FALSE, &report, &error));
  g_assert_cmpuint (report.items_added, ==, 0);
  g_assert_cmpuint (report.duplicates, ==, 2);

  assert_fails_unchanged (f, bad, LW_IMPORT_FORMAT_JSONL, FALSE, LW_IMPORT_ERROR_PARSE, "bad.jsonl:2");
  assert_fails_unchanged (f, unk, LW_IMPORT_FORMAT_JSONL, FALSE, LW_IMPORT_ERROR_UNKNOWN_CLASS, "nonsense");
  {
    gint64 items = n_items (f);
    g_clear_error (&error);
    g_assert_false (run (f, bad_span, LW_IMPORT_FORMAT_JSONL, FALSE, FALSE, &report, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "span.jsonl:1"));
    g_assert_cmpint (n_items (f), ==, items);
  }
}

static void
test_csv_and_txt (Fixture *f, gconstpointer data)
{
  g_autofree char *csv = write_file (f, "c/a.csv",
      "id,text,label\r\n"
      "e1,\"Line one,\nline \"\"two\"\"\",score 2\r\n"
      "e2,plain,score 4;vocabulary\r\n");
  g_autofree char *bad = write_file (f, "c/bad.csv", "id,text\nx,\"never closed\n");
  g_autofree char *nocol = write_file (f, "c/nocol.csv", "id,body\nx,y\n");
  g_autofree char *ragged = write_file (f, "c/ragged.csv", "id,text\nx,y\nz\n");
  g_autofree char *txt = write_file (f, "c/essay.txt", "An essay.");
  g_autoptr(GError) error = NULL;
  g_autoptr(LwItem) item = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  LwImportReport report;

  g_assert_true (run (f, csv, LW_IMPORT_FORMAT_AUTO, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, 2);
  g_assert_cmpuint (report.annotations_added, ==, 3);
  item = lw_project_get_item (f->project, lw_project_find_item_by_ext_id (f->project, "e1"), &error);
  g_assert_cmpstr (item->text, ==, "Line one,\nline \"two\"");
  anns = anns_of (f, "e2");
  g_assert_cmpuint (anns->len, ==, 2);

  g_assert_true (run (f, txt, LW_IMPORT_FORMAT_AUTO, FALSE, FALSE, &report, &error));
  g_assert_cmpuint (report.items_added, ==, 1);

  assert_fails_unchanged (f, bad, LW_IMPORT_FORMAT_CSV, FALSE, LW_IMPORT_ERROR_PARSE, "bad.csv:2");
  assert_fails_unchanged (f, nocol, LW_IMPORT_FORMAT_CSV, FALSE, LW_IMPORT_ERROR_INVALID, "\"text\" column");
  assert_fails_unchanged (f, ragged, LW_IMPORT_FORMAT_CSV, FALSE, LW_IMPORT_ERROR_PARSE, "ragged.csv:3");
}

/* ---- archives ------------------------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *data;
  gsize       len;
  gboolean    symlink;
} Entry;

static char *
write_archive (Fixture *f, const char *rel, gboolean zip, const Entry *entries, guint n)
{
  char *p = path_in (f, rel);
  struct archive *a = archive_write_new ();

  if (zip)
    archive_write_set_format_zip (a);
  else
    {
      archive_write_set_format_pax_restricted (a);
      archive_write_add_filter_gzip (a);
    }
  g_assert_cmpint (archive_write_open_filename (a, p), ==, ARCHIVE_OK);
  for (guint i = 0; i < n; i++)
    {
      struct archive_entry *e = archive_entry_new ();
      archive_entry_set_pathname (e, entries[i].name);
      archive_entry_set_perm (e, 0644);
      if (entries[i].symlink)
        {
          archive_entry_set_filetype (e, AE_IFLNK);
          archive_entry_set_symlink (e, entries[i].data);
          archive_entry_set_size (e, 0);
        }
      else
        {
          archive_entry_set_filetype (e, AE_IFREG);
          archive_entry_set_size (e, entries[i].len);
        }
      g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
      if (!entries[i].symlink)
        archive_write_data (a, entries[i].data, entries[i].len);
      archive_entry_free (e);
    }
  archive_write_close (a);
  archive_write_free (a);
  return p;
}

static void
test_archives (Fixture *f, gconstpointer data)
{
  g_autofree char *png_path = write_png (f, "src/a.png", 12, 8, 1);
  g_autofree char *png2_path = write_png (f, "src/b.png", 6, 6, 2);
  g_autofree char *png = NULL, *png2 = NULL;
  gsize len, len2;
  g_autoptr(GError) error = NULL;
  g_autofree char *media = lw_project_dup_media_folder (f->project);
  LwImportReport report;

  g_assert_true (g_file_get_contents (png_path, &png, &len, NULL));
  g_assert_true (g_file_get_contents (png2_path, &png2, &len2, NULL));
  {
    Entry ok[] = { { "data/a.png", png, len }, { "data/b.png", png2, len2 },
                   { "data/x.json", "{\"imagePath\": \"a.png\", \"shapes\": []}", 36 } };
    g_autofree char *zip = write_archive (f, "in/ok.zip", TRUE, ok, G_N_ELEMENTS (ok));
    g_autofree char *tgz = write_archive (f, "in/ok.tar.gz", FALSE, ok, 2);
    g_autoptr(LwItem) item = NULL;
    g_autofree char *extracted = g_build_filename (media, "ok", "data", "a.png", NULL);

    g_assert_true (run (f, zip, LW_IMPORT_FORMAT_AUTO, FALSE, FALSE, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report.items_added, ==, 2);
    g_assert_true (g_file_test (extracted, G_FILE_TEST_IS_REGULAR));
    item = lw_project_get_item (f->project, lw_project_find_item_by_name (f->project, "data/a.png"), &error);
    g_assert_cmpstr (item->media_path, ==, "p-media/ok/data/a.png");
    g_assert_cmpint (item->width, ==, 12);

    g_assert_true (run (f, tgz, LW_IMPORT_FORMAT_IMAGES, FALSE, FALSE, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report.duplicates, ==, 2);

    /* truncated: the first half of a gzip'd tar */
    {
      g_autofree char *whole = NULL;
      g_autofree char *cut = path_in (f, "in/cut.tar.gz");
      g_autofree char *cut_dir = g_build_filename (media, "cut", NULL);
      gsize wl;
      g_assert_true (g_file_get_contents (tgz, &whole, &wl, NULL));
      g_assert_true (g_file_set_contents (cut, whole, wl / 2, NULL));
      assert_fails_unchanged (f, cut, LW_IMPORT_FORMAT_AUTO, FALSE, LW_IMPORT_ERROR_PARSE, "cut.tar.gz");
      g_assert_false (g_file_test (cut_dir, G_FILE_TEST_EXISTS));
    }
    /* limits */
    {
      const char *sources[] = { zip, NULL };
      LwImportOptions opts = { .max_archive_entries = 2 };
      g_clear_error (&error);
      g_assert_false (lw_import_run (f->project, sources, &opts, NULL, NULL, NULL, NULL, &error));
      g_assert_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_LIMIT);
      opts.max_archive_entries = 0;
      opts.max_archive_bytes = 100;
      g_clear_error (&error);
      g_assert_false (lw_import_run (f->project, sources, &opts, NULL, NULL, NULL, NULL, &error));
      g_assert_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_LIMIT);
    }
  }
  {
    Entry evil[] = { { "data/a.png", png, len }, { "../evil.png", png2, len2 } };
    Entry absolute[] = { { "/tmp/evil.png", png2, len2 } };
    Entry link[] = { { "data/l.png", "/etc/passwd", 0, TRUE } };
    g_autofree char *z1 = write_archive (f, "in/evil.zip", TRUE, evil, 2);
    g_autofree char *z2 = write_archive (f, "in/abs.tar.gz", FALSE, absolute, 1);
    g_autofree char *z3 = write_archive (f, "in/link.tar.gz", FALSE, link, 1);
    g_autofree char *evil_dir = g_build_filename (media, "evil", NULL);
    g_autofree char *escaped = g_build_filename (media, "evil.png", NULL);

    assert_fails_unchanged (f, z1, LW_IMPORT_FORMAT_AUTO, FALSE, LW_IMPORT_ERROR_UNSAFE_PATH, "../evil.png");
    g_assert_false (g_file_test (evil_dir, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (escaped, G_FILE_TEST_EXISTS));
    assert_fails_unchanged (f, z2, LW_IMPORT_FORMAT_AUTO, FALSE, LW_IMPORT_ERROR_UNSAFE_PATH, "/tmp/evil.png");
    assert_fails_unchanged (f, z3, LW_IMPORT_FORMAT_AUTO, FALSE, LW_IMPORT_ERROR_UNSAFE_PATH, "link");
  }
  {
    g_autofree char *junk = write_file (f, "in/junk.zip", "this is not a zip file at all");
    assert_fails_unchanged (f, junk, LW_IMPORT_FORMAT_AUTO, FALSE, LW_IMPORT_ERROR_PARSE, "junk.zip");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn, domain) \
  g_test_add (path, Fixture, domain, fixture_setup, fn, fixture_teardown)
  ADD ("/import/images/folder", test_images_folder, "traffic");
  ADD ("/import/images/huge-header", test_images_huge_header, "traffic");
  ADD ("/import/images/symlink-out", test_images_symlink_out, "traffic");
  ADD ("/import/cancelled", test_cancelled, "traffic");
  ADD ("/import/coco/basic", test_coco, "traffic");
  ADD ("/import/coco/again", test_coco_again, "traffic");
  ADD ("/import/coco/predictions", test_coco_predictions, "traffic");
  ADD ("/import/coco/bad", test_coco_bad, "traffic");
  ADD ("/import/yolo/basic", test_yolo, "traffic");
  ADD ("/import/yolo/predictions-and-bad", test_yolo_predictions_and_bad, "traffic");
  ADD ("/import/voc/basic", test_voc, "traffic");
  ADD ("/import/voc/bad", test_voc_bad, "traffic");
  ADD ("/import/labelme/basic", test_labelme, "traffic");
  ADD ("/import/labelme/bad", test_labelme_bad, "traffic");
  ADD ("/import/jsonl", test_jsonl, "education");
  ADD ("/import/csv-and-txt", test_csv_and_txt, "education");
  ADD ("/import/archives", test_archives, "traffic");
#undef ADD
  return g_test_run ();
}
