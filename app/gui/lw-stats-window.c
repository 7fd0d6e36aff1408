/* lw-stats-window.c: the statistics of the open project: progress, classes, sizes and,
 * with two or more annotators, their agreement */
#define G_LOG_DOMAIN "lw-stats-window"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "lw-gui.h"
#include "lw-stats-agreement.h"
#include "lw-stats-consensus.h"
#include "lw-stats-progress.h"
#include "lw-stats-window.h"

/* One screen of days: a longer history would make the bars too thin to read. */
#define PROGRESS_DAYS 30
/* Items with more annotations than this share the last bar of the per-item histogram. */
#define PER_ITEM_BINS 10
/* The disagreement list is for reading, not for scrolling through a whole project. */
#define MAX_DISAGREEMENT_ROWS 100
#define DEFAULT_IOU 0.5
/* Edits come in bursts (a box drawn and its class set, undo held down): the statistics are
 * computed again once the project has been quiet this long. */
#define REFRESH_DELAY_MS 400

struct _LwStatsWindow
{
  AdwWindow             parent_instance;

  LwWindow             *main_window;   /* weak */
  char                 *path;
  GCancellable         *cancellable;
  GHashTable           *charts;        /* name -> LwChart (owned by the widget tree) */
  LwLineChart          *progress_chart;
  LwProjectStats       *stats;         /* the last computed, for the progress choices */
  GArray               *who_ids;       /* gint64: who_dropdown's entries after "All" */
  gboolean              filling_who;
  guint                 refresh_id;
  gboolean              dirty;         /* changed while computing */
  guint                 n_computed;
  guint                 n_started;

  GtkStack             *state_stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *error_page;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewStack         *view_stack;
  AdwViewStackPage     *agreement_page;
  AdwPreferencesGroup  *status_group;
  AdwPreferencesGroup  *annotator_group;
  AdwPreferencesGroup  *by_annotator_group;
  GtkDropDown          *measure_dropdown;
  GtkDropDown          *who_dropdown;
  AdwPreferencesGroup  *time_group;
  AdwPreferencesGroup  *done_group;
  AdwPreferencesGroup  *class_group;
  AdwPreferencesGroup  *per_item_group;
  AdwPreferencesGroup  *box_group;
  AdwPreferencesGroup  *agreement_class_group;
  AdwPreferencesGroup  *consensus_group;
  AdwPreferencesGroup  *disagreement_group;
  GtkListBox           *agreement_list;
  GtkListBox           *disagreement_list;
};

G_DEFINE_FINAL_TYPE (LwStatsWindow, lw_stats_window, ADW_TYPE_WINDOW)

typedef struct {
  LwProjectStats    *stats;
  LwAgreementReport *agreement;   /* NULL with fewer than two annotators */
  GPtrArray         *classes;     /* LwLabelClass*, for their colours */
} Result;

static void
result_free (gpointer data)
{
  Result *r = data;

  g_clear_pointer (&r->stats, lw_project_stats_free);
  g_clear_pointer (&r->agreement, lw_agreement_report_free);
  g_clear_pointer (&r->classes, g_ptr_array_unref);
  g_free (r);
}

/* SQLite connections are not shared between threads: the worker opens its own. */
static void
compute_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  Result *r;
  guint named = 0;

  if (project == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  r = g_new0 (Result, 1);
  r->stats = lw_project_compute_stats (project, &error);
  if (r->stats != NULL)
    r->classes = lw_project_list_classes (project, &error);
  if (r->stats != NULL && r->classes != NULL)
    {
      for (guint i = 0; i < r->stats->by_annotator->len; i++)
        if (((LwAnnotatorCount *) g_ptr_array_index (r->stats->by_annotator, i))->annotator != NULL)
          named++;
      if (named >= 2)
        r->agreement = lw_project_compute_agreement (project, DEFAULT_IOU, cancellable, &error);
    }
  if (error != NULL)
    {
      result_free (r);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, r, result_free);
}

