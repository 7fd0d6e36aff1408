/* lw-doc-tags.c: the shown item's tags (document classes), by group, toggled by click or hotkey */
#define G_LOG_DOMAIN "lw-doc-tags"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-doc-tags.h"
#include "lw-gui.h"
#include "lw-text-annotator.h"

struct _LwDocTags
{
  GtkWidget     parent_instance;

  GtkWidget    *scroller;
  GtkWidget    *box;
  GtkLabel     *error_label;

  LwProject    *project;
  gint64        item_id;
  char         *item_name;
  GPtrArray    *classes;     /* LwLabelClass*, the TAG classes in palette order */
  char         *classes_key;
  GPtrArray    *tags;        /* LwAnnotation*, the item's TAG annotations */
  GHashTable   *buttons;     /* gint64* class id -> GtkCheckButton*, not owned */
  gboolean      syncing;
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LwDocTags, lw_doc_tags, GTK_TYPE_WIDGET)

static const LwLabelClass *
find_class (LwDocTags *self, gint64 class_id)
{
  for (guint i = 0; i < self->classes->len; i++)
    {
      const LwLabelClass *klass = self->classes->pdata[i];
      if (klass->id == class_id)
        return klass;
    }
  return NULL;
}

/* Exclusive classes of one group are one choice; an exclusive class without a group is a
 * group of its own. */
static gboolean
same_choice (const LwLabelClass *a, const LwLabelClass *b)
{
  return a->exclusive && b->exclusive && a->group != NULL && b->group != NULL
         && g_str_equal (a->group, b->group);
}

gboolean
lw_doc_tags_is_active (LwDocTags *self, gint64 class_id)
{
  g_return_val_if_fail (LW_IS_DOC_TAGS (self), FALSE);

  for (guint i = 0; self->tags != NULL && i < self->tags->len; i++)
    if (((LwAnnotation *) self->tags->pdata[i])->class_id == class_id)
      return TRUE;
  return FALSE;
}

gboolean
lw_doc_tags_has_classes (LwDocTags *self)
{
  g_return_val_if_fail (LW_IS_DOC_TAGS (self), FALSE);
  return self->classes->len > 0;
}

static void
sync_buttons (LwDocTags *self)
{
  GHashTableIter iter;
  gpointer key, value;

  self->syncing = TRUE;
  g_hash_table_iter_init (&iter, self->buttons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gtk_check_button_set_active (value, lw_doc_tags_is_active (self, *(gint64 *) key));
      gtk_widget_set_sensitive (value, self->item_id > 0);
    }
  self->syncing = FALSE;
}

static void
set_tags (LwDocTags *self, GPtrArray *annotations)
{
  g_clear_pointer (&self->tags, g_ptr_array_unref);
  self->tags = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_annotation_free);
  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    {
      const LwAnnotation *ann = annotations->pdata[i];
      if (ann->kind == LW_ANNOTATION_TAG && ann->item_id == self->item_id)
        g_ptr_array_add (self->tags, lw_annotation_copy (ann));
    }
  sync_buttons (self);
}

static void
show_error (LwDocTags *self, const GError *error)
{
  gtk_label_set_text (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
clear_error (LwDocTags *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

gboolean
lw_doc_tags_toggle (LwDocTags  *self,
                    gint64      class_id,
                    GError    **error)
{
  g_autoptr(GPtrArray) annotations = NULL;
  const LwLabelClass *klass;

  g_return_val_if_fail (LW_IS_DOC_TAGS (self), FALSE);

  if (!lw_gui_check_editable (self->project, self->item_id, error))
    return FALSE;
  klass = find_class (self, class_id);
  if (klass == NULL)
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_KIND,
                   _("%s: class %" G_GINT64_FORMAT " is not a tag class"), self->item_name, class_id);
      return FALSE;
    }

  /* One undo step; an exclusive group's other choice goes in the same step. */
  if (!lw_project_toggle_tag (self->project, self->item_id, class_id, NULL, error))
    return FALSE;

  clear_error (self);
  annotations = lw_project_list_annotations (self->project, self->item_id, 0, error);
  if (annotations == NULL)
    return FALSE;
  set_tags (self, annotations);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, self->item_id);
  return TRUE;
}

