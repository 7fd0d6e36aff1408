#define G_LOG_DOMAIN "lw-test"

/* Entry names in exported archives, under the C locale (as a service or CI job runs):
 * non-ASCII and long names must come out as their UTF-8 bytes in every container, for
 * libarchive, GNU tar and Python's tarfile alike. Under the C locale, libarchive 3.6's pax
 * writer crashed on a non-ASCII name; tar archives are now written in GNU's format. */

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include <string.h>

#include "lw-test-util.h"

/* Two bytes of ß, three of each CJK character; the long one is 160 bytes before ".png",
 * beyond the 100 bytes of a tar header's name field. */
#define SHORT_NAME "Straße_日本.png"

static char *
long_name (void)
{
  g_autoptr(GString) s = g_string_new ("camera_東京_");

  while (s->len < 160)
    g_string_append (s, "frame_ü_");
  g_string_append (s, ".png");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
add_media (LwProject *project, const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  /* The export copies media as they are; the bytes need not decode. */
  g_file_set_contents (path, name, -1, &error);
  g_assert_no_error (error);
  lw_test_add_image (project, name, 10, 10);
}

/* Entry names as stored, in bytes (tar and zip alike hold UTF-8 here). */
static GPtrArray *
archive_names (const char *path, gboolean zip)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  struct archive *a = archive_read_new ();
  struct archive_entry *ae;

  archive_read_support_filter_all (a);
  archive_read_support_format_all (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 16384), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &ae) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (ae);
      g_assert_nonnull (name);
      g_ptr_array_add (names, g_strdup (name));
      if (!zip)
        g_assert_cmpint (archive_format (a), ==, ARCHIVE_FORMAT_TAR_GNUTAR);
    }
  g_assert_cmpint (archive_read_free (a), ==, ARCHIVE_OK);
  return names;
}

static gboolean
has_name (GPtrArray *names, const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (strcmp (names->pdata[i], name) == 0)
      return TRUE;
  return FALSE;
}

/* What another reader lists: @argv's output, one name per line. NULL when the program is
 * missing. */
static char **
list_with (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status;

  if (g_find_program_in_path (argv[0]) == NULL)
    return NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strsplit (g_strchomp (out), "\n", -1);
}

static void
test_names (gconstpointer data)
{
  const char *ending = data;
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "names", "traffic");
  g_autofree char *output = g_strconcat (dir, "/out", ending, NULL);
  g_autofree char *longn = long_name ();
  g_autofree char *short_entry = g_strconcat ("images/default/", SHORT_NAME, NULL);
  g_autofree char *long_entry = g_strconcat ("images/default/", longn, NULL);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  gboolean zip = g_str_has_suffix (ending, ".zip");
  LwExportOptions opts;

  g_assert_cmpstr (setlocale (LC_ALL, NULL), ==, "C");
  add_media (project, dir, SHORT_NAME);
  add_media (project, dir, longn);
  add_media (project, dir, "plain.png");
  lw_export_options_init (&opts);
  opts.format = LW_EXPORT_COCO;
  g_assert_true (lw_export_run (project, &opts, output, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lw_export_options_clear (&opts);

  names = archive_names (output, zip);
  g_assert_cmpuint (names->len, ==, 4);
  g_assert_true (has_name (names, short_entry));
  g_assert_true (has_name (names, long_entry));
  g_assert_true (has_name (names, "images/default/plain.png"));
  g_assert_true (has_name (names, "annotations/instances_default.json"));

  if (!zip)
    {
      /* The reader that training code uses, and GNU tar, read the same names. */
      const char *const python[] = {
        "python3", "-c",
        "import sys, tarfile\n"
        "sys.stdout.buffer.write('\\n'.join(m.name for m in tarfile.open(sys.argv[1])).encode())",
        output, NULL };
      const char *const tar[] = { "tar", "--quoting-style=literal", "-tf", output, NULL };
      /* Python's tarfile reads no zstd. */
      g_auto(GStrv) py_names = g_str_has_suffix (ending, ".zst") ? NULL : list_with (python);
      g_auto(GStrv) tar_names = g_str_has_suffix (ending, ".tar") ? list_with (tar) : NULL;

      if (py_names != NULL)
        {
          g_assert_cmpuint (g_strv_length (py_names), ==, 4);
          g_assert_true (g_strv_contains ((const char *const *) py_names, short_entry));
          g_assert_true (g_strv_contains ((const char *const *) py_names, long_entry));
        }
      if (tar_names != NULL)
        {
          g_assert_cmpuint (g_strv_length (tar_names), ==, 4);
          g_assert_true (g_strv_contains ((const char *const *) tar_names, short_entry));
          g_assert_true (g_strv_contains ((const char *const *) tar_names, long_entry));
        }
      if (py_names == NULL && tar_names == NULL)
        g_test_message ("neither python3 nor tar found: libarchive's reading only");
    }
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

int
main (int argc, char **argv)
{
  static const char *const endings[] = { ".tar", ".tar.gz", ".tar.xz", ".tar.zst", ".zip" };

  g_test_init (&argc, &argv, NULL);
  /* g_test_init took the environment's locale; these cases are about the C locale. */
  setlocale (LC_ALL, "C");
  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    {
      g_autofree char *path = g_strdup_printf ("/export/names/c-locale/%s", endings[i] + 1);
      g_test_add_data_func (path, endings[i], test_names);
    }
  return g_test_run ();
}
