/* lw-window.c: the main window: the welcome page, or one project's items */
#define G_LOG_DOMAIN "lw-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lw-doc-tags.h"
#include "lw-assign-dialog.h"
#include "lw-export-dialog.h"
#include "lw-filter-popover.h"
#include "lw-gui.h"
#include "lw-image-page.h"
#include "lw-import-dialog.h"
#include "lw-item-object.h"
#include "lw-item-row.h"
#include "lw-sample.h"
#include "lw-schema-editor.h"
#include "lw-text-annotator.h"
#include "lw-thumbnails.h"
#include "lw-window.h"
#include "lw-window-private.h"
#include "lw-stats-window.h"
#include "lw-window-review.h"
#include "lw-window-sequence.h"

#define PROJECT_MIME_TYPE "application/x-labelwright-project"
#define MAX_RECENT 5

struct _LwWindow
{
  AdwApplicationWindow parent_instance;

  /* template */
  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkWidget          *undo_button;
  GtkWidget          *redo_button;
  GtkWidget          *done_button;
  GtkWidget          *import_button;
  GtkStack           *stack;
  AdwStatusPage      *upgrading_page;
  GtkSpinner         *upgrading_spinner;
  GtkWidget          *recent_heading;
  GtkListBox         *recent_list;
  GtkPaned           *paned;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkWidget          *filter_button;
  LwFilterPopover    *filter_popover;
  GtkWidget          *clear_filters_button;
  GtkStack           *list_stack;
  GtkListView        *item_list;
  GtkStack           *view_stack;
  LwImagePage        *image_page;
  gint64              prefetched_after;
  LwTextAnnotator    *text_annotator;
  LwDocTags          *doc_tags;
  GtkWidget          *doc_tags_separator;
  GtkLabel           *tags_label;
  GtkLabel           *status_label;
  GtkLabel           *item_label;

  GSettings          *settings;
  LwProject          *project;
  char               *opening_path;  /* the file being upgraded before it opens, or NULL */
  gboolean            opening_sample;
  GCancellable       *opening;       /* cancelled when the window goes */
  gulong              changed_id;
  LwItemModel        *model;
  GtkSingleSelection *selection;
  GHashTable         *classes;      /* gint64* id -> LwLabelClass* */
  gint64              current_id;
  gboolean            syncing;
  char               *status_filter; /* "all" or an LwItemStatus name */
  LwThumbnails       *thumbnails;   /* the item list's, for its rows */

  GTask              *job;          /* the running import or export, not owned */
  GCancellable       *job_cancellable;
};

enum {
  PROP_0,
  PROP_STATUS_FILTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LwWindow, lw_window, ADW_TYPE_APPLICATION_WINDOW)

/* The status dropdown's rows, in order; row 0 is "all". */
static const char *const status_filter_names[] = {
  "all", "new", "in_progress", "done", "accepted", "rejected",
};
G_STATIC_ASSERT (G_N_ELEMENTS (status_filter_names) == LW_ITEM_N_STATUSES + 1);

void
lw_window_show_error (LwWindow *self, const GError *error)
{
  AdwToast *toast;

  g_return_if_fail (LW_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  g_debug ("%s", error->message);
  toast = adw_toast_new (error->message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_message (LwWindow *self, const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

char *
lw_window_dup_annotator_name (LwWindow *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "annotator-name");
  const char *real;

  g_strstrip (name);
  if (*name != '\0')
    return g_steal_pointer (&name);
  real = g_get_real_name ();
  if (real != NULL && *real != '\0' && g_strcmp0 (real, "Unknown") != 0)
    return g_strdup (real);
  return g_strdup (g_get_user_name ());
}

static void
apply_annotator (LwWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gint64 id;

  if (self->project == NULL || lw_project_is_read_only (self->project))
    return;
  name = lw_window_dup_annotator_name (self);
  id = lw_project_ensure_annotator (self->project, name, &error);
  if (id <= 0)
    {
      if (error != NULL)
        lw_window_show_error (self, error);
      return;
    }
  lw_project_set_current_annotator (self->project, id);
}

void
_lw_window_update_actions (LwWindow *self)
{
  gboolean open = self->project != NULL;
  gboolean writable = open && !lw_project_is_read_only (self->project);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-item", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-item", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.mark-done",
                                 writable && self->current_id > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 writable && lw_project_can_undo (self->project));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 writable && lw_project_can_redo (self->project));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.status-filter", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-filters",
                                 open && lw_item_model_is_filtered (self->model));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", writable && self->job == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", open && self->job == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.assign", writable && self->job == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-stats", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-classes", writable);
}