static const char *
status_label (LwItemStatus status)
{
  switch (status)
    {
    case LW_ITEM_STATUS_NEW: return _("New");
    case LW_ITEM_STATUS_IN_PROGRESS: return _("In Progress");
    case LW_ITEM_STATUS_DONE: return _("Done");
    case LW_ITEM_STATUS_ACCEPTED: return _("Accepted");
    case LW_ITEM_STATUS_REJECTED: return _("Rejected");
    case LW_ITEM_N_STATUSES:
    default: return "";
    }
}

/* Grey for untouched work, blue for work under way, greens for finished, red for sent back. */
static const char *
status_color (LwItemStatus status)
{
  static const char *const colors[LW_ITEM_N_STATUSES] = {
    "#9a9996", "#3584e4", "#33d17a", "#26a269", "#e01b24",
  };
  return status < LW_ITEM_N_STATUSES ? colors[status] : "#9a9996";
}

static LwChart *
add_chart (LwStatsWindow *self, AdwPreferencesGroup *group, const char *name, LwChartKind kind)
{
  LwChart *chart = lw_chart_new (kind);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_top (GTK_WIDGET (chart), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (chart), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (chart), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (chart), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_group_get_title (group), -1);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (chart));
  adw_preferences_group_add (group, card);
  g_hash_table_insert (self->charts, (gpointer) name, chart);
  return chart;
}

static void
fill_status (LwStatsWindow *self, const LwProjectStats *s)
{
  LwChart *chart = lw_stats_window_get_chart (self, "status");
  g_autofree char *text = NULL;

  lw_chart_clear (chart);
  for (guint i = 0; i < LW_ITEM_N_STATUSES; i++)
    {
      GdkRGBA color;
      gdk_rgba_parse (&color, status_color (i));
      lw_chart_add (chart, status_label (i), (double) s->items_by_status[i], &color);
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " item, ",
                                       "%" G_GINT64_FORMAT " items, ", (gulong) s->items),
                          s->items);
  {
    g_autofree char *annotations = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " annotation",
                     "%" G_GINT64_FORMAT " annotations", (gulong) s->annotations),
        s->annotations);
    g_autofree char *both = g_strconcat (text, annotations, NULL);
    adw_preferences_group_set_description (self->status_group, both);
  }
}

/* Each annotator's bar in their colour, as in progress by annotator and on the canvas; the
 * ids come from the progress rows, where every annotation is counted. */
static void
fill_annotators (LwStatsWindow *self, const LwProjectStats *s)
{
  LwChart *chart = lw_stats_window_get_chart (self, "annotators");
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < s->progress->len; i++)
    {
      const LwProgressRow *row = g_ptr_array_index (s->progress, i);
      g_hash_table_insert (ids, row->annotator ? row->annotator : "", (gpointer) &row->annotator_id);
    }
  lw_chart_clear (chart);
  for (guint i = 0; i < s->by_annotator->len; i++)
    {
      const LwAnnotatorCount *c = g_ptr_array_index (s->by_annotator, i);
      const gint64 *id = g_hash_table_lookup (ids, c->annotator ? c->annotator : "");
      GdkRGBA color;

      if (id != NULL)
        lw_gui_annotator_rgba (*id, &color);
      lw_chart_add (chart, c->annotator ? c->annotator : _("No annotator"), (double) c->annotations,
                    id != NULL ? &color : NULL);
    }
}

/* Annotations created and items finished per day, on one day axis for both charts. Days
 * without work are bars of zero: leaving them out would bend the time axis. */
