/* lw-hotkey.h: which class a key press names, by the hotkeys of the project's schema */
#pragma once

#include <gtk/gtk.h>
#include <labelwright.h>

G_BEGIN_DECLS

/* The class of @classes (gint64* id -> LwLabelClass*) whose hotkey is @keyval, or NULL.
 * Keys with Control or Alt held are never class hotkeys. A one-character hotkey matches that
 * character (a letter without Shift: Shift+letter belongs to the tools); longer ones are key
 * names ("F2"). */
LwLabelClass *lw_hotkey_find_class (GHashTable      *classes,
                                    guint            keyval,
                                    GdkModifierType  state);

G_END_DECLS
