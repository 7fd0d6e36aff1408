/* lw-attribute-rows.h: rows that edit an annotation's attributes (occluded, light state…)
 * as the class's schema defines them, from the keyboard */
#pragma once

#include <gtk/gtk.h>
#include <labelwright.h>

G_BEGIN_DECLS

/* Called with the whole attributes object (JSON text) after each change. */
typedef void (*LwAttributesChanged) (const char *json, gpointer user_data);

/* Appends to @box one row per attribute of @klass, showing the values of @json (an object;
 * a missing value shows the schema's default). Returns FALSE when @klass has no attributes. */
gboolean lw_attribute_rows_fill (GtkListBox          *box,
                                 const LwLabelClass  *klass,
                                 const char          *json,
                                 LwAttributesChanged  changed,
                                 gpointer             user_data);

G_END_DECLS
