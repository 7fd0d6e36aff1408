#define G_LOG_DOMAIN "lw-model"

#include <math.h>
#include <string.h>

#include "lw-error.h"
#include "lw-model-private.h"
#include "lw-schema.h"

#define ANN_COLUMNS "id, item_id, class_id, kind, geometry, attributes, annotator_id, source, " \
                    "score, created_at, updated_at"

LwAnnotation *
lw_annotation_new (gint64           item_id,
                   gint64           class_id,
                   LwAnnotationKind kind)
{
  LwAnnotation *ann = g_new0 (LwAnnotation, 1);

  ann->item_id = item_id;
  ann->class_id = class_id;
  ann->kind = kind;
  ann->geometry = g_array_new (FALSE, FALSE, sizeof (double));
  ann->attributes = g_strdup ("{}");
  ann->source = LW_SOURCE_MANUAL;
  ann->score = NAN;
  return ann;
}

LwAnnotation *
lw_annotation_copy (const LwAnnotation *ann)
{
  LwAnnotation *copy = g_memdup2 (ann, sizeof *ann);

  copy->geometry = g_array_copy (ann->geometry);
  copy->attributes = g_strdup (ann->attributes);
  return copy;
}

void
lw_annotation_free (LwAnnotation *ann)
{
  if (ann == NULL)
    return;
  g_array_unref (ann->geometry);
  g_free (ann->attributes);
  g_free (ann);
}

void
lw_annotation_set_geometry (LwAnnotation *ann,
                            const double *values,
                            guint         n)
{
  g_array_set_size (ann->geometry, 0);
  g_array_append_vals (ann->geometry, values, n);
}

guint
lw_annotation_n_values (const LwAnnotation *ann)
{
  return ann->geometry->len;
}

double
lw_annotation_value (const LwAnnotation *ann,
                     guint               i)
{
  g_return_val_if_fail (i < ann->geometry->len, NAN);
  return g_array_index (ann->geometry, double, i);
}

gboolean
lw_annotation_bounds (const LwAnnotation *ann,
                      double *x, double *y, double *w, double *h)
{
  const double *v = (const double *) ann->geometry->data;
  guint n = ann->geometry->len, stride = 2;
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;

  switch (ann->kind)
    {
    case LW_ANNOTATION_BBOX:
      *x = v[0]; *y = v[1]; *w = v[2]; *h = v[3];
      return TRUE;
    case LW_ANNOTATION_RBOX:
      {
        double c = fabs (cos (v[4])), s = fabs (sin (v[4]));
        *w = v[2] * c + v[3] * s;
        *h = v[2] * s + v[3] * c;
        *x = v[0] - *w / 2;
        *y = v[1] - *h / 2;
        return TRUE;
      }
    case LW_ANNOTATION_KEYPOINTS:
      stride = 3;
      break;
    case LW_ANNOTATION_POLYGON:
    case LW_ANNOTATION_POLYLINE:
    case LW_ANNOTATION_POINT:
      break;
    case LW_ANNOTATION_TAG:
    case LW_ANNOTATION_SPAN:
    case LW_ANNOTATION_N_KINDS:
    default:
      return FALSE;
    }
  for (guint i = 0; i + 1 < n; i += stride)
    {
      if (stride == 3 && v[i + 2] == 0)
        continue;
      x0 = MIN (x0, v[i]); x1 = MAX (x1, v[i]);
      y0 = MIN (y0, v[i + 1]); y1 = MAX (y1, v[i + 1]);
    }
  if (x0 > x1)
    return FALSE;
  *x = x0; *y = y0; *w = x1 - x0; *h = y1 - y0;
  return TRUE;
}

/* ---- JSON ------------------------------------------------------------------------------- */

char *
_lw_geometry_to_json (const GArray *geometry)
{
  GString *s = g_string_new ("[");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < geometry->len; i++)
    {
      double d = g_array_index (geometry, double, i);
      /* Shortest text that reads back to the same double. */
      g_ascii_formatd (buf, sizeof buf, "%.15g", d);
      if (g_ascii_strtod (buf, NULL) != d)
        g_ascii_formatd (buf, sizeof buf, "%.17g", d);
      if (i > 0)
        g_string_append_c (s, ',');
      g_string_append (s, buf);
    }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/* A number as _lw_geometry_to_json writes it, at @p; the end in @end (== @p: none).
 * Up to 15 significant digits without an exponent are m / 10^k, and with m < 2^53 and
 * k <= 22 both are exact doubles, so the one division is correctly rounded: the same double
 * as strtod gives, at a fraction of its cost. Anything else goes to g_ascii_strtod. */