static void
fill_progress (LwStatsWindow *self, const LwProjectStats *s)
{
  LwChart *made = lw_stats_window_get_chart (self, "progress");
  LwChart *done = lw_stats_window_get_chart (self, "done-per-day");
  gint64 last = G_MININT64, first, start;
  double annotations[PROGRESS_DAYS] = { 0 }, items[PROGRESS_DAYS] = { 0 }, n_done = 0;

  lw_chart_clear (made);
  lw_chart_clear (done);
  for (guint i = 0; i < s->progress->len; i++)
    {
      const LwProgressRow *row = g_ptr_array_index (s->progress, i);
      gint64 day;
      if ((row->annotations > 0 || row->items_done > 0) && lw_stats_progress_parse_day (row->day, &day))
        last = MAX (last, day);
    }
  if (last == G_MININT64)
    return;
  first = last - (PROGRESS_DAYS - 1);
  start = last;
  for (guint i = 0; i < s->progress->len; i++)
    {
      const LwProgressRow *row = g_ptr_array_index (s->progress, i);
      gint64 day;
      if (!lw_stats_progress_parse_day (row->day, &day) || day < first || day > last)
        continue;
      annotations[day - first] += (double) row->annotations;
      items[day - first] += (double) row->items_done;
      if (row->annotations > 0 || row->items_done > 0)
        start = MIN (start, day);
    }
  for (gint64 day = start; day <= last; day++)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (day * 86400);
      g_autofree char *label = g_date_time_format (dt, "%m-%d");
      lw_chart_add (made, label, annotations[day - first], NULL);
      lw_chart_add (done, label, items[day - first], NULL);
      n_done += items[day - first];
    }
  /* A chart of zeros reads as a drawing error; say it in words. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (done)), n_done > 0);
  adw_preferences_group_set_description (self->done_group, n_done > 0
      ? _("Items marked done per day (UTC); an undone change does not count")
      : _("No item was marked done on these days"));
}

/* Each annotator's running total, or one annotator's, of what the drop-downs choose. */
static void
fill_by_annotator (LwStatsWindow *self)
{
  LwStatsProgressMeasure measure = gtk_drop_down_get_selected (self->measure_dropdown) == 1
                                   ? LW_STATS_PROGRESS_ANNOTATIONS : LW_STATS_PROGRESS_ITEMS_DONE;
  guint who = gtk_drop_down_get_selected (self->who_dropdown);
  gint64 only = who >= 1 && who - 1 < self->who_ids->len ? g_array_index (self->who_ids, gint64, who - 1) : -1;
  GtkWidget *card = gtk_widget_get_parent (GTK_WIDGET (self->progress_chart));
  const char *label;
  double shown;

  if (self->stats == NULL)
    return;
  shown = lw_stats_progress_fill (self->stats, measure, only, PROGRESS_DAYS, self->progress_chart);
  label = measure == LW_STATS_PROGRESS_ANNOTATIONS
          ? _("Annotations made so far, by annotator")
          : _("Items marked done so far, by annotator");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  /* Lines along zero read as a drawing error; say it in words. */
  gtk_widget_set_visible (card, shown > 0);
  if (shown > 0)
    adw_preferences_group_set_description (self->by_annotator_group, measure == LW_STATS_PROGRESS_ANNOTATIONS
        ? _("Annotations that still exist, running total by day (UTC)")
        : _("Items marked done, running total by day (UTC)"));
  else if (only >= 0)
    adw_preferences_group_set_description (self->by_annotator_group, measure == LW_STATS_PROGRESS_ANNOTATIONS
        ? _("No annotations by this annotator yet")
        : _("No item marked done by this annotator yet"));
  else
    adw_preferences_group_set_description (self->by_annotator_group, measure == LW_STATS_PROGRESS_ANNOTATIONS
        ? _("No annotations yet")
        : _("No item was marked done yet"));
}

/* The annotator choice lists who has progress rows; the one chosen stays chosen while
 * they are still there. */
