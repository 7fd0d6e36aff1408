/* lw-sample.h: the bundled sample project, generated on first use */
#pragma once

#include <labelwright.h>

G_BEGIN_DECLS

/* The path of the sample project under the user's cache folder; builds it (images,
 * classes, annotations, one prediction, two texts) when it is missing. */
char *lw_sample_ensure (GError **error);
/* Builds the sample into @folder (which must exist) as "sample.lwproj"; returns its path. */
char *lw_sample_build  (const char  *folder,
                        GError     **error);

/* The education sample: essays and exam answers (English and Chinese) in the education
 * template, some labelled (error spans with corrections, scores, knowledge points, one
 * prediction), some new. Built into @folder as "education-sample.lwproj". */
char *lw_sample_build_education  (const char  *folder,
                                  GError     **error);
char *lw_sample_ensure_education (GError     **error);

typedef char *(*LwSampleBuildFunc) (const char *folder, GError **error);
/* Adds a sample's content to @project, inside its transaction, after the domain's
 * @n_classes classes; its media go to @folder. */
typedef gboolean (*LwSampleFillFunc) (LwProject   *project,
                                      const char  *folder,
                                      guint        n_classes,
                                      GError     **error);
/* Builds @folder/@file_name: a project titled @title with @domain's classes, filled by @fill
 * in one transaction, under another name until it is complete. Returns its path. */
char *lw_sample_build_project    (const char         *folder,
                                  const char         *file_name,
                                  const char         *title,
                                  const char         *domain,
                                  LwSampleFillFunc    fill,
                                  GError            **error);
/* @file_name in the user's cache folder for samples, built by @build when missing. */
char *lw_sample_ensure_built     (const char         *file_name,
                                  LwSampleBuildFunc   build,
                                  GError            **error);

G_END_DECLS
