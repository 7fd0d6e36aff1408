/* lw-sample.h: the bundled sample project, generated on first use */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The path of the sample project under the user's cache folder; builds it (images,
 * classes, annotations, one prediction, two texts) when it is missing. */
char *lw_sample_ensure (GError **error);
/* Builds the sample into @folder (which must exist) as "sample.lwproj"; returns its path. */
char *lw_sample_build  (const char  *folder,
                        GError     **error);

G_END_DECLS
