/* lw-application.h: the application: windows, app-wide actions, style */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LW_TYPE_APPLICATION (lw_application_get_type ())
G_DECLARE_FINAL_TYPE (LwApplication, lw_application, LW, APPLICATION, AdwApplication)

LwApplication *lw_application_new (void);

G_END_DECLS
