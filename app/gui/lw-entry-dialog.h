/* lw-entry-dialog.h: a message dialog that asks one line of text */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A dialog over @parent with @heading, @body and an entry (accessible name @entry_label,
 * prefilled with @text, may be NULL), and two responses: "cancel" (@cancel_label, also
 * Escape) and "ok" (@ok_label, in @appearance, also Enter), which is enabled only while
 * the entry is not blank. The caller connects "response" and presents it. */
AdwMessageDialog *lw_entry_dialog_new      (GtkWindow             *parent,
                                            const char            *heading,
                                            const char            *body,
                                            const char            *entry_label,
                                            const char            *text,
                                            const char            *cancel_label,
                                            const char            *ok_label,
                                            AdwResponseAppearance  appearance);
GtkEditable      *lw_entry_dialog_get_entry (AdwMessageDialog     *dialog);
/* The entry's text without surrounding white space. */
char             *lw_entry_dialog_dup_text  (AdwMessageDialog     *dialog);
/* Presents @dialog with the entry focused. */
void              lw_entry_dialog_present   (AdwMessageDialog     *dialog);

G_END_DECLS