static double
parse_number (const char *p, const char **end)
{
  static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                  1e11, 1e12, 1e13, 1e14, 1e15 };
  const char *q = p + (*p == '-');
  guint64 m = 0;
  guint digits = 0, frac = 0;
  char *slow_end = NULL;
  double d;

  for (; g_ascii_isdigit (*q) && digits < 16; q++, digits++)
    m = m * 10 + (guint64) (*q - '0');
  if (*q == '.')
    for (q++; g_ascii_isdigit (*q) && digits < 16; q++, digits++, frac++)
      m = m * 10 + (guint64) (*q - '0');
  if (digits > 0 && digits <= 15 && !g_ascii_isdigit (*q) && *q != 'e' && *q != 'E' &&
      q[-1] != '.')
    {
      *end = q;
      d = (double) m / pow10[frac];
      return *p == '-' ? -d : d;
    }
  d = g_ascii_strtod (p, &slow_end);
  *end = slow_end;
  return d;
}

/* The geometry column holds what _lw_geometry_to_json writes: a flat array of numbers.
 * Parsed by hand: a JsonParser per annotation was half the time of an export (callgrind,
 * tests/bench/bench-export). Anything else is refused, never guessed at. */
gboolean
_lw_geometry_parse (const char  *json,
                    GArray      *values,
                    GError     **error)
{
  const char *p = json;
  guint n = 0;

  /* Numbers are stored in place, growing @values only when they outnumber what it held:
   * an annotation pool's arrays keep their size from row to row (g_array_append_val and
   * g_array_set_size were a third of the parse, callgrind). */
  if (p == NULL)
    goto bad;
  while (g_ascii_isspace (*p))
    p++;
  if (*p++ != '[')
    goto bad;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == ']')
    p++;
  else
    for (;;)
      {
        const char *end = NULL;
        double d;

        if (!(g_ascii_isdigit (*p) || *p == '-'))
          goto bad;
        d = parse_number (p, &end);
        if (end == p)
          goto bad;
        if (G_UNLIKELY (n == values->len))
          g_array_set_size (values, MAX (8, 2 * n));
        g_array_index (values, double, n++) = d;
        p = end;
        while (g_ascii_isspace (*p))
          p++;
        if (*p == ',')
          {
            p++;
            while (g_ascii_isspace (*p))
              p++;
            continue;
          }
        if (*p++ != ']')
          goto bad;
        break;
      }
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    goto bad;
  if (n != values->len)
    g_array_set_size (values, n);
  return TRUE;

bad:
  g_array_set_size (values, 0);
  g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
               "geometry is not an array of numbers: %.80s", json ? json : "(null)");
  return FALSE;
}

GArray *
_lw_geometry_from_json (const char  *json,
                        GError     **error)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  if (!_lw_geometry_parse (json, values, error))
    return NULL;
  return g_steal_pointer (&values);
}

char *
_lw_annotation_to_json (const LwAnnotation *ann)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *geometry = _lw_geometry_to_json (ann->geometry);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, ann->id);
  json_builder_set_member_name (b, "item_id");
  json_builder_add_int_value (b, ann->item_id);
  json_builder_set_member_name (b, "class_id");
  json_builder_add_int_value (b, ann->class_id);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, lw_annotation_kind_to_string (ann->kind));
  /* Kept as text so that the exact digits survive. */
  json_builder_set_member_name (b, "geometry");
  json_builder_add_string_value (b, geometry);
  json_builder_set_member_name (b, "attributes");
  json_builder_add_string_value (b, ann->attributes);
  json_builder_set_member_name (b, "annotator_id");
  json_builder_add_int_value (b, ann->annotator_id);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, lw_source_to_string (ann->source));
  if (!isnan (ann->score))
    {
      json_builder_set_member_name (b, "score");
      json_builder_add_double_value (b, ann->score);
    }
  json_builder_set_member_name (b, "created_at");
  json_builder_add_int_value (b, ann->created_at);
  json_builder_set_member_name (b, "updated_at");
  json_builder_add_int_value (b, ann->updated_at);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

