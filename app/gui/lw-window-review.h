/* lw-window-review.h: reviewing the shown item: accept it, or reject it with a comment */
#pragma once

#include "lw-window.h"

G_BEGIN_DECLS

/* Records the current annotator's verdict on the shown item (one undoable edit). After an
 * acceptance the window moves on to the next done item, so that a reviewer walks the done
 * items with one key. */
gboolean          lw_window_review_current (LwWindow         *self,
                                            LwReviewVerdict   verdict,
                                            const char       *comment,
                                            GError          **error);
/* Asks the comment of a rejection (required) and rejects the shown item with it. */
AdwMessageDialog *lw_window_ask_rejection  (LwWindow         *self);

/* Installs win.accept-item (Alt+A) and win.reject-item (Alt+R). */
void              lw_window_review_class_init (GtkWidgetClass *widget_class);

G_END_DECLS
