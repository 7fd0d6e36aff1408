/* lw-gui.h: what the GUI's files share */
#pragma once

#include <adwaita.h>
#include <labelwright.h>

G_BEGIN_DECLS

/* The prefix of the GUI's resources, the same for release and .Devel ids. */
#define LW_RESOURCE_PATH "/io/github/labelwright/Labelwright"

/* Registers the compiled-in templates once. The resources live in a static library, whose
 * object files are linked only when referenced, so registration is an explicit call rather
 * than a constructor that the linker may drop. */
void lw_gui_ensure_resources (void);

/* Whether an edit of item @item_id of @project can be made: FALSE, with an error saying why
 * (no item shown, the project open read-only), when it cannot. */
gboolean lw_gui_check_editable (LwProject  *project,
                                gint64      item_id,
                                GError    **error);

/* A round swatch of a class's @color ("#rrggbb"; grey when NULL or unreadable), @size
 * pixels across, centred vertically. */
GtkWidget *lw_gui_color_swatch_new (const char *color,
                                    int         size);

/* An AdwActionRow titled @title (plain text) that activates @widget (a check button, a
 * switch, a spin button), which screen readers then name after the row; @widget is placed
 * before the title when @first, else after it. */
GtkWidget *lw_gui_activatable_row_new (const char *title,
                                       GtkWidget  *widget,
                                       gboolean    first);

/* The colour of annotator @annotator_id (0: none) wherever annotators are told apart by
 * colour: the canvas's "colour by annotator" and the statistics' per-annotator charts. */
void lw_gui_annotator_rgba (gint64   annotator_id,
                            GdkRGBA *rgba);

/* How @status reads in the item list and the status bar ("In progress"). */
const char *lw_gui_status_name (LwItemStatus status);

G_END_DECLS
