#define G_LOG_DOMAIN "lw-history"

#include <string.h>

#include "lw-error.h"
#include "lw-model-private.h"

gboolean
_lw_history_record (LwProject   *project,
                    const char  *op,
                    const char  *entity,
                    gint64       entity_id,
                    gint64       item_id,
                    const char  *before,
                    const char  *after,
                    GError     **error)
{
  gint64 grp = _lw_project_history_group (project, error);
  sqlite3_stmt *stmt;

  if (grp == 0)
    return FALSE;
  stmt = _lw_project_stmt (project,
      "INSERT INTO history (grp, op, entity, entity_id, item_id, before, after, annotator_id, at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, grp);
  sqlite3_bind_text (stmt, 2, op, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, entity, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, entity_id);
  sqlite3_bind_int64 (stmt, 5, item_id);
  sqlite3_bind_text (stmt, 6, before, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, after, -1, SQLITE_STATIC);
  if (lw_project_get_current_annotator (project) > 0)
    sqlite3_bind_int64 (stmt, 8, lw_project_get_current_annotator (project));
  sqlite3_bind_int64 (stmt, 9, _lw_now_us ());
  return _lw_project_step_done (project, stmt, "recording history", error);
}

/* Writes the state @json describes for one history entry: an annotation row (NULL: absent)
 * or an item status. */
static gboolean
apply_state (LwProject   *project,
             const char  *entity,
             gint64       entity_id,
             gint64       item_id,
             const char  *json,
             GError     **error)
{
  if (strcmp (entity, "item_status") == 0)
    {
      LwItemStatus status;
      g_autofree char *name = g_strndup (json + 1, strlen (json) - 2);   /* "\"done\"" */
      if (!lw_item_status_from_string (name, &status))
        {
          g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                       "history holds an unknown status %s", json);
          return FALSE;
        }
      return _lw_item_status_row (project, item_id, status, error);
    }
  if (json == NULL)
    {
      _lw_project_queue_changed (project, item_id);
      return _lw_annotation_delete_row (project, entity_id, error);
    }
  else
    {
      g_autoptr(LwAnnotation) ann = _lw_annotation_from_json (json, error);
      g_autoptr(LwAnnotation) existing = NULL;
      if (ann == NULL)
        return FALSE;
      existing = lw_project_get_annotation (project, ann->id, NULL);
      return existing ? _lw_annotation_update_row (project, ann, error)
                      : _lw_annotation_insert_row (project, ann, error);
    }
}

/* Undo takes the newest group that is not undone and restores "before" of each entry,
 * newest first; redo takes the oldest undone group and reapplies "after", oldest first. */
static gboolean
step (LwProject  *project,
      gboolean    undo,
      gint64     *item_id_out,
      GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 grp = 0, last_item = 0;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);

  if (!lw_project_begin (project, error))
    return FALSE;
  stmt = _lw_project_stmt (project, undo
      ? "SELECT grp FROM history WHERE undone = 0 ORDER BY id DESC LIMIT 1"
      : "SELECT grp FROM history WHERE undone = 1 ORDER BY id ASC LIMIT 1", error);
  if (stmt == NULL)
    goto fail;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    grp = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (grp == 0)
    {
      lw_project_rollback (project);
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOTHING_TO_UNDO,
                   undo ? "nothing to undo" : "nothing to redo");
      return FALSE;
    }

  stmt = _lw_project_stmt (project, undo
      ? "SELECT entity, entity_id, item_id, before FROM history WHERE grp = ? ORDER BY id DESC"
      : "SELECT entity, entity_id, item_id, after FROM history WHERE grp = ? ORDER BY id ASC",
      error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, grp);
  /* Collect first: applying reuses cached statements. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *json = (const char *) sqlite3_column_text (stmt, 3);
      g_ptr_array_add (entries, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (entries, g_strdup_printf ("%lld", (long long) sqlite3_column_int64 (stmt, 1)));
      g_ptr_array_add (entries, g_strdup_printf ("%lld", (long long) sqlite3_column_int64 (stmt, 2)));
      g_ptr_array_add (entries, g_strdup (json));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _lw_project_sql_error (project, rc, "reading history", error);
      goto fail;
    }

  for (guint i = 0; ok && i < entries->len; i += 4)
    {
      last_item = g_ascii_strtoll (entries->pdata[i + 2], NULL, 10);
      ok = apply_state (project, entries->pdata[i], g_ascii_strtoll (entries->pdata[i + 1], NULL, 10),
                        last_item, entries->pdata[i + 3], error);
    }
  if (!ok)
    goto fail;

  stmt = _lw_project_stmt (project, "UPDATE history SET undone = ? WHERE grp = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, undo ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, grp);
  if (!_lw_project_step_done (project, stmt, "recording history", error))
    goto fail;
  if (!lw_project_commit (project, error))
    return FALSE;
  if (item_id_out)
    *item_id_out = last_item;
  return TRUE;

fail:
  lw_project_rollback (project);
  return FALSE;
}

gboolean
lw_project_undo (LwProject *project, gint64 *item_id_out, GError **error)
{
  return step (project, TRUE, item_id_out, error);
}

gboolean
lw_project_redo (LwProject *project, gint64 *item_id_out, GError **error)
{
  return step (project, FALSE, item_id_out, error);
}

static gboolean
exists (LwProject *project, const char *sql)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project, sql, NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

gboolean
lw_project_can_undo (LwProject *project)
{
  return exists (project, "SELECT 1 FROM history WHERE undone = 0 LIMIT 1");
}

gboolean
lw_project_can_redo (LwProject *project)
{
  return exists (project, "SELECT 1 FROM history WHERE undone = 1 LIMIT 1");
}
