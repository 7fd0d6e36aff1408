/* lw-window.h: the main window: the welcome page, or one project's items */
#pragma once

#include <adwaita.h>
#include <labelwright.h>

#include "lw-item-model.h"

G_BEGIN_DECLS

#define LW_TYPE_WINDOW (lw_window_get_type ())
G_DECLARE_FINAL_TYPE (LwWindow, lw_window, LW, WINDOW, AdwApplicationWindow)

LwWindow    *lw_window_new             (GtkApplication *application);
/* Opens @path in this window (which must not hold a project yet). */
gboolean     lw_window_open_project    (LwWindow     *self,
                                        const char   *path,
                                        GError      **error);
gboolean     lw_window_open_sample     (LwWindow     *self,
                                        GError      **error);
LwProject   *lw_window_get_project     (LwWindow     *self);
LwItemModel *lw_window_get_item_model  (LwWindow     *self);
GtkSelectionModel *lw_window_get_selection (LwWindow *self);
/* The item shown in the centre, or 0. */
gint64       lw_window_get_current_item (LwWindow    *self);
void         lw_window_show_item       (LwWindow     *self,
                                        gint64        item_id);
/* The status bar's text, for tests and screen readers. */
const char  *lw_window_get_status_text (LwWindow     *self);
void         lw_window_show_error      (LwWindow     *self,
                                        const GError *error);

G_END_DECLS
