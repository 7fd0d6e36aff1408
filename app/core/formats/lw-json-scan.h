/* lw-json-scan.h: a pass over a mapped JSON file that finds the extent of values without
 * building them, so that a reader can hand one element of a large array at a time to
 * json-glib (whose JsonParser always builds the whole document) */
#pragma once

#include <json-glib/json-glib.h>
#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  GMappedFile *mapped;
  const char  *data;
  gsize        len;
  char        *path;       /* named in every message */
  gsize        released;   /* bytes before this offset were given back to the system */
  JsonParser  *parser;     /* reused for every slice */
} LwJsonText;

typedef struct {
  gsize pos;       /* next byte to look at */
  guint index;     /* elements (or members) returned so far */
} LwJsonIter;

/* Maps @path; FALSE with a PARSE error (naming the file) when it cannot be read or is empty. */
gboolean  _lw_json_text_open    (LwJsonText *t, const char *path, GError **error);
void      _lw_json_text_close   (LwJsonText *t);
/* Offset of the first byte that is not JSON whitespace at or after @pos (may be len). */
gsize     _lw_json_skip_ws      (const LwJsonText *t, gsize pos);
/* End (exclusive) of the value that starts at @pos; checks that brackets match and nest at
 * most LW_JSON_MAX_NESTING deep, not the tokens between them (json-glib does that). */
gboolean  _lw_json_value_end    (LwJsonText *t, gsize pos, gsize *end, GError **error);
/* @it starts at the '[' (or '{') at @pos; FALSE with an error if there is none. */
gboolean  _lw_json_iter_init    (const LwJsonText *t, LwJsonIter *it, gsize pos, char open,
                                 GError **error);
/* The next element of an array: 1 with [*start, *end), 0 after the last one, -1 on error. */
int       _lw_json_array_next   (LwJsonText *t, LwJsonIter *it, gsize *start, gsize *end,
                                 GError **error);
/* The next member of an object: 1 with its decoded @key and the value's extent. */
int       _lw_json_object_next  (LwJsonText *t, LwJsonIter *it, char **key, gsize *start,
                                 gsize *end, GError **error);
/* Parses [start, end) with the shared parser; the node lives until the next parse.
 * @json_path names the value in the message ("annotations[12]"). */
JsonNode *_lw_json_parse_slice  (LwJsonText *t, gsize start, gsize end, const char *json_path,
                                 GError **error);
/* A PARSE error "FILE: line L, column C: not valid JSON: WHAT". */
gboolean  _lw_json_fail_at      (const LwJsonText *t, gsize pos, GError **error,
                                 const char *what);
/* Gives the mapped pages before @pos back (they are read again if touched), so that the
 * resident size stays flat however large the file is. */
void      _lw_json_text_release (LwJsonText *t, gsize pos);
/* Gives all mapped pages back (after a first pass over the file). */
void      _lw_json_text_release_all (LwJsonText *t);

G_END_DECLS