static void
update_status (LwWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *position = NULL;
  g_autofree char *text = NULL;
  const LwItemFilter *filter;
  gint64 counts[LW_ITEM_N_STATUSES] = { 0 };
  gint64 total, n, done;

  if (self->project == NULL)
    {
      gtk_label_set_text (self->status_label, "");
      return;
    }

  filter = lw_item_model_get_filter (self->model);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  total = lw_project_count_by_status (self->project, counts, &error);
  done = counts[LW_ITEM_STATUS_DONE] + counts[LW_ITEM_STATUS_ACCEPTED];
  annotator = lw_window_dup_annotator_name (self);

  if (self->current_id > 0 && lw_item_model_find (self->model, self->current_id) >= 0)
    {
      gint64 pos = lw_project_item_position (self->project, filter, self->current_id, NULL);
      /* TRANSLATORS: "Item 12 of 120" in the status bar */
      position = g_strdup_printf (_("Item %'lld of %'lld"), (long long) pos + 1, (long long) n);
    }
  else
    position = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'lld item", "%'lld items", (gulong) n),
                                (long long) n);

  /* TRANSLATORS: status bar: "Item 12 of 120 · 30 of 120 done · annotator Ada" */
  text = g_strdup_printf (_("%s · %'lld of %'lld done · annotator %s"),
                          position, (long long) done, (long long) MAX (total, 0), annotator);
  gtk_label_set_text (self->status_label, text);
}

static void
sync_selection (LwWindow *self)
{
  gint64 pos = self->model ? lw_item_model_find (self->model, self->current_id) : -1;

  self->syncing = TRUE;
  if (pos >= 0)
    {
      gtk_single_selection_set_selected (self->selection, (guint) pos);
      gtk_widget_activate_action (GTK_WIDGET (self->item_list), "list.scroll-to-item",
                                  "u", (guint32) pos);
    }
  else if (self->selection != NULL)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->syncing = FALSE;
}

static void
load_classes (LwWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) classes = lw_project_list_classes (self->project, &error);

  g_clear_pointer (&self->classes, g_hash_table_unref);
  self->classes = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                         (GDestroyNotify) lw_label_class_free);
  if (classes == NULL)
    {
      lw_window_show_error (self, error);
      return;
    }
  g_ptr_array_set_free_func (classes, NULL);
  for (guint i = 0; i < classes->len; i++)
    {
      LwLabelClass *klass = g_ptr_array_index (classes, i);
      g_hash_table_insert (self->classes, &klass->id, klass);
    }
}

static void
show_text (LwWindow *self, const LwItem *item, GPtrArray *annotations)
{
  lw_text_annotator_set_item (self->text_annotator, self->project, item, annotations, self->classes);
}

static void
show_tags (LwWindow *self, const LwItem *item, GPtrArray *annotations)
{
  g_autoptr(GString) tags = g_string_new (NULL);
  gboolean panel;

  /* The panel lists and toggles the tags; the label remains for schemas without tag classes.
   * An image's tags are in the canvas's class palette, beside its shape classes; their keys
   * still go through the panel. */
  lw_doc_tags_set_item (self->doc_tags, self->project, item, annotations, self->classes);
  panel = item != NULL && item->kind == LW_ITEM_KIND_TEXT && lw_doc_tags_has_classes (self->doc_tags);
  gtk_widget_set_visible (GTK_WIDGET (self->doc_tags), panel);
  gtk_widget_set_visible (self->doc_tags_separator, panel);

  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    {
      const LwAnnotation *ann = g_ptr_array_index (annotations, i);
      LwLabelClass *klass;

      if (ann->kind != LW_ANNOTATION_TAG)
        continue;
      klass = g_hash_table_lookup (self->classes, &ann->class_id);
      if (klass == NULL)
        continue;
      if (tags->len > 0)
        g_string_append (tags, ", ");
      g_string_append (tags, klass->name);
    }
  if (tags->len > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Tags: %s"), tags->str);
      gtk_label_set_text (self->tags_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tags_label),
                          tags->len > 0 && !panel && item != NULL && item->kind == LW_ITEM_KIND_TEXT);
}

