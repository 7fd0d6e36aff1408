#define G_LOG_DOMAIN "lw-model"

#include "lw-error.h"
#include "lw-model-private.h"

static gboolean
collect_rows (LwProject *project, const char *sql, const char *prefix,
              GPtrArray *problems, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project, sql, error);
  gboolean clean = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (text, "ok") == 0)
        continue;
      clean = FALSE;
      if (problems)
        g_ptr_array_add (problems, g_strdup_printf ("%s%s", prefix, text ? text : "?"));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _lw_project_sql_error (project, rc, "checking the project", error);
      return FALSE;
    }
  return clean;
}

gboolean
lw_project_check (LwProject  *project,
                  GPtrArray  *problems,
                  GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean clean = TRUE;
  int rc;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);

  clean &= collect_rows (project, "PRAGMA integrity_check", "integrity: ", problems, &local);
  if (local == NULL)
    clean &= collect_rows (project,
        "SELECT 'table ' || \"table\" || ' row ' || rowid || ' refers to a missing ' || parent "
        "FROM pragma_foreign_key_check", "", problems, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  /* Every annotation must still pass the model's validation. */
  stmt = _lw_project_stmt (project, "SELECT id FROM annotation ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  {
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (ids, id);
      }
    sqlite3_reset (stmt);
    for (guint i = 0; i < ids->len; i++)
      {
        g_autoptr(GError) err = NULL;
        g_autoptr(LwAnnotation) ann = lw_project_get_annotation (project, g_array_index (ids, gint64, i), &err);
        if (ann == NULL || !_lw_annotation_validate (project, ann, &err))
          {
            clean = FALSE;
            if (problems)
              g_ptr_array_add (problems, g_strdup_printf ("annotation %" G_GINT64_FORMAT ": %s",
                                                          g_array_index (ids, gint64, i), err->message));
          }
      }
  }
  return clean;
}
