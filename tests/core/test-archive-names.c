#define G_LOG_DOMAIN "lw-test"

/* Entry names in archives, under the C locale (as a service or CI job runs): non-ASCII and
 * long names must come out of an export as their UTF-8 bytes in every container, for
 * libarchive, GNU tar and Python's tarfile alike, and an import of that archive must find
 * them again. Under the C locale, libarchive 3.6's pax writer crashed on a non-ASCII name
 * (tar archives are now written in GNU's format), zips lacked the UTF-8 flag on such names,
 * and an import read a flagged zip name as none (it now reads with LC_CTYPE C.UTF-8).
 * Names that are not UTF-8 at all (old zips, Latin-1 tars, files on disk) become UTF-8 item
 * names and UTF-8 names in exports. */

#include <archive.h>
#include <archive_entry.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
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
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 10, 10);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  /* Different pixels per name: the import must not take them for duplicates. */
  gdk_pixbuf_fill (pixbuf, g_str_hash (name) | 0xff);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  lw_test_add_image (project, name, 10, 10);
}

/* Imports @archive into a fresh project under the C locale; the base names of its items
 * (an item from an archive is named by its path in it). */
static GPtrArray *
import_names (const char *dir, const char *archive)
{
  g_autofree char *sub = g_build_filename (dir, "again", NULL);
  g_autoptr(LwProject) project = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  const char *sources[] = { archive, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_AUTO, .annotator = "tester" };
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  project = lw_test_project_new (sub, "again", "traffic");
  g_assert_true (lw_import_run (project, sources, &opts, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  items = lw_project_list_items (project, NULL, 0, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (names, g_path_get_basename (((LwItem *) items->pdata[i])->name));
  lw_project_close (project);
  return names;
}

/* The entries of an archive, name (in bytes: tar and zip alike hold UTF-8 here) -> GBytes.
 * libarchive converts a zip's flagged UTF-8 names to the locale's charset, so it reads in
 * C.UTF-8. Tar archives must be in GNU's format, and no name may come twice. */
static GHashTable *
read_archive (const char *path, gboolean zip)
{
  GHashTable *entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_bytes_unref);
  locale_t utf8 = newlocale (LC_CTYPE_MASK, "C.UTF-8", (locale_t) 0);
  locale_t before;
  struct archive *a;
  struct archive_entry *ae;

  g_assert_true (utf8 != (locale_t) 0);
  before = uselocale (utf8);
  a = archive_read_new ();
  archive_read_support_filter_all (a);
  archive_read_support_format_all (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 16384), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &ae) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (ae);
      GByteArray *data = g_byte_array_new ();
      char buf[8192];
      la_ssize_t n;

      g_assert_nonnull (name);
      g_assert_false (g_hash_table_contains (entries, name));
      if (!zip)
        g_assert_cmpint (archive_format (a), ==, ARCHIVE_FORMAT_TAR_GNUTAR);
      while ((n = archive_read_data (a, buf, sizeof buf)) > 0)
        g_byte_array_append (data, (guint8 *) buf, n);
      g_assert_cmpint (n, ==, 0);
      g_hash_table_insert (entries, g_strdup (name), g_byte_array_free_to_bytes (data));
    }
  g_assert_cmpint (archive_read_free (a), ==, ARCHIVE_OK);
  uselocale (before);
  freelocale (utf8);
  return entries;
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

  g_autofree char *program = g_find_program_in_path (argv[0]);

  if (program == NULL)
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
  g_autoptr(GHashTable) entries = NULL;
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

  entries = read_archive (output, zip);
  g_assert_cmpuint (g_hash_table_size (entries), ==, 4);
  g_assert_true (g_hash_table_contains (entries, short_entry));
  g_assert_true (g_hash_table_contains (entries, long_entry));
  g_assert_true (g_hash_table_contains (entries, "images/default/plain.png"));
  g_assert_true (g_hash_table_contains (entries, "annotations/instances_default.json"));

  if (zip)
    {
      /* Python's zipfile decodes a name as UTF-8 only when the entry says so (else CP437). */
      const char *const python[] = {
        "python3", "-c",
        "import sys, zipfile\n"
        "sys.stdout.buffer.write('\\n'.join(i.filename for i in zipfile.ZipFile(sys.argv[1]).infolist()).encode())",
        output, NULL };
      g_auto(GStrv) py_names = list_with (python);

      if (py_names != NULL)
        {
          g_assert_cmpuint (g_strv_length (py_names), ==, 4);
          g_assert_true (g_strv_contains ((const char *const *) py_names, short_entry));
          g_assert_true (g_strv_contains ((const char *const *) py_names, long_entry));
        }
    }
  else
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

  /* And back in: the imported items carry the names. */
  {
    g_autoptr(GPtrArray) again = import_names (dir, output);
    g_assert_cmpuint (again->len, ==, 3);
    g_assert_true (has_name (again, SHORT_NAME));
    g_assert_true (has_name (again, longn));
    g_assert_true (has_name (again, "plain.png"));
  }
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

/* An archive at @path with one entry named by the bytes @raw holding @data, written by
 * libarchive under the C locale: no charset conversion, no UTF-8 flag in a zip. */
static void
write_raw_archive (const char *path, gboolean zip, const char *raw, GBytes *data)
{
  struct archive *a = archive_write_new ();
  struct archive_entry *ae = archive_entry_new ();
  gsize len;
  const void *bytes = g_bytes_get_data (data, &len);

  g_assert_cmpint (zip ? archive_write_set_format_zip (a) : archive_write_set_format_gnutar (a),
                   ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  archive_entry_copy_pathname (ae, raw);
  archive_entry_set_filetype (ae, AE_IFREG);
  archive_entry_set_perm (ae, 0644);
  archive_entry_set_size (ae, len);
  g_assert_cmpint (archive_write_header (a, ae), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_data (a, bytes, len), ==, (la_ssize_t) len);
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_entry_free (ae);
  archive_write_free (a);
}

/* Names that are not UTF-8: a zip without the UTF-8 flag holds CP437 (0x82 is é), a tar
 * holds whatever charset made it (here Latin-1, 0xEF is ï). Items and media files get
 * UTF-8 names: the zip's converted, the tar's invalid byte replaced. */
static void
test_legacy_names (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "legacy", "traffic");
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 4, 4);
  g_autofree char *png_path = g_build_filename (dir, "x.png", NULL);
  g_autofree char *zip = g_build_filename (dir, "old.zip", NULL);
  g_autofree char *tar = g_build_filename (dir, "old.tar", NULL);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) png2 = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  const char *sources[] = { zip, tar, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_AUTO, .annotator = "tester" };
  gboolean seen_zip = FALSE, seen_tar = FALSE;

  gdk_pixbuf_fill (pixbuf, 0x112233ff);
  gdk_pixbuf_save (pixbuf, png_path, "png", &error, NULL);
  g_assert_no_error (error);
  png = lw_test_read_file (png_path);
  gdk_pixbuf_fill (pixbuf, 0x445566ff);
  gdk_pixbuf_save (pixbuf, png_path, "png", &error, NULL);
  g_assert_no_error (error);
  png2 = lw_test_read_file (png_path);
  write_raw_archive (zip, TRUE, "caf\x82.png", png);
  write_raw_archive (tar, FALSE, "na\xefve.png", png2);

  g_assert_true (lw_import_run (project, sources, &opts, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  items = lw_project_list_items (project, NULL, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  for (guint i = 0; i < items->len; i++)
    {
      const LwItem *item = items->pdata[i];
      g_autofree char *media = g_build_filename (lw_project_get_folder (project), item->media_path, NULL);

      g_assert_true (g_utf8_validate (item->name, -1, NULL));
      g_assert_true (g_utf8_validate (item->media_path, -1, NULL));
      g_assert_true (g_file_test (media, G_FILE_TEST_IS_REGULAR));
      seen_zip |= strcmp (item->name, "café.png") == 0;
      seen_tar |= strcmp (item->name, "na\xef\xbf\xbdve.png") == 0;
    }
  g_assert_true (seen_zip);
  g_assert_true (seen_tar);
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

/* A media file whose name on disk is not UTF-8 (Latin-1 0xEF for ï): imported from a
 * folder, the item's name is UTF-8 (U+FFFD for the byte) while its media path still opens
 * the file; exported, the entry name and the COCO file_name are UTF-8 and the JSON parses. */
static void
test_folder_not_utf8 (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "bytes", "traffic");
  g_autofree char *src = g_build_filename (dir, "src", NULL);
  g_autofree char *file = g_build_filename (src, "na\xefve.png", NULL);
  g_autofree char *output = g_build_filename (dir, "out.tar", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 4, 4);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *sources[] = { src, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_IMAGES, .annotator = "tester" };
  LwExportOptions eopts;
  const LwItem *item;
  JsonObject *image;
  GBytes *json;

  g_assert_cmpint (g_mkdir (src, 0755), ==, 0);
  gdk_pixbuf_fill (pixbuf, 0x99aabbff);
  gdk_pixbuf_save (pixbuf, file, "png", &error, NULL);
  g_assert_no_error (error);
  g_assert_true (lw_import_run (project, sources, &opts, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  items = lw_project_list_items (project, NULL, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  item = items->pdata[0];
  g_assert_cmpstr (item->name, ==, "na\xef\xbf\xbdve.png");
  {
    g_autofree char *media = g_build_filename (lw_project_get_folder (project), item->media_path, NULL);
    g_assert_true (g_file_test (media, G_FILE_TEST_IS_REGULAR));
  }

  lw_export_options_init (&eopts);
  eopts.format = LW_EXPORT_COCO;
  g_assert_true (lw_export_run (project, &eopts, output, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lw_export_options_clear (&eopts);
  entries = read_archive (output, FALSE);
  g_assert_true (g_hash_table_contains (entries, "images/default/na\xef\xbf\xbdve.png"));
  json = g_hash_table_lookup (entries, "annotations/instances_default.json");
  g_assert_nonnull (json);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (json, NULL),
                                             g_bytes_get_size (json), &error));
  g_assert_no_error (error);
  image = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "images"), 0);
  g_assert_cmpstr (json_object_get_string_member (image, "file_name"), ==, "na\xef\xbf\xbdve.png");

  /* A text file's name, the same way. */
  {
    g_autofree char *texts = g_build_filename (dir, "texts", NULL);
    g_autofree char *txt = g_build_filename (texts, "caf\xe9.txt", NULL);
    const char *text_sources[] = { texts, NULL };
    LwImportOptions topts = { .format = LW_IMPORT_FORMAT_TEXT, .annotator = "tester" };
    g_autoptr(GPtrArray) all = NULL;
    gboolean found = FALSE;

    g_assert_cmpint (g_mkdir (texts, 0755), ==, 0);
    g_file_set_contents (txt, "A short essay.", -1, &error);
    g_assert_no_error (error);
    g_assert_true (lw_import_run (project, text_sources, &topts, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    all = lw_project_list_items (project, NULL, 0, 10, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < all->len; i++)
      {
        const LwItem *it = all->pdata[i];
        g_assert_true (g_utf8_validate (it->name, -1, NULL));
        found |= strcmp (it->name, "caf\xef\xbf\xbd.txt") == 0;
      }
    g_assert_true (found);
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
      g_autofree char *path = g_strdup_printf ("/archive/names/c-locale/%s", endings[i] + 1);
      g_test_add_data_func (path, endings[i], test_names);
    }
  g_test_add_func ("/archive/names/import-legacy-charsets", test_legacy_names);
  g_test_add_func ("/archive/names/folder-not-utf8", test_folder_not_utf8);
  return g_test_run ();
}
