#define G_LOG_DOMAIN "lw-error"

#include "lw-error.h"

G_DEFINE_QUARK (lw-store-error-quark, lw_store_error)
G_DEFINE_QUARK (lw-model-error-quark, lw_model_error)
G_DEFINE_QUARK (lw-schema-error-quark, lw_schema_error)
G_DEFINE_QUARK (lw-import-error-quark, lw_import_error)
G_DEFINE_QUARK (lw-export-error-quark, lw_export_error)
