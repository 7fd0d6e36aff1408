/* lw-first-frame.h: reports when a window paints its first frame (for bench-startup) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void lw_first_frame_watch (GtkWindow *window);

G_END_DECLS
