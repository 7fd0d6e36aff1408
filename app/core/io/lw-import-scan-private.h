/* lw-import-scan-private.h: reading, hashing and sizing image files, alone or in a worker thread
 * ahead of the import (io/lw-import.c) */
#pragma once

#include <glib.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* What reading one image file found. */
typedef struct {
  char     sha256[65];   /* lowercase hex; empty when @error is set */
  int      width, height;
  GError  *error;        /* the file could not be read (no hash): names the file */
  GError  *image_error;  /* read and hashed, but not an image this system can read, or over
                          * the size limits: names the file */
  gboolean skipped;      /* not an image name: left for the caller (a text among images) */
} LwImageScan;

void  _lw_image_scan_clear (LwImageScan *scan);
/* Reads @path once: its SHA-256 and its size (a PNG's from its IHDR, others through
 * gdk-pixbuf), checked against @max_pixels. Thread-safe. */
void  _lw_image_scan_file  (const char *path, guint64 max_pixels, LwImageScan *scan);

/* Scans a list of files in a worker thread, a bounded number ahead of the consumer, and hands
 * the results out in the order of the list whatever the thread timing. Names for which
 * _lw_import_is_image_name is false get a result marked skipped. */
typedef struct _LwImportScan LwImportScan;

LwImportScan      *_lw_import_scan_start (GPtrArray *paths, guint64 max_pixels,
                                          GCancellable *cancellable, GError **error);
/* The result for the next path of the list, valid until the next call (its errors may be
 * stolen); NULL when the worker stopped early because @cancellable was cancelled. */
LwImageScan       *_lw_import_scan_next  (LwImportScan *scan);
/* Stops the worker (it may be ahead of the consumer) and waits for it. */
void               _lw_import_scan_free  (LwImportScan *scan);

/* SHA-256 digests (lowercase hex) kept by their first 64 bits, 16 bytes each: "absent" is
 * exact, "maybe" may be a prefix shared with another digest and has to be confirmed. */
typedef struct _LwShaSet LwShaSet;

LwShaSet          *_lw_sha_set_new        (void);
void               _lw_sha_set_free       (LwShaSet *set);
void               _lw_sha_set_add        (LwShaSet *set, const char *sha256);
gboolean           _lw_sha_set_maybe_has  (const LwShaSet *set, const char *sha256);

/* Tests only: a ring of @ring results published @step at a time (0: the defaults), and a
 * worker that sleeps a random 0..@delay_us before each file, for scans started afterwards. */
void               _lw_import_scan_set_test_limits (guint ring, guint step, guint delay_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwImportScan, _lw_import_scan_free)

G_END_DECLS