LwAnnotation *
_lw_annotation_from_json (const char  *json,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LwAnnotation) ann = NULL;
  g_autoptr(GArray) geometry = NULL;
  JsonObject *o;
  LwAnnotationKind kind;
  LwAnnotationSource source;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto bad;
  o = json_node_get_object (json_parser_get_root (parser));
  if (!lw_annotation_kind_from_string (json_object_get_string_member_with_default (o, "kind", ""), &kind) ||
      !lw_source_from_string (json_object_get_string_member_with_default (o, "source", ""), &source))
    goto bad;
  geometry = _lw_geometry_from_json (json_object_get_string_member_with_default (o, "geometry", ""), error);
  if (geometry == NULL)
    return NULL;

  ann = lw_annotation_new (json_object_get_int_member_with_default (o, "item_id", 0),
                           json_object_get_int_member_with_default (o, "class_id", 0), kind);
  ann->id = json_object_get_int_member_with_default (o, "id", 0);
  g_array_unref (ann->geometry);
  ann->geometry = g_steal_pointer (&geometry);
  g_free (ann->attributes);
  ann->attributes = g_strdup (json_object_get_string_member_with_default (o, "attributes", "{}"));
  ann->annotator_id = json_object_get_int_member_with_default (o, "annotator_id", 0);
  ann->source = source;
  ann->score = json_object_has_member (o, "score")
    ? json_object_get_double_member (o, "score") : NAN;
  ann->created_at = json_object_get_int_member_with_default (o, "created_at", 0);
  ann->updated_at = json_object_get_int_member_with_default (o, "updated_at", 0);
  return g_steal_pointer (&ann);

bad:
  g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
               "history entry is not an annotation: %.80s", json);
  return NULL;
}

/* ---- rows ------------------------------------------------------------------------------- */

