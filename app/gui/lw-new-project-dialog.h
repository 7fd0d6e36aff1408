/* lw-new-project-dialog.h: name, folder and domain template of a new project */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LW_TYPE_NEW_PROJECT_DIALOG (lw_new_project_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LwNewProjectDialog, lw_new_project_dialog, LW, NEW_PROJECT_DIALOG, AdwWindow)

/* Emits "created" (const char *path) after the project file has been written with its
 * template's classes, then closes. The caller opens the project. */
LwNewProjectDialog *lw_new_project_dialog_new        (GtkWindow          *parent);
void                lw_new_project_dialog_set_name   (LwNewProjectDialog *self,
                                                      const char         *name);
void                lw_new_project_dialog_set_folder (LwNewProjectDialog *self,
                                                      const char         *folder);
void                lw_new_project_dialog_set_domain (LwNewProjectDialog *self,
                                                      const char         *domain);
const char         *lw_new_project_dialog_get_domain (LwNewProjectDialog *self);
/* The project file the dialog would create ("FOLDER/NAME.lwproj"), or NULL without a name. */
char               *lw_new_project_dialog_dup_path   (LwNewProjectDialog *self);
/* The inline error shown now, or NULL when the input is valid. */
const char         *lw_new_project_dialog_get_error  (LwNewProjectDialog *self);
/* Rows in the class preview of the chosen template. */
guint               lw_new_project_dialog_get_n_preview (LwNewProjectDialog *self);

G_END_DECLS
