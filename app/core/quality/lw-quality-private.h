/* lw-quality-private.h: what the quality module's files share */
#pragma once

#include "lw-quality.h"
#include "lw-project-private.h"

G_BEGIN_DECLS

/* A read transaction, so that every number of one report describes the same state of the
 * project. lw_project_begin takes the write lock (and refuses read-only projects), which
 * reading must not. Inside a caller's transaction both are no-ops. Returns whether a
 * transaction was opened (pass it to _lw_quality_read_end). */
gboolean _lw_quality_read_begin (LwProject *project,
                                 gboolean  *opened,
                                 GError   **error);
void     _lw_quality_read_end   (LwProject *project,
                                 gboolean   opened);

G_END_DECLS
