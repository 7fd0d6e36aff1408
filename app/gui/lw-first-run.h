/* lw-first-run.h: asking the annotator's name the first time the application starts */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* When @settings' "first-run" is set, presents a dialog over @parent that asks the name
 * new annotations are attributed to (prefilled with the saved or the account's name) and
 * returns it (owned by GTK); NULL otherwise. Either answer clears "first-run"; "ok" (Save)
 * stores a non-blank name in "annotator-name". */
AdwMessageDialog *lw_first_run_ask_name (GtkWindow *parent,
                                         GSettings *settings);

G_END_DECLS