/* The distinct annotators of @annotations, comma-separated, in the order they first appear. */
static char *
dup_annotator_names (LwWindow *self, GPtrArray *annotations)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < annotations->len; i++)
    {
      const LwAnnotation *ann = annotations->pdata[i];
      g_autofree char *name = NULL;

      if (ann->annotator_id <= 0 || g_hash_table_contains (seen, &ann->annotator_id))
        continue;
      g_hash_table_add (seen, g_memdup2 (&ann->annotator_id, sizeof ann->annotator_id));
      name = lw_project_dup_annotator_name (self->project, ann->annotator_id);
      if (name != NULL)
        g_string_append_printf (names, "%s%s", names->len ? ", " : "", name);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static char *
dup_media_path (LwWindow *self, const LwItem *item)
{
  if (item->media_path == NULL)
    return NULL;
  return g_path_is_absolute (item->media_path)
         ? g_strdup (item->media_path)
         : g_build_filename (lw_project_get_folder (self->project), item->media_path, NULL);
}

/* Decodes the next image of the list while the annotator works on this one. */
static void
prefetch_next (LwWindow *self)
{
  g_autoptr(LwItem) next = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autofree char *path = NULL;
  gint64 id;

  if (self->prefetched_after == self->current_id)
    return;
  self->prefetched_after = self->current_id;
  id = lw_project_next_item (self->project, lw_item_model_get_filter (self->model),
                             self->current_id, FALSE, NULL);
  next = id > 0 ? lw_project_get_item (self->project, id, NULL) : NULL;
  if (next == NULL || next->kind != LW_ITEM_KIND_IMAGE)
    return;
  path = dup_media_path (self, next);
  annotations = lw_project_list_annotations (self->project, next->id, 0, NULL);
  lw_canvas_prefetch (lw_image_page_get_canvas (self->image_page), next, path, annotations);
}

static void
reload_current (LwWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwItem) item = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autofree char *label = NULL;

  if (self->project == NULL || self->current_id <= 0)
    {
      gtk_stack_set_visible_child_name (self->view_stack, "none");
      show_tags (self, NULL, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->tags_label), FALSE);
      gtk_label_set_text (self->item_label, "");
      update_status (self);
      _lw_window_update_actions (self);
      return;
    }

  item = lw_project_get_item (self->project, self->current_id, &error);
  if (item != NULL)
    annotations = lw_project_list_annotations (self->project, item->id, 0, &error);
  if (item == NULL || annotations == NULL)
    {
      lw_window_show_error (self, error);
      self->current_id = 0;
      reload_current (self);
      return;
    }

  if (item->kind == LW_ITEM_KIND_TEXT)
    {
      show_text (self, item, annotations);
      gtk_stack_set_visible_child_name (self->view_stack, "text");
    }
  else
    {
      g_autofree char *path = dup_media_path (self, item);

      lw_image_page_show (self->image_page, self->project, item, path, annotations, self->classes);
      gtk_stack_set_visible_child_name (self->view_stack, "image");
      prefetch_next (self);
    }
  show_tags (self, item, annotations);

  if (item->status == LW_ITEM_STATUS_DONE || item->status == LW_ITEM_STATUS_ACCEPTED)
    {
      /* For the reviewer: who labelled this item. */
      g_autofree char *who = dup_annotator_names (self, annotations);
      /* TRANSLATORS: status bar, right side: "street-03.png · Done · by alice, bob" */
      label = *who != '\0'
              ? g_strdup_printf (_("%s · %s · by %s"), item->name ? item->name : "",
                                 lw_gui_status_name (item->status), who)
              : g_strdup_printf (_("%s · %s"), item->name ? item->name : "",
                                 lw_gui_status_name (item->status));
    }
  else if (item->status == LW_ITEM_STATUS_REJECTED || item->status == LW_ITEM_STATUS_IN_PROGRESS)
    {
      /* The annotator sees why the item came back, also while an item with several
       * annotators waits for the others to fix it (in progress). */
      g_autofree char *comment = lw_project_dup_open_rejection_comment (self->project, item->id, NULL);
      if (comment == NULL && item->status == LW_ITEM_STATUS_IN_PROGRESS)
        label = g_strdup_printf (_("%s · %s"), item->name ? item->name : "",
                                 lw_gui_status_name (item->status));
      else
        {
          /* TRANSLATORS: status bar, right side: "street-03.png · Rejected: the car is missing" */
          label = g_strdup_printf (_("%s · Rejected: %s"), item->name ? item->name : "",
                                   comment ? comment : "");
        }
    }
  else
    /* TRANSLATORS: status bar, right side: "street-03.png · Done" */
    label = g_strdup_printf (_("%s · %s"), item->name ? item->name : "",
                             lw_gui_status_name (item->status));
  gtk_label_set_text (self->item_label, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->item_label), label);
  update_status (self);
  _lw_window_update_actions (self);
}

void
lw_window_show_item (LwWindow *self, gint64 item_id)
{
  g_return_if_fail (LW_IS_WINDOW (self));

  self->current_id = item_id;
  reload_current (self);
  sync_selection (self);
}

static void
on_selection_changed (GtkSingleSelection *selection, GParamSpec *pspec, LwWindow *self)
{
  LwItemObject *object;

  if (self->syncing)
    return;
  object = gtk_single_selection_get_selected_item (selection);
  if (object == NULL || lw_item_object_get_id (object) == self->current_id)
    return;
  self->current_id = lw_item_object_get_id (object);
  reload_current (self);
}

static void
update_list_page (LwWindow *self)
{
  gboolean empty = self->model == NULL
                   || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;

  if (empty && self->project != NULL)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (self->list_stack, "empty");
      gboolean filtered = lw_item_model_is_filtered (self->model);

      adw_status_page_set_title (ADW_STATUS_PAGE (page),
                                 filtered ? _("No Matching Items") : _("No Items Yet"));
      adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                       filtered ? _("No item matches the search and the filters")
                                                : _("Import images, texts or datasets with the Import button, or drop files here"));
      gtk_widget_set_visible (self->clear_filters_button, filtered);
    }
  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");
}

static void
on_project_changed (LwProject *project, gint64 item_id, LwWindow *self)
{
  if (item_id == 0)
    {
      load_classes (self);
      lw_filter_popover_set_project (self->filter_popover, self->project);
    }
  update_list_page (self);
  if (item_id == 0 || item_id == self->current_id)
    reload_current (self);
  else
    {
      update_status (self);
      _lw_window_update_actions (self);
    }
  sync_selection (self);
}

/* The filter button stands out while its filters narrow the list, and says how. */
static void
update_filter_button (LwWindow *self)
{
  guint n = lw_filter_popover_get_n_active (self->filter_popover);
  g_autofree char *tooltip = NULL;

  if (n > 0)
    {
      gtk_widget_add_css_class (self->filter_button, "lw-filter-active");
      tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more filter is on",
                                              "%u more filters are on", n), n);
      gtk_widget_set_tooltip_text (self->filter_button, tooltip);
    }
  else
    {
      gtk_widget_remove_css_class (self->filter_button, "lw-filter-active");
      gtk_widget_set_tooltip_text (self->filter_button,
                                   _("Filter by class, annotator, split or predictions"));
    }
}

