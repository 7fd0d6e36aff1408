/* The bad-input catalogue (issue 9, item 5; DESIGN invariant 5): one row per hostile input,
 * the operation it is fed to, the error it must produce (domain, code, a phrase of the
 * message) and the proof that nothing changed (item, annotation and class counts, and the
 * project file's bytes where the operation only opens it).
 *
 * A row with .gap set documents a known hole: it runs, and is reported as an expected failure
 * (TAP "not ok # TODO") while the behaviour differs, so that the gap stays visible. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lw-test-util.h"

typedef enum {
  OP_IMPORT,            /* lw_import_run (source, format) into the project */
  OP_OPEN,              /* lw_project_open (source) */
  OP_OPEN_AND_EDIT,     /* open (read-only flag when root) and add an annotation */
  OP_NEW_FROM_SCHEMA,   /* load the schema and create a project from it */
  OP_EXPORT_FSIZE,      /* export to a .zip in a child under RLIMIT_FSIZE */
} Op;

typedef struct {
  const char *name;
  /* Writes the hostile input under @dir; returns the source path. */
  char     *(*make) (const char *dir, LwProject *project);
  Op          op;
  LwImportFormat format;
  guint64     max_archive_bytes;
  GQuark    (*domain) (void);
  int         code;
  const char *phrase;
  const char *gap;
} Row;

static void
put (const char *path, const char *data, gssize len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_path_get_dirname (path);

  g_mkdir_with_parents (parent, 0755);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static void
put_png_header (const char *path, guint32 w, guint32 h)
{
  guint8 png[33 + 16] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                          w >> 24, w >> 16, w >> 8, w, h >> 24, h >> 16, h >> 8, h, 8, 2, 0, 0, 0 };
  put (path, (const char *) png, sizeof png);
}

/* An archive with one entry: a regular file of @size bytes of @fill, or a symlink to @link. */
static void
put_archive (const char *path, gboolean zip, const char *entry_name, const char *link,
             gsize size, char fill)
{
  struct archive *a = archive_write_new ();
  struct archive_entry *e = archive_entry_new ();

  if (zip)
    {
      archive_write_set_format_zip (a);
      archive_write_zip_set_compression_deflate (a);
    }
  else
    archive_write_set_format_pax_restricted (a);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  archive_entry_set_pathname (e, entry_name);
  archive_entry_set_perm (e, 0644);
  if (link != NULL)
    {
      archive_entry_set_filetype (e, AE_IFLNK);
      archive_entry_set_symlink (e, link);
      archive_entry_set_size (e, 0);
      archive_write_header (a, e);
    }
  else
    {
      char buf[65536];
      archive_entry_set_filetype (e, AE_IFREG);
      archive_entry_set_size (e, size);
      g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
      memset (buf, fill, sizeof buf);
      for (gsize done = 0; done < size;)
        {
          gsize n = MIN (sizeof buf, size - done);
          g_assert_cmpint (archive_write_data (a, buf, n), ==, (la_ssize_t) n);
          done += n;
        }
    }
  archive_entry_free (e);
  archive_write_close (a);
  archive_write_free (a);
}

static char *
make_zip_traversal (const char *dir, LwProject *p)
{
  char *zip = g_build_filename (dir, "evil.zip", NULL);
  (void) p;
  put_archive (zip, TRUE, "../../escaped.png", NULL, 100, 'x');
  return zip;
}

static char *
make_tar_symlink (const char *dir, LwProject *p)
{
  char *tar = g_build_filename (dir, "link.tar", NULL);
  (void) p;
  put_archive (tar, FALSE, "images/passwd.png", "/etc/passwd", 0, 0);
  return tar;
}

static char *
make_zip_bomb (const char *dir, LwProject *p)
{
  char *zip = g_build_filename (dir, "bomb.zip", NULL);
  (void) p;
  /* 64 MiB of zeros deflate to about 64 KiB; the row's limit is 8 MiB. */
  put_archive (zip, TRUE, "images/huge.bmp", NULL, 64 << 20, 0);
  return zip;
}

static char *
make_huge_png (const char *dir, LwProject *p)
{
  char *png = g_build_filename (dir, "huge.png", NULL);
  (void) p;
  put_png_header (png, 100000, 100000);
  return png;
}

