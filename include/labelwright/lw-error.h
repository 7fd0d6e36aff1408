/* lw-error.h: one error domain per module of the core */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LW_STORE_ERROR (lw_store_error_quark ())
#define LW_MODEL_ERROR (lw_model_error_quark ())
#define LW_SCHEMA_ERROR (lw_schema_error_quark ())
#define LW_IMPORT_ERROR (lw_import_error_quark ())
#define LW_EXPORT_ERROR (lw_export_error_quark ())

typedef enum {
  LW_STORE_ERROR_FAILED,
  LW_STORE_ERROR_NOT_FOUND,      /* the file does not exist */
  LW_STORE_ERROR_EXISTS,         /* create: the file already exists */
  LW_STORE_ERROR_NOT_PROJECT,    /* not a Labelwright project (empty, text, other SQLite file) */
  LW_STORE_ERROR_CORRUPT,        /* damaged or truncated */
  LW_STORE_ERROR_TOO_NEW,        /* written by a newer Labelwright */
  LW_STORE_ERROR_BUSY,           /* locked by another process for longer than the busy timeout */
  LW_STORE_ERROR_READ_ONLY,      /* the file cannot be written */
  LW_STORE_ERROR_IO,
} LwStoreError;

typedef enum {
  LW_MODEL_ERROR_FAILED,
  LW_MODEL_ERROR_INVALID,        /* geometry, span or value fails validation */
  LW_MODEL_ERROR_NOT_FOUND,      /* no item, class or annotation with that id */
  LW_MODEL_ERROR_KIND,           /* the class does not allow that annotation kind */
  LW_MODEL_ERROR_DUPLICATE,      /* a class name or hotkey is already taken */
  LW_MODEL_ERROR_NOTHING_TO_UNDO,
} LwModelError;

typedef enum {
  LW_SCHEMA_ERROR_FAILED,
  LW_SCHEMA_ERROR_PARSE,         /* not JSON */
  LW_SCHEMA_ERROR_INVALID,       /* JSON, but not a valid label schema */
  LW_SCHEMA_ERROR_UNKNOWN_DOMAIN,
} LwSchemaError;

typedef enum {
  LW_IMPORT_ERROR_FAILED,
  LW_IMPORT_ERROR_PARSE,
  LW_IMPORT_ERROR_INVALID,
  LW_IMPORT_ERROR_UNKNOWN_CLASS,
  LW_IMPORT_ERROR_UNSAFE_PATH,
  LW_IMPORT_ERROR_LIMIT,
  LW_IMPORT_ERROR_MISSING_MEDIA,
  LW_IMPORT_ERROR_UNSUPPORTED,
  LW_IMPORT_ERROR_CANCELLED,
} LwImportError;

typedef enum {
  LW_EXPORT_ERROR_FAILED,
  LW_EXPORT_ERROR_MISSING_MEDIA,
  LW_EXPORT_ERROR_WRITE,
  LW_EXPORT_ERROR_UNSUPPORTED,
  LW_EXPORT_ERROR_INVALID_ARGUMENT,
} LwExportError;

GQuark lw_store_error_quark  (void);
GQuark lw_model_error_quark  (void);
GQuark lw_schema_error_quark (void);
GQuark lw_import_error_quark (void);
GQuark lw_export_error_quark (void);

G_END_DECLS