static void
apply_filter (LwWindow *self)
{
  LwItemFilter filter = { 0 };
  guint mask = 0;
  LwItemStatus status;
  const char *search;

  if (self->model == NULL)
    return;
  if (lw_item_status_from_string (self->status_filter, &status))
    mask = 1u << status;
  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  filter.status_mask = mask;
  filter.search = search;
  lw_filter_popover_apply (self->filter_popover, &filter);
  lw_item_model_set_item_filter (self->model, &filter);
  update_filter_button (self);
  _lw_window_update_actions (self);
  update_list_page (self);

  /* Keep the current item when it still matches; otherwise show the first match. */
  if (lw_item_model_find (self->model, self->current_id) < 0)
    {
      gint64 first = lw_project_next_item (self->project, lw_item_model_get_filter (self->model),
                                           0, FALSE, NULL);
      if (first > 0)
        self->current_id = first;
      reload_current (self);
    }
  else
    update_status (self);
  sync_selection (self);
}

static void
on_search_changed (GtkSearchEntry *entry, LwWindow *self)
{
  apply_filter (self);
}

static void
on_filters_changed (LwFilterPopover *popover, LwWindow *self)
{
  apply_filter (self);
}

/* The editor saves through this window's connection, whose "changed" reloads the classes
 * everywhere the window shows them. */
static void
edit_classes_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwWindow *self = LW_WINDOW (widget);

  if (self->project == NULL)
    return;
  gtk_window_present (GTK_WINDOW (lw_schema_editor_new (GTK_WINDOW (self), self->project)));
}

static void
clear_filters_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwWindow *self = LW_WINDOW (widget);

  /* Each of these re-filters only when it changes something; the last one always does. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_object_set (self, "status-filter", "all", NULL);
  lw_filter_popover_clear (self->filter_popover);
  apply_filter (self);
}

static void
on_status_dropdown_selected (GtkDropDown *dropdown, GParamSpec *pspec, LwWindow *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected < G_N_ELEMENTS (status_filter_names))
    g_object_set (self, "status-filter", status_filter_names[selected], NULL);
}

static void
set_status_filter (LwWindow *self, const char *name)
{
  LwItemStatus status;

  if (name == NULL || !lw_item_status_from_string (name, &status))
    name = "all";
  if (g_strcmp0 (self->status_filter, name) == 0)
    return;
  g_free (self->status_filter);
  self->status_filter = g_strdup (name);
  for (guint i = 0; i < G_N_ELEMENTS (status_filter_names); i++)
    if (g_str_equal (status_filter_names[i], name)
        && gtk_drop_down_get_selected (self->status_dropdown) != i)
      gtk_drop_down_set_selected (self->status_dropdown, i);
  apply_filter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_FILTER]);
}

/* After moving on by key, the keys go to the item: class hotkeys work at once. */
static void
focus_view (LwWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "image") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (lw_image_page_get_canvas (self->image_page)));
}

static void
go_next (LwWindow *self, gboolean backwards)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->project == NULL)
    return;
  id = lw_project_next_item (self->project, lw_item_model_get_filter (self->model),
                             self->current_id, backwards, &error);
  if (error != NULL)
    lw_window_show_error (self, error);
  else if (id > 0)
    {
      lw_window_show_item (self, id);
      focus_view (self);
    }
  else
    gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
next_item_action (GtkWidget *widget, const char *name, GVariant *param)
{
  go_next (LW_WINDOW (widget), FALSE);
}

static void
previous_item_action (GtkWidget *widget, const char *name, GVariant *param)
{
  go_next (LW_WINDOW (widget), TRUE);
}

/* After marking done: the next item of the list that is not done yet, wrapping around. */
static gint64
next_open_item (LwWindow *self, gint64 after)
{
  LwItemFilter filter = *lw_item_model_get_filter (self->model);
  guint open = (1u << LW_ITEM_STATUS_NEW) | (1u << LW_ITEM_STATUS_IN_PROGRESS)
               | (1u << LW_ITEM_STATUS_REJECTED);
  gint64 id;

  filter.status_mask = (filter.status_mask ? filter.status_mask : open) & open;
  if (filter.status_mask == 0)
    filter = *lw_item_model_get_filter (self->model);
  id = lw_project_next_item (self->project, &filter, after, FALSE, NULL);
  if (id <= 0)
    id = lw_project_next_item (self->project, &filter, 0, FALSE, NULL);
  return id == after ? 0 : id;
}

static void
mark_done_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwWindow *self = LW_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gint64 id = self->current_id;
  gint64 next;

  if (self->project == NULL || id <= 0)
    return;
  if (!lw_project_mark_item_done (self->project, id, &error))
    {
      lw_window_show_error (self, error);
      return;
    }
  if (!g_settings_get_boolean (self->settings, "auto-advance"))
    return;
  next = next_open_item (self, id);
  if (next > 0)
    {
      lw_window_show_item (self, next);
      focus_view (self);
    }
  else
    show_message (self, _("Every item in the list is done"));
}

