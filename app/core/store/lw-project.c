#define G_LOG_DOMAIN "lw-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "lw-error.h"
#include "lw-item.h"
#include "lw-project-private.h"

/* How long a writer waits for another process's transaction before it reports the
 * project as busy. Edits are single short transactions, so waiting beats failing. */
#define BUSY_TIMEOUT_MS 5000

struct _LwProject
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  char       *folder;
  GHashTable *stmts;          /* SQL text -> sqlite3_stmt* */
  gboolean    read_only;
  int         format;         /* PRAGMA user_version once open */

  guint       tx_depth;
  gboolean    tx_failed;      /* an inner step rolled back: the outer commit must fail */
  gint64      tx_group;       /* history group of the open transaction, or 0 */
  GArray     *tx_changed;     /* item ids to announce after commit, in order */
  GHashTable *tx_changed_set; /* the same ids, so that queuing stays O(1) in bulk imports */

  gint64      current_annotator;

  GHashTable *class_cache;    /* class id -> LwLabelClass*, see _lw_project_class_cache */
  gint64      class_cache_version;
};

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LwProject, lw_project, G_TYPE_OBJECT)

gint64
_lw_now_us (void)
{
  return g_get_real_time ();
}

static void
lw_project_finalize (GObject *object)
{
  LwProject *self = LW_PROJECT (object);

  lw_project_close (self);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->tx_changed, g_array_unref);
  g_clear_pointer (&self->tx_changed_set, g_hash_table_unref);
  g_clear_pointer (&self->class_cache, g_hash_table_unref);
  g_free (self->path);
  g_free (self->folder);
  G_OBJECT_CLASS (lw_project_parent_class)->finalize (object);
}

