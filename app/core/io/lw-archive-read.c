/* lw-archive-read.c: extracting zip and tar archives (gzip, xz, zstd) for import, refusing
 * entries that could write outside the extraction folder, and bounding size and entry count */
#define G_LOG_DOMAIN "lw-archive-read"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <archive.h>
#include <archive_entry.h>

#include "lw-error.h"
#include "lw-project.h"
#include "formats/lw-read-private.h"
#include "model/lw-model-private.h"

gboolean
_lw_is_archive_name (const char *name)
{
  static const char *const exts[] = { ".zip", ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz",
                                      ".tar.zst", ".tzst", NULL };
  g_autofree char *lower = g_ascii_strdown (name, -1);
  for (guint i = 0; exts[i]; i++)
    if (g_str_has_suffix (lower, exts[i]))
      return TRUE;
  return FALSE;
}

static char *
archive_stem (const char *path)
{
  static const char *const exts[] = { ".tar.gz", ".tar.xz", ".tar.zst", ".tgz", ".txz", ".tzst",
                                      ".zip", ".tar", NULL };
  char *base = g_path_get_basename (path);
  g_autofree char *lower = g_ascii_strdown (base, -1);
  for (guint i = 0; exts[i]; i++)
    if (g_str_has_suffix (lower, exts[i]))
      {
        base[strlen (base) - strlen (exts[i])] = '\0';
        break;
      }
  return base;
}

/* Refuses absolute names, "..", empty components that hide a root, and backslash tricks. */
static gboolean
entry_name_safe (const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (name == NULL || *name == '\0' || name[0] == '/' || strchr (name, '\\') != NULL ||
      (g_ascii_isalpha (name[0]) && name[1] == ':'))
    return FALSE;
  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i]; i++)
    if (strcmp (parts[i], "..") == 0)
      return FALSE;
  return TRUE;
}

/* Item names and media paths are UTF-8. A name that is not comes from a zip without the
 * UTF-8 flag, whose names are CP437 by the zip specification (older Windows tools write
 * them so), or from a tar of some local charset, which it does not record: invalid bytes
 * then become U+FFFD. */
static char *
utf8_entry_name (struct archive *a, const char *raw)
{
  char *converted;

  if (!g_utf8_validate (raw, -1, NULL) && archive_format (a) == ARCHIVE_FORMAT_ZIP &&
      (converted = g_convert (raw, -1, "UTF-8", "CP437", NULL, NULL, NULL)) != NULL)
    return converted;
  return _lw_name_take_utf8 (g_strdup (raw));
}

static gboolean
arch_error (GError **error, int code, const char *archive, const char *entry, const char *what)
{
  if (entry)
    g_set_error (error, LW_IMPORT_ERROR, code, "%s: entry “%s”: %s", archive, entry, what);
  else
    g_set_error (error, LW_IMPORT_ERROR, code, "%s: %s", archive, what);
  return FALSE;
}

static gboolean
extract_all (LwImportCtx *ctx, struct archive *a, const char *path, const char *dest, GError **error)
{
  struct archive_entry *entry;
  guint64 total = 0;
  guint n_entries = 0;
  int r;

  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      const char *raw = archive_entry_pathname (entry);
      mode_t type = archive_entry_filetype (entry);
      g_autofree char *name = NULL;
      g_autofree char *clean = NULL;
      g_autofree char *out = NULL;
      g_autofree char *out_dir = NULL;
      int fd;

      if (!_lw_import_check_cancel (ctx, error))
        return FALSE;
      if (++n_entries > ctx->opts.max_archive_entries)
        {
          g_autofree char *msg = g_strdup_printf ("more than %u entries (the limit)", ctx->opts.max_archive_entries);
          return arch_error (error, LW_IMPORT_ERROR_LIMIT, path, NULL, msg);
        }
      if (raw == NULL)
        {
          g_autofree char *msg = g_strdup_printf ("the name of entry %u cannot be read", n_entries);
          return arch_error (error, LW_IMPORT_ERROR_FAILED, path, NULL, msg);
        }
      name = utf8_entry_name (a, raw);
      if (!entry_name_safe (raw) || !entry_name_safe (name))
        return arch_error (error, LW_IMPORT_ERROR_UNSAFE_PATH, path, name,
                           "absolute path or “..”: it would be written outside the extraction folder");
      if (archive_entry_hardlink (entry) != NULL || type == AE_IFLNK)
        return arch_error (error, LW_IMPORT_ERROR_UNSAFE_PATH, path, name, "links are not extracted");
      clean = g_strdup (name);
      while (g_str_has_prefix (clean, "./"))
        memmove (clean, clean + 2, strlen (clean + 2) + 1);
      if (*clean == '\0')
        continue;
      out = g_build_filename (dest, clean, NULL);
      if (type == AE_IFDIR)
        {
          if (g_mkdir_with_parents (out, 0755) != 0)
            return arch_error (error, LW_IMPORT_ERROR_FAILED, path, name, g_strerror (errno));
          continue;
        }
      if (type != AE_IFREG)
        return arch_error (error, LW_IMPORT_ERROR_UNSAFE_PATH, path, name,
                           "only regular files and folders are extracted");
      out_dir = g_path_get_dirname (out);
      if (g_mkdir_with_parents (out_dir, 0755) != 0)
        return arch_error (error, LW_IMPORT_ERROR_FAILED, path, name, g_strerror (errno));
      /* O_EXCL|O_NOFOLLOW: a second entry of the same name, or anything planted, is refused. */
      fd = g_open (out, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
      if (fd < 0)
        return arch_error (error, LW_IMPORT_ERROR_UNSAFE_PATH, path, name, g_strerror (errno));
      for (;;)
        {
          char buf[65536];
          la_ssize_t n = archive_read_data (a, buf, sizeof buf);
          if (n == 0)
            break;
          if (n < 0)
            {
              g_autofree char *msg = g_strdup_printf ("damaged or truncated archive: %s", archive_error_string (a));
              close (fd);
              return arch_error (error, LW_IMPORT_ERROR_PARSE, path, name, msg);
            }
          total += n;
          /* Counted as the data comes out, so a decompression bomb stops at the limit. */
          if (total > ctx->opts.max_archive_bytes)
            {
              g_autofree char *msg = g_strdup_printf ("extracts to more than %" G_GUINT64_FORMAT
                                                      " bytes (the limit)", ctx->opts.max_archive_bytes);
              close (fd);
              return arch_error (error, LW_IMPORT_ERROR_LIMIT, path, NULL, msg);
            }
          if (write (fd, buf, n) != n)
            {
              int e = errno;
              close (fd);
              return arch_error (error, LW_IMPORT_ERROR_FAILED, path, name, g_strerror (e));
            }
        }
      if (close (fd) != 0)
        return arch_error (error, LW_IMPORT_ERROR_FAILED, path, name, g_strerror (errno));
    }
  if (r != ARCHIVE_EOF)
    {
      g_autofree char *msg = g_strdup_printf ("damaged or truncated archive: %s",
                                              archive_error_string (a) ? archive_error_string (a) : "read error");
      return arch_error (error, LW_IMPORT_ERROR_PARSE, path, NULL, msg);
    }
  return TRUE;
}

