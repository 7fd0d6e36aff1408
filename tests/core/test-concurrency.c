/* Concurrency and interrupted long operations (issue 9, items 2 and 3).
 *
 *  - Two processes open one project: the child commits a stream of edits for about two seconds
 *    while the parent counts, lists and exports again and again. Neither may see an error (in
 *    particular no LW_STORE_ERROR_BUSY, "database is locked"), and every export must be a
 *    snapshot of one instant: the child only adds annotations, round-robin over several items,
 *    so the ids in a consistent export are exactly 1..N.
 *  - A child importing a folder of many images is SIGKILLed mid-way: the project is unchanged.
 *  - A child exporting is SIGKILLed mid-way: no file at the target path; what the export left
 *    beside it is hidden temporary names that the next export ignores.
 *
 * The test re-executes itself with --edit-child / --import-child / --export-child. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lw-test-util.h"

#define N_ITEMS      4
#define EDIT_SECONDS 2.0

/* A PNG signature and IHDR (the importer reads only the header), then @seed bytes that make
 * every file's content, and so its sha256, different. */
static void
write_fake_png (const char *path, int w, int h, guint32 seed, gsize extra)
{
  static const guint8 head[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                                 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  g_autoptr(GByteArray) b = g_byte_array_new ();
  guint8 ihdr[13] = { w >> 24, w >> 16, w >> 8, w, h >> 24, h >> 16, h >> 8, h, 8, 2, 0, 0, 0 };
  guint8 crc[4] = { 0 };
  g_autoptr(GError) error = NULL;

  g_byte_array_append (b, head, sizeof head);
  g_byte_array_append (b, ihdr, sizeof ihdr);
  g_byte_array_append (b, crc, sizeof crc);
  for (gsize i = 0; i < extra; i++)
    {
      guint8 v = (guint8) ((seed * 2654435761u + i * 40503u) >> 13);
      g_byte_array_append (b, &v, 1);
    }
  g_byte_array_append (b, (const guint8 *) &seed, sizeof seed);
  g_file_set_contents (path, (const char *) b->data, b->len, &error);
  g_assert_no_error (error);
}

static char *
self_exe (void)
{
  char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_assert_nonnull (self);
  return self;
}

/* ---- 1. an editing process and a reading/exporting process ------------------------------ */

static int
edit_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (path, 0, &error);
  g_autoptr(LwLabelClass) car = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  guint n = 0;

  if (project == NULL)
    {
      fprintf (stderr, "edit child: %s\n", error->message);
      return 1;
    }
  car = lw_project_find_class (project, "car");
  items = lw_project_list_items (project, NULL, 0, 100, &error);
  if (car == NULL || items == NULL || items->len == 0)
    {
      fprintf (stderr, "edit child: no class or items: %s\n", error ? error->message : "");
      return 1;
    }
  printf ("ready\n");
  fflush (stdout);
  while (g_timer_elapsed (timer, NULL) < EDIT_SECONDS)
    {
      const LwItem *item = items->pdata[n % items->len];
      double box[] = { n % 50, n % 40, 10, 10 };
      g_autoptr(LwAnnotation) ann = lw_annotation_new (item->id, car->id, LW_ANNOTATION_BBOX);

      lw_annotation_set_geometry (ann, box, 4);
      if (!lw_project_add_annotation (project, ann, &error))
        {
          fprintf (stderr, "edit child: edit %u: %s (%s %d)\n", n, error->message,
                   g_quark_to_string (error->domain), error->code);
          return 1;
        }
      n++;
    }
  printf ("%u\n", n);
  fflush (stdout);
  return 0;
}

/* The ids of the annotations in a COCO document. */
static void
coco_ids (const char *json, gsize len, GHashTable *ids)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *anns;

  json_parser_load_from_data (parser, json, len, &error);
  g_assert_no_error (error);
  anns = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "annotations");
  g_assert_nonnull (anns);
  for (guint i = 0; i < json_array_get_length (anns); i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (anns, i), "id");
      g_assert_false (g_hash_table_contains (ids, &id));
      g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
    }
}