static void
lw_project_class_init (LwProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lw_project_finalize;

  /* Emitted on the thread that commits, after the change is durable. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
stmt_finalize (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
lw_project_init (LwProject *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stmt_finalize);
  self->tx_changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tx_changed_set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

sqlite3 *
_lw_project_get_db (LwProject *self)
{
  return self->db;
}

gboolean
_lw_store_sql_error (sqlite3     *db,
                     const char  *path,
                     int          rc,
                     const char  *what,
                     GError     **error)
{
  const char *msg = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if (path == NULL)
    path = "project";
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_BUSY,
                   "%s: the project is being changed by another program and stayed locked "
                   "for more than %d seconds while %s; try again when it has finished",
                   path, BUSY_TIMEOUT_MS / 1000, what);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_CORRUPT,
                   "%s: the project file is damaged (%s while %s)", path, msg, what);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_READ_ONLY,
                   "%s: the project cannot be written (%s while %s)", path, msg, what);
      break;
    case SQLITE_FULL:
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_IO,
                   "%s: the disk is full while %s", path, what);
      break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_IO,
                   "%s: input/output error while %s: %s", path, what, msg);
      break;
    default:
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_FAILED,
                   "%s: %s: %s", path, what, msg);
      break;
    }
  return FALSE;
}

gboolean
_lw_project_sql_error (LwProject   *self,
                       int          rc,
                       const char  *what,
                       GError     **error)
{
  return _lw_store_sql_error (self->db, self->path, rc, what, error);
}

static gboolean
check_open (LwProject *self, GError **error)
{
  if (self->db != NULL)
    return TRUE;
  g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_FAILED,
               "%s: the project is closed", self->path ? self->path : "project");
  return FALSE;
}

sqlite3_stmt *
_lw_project_stmt (LwProject   *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!check_open (self, error))
    return NULL;

  stmt = g_hash_table_lookup (self->stmts, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _lw_project_sql_error (self, rc, "preparing a query", error);
      return NULL;
    }
  g_hash_table_insert (self->stmts, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_lw_project_step_done (LwProject    *self,
                       sqlite3_stmt *stmt,
                       const char   *what,
                       GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _lw_project_sql_error (self, rc, what, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
_lw_project_exec (LwProject   *self,
                  const char  *sql,
                  GError     **error)
{
  int rc;

  if (!check_open (self, error))
    return FALSE;
  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return _lw_project_sql_error (self, rc, sql, error);
  return TRUE;
}

gboolean
_lw_project_check_writable (LwProject  *self,
                            GError    **error)
{
  if (!check_open (self, error))
    return FALSE;
  if (self->read_only)
    {
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_READ_ONLY,
                   "%s: the project is open read-only", self->path);
      return FALSE;
    }
  return TRUE;
}

/* ---- opening ---------------------------------------------------------------------------- */

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Whether @path has a write-ahead log with frames in it. */
static gboolean
has_wal (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  return g_stat (wal, &st) == 0 && st.st_size > 0;
}

/* Looks at the 100-byte SQLite header with plain reads, before SQLite touches the file,
 * so that a file that is not ours is refused without a byte of it changing. */
static gboolean
check_header (const char  *path,
              GError     **error)
{
  guint8 header[100];
  GStatBuf st;
  int fd;
  gssize n;
  guint32 page_size, page_count, app_id, version;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, LW_STORE_ERROR,
                   saved == ENOENT ? LW_STORE_ERROR_NOT_FOUND : LW_STORE_ERROR_IO,
                   "%s: cannot open the project: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_NOT_PROJECT,
                   "%s: not a Labelwright project (not a regular file)", path);
      return FALSE;
    }
  n = read (fd, header, sizeof header);
  close (fd);

  if (st.st_size == 0)
    {
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_NOT_PROJECT,
                   "%s: not a Labelwright project (the file is empty)", path);
      return FALSE;
    }
  if (n < (gssize) sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_NOT_PROJECT,
                   "%s: not a Labelwright project (not an SQLite database)", path);
      return FALSE;
    }

  app_id = be32 (header + 68);
  version = be32 (header + 60);
  if (app_id != LW_PROJECT_APPLICATION_ID)
    {
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_NOT_PROJECT,
                   "%s: not a Labelwright project (an SQLite database of another program)", path);
      return FALSE;
    }
  if (version > (guint32) _lw_migrate_latest_version ())
    {
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_TOO_NEW,
                   "%s: the project was written by a newer Labelwright (format %u; this "
                   "version reads up to format %d); update Labelwright to open it",
                   path, version, _lw_migrate_latest_version ());
      return FALSE;
    }

  page_size = ((guint32) header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  if (page_size < 512 || (page_size & (page_size - 1)) != 0)
    {
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_CORRUPT,
                   "%s: the project file is damaged (bad page size %u)", path, page_size);
      return FALSE;
    }
  /* A process killed during a checkpoint leaves the file shorter than its header says, with
   * every page still in the write-ahead log, from which SQLite completes it on open: the size
   * tells nothing then. */
  if (has_wal (path))
    return TRUE;
  /* The in-header page count is valid when the change counter matches "version valid for". */
  page_count = be32 (header + 28);
  if (be32 (header + 24) == be32 (header + 92) &&
      (guint64) st.st_size < (guint64) page_size * page_count)
    {
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_CORRUPT,
                   "%s: the project file is truncated (%" G_GUINT64_FORMAT " of %"
                   G_GUINT64_FORMAT " bytes)", path,
                   (guint64) st.st_size, (guint64) page_size * page_count);
      return FALSE;
    }
  if (st.st_size % page_size != 0)
    {
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_CORRUPT,
                   "%s: the project file is truncated (%" G_GUINT64_FORMAT
                   " bytes is not a whole number of %u-byte pages)", path,
                   (guint64) st.st_size, page_size);
      return FALSE;
    }
  return TRUE;
}

static int
query_int (sqlite3 *db, const char *sql, int *out)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

