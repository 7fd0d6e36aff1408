/* lw-project-private.h: what the core's other modules need of an open project */
#pragma once

#include <sqlite3.h>
#include "lw-project.h"

G_BEGIN_DECLS

sqlite3      *_lw_project_get_db        (LwProject    *self);
/* A prepared statement from the connection's cache, reset and with bindings cleared.
 * Do not finalize it. NULL with @error set when the SQL does not prepare. */
sqlite3_stmt *_lw_project_stmt          (LwProject    *self,
                                         const char   *sql,
                                         GError      **error);
/* Sets @error from SQLite's state for @rc, naming the project file and @what (a lock held
 * past the busy timeout, a full disk, a damaged file...). Returns FALSE. */
gboolean      _lw_project_sql_error     (LwProject    *self,
                                         int           rc,
                                         const char   *what,
                                         GError      **error);
/* The same for a connection that is not an LwProject yet (creation, migration). */
gboolean      _lw_store_sql_error       (sqlite3      *db,
                                         const char   *path,
                                         int           rc,
                                         const char   *what,
                                         GError      **error);
/* Runs a statement to completion (no rows expected). */
gboolean      _lw_project_step_done     (LwProject    *self,
                                         sqlite3_stmt *stmt,
                                         const char   *what,
                                         GError      **error);
gboolean      _lw_project_exec          (LwProject    *self,
                                         const char   *sql,
                                         GError      **error);
gboolean      _lw_project_check_writable(LwProject    *self,
                                         GError      **error);

/* History group of the current outermost transaction, allocated on first use. */
gint64        _lw_project_history_group (LwProject    *self,
                                         GError      **error);
/* Queues "changed" for @item_id; emitted after the outermost commit. */
void          _lw_project_queue_changed (LwProject    *self,
                                         gint64        item_id);

gint64        _lw_now_us                (void);

GHashTable   *_lw_project_class_cache   (LwProject    *self);
void          _lw_project_invalidate_class_cache (LwProject *self);
void          _lw_class_free_func       (gpointer      klass);

/* lw-migrate.c */
int           _lw_migrate_latest_version (void);
gboolean      _lw_migrate                (sqlite3     *db,
                                          const char  *path,
                                          int          from_version,
                                          GError     **error);

G_END_DECLS
