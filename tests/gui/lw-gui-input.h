/* lw-gui-input.h: real pointer and key events for GUI tests, sent through the X server with
 * the XTest extension, so that they reach widgets the way a user's do (gestures included) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* FALSE (and the test should skip) when the display is not X11 or lacks XTest. */
gboolean lw_gui_input_available (void);
/* Each call returns once GTK has handled the events it caused. Coordinates are @widget's. */
void     lw_gui_input_move      (GtkWidget       *widget,
                                 double           x,
                                 double           y);
void     lw_gui_input_click     (GtkWidget       *widget,
                                 double           x,
                                 double           y);
/* A click with @mods (Shift, Control, Alt) held. */
void     lw_gui_input_click_with (GtkWidget      *widget,
                                  double          x,
                                  double          y,
                                  GdkModifierType mods);
/* Press at (@x0, @y0), move there in a few steps, release at (@x1, @y1). */
void     lw_gui_input_drag      (GtkWidget       *widget,
                                 guint            button,
                                 double           x0,
                                 double           y0,
                                 double           x1,
                                 double           y1);
/* Presses and releases @keyval with @mods (Shift, Control, Alt) held. */
void     lw_gui_input_key       (guint            keyval,
                                 GdkModifierType  mods);

G_END_DECLS
