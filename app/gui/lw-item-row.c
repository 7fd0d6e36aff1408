/* lw-item-row.c: the rows of the item list: status dot, thumbnail or icon in one slot,
 * name, and status with counts */
#include "config.h"

#include <glib/gi18n.h>

#include "lw-gui.h"
#include "lw-item-object.h"
#include "lw-item-row.h"

typedef struct
{
  LwThumbnails       *thumbnails;
  LwItemRowMediaFunc  media_path;
  gpointer            data;
} RowFactory;

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *thumbnail = gtk_picture_new ();
  GtkWidget *slot = gtk_overlay_new ();
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "lw-item-row");
  gtk_widget_add_css_class (dot, "lw-status-dot");
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "lw-item-subtitle");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (box), dot);
  gtk_widget_add_css_class (thumbnail, "lw-item-thumbnail");
  gtk_widget_set_visible (thumbnail, FALSE);
  /* A slot of one size for the icon and every picture, so that all names line up: in the
   * box, a picture would be as wide as its aspect ratio makes it at the row's height. */
  gtk_widget_set_valign (slot, GTK_ALIGN_CENTER);
  gtk_overlay_add_overlay (GTK_OVERLAY (slot), icon);
  gtk_overlay_add_overlay (GTK_OVERLAY (slot), thumbnail);
  gtk_box_append (GTK_BOX (box), slot);
  gtk_box_append (GTK_BOX (box), labels);
  g_object_set_data (G_OBJECT (box), "dot", dot);
  g_object_set_data (G_OBJECT (box), "icon", icon);
  g_object_set_data (G_OBJECT (box), "thumbnail", thumbnail);
  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "subtitle", subtitle);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  RowFactory *rf = user_data;
  GtkWidget *box = gtk_list_item_get_child (list_item);
  LwItemObject *object = gtk_list_item_get_item (list_item);
  const LwItem *item;
  GtkWidget *dot = g_object_get_data (G_OBJECT (box), "dot");
  g_autofree char *dot_class = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  const char *classes[] = { "lw-status-dot", NULL, NULL };

  if (object == NULL)
    return;
  item = lw_item_object_get_item (object);
  dot_class = g_strdup_printf ("lw-status-%s", lw_item_status_to_string (item->status));
  classes[1] = dot_class;
  gtk_widget_set_css_classes (dot, classes);
  gtk_widget_set_tooltip_text (dot, lw_gui_status_name (item->status));
  gtk_image_set_from_icon_name (g_object_get_data (G_OBJECT (box), "icon"),
                                item->kind == LW_ITEM_KIND_TEXT ? "text-x-generic-symbolic"
                                                                : "image-x-generic-symbolic");
  /* Image items ask for a thumbnail (decoded off the main thread); the icon shows until then. */
  {
    g_autofree char *media = item->kind == LW_ITEM_KIND_IMAGE ? rf->media_path (item, rf->data) : NULL;
    lw_thumbnails_bind_row (rf->thumbnails, box, g_object_get_data (G_OBJECT (box), "icon"),
                            g_object_get_data (G_OBJECT (box), "thumbnail"), media);
  }
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "title"), item->name ? item->name : "");

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d annotation",
                                           "%s · %d annotations", item->n_annotations),
                              lw_gui_status_name (item->status), item->n_annotations);
  if (item->split != NULL)
    {
      char *with_split = g_strdup_printf ("%s · %s", subtitle, item->split);
      g_free (subtitle);
      subtitle = with_split;
    }
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "subtitle"), subtitle);

  accessible = g_strdup_printf ("%s, %s", item->name ? item->name : "", subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static void
unbind_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  RowFactory *rf = user_data;
  GtkWidget *box = gtk_list_item_get_child (list_item);

  if (box != NULL)
    lw_thumbnails_unbind_row (rf->thumbnails, box);
}

static void
row_factory_free (gpointer data, GClosure *closure)
{
  RowFactory *rf = data;

  g_object_unref (rf->thumbnails);
  g_free (rf);
}

GtkListItemFactory *
lw_item_row_factory_new (LwThumbnails *thumbnails, LwItemRowMediaFunc media_path, gpointer data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  RowFactory *rf = g_new0 (RowFactory, 1);

  g_return_val_if_fail (LW_IS_THUMBNAILS (thumbnails), NULL);

  rf->thumbnails = g_object_ref (thumbnails);
  rf->media_path = media_path;
  rf->data = data;
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), rf);
  /* The last handler owns the shared data. */
  g_signal_connect_data (factory, "unbind", G_CALLBACK (unbind_row), rf, row_factory_free, 0);
  return factory;
}
