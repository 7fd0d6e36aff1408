/* lw-export-dialog.h: choosing a format, an output and a selection, then exporting */
#pragma once

#include <adwaita.h>
#include <labelwright.h>

#include "lw-window.h"

G_BEGIN_DECLS

#define LW_TYPE_EXPORT_DIALOG (lw_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LwExportDialog, lw_export_dialog, LW, EXPORT_DIALOG, AdwWindow)

LwExportDialog *lw_export_dialog_new         (LwWindow        *window);
void            lw_export_dialog_set_output  (LwExportDialog  *self,
                                              const char      *path);
const char     *lw_export_dialog_get_output  (LwExportDialog  *self);
/* Chooses @annotator's layer (NULL: every layer) when the project has it; FALSE if not. */
gboolean        lw_export_dialog_set_layer   (LwExportDialog  *self,
                                              const char      *annotator);
void            lw_export_dialog_set_format  (LwExportDialog  *self,
                                              LwExportFormat   format);
/* What the Export button does (action "export.start"). */
void            lw_export_dialog_start       (LwExportDialog  *self);
/* "options", "running", "done", "failed" or "cancelled". */
const char     *lw_export_dialog_get_state   (LwExportDialog  *self);
/* The summary or the core's error message shown at the end; "" before. */
const char     *lw_export_dialog_get_message (LwExportDialog  *self);

G_END_DECLS
