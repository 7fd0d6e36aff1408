/* test-import-coco.c: the COCO reader that parses one element at a time (member order,
 * members it does not use, malformed JSON anywhere in the file with its position) and
 * RLE segmentation */
#define G_LOG_DOMAIN "lw-test-import-coco"

#include <string.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "lw-test-util.h"
#include "formats/lw-rle.h"

typedef struct {
  char      *dir;
  LwProject *project;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  GdkPixbuf *pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 40, 30);
  g_autofree char *images = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = lw_test_tmpdir_new ();
  f->project = lw_test_project_new (f->dir, "p", "traffic");
  images = g_build_filename (f->dir, "ds", "images", NULL);
  png = g_build_filename (images, "a.png", NULL);
  g_assert_cmpint (g_mkdir_with_parents (images, 0755), ==, 0);
  gdk_pixbuf_fill (pb, 0x10203040u);
  gdk_pixbuf_save (pb, png, "png", &error, NULL);
  g_assert_no_error (error);
  g_object_unref (pb);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->project);
  lw_test_tmpdir_free (f->dir);
}

static char *
write_json (Fixture *f, const char *name, const char *contents)
{
  char *p = g_build_filename (f->dir, "ds", name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (p, contents, -1, &error);
  g_assert_no_error (error);
  return p;
}

static gboolean
run (Fixture *f, const char *source, LwImportReport *report, GError **error)
{
  const char *sources[] = { source, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_COCO, .annotator = "tester" };
  return lw_import_run (f->project, sources, &opts, report, NULL, NULL, NULL, error);
}

static GPtrArray *
anns_of_a (Fixture *f)
{
  gint64 id = lw_project_find_item_by_name (f->project, "images/a.png");
  g_assert_cmpint (id, >, 0);
  return lw_project_list_annotations (f->project, id, 0, NULL);
}

/* pycocotools' own files put "categories" last, after the annotations that use them;
 * members the reader does not use (info, licenses, anything else) are checked and left. */
static void
test_member_order (Fixture *f, gconstpointer data)
{
  g_autofree char *json = write_json (f, "order.json",
      "{\"annotations\": [\n"
      "  {\"id\": 5, \"image_id\": 2, \"category_id\": 3, \"bbox\": [1, 2, 3, 4]},\n"
      "  {\"id\": 6, \"image_id\": 2, \"category_id\": 3, \"bbox\": [5, 6, 7, 8],"
      "   \"note\": \"a ] and a } and a \\\" inside a string\"}\n"
      " ],\n"
      " \"info\": {\"description\": \"{[\", \"nested\": [[1, 2], {\"a\": []}]},\n"
      " \"licenses\": [{\"id\": 1, \"name\": \"CC\"}, {\"id\": 2, \"name\": \"x\"}],\n"
      " \"im\\u0061ges\": [{\"id\": 2, \"file_name\": \"a.png\", \"width\": 40, \"height\": 30}],\n"
      " \"extra\": 17,\n"
      " \"categories\": [{\"id\": 3, \"name\": \"car\"}]}\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  LwImportReport report;

  g_assert_true (run (f, json, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, 1);
  g_assert_cmpuint (report.annotations_added, ==, 2);
  anns = anns_of_a (f);
  g_assert_cmpuint (anns->len, ==, 2);
  g_assert_cmpfloat (lw_annotation_value (anns->pdata[1], 0), ==, 5);
  g_assert_cmpfloat (lw_annotation_value (anns->pdata[1], 3), ==, 8);
}

typedef struct {
  const char *name;
  const char *contents;
  const char *expected;   /* in the message, after the file name */
} BadCase;

/* Malformed JSON anywhere in the file fails with the file, line and column (for a bad token
 * json-glib points at its last character), changes nothing,
 * even when the fault lies after (or inside) elements already imported. */
static void
test_malformed (Fixture *f, gconstpointer data)
{
  static const char head[] =
    "{\"categories\": [{\"id\": 1, \"name\": \"car\"}],\n"
    " \"images\": [{\"id\": 1, \"file_name\": \"a.png\", \"width\": 40, \"height\": 30}],\n";
  const BadCase cases[] = {
    { "token.json", " \"annotations\": [\n {\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 1, 2, 2]},\n"
                    " {\"id\": 2, \"image_id\": 1, \"iscrowd\": tru}]}", "line 5, column 40 (annotations[1])" },
    { "comma.json", " \"annotations\": [\n {\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 1, 2, 2]},\n]}",
                    "line 5, column 1: not valid JSON: a “,” before the end" },
    { "mismatch.json", " \"annotations\": [\n {\"id\": 1, \"bbox\": [1, 1, 2, 2}]}", "line 4, column 31: not valid JSON: unexpected “}”" },
    { "open.json", " \"annotations\": [\n {\"id\": 1, \"bbox\": [1, 1, 2, 2]}", "ends inside the value that opens at line 3, column 17" },
    { "string.json", " \"annotations\": [\n {\"id\": 1, \"note\": \"never closed}]}", "a string is not closed" },
    { "after.json", " \"annotations\": []}\n}", "line 4, column 1: not valid JSON: text after the end" },
    { "sep.json", " \"annotations\": [] \"x\": 1}", "expected “,” or “}”" },
    { "colon.json", " \"annotations\" []}", "expected “:” after a member name" },
    { "license.json", " \"licenses\": [{\"id\": 1}, {\"id\": nul}], \"annotations\": []}", "(licenses[1]): not valid JSON" },
    { "empty.json", " \n", "the file is empty" },
    { "deep.json", " \"annotations\": [{\"x\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                   "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]}", "nest deeper than 64 levels" },
  };
  g_autoptr(GError) error = NULL;
  LwImportReport report;
  g_autofree char *good = write_json (f, "good.json",
      "{\"categories\": [{\"id\": 1, \"name\": \"car\"}],"
      " \"images\": [{\"id\": 1, \"file_name\": \"a.png\", \"width\": 40, \"height\": 30}],"
      " \"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 1, 2, 2]}]}");

  g_assert_true (run (f, good, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lw_project_count_annotations (f->project, NULL), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* every case but the empty file starts with valid categories and images */
      g_autofree char *text = g_strconcat (strcmp (cases[i].name, "empty.json") ? head : "",
                                           cases[i].contents, NULL);
      g_autofree char *json = write_json (f, cases[i].name, text);
      g_autofree char *prefix = g_strdup_printf ("%s: ", json);

      g_test_message ("%s", cases[i].name);
      g_assert_false (run (f, json, &report, &error));
      g_assert_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      g_assert_nonnull (strstr (error->message, cases[i].expected));
      g_assert_cmpint (lw_project_count_items (f->project, NULL, NULL), ==, 1);
      g_assert_cmpint (lw_project_count_annotations (f->project, NULL), ==, 1);
      g_assert_false (lw_project_in_transaction (f->project));
      g_clear_error (&error);
    }
}

/* The member that should be a list is something else: a clear message, not a crash. */
static void
test_wrong_shapes (Fixture *f, gconstpointer data)
{
  g_autofree char *cats = write_json (f, "cats.json", "{\"categories\": {}, \"images\": []}");
  g_autofree char *anns = write_json (f, "anns.json",
      "{\"categories\": [], \"images\": [], \"annotations\": [1]}");
  g_autofree char *root = write_json (f, "root.json", "\"coco\"");
  g_autoptr(GError) error = NULL;

  g_assert_false (run (f, cats, NULL, &error));
  g_assert_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "cats.json: categories: expected a list of categories"));
  g_clear_error (&error);
  g_assert_false (run (f, anns, NULL, &error));
  g_assert_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "anns.json: annotations[0]: expected an object"));
  g_clear_error (&error);
  g_assert_false (run (f, root, NULL, &error));
  g_assert_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "expected a COCO object or a results list"));
}


