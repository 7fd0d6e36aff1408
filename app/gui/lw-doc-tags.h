/* lw-doc-tags.h: the shown item's tags (document classes), by group, toggled by click or hotkey */
#pragma once

#include <gtk/gtk.h>
#include <labelwright.h>

G_BEGIN_DECLS

#define LW_TYPE_DOC_TAGS (lw_doc_tags_get_type ())
G_DECLARE_FINAL_TYPE (LwDocTags, lw_doc_tags, LW, DOC_TAGS, GtkWidget)

GtkWidget *lw_doc_tags_new          (void);
/* Shows the TAG classes of @classes (gint64* id -> LwLabelClass*, copied) by group, checked
 * where @annotations (LwAnnotation*, every layer) hold that tag. @item NULL clears. */
void       lw_doc_tags_set_item     (LwDocTags       *self,
                                     LwProject       *project,
                                     const LwItem    *item,
                                     GPtrArray       *annotations,
                                     GHashTable      *classes);
/* Whether any TAG class is shown (the window hides the panel otherwise). */
gboolean   lw_doc_tags_has_classes  (LwDocTags       *self);
gboolean   lw_doc_tags_is_active    (LwDocTags       *self,
                                     gint64           class_id);
/* Adds the tag, or removes it (every layer's) when the item has it. In an exclusive group
 * adding also removes the group's other tags: one transaction, one undo step. */
gboolean   lw_doc_tags_toggle       (LwDocTags       *self,
                                     gint64           class_id,
                                     GError         **error);
/* A TAG class's hotkey toggles it; TRUE when @keyval was one (a refused edit is shown). */
gboolean   lw_doc_tags_handle_key   (LwDocTags       *self,
                                     guint            keyval,
                                     GdkModifierType  state);

G_END_DECLS