static char *
zip_entry (const char *zip, const char *name, gsize *len)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  char *data = NULL;

  archive_read_support_format_zip (a);
  g_assert_cmpint (archive_read_open_filename (a, zip, 65536), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    if (strcmp (archive_entry_pathname (entry), name) == 0)
      {
        gint64 size = archive_entry_size (entry);
        data = g_malloc (size + 1);
        g_assert_cmpint (archive_read_data (a, data, size), ==, size);
        data[size] = '\0';
        *len = size;
        break;
      }
  archive_read_free (a);
  g_assert_nonnull (data);
  return data;
}

/* A consistent snapshot of an add-only stream of edits holds the ids 1..N and nothing else. */
static gint64
check_snapshot (GHashTable *ids, gint64 before, gint64 after)
{
  GHashTableIter iter;
  gpointer key;
  gint64 max = 0, n = g_hash_table_size (ids);

  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    max = MAX (max, *(gint64 *) key);
  if (max != n)
    g_error ("export is not a snapshot: %" G_GINT64_FORMAT " annotations, highest id %"
             G_GINT64_FORMAT " (a consistent export holds 1..N)", n, max);
  g_assert_cmpint (n, >=, before);
  g_assert_cmpint (n, <=, after);
  return n;
}

static void
test_edit_while_export (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "conc", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  g_autofree char *self = self_exe ();
  const char *argv[] = { self, "--edit-child", path, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;
  int out_fd, status = 0;
  FILE *out;
  char line[64];
  guint exports = 0, reads = 0, child_edits = 0;
  gint64 last = 0;
  gboolean running = TRUE;

  for (int i = 0; i < N_ITEMS; i++)
    {
      g_autofree char *name = g_strdup_printf ("img%d.png", i);
      g_autofree char *file = g_build_filename (dir, name, NULL);
      write_fake_png (file, 100, 80, i, 256);
      lw_test_add_image (project, name, 100, 80);
    }

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  out = fdopen (out_fd, "r");
  g_assert_nonnull (fgets (line, sizeof line, out));
  g_assert_cmpstr (line, ==, "ready\n");

  while (running)
    {
      gint64 before, after, n_items;
      g_autoptr(GPtrArray) listed = NULL;
      g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_autofree char *target = NULL;
      LwExportOptions opts;
      gboolean folder = exports % 2 == 1;

      running = waitpid (pid, &status, WNOHANG) == 0;

      /* Reads, as the item list and the statistics make them. */
      before = lw_project_count_annotations (project, &error);
      g_assert_no_error (error);
      n_items = lw_project_count_items (project, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n_items, ==, N_ITEMS);
      listed = lw_project_list_items (project, NULL, 0, 100, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (listed->len, ==, N_ITEMS);
      for (guint i = 0; i < listed->len; i++)
        {
          g_autoptr(GPtrArray) anns = lw_project_list_annotations (project, ((LwItem *) listed->pdata[i])->id, 0, &error);
          g_assert_no_error (error);
        }
      reads++;

      lw_export_options_init (&opts);
      opts.format = LW_EXPORT_COCO;
      opts.no_media = exports % 3 == 2;
      target = g_strdup_printf ("%s/export-%u%s", dir, exports, folder ? "" : ".zip");
      lw_export_run (project, &opts, target, NULL, NULL, NULL, &error);
      if (error != NULL)
        g_error ("export %u while another process edits: %s (%s %d)", exports, error->message,
                 g_quark_to_string (error->domain), error->code);
      after = lw_project_count_annotations (project, &error);
      g_assert_no_error (error);

      if (folder)
        {
          g_autofree char *json = g_build_filename (target, "annotations", "instances_default.json", NULL);
          g_autoptr(GBytes) bytes = lw_test_read_file (json);
          coco_ids (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), ids);
        }
      else
        {
          gsize len = 0;
          g_autofree char *json = zip_entry (target, "annotations/instances_default.json", &len);
          coco_ids (json, len, ids);
        }
      last = check_snapshot (ids, before, after);
      exports++;
    }

  while (fgets (line, sizeof line, out) != NULL)
    child_edits = (guint) g_ascii_strtoull (line, NULL, 10);
  fclose (out);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpuint (child_edits, >, 0);
  g_assert_cmpint (lw_project_count_annotations (project, NULL), ==, child_edits);
  g_assert_cmpuint (exports, >=, 3);
  g_test_message ("%u exports and %u reads during %u edits by another process; last export "
                  "held %" G_GINT64_FORMAT, exports, reads, child_edits, last);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* ---- 2. SIGKILL during an import -------------------------------------------------------- */

static void
print_progress (double fraction, const char *message, gpointer data)
{
  (void) message;
  (void) data;
  if (fraction >= 0)
    {
      printf ("%.4f\n", fraction);
      fflush (stdout);
    }
}

static int
import_child (const char *path, const char *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (path, 0, &error);
  const char *sources[] = { source, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_IMAGES };

  if (project == NULL || !lw_import_run (project, sources, &opts, NULL, print_progress, NULL, NULL, &error))
    {
      fprintf (stderr, "import child: %s\n", error->message);
      return 1;
    }
  printf ("finished\n");
  return 0;
}

/* Runs @argv, reads its progress lines and SIGKILLs it once the fraction passes @kill_at.
 * Returns TRUE when the kill came before the child finished. */
static gboolean
run_and_kill (const char *const *argv, double kill_at)
{
  g_autoptr(GError) error = NULL;
  GPid pid;
  int out_fd, status;
  FILE *out;
  char line[64];
  gboolean killed = FALSE;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  out = fdopen (out_fd, "r");
  while (fgets (line, sizeof line, out) != NULL)
    if (g_ascii_strtod (line, NULL) >= kill_at && g_ascii_strtod (line, NULL) < 1.0)
      {
        kill (pid, SIGKILL);
        killed = TRUE;
        break;
      }
  fclose (out);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  return killed && WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL;
}

static void
assert_project_clean (const char *path, gint64 items, gint64 annotations)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (path, 0, &error);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  g_assert_true (lw_project_check (project, problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (lw_project_count_items (project, NULL, &error), ==, items);
  g_assert_no_error (error);
  g_assert_cmpint (lw_project_count_annotations (project, &error), ==, annotations);
  g_assert_no_error (error);
}

static void
test_kill_during_import (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "imp", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *self = self_exe ();
  const char *argv[] = { self, "--import-child", path, images, NULL };
  const double kill_at[] = { 0.05, 0.3, 0.6, 0.9 };
  guint killed = 0;

  g_clear_object (&project);
  g_assert_cmpint (g_mkdir (images, 0755), ==, 0);
  for (int i = 0; i < 3000; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/i%05d.png", images, i);
      write_fake_png (name, 32, 24, i, 64);
    }
  for (guint round = 0; round < G_N_ELEMENTS (kill_at); round++)
    {
      if (run_and_kill (argv, kill_at[round]))
        killed++;
      assert_project_clean (path, 0, 0);
    }
  g_test_message ("import killed mid-way %u of %u rounds; project unchanged each time",
                  killed, (guint) G_N_ELEMENTS (kill_at));
  g_assert_cmpuint (killed, >=, 1);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* ---- 3. SIGKILL during an export -------------------------------------------------------- */

static int
export_child (const char *path, const char *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  LwExportOptions opts;

  lw_export_options_init (&opts);
  opts.format = LW_EXPORT_YOLO;   /* streamed label files: a spool folder as well as the archive */
  if (project == NULL || !lw_export_run (project, &opts, target, print_progress, NULL, NULL, &error))
    {
      fprintf (stderr, "export child: %s\n", error->message);
      return 1;
    }
  printf ("finished\n");
  return 0;
}

static void
test_kill_during_export (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autoptr(LwProject) project = lw_test_project_new (dir, "exp", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  g_autofree char *self = self_exe ();
  gint64 car = lw_test_class_id (project, "car");
  const char *targets[] = { "set.zip", "set.tar.gz", "set-folder" };
  g_autoptr(GPtrArray) leftovers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint killed = 0;

  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  g_assert_true (lw_project_begin (project, &error));
  for (int i = 0; i < 1500; i++)
    {
      g_autofree char *name = g_strdup_printf ("e%05d.png", i);
      g_autofree char *file = g_build_filename (dir, name, NULL);
      double box[] = { 1, 2, 10, 10 };
      g_autoptr(LwAnnotation) ann = NULL;
      gint64 item;

      write_fake_png (file, 64, 64, i, 16 * 1024);
      item = lw_test_add_image (project, name, 64, 64);
      ann = lw_annotation_new (item, car, LW_ANNOTATION_BBOX);
      lw_annotation_set_geometry (ann, box, 4);
      lw_project_import_annotation (project, ann, &error);
      g_assert_no_error (error);
    }
  g_assert_true (lw_project_commit (project, &error));
  g_clear_object (&project);

  for (guint round = 0; round < G_N_ELEMENTS (targets); round++)
    {
      g_autofree char *target = g_build_filename (out_dir, targets[round], NULL);
      const char *argv[] = { self, "--export-child", path, target, NULL };
      g_autoptr(GDir) d = NULL;
      const char *name;

      if (run_and_kill (argv, 0.3))
        killed++;
      g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
      d = g_dir_open (out_dir, 0, &error);
      g_assert_no_error (error);
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *prefix = g_strdup_printf (".%s.", targets[round]);
          if (!g_str_has_prefix (name, prefix))
            continue;
          /* What a killed export leaves: hidden, named after the target, with a temporary ending. */
          g_assert_true (g_str_has_suffix (name, ".part") || g_str_has_suffix (name, ".spool"));
          g_ptr_array_add (leftovers, g_strdup (name));
        }
      assert_project_clean (path, 1500, 1500);
    }
  g_assert_cmpuint (killed, >=, 1);

  /* The next export to the same targets ignores what the killed ones left. */
  project = lw_project_open (path, 0, &error);
  g_assert_no_error (error);
  for (guint round = 0; round < G_N_ELEMENTS (targets); round++)
    {
      g_autofree char *target = g_build_filename (out_dir, targets[round], NULL);
      LwExportOptions opts;

      lw_export_options_init (&opts);
      opts.format = LW_EXPORT_YOLO;
      opts.no_media = TRUE;
      lw_export_run (project, &opts, target, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_file_test (target, G_FILE_TEST_EXISTS));
    }
  for (guint i = 0; i < leftovers->len; i++)
    g_test_message ("a SIGKILLed export left the hidden temporary %s beside its target "
                    "(ignored, not cleaned, by the next export)", (char *) leftovers->pdata[i]);
  g_test_message ("export killed mid-way %u of %u rounds; no file at the target each time; "
                  "%u temporaries left", killed, (guint) G_N_ELEMENTS (targets), leftovers->len);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--edit-child"))
    return edit_child (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "--import-child"))
    return import_child (argv[2], argv[3]);
  if (argc == 4 && g_str_equal (argv[1], "--export-child"))
    return export_child (argv[2], argv[3]);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reliability/concurrency/edit-while-export", test_edit_while_export);
  g_test_add_func ("/reliability/concurrency/kill-during-import", test_kill_during_import);
  g_test_add_func ("/reliability/concurrency/kill-during-export", test_kill_during_export);
  return g_test_run ();
}
