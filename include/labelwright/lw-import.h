/* lw-import.h: bringing media, texts, annotations and predictions into a project */
#pragma once

#include <gio/gio.h>
#include "lw-types.h"

G_BEGIN_DECLS

typedef enum {
  LW_IMPORT_FORMAT_AUTO,
  LW_IMPORT_FORMAT_IMAGES,
  LW_IMPORT_FORMAT_TEXT,
  LW_IMPORT_FORMAT_COCO,
  LW_IMPORT_FORMAT_YOLO,
  LW_IMPORT_FORMAT_VOC,
  LW_IMPORT_FORMAT_LABELME,
  LW_IMPORT_FORMAT_JSONL,
  LW_IMPORT_FORMAT_CSV,
} LwImportFormat;

/* Limits for untrusted input (DESIGN invariant 5). Zero in the options means the default. */
#define LW_IMPORT_MAX_PIXELS          G_GUINT64_CONSTANT (500000000)   /* 500 megapixels */
#define LW_IMPORT_MAX_SIDE            65535
#define LW_IMPORT_MAX_ARCHIVE_BYTES   G_GUINT64_CONSTANT (17179869184) /* 16 GiB extracted */
#define LW_IMPORT_MAX_ARCHIVE_ENTRIES 1000000

typedef struct {
  LwImportFormat  format;
  gboolean        add_classes;      /* unknown classes are added instead of refused */
  gboolean        predictions;      /* annotations are model output: source=prediction + score */
  const char     *annotator;        /* layer name; NULL = the user's name */
  guint64         max_pixels;       /* 0 = LW_IMPORT_MAX_PIXELS */
  guint64         max_archive_bytes;/* 0 = LW_IMPORT_MAX_ARCHIVE_BYTES */
  guint           max_archive_entries; /* 0 = LW_IMPORT_MAX_ARCHIVE_ENTRIES */
} LwImportOptions;

typedef struct {
  guint64 items_added;
  guint64 duplicates;         /* media or texts the project already held */
  guint64 annotations_added;
  guint64 classes_added;
  guint64 warnings;           /* skipped shapes, symlinks left out, unsupported entries */
  guint64 clamped;            /* coordinates moved inside the image */
  /* Annotations left out because the same layer already held them (same item, class,
   * kind and geometry) before this import: importing a file twice adds nothing. */
  guint64 annotations_present;
} LwImportReport;

const char *lw_import_format_to_string   (LwImportFormat  format);
gboolean    lw_import_format_from_string (const char     *str,
                                          LwImportFormat *out);

/* Imports @sources (folders, files or archives) into @project in one transaction: on error
 * or cancellation nothing is changed (files extracted from archives are removed again).
 * @opts and @report may be NULL. */
gboolean    lw_import_run                (LwProject              *project,
                                          const char *const      *sources,
                                          const LwImportOptions  *opts,
                                          LwImportReport         *report,
                                          LwProgressFunc          progress,
                                          gpointer                progress_data,
                                          GCancellable           *cancellable,
                                          GError                **error);

G_END_DECLS
