/* test-import-pipeline.c: a folder's images are read and hashed by a worker thread ahead of
 * the inserts (io/lw-import-scan.c): the items, their ids and order do not depend on the
 * thread timing; a cancel mid-way changes nothing; errors found by the worker name the file
 * and are the first in the listing's order */
#define G_LOG_DOMAIN "lw-test-import-pipeline"

#include <string.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "lw-test-util.h"
#include "io/lw-import-scan-private.h"

static void
write_png (const char *dir, const char *rel, guint32 rgb)
{
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 3 + rgb % 7, 2);
  g_autofree char *path = g_build_filename (dir, rel, NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  gdk_pixbuf_fill (pb, rgb << 8);
  gdk_pixbuf_save (pb, path, "png", &error, NULL);
  g_assert_no_error (error);
}

static void
write_text (const char *dir, const char *rel, const char *text)
{
  g_autofree char *path = g_build_filename (dir, rel, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* A PNG signature and an IHDR chunk that claims @w x @h pixels, and nothing else. */
static void
write_png_header (const char *dir, const char *rel, guint32 w, guint32 h)
{
  guchar b[33] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  g_autofree char *path = g_build_filename (dir, rel, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 4; i++)
    {
      b[16 + i] = (guchar) (w >> (24 - 8 * i));
      b[20 + i] = (guchar) (h >> (24 - 8 * i));
    }
  b[24] = 8;
  b[25] = 2;
  g_file_set_contents (path, (const char *) b, sizeof b, &error);
  g_assert_no_error (error);
}

typedef struct {
  guint          max_sleep_us;   /* the importing thread sleeps up to this long per file */
  guint          cancel_at;      /* cancel when this many files are done (0: never) */
  GCancellable  *cancellable;
  GRand         *rand;
  guint          calls;
} Progress;

static void
on_progress (double fraction, const char *message, gpointer data)
{
  Progress *p = data;

  /* the files only: not the source's start (-1) nor the end ("done") */
  if (fraction < 0 || g_strcmp0 (message, "done") == 0)
    return;
  p->calls++;
  if (p->max_sleep_us > 0)
    g_usleep (g_rand_int_range (p->rand, 0, (gint32) p->max_sleep_us));
  if (p->cancel_at > 0 && p->calls == p->cancel_at)
    g_cancellable_cancel (p->cancellable);
}

/* "id name sha256 WxH" for every item, in id order */
static char *
describe_items (LwProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = lw_project_list_items (project, NULL, 0, 10000, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      const LwItem *item = items->pdata[i];
      g_string_append_printf (out, "%" G_GINT64_FORMAT " %s %s %dx%d\n", item->id, item->name,
                              item->sha256, item->width, item->height);
    }
  return g_string_free (out, FALSE);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Names chosen so that a sort by folder and then by name would differ from the listing's
 * order (full paths by strcmp, '-' < '.' < '/' < '0'): "a-b.png" < "a.png" < "a/x.png" <
 * "a/y/z.png" < "a0.png", and "B.png" before all of them. */
static const char *const tricky[] = {
  "a.png", "a/x.png", "a/y/z.png", "a-b.png", "a0.png", "b.png", "B.png", "b/c.png", "m.txt",
};

static GPtrArray *
make_folder (const char *data, guint n_extra)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (tricky); i++)
    {
      if (g_str_has_suffix (tricky[i], ".txt"))
        write_text (data, tricky[i], "a text among the images");
      else
        write_png (data, tricky[i], 0x1000 + i);
      g_ptr_array_add (names, g_strdup (tricky[i]));
    }
  for (guint i = 0; i < n_extra; i++)
    {
      g_autofree char *rel = g_strdup_printf ("s%u/img%03u.png", i % 4, i);
      write_png (data, rel, 0x2000 + i);
      g_ptr_array_add (names, g_steal_pointer (&rel));
    }
  return names;
}

static void
test_order (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autoptr(GPtrArray) names = make_folder (data, 60);
  const char *sources[] = { data, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_AUTO };
  /* ring, step, worker sleep (µs), importer sleep (µs): the default pipeline; a worker far
   * behind the importer; an importer far behind a worker that fills its small ring */
  static const guint timings[][4] = { { 0, 0, 0, 0 }, { 3, 1, 400, 0 }, { 4, 2, 0, 400 },
                                      { 2, 1, 150, 150 } };
  g_autofree char *first = NULL;
  GString *expected = g_string_new (NULL);

  /* two copies: of a later file, placed before it, and of the first file, placed last */
  write_png (data, "s2/img000.png.copy.png", 0x2000 + 50);
  write_png (data, "zz.png", 0x1000);
  g_ptr_array_add (names, g_strdup ("s2/img000.png.copy.png"));
  g_ptr_array_add (names, g_strdup ("zz.png"));
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0, id = 1; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      /* the copies come second in the order (zz.png after a.png; img050 after the copy) */
      if (strcmp (name, "zz.png") == 0 || strcmp (name, "s2/img050.png") == 0)
        continue;
      g_string_append_printf (expected, "%u %s\n", id++, name);
    }

  for (guint t = 0; t < G_N_ELEMENTS (timings); t++)
    {
      g_autofree char *pname = g_strdup_printf ("p%u", t);
      g_autoptr(LwProject) project = lw_test_project_new (dir, pname, "traffic");
      Progress progress = { .max_sleep_us = timings[t][3], .rand = g_rand_new_with_seed (t) };
      LwImportReport report;
      g_autoptr(GError) error = NULL;
      g_autofree char *got = NULL;
      GString *order = g_string_new (NULL);
      g_auto(GStrv) lines = NULL;

      _lw_import_scan_set_test_limits (timings[t][0], timings[t][1], timings[t][2]);
      g_assert_true (lw_import_run (project, sources, &opts, &report, on_progress, &progress,
                                    NULL, &error));
      _lw_import_scan_set_test_limits (0, 0, 0);
      g_assert_no_error (error);
      g_assert_cmpuint (report.items_added, ==, names->len - 2);
      g_assert_cmpuint (report.duplicates, ==, 2);
      g_assert_cmpuint (progress.calls, ==, names->len);

      got = describe_items (project);
      lines = g_strsplit (got, "\n", -1);
      for (guint i = 0; lines[i] && *lines[i]; i++)
        {
          g_auto(GStrv) f = g_strsplit (lines[i], " ", 3);
          g_string_append_printf (order, "%s %s\n", f[0], f[1]);
        }
      /* ids follow the listing's order: full paths sorted by strcmp */
      g_assert_cmpstr (order->str, ==, expected->str);
      /* and every run gives the same items, ids, hashes and sizes */
      if (first == NULL)
        first = g_steal_pointer (&got);
      else
        g_assert_cmpstr (got, ==, first);
      g_string_free (order, TRUE);
      g_rand_free (progress.rand);
    }
  g_string_free (expected, TRUE);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_cancel_midway (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *before_dir = g_build_filename (dir, "before", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autoptr(LwProject) project = lw_test_project_new (dir, "p", "traffic");
  g_autoptr(GPtrArray) names = make_folder (data, 50);
  const char *before_sources[] = { before_dir, NULL };
  const char *sources[] = { data, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_AUTO };
  LwImportReport report;
  g_autoptr(GError) error = NULL;
  g_autofree char *items_before = NULL;
  /* cancel after 1 file, in the middle, and at the last file; the worker ahead, behind */
  static const guint cases[][4] = { { 4, 2, 0, 1 }, { 8, 2, 0, 30 }, { 3, 1, 300, 30 },
                                    { 0, 0, 0, 59 } };

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *rel = g_strdup_printf ("old%u.png", i);
      write_png (before_dir, rel, 0x3000 + i);
    }
  g_assert_true (lw_import_run (project, before_sources, &opts, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, 3);
  items_before = describe_items (project);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Progress progress = { .max_sleep_us = 100, .cancel_at = cases[c][3],
                            .cancellable = cancellable, .rand = g_rand_new_with_seed (c) };
      g_autofree char *items_after = NULL;

      g_assert_cmpuint (cases[c][3], <=, names->len);
      _lw_import_scan_set_test_limits (cases[c][0], cases[c][1], cases[c][2]);
      g_assert_false (lw_import_run (project, sources, &opts, &report, on_progress, &progress,
                                     cancellable, &error));
      _lw_import_scan_set_test_limits (0, 0, 0);
      g_assert_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_CANCELLED);
      g_clear_error (&error);
      g_assert_cmpuint (progress.calls, ==, cases[c][3]);
      g_assert_cmpuint (report.items_added, ==, 0);
      /* nothing changed: the same items, and the counters agree with them */
      items_after = describe_items (project);
      g_assert_cmpstr (items_after, ==, items_before);
      g_assert_cmpint (lw_project_count_items (project, NULL, NULL), ==, 3);
      g_rand_free (progress.rand);
    }

  /* a scan whose cancellable is already cancelled hands out nothing */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(LwImportScan) scan = NULL;

    g_ptr_array_add (paths, g_build_filename (data, "a.png", NULL));
    g_cancellable_cancel (cancellable);
    scan = _lw_import_scan_start (paths, LW_IMPORT_MAX_PIXELS, cancellable, &error);
    g_assert_no_error (error);
    g_assert_null (_lw_import_scan_next (scan));
  }

  /* the whole folder afterwards: ids go on from the items before */
  g_assert_true (lw_import_run (project, sources, &opts, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, names->len);
  g_assert_cmpint (lw_project_count_items (project, NULL, NULL), ==, 3 + names->len);
  g_assert_cmpint (lw_project_find_item_by_name (project, "B.png"), ==, 4);
  g_assert_cmpint (lw_project_find_item_by_name (project, "a.png"), ==, 6);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_errors (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *damaged = g_build_filename (data, "k10.png", NULL);
  g_autoptr(LwProject) project = lw_test_project_new (dir, "p", "traffic");
  const char *sources[] = { data, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_IMAGES };
  g_autoptr(GError) error = NULL;
  /* the importer slow, so that the worker has read both bad files before it sees the first */
  Progress progress = { .max_sleep_us = 300, .rand = g_rand_new_with_seed (1) };

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *rel = g_strdup_printf ("k%02u.png", i);
      write_png (data, rel, 0x4000 + i);
    }
  write_text (data, "k10.png", "not a png at all");
  write_png_header (data, "k30.png", 70000, 10);

  _lw_import_scan_set_test_limits (64, 1, 0);
  g_assert_false (lw_import_run (project, sources, &opts, NULL, on_progress, &progress, NULL, &error));
  g_assert_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "/data/k10.png: "));
  g_assert_cmpuint (progress.calls, ==, 10);
  g_assert_cmpint (lw_project_count_items (project, NULL, NULL), ==, 0);
  g_clear_error (&error);

  g_assert_cmpint (g_remove (damaged), ==, 0);
  progress.calls = 0;
  g_assert_false (lw_import_run (project, sources, &opts, NULL, on_progress, &progress, NULL, &error));
  _lw_import_scan_set_test_limits (0, 0, 0);
  g_assert_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "/data/k30.png: "));
  g_assert_nonnull (strstr (error->message, "70000 x 10"));
  g_assert_cmpuint (progress.calls, ==, 29);
  g_assert_cmpint (lw_project_count_items (project, NULL, NULL), ==, 0);
  g_clear_error (&error);

  /* a file that cannot be opened (gone since the listing), and a text, by the scan itself */
  {
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(LwImportScan) scan = NULL;
    LwImageScan *r;

    g_ptr_array_add (paths, g_build_filename (data, "gone.png", NULL));
    g_ptr_array_add (paths, g_build_filename (data, "k00.png", NULL));
    g_ptr_array_add (paths, g_build_filename (data, "notes.txt", NULL));
    scan = _lw_import_scan_start (paths, LW_IMPORT_MAX_PIXELS, NULL, &error);
    g_assert_no_error (error);
    r = _lw_import_scan_next (scan);
    g_assert_error (r->error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_MISSING_MEDIA);
    g_assert_nonnull (strstr (r->error->message, paths->pdata[0]));
    r = _lw_import_scan_next (scan);
    g_assert_no_error (r->error);
    g_assert_no_error (r->image_error);
    g_assert_cmpuint (strlen (r->sha256), ==, 64);
    g_assert_cmpint (r->width, ==, 3 + 0x4000 % 7);
    g_assert_cmpint (r->height, ==, 2);
    {
      g_autofree char *path = g_build_filename (data, "k00.png", NULL);
      g_autofree char *contents = NULL;
      g_autofree char *sha = NULL;
      gsize len;

      g_file_get_contents (path, &contents, &len, &error);
      g_assert_no_error (error);
      sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
      g_assert_cmpstr (r->sha256, ==, sha);
    }
    r = _lw_import_scan_next (scan);
    g_assert_true (r->skipped);
  }
  g_rand_free (progress.rand);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The digests an import added, by their first 64 bits: all found again after the table grew,
 * others not; a digest sharing those 64 bits is a "maybe", which the import confirms in SQLite. */