static gboolean
connect (LwProject           *self,
         LwProjectOpenFlags   flags,
         GError             **error)
{
  int oflags = SQLITE_OPEN_NOMUTEX;
  int rc, version = 0;
  char mode[16] = "";
  sqlite3_stmt *stmt = NULL;

  oflags |= (flags & LW_PROJECT_OPEN_READ_ONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  rc = sqlite3_open_v2 (self->path, &self->db, oflags, NULL);
  if (rc != SQLITE_OK)
    return _lw_project_sql_error (self, rc, "opening", error);

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  self->read_only = sqlite3_db_readonly (self->db, "main") == 1;

  rc = sqlite3_exec (self->db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return _lw_project_sql_error (self, rc, "opening", error);

  /* Reading the journal mode is the first real read: a damaged file fails here. */
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_strlcpy (mode, (const char *) sqlite3_column_text (stmt, 0), sizeof mode);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return _lw_project_sql_error (self, rc, "reading the project", error);

  if (!self->read_only && g_ascii_strcasecmp (mode, "wal") != 0)
    {
      rc = sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        return _lw_project_sql_error (self, rc, "switching to WAL", error);
    }

  rc = query_int (self->db, "PRAGMA user_version", &version);
  if (rc != SQLITE_OK)
    return _lw_project_sql_error (self, rc, "reading the format version", error);
  /* Read-only, an older format is read as it is (looking never changes the file): what a
   * later migration added is read through lw_project_get_format_version's fallbacks. */
  if (version >= 1 && version < _lw_migrate_latest_version () && self->read_only)
    g_debug ("%s: format %d read without upgrading", self->path, version);
  else if (version < _lw_migrate_latest_version ())
    {
      if (self->read_only)
        {
          g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_READ_ONLY,
                       "%s: the project uses the older format %d and must be upgraded, "
                       "but it is read-only", self->path, version);
          return FALSE;
        }
      if (!_lw_migrate (self->db, self->path, version, error))
        return FALSE;
      version = _lw_migrate_latest_version ();
    }
  self->format = version;

  /* Touch every table the model relies on, so that a damaged schema is reported now. */
  rc = sqlite3_exec (self->db,
                     "SELECT count(*) FROM project_meta; SELECT id FROM label_class LIMIT 1;"
                     "SELECT id FROM item LIMIT 1; SELECT id FROM annotation LIMIT 1;"
                     "SELECT id FROM history LIMIT 1;",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_CORRUPT,
                   "%s: the project file is damaged: %s", self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

static LwProject *
project_new (const char *path)
{
  LwProject *self = g_object_new (LW_TYPE_PROJECT, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) parent = g_file_get_parent (file);

  self->path = g_file_get_path (file);
  self->folder = parent ? g_file_get_path (parent) : g_strdup ("/");
  return self;
}

LwProject *
lw_project_open (const char          *path,
                 LwProjectOpenFlags   flags,
                 GError             **error)
{
  g_autoptr(LwProject) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_header (path, error))
    return NULL;

  self = project_new (path);
  if (!connect (self, flags, error))
    return NULL;
  g_debug ("%s: opened%s", self->path, self->read_only ? " read-only" : "");
  return g_steal_pointer (&self);
}

LwProject *
lw_project_create (const char  *path,
                   const char  *name,
                   const char  *domain,
                   GError     **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *created = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *basename = NULL;
  sqlite3 *db = NULL;
  char *errmsg = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_EXISTS,
                   "%s: a file of that name already exists", path);
      return NULL;
    }

  /* Build the file under a temporary name and rename it into place, so that a failed
   * creation leaves nothing that looks like a project. */
  tmp = g_strdup_printf ("%s.tmp-%u", path, g_random_int ());
  rc = sqlite3_open_v2 (tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_IO,
                   "%s: cannot create the project: %s", path,
                   db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  if (name == NULL || *name == '\0')
    {
      basename = lw_project_file_stem (path);
      name = basename;
    }

  rc = sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;"
                     "PRAGMA application_id = 1280790602;", NULL, NULL, &errmsg);
  G_STATIC_ASSERT (LW_PROJECT_APPLICATION_ID == 1280790602);
  if (rc == SQLITE_OK && _lw_migrate (db, path, 0, error))
    {
      char *q = sqlite3_mprintf ("INSERT INTO project_meta (key, value) VALUES "
                                 "('name', %Q), ('domain', %Q), ('created', %lld), "
                                 "('creator', %Q)",
                                 name, domain ? domain : "custom",
                                 (long long) (g_get_real_time () / G_USEC_PER_SEC),
                                 "Labelwright " VERSION);
      rc = sqlite3_exec (db, q, NULL, NULL, &errmsg);
      sqlite3_free (q);
      if (rc != SQLITE_OK)
        g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_IO,
                     "%s: cannot create the project: %s", path, errmsg);
    }
  else if (rc != SQLITE_OK)
    g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_IO,
                 "%s: cannot create the project: %s", path, errmsg);
  sqlite3_free (errmsg);

  if (sqlite3_close (db) != SQLITE_OK || (error && *error))
    {
      g_unlink (tmp);
      return NULL;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_IO,
                   "%s: cannot create the project: %s", path, g_strerror (saved));
      return NULL;
    }
  return lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, error);
}