static void
fill_who (LwStatsWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->who_dropdown);
  gint64 chosen = selected >= 1 && selected - 1 < self->who_ids->len
                  ? g_array_index (self->who_ids, gint64, selected - 1) : -1;
  GtkStringList *names = gtk_string_list_new (NULL);
  guint select = 0;

  g_array_set_size (self->who_ids, 0);
  gtk_string_list_append (names, _("All Annotators"));
  lw_stats_progress_annotators (self->stats, self->who_ids, names);
  for (guint i = 0; i < self->who_ids->len; i++)
    if (g_array_index (self->who_ids, gint64, i) == chosen)
      select = i + 1;
  self->filling_who = TRUE;
  gtk_drop_down_set_model (self->who_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->who_dropdown, select);
  self->filling_who = FALSE;
  g_object_unref (names);
  /* One annotator has nothing to choose between. */
  gtk_widget_set_visible (GTK_WIDGET (self->who_dropdown), self->who_ids->len > 1);
}

static void
on_progress_choice (LwStatsWindow *self)
{
  if (!self->filling_who)
    fill_by_annotator (self);
}

static void
fill_classes (LwStatsWindow *self, const Result *r)
{
  LwChart *chart = lw_stats_window_get_chart (self, "classes");

  lw_chart_clear (chart);
  for (guint i = 0; i < r->stats->by_class->len; i++)
    {
      const LwClassCount *c = g_ptr_array_index (r->stats->by_class, i);
      GdkRGBA color, *use = NULL;

      for (guint k = 0; k < r->classes->len; k++)
        {
          const LwLabelClass *klass = g_ptr_array_index (r->classes, k);
          if (klass->id == c->class_id && klass->color != NULL && gdk_rgba_parse (&color, klass->color))
            use = &color;
        }
      lw_chart_add (chart, c->class_name, (double) c->total, use);
    }
}

static void
fill_per_item (LwStatsWindow *self, const LwProjectStats *s)
{
  LwChart *chart = lw_stats_window_get_chart (self, "per-item");
  double bins[PER_ITEM_BINS + 1] = { 0 };
  guint n_bins = 0;

  lw_chart_clear (chart);
  for (guint i = 0; i + 1 < s->per_item->len; i += 2)
    {
      gint64 n = g_array_index (s->per_item, gint64, i);
      guint bin = (guint) MIN (n, (gint64) PER_ITEM_BINS);
      bins[bin] += (double) g_array_index (s->per_item, gint64, i + 1);
      n_bins = MAX (n_bins, bin + 1);
    }
  for (guint bin = 0; bin < n_bins; bin++)
    {
      g_autofree char *label = bin == PER_ITEM_BINS ? g_strdup_printf ("%u+", bin)
                                                    : g_strdup_printf ("%u", bin);
      lw_chart_add (chart, label, bins[bin], NULL);
    }
}

/* The histogram of box sides by octave; COCO's three size classes, which training code
 * reports, go into the description. */
static void
fill_box_sizes (LwStatsWindow *self, const LwProjectStats *s)
{
  LwChart *chart = lw_stats_window_get_chart (self, "box-sizes");
  gint64 n = 0;

  lw_chart_clear (chart);
  for (guint z = 0; z < LW_BOX_N_SIDE_BINS; z++)
    {
      g_autofree char *label = NULL;

      if (z == 0)
        label = g_strdup_printf ("< %.0f", lw_box_side_bin_start (1));
      else if (z + 1 == LW_BOX_N_SIDE_BINS)
        label = g_strdup_printf ("≥ %.0f", lw_box_side_bin_start (z));
      else
        label = g_strdup_printf ("%.0f–%.0f", lw_box_side_bin_start (z), lw_box_side_bin_start (z + 1));
      lw_chart_add (chart, label, (double) s->box_sides[z], NULL);
      n += s->box_sides[z];
    }
  if (n == 0)
    {
      adw_preferences_group_set_description (self->box_group, _("No boxes yet"));
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (chart)), FALSE);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (
          /* Translators: COCO's size classes of boxes (small < 32², medium < 96², large) */
          _("Side length (square root of the area) in pixels. COCO sizes: %" G_GINT64_FORMAT
            " small, %" G_GINT64_FORMAT " medium, %" G_GINT64_FORMAT " large; mean area %.0f px²"),
          s->box_sizes[LW_BOX_SIZE_SMALL], s->box_sizes[LW_BOX_SIZE_MEDIUM],
          s->box_sizes[LW_BOX_SIZE_LARGE], s->box_area_mean);
      adw_preferences_group_set_description (self->box_group, text);
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (chart)), TRUE);
    }
}

