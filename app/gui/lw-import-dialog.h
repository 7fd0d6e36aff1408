/* lw-import-dialog.h: choosing sources and options, then importing with progress */
#pragma once

#include <adwaita.h>
#include <labelwright.h>

#include "lw-window.h"

G_BEGIN_DECLS

#define LW_TYPE_IMPORT_DIALOG (lw_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LwImportDialog, lw_import_dialog, LW, IMPORT_DIALOG, AdwWindow)

LwImportDialog *lw_import_dialog_new         (LwWindow           *window);
/* Replaces the list of files, folders and archives to import. */
void            lw_import_dialog_set_sources (LwImportDialog     *self,
                                              const char *const  *paths);
void            lw_import_dialog_set_format  (LwImportDialog     *self,
                                              LwImportFormat      format);
/* What the Import button does (action "import.start"). */
void            lw_import_dialog_start       (LwImportDialog     *self);
/* "options", "running", "done", "failed" or "cancelled". */
const char     *lw_import_dialog_get_state   (LwImportDialog     *self);
/* The summary or the core's error message shown at the end; "" before. */
const char     *lw_import_dialog_get_message (LwImportDialog     *self);

G_END_DECLS