void
lw_project_close (LwProject *self)
{
  g_return_if_fail (LW_IS_PROJECT (self));

  if (self->db == NULL)
    return;
  if (self->tx_depth > 0)
    lw_project_rollback (self);
  g_hash_table_remove_all (self->stmts);
  if (sqlite3_close (self->db) != SQLITE_OK)
    g_warning ("%s: closing: %s", self->path, sqlite3_errmsg (self->db));
  self->db = NULL;
}

const char *
lw_project_get_path (LwProject *self)
{
  g_return_val_if_fail (LW_IS_PROJECT (self), NULL);
  return self->path;
}

const char *
lw_project_get_folder (LwProject *self)
{
  g_return_val_if_fail (LW_IS_PROJECT (self), NULL);
  return self->folder;
}

char *
lw_project_dup_media_folder (LwProject *self)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (LW_IS_PROJECT (self), NULL);
  base = lw_project_file_stem (self->path);
  return g_strdup_printf ("%s/%s-media", self->folder, base);
}

gboolean
lw_project_is_read_only (LwProject *self)
{
  g_return_val_if_fail (LW_IS_PROJECT (self), TRUE);
  return self->read_only;
}

int
lw_project_get_format_version (LwProject *self)
{
  g_return_val_if_fail (LW_IS_PROJECT (self), 0);
  return self->format;
}

gboolean
lw_project_needs_upgrade (LwProject *self)
{
  g_return_val_if_fail (LW_IS_PROJECT (self), FALSE);
  return self->format < _lw_migrate_latest_version ();
}

gboolean
lw_project_file_needs_upgrade (const char *path)
{
  g_autoptr(LwProject) project = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, NULL);

  return project != NULL && lw_project_needs_upgrade (project);
}

char *
lw_project_file_stem (const char *path)
{
  char *base;

  g_return_val_if_fail (path != NULL, NULL);
  base = g_path_get_basename (path);
  if (g_str_has_suffix (base, ".lwproj"))
    base[strlen (base) - strlen (".lwproj")] = '\0';
  return base;
}

/* ---- metadata --------------------------------------------------------------------------- */