static void
fill_agreement (LwStatsWindow *self, const LwAgreementReport *a)
{
  LwChart *chart = lw_stats_window_get_chart (self, "agreement-classes");
  gboolean show = a != NULL && a->annotators->len >= 2;
  guint shown = lw_stats_agreement_fill (show ? a : NULL, self->agreement_list, chart,
                                         self->disagreement_list, MAX_DISAGREEMENT_ROWS);

  adw_view_stack_page_set_visible (self->agreement_page, show);
  gtk_widget_set_visible (GTK_WIDGET (self->agreement_class_group), lw_chart_get_n_values (chart) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->disagreement_group), shown > 0);
}

static gboolean refresh_timeout (gpointer data);

static void
on_computed (GObject *source, GAsyncResult *result, gpointer data)
{
  LwStatsWindow *self = LW_STATS_WINDOW (source);
  g_autoptr(GError) error = NULL;
  Result *r = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* closed or computing again: nothing to show */
  g_clear_object (&self->cancellable);
  if (self->dirty)
    {
      self->dirty = FALSE;
      g_clear_handle_id (&self->refresh_id, g_source_remove);
      self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout, self);
    }
  gtk_spinner_stop (self->spinner);
  if (r == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s: %s"), self->path, error->message);
      adw_status_page_set_description (self->error_page, text);
      gtk_stack_set_visible_child_name (self->state_stack, "error");
      return;
    }
  fill_status (self, r->stats);
  fill_annotators (self, r->stats);
  fill_progress (self, r->stats);
  fill_classes (self, r);
  g_clear_pointer (&self->stats, lw_project_stats_free);
  self->stats = g_steal_pointer (&r->stats);
  fill_who (self);
  /* A project whose items were never marked done (imported work, say) opens on what it has. */
  if (self->n_computed == 0)
    {
      gboolean any_done = FALSE;

      for (guint i = 0; i < self->stats->progress->len; i++)
        any_done |= ((LwProgressRow *) g_ptr_array_index (self->stats->progress, i))->items_done > 0;
      self->filling_who = TRUE;
      gtk_drop_down_set_selected (self->measure_dropdown, any_done ? 0 : 1);
      self->filling_who = FALSE;
    }
  fill_by_annotator (self);
  fill_per_item (self, self->stats);
  fill_box_sizes (self, self->stats);
  fill_agreement (self, r->agreement);
  self->n_computed++;
  if (self->stats->items == 0)
    {
      adw_status_page_set_description (self->empty_page,
                                       _("The project has no items yet. Import images or texts, label them, then compute again."));
      gtk_stack_set_visible_child_name (self->state_stack, "empty");
    }
  else if (self->stats->annotations == 0)
    {
      g_autofree char *text = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE,
                       "The project has %" G_GINT64_FORMAT " item. Label it, then compute again.",
                       "The project has %" G_GINT64_FORMAT " items. Label some, then compute again.",
                       (gulong) self->stats->items),
          self->stats->items);
      adw_status_page_set_description (self->empty_page, text);
      gtk_stack_set_visible_child_name (self->state_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->state_stack, "content");
  result_free (r);
}

