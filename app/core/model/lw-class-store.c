#define G_LOG_DOMAIN "lw-model"

#include <string.h>

#include "lw-error.h"
#include "lw-model-private.h"
#include "lw-schema.h"

/* A class is stored as a one-class document in the schema format, so that the schema parser
 * is the single place that validates a class; name and hotkey are columns for uniqueness. */

static char *
class_definition (const LwLabelClass *klass)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, (gpointer) klass);
  return lw_schema_to_json (one, "custom");
}

static LwLabelClass *
class_from_row (LwProject *project, sqlite3_stmt *stmt, GError **error)
{
  const char *def = (const char *) sqlite3_column_text (stmt, 1);
  g_autofree char *source = g_strdup_printf ("%s: label_class %lld", lw_project_get_path (project),
                                             (long long) sqlite3_column_int64 (stmt, 0));
  g_autoptr(GPtrArray) parsed = lw_schema_parse (def, strlen (def), source, NULL, error);
  LwLabelClass *klass;

  if (parsed == NULL)
    return NULL;
  if (parsed->len != 1)
    {
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_CORRUPT, "%s: not one class", source);
      return NULL;
    }
  klass = lw_label_class_copy (parsed->pdata[0]);
  klass->id = sqlite3_column_int64 (stmt, 0);
  klass->position = sqlite3_column_int (stmt, 2);
  return klass;
}

GPtrArray *
lw_project_list_classes (LwProject  *project,
                         GError    **error)
{
  g_autoptr(GPtrArray) classes = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_label_class_free);
  sqlite3_stmt *stmt = _lw_project_stmt (project,
      "SELECT id, definition, position FROM label_class ORDER BY position, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LwLabelClass *klass = class_from_row (project, stmt, error);
      if (klass == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (classes, klass);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _lw_project_sql_error (project, rc, "reading the label schema", error);
      return NULL;
    }
  return g_steal_pointer (&classes);
}

static LwLabelClass *
get_class (LwProject *project, const char *sql, gint64 id, const char *name, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project, sql, error);
  LwLabelClass *klass = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (name)
    sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    klass = class_from_row (project, stmt, error);
  else if (rc == SQLITE_DONE)
    {
      if (name)
        g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOT_FOUND,
                     "%s: no class named \"%s\"", lw_project_get_path (project), name);
      else
        g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOT_FOUND,
                     "%s: no class with id %" G_GINT64_FORMAT, lw_project_get_path (project), id);
    }
  else
    _lw_project_sql_error (project, rc, "reading a class", error);
  sqlite3_reset (stmt);
  return klass;
}

void
_lw_class_free_func (gpointer klass)
{
  lw_label_class_free (klass);
}

LwLabelClass *
lw_project_get_class (LwProject *project, gint64 class_id, GError **error)
{
  GHashTable *cache = _lw_project_class_cache (project);
  LwLabelClass *klass = g_hash_table_lookup (cache, &class_id);

  if (klass == NULL)
    {
      klass = get_class (project, "SELECT id, definition, position FROM label_class WHERE id = ?",
                         class_id, NULL, error);
      if (klass == NULL)
        return NULL;
      g_hash_table_insert (cache, g_memdup2 (&class_id, sizeof class_id), klass);
    }
  return lw_label_class_copy (klass);
}

LwLabelClass *
lw_project_find_class (LwProject *project, const char *name)
{
  return get_class (project, "SELECT id, definition, position FROM label_class WHERE name = ?",
                    0, name, NULL);
}

/* Round-trips through the parser: whatever it refuses, the store refuses. */
static gboolean
validate_class (const LwLabelClass *klass, GError **error)
{
  g_autofree char *def = class_definition (klass);
  g_autofree char *source = g_strdup_printf ("class \"%s\"", klass->name ? klass->name : "");
  g_autoptr(GPtrArray) parsed = NULL;

  if (klass->name == NULL)
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID, "a class needs a name");
      return FALSE;
    }
  parsed = lw_schema_parse (def, strlen (def), source, NULL, error);
  return parsed != NULL;
}

static gboolean
check_unique (LwProject *project, const LwLabelClass *klass, GError **error)
{
  g_autoptr(GPtrArray) classes = lw_project_list_classes (project, error);

  if (classes == NULL)
    return FALSE;
  for (guint i = 0; i < classes->len; i++)
    {
      LwLabelClass *other = classes->pdata[i];
      if (other->id == klass->id)
        continue;
      if (g_ascii_strcasecmp (other->name, klass->name) == 0)
        {
          g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_DUPLICATE,
                       "a class named \"%s\" already exists", other->name);
          return FALSE;
        }
      if (klass->hotkey && other->hotkey && g_ascii_strcasecmp (other->hotkey, klass->hotkey) == 0)
        {
          g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_DUPLICATE,
                       "hotkey \"%s\" of class \"%s\" is already used by class \"%s\"",
                       klass->hotkey, klass->name, other->name);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
lw_project_add_class (LwProject     *project,
                      LwLabelClass  *klass,
                      GError       **error)
{
  g_autofree char *def = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);
  if (!_lw_project_check_writable (project, error) || !validate_class (klass, error))
    return FALSE;
  klass->id = 0;
  if (!check_unique (project, klass, error))
    return FALSE;
  def = class_definition (klass);
  stmt = _lw_project_stmt (project,
      "INSERT INTO label_class (name, hotkey, position, definition) VALUES (?, ?, "
      "(SELECT coalesce(max(position), -1) + 1 FROM label_class), ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, klass->name, -1, SQLITE_STATIC);
  if (klass->hotkey)
    sqlite3_bind_text (stmt, 2, klass->hotkey, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, def, -1, SQLITE_STATIC);
  if (!_lw_project_step_done (project, stmt, "adding a class", error))
    return FALSE;
  klass->id = sqlite3_last_insert_rowid (_lw_project_get_db (project));
  _lw_project_invalidate_class_cache (project);
  _lw_project_queue_changed (project, 0);
  return TRUE;
}

static gint64
count_uses (LwProject *project, gint64 class_id, const char *kind)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project,
      "SELECT count(*) FROM annotation WHERE class_id = ?1 AND (?2 IS NULL OR kind = ?2)", NULL);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, class_id);
  if (kind)
    sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