static void
undo_redo (LwWindow *self, gboolean redo)
{
  g_autoptr(GError) error = NULL;
  gint64 item_id = 0;
  gboolean ok;

  if (self->project == NULL)
    return;
  ok = redo ? lw_project_redo (self->project, &item_id, &error)
            : lw_project_undo (self->project, &item_id, &error);
  if (!ok)
    {
      if (g_error_matches (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOTHING_TO_UNDO))
        show_message (self, redo ? _("Nothing to redo") : _("Nothing to undo"));
      else
        lw_window_show_error (self, error);
      return;
    }
  /* Show what changed back, so that an undo is never invisible. */
  if (item_id > 0 && item_id != self->current_id)
    lw_window_show_item (self, item_id);
  _lw_window_update_actions (self);
}

static void
undo_action (GtkWidget *widget, const char *name, GVariant *param)
{
  undo_redo (LW_WINDOW (widget), FALSE);
}

static void
redo_action (GtkWidget *widget, const char *name, GVariant *param)
{
  undo_redo (LW_WINDOW (widget), TRUE);
}

static void
open_sample_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwWindow *self = LW_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->project != NULL && app != NULL)
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "open-sample", NULL);
      return;
    }
  if (!lw_window_open_sample (self, &error))
    lw_window_show_error (self, error);
}

static void
open_education_sample_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwWindow *self = LW_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->project != NULL && app != NULL)
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "open-education-sample", NULL);
      return;
    }
  path = lw_sample_ensure_education (&error);
  if (path == NULL || !lw_window_open_sample_file (self, path, &error))
    lw_window_show_error (self, error);
}

/* The import wrote through another connection, whose "changed" signal nobody here hears:
 * reload what the window shows from the store. */
void
_lw_window_reload_after_import (LwWindow *self)
{
  if (self->project == NULL)
    return;
  lw_item_model_reload (self->model);
  load_classes (self);
  lw_filter_popover_set_project (self->filter_popover, self->project);
  lw_stats_window_project_reloaded (self);
  update_list_page (self);
  if (self->current_id <= 0 || lw_item_model_find (self->model, self->current_id) < 0)
    lw_window_show_item (self, lw_project_next_item (self->project,
                                                     lw_item_model_get_filter (self->model),
                                                     0, FALSE, NULL));
  else
    {
      reload_current (self);
      sync_selection (self);
    }
}

GTask *
_lw_window_get_job (LwWindow *self)
{
  return self->job;
}

void
_lw_window_set_job (LwWindow *self, GTask *job, GCancellable *cancellable)
{
  self->job = job;
  g_clear_object (&self->job_cancellable);
  self->job_cancellable = cancellable ? g_object_ref (cancellable) : NULL;
}

static void
import_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwWindow *self = LW_WINDOW (widget);

  if (self->project == NULL || self->job != NULL)
    return;
  gtk_window_present (GTK_WINDOW (lw_import_dialog_new (self)));
}

static void
assign_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwWindow *self = LW_WINDOW (widget);

  if (self->project == NULL || lw_project_is_read_only (self->project) || self->job != NULL)
    return;
  gtk_window_present (GTK_WINDOW (lw_assign_dialog_new (self)));
}

static void
export_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwWindow *self = LW_WINDOW (widget);

  if (self->project == NULL || self->job != NULL)
    return;
  gtk_window_present (GTK_WINDOW (lw_export_dialog_new (self)));
}

static gboolean
is_project_file (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);

  return base != NULL && g_str_has_suffix (base, ".lwproj");
}

/* Project files dropped on the window are opened, not imported: through the application,
 * which presents a window that shows one already and gives the others a window each; without
 * one (a test), in this window when it shows no project. */
static gboolean
open_dropped_projects (LwWindow *self, GSList *files)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (app != NULL)
    {
      g_autoptr(GPtrArray) array = g_ptr_array_new ();
      for (GSList *l = files; l != NULL; l = l->next)
        g_ptr_array_add (array, l->data);
      g_application_open (G_APPLICATION (app), (GFile **) array->pdata, (int) array->len, "");
      return TRUE;
    }
  if (self->project != NULL || self->opening_path != NULL || files->next != NULL)
    {
      show_message (self, _("Open the project from the welcome page of a new window"));
      return FALSE;
    }
  path = g_file_get_path (files->data);
  if (path == NULL)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 _("Only local project files can be opened"));
  if (path == NULL || !lw_window_open_project (self, path, &error))
    {
      lw_window_show_error (self, error);
      return FALSE;
    }
  return TRUE;
}

