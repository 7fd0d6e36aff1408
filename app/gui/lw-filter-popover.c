/* lw-filter-popover.c: the item browser's filters beyond status and search
 *
 * Class, annotator, split, predictions-only and, when the project has assignments, the
 * current annotator's queue (lw-quality.h), each ANDed into the list's LwItemFilter by
 * the window. The choices hold ids, not names, so a renamed class stays chosen.
 */
#define G_LOG_DOMAIN "lw-filter-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-filter-popover.h"
#include "lw-gui.h"

struct _LwFilterPopover
{
  GtkPopover      parent_instance;

  GtkDropDown    *class_dropdown;
  GtkDropDown    *annotator_dropdown;
  GtkDropDown    *split_dropdown;
  GtkCheckButton *predictions_check;
  GtkCheckButton *queue_check;
  GtkWidget      *clear_button;
  LwProject      *project;        /* whose current annotator the queue is of */

  GArray         *class_ids;      /* gint64, row i + 1 of class_dropdown (row 0: any) */
  GArray         *annotator_ids;  /* gint64, likewise */
  gboolean        updating;
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The split dropdown's rows after "any": stored values; "" = items without a split. */
static const char *const split_values[] = { "train", "val", "test", "" };

G_DEFINE_FINAL_TYPE (LwFilterPopover, lw_filter_popover, GTK_TYPE_POPOVER)

static void
emit_changed (LwFilterPopover *self)
{
  gtk_widget_set_sensitive (self->clear_button, lw_filter_popover_get_n_active (self) > 0);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_choice_changed (LwFilterPopover *self)
{
  if (!self->updating)
    emit_changed (self);
}

static gint64
selected_id (GtkDropDown *dropdown, GArray *ids)
{
  guint row = gtk_drop_down_get_selected (dropdown);

  if (row == 0 || row == GTK_INVALID_LIST_POSITION || row > ids->len)
    return 0;
  return g_array_index (ids, gint64, row - 1);
}

static gboolean
select_id (GtkDropDown *dropdown, GArray *ids, gint64 id)
{
  if (id <= 0)
    {
      gtk_drop_down_set_selected (dropdown, 0);
      return TRUE;
    }
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      {
        gtk_drop_down_set_selected (dropdown, i + 1);
        return TRUE;
      }
  return FALSE;
}

static void
fill_choices (GtkDropDown *dropdown, GArray *ids, const char *any, GPtrArray *names)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, any);
  for (guint i = 0; names != NULL && i < names->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (names, i));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  g_object_unref (list);
  gtk_drop_down_set_selected (dropdown, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (dropdown), ids->len > 0);
}

void
lw_filter_popover_set_project (LwFilterPopover *self,
                               LwProject       *project)
{
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GPtrArray) class_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) annotators = NULL;
  g_autoptr(GError) error = NULL;
  gint64 class_id, annotator_id;
  gboolean kept;

  g_return_if_fail (LW_IS_FILTER_POPOVER (self));
  g_return_if_fail (project == NULL || LW_IS_PROJECT (project));

  g_set_object (&self->project, project);
  gtk_widget_set_visible (GTK_WIDGET (self->queue_check),
                          project != NULL && lw_project_has_assignments (project));
  if (!gtk_widget_get_visible (GTK_WIDGET (self->queue_check)))
    gtk_check_button_set_active (self->queue_check, FALSE);
  class_id = selected_id (self->class_dropdown, self->class_ids);
  annotator_id = selected_id (self->annotator_dropdown, self->annotator_ids);
  g_array_set_size (self->class_ids, 0);
  g_array_set_size (self->annotator_ids, 0);

  if (project != NULL)
    {
      classes = lw_project_list_classes (project, &error);
      if (classes == NULL)
        g_warning ("Cannot list the classes for the filter: %s", error->message);
      g_clear_error (&error);
      annotators = lw_project_list_annotators (project, &error);
      if (annotators == NULL)
        g_warning ("Cannot list the annotators for the filter: %s", error->message);
    }
  for (guint i = 0; classes != NULL && i < classes->len; i++)
    {
      LwLabelClass *klass = g_ptr_array_index (classes, i);
      g_array_append_val (self->class_ids, klass->id);
      g_ptr_array_add (class_names, klass->name);
    }
  /* lw_project_list_annotators gives names in id order; the ids come from the names. */
  for (guint i = 0; annotators != NULL && i < annotators->len; i++)
    {
      gint64 id = lw_project_ensure_annotator (project, g_ptr_array_index (annotators, i), NULL);
      g_array_append_val (self->annotator_ids, id);
    }

  self->updating = TRUE;
  fill_choices (self->class_dropdown, self->class_ids, _("Any class"), class_names);
  fill_choices (self->annotator_dropdown, self->annotator_ids, _("Anyone"), annotators);
  kept = select_id (self->class_dropdown, self->class_ids, class_id);
  kept = select_id (self->annotator_dropdown, self->annotator_ids, annotator_id) && kept;
  self->updating = FALSE;
  /* A chosen class or annotator that is gone no longer filters: say so. */
  if (!kept)
    emit_changed (self);
}