/* @quiet: the numbers on show stay until the new ones are there, instead of a spinner. */
static void
compute (LwStatsWindow *self, gboolean quiet)
{
  g_autoptr(GTask) task = NULL;
  const char *state = gtk_stack_get_visible_child_name (self->state_stack);

  if (self->main_window != NULL && lw_window_get_project (self->main_window) != NULL)
    {
      g_free (self->path);
      self->path = g_strdup (lw_project_get_path (lw_window_get_project (self->main_window)));
    }
  /* A worker cannot stop halfway (0.6 s at 100,000 items, see bench-stats): while one
   * runs, changes wait for it rather than start others beside it. */
  if (quiet && self->cancellable != NULL)
    {
      self->dirty = TRUE;
      return;
    }
  self->dirty = FALSE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->path == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  self->n_started++;
  if (!quiet || (g_strcmp0 (state, "content") != 0 && g_strcmp0 (state, "empty") != 0))
    {
      gtk_stack_set_visible_child_name (self->state_stack, "loading");
      gtk_spinner_start (self->spinner);
    }
  task = g_task_new (self, self->cancellable, on_computed, NULL);
  g_task_set_source_tag (task, lw_stats_window_reload);
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_run_in_thread (task, compute_thread);
}

void
lw_stats_window_reload (LwStatsWindow *self)
{
  g_return_if_fail (LW_IS_STATS_WINDOW (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  compute (self, FALSE);
}

static gboolean
refresh_timeout (gpointer data)
{
  LwStatsWindow *self = data;

  self->refresh_id = 0;
  compute (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* Every edit through the main window's connection (annotations, statuses, undo and redo)
 * lands here; the timer restarts with each, so a burst is computed once. */
static void
on_project_changed (LwStatsWindow *self)
{
  if (self->main_window == NULL)
    return;   /* disposed, or its main window is gone */
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout, self);
}

/* Ctrl+Page Down / Ctrl+Page Up step through the visible pages, as through tabs elsewhere. */
static void
step_page (GtkWidget *widget, const char *name, GVariant *param)
{
  LwStatsWindow *self = LW_STATS_WINDOW (widget);
  g_autoptr(GListModel) pages = G_LIST_MODEL (adw_view_stack_get_pages (self->view_stack));
  guint n = g_list_model_get_n_items (pages), current = 0;
  int step = g_str_equal (name, "stats.next-page") ? 1 : -1;
  GtkWidget *visible = adw_view_stack_get_visible_child (self->view_stack);

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (pages, i);
      if (adw_view_stack_page_get_child (page) == visible)
        current = i;
    }
  for (guint k = 1; k < n; k++)
    {
      guint i = step > 0 ? (current + k) % n : (current + n - k) % n;
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (pages, i);
      if (adw_view_stack_page_get_visible (page))
        {
          adw_view_stack_set_visible_child (self->view_stack, adw_view_stack_page_get_child (page));
          return;
        }
    }
}

static void
on_reload_clicked (LwStatsWindow *self)
{
  lw_stats_window_reload (self);
}

static void
on_disagreement_activated (LwStatsWindow *self, GtkListBoxRow *row)
{
  gint64 id = lw_stats_agreement_row_item (row);

  if (id <= 0 || self->main_window == NULL)
    return;
  lw_window_show_item (self->main_window, id);
}

/* The page switcher means nothing over a spinner or an empty state. In a narrow window
 * the switcher moves from the header bar to the bottom bar. */
static void
on_state_changed (LwStatsWindow *self)
{
  gboolean content = g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack), "content") == 0;

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, content);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    content && adw_view_switcher_title_get_title_visible (self->switcher_title));
}

static void
lw_stats_window_dispose (GObject *object)
{
  LwStatsWindow *self = LW_STATS_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->main_window != NULL &&
      g_object_get_data (G_OBJECT (self->main_window), "lw-stats-window") == self)
    g_object_set_data (G_OBJECT (self->main_window), "lw-stats-window", NULL);
  g_clear_weak_pointer (&self->main_window);
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_STATS_WINDOW);
  G_OBJECT_CLASS (lw_stats_window_parent_class)->dispose (object);
}

