/* lw-filter-popover.h: the item browser's filters beyond status and search */
#pragma once

#include <gtk/gtk.h>
#include <labelwright.h>

G_BEGIN_DECLS

#define LW_TYPE_FILTER_POPOVER (lw_filter_popover_get_type ())
G_DECLARE_FINAL_TYPE (LwFilterPopover, lw_filter_popover, LW, FILTER_POPOVER, GtkPopover)

/* "changed" is emitted once per user change, and once per lw_filter_popover_clear. */
LwFilterPopover *lw_filter_popover_new          (void);
/* Fills the class and annotator choices from @project (NULL: none), keeping the chosen
 * class and annotator when they still exist. Call again when the schema or the
 * annotators change. */
void             lw_filter_popover_set_project  (LwFilterPopover *self,
                                                 LwProject       *project);
/* Sets @filter's class_id, annotator_id, split, predictions_only and queue_annotator_id;
 * leaves the rest. */
void             lw_filter_popover_apply        (LwFilterPopover *self,
                                                 LwItemFilter    *filter);
/* How many of the popover's filters narrow the list. */
guint            lw_filter_popover_get_n_active (LwFilterPopover *self);
void             lw_filter_popover_clear        (LwFilterPopover *self);

/* Choose through the popover's widgets (keyboard users, tests). FALSE when @class_id or
 * @annotator_id is not one of the choices; 0 means "any". @split: NULL any, "" none. */
gboolean         lw_filter_popover_set_class    (LwFilterPopover *self,
                                                 gint64           class_id);
gboolean         lw_filter_popover_set_annotator (LwFilterPopover *self,
                                                 gint64           annotator_id);
void             lw_filter_popover_set_split    (LwFilterPopover *self,
                                                 const char      *split);
void             lw_filter_popover_set_predictions_only (LwFilterPopover *self,
                                                 gboolean         predictions_only);
/* "My queue": FALSE when the project has no assignments (the choice is hidden). */
gboolean         lw_filter_popover_set_queue    (LwFilterPopover *self,
                                                 gboolean         queue);

G_END_DECLS