static char *
make_coco (const char *dir, const char *images, const char *categories, const char *annotations)
{
  g_autofree char *png = g_build_filename (dir, "a.png", NULL);
  g_autofree char *json = g_strdup_printf ("{\"images\": %s, \"categories\": %s, \"annotations\": %s}",
                                           images, categories, annotations);
  char *path = g_build_filename (dir, "coco.json", NULL);

  put_png_header (png, 100, 80);
  put (path, json, -1);
  return path;
}

#define IMG_A "[{\"id\": 1, \"file_name\": \"a.png\", \"width\": 100, \"height\": 80}]"
#define CAT_CAR "[{\"id\": 1, \"name\": \"car\"}]"

static char *
make_coco_traversal (const char *dir, LwProject *p)
{
  (void) p;
  return make_coco (dir, "[{\"id\": 1, \"file_name\": \"../../../../etc/passwd\", \"width\": 1, \"height\": 1}]",
                    CAT_CAR, "[]");
}

static char *
make_coco_inf (const char *dir, LwProject *p)
{
  (void) p;
  return make_coco (dir, IMG_A, CAT_CAR,
                    "[{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1e999, 2, 10, 10]}]");
}

static char *
make_coco_nan_literal (const char *dir, LwProject *p)
{
  (void) p;
  return make_coco (dir, IMG_A, CAT_CAR,
                    "[{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [NaN, 2, 10, 10]}]");
}

static char *
make_coco_negative (const char *dir, LwProject *p)
{
  (void) p;
  return make_coco (dir, IMG_A, CAT_CAR,
                    "[{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [10, 10, -5, 20]}]");
}

static char *
make_coco_duplicate_ids (const char *dir, LwProject *p)
{
  g_autofree char *png = g_build_filename (dir, "b.png", NULL);
  (void) p;
  put_png_header (png, 50, 40);
  return make_coco (dir,
                    "[{\"id\": 1, \"file_name\": \"a.png\", \"width\": 100, \"height\": 80},"
                    " {\"id\": 1, \"file_name\": \"b.png\", \"width\": 50, \"height\": 40}]",
                    CAT_CAR,
                    "[{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 10, 10]}]");
}

static char *
make_coco_unknown_class (const char *dir, LwProject *p)
{
  (void) p;
  return make_coco (dir, IMG_A, "[{\"id\": 1, \"name\": \"spaceship\"}]",
                    "[{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 10, 10]}]");
}

static char *
nested (guint depth)
{
  GString *s = g_string_new ("{\"images\": ");
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  g_string_append (s, "}");
  return g_string_free (s, FALSE);
}

static char *
make_coco_deep (const char *dir, LwProject *p)
{
  g_autofree char *json = nested (200000);
  char *path = g_build_filename (dir, "deep.json", NULL);
  (void) p;
  put (path, json, -1);
  return path;
}

static char *
make_schema_deep (const char *dir, LwProject *p)
{
  g_autofree char *json = nested (200000);
  char *path = g_build_filename (dir, "schema.json", NULL);
  (void) p;
  put (path, json, -1);
  return path;
}

static char *
make_jsonl_bad_utf8 (const char *dir, LwProject *p)
{
  char *path = g_build_filename (dir, "texts.jsonl", NULL);
  (void) p;
  put (path, "{\"id\": \"t1\", \"text\": \"fine\"}\n{\"id\": \"t2\", \"text\": \"bad \xc3\x28 byte\"}\n", -1);
  return path;
}

/* A copy of the project with the format version (user_version, header bytes 60..63) raised. */
static char *
make_newer_project (const char *dir, LwProject *p)
{
  g_autoptr(GBytes) bytes = lw_test_read_file (lw_project_get_path (p));
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  char *path = g_build_filename (dir, "newer.lwproj", NULL);

  data[63] = 99;
  put (path, (const char *) data, g_bytes_get_size (bytes));
  return path;
}

/* A closed project (its WAL checkpointed into the file) with one image, mode 0444. */
static char *
make_read_only_project (const char *dir, LwProject *p)
{
  g_autoptr(LwProject) ro = lw_test_project_new (dir, "ro", "traffic");
  char *path = g_strdup (lw_project_get_path (ro));

  (void) p;
  lw_test_add_image (ro, "existing.png", 10, 10);
  g_clear_object (&ro);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  return path;
}

