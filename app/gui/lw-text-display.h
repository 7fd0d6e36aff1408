/* lw-text-display.h: the text a GtkTextBuffer shows for an item's text, with display breaks
 * in long paragraphs, and the mapping between buffer offsets and the item's code points */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LwTextDisplay LwTextDisplay;

/* Builds the shown text for @text (UTF-8). A paragraph longer than a few thousand characters
 * gets a line break after a sentence end (or, failing that, at a space; in text without
 * spaces, at a line-break opportunity): a space there becomes the break (offsets unchanged),
 * elsewhere a break is inserted (later offsets of the buffer move by one). The item's text is
 * never changed; only the buffer shows the breaks. */
LwTextDisplay *lw_text_display_new          (const char          *text);
void           lw_text_display_free         (LwTextDisplay       *self);
/* The text to put into the buffer. */
const char    *lw_text_display_get_text     (const LwTextDisplay *self);
/* The item's text and its length in code points. */
const char    *lw_text_display_get_item_text (const LwTextDisplay *self);
gint64         lw_text_display_get_length   (const LwTextDisplay *self);
/* How many breaks were inserted (not counting spaces shown as breaks). */
guint          lw_text_display_n_inserted   (const LwTextDisplay *self);
/* The item offset of buffer offset @offset: both sides of an inserted break are the same
 * item offset. */
gint64         lw_text_display_to_item      (const LwTextDisplay *self,
                                             gint64               offset);
/* The buffer offset of item offset @offset. Where a break was inserted before @offset, a
 * span's start (@is_end FALSE) is placed after the break and its end before it, so that no
 * tag covers the inserted break. */
gint64         lw_text_display_to_buffer    (const LwTextDisplay *self,
                                             gint64               offset,
                                             gboolean             is_end);
/* Whether buffer offset @offset is just before an inserted break (the end of a display line
 * that the item does not have): a cursor landing there has not moved in the item. */
gboolean       lw_text_display_is_inserted_break (const LwTextDisplay *self,
                                                  gint64               offset);
/* The item's text between item offsets @start and @end (code points), as it is stored. */
char          *lw_text_display_dup_item_slice (const LwTextDisplay *self,
                                               gint64               start,
                                               gint64               end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwTextDisplay, lw_text_display_free)

G_END_DECLS