static void
test_sha_set (void)
{
  LwShaSet *set = _lw_sha_set_new ();
  char twin[65];

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *key = g_strdup_printf ("in %u", i);
      g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
      _lw_sha_set_add (set, sha);
      _lw_sha_set_add (set, sha);
    }
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *in = g_strdup_printf ("in %u", i);
      g_autofree char *out = g_strdup_printf ("out %u", i);
      g_autofree char *sha_in = g_compute_checksum_for_string (G_CHECKSUM_SHA256, in, -1);
      g_autofree char *sha_out = g_compute_checksum_for_string (G_CHECKSUM_SHA256, out, -1);
      g_assert_true (_lw_sha_set_maybe_has (set, sha_in));
      g_assert_false (_lw_sha_set_maybe_has (set, sha_out));
    }
  {
    g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "in 7", -1);
    memcpy (twin, sha, 65);
    twin[40] = twin[40] == 'a' ? 'b' : 'a';
    g_assert_true (_lw_sha_set_maybe_has (set, twin));
    twin[3] = twin[3] == 'a' ? 'b' : 'a';
    g_assert_false (_lw_sha_set_maybe_has (set, twin));
  }
  _lw_sha_set_free (set);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import/pipeline/order", test_order);
  g_test_add_func ("/import/pipeline/cancel-midway", test_cancel_midway);
  g_test_add_func ("/import/pipeline/errors", test_errors);
  g_test_add_func ("/import/pipeline/sha-set", test_sha_set);
  return g_test_run ();
}