/* For the full disk: the media files of the export (the source is the output target). */
static char *
make_export_target (const char *dir, LwProject *p)
{
  (void) p;
  return g_build_filename (dir, "out", "full.zip", NULL);
}

static const Row rows[] = {
  { "zip-entry-traversal", make_zip_traversal, OP_IMPORT, LW_IMPORT_FORMAT_AUTO, 0,
    lw_import_error_quark, LW_IMPORT_ERROR_UNSAFE_PATH, "outside the extraction folder", NULL },
  { "coco-file-name-traversal", make_coco_traversal, OP_IMPORT, LW_IMPORT_FORMAT_COCO, 0,
    lw_import_error_quark, LW_IMPORT_ERROR_UNSAFE_PATH, "leaves the dataset folder", NULL },
  { "tar-symlink", make_tar_symlink, OP_IMPORT, LW_IMPORT_FORMAT_AUTO, 0,
    lw_import_error_quark, LW_IMPORT_ERROR_UNSAFE_PATH, "links are not extracted", NULL },
  { "zip-bomb", make_zip_bomb, OP_IMPORT, LW_IMPORT_FORMAT_AUTO, 8 << 20,
    lw_import_error_quark, LW_IMPORT_ERROR_LIMIT, "bytes (the limit)", NULL },
  { "png-100000x100000", make_huge_png, OP_IMPORT, LW_IMPORT_FORMAT_IMAGES, 0,
    lw_import_error_quark, LW_IMPORT_ERROR_LIMIT, "100000 x 100000", NULL },
  { "coco-deeply-nested", make_coco_deep, OP_IMPORT, LW_IMPORT_FORMAT_COCO, 0,
    lw_import_error_quark, LW_IMPORT_ERROR_PARSE, "nest", NULL },
  { "schema-deeply-nested", make_schema_deep, OP_NEW_FROM_SCHEMA, 0, 0,
    lw_schema_error_quark, LW_SCHEMA_ERROR_PARSE, "nest", NULL },
  { "jsonl-invalid-utf8", make_jsonl_bad_utf8, OP_IMPORT, LW_IMPORT_FORMAT_JSONL, 0,
    lw_import_error_quark, LW_IMPORT_ERROR_PARSE, "UTF-8", NULL },
  { "coco-bbox-1e999", make_coco_inf, OP_IMPORT, LW_IMPORT_FORMAT_COCO, 0,
    lw_import_error_quark, LW_IMPORT_ERROR_INVALID, "not a finite number", NULL },
  { "coco-bbox-NaN-literal", make_coco_nan_literal, OP_IMPORT, LW_IMPORT_FORMAT_COCO, 0,
    lw_import_error_quark, LW_IMPORT_ERROR_PARSE, "not valid JSON", NULL },
  { "coco-negative-size", make_coco_negative, OP_IMPORT, LW_IMPORT_FORMAT_COCO, 0,
    lw_import_error_quark, LW_IMPORT_ERROR_INVALID, "positive width and height", NULL },
  { "coco-duplicate-image-ids", make_coco_duplicate_ids, OP_IMPORT, LW_IMPORT_FORMAT_COCO, 0,
    lw_import_error_quark, LW_IMPORT_ERROR_INVALID, "duplicate image id", NULL },
  { "coco-unknown-class", make_coco_unknown_class, OP_IMPORT, LW_IMPORT_FORMAT_COCO, 0,
    lw_import_error_quark, LW_IMPORT_ERROR_UNKNOWN_CLASS, "spaceship", NULL },
  { "project-newer-format", make_newer_project, OP_OPEN, 0, 0,
    lw_store_error_quark, LW_STORE_ERROR_TOO_NEW, "newer Labelwright", NULL },
  { "project-read-only-file", make_read_only_project, OP_OPEN_AND_EDIT, 0, 0,
    lw_store_error_quark, LW_STORE_ERROR_READ_ONLY, "read-only", NULL },
  { "export-disk-full-rlimit-fsize", make_export_target, OP_EXPORT_FSIZE, 0, 0,
    lw_export_error_quark, LW_EXPORT_ERROR_WRITE, "File too large", NULL },
};

