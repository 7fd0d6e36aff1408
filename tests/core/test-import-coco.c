/* test-import-coco.c: the COCO reader that parses one element at a time (member order,
 * members it does not use, malformed JSON anywhere in the file with its position) and
 * RLE segmentation */
#define G_LOG_DOMAIN "lw-test-import-coco"

#include <string.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "lw-test-util.h"

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/import/coco/stream/member-order", test_member_order);
  ADD ("/import/coco/stream/malformed", test_malformed);
  ADD ("/import/coco/stream/wrong-shapes", test_wrong_shapes);
  return g_test_run ();
}
