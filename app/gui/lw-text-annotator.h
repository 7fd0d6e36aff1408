/* lw-text-annotator.h: a text item with its spans, labelled by selection and class hotkeys */
#pragma once

#include <gtk/gtk.h>
#include <labelwright.h>

G_BEGIN_DECLS

#define LW_TYPE_TEXT_ANNOTATOR (lw_text_annotator_get_type ())
G_DECLARE_FINAL_TYPE (LwTextAnnotator, lw_text_annotator, LW, TEXT_ANNOTATOR, GtkWidget)

GtkWidget   *lw_text_annotator_new                (void);
/* Shows @item (a text) with the spans among @annotations (LwAnnotation*, every layer);
 * @classes: gint64* id -> LwLabelClass*, copied. Showing the item already shown keeps the
 * buffer, the cursor and the selected span, and only re-applies the spans' tags.
 * @item NULL clears. */
void         lw_text_annotator_set_item           (LwTextAnnotator *self,
                                                   LwProject       *project,
                                                   const LwItem    *item,
                                                   GPtrArray       *annotations,
                                                   GHashTable      *classes);
GtkTextView *lw_text_annotator_get_view           (LwTextAnnotator *self);

/* A class key: with text selected, labels it as a span of that class (trimmed of white
 * space when "trim-whitespace" is set); with a span selected and no text selected, changes
 * the span's class (a prediction becomes a manual span). Delete or BackSpace removes the
 * selected span. Returns TRUE when the key was meant for the text (even if the edit was
 * refused: the reason is shown); FALSE for keys of no span class. */
gboolean     lw_text_annotator_handle_key         (LwTextAnnotator *self,
                                                   guint            keyval,
                                                   GdkModifierType  state);
/* What a class key does, by class id; the error names what was wrong. */
gboolean     lw_text_annotator_apply_class        (LwTextAnnotator *self,
                                                   gint64           class_id,
                                                   GError         **error);
gboolean     lw_text_annotator_delete_selected    (LwTextAnnotator *self,
                                                   GError         **error);
/* The selected span's annotation id, or 0. */
gint64       lw_text_annotator_get_selected_span  (LwTextAnnotator *self);
void         lw_text_annotator_select_span        (LwTextAnnotator *self,
                                                   gint64           annotation_id);
/* The overlap depth the span is drawn at (0: highlighted background; 1, 2, …: under- and
 * overlined layers), or -1 when the span is not shown. */
int          lw_text_annotator_get_span_layer     (LwTextAnnotator *self,
                                                   gint64           annotation_id);
/* The LwAttributeEditor of the selected span (hidden when its class has no attributes). */
GtkWidget   *lw_text_annotator_get_attribute_editor (LwTextAnnotator *self);
/* The informational line under the text (selection, selected span, last error). */
const char  *lw_text_annotator_get_info           (LwTextAnnotator *self);

/* Whether @keyval (with @state) is the class hotkey @hotkey ("1", "g", "F2"): letters in
 * either case, keypad digits as digits; never with Ctrl, Alt or Super. */
gboolean     lw_hotkey_matches                    (const char      *hotkey,
                                                   guint            keyval,
                                                   GdkModifierType  state);

G_END_DECLS