typedef struct {
  gint64 items, annotations, classes;
} Counts;

static Counts
counts (LwProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) classes = lw_project_list_classes (project, &error);
  Counts c;

  g_assert_no_error (error);
  c.items = lw_project_count_items (project, NULL, &error);
  g_assert_no_error (error);
  c.annotations = lw_project_count_annotations (project, &error);
  g_assert_no_error (error);
  c.classes = classes->len;
  return c;
}

/* The full-disk child: export @project_path to @target with at most 256 KiB per file.
 * Prints "domain code message" of the error; exit 0 when the export failed as it should. */
static int
fsize_child (const char *project_path, const char *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (project_path, LW_PROJECT_OPEN_READ_ONLY, &error);
  struct rlimit lim = { 256 * 1024, 256 * 1024 };
  LwExportOptions opts;

  if (project == NULL)
    {
      printf ("open %s\n", error->message);
      return 2;
    }
  signal (SIGXFSZ, SIG_IGN);
  if (setrlimit (RLIMIT_FSIZE, &lim) != 0)
    return 3;
  lw_export_options_init (&opts);
  opts.skip_missing = TRUE;   /* the row's "existing.png" has no media file */
  if (lw_export_run (project, &opts, target, NULL, NULL, NULL, &error))
    {
      printf ("ok\n");
      return 1;
    }
  printf ("%s %d %s\n", g_quark_to_string (error->domain), error->code, error->message);
  return 0;
}

static void
run_fsize (const char *project_path, const char *target, GError **error_out)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  const char *argv[] = { self, "--fsize-child", project_path, target, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_strchomp (out);
  parts = g_strsplit (out, " ", 3);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_set_error_literal (error_out, g_quark_from_string (parts[0]), atoi (parts[1]), parts[2]);
}