char *
lw_project_dup_meta (LwProject  *self,
                     const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (LW_IS_PROJECT (self), NULL);
  stmt = _lw_project_stmt (self, "SELECT value FROM project_meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gboolean
lw_project_set_meta (LwProject   *self,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LW_IS_PROJECT (self), FALSE);
  if (!_lw_project_check_writable (self, error))
    return FALSE;
  stmt = _lw_project_stmt (self,
                           "INSERT INTO project_meta (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return _lw_project_step_done (self, stmt, "saving project settings", error);
}

char *
lw_project_dup_name (LwProject *self)
{
  return lw_project_dup_meta (self, "name");
}

char *
lw_project_dup_domain (LwProject *self)
{
  return lw_project_dup_meta (self, "domain");
}

/* ---- transactions ----------------------------------------------------------------------- */

static void
clear_changed (LwProject *self)
{
  g_array_set_size (self->tx_changed, 0);
  g_hash_table_remove_all (self->tx_changed_set);
}

gboolean
lw_project_begin (LwProject  *self,
                  GError    **error)
{
  g_return_val_if_fail (LW_IS_PROJECT (self), FALSE);

  if (self->tx_depth == 0)
    {
      /* IMMEDIATE takes the write lock now, so the busy timeout covers the whole
       * transaction instead of failing at the first write. */
      if (!_lw_project_check_writable (self, error) ||
          !_lw_project_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      self->tx_failed = FALSE;
      self->tx_group = 0;
      clear_changed (self);
    }
  self->tx_depth++;
  return TRUE;
}

static void
emit_changed (LwProject *self)
{
  g_autoptr(GArray) changed = g_array_copy (self->tx_changed);

  clear_changed (self);
  for (guint i = 0; i < changed->len; i++)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0, g_array_index (changed, gint64, i));
}

gboolean
lw_project_commit (LwProject  *self,
                   GError    **error)
{
  g_return_val_if_fail (LW_IS_PROJECT (self), FALSE);

  if (self->tx_depth == 0)
    {
      g_set_error (error, LW_STORE_ERROR, LW_STORE_ERROR_FAILED,
                   "%s: the change was rolled back", self->path);
      return FALSE;
    }
  if (--self->tx_depth > 0)
    return TRUE;
  if (!_lw_project_exec (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      clear_changed (self);
      return FALSE;
    }
  emit_changed (self);
  return TRUE;
}

void
lw_project_rollback (LwProject *self)
{
  g_return_if_fail (LW_IS_PROJECT (self));

  /* A rolled-back schema change may sit in the cache. */
  _lw_project_invalidate_class_cache (self);

  if (self->tx_depth == 0)
    return;
  /* Rolling back an inner step aborts the whole transaction: all or nothing. */
  self->tx_depth = 0;
  self->tx_group = 0;
  clear_changed (self);
  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
lw_project_in_transaction (LwProject *self)
{
  return self->tx_depth > 0;
}

gint64
_lw_project_history_group (LwProject  *self,
                           GError    **error)
{
  sqlite3_stmt *stmt;

  g_assert (self->tx_depth > 0);
  if (self->tx_group != 0)
    return self->tx_group;

  /* A new edit ends the redo chain. */
  stmt = _lw_project_stmt (self, "DELETE FROM history WHERE undone = 1", error);
  if (stmt == NULL || !_lw_project_step_done (self, stmt, "recording history", error))
    return 0;
  stmt = _lw_project_stmt (self, "SELECT coalesce(max(grp), 0) + 1 FROM history", error);
  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self->tx_group = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (self->tx_group == 0)
    _lw_project_sql_error (self, sqlite3_errcode (self->db), "recording history", error);
  return self->tx_group;
}

void
_lw_project_queue_changed (LwProject *self,
                           gint64     item_id)
{
  if (g_hash_table_contains (self->tx_changed_set, &item_id))
    return;
  g_hash_table_add (self->tx_changed_set, g_memdup2 (&item_id, sizeof item_id));
  g_array_append_val (self->tx_changed, item_id);
  if (self->tx_depth == 0)
    emit_changed (self);
}

void
lw_project_set_current_annotator (LwProject *self,
                                  gint64     annotator_id)
{
  g_return_if_fail (LW_IS_PROJECT (self));
  self->current_annotator = annotator_id;
}

gint64
lw_project_get_current_annotator (LwProject *self)
{
  g_return_val_if_fail (LW_IS_PROJECT (self), 0);
  return self->current_annotator;
}

/* Edits validate against their class on every call; parsing the class each time doubled
 * the cost of an edit (bench-edit). The cache is dropped when this connection changes the
 * schema and when PRAGMA data_version says another connection committed. */
GHashTable *
_lw_project_class_cache (LwProject *self)
{
  sqlite3_stmt *stmt = _lw_project_stmt (self, "PRAGMA data_version", NULL);
  gint64 version = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  if (self->class_cache == NULL || version != self->class_cache_version || version < 0)
    {
      g_clear_pointer (&self->class_cache, g_hash_table_unref);
      self->class_cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, _lw_class_free_func);
      self->class_cache_version = version;
    }
  return self->class_cache;
}

void
_lw_project_invalidate_class_cache (LwProject *self)
{
  g_clear_pointer (&self->class_cache, g_hash_table_unref);
}
