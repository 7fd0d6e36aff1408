#define G_LOG_DOMAIN "lw-store"

#include "config.h"

#include <gio/gio.h>

#include "lw-error.h"
#include "lw-project-private.h"

/* Migrations live in schemas/sql/NNN-*.sql, compiled into the core as a GResource.
 * Version N is reached by running script N; PRAGMA user_version records it. */
static const char *const migrations[] = {
  "001-initial.sql",
  "002-item-counts.sql",
  "003-item-blocks.sql",
  "004-assignment.sql",
  "005-annotation-shapes.sql",
};

int
_lw_migrate_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

gboolean
_lw_migrate (sqlite3     *db,
             const char  *path,
             int          from_version,
             GError     **error)
{
  for (int v = from_version + 1; v <= _lw_migrate_latest_version (); v++)
    {
      g_autofree char *res = g_strconcat ("/io/github/labelwright/core/sql/", migrations[v - 1], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (res, 0, NULL);
      g_autofree char *sql = NULL;
      int rc;

      g_assert (bytes != NULL);
      sql = g_strdup_printf ("BEGIN IMMEDIATE; %.*s; PRAGMA user_version = %d; COMMIT;",
                             (int) g_bytes_get_size (bytes),
                             (const char *) g_bytes_get_data (bytes, NULL), v);
      rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          /* Named as every other store error: a lock held by another program past the busy
           * timeout reads as such, not as "database is locked". */
          g_autofree char *what = g_strdup_printf (from_version == 0 ? "creating the project (format %d)"
                                                                     : "upgrading the project to format %d", v);
          _lw_store_sql_error (db, path, rc, what, error);
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      g_debug ("%s: migrated to format %d", path, v);
    }
  return TRUE;
}
