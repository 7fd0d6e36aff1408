/* lw-json-scan.c: extents of JSON values in a mapped file, one element at a time */
#define G_LOG_DOMAIN "lw-json-scan"

#include <stdio.h>
#include <string.h>
#include <glib.h>
#ifdef G_OS_UNIX
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "lw-error.h"
#include "lw-json-scan.h"
#include "lw-read-private.h"

static void
position (const LwJsonText *t, gsize pos, guint *line, guint *column)
{
  const char *p = t->data, *end = t->data + MIN (pos, t->len), *nl;
  guint l = 1;

  while (p < end && (nl = memchr (p, '\n', (gsize) (end - p))) != NULL)
    {
      l++;
      p = nl + 1;
    }
  *line = l;
  *column = (guint) (end - p) + 1;
}

gboolean
_lw_json_fail_at (const LwJsonText *t, gsize pos, GError **error, const char *what)
{
  guint line, column;

  position (t, pos, &line, &column);
  g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
               "%s: line %u, column %u: not valid JSON: %s", t->path, line, column, what);
  return FALSE;
}

gboolean
_lw_json_text_open (LwJsonText *t, const char *path, GError **error)
{
  GError *local = NULL;

  memset (t, 0, sizeof *t);
  t->path = g_strdup (path);
  t->mapped = g_mapped_file_new (path, FALSE, &local);
  if (t->mapped == NULL)
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE, "%s: %s", path, local->message);
      g_error_free (local);
      return FALSE;
    }
  t->data = g_mapped_file_get_contents (t->mapped);
  t->len = g_mapped_file_get_length (t->mapped);
  t->parser = json_parser_new_immutable ();
  if (t->data == NULL || _lw_json_skip_ws (t, 0) == t->len)
    {
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                   "%s: not valid JSON: the file is empty", path);
      return FALSE;
    }
  return TRUE;
}

void
_lw_json_text_close (LwJsonText *t)
{
  g_clear_object (&t->parser);
  g_clear_pointer (&t->mapped, g_mapped_file_unref);
  g_clear_pointer (&t->path, g_free);
  t->data = NULL;
  t->len = 0;
}

void
_lw_json_text_release (LwJsonText *t, gsize pos)
{
#if defined(G_OS_UNIX) && defined(MADV_DONTNEED)
  /* The mapping is private and never written, so pages come back from the page cache when
   * they are touched again. Released in steps of 8 MiB to keep the calls rare; a reader that
   * goes back to an earlier offset starts a new window there. */
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  gsize upto = MIN (pos, t->len) / page * page;

  if (upto < t->released)
    {
      t->released = upto;
      return;
    }
  if (upto < t->released + 8 * 1024 * 1024 && pos < t->len)
    return;
  if (upto > t->released)
    madvise ((char *) t->data + t->released, upto - t->released, MADV_DONTNEED);
  t->released = upto;
#else
  (void) t;
  (void) pos;
#endif
}

void
_lw_json_text_release_all (LwJsonText *t)
{
#if defined(G_OS_UNIX) && defined(MADV_DONTNEED)
  if (t->len > 0)
    madvise ((char *) t->data, t->len, MADV_DONTNEED);
#endif
  t->released = 0;
}

