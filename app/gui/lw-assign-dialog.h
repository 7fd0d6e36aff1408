/* lw-assign-dialog.h: giving the items out to annotators (the CLI's `assign`) */
#pragma once

#include <adwaita.h>

#include "lw-window.h"

G_BEGIN_DECLS

#define LW_TYPE_ASSIGN_DIALOG (lw_assign_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LwAssignDialog, lw_assign_dialog, LW, ASSIGN_DIALOG, AdwWindow)

/* Proposes the plan saved by the last assignment of @window's project, if any. */
LwAssignDialog *lw_assign_dialog_new         (LwWindow       *window);
/* What the Assign button does (action "assign.start"). */
void            lw_assign_dialog_start       (LwAssignDialog *self);
/* "options", "running", "done" or "failed". */
const char     *lw_assign_dialog_get_state   (LwAssignDialog *self);
/* The summary or the core's error message shown at the end; "" before. */
const char     *lw_assign_dialog_get_message (LwAssignDialog *self);

G_END_DECLS