static void
lw_stats_window_finalize (GObject *object)
{
  LwStatsWindow *self = LW_STATS_WINDOW (object);

  g_hash_table_unref (self->charts);
  g_array_unref (self->who_ids);
  g_clear_pointer (&self->stats, lw_project_stats_free);
  g_free (self->path);
  G_OBJECT_CLASS (lw_stats_window_parent_class)->finalize (object);
}

static void
lw_stats_window_class_init (LwStatsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_stats_window_dispose;
  object_class->finalize = lw_stats_window_finalize;

  lw_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, LW_RESOURCE_PATH "/lw-stats-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, agreement_page);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, status_group);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, annotator_group);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, by_annotator_group);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, measure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, who_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, time_group);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, done_group);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, class_group);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, per_item_group);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, box_group);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, agreement_class_group);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, consensus_group);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, disagreement_group);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, agreement_list);
  gtk_widget_class_bind_template_child (widget_class, LwStatsWindow, disagreement_list);
  gtk_widget_class_bind_template_callback (widget_class, on_reload_clicked);
  gtk_widget_class_install_action (widget_class, "stats.next-page", NULL, step_page);
  gtk_widget_class_install_action (widget_class, "stats.previous-page", NULL, step_page);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "stats.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "stats.previous-page", NULL);
  gtk_widget_class_bind_template_callback (widget_class, on_disagreement_activated);
}

static void
lw_stats_window_init (LwStatsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->state_stack, "notify::visible-child-name",
                           G_CALLBACK (on_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (on_state_changed), self, G_CONNECT_SWAPPED);
  on_state_changed (self);
  self->charts = g_hash_table_new (g_str_hash, g_str_equal);
  add_chart (self, self->status_group, "status", LW_CHART_STACKED);
  add_chart (self, self->annotator_group, "annotators", LW_CHART_BARS);
  self->who_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->progress_chart = lw_line_chart_new ();
  {
    GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_widget_add_css_class (card, "card");
    gtk_widget_set_margin_top (GTK_WIDGET (self->progress_chart), 12);
    gtk_widget_set_margin_bottom (GTK_WIDGET (self->progress_chart), 12);
    gtk_widget_set_margin_start (GTK_WIDGET (self->progress_chart), 12);
    gtk_widget_set_margin_end (GTK_WIDGET (self->progress_chart), 12);
    gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->progress_chart));
    adw_preferences_group_add (self->by_annotator_group, card);
  }
  g_signal_connect_object (self->measure_dropdown, "notify::selected",
                           G_CALLBACK (on_progress_choice), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->who_dropdown, "notify::selected",
                           G_CALLBACK (on_progress_choice), self, G_CONNECT_SWAPPED);
  add_chart (self, self->time_group, "progress", LW_CHART_HISTOGRAM);
  add_chart (self, self->done_group, "done-per-day", LW_CHART_HISTOGRAM);
  add_chart (self, self->class_group, "classes", LW_CHART_BARS);
  add_chart (self, self->per_item_group, "per-item", LW_CHART_HISTOGRAM);
  add_chart (self, self->box_group, "box-sizes", LW_CHART_HISTOGRAM);
  lw_chart_set_percent (add_chart (self, self->agreement_class_group, "agreement-classes",
                                   LW_CHART_BARS), TRUE);
  adw_preferences_group_set_description (self->time_group,
                                         _("Annotations created per day (UTC) that still exist, up to the last 30 days"));
  adw_preferences_group_set_description (self->per_item_group,
                                         _("How many items have how many annotations"));
}