static void
test_row (gconstpointer data)
{
  const Row *row = data;
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "cat", "traffic");
  g_autofree char *input_dir = g_build_filename (dir, "input", NULL);
  g_autofree char *source = NULL;
  g_autoptr(GBytes) file_before = NULL;
  g_autoptr(GError) error = NULL;
  Counts before, after;
  gboolean ok = FALSE;
  const char *how = "";

  /* Something in the project already, so that "unchanged" is not just "empty". */
  lw_test_add_image (project, "existing.png", 10, 10);
  g_assert_cmpint (g_mkdir (input_dir, 0755), ==, 0);
  source = row->make (input_dir, project);
  before = counts (project);

  switch (row->op)
    {
    case OP_IMPORT:
      {
        const char *sources[] = { source, NULL };
        LwImportOptions opts = { .format = row->format, .max_archive_bytes = row->max_archive_bytes };
        ok = lw_import_run (project, sources, &opts, NULL, NULL, NULL, NULL, &error);
        break;
      }
    case OP_OPEN:
      {
        g_autoptr(LwProject) other = NULL;
        file_before = lw_test_read_file (source);
        other = lw_project_open (source, 0, &error);
        ok = other != NULL;
        break;
      }
    case OP_OPEN_AND_EDIT:
      {
        g_autoptr(LwProject) other = NULL;
        LwProjectOpenFlags flags = 0;
        file_before = lw_test_read_file (source);
        if (geteuid () == 0)
          {
            /* root writes through 0444: the file mode proves nothing, the flag stands in. */
            flags = LW_PROJECT_OPEN_READ_ONLY;
            how = " (running as root: opened with LW_PROJECT_OPEN_READ_ONLY instead of relying on mode 0444)";
          }
        other = lw_project_open (source, flags, &error);
        if (other != NULL)
          {
            g_autoptr(LwAnnotation) ann = NULL;
            double box[] = { 1, 1, 2, 2 };
            gint64 item = lw_project_find_item_by_name (other, "existing.png");
            g_autoptr(LwLabelClass) car = lw_project_find_class (other, "car");

            g_assert_true (lw_project_is_read_only (other));
            ann = lw_annotation_new (item, car->id, LW_ANNOTATION_BBOX);
            lw_annotation_set_geometry (ann, box, 4);
            ok = lw_project_add_annotation (other, ann, &error);
            /* and nothing changed in it */
            g_assert_cmpint (lw_project_count_annotations (other, NULL), ==, before.annotations);
          }
        break;
      }
    case OP_NEW_FROM_SCHEMA:
      {
        g_autofree char *new_path = g_build_filename (dir, "from-schema.lwproj", NULL);
        g_autoptr(GPtrArray) classes = lw_schema_load_file (source, &error);
        if (classes != NULL)
          {
            g_autoptr(LwProject) created = lw_project_create (new_path, "s", "custom", &error);
            ok = created != NULL;
          }
        g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));
        break;
      }
    case OP_EXPORT_FSIZE:
      {
        g_autofree char *out_dir = g_path_get_dirname (source);
        g_autoptr(GDir) d = NULL;
        g_autoptr(GError) local = NULL;

        g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
        /* media of 1 MiB: more than the child's 256 KiB file size limit */
        for (int i = 0; i < 2; i++)
          {
            g_autofree char *name = g_strdup_printf ("big%d.png", i);
            g_autofree char *media = g_build_filename (dir, name, NULL);
            g_autofree char *junk = g_malloc (1 << 20);
            for (int k = 0; k < (1 << 20); k++)
              junk[k] = (char) g_random_int ();
            put (media, junk, 1 << 20);
            lw_test_add_image (project, name, 10, 10);
          }
        before = counts (project);
        file_before = lw_test_read_file (lw_project_get_path (project));
        run_fsize (lw_project_get_path (project), source, &error);
        g_assert_false (g_file_test (source, G_FILE_TEST_EXISTS));
        d = g_dir_open (out_dir, 0, &local);
        g_assert_no_error (local);
        g_assert_null (g_dir_read_name (d));   /* no partial output, no temporary left */
        break;
      }
    default:
      g_assert_not_reached ();
    }

  after = counts (project);
  if (file_before != NULL)
    {
      const char *path = row->op == OP_EXPORT_FSIZE ? lw_project_get_path (project) : source;
      g_autoptr(GBytes) file_after = lw_test_read_file (path);
      g_assert_true (g_bytes_equal (file_before, file_after));
    }

  if (row->gap != NULL && (ok || error == NULL || error->domain != row->domain () ||
                           error->code != row->code))
    {
      g_test_message ("%s: known gap: %s (got: %s)", row->name, row->gap,
                      ok ? "success" : error ? error->message : "no error");
      g_test_incomplete (row->gap);
      lw_test_tmpdir_free (g_steal_pointer (&dir));
      return;
    }
  g_assert_false (ok);
  g_assert_nonnull (error);
  g_test_message ("%s%s: %s", row->name, how, error->message);
  if (error->domain != row->domain () || error->code != row->code)
    g_error ("%s: expected %s %d, got %s %d: %s", row->name, g_quark_to_string (row->domain ()),
             row->code, g_quark_to_string (error->domain), error->code, error->message);
  if (strstr (error->message, row->phrase) == NULL)
    g_error ("%s: the message does not say “%s”: %s", row->name, row->phrase, error->message);
  g_assert_cmpint (after.items, ==, before.items);
  g_assert_cmpint (after.annotations, ==, before.annotations);
  g_assert_cmpint (after.classes, ==, before.classes);
  {
    /* nothing escaped the extraction folder */
    g_autofree char *escaped = g_build_filename (dir, "escaped.png", NULL);
    g_autofree char *escaped2 = g_build_filename (input_dir, "escaped.png", NULL);
    g_assert_false (g_file_test (escaped, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (escaped2, G_FILE_TEST_EXISTS));
  }
  if (row->op == OP_IMPORT)
    {
      /* an archive's extraction folder is removed again */
      g_autofree char *media = lw_project_dup_media_folder (project);
      g_autoptr(GDir) d = g_dir_open (media, 0, NULL);
      g_assert_true (d == NULL || g_dir_read_name (d) == NULL);
    }
  if (row->op == OP_OPEN_AND_EDIT)
    g_chmod (source, 0644);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "--fsize-child"))
    return fsize_child (argv[2], argv[3]);
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/reliability/catalogue/%s", rows[i].name);
      g_test_add_data_func (path, &rows[i], test_row);
    }
  return g_test_run ();
}