/* Binds the columns after id to parameters @at + 2 … @at + 11. */
static void
bind_annotation (sqlite3_stmt *stmt, int at, const LwAnnotation *ann, const char *geometry)
{
  sqlite3_bind_int64 (stmt, at + 2, ann->item_id);
  sqlite3_bind_int64 (stmt, at + 3, ann->class_id);
  sqlite3_bind_text (stmt, at + 4, lw_annotation_kind_to_string (ann->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, at + 5, geometry, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, at + 6, ann->attributes ? ann->attributes : "{}", -1, SQLITE_TRANSIENT);
  if (ann->annotator_id > 0)
    sqlite3_bind_int64 (stmt, at + 7, ann->annotator_id);
  sqlite3_bind_text (stmt, at + 8, lw_source_to_string (ann->source), -1, SQLITE_STATIC);
  if (!isnan (ann->score))
    sqlite3_bind_double (stmt, at + 9, ann->score);
  sqlite3_bind_int64 (stmt, at + 10, ann->created_at);
  sqlite3_bind_int64 (stmt, at + 11, ann->updated_at);
}

gboolean
_lw_annotation_insert_row (LwProject     *project,
                           LwAnnotation  *ann,
                           GError       **error)
{
  g_autofree char *geometry = _lw_geometry_to_json (ann->geometry);
  sqlite3_stmt *stmt = _lw_project_stmt (project,
      "INSERT INTO annotation (" ANN_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
      error);

  if (stmt == NULL)
    return FALSE;
  if (ann->id > 0)
    sqlite3_bind_int64 (stmt, 1, ann->id);
  bind_annotation (stmt, 0, ann, geometry);
  if (!_lw_project_step_done (project, stmt, "saving an annotation", error))
    return FALSE;
  ann->id = sqlite3_last_insert_rowid (_lw_project_get_db (project));
  _lw_project_queue_changed (project, ann->item_id);
  return TRUE;
}

/* One INSERT of @n rows (ids not kept): as for items (_lw_project_add_items), the
 * statement's fixed cost, a temporary table for the CHECK of "source", is paid once. */
gboolean
_lw_annotation_insert_rows (LwProject     *project,
                            LwAnnotation **anns,
                            guint          n,
                            GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO annotation (" ANN_COLUMNS ") VALUES ");
  sqlite3_stmt *stmt;

  g_return_val_if_fail (n > 0 && n <= LW_ANNOTATION_BATCH_MAX, FALSE);
  for (guint i = 0; i < n; i++)
    g_string_append (sql, i ? ", (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : "(NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  stmt = _lw_project_stmt (project, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *geometry = _lw_geometry_to_json (anns[i]->geometry);
      bind_annotation (stmt, (int) i * 10 - 1, anns[i], geometry);
    }
  if (!_lw_project_step_done (project, stmt, "saving annotations", error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    _lw_project_queue_changed (project, anns[i]->item_id);
  return TRUE;
}

gboolean
_lw_annotation_update_row (LwProject           *project,
                           const LwAnnotation  *ann,
                           GError             **error)
{
  g_autofree char *geometry = _lw_geometry_to_json (ann->geometry);
  sqlite3_stmt *stmt = _lw_project_stmt (project,
      "UPDATE annotation SET item_id = ?2, class_id = ?3, kind = ?4, geometry = ?5, "
      "attributes = ?6, annotator_id = ?7, source = ?8, score = ?9, created_at = ?10, "
      "updated_at = ?11 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ann->id);
  bind_annotation (stmt, 0, ann, geometry);
  if (!_lw_project_step_done (project, stmt, "saving an annotation", error))
    return FALSE;
  _lw_project_queue_changed (project, ann->item_id);
  return TRUE;
}

gboolean
_lw_annotation_delete_row (LwProject  *project,
                           gint64      annotation_id,
                           GError    **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project, "DELETE FROM annotation WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, annotation_id);
  return _lw_project_step_done (project, stmt, "deleting an annotation", error);
}

/* Fills @ann from a row of ANN_COLUMNS, reusing its geometry array and attributes. */
static gboolean
annotation_fill (LwAnnotation *ann, sqlite3_stmt *stmt, GError **error)
{
  const char *attributes = (const char *) sqlite3_column_text (stmt, 5);

  ann->kind = LW_ANNOTATION_TAG;
  ann->source = LW_SOURCE_MANUAL;
  lw_annotation_kind_from_string ((const char *) sqlite3_column_text (stmt, 3), &ann->kind);
  lw_source_from_string ((const char *) sqlite3_column_text (stmt, 7), &ann->source);
  if (!_lw_geometry_parse ((const char *) sqlite3_column_text (stmt, 4), ann->geometry, error))
    return FALSE;
  ann->id = sqlite3_column_int64 (stmt, 0);
  ann->item_id = sqlite3_column_int64 (stmt, 1);
  ann->class_id = sqlite3_column_int64 (stmt, 2);
  if (g_strcmp0 (ann->attributes, attributes) != 0)
    {
      g_free (ann->attributes);
      ann->attributes = g_strdup (attributes);
    }
  ann->annotator_id = sqlite3_column_int64 (stmt, 6);
  ann->score = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 8);
  ann->created_at = sqlite3_column_int64 (stmt, 9);
  ann->updated_at = sqlite3_column_int64 (stmt, 10);
  return TRUE;
}

/* The cursor's shape-only row: SHAPE_COLUMNS. Reading the other four columns was about a
 * third of the cursor's instructions (callgrind, bench-export), and only the native format
 * writes them. */
#define SHAPE_COLUMNS "id, item_id, class_id, kind, geometry, source, score"

static gboolean
annotation_fill_shape (LwAnnotation *ann, sqlite3_stmt *stmt, GError **error)
{
  ann->kind = LW_ANNOTATION_TAG;
  ann->source = LW_SOURCE_MANUAL;
  lw_annotation_kind_from_string ((const char *) sqlite3_column_text (stmt, 3), &ann->kind);
  lw_source_from_string ((const char *) sqlite3_column_text (stmt, 5), &ann->source);
  if (!_lw_geometry_parse ((const char *) sqlite3_column_text (stmt, 4), ann->geometry, error))
    return FALSE;
  ann->id = sqlite3_column_int64 (stmt, 0);
  ann->item_id = sqlite3_column_int64 (stmt, 1);
  ann->class_id = sqlite3_column_int64 (stmt, 2);
  ann->score = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 6);
  return TRUE;
}

static LwAnnotation *
annotation_from_row (sqlite3_stmt *stmt, GError **error)
{
  g_autoptr(LwAnnotation) ann = lw_annotation_new (0, 0, LW_ANNOTATION_TAG);

  if (!annotation_fill (ann, stmt, error))
    return NULL;
  return g_steal_pointer (&ann);
}

LwAnnotation *
lw_project_get_annotation (LwProject  *project,
                           gint64      annotation_id,
                           GError    **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project,
      "SELECT " ANN_COLUMNS " FROM annotation WHERE id = ?", error);
  LwAnnotation *ann = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, annotation_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    ann = annotation_from_row (stmt, error);
  else if (rc == SQLITE_DONE)
    g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOT_FOUND,
                 "%s: no annotation with id %" G_GINT64_FORMAT,
                 lw_project_get_path (project), annotation_id);
  else
    _lw_project_sql_error (project, rc, "reading an annotation", error);
  sqlite3_reset (stmt);
  return ann;
}

GPtrArray *
lw_project_list_annotations (LwProject  *project,
                             gint64      item_id,
                             gint64      annotator_id,
                             GError    **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_annotation_free);
  sqlite3_stmt *stmt = _lw_project_stmt (project,
      "SELECT " ANN_COLUMNS " FROM annotation WHERE item_id = ?1 "
      "AND (?2 = 0 OR annotator_id = ?2) ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_int64 (stmt, 2, annotator_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LwAnnotation *ann = annotation_from_row (stmt, error);
      if (ann == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (result, ann);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _lw_project_sql_error (project, rc, "reading annotations", error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

/* The export reads every item's annotations: one query per item cost a seek and a
 * statement reset each (bench-export), so a cursor walks annotation_by_item once, alongside
 * the items, which come in increasing id order. Since format 5 that index holds every shape
 * column (schemas/sql/005-annotation-shapes.sql), so the walk never visits the table. Rows
 * fill pooled annotations, so a long export allocates nothing per row. */
struct _LwAnnotationCursor {
  LwProject       *project;
  sqlite3_stmt    *stmt;
  gint64           annotator_id;
  LwCursorColumns  columns;
  gint64           last_item;
  gboolean         started, has_row;
  GPtrArray       *pool;     /* owns the LwAnnotations */
  GPtrArray       *result;   /* borrowed view handed out by _lw_annotation_cursor_next */
};

/* Stepping over the annotations of items that are not exported (a status filter) costs
 * a row each; past this many, seeking to the next item is cheaper. */
#define CURSOR_SKIP_LIMIT 64

LwAnnotationCursor *
_lw_annotation_cursor_new (LwProject        *project,
                           gint64            annotator_id,
                           LwCursorColumns   columns,
                           GError          **error)
{
  static const char *const selected[] = {
    [LW_CURSOR_CLASS] = "id, item_id, class_id",
    [LW_CURSOR_SHAPE] = SHAPE_COLUMNS,
    [LW_CURSOR_ALL] = ANN_COLUMNS,
  };
  sqlite3 *db = _lw_project_get_db (project);
  LwAnnotationCursor *cursor;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  if (db == NULL)
    {
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_FAILED, "%s: the project is closed",
                   lw_project_get_path (project));
      return NULL;
    }
  /* Its own statement, not one from the shared cache: it stays open across other queries. */
  /* Without a layer to filter by, no per-row test of the annotator. With one, SQLite would
   * rather take annotation_by_annotator and look every row up in the table; the walk over
   * annotation_by_item tests the annotator inside the index and reads it in order. */
  sql = g_strdup_printf ("SELECT %s FROM annotation INDEXED BY annotation_by_item "
                         "WHERE item_id >= ?1 %s ORDER BY item_id, id",
                         selected[columns],
                         annotator_id != 0 ? "AND annotator_id = ?2" : "");
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _lw_project_sql_error (project, rc, "reading annotations", error);
      return NULL;
    }
  cursor = g_new0 (LwAnnotationCursor, 1);
  cursor->project = project;
  cursor->stmt = stmt;
  cursor->annotator_id = annotator_id;
  cursor->columns = columns;
  cursor->pool = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_annotation_free);
  cursor->result = g_ptr_array_new ();
  return cursor;
}

static gboolean
cursor_step (LwAnnotationCursor *cursor, GError **error)
{
  int rc = sqlite3_step (cursor->stmt);

  cursor->has_row = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  _lw_project_sql_error (cursor->project, rc, "reading annotations", error);
  return FALSE;
}

static gboolean
cursor_seek (LwAnnotationCursor *cursor, gint64 item_id, GError **error)
{
  sqlite3_reset (cursor->stmt);
  sqlite3_bind_int64 (cursor->stmt, 1, item_id);
  if (cursor->annotator_id != 0)
    sqlite3_bind_int64 (cursor->stmt, 2, cursor->annotator_id);
  cursor->started = TRUE;
  return cursor_step (cursor, error);
}

gboolean
_lw_annotation_cursor_read (LwAnnotationCursor  *cursor,
                            gint64               item_id,
                            GPtrArray           *pool,
                            GPtrArray           *out,
                            GError             **error)
{
  guint skipped = 0;

  if (!cursor->started || item_id <= cursor->last_item)
    {
      if (!cursor_seek (cursor, item_id, error))
        return FALSE;
    }
  while (cursor->has_row && sqlite3_column_int64 (cursor->stmt, 1) < item_id)
    {
      if (++skipped > CURSOR_SKIP_LIMIT)
        {
          if (!cursor_seek (cursor, item_id, error))
            return FALSE;
          break;
        }
      if (!cursor_step (cursor, error))
        return FALSE;
    }
  cursor->last_item = item_id;
  while (cursor->has_row && sqlite3_column_int64 (cursor->stmt, 1) == item_id)
    {
      guint n = out->len;
      LwAnnotation *ann;

      g_assert (n <= pool->len);
      if (n == pool->len)
        g_ptr_array_add (pool, lw_annotation_new (0, 0, LW_ANNOTATION_TAG));
      ann = pool->pdata[n];
      if (cursor->columns == LW_CURSOR_CLASS)
        {
          ann->id = sqlite3_column_int64 (cursor->stmt, 0);
          ann->item_id = sqlite3_column_int64 (cursor->stmt, 1);
          ann->class_id = sqlite3_column_int64 (cursor->stmt, 2);
        }
      else if (!(cursor->columns == LW_CURSOR_ALL ? annotation_fill (ann, cursor->stmt, error)
                                                  : annotation_fill_shape (ann, cursor->stmt, error)))
        return FALSE;
      g_ptr_array_add (out, ann);
      if (!cursor_step (cursor, error))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
_lw_annotation_cursor_next (LwAnnotationCursor  *cursor,
                            gint64               item_id,
                            GError             **error)
{
  g_ptr_array_set_size (cursor->result, 0);
  if (!_lw_annotation_cursor_read (cursor, item_id, cursor->pool, cursor->result, error))
    return NULL;
  return cursor->result;
}

const char *
_lw_annotation_cursor_sql (LwAnnotationCursor *cursor)
{
  return sqlite3_sql (cursor->stmt);
}

void
_lw_annotation_cursor_free (LwAnnotationCursor *cursor)
{
  if (cursor == NULL)
    return;
  sqlite3_finalize (cursor->stmt);
  g_ptr_array_unref (cursor->pool);
  g_ptr_array_unref (cursor->result);
  g_free (cursor);
}

gint64
lw_project_count_annotations (LwProject  *project,
                              GError    **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project, "SELECT count(*) FROM annotation", error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    _lw_project_sql_error (project, sqlite3_errcode (_lw_project_get_db (project)),
                           "counting annotations", error);
  sqlite3_reset (stmt);
  return n;
}

gboolean
_lw_project_has_annotation_kind (LwProject         *project,
                                 LwAnnotationKind   kind,
                                 gboolean          *out,
                                 GError           **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project,
      "SELECT EXISTS (SELECT 1 FROM annotation WHERE kind = ?1)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, lw_annotation_kind_to_string (kind), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *out = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _lw_project_sql_error (project, rc, "looking for annotations", error);
  return TRUE;
}

gint64
lw_project_count_annotations_by_kind (LwProject  *project,
                                      gint64      counts[LW_ANNOTATION_N_KINDS],
                                      GError    **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project,
      "SELECT kind, count(*) FROM annotation GROUP BY kind", error);
  gint64 total = 0;
  int rc;

  memset (counts, 0, sizeof (gint64) * LW_ANNOTATION_N_KINDS);
  if (stmt == NULL)
    return -1;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LwAnnotationKind k;
      if (lw_annotation_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), &k))
        counts[k] = sqlite3_column_int64 (stmt, 1);
      total += sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _lw_project_sql_error (project, rc, "counting annotations", error);
      return -1;
    }
  return total;
}