/* Names in archives are UTF-8 (zip's UTF-8 flag, pax's records), and libarchive converts
 * them to the locale's charset: under the C locale that fails for any non-ASCII name, and a
 * zip entry then has no name at all. While it extracts, this thread's LC_CTYPE is C.UTF-8;
 * its other categories (the translations of messages) stay as they were. */
typedef struct {
  locale_t utf8;    /* (locale_t) 0 when the locale already was UTF-8 */
  locale_t before;
} Utf8Names;

static void
utf8_names_begin (Utf8Names *u)
{
  locale_t base;

  u->utf8 = u->before = (locale_t) 0;
  if (strcmp (nl_langinfo (CODESET), "UTF-8") == 0)
    return;
  base = duplocale (LC_GLOBAL_LOCALE);
  if (base == (locale_t) 0)
    return;
  u->utf8 = newlocale (LC_CTYPE_MASK, "C.UTF-8", base);
  if (u->utf8 == (locale_t) 0)
    {
      /* No C.UTF-8 here: names stay as libarchive converts them. */
      freelocale (base);
      g_debug ("no C.UTF-8 locale: non-ASCII names in archives may not be read");
      return;
    }
  u->before = uselocale (u->utf8);
}

static void
utf8_names_end (Utf8Names *u)
{
  if (u->utf8 == (locale_t) 0)
    return;
  uselocale (u->before);
  freelocale (u->utf8);
}

char *
_lw_archive_extract (LwImportCtx *ctx, const char *path, GError **error)
{
  g_autofree char *media = lw_project_dup_media_folder (ctx->project);
  g_autofree char *stem = archive_stem (path);
  g_autofree char *dest = NULL;
  struct archive *a;
  Utf8Names names;
  gboolean ok;

  if (g_mkdir_with_parents (media, 0755) != 0)
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_FAILED, "%s: %s", media, g_strerror (errno));
      return NULL;
    }
  /* A fresh folder per archive: never mix into (or overwrite) an earlier extraction. */
  for (guint i = 1; ; i++)
    {
      g_free (dest);
      dest = i == 1 ? g_build_filename (media, stem, NULL)
                    : g_strdup_printf ("%s/%s-%u", media, stem, i);
      if (g_mkdir (dest, 0755) == 0)
        break;
      if (errno != EEXIST || i > 1000)
        {
          g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_FAILED, "%s: %s", dest, g_strerror (errno));
          return NULL;
        }
    }
  g_ptr_array_add (ctx->created_dirs, g_strdup (dest));

  utf8_names_begin (&names);
  a = archive_read_new ();
  /* Only what the supported containers need: less parser surface for untrusted files. */
  archive_read_support_format_zip (a);
  archive_read_support_format_tar (a);
  archive_read_support_filter_gzip (a);
  archive_read_support_filter_xz (a);
  archive_read_support_filter_zstd (a);
  if (archive_read_open_filename (a, path, 65536) != ARCHIVE_OK)
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE, "%s: not a readable archive: %s",
                   path, archive_error_string (a));
      archive_read_free (a);
      utf8_names_end (&names);
      return NULL;
    }
  _lw_import_progress (ctx, -1, "extracting");
  ok = extract_all (ctx, a, path, dest, error);
  archive_read_free (a);
  utf8_names_end (&names);
  return ok ? g_steal_pointer (&dest) : NULL;
}
