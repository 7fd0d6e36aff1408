/* libFuzzer harness for one importer, chosen at build time:
 *   -DLW_FUZZ_FORMAT=LW_IMPORT_FORMAT_COCO -DLW_FUZZ_FILE='"coco.json"'
 * The input becomes one file in a fresh temporary dataset folder (beside a small real PNG,
 * so that references to "a.png" resolve), and lw_import_run imports it into one project per
 * process. The harness wraps the import in its own transaction and rolls it back, so every
 * input meets the same empty project (an import that fails rolls back by itself). */
#include <glib/gstdio.h>
#include <labelwright.h>
#include <stdlib.h>
#include <string.h>

#ifndef LW_FUZZ_FORMAT
#error "define LW_FUZZ_FORMAT and LW_FUZZ_FILE"
#endif

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static LwProject *project;
static char *root;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          char *child = g_build_filename (path, name, NULL);
          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
          g_free (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static void
cleanup (void)
{
  g_clear_object (&project);
  if (root != NULL)
    remove_tree (root);
}

/* A 2x2 RGB PNG. */
static const guint8 tiny_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xfd, 0xd4, 0x9a,
  0x73, 0x00, 0x00, 0x00, 0x0e, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x40, 0x05, 0x0c,
  0x0c, 0x00, 0x00, 0x0e, 0x00, 0x01, 0x8d, 0x3a, 0x0e, 0x4c, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
  0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  GError *error = NULL;
  char *path;
  GPtrArray *classes;

  (void) argc;
  (void) argv;
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  root = g_dir_make_tmp ("lw-fuzz-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (root, "fuzz.lwproj", NULL);
  project = lw_project_create (path, "fuzz", "traffic", &error);
  g_assert_no_error (error);
  classes = lw_schema_load_domain ("traffic", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < classes->len; i++)
    {
      lw_project_add_class (project, classes->pdata[i], &error);
      g_assert_no_error (error);
    }
  g_ptr_array_unref (classes);
  g_free (path);
  atexit (cleanup);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  GError *error = NULL;
  char *dir = g_build_filename (root, "data", NULL);
  char *file = g_build_filename (dir, LW_FUZZ_FILE, NULL);
  char *png = g_build_filename (dir, "a.png", NULL);
  char *media = lw_project_dup_media_folder (project);
  LwImportOptions opts = { .format = LW_FUZZ_FORMAT, .max_archive_bytes = 16 << 20,
                           .max_archive_entries = 1000, .max_pixels = 1 << 24 };
#ifdef LW_FUZZ_YOLO
  const char *source = dir;
#else
  const char *source = file;
#endif
  const char *sources[] = { source, NULL };

  remove_tree (dir);
  g_mkdir_with_parents (dir, 0755);
  g_file_set_contents (png, (const char *) tiny_png, sizeof tiny_png, NULL);
#ifdef LW_FUZZ_YOLO
  /* YOLO: one input holds data.yaml, a NUL byte, then labels/a.txt for images/a.png */
  {
    const guint8 *nul = memchr (data, '\0', size);
    gsize yaml_len = nul ? (gsize) (nul - data) : size;
    char *images = g_build_filename (dir, "images", NULL);
    char *labels = g_build_filename (dir, "labels", NULL);
    char *img = g_build_filename (images, "a.png", NULL);
    char *txt = g_build_filename (labels, "a.txt", NULL);

    g_mkdir (images, 0755);
    g_mkdir (labels, 0755);
    g_file_set_contents (img, (const char *) tiny_png, sizeof tiny_png, NULL);
    g_file_set_contents (file, (const char *) data, yaml_len, NULL);
    if (nul != NULL)
      g_file_set_contents (txt, (const char *) nul + 1, size - yaml_len - 1, NULL);
    g_free (images);
    g_free (labels);
    g_free (img);
    g_free (txt);
  }
#else
  g_file_set_contents (file, (const char *) data, size, NULL);
#endif

  g_assert_true (lw_project_begin (project, NULL));
  if (!lw_import_run (project, sources, &opts, NULL, NULL, NULL, NULL, &error))
    {
      g_assert_nonnull (error);
      g_assert_true (error->message != NULL && *error->message != '\0');
      g_assert_false (lw_project_in_transaction (project));
      g_clear_error (&error);
    }
  else
    g_assert_null (error);
  lw_project_rollback (project);
  remove_tree (media);

  g_free (media);
  g_free (png);
  g_free (file);
  g_free (dir);
  return 0;
}