/* ---- validation ------------------------------------------------------------------------- */

static gboolean
validate_attributes (const LwLabelClass *klass,
                     const char         *attributes,
                     GError            **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *o;

  /* no attributes, the usual case of an import: a parser for "{}" was 7% of a COCO import */
  if (attributes == NULL || strcmp (attributes, "{}") == 0)
    return TRUE;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, attributes, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "attributes must be a JSON object, got %.60s", attributes);
      return FALSE;
    }
  o = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (o);
  for (GList *l = members; l; l = l->next)
    {
      const char *name = l->data;
      const LwAttributeDef *def = lw_label_class_find_attribute (klass, name);
      JsonNode *node = json_object_get_member (o, name);
      GType vt = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      gboolean ok = FALSE;

      if (def == NULL)
        {
          g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                       "class \"%s\" has no attribute \"%s\"", klass->name, name);
          return FALSE;
        }
      switch (def->type)
        {
        case LW_ATTRIBUTE_BOOL:
          ok = vt == G_TYPE_BOOLEAN;
          break;
        case LW_ATTRIBUTE_INT:
          ok = vt == G_TYPE_INT64;
          break;
        case LW_ATTRIBUTE_NUMBER:
          ok = vt == G_TYPE_INT64 || (vt == G_TYPE_DOUBLE && isfinite (json_node_get_double (node)));
          break;
        case LW_ATTRIBUTE_TEXT:
          ok = vt == G_TYPE_STRING;
          break;
        case LW_ATTRIBUTE_CHOICE:
          ok = vt == G_TYPE_STRING &&
               g_strv_contains ((const char *const *) def->choices, json_node_get_string (node));
          break;
        case LW_ATTRIBUTE_MULTI:
          ok = JSON_NODE_HOLDS_ARRAY (node);
          for (guint i = 0; ok && i < json_array_get_length (json_node_get_array (node)); i++)
            {
              JsonNode *e = json_array_get_element (json_node_get_array (node), i);
              ok = JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING &&
                   g_strv_contains ((const char *const *) def->choices, json_node_get_string (e));
            }
          break;
        default:
          break;
        }
      if (!ok)
        {
          g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                       "attribute \"%s\" of class \"%s\" expects a %s value",
                       name, klass->name, lw_attribute_type_to_string (def->type));
          return FALSE;
        }
    }
  return TRUE;
}