/* Files, folders and archives dropped on the window are imported with the format guessed. */
static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, LwWindow *self)
{
  GSList *files = g_value_get_boxed (value);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  LwImportDialog *dialog;
  guint n_projects = 0;

  for (GSList *l = files; l != NULL; l = l->next)
    n_projects += is_project_file (l->data);
  if (n_projects > 0 && n_projects == g_slist_length (files))
    return open_dropped_projects (self, files);
  if (n_projects > 0)
    {
      show_message (self, _("Drop project files alone to open them; other files are imported"));
      return FALSE;
    }
  if (self->project == NULL || lw_project_is_read_only (self->project))
    {
      show_message (self, _("Open a project to import files into it"));
      return FALSE;
    }
  if (self->job != NULL)
    {
      show_message (self, _("Another import, export or assignment is running"));
      return FALSE;
    }
  for (GSList *l = files; l != NULL; l = l->next)
    {
      char *path = g_file_get_path (l->data);
      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  if (paths->len == 0)
    {
      show_message (self, _("Only local files and folders can be imported"));
      return FALSE;
    }
  g_ptr_array_add (paths, NULL);

  dialog = lw_import_dialog_new (self);
  lw_import_dialog_set_sources (dialog, (const char *const *) paths->pdata);
  lw_import_dialog_set_format (dialog, LW_IMPORT_FORMAT_AUTO);
  gtk_window_present (GTK_WINDOW (dialog));
  lw_import_dialog_start (dialog);
  return TRUE;
}

static char *
row_media_path (const LwItem *item, gpointer data)
{
  return dup_media_path (data, item);
}

/* A new factory makes the list bind its rows again: at another thumbnail size, for one. */
static void
set_row_factory (LwWindow *self)
{
  GtkListItemFactory *factory = lw_item_row_factory_new (self->thumbnails, row_media_path, self);

  gtk_list_view_set_factory (self->item_list, factory);
  g_object_unref (factory);
}

static void
on_thumbnail_size_changed (LwThumbnails *thumbnails, GParamSpec *pspec, LwWindow *self)
{
  set_row_factory (self);
}

/* Welcome page */

static gint
compare_recent (gconstpointer a, gconstpointer b)
{
  GtkRecentInfo *ra = *(GtkRecentInfo **) a;
  GtkRecentInfo *rb = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (rb), gtk_recent_info_get_modified (ra));
}

static void
fill_recent (LwWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  GList *items = gtk_recent_manager_get_items (manager);
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);

      if (g_strcmp0 (gtk_recent_info_get_mime_type (info), PROJECT_MIME_TYPE) == 0
          || g_str_has_suffix (uri, ".lwproj"))
        g_ptr_array_add (infos, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (infos, compare_recent);

  for (guint i = 0; i < infos->len && shown < MAX_RECENT; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (infos, i);
      g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *base = NULL;
      g_autofree char *folder = NULL;
      GtkWidget *row;

      if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      base = lw_project_file_stem (path);
      folder = g_path_get_dirname (path);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), base);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_widget_set_tooltip_text (row, path);
      g_object_set_data_full (G_OBJECT (row), "lw-path", g_steal_pointer (&path), g_free);
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), shown > 0);
  gtk_widget_set_visible (self->recent_heading, shown > 0);
}

static void
on_recent_row_activated (GtkListBox *list, GtkListBoxRow *row, LwWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char *path = g_object_get_data (G_OBJECT (row), "lw-path");

  if (path != NULL && !lw_window_open_project (self, path, &error))
    lw_window_show_error (self, error);
}

static void
add_to_recent (LwWindow *self, const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GtkRecentData data = {
    .display_name = NULL,
    .description = NULL,
    .mime_type = (char *) PROJECT_MIME_TYPE,
    .app_name = (char *) g_get_application_name (),
    .app_exec = (char *) "labelwright %u",
    .groups = NULL,
    .is_private = FALSE,
  };

  if (uri != NULL && data.app_name != NULL)
    gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

/* Opening */

static gboolean
open_now (LwWindow    *self,
          const char  *path,
          gboolean     is_sample,
          GError     **error)
{
  g_autoptr(LwProject) project = NULL;
  g_autofree char *name = NULL;
  g_autofree char *uri = NULL;

  project = lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, error);
  if (project == NULL)
    return FALSE;

  self->project = g_steal_pointer (&project);
  self->changed_id = g_signal_connect (self->project, "changed",
                                       G_CALLBACK (on_project_changed), self);
  self->model = lw_item_model_new (self->project);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);

  /* A few screens of rows: scrolling back is served without decoding again. */
  self->thumbnails = lw_thumbnails_new (512);
  g_settings_bind (self->settings, "thumbnail-size", self->thumbnails, "size", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->thumbnails, "notify::size",
                           G_CALLBACK (on_thumbnail_size_changed), self, 0);
  lw_thumbnails_set_view (self->thumbnails, GTK_WIDGET (self->item_list));
  set_row_factory (self);
  gtk_list_view_set_model (self->item_list, GTK_SELECTION_MODEL (self->selection));

  load_classes (self);
  apply_annotator (self);
  lw_filter_popover_set_project (self->filter_popover, self->project);

  name = lw_project_dup_name (self->project);
  adw_window_title_set_title (self->window_title, name ? name : _("Untitled Project"));
  adw_window_title_set_subtitle (self->window_title, lw_project_get_folder (self->project));
  gtk_window_set_title (GTK_WINDOW (self), name ? name : _("Labelwright"));
  gtk_widget_set_visible (self->undo_button, TRUE);
  gtk_widget_set_visible (self->redo_button, TRUE);
  gtk_widget_set_visible (self->done_button, TRUE);
  gtk_widget_set_visible (self->import_button, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "project");

  uri = g_filename_to_uri (lw_project_get_path (self->project), NULL, NULL);
  if (uri != NULL)
    g_settings_set_string (self->settings, "last-project", uri);
  if (!is_sample)
    add_to_recent (self, lw_project_get_path (self->project));

  update_list_page (self);
  lw_window_show_item (self, lw_project_next_item (self->project,
                                                   lw_item_model_get_filter (self->model),
                                                   0, FALSE, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (self->item_list));
  return TRUE;
}