/* ---- RLE ------------------------------------------------------------------------------ */

/* An 8 x 6 mask drawn by hand, column by column as pycocotools stores it:
 *
 *   x 0 1 2 3 4 5 6 7
 * y 0 . . . . . # . .     B: one pixel
 *   1 . . . . . . . .
 *   2 . # # # . # # #     A: 3 x 2 block; R: a ring, its hole at (6, 3)
 *   3 . # # # . # . #
 *   4 # . . . . # # #     D: touches A only at a corner, so a region of its own
 *   5 . . . . . . . .
 */
static const char rle_counts[] = "[4, 1, 3, 2, 4, 2, 4, 2, 8, 1, 1, 3, 3, 1, 1, 1, 3, 3, 1]";
/* the same counts as pycocotools' rleToString writes them (worked through by hand from its
 * algorithm: 6 bits a character from '0', from the fourth count on the difference to the
 * count two before) */
static const char rle_string[] = "\"413110004OI22NN022N\"";

static char *
rle_json (Fixture *f, const char *name, const char *size, const char *counts)
{
  g_autofree char *text = g_strdup_printf (
      "{\"categories\": [{\"id\": 1, \"name\": \"pedestrian\"}],"
      " \"images\": [{\"id\": 1, \"file_name\": \"b.png\", \"width\": 8, \"height\": 6}],"
      " \"annotations\": [{\"id\": 41, \"image_id\": 1, \"category_id\": 1, \"iscrowd\": 1,"
      "   \"bbox\": [0, 0, 8, 5], \"segmentation\": {\"size\": %s, \"counts\": %s}}]}", size, counts);
  return write_json (f, name, text);
}