/* The item's fields a check needs: lw_project_get_item also counts the item's annotations,
 * a tenth of a COCO import's time when it ran for every annotation. */
static LwItem *
item_for_check (LwProject *project, gint64 item_id, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project,
      "SELECT kind, name, width, height, text FROM item WHERE id = ?", error);
  LwItem *item = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      LwItemKind kind = LW_ITEM_KIND_IMAGE;
      lw_item_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), &kind);
      item = lw_item_new (kind, (const char *) sqlite3_column_text (stmt, 1));
      item->id = item_id;
      item->width = sqlite3_column_int (stmt, 2);
      item->height = sqlite3_column_int (stmt, 3);
      item->text = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOT_FOUND,
                 "%s: no item with id %" G_GINT64_FORMAT, lw_project_get_path (project), item_id);
  else
    _lw_project_sql_error (project, rc, "reading an item", error);
  sqlite3_reset (stmt);
  return item;
}

gboolean
_lw_annotation_validate (LwProject           *project,
                         const LwAnnotation  *ann,
                         GError             **error)
{
  g_autoptr(LwItem) item = item_for_check (project, ann->item_id, error);
  g_autoptr(LwLabelClass) klass = NULL;

  if (item == NULL)
    return FALSE;
  klass = lw_project_get_class (project, ann->class_id, error);
  if (klass == NULL)
    return FALSE;
  if (!lw_label_class_allows (klass, ann->kind))
    {
      g_autofree char *kinds = lw_label_class_dup_kinds_string (klass);
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_KIND,
                   "class \"%s\" allows %s, not %s", klass->name, kinds,
                   lw_annotation_kind_to_string (ann->kind));
      return FALSE;
    }
  if ((ann->kind == LW_ANNOTATION_SPAN) != (item->kind == LW_ITEM_KIND_TEXT) &&
      ann->kind != LW_ANNOTATION_TAG)
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "a %s annotation cannot be placed on %s item \"%s\"",
                   lw_annotation_kind_to_string (ann->kind),
                   item->kind == LW_ITEM_KIND_TEXT ? "text" : "image", item->name);
      return FALSE;
    }
  if (ann->source == LW_SOURCE_PREDICTION && !isnan (ann->score) && (ann->score < 0 || ann->score > 1))
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "a prediction score must lie in [0, 1], got %g", ann->score);
      return FALSE;
    }
  if (!lw_geometry_validate (ann->kind, (const double *) ann->geometry->data, ann->geometry->len,
                             item->width, item->height, item->text, error))
    return FALSE;
  return validate_attributes (klass, ann->attributes, error);
}

