/* lw-write-private.h: what the export pipeline hands each format writer */
#pragma once

#include <string.h>

#include "lw-annotation.h"
#include "lw-error.h"
#include "lw-item.h"
#include "lw-quality.h"
#include "lw-schema.h"
#include "io/lw-export-private.h"

G_BEGIN_DECLS

typedef struct {
  LwProject             *project;
  LwExportSink          *sink;
  const LwExportOptions *opts;
  GPtrArray             *classes;      /* LwLabelClass*, palette order */
  GHashTable            *class_index;  /* class id (gint64*) -> 0-based position in classes + 1 */
  GPtrArray             *split_names;  /* char*: every split an item may be written to */
  char                  *domain;
  char                  *project_name;
} LwWriteContext;

typedef struct {
  const LwItem *item;         /* texts carry their whole text */
  const char   *split;        /* never NULL ("default" when the item has none) */
  const char   *file_name;    /* images: a base name unique in the export; NULL for texts */
  const char   *stem;         /* file_name without its extension, or the text's id */
  const char   *media_src;    /* absolute path of the media to copy, NULL when none */
  GPtrArray    *annotations;  /* LwAnnotation*, id order, of the exported layer */
  GPtrArray    *reviews;      /* LwReview*, oldest first; NULL unless the writer needs them */
} LwWriteItem;

typedef struct {
  const char *name;
  guint       item_kinds;     /* bits (1 << LwItemKind) the format carries */
  /* Reads attributes, annotator_id and the times of annotations (else only the shape). */
  gboolean    all_columns;
  /* Each item's reviews come in LwWriteItem.reviews. Writers never query the project
   * while items stream: a reader thread owns the connection then. */
  gboolean    needs_reviews;
  gpointer  (*begin)  (LwWriteContext *ctx, GError **error);
  gboolean  (*item)   (LwWriteContext *ctx, gpointer state, const LwWriteItem *wi, GError **error);
  gboolean  (*finish) (LwWriteContext *ctx, gpointer state, GError **error);
  void      (*free)   (gpointer state);
} LwFormatWriter;

extern const LwFormatWriter _lw_coco_writer;
extern const LwFormatWriter _lw_yolo_writer;
extern const LwFormatWriter _lw_voc_writer;
extern const LwFormatWriter _lw_labelme_writer;
extern const LwFormatWriter _lw_jsonl_writer;
extern const LwFormatWriter _lw_csv_writer;
extern const LwFormatWriter _lw_native_writer;
extern const LwFormatWriter _lw_bio_writer;

/* 0-based position of a class in the schema order, or -1. */
int      _lw_write_class_index  (LwWriteContext *ctx, gint64 class_id);
const LwLabelClass *_lw_write_class (LwWriteContext *ctx, gint64 class_id);
/* Copies the item's media to @entry when there is media to copy. */
gboolean _lw_write_media        (LwWriteContext *ctx, const LwWriteItem *wi,
                                 const char *entry, GError **error);

/* The corners of a rotated box (cx, cy, w, h, angle): top-left, top-right, bottom-right,
 * bottom-left before rotation. */
void     _lw_rbox_corners       (const double *rbox, double corners[8]);

/* g_string_append_len without GLib 2.74's general insert path, which cost about 100
 * instructions a call and was a third of COCO formatting (callgrind, bench-export). */
static inline void
_lw_gstring_put (GString *out, const char *s, gsize n)
{
  if (G_LIKELY (out->len + n < out->allocated_len))
    {
      memcpy (out->str + out->len, s, n);
      out->len += n;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, s, n);
}

static inline void
_lw_gstring_putc (GString *out, char c)
{
  if (G_LIKELY (out->len + 1 < out->allocated_len))
    {
      out->str[out->len++] = c;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_c (out, c);
}

/* A string literal. */
#define _lw_gstring_lit(out, lit) _lw_gstring_put ((out), "" lit "", sizeof (lit) - 1)

/* An integer in decimal, as "%" G_GINT64_FORMAT writes it. */
void     _lw_gstring_int        (GString *out, gint64 v);
/* Locale-independent number formatting: the shortest text that reads back as @v. */
void     _lw_gstring_num        (GString *out, double v);
/* "%.6f" whatever the locale. */
void     _lw_gstring_fixed6     (GString *out, double v);
/* A JSON string literal, quotes included. */
void     _lw_gstring_json_str   (GString *out, const char *s);
/* Text with &, <, >, ", ' escaped for XML. */
void     _lw_gstring_xml_text   (GString *out, const char *s);

/* The file-per-image writers (YOLO, labelme): a state that starts with a text buffer,
 * reused from item to item. */
typedef struct {
  GString *buf;
} LwBufferState;

/* A zeroed state of @state_size bytes whose first member is an LwBufferState. */
gpointer      _lw_buffer_state_new        (gsize state_size);
void          _lw_buffer_state_free       (gpointer state);
/* Copies the item's media to @media_entry and returns the buffer, emptied; NULL on error. */
GString      *_lw_buffer_state_begin_item (LwWriteContext *ctx, gpointer state,
                                           const LwWriteItem *wi, const char *media_entry,
                                           GError **error);

/* The one-file-per-split writers (JSONL, CSV): a stream per split, opened on first use and
 * closed, in the order the splits were first seen, by _lw_split_files_finish. */
typedef struct {
  GString    *buf;
  GHashTable *streams;   /* split -> LwSinkStream* */
} LwSplitFiles;

gpointer      _lw_split_files_new    (void);
void          _lw_split_files_free   (gpointer data);
LwSinkStream *_lw_split_files_stream (LwWriteContext *ctx, LwSplitFiles *state, const char *split,
                                      const char *ending, const char *header, GError **error);
gboolean      _lw_split_files_finish (LwWriteContext *ctx, gpointer data, GError **error);

G_END_DECLS
