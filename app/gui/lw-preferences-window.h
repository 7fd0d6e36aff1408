/* lw-preferences-window.h: annotator name, style and workflow preferences */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LW_TYPE_PREFERENCES_WINDOW (lw_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (LwPreferencesWindow, lw_preferences_window, LW, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

LwPreferencesWindow *lw_preferences_window_new (GtkWindow *parent);

G_END_DECLS