LwStatsWindow *
lw_stats_window_new (LwWindow *parent)
{
  LwStatsWindow *self;

  g_return_val_if_fail (LW_IS_WINDOW (parent), NULL);

  self = g_object_new (LW_TYPE_STATS_WINDOW, "transient-for", parent, "destroy-with-parent", TRUE, NULL);
  g_set_weak_pointer (&self->main_window, parent);
  lw_stats_consensus_setup (self->consensus_group, parent);
  if (lw_window_get_project (parent) != NULL)
    g_signal_connect_object (lw_window_get_project (parent), "changed",
                             G_CALLBACK (on_project_changed), self, G_CONNECT_SWAPPED);
  lw_stats_window_reload (self);
  return self;
}

const char *
lw_stats_window_get_state (LwStatsWindow *self)
{
  g_return_val_if_fail (LW_IS_STATS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->state_stack);
}

LwChart *
lw_stats_window_get_chart (LwStatsWindow *self, const char *name)
{
  g_return_val_if_fail (LW_IS_STATS_WINDOW (self), NULL);
  return g_hash_table_lookup (self->charts, name);
}

LwLineChart *
lw_stats_window_get_progress_chart (LwStatsWindow *self)
{
  g_return_val_if_fail (LW_IS_STATS_WINDOW (self), NULL);
  return self->progress_chart;
}

GtkDropDown *
lw_stats_window_get_annotator_choice (LwStatsWindow *self)
{
  g_return_val_if_fail (LW_IS_STATS_WINDOW (self), NULL);
  return self->who_dropdown;
}

GtkDropDown *
lw_stats_window_get_measure_choice (LwStatsWindow *self)
{
  g_return_val_if_fail (LW_IS_STATS_WINDOW (self), NULL);
  return self->measure_dropdown;
}

guint
lw_stats_window_get_n_computed (LwStatsWindow *self)
{
  g_return_val_if_fail (LW_IS_STATS_WINDOW (self), 0);
  return self->n_computed;
}

guint
lw_stats_window_get_n_started (LwStatsWindow *self)
{
  g_return_val_if_fail (LW_IS_STATS_WINDOW (self), 0);
  return self->n_started;
}

gboolean
lw_stats_window_has_agreement (LwStatsWindow *self)
{
  g_return_val_if_fail (LW_IS_STATS_WINDOW (self), FALSE);
  return adw_view_stack_page_get_visible (self->agreement_page);
}

GtkListBox *
lw_stats_window_get_agreement_list (LwStatsWindow *self)
{
  g_return_val_if_fail (LW_IS_STATS_WINDOW (self), NULL);
  return self->agreement_list;
}

GtkListBox *
lw_stats_window_get_disagreement_list (LwStatsWindow *self)
{
  g_return_val_if_fail (LW_IS_STATS_WINDOW (self), NULL);
  return self->disagreement_list;
}

void
lw_stats_window_project_reloaded (LwWindow *window)
{
  LwStatsWindow *stats;

  g_return_if_fail (LW_IS_WINDOW (window));

  stats = g_object_get_data (G_OBJECT (window), "lw-stats-window");
  if (stats != NULL)
    on_project_changed (stats);
}

/* One statistics window per main window: asking again computes again. */
static void
show_stats_action (GtkWidget *widget, const char *name, GVariant *param)
{
  LwWindow *window = LW_WINDOW (widget);
  LwStatsWindow *stats;

  if (lw_window_get_project (window) == NULL)
    return;
  stats = g_object_get_data (G_OBJECT (window), "lw-stats-window");
  if (stats != NULL)
    lw_stats_window_reload (stats);
  else
    {
      stats = lw_stats_window_new (window);
      g_object_set_data (G_OBJECT (window), "lw-stats-window", stats);
    }
  gtk_window_present (GTK_WINDOW (stats));
}

void
lw_stats_window_install_action (GtkWidgetClass *window_class)
{
  gtk_widget_class_install_action (window_class, "win.show-stats", NULL, show_stats_action);
  gtk_widget_class_add_binding_action (window_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-stats", NULL);
  gtk_widget_class_add_binding_action (window_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-stats", NULL);
}
