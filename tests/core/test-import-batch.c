/* test-import-batch.c: a folder of images is added in batches of one INSERT: counts,
 * duplicates inside and across batches, texts in between, order, and the connection's
 * settings given back afterwards */
#define G_LOG_DOMAIN "lw-test-import-batch"

#include <string.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "lw-test-util.h"
#include "store/lw-project-private.h"

#define N_DISTINCT 600   /* more than two batches of LW_ITEM_BATCH_MAX (256) */

static void
write_png (const char *dir, const char *name, guint32 rgb)
{
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 3 + rgb % 5, 2);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pb, rgb << 8);
  gdk_pixbuf_save (pb, path, "png", &error, NULL);
  g_assert_no_error (error);
}

static gint64
pragma (LwProject *project, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_prepare_v2 (_lw_project_get_db (project), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static void
test_folder_batches (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "p", "traffic");
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *txt = g_build_filename (data, "i0300t.txt", NULL);
  const char *sources[] = { data, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_AUTO };
  LwImportReport report;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 cache_before = pragma (project, "PRAGMA cache_size");
  gint64 temp_before = pragma (project, "PRAGMA temp_store");
  gint64 prev_id = 0;

  g_assert_cmpint (g_mkdir_with_parents (data, 0755), ==, 0);
  for (guint i = 0; i < N_DISTINCT; i++)
    {
      g_autofree char *name = g_strdup_printf ("i%04u.png", i);
      write_png (data, name, 0x10000 + i);
    }
  /* copies: of the image just before (same batch) and of the first (an earlier batch) */
  write_png (data, "i0100b.png", 0x10000 + 100);
  write_png (data, "i0590b.png", 0x10000 + 0);
  /* a text between the images: the queued images are added before it */
  g_file_set_contents (txt, "a text among images", -1, &error);
  g_assert_no_error (error);

  g_assert_true (lw_import_run (project, sources, &opts, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, N_DISTINCT + 1);
  g_assert_cmpuint (report.duplicates, ==, 2);
  g_assert_cmpint (lw_project_count_items (project, NULL, NULL), ==, N_DISTINCT + 1);

  /* every image with its own size, in the listing's order (ids ascending by name) */
  items = lw_project_list_items (project, NULL, 0, N_DISTINCT + 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, N_DISTINCT + 1);
  for (guint i = 0; i < items->len; i++)
    {
      LwItem *item = items->pdata[i];
      g_assert_cmpint (item->id, >, prev_id);
      prev_id = item->id;
      if (item->kind == LW_ITEM_KIND_TEXT)
        {
          g_assert_cmpstr (item->name, ==, "i0300t.txt");
          continue;
        }
      {
        guint k = (guint) g_ascii_strtoull (item->name + 1, NULL, 10);
        g_autofree char *expected = g_strdup_printf ("i%04u.png", k);
        g_assert_cmpstr (item->name, ==, expected);
        g_assert_cmpint (item->width, ==, 3 + (0x10000 + k) % 5);
        g_assert_cmpint (item->height, ==, 2);
        g_assert_nonnull (item->sha256);
      }
    }

  /* the import's cache and temporary store are the connection's own again */
  g_assert_cmpint (pragma (project, "PRAGMA cache_size"), ==, cache_before);
  g_assert_cmpint (pragma (project, "PRAGMA temp_store"), ==, temp_before);

  /* the same folder again: all duplicates, nothing added */
  g_assert_true (lw_import_run (project, sources, &opts, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, 0);
  g_assert_cmpuint (report.duplicates, ==, N_DISTINCT + 3);

  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A damaged image in the third batch fails the import: the two batches before it are gone. */
static void
test_folder_batch_failure (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "p", "traffic");
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *bad = g_build_filename (data, "i0550.png", NULL);
  const char *sources[] = { data, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_IMAGES };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (data, 0755), ==, 0);
  for (guint i = 0; i < N_DISTINCT; i++)
    {
      g_autofree char *name = g_strdup_printf ("i%04u.png", i);
      write_png (data, name, 0x20000 + i);
    }
  g_file_set_contents (bad, "not a png at all", -1, &error);
  g_assert_no_error (error);
  g_assert_false (lw_import_run (project, sources, &opts, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "i0550.png"));
  g_assert_cmpint (lw_project_count_items (project, NULL, NULL), ==, 0);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Annotations are written LW_ANNOTATION_BATCH_MAX (256) to an INSERT: 600 boxes all arrive,
 * each with its own values, on the right image, in the file's order. */
static void
test_annotation_batches (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "p", "traffic");
  g_autofree char *data = g_build_filename (dir, "coco", NULL);
  g_autofree char *json = g_build_filename (data, "instances.json", NULL);
  g_autoptr(GString) text = g_string_new ("{\"categories\": [{\"id\": 1, \"name\": \"car\"}],"
                                          " \"images\": [");
  const char *sources[] = { json, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_COCO };
  LwImportReport report;
  g_autoptr(GError) error = NULL;
  guint seen[3] = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (data, 0755), ==, 0);
  for (guint k = 0; k < 3; k++)
    {
      g_autofree char *name = g_strdup_printf ("m%u.png", k);
      write_png (data, name, 0x30000 + k);
      g_string_append_printf (text, "%s{\"id\": %u, \"file_name\": \"%s\"}", k ? ", " : "", k + 1, name);
    }
  g_string_append (text, "], \"annotations\": [");
  for (guint i = 0; i < 600; i++)
    g_string_append_printf (text, "%s{\"id\": %u, \"image_id\": %u, \"category_id\": 1, "
                            "\"bbox\": [%u, %u, 1, 1]}", i ? ", " : "", i + 1, i % 3 + 1, i % 3, i / 3 % 2);
  g_string_append (text, "]}");
  g_file_set_contents (json, text->str, -1, &error);
  g_assert_no_error (error);

  g_assert_true (lw_import_run (project, sources, &opts, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.annotations_added, ==, 600);
  g_assert_cmpint (lw_project_count_annotations (project, NULL), ==, 600);
  for (guint k = 0; k < 3; k++)
    {
      g_autofree char *name = g_strdup_printf ("m%u.png", k);
      gint64 item = lw_project_find_item_by_name (project, name);
      g_autoptr(GPtrArray) anns = lw_project_list_annotations (project, item, 0, NULL);

      g_assert_cmpuint (anns->len, ==, 200);
      for (guint j = 0; j < anns->len; j++)
        {
          const LwAnnotation *a = anns->pdata[j];
          /* the j-th box of image k is box 3j + k of the file */
          g_assert_cmpfloat (lw_annotation_value (a, 0), ==, k);
          g_assert_cmpfloat (lw_annotation_value (a, 1), ==, j % 2);
          g_assert_cmpint (a->source, ==, LW_SOURCE_IMPORT);
          g_assert_cmpint (a->created_at, >, 0);
          seen[k]++;
        }
    }
  g_assert_cmpuint (seen[0] + seen[1] + seen[2], ==, 600);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import/batch/folder", test_folder_batches);
  g_test_add_func ("/import/batch/failure", test_folder_batch_failure);
  g_test_add_func ("/import/batch/annotations", test_annotation_batches);
  return g_test_run ();
}
