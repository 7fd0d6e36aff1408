/* lw-schema-editor.h: a dialog that edits an open project's classes */
#pragma once

#include <adwaita.h>
#include <labelwright.h>

G_BEGIN_DECLS

#define LW_TYPE_SCHEMA_EDITOR (lw_schema_editor_get_type ())
G_DECLARE_FINAL_TYPE (LwSchemaEditor, lw_schema_editor, LW, SCHEMA_EDITOR, AdwWindow)

/* Every change is saved at once through the store (lw_project_add_class, _update_class,
 * _remove_class…), which validates it; a refused change shows the store's message in the
 * dialog and changes nothing. */
LwSchemaEditor *lw_schema_editor_new            (GtkWindow      *parent,
                                                 LwProject      *project);
/* Selects the class with @class_id in the list; FALSE when there is none. */
gboolean        lw_schema_editor_select_class   (LwSchemaEditor *self,
                                                 gint64          class_id);
gint64          lw_schema_editor_get_selected_class (LwSchemaEditor *self);
/* The message of the last refused change, or NULL when the last change was saved. */
const char     *lw_schema_editor_get_error      (LwSchemaEditor *self);

G_END_DECLS