gboolean
lw_project_update_class (LwProject           *project,
                         const LwLabelClass  *klass,
                         GError             **error)
{
  g_autoptr(LwLabelClass) old = NULL;
  g_autofree char *def = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);
  if (!_lw_project_check_writable (project, error) || !validate_class (klass, error))
    return FALSE;
  old = lw_project_get_class (project, klass->id, error);
  if (old == NULL || !check_unique (project, klass, error))
    return FALSE;
  for (int k = 0; k < LW_ANNOTATION_N_KINDS; k++)
    {
      gint64 uses;
      if (!lw_label_class_allows (old, k) || lw_label_class_allows (klass, k))
        continue;
      uses = count_uses (project, klass->id, lw_annotation_kind_to_string (k));
      if (uses != 0)
        {
          g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                       "class \"%s\" cannot drop the kind %s: %" G_GINT64_FORMAT
                       " annotations use it", old->name, lw_annotation_kind_to_string (k), uses);
          return FALSE;
        }
    }
  def = class_definition (klass);
  stmt = _lw_project_stmt (project,
      "UPDATE label_class SET name = ?, hotkey = ?, position = ?, definition = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, klass->name, -1, SQLITE_STATIC);
  if (klass->hotkey)
    sqlite3_bind_text (stmt, 2, klass->hotkey, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, klass->position);
  sqlite3_bind_text (stmt, 4, def, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, klass->id);
  if (!_lw_project_step_done (project, stmt, "saving a class", error))
    return FALSE;
  _lw_project_invalidate_class_cache (project);
  _lw_project_queue_changed (project, 0);
  return TRUE;
}

gboolean
lw_project_remove_class (LwProject  *project,
                         gint64      class_id,
                         GError    **error)
{
  g_autoptr(LwLabelClass) old = NULL;
  sqlite3_stmt *stmt;
  gint64 uses;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);
  if (!_lw_project_check_writable (project, error))
    return FALSE;
  old = lw_project_get_class (project, class_id, error);
  if (old == NULL)
    return FALSE;
  uses = count_uses (project, class_id, NULL);
  if (uses != 0)
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "class \"%s\" is used by %" G_GINT64_FORMAT " annotations; "
                   "delete or relabel them first", old->name, uses);
      return FALSE;
    }
  stmt = _lw_project_stmt (project, "DELETE FROM label_class WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, class_id);
  if (!_lw_project_step_done (project, stmt, "removing a class", error))
    return FALSE;
  _lw_project_invalidate_class_cache (project);
  _lw_project_queue_changed (project, 0);
  return TRUE;
}

gint64
lw_project_count_class_annotations (LwProject  *project,
                                    gint64      class_id,
                                    GError    **error)
{
  gint64 n;

  g_return_val_if_fail (LW_IS_PROJECT (project), -1);
  n = count_uses (project, class_id, NULL);
  if (n < 0)
    g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_FAILED,
                 "%s: cannot count the annotations of class %" G_GINT64_FORMAT,
                 lw_project_get_path (project), class_id);
  return n;
}

gboolean
lw_project_remove_class_and_annotations (LwProject  *project,
                                         gint64      class_id,
                                         GError    **error)
{
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);
  if (!lw_project_begin (project, error))
    return FALSE;
  /* History entries hold annotations as JSON written by _lw_annotation_to_json, where
   * "class_id":N is always followed by a comma; LIKE keeps the query portable. */
  pattern = g_strdup_printf ("%%\"class_id\":%" G_GINT64_FORMAT ",%%", class_id);
  stmt = _lw_project_stmt (project,
      "DELETE FROM history WHERE grp IN (SELECT grp FROM history WHERE entity = 'annotation' "
      "AND (before LIKE ?1 OR after LIKE ?1))", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  if (!_lw_project_step_done (project, stmt, "dropping the history of a class", error))
    goto fail;
  stmt = _lw_project_stmt (project, "DELETE FROM annotation WHERE class_id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, class_id);
  if (!_lw_project_step_done (project, stmt, "removing the annotations of a class", error) ||
      !lw_project_remove_class (project, class_id, error))
    goto fail;
  return lw_project_commit (project, error);

fail:
  lw_project_rollback (project);
  return FALSE;
}