static void
write_b_png (Fixture *f)
{
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 8, 6);
  g_autofree char *png = g_build_filename (f->dir, "ds", "images", "b.png", NULL);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pb, 0x55667788u);
  gdk_pixbuf_save (pb, png, "png", &error, NULL);
  g_assert_no_error (error);
}

static void
assert_rle_polygons (Fixture *f)
{
  /* in row order of each region's first pixel, outlines along pixel edges */
  static const double expected[4][8] = {
    { 5, 0, 6, 0, 6, 1, 5, 1 },   /* B */
    { 1, 2, 4, 2, 4, 4, 1, 4 },   /* A */
    { 5, 2, 8, 2, 8, 5, 5, 5 },   /* R, the hole filled */
    { 0, 4, 1, 4, 1, 5, 0, 5 },   /* D */
  };
  gint64 id = lw_project_find_item_by_name (f->project, "images/b.png");
  g_autoptr(GPtrArray) anns = lw_project_list_annotations (f->project, id, 0, NULL);

  g_assert_cmpuint (anns->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const LwAnnotation *a = anns->pdata[i];
      g_assert_cmpint (a->kind, ==, LW_ANNOTATION_POLYGON);
      g_assert_cmpint (a->class_id, ==, lw_test_class_id (f->project, "pedestrian"));
      g_assert_cmpuint (lw_annotation_n_values (a), ==, 8);
      for (guint k = 0; k < 8; k++)
        g_assert_cmpfloat (lw_annotation_value (a, k), ==, expected[i][k]);
    }
}

