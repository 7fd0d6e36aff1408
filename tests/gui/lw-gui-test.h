/* lw-gui-test.h: what every GUI test program needs: a private home, a display check, and
 * ways to run the main loop until something has happened */
#pragma once

#include <adwaita.h>
#include <labelwright.h>

#include "lw-window.h"

G_BEGIN_DECLS

/* Points XDG_DATA/CACHE/CONFIG_HOME at a temporary folder (recent files, caches and
 * settings stay out of the user's home), sets a C locale and no AT-SPI, and initialises GTK
 * and libadwaita. Returns FALSE, after printing a TAP skip line, when there is no display:
 * main() then returns 0. */
gboolean  lw_gui_test_init        (int    *argc,
                                   char ***argv);
/* g_test_run(), then removes the temporary home. */
int       lw_gui_test_run         (void);
/* Runs the main loop until nothing is pending, for at most 5 seconds. */
void      lw_gui_test_spin        (void);
/* Runs the main loop until @done returns TRUE; fails the test after 60 s. */
void      lw_gui_test_spin_until  (gboolean (*done) (gpointer data),
                                   gpointer data);
/* Runs the main loop until @widget's frame clock has ticked twice: a layout queued before
 * (an editor shown beside the canvas, say) has then been done, and coordinates computed
 * from the allocation are those the next pointer event meets. Fails the test after 60 s. */
void      lw_gui_test_wait_frames (GtkWidget *widget);
/* A window showing the project at @path, presented and settled. */
LwWindow *lw_gui_test_open_window (const char *path);
/* The item's status as committed, read through a connection of its own. */
LwItemStatus lw_gui_test_stored_status (const char *path,
                                        gint64      item_id);
/* The first widget under @root (itself included, depth first) for which @match is TRUE. */
GtkWidget *lw_gui_test_find_widget (GtkWidget *root,
                                    gboolean (*match) (GtkWidget *widget, gconstpointer data),
                                    gconstpointer data);
/* The first AdwPreferencesRow of @type (an action, entry, combo or expander row) under @root
 * whose title is @title, as a user finds it. */
GtkWidget *lw_gui_test_find_row    (GtkWidget  *root,
                                    GType       type,
                                    const char *title);
/* The widget that the AdwActionRow titled @title under @root activates (its switch, check
 * button or spin button); fails the test when there is none. */
GtkWidget *lw_gui_test_row_widget  (GtkWidget  *root,
                                    const char *title);
/* Destroys a window of lw_gui_test_open_window and drops the reference. */
void      lw_gui_test_close_window (LwWindow *window);

G_END_DECLS