gsize
_lw_json_skip_ws (const LwJsonText *t, gsize pos)
{
  while (pos < t->len)
    {
      char c = t->data[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
        break;
      pos++;
    }
  return pos;
}

/* Past the closing quote of the string that opens at @pos, or FALSE at the end of the data. */
static gboolean
string_end (const LwJsonText *t, gsize pos, gsize *end)
{
  const char *p = t->data + pos + 1, *stop = t->data + t->len;

  while (p < stop)
    {
      const char *q = memchr (p, '"', (gsize) (stop - p));
      const char *b;
      gsize backslashes = 0;

      if (q == NULL)
        return FALSE;
      /* the quote ends the string unless an odd number of backslashes precede it */
      for (b = q; b > p && b[-1] == '\\'; b--)
        backslashes++;
      if (backslashes % 2 == 0)
        {
          *end = (gsize) (q - t->data) + 1;
          return TRUE;
        }
      p = q + 1;
    }
  return FALSE;
}

gboolean
_lw_json_value_end (LwJsonText *t, gsize pos, gsize *end, GError **error)
{
  char closers[LW_JSON_MAX_NESTING];
  gsize opened_at = pos;
  guint depth = 0;
  gsize i = pos;

  if (pos >= t->len)
    return _lw_json_fail_at (t, pos, error, "the file ends where a value was expected");
  if (t->data[pos] != '[' && t->data[pos] != '{' && t->data[pos] != '"')
    {
      /* a number, true, false or null: json-glib checks the token itself */
      while (i < t->len && !strchr (",]}: \t\r\n", t->data[i]))
        i++;
      if (i == pos)
        return _lw_json_fail_at (t, pos, error, "expected a value");
      *end = i;
      return TRUE;
    }
  while (i < t->len)
    {
      char c = t->data[i];

      /* a first pass over a large member would otherwise keep all of it resident */
      if (G_UNLIKELY (i >= t->released + 16 * 1024 * 1024))
        _lw_json_text_release (t, i);
      if (c == '"')
        {
          if (!string_end (t, i, &i))
            return _lw_json_fail_at (t, i, error, "a string is not closed");
          if (depth == 0)
            break;
          continue;
        }
      if (c == '[' || c == '{')
        {
          if (depth == LW_JSON_MAX_NESTING)
            {
              g_autofree char *msg = g_strdup_printf ("arrays and objects nest deeper than %d levels",
                                                      LW_JSON_MAX_NESTING);
              return _lw_json_fail_at (t, i, error, msg);
            }
          closers[depth++] = c == '[' ? ']' : '}';
        }
      else if (c == ']' || c == '}')
        {
          if (depth == 0 || closers[depth - 1] != c)
            {
              g_autofree char *msg = g_strdup_printf ("unexpected “%c”", c);
              return _lw_json_fail_at (t, i, error, msg);
            }
          if (--depth == 0)
            {
              i++;
              break;
            }
        }
      i++;
    }
  if (depth > 0)
    {
      guint line, column;
      g_autofree char *msg = NULL;

      position (t, opened_at, &line, &column);
      msg = g_strdup_printf ("the file ends inside the value that opens at line %u, column %u",
                             line, column);
      return _lw_json_fail_at (t, t->len, error, msg);
    }
  *end = i;
  return TRUE;
}

gboolean
_lw_json_iter_init (const LwJsonText *t, LwJsonIter *it, gsize pos, char open, GError **error)
{
  pos = _lw_json_skip_ws (t, pos);
  if (pos >= t->len || t->data[pos] != open)
    return _lw_json_fail_at (t, pos, error, open == '[' ? "expected “[”" : "expected “{”");
  it->pos = pos + 1;
  it->index = 0;
  return TRUE;
}

/* Before an element or member: "]" (or "}") ends, "," separates; -1 on anything else. */
static int
separator (const LwJsonText *t, LwJsonIter *it, char close, GError **error)
{
  gsize pos = _lw_json_skip_ws (t, it->pos);

  if (pos < t->len && t->data[pos] == close)
    {
      it->pos = pos + 1;
      return 0;
    }
  if (it->index > 0)
    {
      if (pos >= t->len || t->data[pos] != ',')
        {
          g_autofree char *msg = g_strdup_printf ("expected “,” or “%c”", close);
          _lw_json_fail_at (t, pos, error, msg);
          return -1;
        }
      pos = _lw_json_skip_ws (t, pos + 1);
      if (pos < t->len && t->data[pos] == close)
        {
          _lw_json_fail_at (t, pos, error, "a “,” before the end of a list or object");
          return -1;
        }
    }
  it->pos = pos;
  return 1;
}

int
_lw_json_array_next (LwJsonText *t, LwJsonIter *it, gsize *start, gsize *end, GError **error)
{
  int r = separator (t, it, ']', error);

  if (r <= 0)
    return r;
  *start = it->pos;
  if (!_lw_json_value_end (t, it->pos, end, error))
    return -1;
  it->pos = *end;
  it->index++;
  return 1;
}

int
_lw_json_object_next (LwJsonText *t, LwJsonIter *it, char **key, gsize *start, gsize *end,
                      GError **error)
{
  int r = separator (t, it, '}', error);
  gsize key_end, pos;

  if (r <= 0)
    return r;
  if (t->data[it->pos] != '"' || !string_end (t, it->pos, &key_end))
    {
      _lw_json_fail_at (t, it->pos, error, "expected a member name in quotes");
      return -1;
    }
  if (memchr (t->data + it->pos, '\\', key_end - it->pos) == NULL)
    *key = g_strndup (t->data + it->pos + 1, key_end - it->pos - 2);
  else
    {
      /* an escaped name ("im\u0061ges") is rare: json-glib decodes it */
      JsonNode *node = _lw_json_parse_slice (t, it->pos, key_end, "member name", error);
      if (node == NULL)
        return -1;
      *key = g_strdup (json_node_get_string (node));
    }
  pos = _lw_json_skip_ws (t, key_end);
  if (pos >= t->len || t->data[pos] != ':')
    {
      _lw_json_fail_at (t, pos, error, "expected “:” after a member name");
      g_clear_pointer (key, g_free);
      return -1;
    }
  *start = _lw_json_skip_ws (t, pos + 1);
  if (!_lw_json_value_end (t, *start, end, error))
    {
      g_clear_pointer (key, g_free);
      return -1;
    }
  it->pos = *end;
  it->index++;
  return 1;
}

JsonNode *
_lw_json_parse_slice (LwJsonText *t, gsize start, gsize end, const char *json_path, GError **error)
{
  GError *local = NULL;
  guint line, column, l = 0, c = 0;

  if (json_parser_load_from_data (t->parser, t->data + start, (gssize) (end - start), &local))
    return json_parser_get_root (t->parser);
  /* json-glib counts lines from the start of the slice ("<data>:L:C: Parse error: …"):
   * turn that into the position in the file */
  position (t, start, &line, &column);
  if (sscanf (local->message, "<data>:%u:%u:", &l, &c) == 2 && l > 0)
    {
      const char *what = strstr (local->message, ": Parse error: ");
      g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                   "%s: line %u, column %u (%s): not valid JSON: %s", t->path,
                   line + l - 1, l == 1 ? column + c - 1 : c, json_path,
                   what ? what + strlen (": Parse error: ") : local->message);
    }
  else
    g_set_error (error, LW_IMPORT_ERROR, LW_IMPORT_ERROR_PARSE,
                 "%s: line %u (%s): not valid JSON: %s", t->path, line, json_path, local->message);
  g_error_free (local);
  return NULL;
}