static void
test_rle_counts (Fixture *f, gconstpointer data)
{
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  LwImportReport report;

  write_b_png (f);
  json = rle_json (f, "rle.json", "[6, 8]", data);
  g_assert_true (run (f, json, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.annotations_added, ==, 4);
  g_assert_cmpuint (report.clamped, ==, 0);
  assert_rle_polygons (f);
}

/* Counts larger than one character and the sign of a difference that goes down. */
static void
test_rle_string_decode (void)
{
  /* rleToString of [0, 5000, 3, 70000, 100], worked through by hand like rle_string */
  const guint32 expected[] = { 0, 5000, 3, 70000, 100 };
  g_autofree char *what = NULL;
  g_autoptr(GArray) counts = _lw_rle_counts_from_string ("0Xl43X_o1Q3", &what);

  g_assert_nonnull (counts);
  g_assert_cmpuint (counts->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < counts->len; i++)
    g_assert_cmpuint (g_array_index (counts, guint32, i), ==, expected[i]);
  g_assert_null (_lw_rle_counts_from_string ("0X", &what));   /* ends inside a number */
  g_assert_nonnull (strstr (what, "end inside"));
}

/* A staircase (a right triangle of 12 rows, its slanted side 2 x 12 pixel corners) is
 * simplified to its three corners. */
static void
test_rle_simplify (void)
{
  const guint n = 12;
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree char *what = NULL;
  g_autoptr(GPtrArray) polys = NULL;
  const double corners[] = { 0, 0, 12, 12, 0, 12 };
  GArray *p;

  /* column x holds rows x .. n-1 */
  for (guint x = 0; x < n; x++)
    {
      guint32 zeros = x, ones = n - x;
      g_array_append_val (counts, zeros);
      g_array_append_val (counts, ones);
    }
  polys = _lw_rle_to_polygons ((guint32 *) counts->data, counts->len, n, n, 1.0, &what);
  g_assert_nonnull (polys);
  g_assert_cmpuint (polys->len, ==, 1);
  p = polys->pdata[0];
  g_assert_cmpuint (p->len, ==, G_N_ELEMENTS (corners));
  for (guint i = 0; i < p->len; i++)
    g_assert_cmpfloat (g_array_index (p, double, i), ==, corners[i]);
  /* without simplification: every step of the stairs */
  g_clear_pointer (&polys, g_ptr_array_unref);
  polys = _lw_rle_to_polygons ((guint32 *) counts->data, counts->len, n, n, 0, &what);
  g_assert_cmpuint (((GArray *) polys->pdata[0])->len, ==, 2 * (2 * n + 2));   /* (0,0), 2 a step, (0,12) */
}

static void
test_rle_bad (Fixture *f, gconstpointer data)
{
  struct { const char *size, *counts, *expected; } cases[] = {
    { "[8, 6]", rle_counts, "\"size\" [8, 6] is not the image's [6, 8]" },
    { "[6, 8]", "[4, 1, 3]", "the counts cover 8 pixels, the size 8 x 6 has 48" },
    { "[6, 8]", "[4, -1, 3]", "whole numbers" },
    { "[6, 8]", "\"41 3\"", "character 3 of the compressed" },
    { "[6]", rle_counts, "expected \"size\" as [height, width]" },
    { "[6, 8]", "{}", "expected \"counts\"" },
  };
  g_autoptr(GError) error = NULL;

  write_b_png (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = rle_json (f, "bad-rle.json", cases[i].size, cases[i].counts);
      g_assert_false (run (f, json, NULL, &error));
      g_assert_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, json));
      g_assert_nonnull (strstr (error->message, "annotations[0]: annotation id 41: RLE"));
      g_assert_nonnull (strstr (error->message, cases[i].expected));
      g_assert_cmpint (lw_project_count_items (f->project, NULL, NULL), ==, 0);
      g_clear_error (&error);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/import/coco/stream/member-order", test_member_order);
  ADD ("/import/coco/stream/malformed", test_malformed);
  ADD ("/import/coco/stream/wrong-shapes", test_wrong_shapes);
  g_test_add ("/import/coco/rle/counts", Fixture, rle_counts, fixture_setup, test_rle_counts, fixture_teardown);
  g_test_add ("/import/coco/rle/compressed", Fixture, rle_string, fixture_setup, test_rle_counts, fixture_teardown);
  ADD ("/import/coco/rle/bad", test_rle_bad);
  g_test_add_func ("/import/coco/rle/decode-string", test_rle_string_decode);
  g_test_add_func ("/import/coco/rle/simplify", test_rle_simplify);
  return g_test_run ();
}