void
lw_filter_popover_apply (LwFilterPopover *self,
                         LwItemFilter    *filter)
{
  guint split;

  g_return_if_fail (LW_IS_FILTER_POPOVER (self));
  g_return_if_fail (filter != NULL);

  filter->class_id = selected_id (self->class_dropdown, self->class_ids);
  filter->annotator_id = selected_id (self->annotator_dropdown, self->annotator_ids);
  split = gtk_drop_down_get_selected (self->split_dropdown);
  filter->split = split >= 1 && split <= G_N_ELEMENTS (split_values) ? split_values[split - 1] : NULL;
  filter->predictions_only = gtk_check_button_get_active (self->predictions_check);
  filter->queue_annotator_id = 0;
  if (self->project != NULL && gtk_check_button_get_active (self->queue_check))
    {
      gint64 me = lw_project_get_current_annotator (self->project);
      /* Without a current annotator (read-only, or no name yet) "my queue" is nobody's:
       * an id no annotator has, so the list is empty rather than unfiltered. */
      filter->queue_annotator_id = me > 0 ? me : G_MAXINT64;
    }
}

guint
lw_filter_popover_get_n_active (LwFilterPopover *self)
{
  LwItemFilter f = { 0 };

  g_return_val_if_fail (LW_IS_FILTER_POPOVER (self), 0);
  lw_filter_popover_apply (self, &f);
  return (f.class_id > 0) + (f.annotator_id > 0) + (f.split != NULL) + (f.predictions_only != 0) +
         (f.queue_annotator_id > 0);
}

void
lw_filter_popover_clear (LwFilterPopover *self)
{
  g_return_if_fail (LW_IS_FILTER_POPOVER (self));

  if (lw_filter_popover_get_n_active (self) == 0)
    return;
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->class_dropdown, 0);
  gtk_drop_down_set_selected (self->annotator_dropdown, 0);
  gtk_drop_down_set_selected (self->split_dropdown, 0);
  gtk_check_button_set_active (self->predictions_check, FALSE);
  gtk_check_button_set_active (self->queue_check, FALSE);
  self->updating = FALSE;
  emit_changed (self);
}

gboolean
lw_filter_popover_set_class (LwFilterPopover *self,
                             gint64           class_id)
{
  g_return_val_if_fail (LW_IS_FILTER_POPOVER (self), FALSE);
  return select_id (self->class_dropdown, self->class_ids, class_id);
}

gboolean
lw_filter_popover_set_annotator (LwFilterPopover *self,
                                 gint64           annotator_id)
{
  g_return_val_if_fail (LW_IS_FILTER_POPOVER (self), FALSE);
  return select_id (self->annotator_dropdown, self->annotator_ids, annotator_id);
}

void
lw_filter_popover_set_split (LwFilterPopover *self,
                             const char      *split)
{
  guint row = 0;

  g_return_if_fail (LW_IS_FILTER_POPOVER (self));
  for (guint i = 0; split != NULL && i < G_N_ELEMENTS (split_values); i++)
    if (g_str_equal (split, split_values[i]))
      row = i + 1;
  gtk_drop_down_set_selected (self->split_dropdown, row);
}

void
lw_filter_popover_set_predictions_only (LwFilterPopover *self,
                                        gboolean         predictions_only)
{
  g_return_if_fail (LW_IS_FILTER_POPOVER (self));
  gtk_check_button_set_active (self->predictions_check, predictions_only);
}

gboolean
lw_filter_popover_set_queue (LwFilterPopover *self,
                             gboolean         queue)
{
  g_return_val_if_fail (LW_IS_FILTER_POPOVER (self), FALSE);
  if (queue && !gtk_widget_get_visible (GTK_WIDGET (self->queue_check)))
    return FALSE;
  gtk_check_button_set_active (self->queue_check, queue);
  return TRUE;
}

static void
lw_filter_popover_dispose (GObject *object)
{
  g_clear_object (&LW_FILTER_POPOVER (object)->project);
  gtk_widget_dispose_template (GTK_WIDGET (object), LW_TYPE_FILTER_POPOVER);
  G_OBJECT_CLASS (lw_filter_popover_parent_class)->dispose (object);
}

static void
lw_filter_popover_finalize (GObject *object)
{
  LwFilterPopover *self = LW_FILTER_POPOVER (object);

  g_array_unref (self->class_ids);
  g_array_unref (self->annotator_ids);
  G_OBJECT_CLASS (lw_filter_popover_parent_class)->finalize (object);
}

static void
lw_filter_popover_class_init (LwFilterPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_filter_popover_dispose;
  object_class->finalize = lw_filter_popover_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  lw_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, LW_RESOURCE_PATH "/lw-filter-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, LwFilterPopover, class_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LwFilterPopover, annotator_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LwFilterPopover, split_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LwFilterPopover, predictions_check);
  gtk_widget_class_bind_template_child (widget_class, LwFilterPopover, queue_check);
  gtk_widget_class_bind_template_child (widget_class, LwFilterPopover, clear_button);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_changed);
  gtk_widget_class_bind_template_callback (widget_class, lw_filter_popover_clear);
}

static void
lw_filter_popover_init (LwFilterPopover *self)
{
  self->class_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->annotator_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));
  lw_filter_popover_set_project (self, NULL);
}

LwFilterPopover *
lw_filter_popover_new (void)
{
  return g_object_new (LW_TYPE_FILTER_POPOVER, NULL);
}