/* ---- edits ------------------------------------------------------------------------------ */

static gboolean
finish_edit (LwProject *project, gboolean ok, GError **error)
{
  if (!ok)
    {
      lw_project_rollback (project);
      return FALSE;
    }
  return lw_project_commit (project, error);
}

static gboolean
insert_annotation (LwProject    *project,
                   LwAnnotation *ann,
                   gboolean      record,
                   GError      **error)
{
  g_autofree char *after = NULL;
  gboolean ok;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (ann != NULL, FALSE);

  if (!_lw_annotation_validate (project, ann, error))
    return FALSE;
  if (!lw_project_begin (project, error))
    return FALSE;
  ann->id = 0;
  if (ann->annotator_id == 0)
    ann->annotator_id = lw_project_get_current_annotator (project);
  ann->created_at = ann->updated_at = _lw_now_us ();
  ok = _lw_annotation_insert_row (project, ann, error);
  if (ok && record)
    {
      after = _lw_annotation_to_json (ann);
      ok = _lw_history_record (project, "insert", "annotation", ann->id, ann->item_id,
                               NULL, after, error);
    }
  return finish_edit (project, ok, error);
}

gboolean
lw_project_add_annotation (LwProject     *project,
                           LwAnnotation  *ann,
                           GError       **error)
{
  return insert_annotation (project, ann, TRUE, error);
}

