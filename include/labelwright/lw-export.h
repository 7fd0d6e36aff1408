/* lw-export.h: datasets out of a project, as archives in the formats training code reads */
#pragma once

#include <gio/gio.h>
#include "lw-types.h"

G_BEGIN_DECLS

typedef enum {
  LW_EXPORT_COCO,
  LW_EXPORT_YOLO,
  LW_EXPORT_VOC,
  LW_EXPORT_LABELME,
  LW_EXPORT_JSONL,
  LW_EXPORT_CSV,
  LW_EXPORT_NATIVE,
  LW_EXPORT_BIO,         /* CoNLL-style BIO token tags of text spans */
  LW_EXPORT_N_FORMATS
} LwExportFormat;

#define LW_EXPORT_MAX_SPLITS 8

typedef struct {
  char   *name;      /* "train", "val", "test", ... */
  double  fraction;  /* > 0; the fractions of a spec sum to 1 */
} LwExportSplit;

typedef struct {
  LwExportFormat  format;
  guint           status_mask;  /* bits (1 << LwItemStatus); 0 = every item */
  /* Items without a split are assigned one of these (n_splits 0: they export as "default").
   * Items that already have a split keep it. */
  LwExportSplit   splits[LW_EXPORT_MAX_SPLITS];
  guint           n_splits;
  guint64         seed;
  gboolean        no_media;     /* annotations only: no media files in the output */
  gboolean        skip_missing; /* leave out items whose media file is missing, instead of failing */
  gint64          annotator_id; /* the layer to export; 0 = every layer */
  /* Owned, NULL-terminated; NULL = every class. Only these classes are exported: the
   * category lists (COCO categories, YOLO names, ...) hold just them, in schema order, and
   * annotations of other classes are left out. Items are still selected by status only. */
  char          **classes;
  /* Images without EXIF, XMP, IPTC, comments and text chunks: JPEG and PNG are filtered
   * segment by segment (lossless: the pixel data is copied as it is), BMP is copied, other
   * formats fail naming the file (LW_EXPORT_ERROR_UNSUPPORTED), malformed JPEG or PNG fails
   * naming the file (LW_EXPORT_ERROR_FAILED). */
  gboolean        strip_metadata;
  /* Files named by content: sha256 of the item + the original extension, in every format's
   * references; item names and external ids are replaced too (texts get their sha256). */
  gboolean        anonymize_names;
  /* Nullable, caller-owned: receives the names (char*, owned) of items left out
   * because their media is missing (skip_missing). */
  GPtrArray      *skipped;
} LwExportOptions;

/* Defaults: COCO, every status, no split spec, seed 0, media included. */
void            lw_export_options_init      (LwExportOptions *opts);
void            lw_export_options_clear     (LwExportOptions *opts);

const char     *lw_export_format_to_string  (LwExportFormat format);
gboolean        lw_export_format_from_string(const char *str, LwExportFormat *out);

/* Parses "train=0.8,val=0.1,test=0.1" into @opts (fractions must be > 0 and sum to 1 within
 * 1e-6). LW_EXPORT_ERROR_INVALID_ARGUMENT naming the bad part. */
gboolean        lw_export_parse_splits      (LwExportOptions *opts,
                                             const char      *spec,
                                             GError         **error);
/* Parses "done,accepted" into a status mask. */
gboolean        lw_export_parse_statuses    (const char      *spec,
                                             guint           *mask_out,
                                             GError         **error);

/* Writes the selected items of @project to @output. The container follows @output's ending:
 * .zip, .tar, .tar.gz (.tgz), .tar.xz, .tar.zst, or a folder (no ending, or a trailing '/').
 * The output is written beside the target under a temporary name and renamed at the end; on
 * failure or cancellation nothing is left behind. Runs on the calling thread. */
gboolean        lw_export_run               (LwProject             *project,
                                             const LwExportOptions *opts,
                                             const char            *output,
                                             LwProgressFunc         progress,
                                             gpointer               progress_data,
                                             GCancellable          *cancellable,
                                             GError               **error);

G_END_DECLS