static void
on_upgraded (GObject *source, GAsyncResult *result, gpointer data)
{
  LwWindow *self = LW_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  /* Cancelled: the window has gone (the upgrade itself ran to its end). */
  if (!_lw_window_upgrade_finish (self, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  path = g_steal_pointer (&self->opening_path);
  g_clear_object (&self->opening);
  gtk_spinner_stop (self->upgrading_spinner);
  if (error == NULL)
    open_now (self, path, self->opening_sample, &error);
  if (error != NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "welcome");
      lw_window_show_error (self, error);
    }
}

/* Opens @path, or when it is in an older format, shows that it is being upgraded, upgrades it
 * on a worker and opens it then (errors of that are shown by the window). */
static gboolean
open_project (LwWindow    *self,
              const char  *path,
              gboolean     is_sample,
              GError     **error)
{
  g_autofree char *base = NULL;
  g_autofree char *description = NULL;

  g_return_val_if_fail (LW_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (self->project == NULL, FALSE);

  if (self->opening_path != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _("This window is still upgrading “%s”"), self->opening_path);
      return FALSE;
    }
  if (!lw_project_file_needs_upgrade (path))
    return open_now (self, path, is_sample, error);

  self->opening_path = g_strdup (path);
  self->opening_sample = is_sample;
  self->opening = g_cancellable_new ();
  base = lw_project_file_stem (path);
  description = g_strdup_printf (_("“%s” was saved by an earlier version of Labelwright. It is "
                                   "being brought up to date; this happens once, and on a large "
                                   "project takes a moment."), base);
  adw_status_page_set_description (self->upgrading_page, description);
  gtk_spinner_start (self->upgrading_spinner);
  gtk_stack_set_visible_child_name (self->stack, "upgrading");
  _lw_window_upgrade_async (self, path, self->opening, on_upgraded, NULL);
  return TRUE;
}

gboolean
lw_window_open_project (LwWindow    *self,
                        const char  *path,
                        GError     **error)
{
  return open_project (self, path, FALSE, error);
}

gboolean
lw_window_open_sample (LwWindow  *self,
                       GError   **error)
{
  g_autofree char *path = lw_sample_ensure (error);

  return path != NULL && lw_window_open_sample_file (self, path, error);
}

gboolean
lw_window_open_sample_file (LwWindow    *self,
                            const char  *path,
                            GError     **error)
{
  return open_project (self, path, TRUE, error);
}

const char *
lw_window_get_path (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);
  return self->project != NULL ? lw_project_get_path (self->project) : self->opening_path;
}

LwProject *
lw_window_get_project (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);
  return self->project;
}

LwItemModel *
lw_window_get_item_model (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);
  return self->model;
}

GtkSelectionModel *
lw_window_get_selection (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);
  return self->selection ? GTK_SELECTION_MODEL (self->selection) : NULL;
}

gint64
lw_window_get_current_item (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), 0);
  return self->current_id;
}

LwCanvas *
lw_window_get_canvas (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);
  return lw_image_page_get_canvas (self->image_page);
}

const char *
lw_window_get_item_text (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);
  return gtk_label_get_text (self->item_label);
}

LwFilterPopover *
lw_window_get_filter_popover (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);
  return self->filter_popover;
}

LwThumbnails *
lw_window_get_thumbnails (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);
  return self->thumbnails;
}

const char *
lw_window_get_status_text (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);
  return gtk_label_get_text (self->status_label);
}

/* GObject */

static gboolean
lw_window_close_request (GtkWindow *window)
{
  LwWindow *self = LW_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
  return GTK_WINDOW_CLASS (lw_window_parent_class)->close_request (window);
}

static void
lw_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LwWindow *self = LW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STATUS_FILTER:
      g_value_set_string (value, self->status_filter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LwWindow *self = LW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STATUS_FILTER:
      set_status_filter (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_annotator_changed (GSettings *settings, const char *key, LwWindow *self)
{
  apply_annotator (self);
  update_status (self);
  /* "My queue" is the queue of the annotator just named. */
  apply_filter (self);
}

static void
lw_window_dispose (GObject *object)
{
  LwWindow *self = LW_WINDOW (object);

  /* The worker holds its own connection; it stops at the next item and rolls back. */
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);
  /* An upgrade under way finishes on its worker; only its reply to the window is dropped. */
  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  g_clear_pointer (&self->opening_path, g_free);
  if (self->project != NULL)
    g_clear_signal_handler (&self->changed_id, self->project);
  if (self->item_list != NULL)
    gtk_list_view_set_model (self->item_list, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->thumbnails);
  g_clear_object (&self->project);
  g_clear_pointer (&self->classes, g_hash_table_unref);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_WINDOW);
  G_OBJECT_CLASS (lw_window_parent_class)->dispose (object);
}