gboolean
lw_doc_tags_handle_key (LwDocTags       *self,
                        guint            keyval,
                        GdkModifierType  state)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (LW_IS_DOC_TAGS (self), FALSE);

  if (self->item_id <= 0)
    return FALSE;
  for (guint i = 0; i < self->classes->len; i++)
    {
      const LwLabelClass *klass = self->classes->pdata[i];

      if (!lw_hotkey_matches (klass->hotkey, keyval, state))
        continue;
      if (!lw_doc_tags_toggle (self, klass->id, &error))
        show_error (self, error);
      return TRUE;
    }
  return FALSE;
}

static void
on_button_toggled (GtkCheckButton *button, LwDocTags *self)
{
  g_autoptr(GError) error = NULL;
  const gint64 *class_id = g_object_get_data (G_OBJECT (button), "lw-class");
  const LwLabelClass *klass = find_class (self, *class_id);
  gboolean wanted = gtk_check_button_get_active (button);

  /* A radio button is switched off first when another of its group is chosen: the chosen
   * one's toggle replaces it, in the same undo step. */
  if (self->syncing || klass == NULL || wanted == lw_doc_tags_is_active (self, *class_id)
      || (!wanted && same_choice (klass, klass)))
    return;
  if (!lw_doc_tags_toggle (self, *class_id, &error))
    {
      show_error (self, error);
      sync_buttons (self);
    }
}

static void
rebuild (LwDocTags *self)
{
  GtkWidget *child;
  const char *group = NULL;
  GtkCheckButton *first_of_choice = NULL;
  const LwLabelClass *previous = NULL;

  g_hash_table_remove_all (self->buttons);
  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);

  for (guint i = 0; i < self->classes->len; i++)
    {
      const LwLabelClass *klass = self->classes->pdata[i];
      GtkWidget *row, *button, *key;

      if (i == 0 || g_strcmp0 (klass->group, group) != 0)
        {
          GtkWidget *heading = gtk_label_new (klass->group ? klass->group : _("Tags"));

          group = klass->group;
          gtk_label_set_xalign (GTK_LABEL (heading), 0);
          gtk_label_set_ellipsize (GTK_LABEL (heading), PANGO_ELLIPSIZE_END);
          gtk_widget_add_css_class (heading, "heading");
          gtk_widget_add_css_class (heading, "lw-tag-group");
          gtk_widget_set_margin_top (heading, 12);
          gtk_widget_set_margin_bottom (heading, 2);
          gtk_box_append (GTK_BOX (self->box), heading);
          first_of_choice = NULL;
          previous = NULL;
        }

      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      button = gtk_check_button_new_with_label (klass->name);
      gtk_widget_set_hexpand (button, TRUE);
      gtk_widget_set_focus_on_click (button, FALSE);
      if (klass->description != NULL && *klass->description != '\0')
        gtk_widget_set_tooltip_text (button, klass->description);
      if (previous != NULL && same_choice (klass, previous) && first_of_choice != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), first_of_choice);
      else
        first_of_choice = klass->exclusive && klass->group != NULL ? GTK_CHECK_BUTTON (button) : NULL;
      g_object_set_data_full (G_OBJECT (button), "lw-class",
                              g_memdup2 (&klass->id, sizeof klass->id), g_free);
      g_signal_connect (button, "toggled", G_CALLBACK (on_button_toggled), self);
      gtk_box_append (GTK_BOX (row), button);
      if (klass->hotkey != NULL)
        {
          g_autofree char *a11y = g_strdup_printf (_("Hotkey %s"), klass->hotkey);
          key = gtk_label_new (klass->hotkey);
          gtk_widget_add_css_class (key, "dim-label");
          gtk_widget_add_css_class (key, "lw-tag-key");
          gtk_accessible_update_property (GTK_ACCESSIBLE (key), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
          gtk_box_append (GTK_BOX (row), key);
        }
      gtk_box_append (GTK_BOX (self->box), row);
      g_hash_table_insert (self->buttons, g_memdup2 (&klass->id, sizeof klass->id), button);
      previous = klass;
    }
}

