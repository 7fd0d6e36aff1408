/* lw-project.h: a project is one SQLite file; LwProject is the open connection to it */
#pragma once

#include <gio/gio.h>
#include "lw-types.h"

G_BEGIN_DECLS

#define LW_TYPE_PROJECT (lw_project_get_type ())
G_DECLARE_FINAL_TYPE (LwProject, lw_project, LW, PROJECT, GObject)

/* The file format version this build writes (PRAGMA user_version after migration). */
#define LW_PROJECT_FORMAT_VERSION 5
/* PRAGMA application_id of every project file: "LWPJ". */
#define LW_PROJECT_APPLICATION_ID 0x4c57504a

typedef enum {
  LW_PROJECT_OPEN_DEFAULT   = 0,
  LW_PROJECT_OPEN_READ_ONLY = 1 << 0,
} LwProjectOpenFlags;

LwProject  *lw_project_create          (const char          *path,
                                        const char          *name,
                                        const char          *domain,
                                        GError             **error);
LwProject  *lw_project_open            (const char          *path,
                                        LwProjectOpenFlags   flags,
                                        GError             **error);
/* Closes the connection; later calls fail. Also done on finalize. */
void        lw_project_close           (LwProject           *self);

const char *lw_project_get_path        (LwProject           *self);
/* The folder that holds the project file: relative media paths start here. */
const char *lw_project_get_folder      (LwProject           *self);
/* "NAME-media" beside "NAME.lwproj": where imported archives are extracted. */
char       *lw_project_dup_media_folder(LwProject           *self);
gboolean    lw_project_is_read_only    (LwProject           *self);
/* The file's format (PRAGMA user_version): LW_PROJECT_FORMAT_VERSION, or an older one for a
 * project open read-only, which is read as it is. */
int         lw_project_get_format_version (LwProject        *self);
/* TRUE when the file is in an older format, which opening it read-write upgrades (once; on a
 * large project that takes a while). Only a read-only project can be in one. */
gboolean    lw_project_needs_upgrade   (LwProject           *self);
/* The same for the file at @path, looked at read-only (which never changes it); FALSE when
 * it cannot be opened at all, which opening it for editing then reports. */
gboolean    lw_project_file_needs_upgrade (const char        *path);
/* @path's file name without its folder and its ".lwproj" ending: what a project file is
 * called where no project name is at hand. */
char       *lw_project_file_stem       (const char          *path);

char       *lw_project_dup_meta        (LwProject           *self,
                                        const char          *key);
gboolean    lw_project_set_meta        (LwProject           *self,
                                        const char          *key,
                                        const char          *value,
                                        GError             **error);
char       *lw_project_dup_name        (LwProject           *self);
char       *lw_project_dup_domain      (LwProject           *self);

/* Several calls in one transaction (and, for edits, one undo step).
 * Nest freely; only the outermost end commits. On error call lw_project_rollback. */
gboolean    lw_project_begin           (LwProject           *self,
                                        GError             **error);
gboolean    lw_project_commit          (LwProject           *self,
                                        GError             **error);
void        lw_project_rollback        (LwProject           *self);
gboolean    lw_project_in_transaction  (LwProject           *self);

/* Integrity: PRAGMA integrity_check plus the model's own invariants.
 * Returns TRUE when clean; problems are appended to @problems (may be NULL). */
gboolean    lw_project_check           (LwProject           *self,
                                        GPtrArray           *problems,
                                        GError             **error);

/* Signals:
 *  "changed" (gint64 item_id): emitted on the main context that owns the project
 *  after any committed change to that item's annotations or status (item_id 0: many items / schema). */

G_END_DECLS