gboolean
lw_project_import_annotation (LwProject     *project,
                              LwAnnotation  *ann,
                              GError       **error)
{
  return insert_annotation (project, ann, FALSE, error);
}

gboolean
lw_project_update_annotation (LwProject           *project,
                              const LwAnnotation  *ann,
                              GError             **error)
{
  g_autoptr(LwAnnotation) old = NULL;
  g_autoptr(LwAnnotation) updated = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean ok;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);

  if (!_lw_annotation_validate (project, ann, error))
    return FALSE;
  if (!lw_project_begin (project, error))
    return FALSE;
  old = lw_project_get_annotation (project, ann->id, error);
  if (old == NULL)
    return finish_edit (project, FALSE, error);
  if (old->item_id != ann->item_id)
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "an annotation cannot move to another item");
      return finish_edit (project, FALSE, error);
    }
  updated = lw_annotation_copy (ann);
  updated->created_at = old->created_at;
  updated->updated_at = _lw_now_us ();
  before = _lw_annotation_to_json (old);
  after = _lw_annotation_to_json (updated);
  ok = _lw_annotation_update_row (project, updated, error) &&
       _lw_history_record (project, "update", "annotation", ann->id, ann->item_id,
                           before, after, error);
  return finish_edit (project, ok, error);
}

gboolean
lw_project_delete_annotation (LwProject  *project,
                              gint64      annotation_id,
                              GError    **error)
{
  g_autoptr(LwAnnotation) old = NULL;
  g_autofree char *before = NULL;
  gboolean ok;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);

  if (!lw_project_begin (project, error))
    return FALSE;
  old = lw_project_get_annotation (project, annotation_id, error);
  if (old == NULL)
    return finish_edit (project, FALSE, error);
  before = _lw_annotation_to_json (old);
  ok = _lw_annotation_delete_row (project, annotation_id, error) &&
       _lw_history_record (project, "delete", "annotation", annotation_id, old->item_id,
                           before, NULL, error);
  if (ok)
    _lw_project_queue_changed (project, old->item_id);
  return finish_edit (project, ok, error);
}