static int
compare_classes (gconstpointer a, gconstpointer b)
{
  const LwLabelClass *x = *(LwLabelClass *const *) a;
  const LwLabelClass *y = *(LwLabelClass *const *) b;

  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

void
lw_doc_tags_set_item (LwDocTags    *self,
                      LwProject    *project,
                      const LwItem *item,
                      GPtrArray    *annotations,
                      GHashTable   *classes)
{
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_label_class_free);
  g_autoptr(GString) key = g_string_new (NULL);
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (LW_IS_DOC_TAGS (self));

  g_set_object (&self->project, project);
  if (classes != NULL)
    {
      g_hash_table_iter_init (&iter, classes);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (lw_label_class_allows (value, LW_ANNOTATION_TAG))
          g_ptr_array_add (copies, lw_label_class_copy (value));
    }
  g_ptr_array_sort (copies, compare_classes);
  for (guint i = 0; i < copies->len; i++)
    {
      const LwLabelClass *klass = copies->pdata[i];
      g_string_append_printf (key, "%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%s\x1f%d\x1f%s\x1e", klass->id,
                              klass->name, klass->group ? klass->group : "",
                              klass->hotkey ? klass->hotkey : "", klass->exclusive,
                              klass->description ? klass->description : "");
    }
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  self->classes = g_steal_pointer (&copies);
  if (g_strcmp0 (key->str, self->classes_key) != 0)
    {
      g_free (self->classes_key);
      self->classes_key = g_strdup (key->str);
      rebuild (self);
    }

  if (item == NULL || item->id != self->item_id)
    clear_error (self);
  self->item_id = item != NULL ? item->id : 0;
  g_free (self->item_name);
  self->item_name = g_strdup (item != NULL && item->name != NULL ? item->name : "");
  set_tags (self, item != NULL ? annotations : NULL);
}

GtkWidget *
lw_doc_tags_new (void)
{
  return g_object_new (LW_TYPE_DOC_TAGS, NULL);
}

static void
lw_doc_tags_dispose (GObject *object)
{
  LwDocTags *self = LW_DOC_TAGS (object);
  GtkWidget *child;

  g_hash_table_remove_all (self->buttons);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->project);
  g_clear_pointer (&self->tags, g_ptr_array_unref);
  G_OBJECT_CLASS (lw_doc_tags_parent_class)->dispose (object);
}

static void
lw_doc_tags_finalize (GObject *object)
{
  LwDocTags *self = LW_DOC_TAGS (object);

  g_clear_pointer (&self->classes, g_ptr_array_unref);
  g_hash_table_unref (self->buttons);
  g_free (self->classes_key);
  g_free (self->item_name);
  G_OBJECT_CLASS (lw_doc_tags_parent_class)->finalize (object);
}

static void
lw_doc_tags_class_init (LwDocTagsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_doc_tags_dispose;
  object_class->finalize = lw_doc_tags_finalize;

  /* "changed" (gint64 item_id): after each edit the panel made, once it is committed. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lw-doc-tags");
}

static void
lw_doc_tags_init (LwDocTags *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->classes = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_label_class_free);
  self->classes_key = g_strdup ("");
  self->buttons = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Tags of the item"), -1);
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (content), self->box);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->error_label));
  gtk_widget_add_css_class (content, "lw-doc-tags-content");
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_margin_top (content, 6);
  gtk_widget_set_margin_bottom (content, 12);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), content);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  gtk_widget_set_size_request (GTK_WIDGET (self), 200, -1);
}
