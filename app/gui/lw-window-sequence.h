/* lw-window-sequence.h: moving through a sequence of images: the next item still to label,
 * and the previous item's shapes copied onto the shown one (video frames, bursts) */
#pragma once

#include "lw-window.h"

G_BEGIN_DECLS

/* Copies every shape of the item before the shown one (in the list's order) onto it, in one
 * undo step. */
gboolean lw_window_copy_previous        (LwWindow        *self,
                                         GError         **error);
/* Shows the next item of the list that is new (nothing labelled yet), wrapping around. */
gboolean lw_window_show_next_unlabelled (LwWindow        *self,
                                         GError         **error);

/* Installs win.copy-previous (Ctrl+Shift+V) and win.next-unlabelled (Alt+N). */
void     lw_window_sequence_class_init  (GtkWidgetClass  *widget_class);

G_END_DECLS