static void
lw_window_finalize (GObject *object)
{
  LwWindow *self = LW_WINDOW (object);

  g_free (self->status_filter);
  G_OBJECT_CLASS (lw_window_parent_class)->finalize (object);
}

static void
lw_window_class_init (LwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = lw_window_get_property;
  object_class->set_property = lw_window_set_property;
  object_class->dispose = lw_window_dispose;
  object_class->finalize = lw_window_finalize;
  window_class->close_request = lw_window_close_request;

  properties[PROP_STATUS_FILTER] =
    g_param_spec_string ("status-filter", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  lw_gui_ensure_resources ();
  g_type_ensure (LW_TYPE_IMAGE_PAGE);
  g_type_ensure (LW_TYPE_FILTER_POPOVER);
  g_type_ensure (LW_TYPE_TEXT_ANNOTATOR);
  g_type_ensure (LW_TYPE_DOC_TAGS);
  gtk_widget_class_set_template_from_resource (widget_class, LW_RESOURCE_PATH "/lw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, done_button);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, upgrading_page);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, upgrading_spinner);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, recent_heading);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, clear_filters_button);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, item_list);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, image_page);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, text_annotator);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, doc_tags);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, doc_tags_separator);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, tags_label);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, item_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_status_dropdown_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_recent_row_activated);

  gtk_widget_class_install_action (widget_class, "win.next-item", NULL, next_item_action);
  gtk_widget_class_install_action (widget_class, "win.previous-item", NULL, previous_item_action);
  gtk_widget_class_install_action (widget_class, "win.mark-done", NULL, mark_done_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", NULL, open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.open-education-sample", NULL,
                                   open_education_sample_action);
  gtk_widget_class_install_property_action (widget_class, "win.status-filter", "status-filter");
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.edit-classes", NULL, edit_classes_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.assign", NULL, assign_action);
  lw_window_review_class_init (widget_class);
  lw_window_sequence_class_init (widget_class);
  lw_stats_window_install_action (widget_class);

  /* n and p bubble: typed into the search entry they stay letters. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "win.next-item", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "win.previous-item", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
}

/* Page Up/Down and Ctrl+Return are taken in the capture phase: the scrolled item list
 * and the text view would otherwise use them for scrolling. */
static void
add_capture_shortcuts (LwWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  struct { guint key; GdkModifierType mods; const char *action; } keys[] = {
    { GDK_KEY_Page_Down, 0, "win.next-item" },
    { GDK_KEY_Page_Up, 0, "win.previous-item" },
    { GDK_KEY_Return, GDK_CONTROL_MASK, "win.mark-done" },
    { GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.mark-done" },
  };

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, keys[i].mods),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* Class hotkeys, before the focused widget sees them (the text view would take Delete), but
 * never while a text entry has the focus: typed there they stay letters. */
static gboolean
on_class_hotkey (GtkEventControllerKey *controller, guint keyval, guint keycode,
                 GdkModifierType state, LwWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  if (self->project == NULL || (focus != NULL && GTK_IS_EDITABLE (focus)))
    return FALSE;
  /* Keys typed into a menu or another popover pass through the window too: not ours. */
  if (event != NULL && gdk_event_get_surface (event) != gtk_native_get_surface (GTK_NATIVE (self)))
    return FALSE;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "text") == 0
      && lw_text_annotator_handle_key (self->text_annotator, keyval, state))
    return TRUE;
  /* On an image, a class key relabels the selected shape or picks the class to draw, and a
   * tag's key switches the tag, wherever the focus is. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "image") == 0)
    return lw_canvas_handle_class_key (lw_image_page_get_canvas (self->image_page), keyval, state);
  return lw_doc_tags_handle_key (self->doc_tags, keyval, state);
}

static void
lw_window_init (LwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->status_filter = g_strdup ("all");
  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_settings_bind (self->settings, "sidebar-width", self->paned, "position", G_SETTINGS_BIND_DEFAULT);
  {
    LwCanvas *canvas = lw_image_page_get_canvas (self->image_page);

    g_settings_bind (self->settings, "fill-opacity", canvas, "fill-opacity", G_SETTINGS_BIND_DEFAULT);
    g_settings_bind (self->settings, "outline-opacity", canvas, "outline-opacity", G_SETTINGS_BIND_DEFAULT);
    g_settings_bind (self->settings, "prediction-threshold", canvas, "prediction-threshold",
                     G_SETTINGS_BIND_DEFAULT);
    g_settings_bind (self->settings, "show-crosshair", canvas, "show-crosshair", G_SETTINGS_BIND_GET);
  }
  g_signal_connect_object (self->settings, "changed::annotator-name",
                           G_CALLBACK (on_annotator_changed), self, 0);

  add_capture_shortcuts (self);
  g_settings_bind (self->settings, "trim-span-whitespace", self->text_annotator, "trim-whitespace",
                   G_SETTINGS_BIND_GET);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();
    gtk_event_controller_set_name (keys, "lw-class-hotkeys");
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_class_hotkey), self);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
    g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }
  if (DEVELOPMENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  fill_recent (self);
  gtk_stack_set_visible_child_name (self->stack, "welcome");
  _lw_window_update_actions (self);
}

LwWindow *
lw_window_new (GtkApplication *application)
{
  return g_object_new (LW_TYPE_WINDOW, "application", application, NULL);
}
