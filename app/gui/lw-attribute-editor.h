/* lw-attribute-editor.h: fields for the attributes of one annotation's class, in one row
 * (under a text) or one per line (the canvas's side panel) */
#pragma once

#include <gtk/gtk.h>
#include <labelwright.h>

G_BEGIN_DECLS

#define LW_TYPE_ATTRIBUTE_EDITOR (lw_attribute_editor_get_type ())
G_DECLARE_FINAL_TYPE (LwAttributeEditor, lw_attribute_editor, LW, ATTRIBUTE_EDITOR, GtkWidget)

GtkWidget *lw_attribute_editor_new      (void);
/* Shows the text, choice, yes/no and number attributes of @klass with the values of
 * @attributes (a JSON object's text) for annotation @annotation_id; @klass NULL, or a class
 * without such attributes, hides the editor. Showing what is already shown changes nothing
 * (a field being typed into keeps its text and the focus). */
void       lw_attribute_editor_set      (LwAttributeEditor  *self,
                                         gint64              annotation_id,
                                         const LwLabelClass *klass,
                                         const char         *attributes);
/* One field per line, labels in a column before them, instead of one row. */
void       lw_attribute_editor_set_vertical (LwAttributeEditor *self,
                                             gboolean           vertical);
gint64     lw_attribute_editor_get_annotation (LwAttributeEditor *self);
/* The attributes with the fields' values: the object shown, with edited members replaced
 * (emptied text and "none" choices removed). NULL, with an error naming the field, when a
 * number field does not hold a number. */
char      *lw_attribute_editor_dup_json (LwAttributeEditor  *self,
                                         GError            **error);
/* For tests and keyboard users: the field of attribute @name (GtkEntry, GtkDropDown or
 * GtkCheckButton), or NULL. */
GtkWidget *lw_attribute_editor_get_field (LwAttributeEditor *self,
                                          const char        *name);

/* Signals: "changed" (no arguments): a field was committed (Enter in a text or number field,
 * a choice picked, a check toggled). */

G_END_DECLS
