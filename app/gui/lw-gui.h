/* lw-gui.h: what the GUI's files share */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The prefix of the GUI's resources, the same for release and .Devel ids. */
#define LW_RESOURCE_PATH "/io/github/labelwright/Labelwright"

/* Registers the compiled-in templates once. The resources live in a static library, whose
 * object files are linked only when referenced, so registration is an explicit call rather
 * than a constructor that the linker may drop. */
void lw_gui_ensure_resources (void);

G_END_DECLS
