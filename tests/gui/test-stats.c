/* test-stats.c: the statistics window shows the project's numbers, and the agreement page
 * only when two annotators labelled it */
#include "config.h"

#include <math.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "lw-gui.h"
#include "lw-gui-input.h"
#include "lw-gui-test.h"
#include "lw-stats-window.h"
#include "lw-test-util.h"

typedef struct
{
  char     *dir;
  char     *path;
  gint64    ids[3];
  gint64    alice;
  gint64    bob;
  LwWindow *window;
} Fixture;

/* Three images. frame-0: alice and bob drew the same 10x10 car. frame-1: alice a 40x40 car,
 * bob a 100x100 bus at the same place (they disagree). frame-2: nothing. With @two_layers
 * FALSE, bob's boxes are not there. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  gboolean two_layers = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  const double small[] = { 0, 0, 10, 10 }, medium[] = { 0, 0, 40, 40 }, large[] = { 0, 0, 100, 100 };

  f->dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (f->dir, "stats", "traffic");
  f->path = g_strdup (lw_project_get_path (project));
  /* Real files: the main window decodes the items it shows (and their neighbours) in
   * workers, and a decode that fails after the window is gone trips the canvas. */
  for (guint i = 0; i < G_N_ELEMENTS (f->ids); i++)
    {
      g_autofree char *name = g_strdup_printf ("frame-%u.png", i);
      g_autofree char *file = g_build_filename (f->dir, name, NULL);
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 200, 150);

      gdk_pixbuf_fill (pixbuf, 0x406080ff);
      g_assert_true (gdk_pixbuf_save (pixbuf, file, "png", &error, NULL));
      f->ids[i] = lw_test_add_image (project, name, 200, 150);
    }
  f->alice = lw_project_ensure_annotator (project, "alice", &error);
  g_assert_no_error (error);
  lw_test_add_annotation (project, f->alice, f->ids[0], "car", LW_ANNOTATION_BBOX, small, 4);
  lw_test_add_annotation (project, f->alice, f->ids[1], "car", LW_ANNOTATION_BBOX, medium, 4);
  if (two_layers)
    {
      f->bob = lw_project_ensure_annotator (project, "bob", &error);
      g_assert_no_error (error);
      lw_test_add_annotation (project, f->bob, f->ids[0], "car", LW_ANNOTATION_BBOX, small, 4);
      lw_test_add_annotation (project, f->bob, f->ids[1], "bus", LW_ANNOTATION_BBOX, large, 4);
    }
  g_assert_true (lw_project_set_item_status (project, f->ids[0], LW_ITEM_STATUS_DONE, &error));
  g_assert_true (lw_project_set_item_status (project, f->ids[1], LW_ITEM_STATUS_IN_PROGRESS, &error));
  lw_project_close (project);
  f->window = lw_gui_test_open_window (f->path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lw_gui_test_close_window (f->window);
  lw_test_tmpdir_free (f->dir);
  g_free (f->path);
}

static gboolean
computed (gpointer data)
{
  return g_strcmp0 (lw_stats_window_get_state (data), "loading") != 0;
}

/* Opens the window through the action, as the menu and Ctrl+Shift+S do, and waits for the
 * worker. */
static LwStatsWindow *
open_stats (Fixture *f)
{
  g_autoptr(GList) toplevels = NULL;
  LwStatsWindow *stats = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-stats", NULL));
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (LW_IS_STATS_WINDOW (l->data))
      stats = l->data;
  g_assert_nonnull (stats);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (stats)) == GTK_WINDOW (f->window));
  lw_gui_test_spin_until (computed, stats);
  return stats;
}

/* The chart's labels and values, as "label=value" joined by spaces. */
static char *
chart_text (LwStatsWindow *stats, const char *name)
{
  LwChart *chart = lw_stats_window_get_chart (stats, name);
  GString *text = g_string_new (NULL);

  g_assert_nonnull (chart);
  for (guint i = 0; i < lw_chart_get_n_values (chart); i++)
    g_string_append_printf (text, "%s%s=%g", i ? " " : "", lw_chart_get_label (chart, i),
                            lw_chart_get_value (chart, i));
  return g_string_free (text, FALSE);
}

#define assert_chart(stats, name, expected) G_STMT_START { \
    g_autofree char *_text = chart_text ((stats), (name));   \
    g_assert_cmpstr (_text, ==, (expected));                 \
  } G_STMT_END

static gboolean
texture_loaded (gpointer data)
{
  return lw_canvas_has_texture (data);
}

static GtkLabel *
find_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_selectable (GTK_LABEL (widget)))
    return GTK_LABEL (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *found = find_label (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Row @index of the agreement summary: its title and the value beside it. */
static void
assert_summary_row (LwStatsWindow *stats, int index, const char *title, const char *value)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (lw_stats_window_get_agreement_list (stats), index);
  GtkLabel *label;

  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
  label = find_label (GTK_WIDGET (row));
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (label), ==, value);
}

static void
test_two_layers (Fixture *f, gconstpointer data)
{
  LwStatsWindow *stats = open_stats (f);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%m-%d");
  g_autofree char *progress = g_strdup_printf ("%s=4", today);
  LwChart *chart;
  GtkListBoxRow *row;

  g_assert_cmpstr (lw_stats_window_get_state (stats), ==, "content");
  assert_chart (stats, "status", "New=1 In Progress=1 Done=1 Accepted=0 Rejected=0");
  assert_chart (stats, "annotators", "alice=2 bob=2");
  assert_chart (stats, "classes", "car=3 bus=1");
  /* frame-2 has none, frame-0 and frame-1 two each. */
  assert_chart (stats, "per-item", "0=1 1=0 2=2");
  /* Sides 10, 10, 40 and 100 by octave. */
  assert_chart (stats, "box-sizes", "< 8=0 8–16=2 16–32=0 32–64=1 64–128=1 128–256=0 256–512=0 ≥ 512=0");
  /* The setup ran today: all four annotations fall on one day. */
  assert_chart (stats, "progress", progress);
  /* frame-0 was marked done today (frame-1 is only in progress). */
  {
    g_autofree char *done = g_strdup_printf ("%s=1", today);
    assert_chart (stats, "done-per-day", done);
  }

  /* The numbers are also what a screen reader and the tooltip say. */
  chart = lw_stats_window_get_chart (stats, "classes");
  g_assert_cmpstr (lw_chart_get_summary (chart), ==, "car: 3, bus: 1");
  {
    g_autofree char *failure = gtk_test_accessible_check_property (
        GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "car: 3, bus: 1");
    g_assert_null (failure);
    failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, "Classes");
    g_assert_null (failure);
  }

  g_assert_true (lw_stats_window_has_agreement (stats));
  /* car: one match on frame-0, alice's car on frame-1 unmatched: F1 = 2/3. bus: only
   * bob's, unmatched: F1 = 0. */
  chart = lw_stats_window_get_chart (stats, "agreement-classes");
  g_assert_true (lw_chart_get_kind (chart) == LW_CHART_BARS);
  g_assert_cmpuint (lw_chart_get_n_values (chart), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      if (g_str_equal (lw_chart_get_label (chart, i), "car"))
        g_assert_cmpfloat_with_epsilon (lw_chart_get_value (chart, i), 2.0 / 3.0, 1e-9);
      else
        {
          g_assert_cmpstr (lw_chart_get_label (chart, i), ==, "bus");
          g_assert_cmpfloat (lw_chart_get_value (chart, i), ==, 0.0);
        }
    }
  /* The summary: who, how many items, and the shape matching over all classes: one match
   * (frame-0), alice's car and bob's bus unmatched: tp 1, fn 1, fp 1. */
  assert_summary_row (stats, 0, "Annotators", "alice, bob");
  assert_summary_row (stats, 1, "Items labelled by two or more", "2");
  assert_summary_row (stats, 2, "Shapes (IoU ≥ 0.50)", "F1 50.0 % · precision 50.0 % · recall 50.0 %");
  g_assert_null (gtk_list_box_get_row_at_index (lw_stats_window_get_agreement_list (stats), 3));

  /* Only frame-1 has disagreement; activating its row shows it in the main window. */
  row = gtk_list_box_get_row_at_index (lw_stats_window_get_disagreement_list (stats), 0);
  g_assert_nonnull (row);
  g_assert_null (gtk_list_box_get_row_at_index (lw_stats_window_get_disagreement_list (stats), 1));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "frame-1.png");
  g_assert_cmpint (lw_window_get_current_item (f->window), !=, f->ids[1]);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  lw_gui_test_spin ();
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, f->ids[1]);
  lw_gui_test_spin_until (texture_loaded, lw_window_get_canvas (f->window));
}

static void
test_one_layer (Fixture *f, gconstpointer data)
{
  LwStatsWindow *stats = open_stats (f);

  g_assert_cmpstr (lw_stats_window_get_state (stats), ==, "content");
  assert_chart (stats, "annotators", "alice=2");
  assert_chart (stats, "classes", "car=2");
  assert_chart (stats, "per-item", "0=1 1=2");
  /* One annotator: nothing to choose between. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (lw_stats_window_get_annotator_choice (stats))));
  g_assert_false (lw_stats_window_has_agreement (stats));
  g_assert_null (gtk_list_box_get_row_at_index (lw_stats_window_get_disagreement_list (stats), 0));
}

/* The window computes again when asked (the action again, or its button): a second
 * annotator's work that arrived meanwhile brings the agreement page. */
static void
test_reload (Fixture *f, gconstpointer data)
{
  LwStatsWindow *stats = open_stats (f);
  LwStatsWindow *again;
  g_autoptr(GError) error = NULL;
  const double box[] = { 0, 0, 10, 10 };

  g_assert_false (lw_stats_window_has_agreement (stats));
  {
    g_autoptr(LwProject) project = lw_project_open (f->path, LW_PROJECT_OPEN_DEFAULT, &error);
    gint64 carol;

    g_assert_no_error (error);
    carol = lw_project_ensure_annotator (project, "carol", &error);
    g_assert_no_error (error);
    lw_test_add_annotation (project, carol, f->ids[0], "car", LW_ANNOTATION_BBOX, box, 4);
  }
  again = open_stats (f);
  g_assert_true (again == stats);
  assert_chart (stats, "annotators", "alice=2 carol=1");
  g_assert_true (lw_stats_window_has_agreement (stats));
}

/* A project without annotations shows an empty state, not empty charts. */
static void
test_empty (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "empty", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  Fixture f = { .dir = NULL };
  LwStatsWindow *stats;

  lw_test_add_image (project, "only.png", 20, 20);
  lw_project_close (project);
  f.window = lw_gui_test_open_window (path);
  stats = open_stats (&f);
  g_assert_cmpstr (lw_stats_window_get_state (stats), ==, "empty");
  g_assert_false (lw_stats_window_has_agreement (stats));
  lw_gui_test_close_window (f.window);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static LwStatsWindow *
find_stats_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (LW_IS_STATS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static GtkWidget *
find_search_entry (GtkWidget *widget)
{
  if (GTK_IS_SEARCH_ENTRY (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_search_entry (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Ctrl+Shift+S, typed, opens the window wherever the focus is in the main window (the
 * search entry, which a project opens with, included). */
static void
test_key (Fixture *f, gconstpointer data)
{
  GtkWidget *focus;

  if (!lw_gui_input_available ())
    {
      g_test_skip ("no XTest");
      return;
    }
  gtk_window_present (GTK_WINDOW (f->window));
  lw_gui_test_spin ();
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_test_message ("focus: %s", focus ? G_OBJECT_TYPE_NAME (focus) : "none");
  g_assert_null (find_stats_window ());
  lw_gui_input_key (GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  lw_gui_test_spin ();
  g_assert_nonnull (find_stats_window ());
  gtk_window_destroy (GTK_WINDOW (find_stats_window ()));
  lw_gui_test_spin ();
  g_assert_null (find_stats_window ());

  focus = find_search_entry (GTK_WIDGET (f->window));
  g_assert_nonnull (focus);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (gtk_widget_grab_focus (focus));
  lw_gui_test_spin ();
  lw_gui_input_key (GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  lw_gui_test_spin ();
  g_assert_nonnull (find_stats_window ());
}

/* The day axis: the last 30 days that have work, days without any as zero bars; older
 * work is left out, and a day with items done but no annotations still counts. */
static void
test_days (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 today = g_date_time_to_unix (now) / 86400;
  GString *made = g_string_new (NULL), *done = g_string_new (NULL);
  g_autofree char *made_text = NULL, *done_text = NULL;
  LwStatsWindow *stats;
  sqlite3 *db = NULL;
  char *sql;

  /* The store stamps "now"; move alice's two annotations 40 and 2 days back. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sql = sqlite3_mprintf ("UPDATE annotation SET created_at = %lld WHERE item_id = %lld;"
                         "UPDATE annotation SET created_at = %lld WHERE item_id = %lld;",
                         (long long) (today - 40) * 86400 * G_USEC_PER_SEC, (long long) f->ids[0],
                         (long long) (today - 2) * 86400 * G_USEC_PER_SEC, (long long) f->ids[1]);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
  sqlite3_close (db);

  for (int back = 2; back >= 0; back--)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc ((today - back) * 86400);
      g_autofree char *label = g_date_time_format (dt, "%m-%d");
      g_string_append_printf (made, "%s%s=%d", back < 2 ? " " : "", label, back == 2 ? 1 : 0);
      g_string_append_printf (done, "%s%s=%d", back < 2 ? " " : "", label, back == 0 ? 1 : 0);
    }
  made_text = g_string_free (made, FALSE);
  done_text = g_string_free (done, FALSE);
  stats = open_stats (f);
  assert_chart (stats, "progress", made_text);
  assert_chart (stats, "done-per-day", done_text);
}

/* "name=v,v,v" per series of the progress chart, joined by spaces. */
static char *
line_chart_text (LwStatsWindow *stats)
{
  LwLineChart *chart = lw_stats_window_get_progress_chart (stats);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < lw_line_chart_get_n_series (chart); i++)
    {
      g_string_append_printf (text, "%s%s=", i ? " " : "", lw_line_chart_get_series_name (chart, i));
      for (guint p = 0; p < lw_line_chart_get_n_points (chart); p++)
        g_string_append_printf (text, "%s%g", p ? "," : "", lw_line_chart_get_value (chart, i, p));
    }
  return g_string_free (text, FALSE);
}

#define assert_lines(stats, expected) G_STMT_START {  \
    g_autofree char *_text = line_chart_text (stats); \
    g_assert_cmpstr (_text, ==, (expected));          \
  } G_STMT_END

static char *
day_label (gint64 day)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (day * 86400);
  return g_date_time_format (dt, "%m-%d");
}

static gint64
today_number (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_to_unix (now) / 86400;
}

/* Replaces the history of statuses: alice marked frame-0 done three days ago and frame-1
 * yesterday; bob frame-0 yesterday and frame-2 today, and frame-1 two days ago, which he
 * undid. Alice's annotations move to three days ago, bob's to yesterday. */
static void
write_history (Fixture *f, gint64 today)
{
  sqlite3 *db = NULL;
  char *sql;
  const gint64 day = (gint64) 86400 * G_USEC_PER_SEC;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sql = sqlite3_mprintf (
      "DELETE FROM history WHERE entity = 'item_status';"
      "INSERT INTO history (grp, op, entity, entity_id, item_id, before, after, undone, annotator_id, at) VALUES"
      " (900, 'update', 'item_status', %lld, %lld, '\"new\"', '\"done\"', 0, %lld, %lld),"
      " (901, 'update', 'item_status', %lld, %lld, '\"new\"', '\"done\"', 0, %lld, %lld),"
      " (902, 'update', 'item_status', %lld, %lld, '\"new\"', '\"done\"', 0, %lld, %lld),"
      " (903, 'update', 'item_status', %lld, %lld, '\"new\"', '\"done\"', 0, %lld, %lld),"
      " (904, 'update', 'item_status', %lld, %lld, '\"new\"', '\"done\"', 1, %lld, %lld);"
      "UPDATE annotation SET created_at = %lld WHERE annotator_id = %lld;"
      "UPDATE annotation SET created_at = %lld WHERE annotator_id = %lld;",
      (long long) f->ids[0], (long long) f->ids[0], (long long) f->alice, (long long) ((today - 3) * day + 3600),
      (long long) f->ids[1], (long long) f->ids[1], (long long) f->alice, (long long) ((today - 1) * day + 3600),
      (long long) f->ids[0], (long long) f->ids[0], (long long) f->bob, (long long) ((today - 1) * day + 7200),
      (long long) f->ids[2], (long long) f->ids[2], (long long) f->bob, (long long) (today * day + 60),
      (long long) f->ids[1], (long long) f->ids[1], (long long) f->bob, (long long) ((today - 2) * day),
      (long long) ((today - 3) * day + 10), (long long) f->alice,
      (long long) ((today - 1) * day + 10), (long long) f->bob);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
  sqlite3_close (db);
}

/* Each annotator's running total per day, one line each in the annotator colours the canvas
 * uses, one annotator at a time on request, and the same numbers in words for a screen
 * reader. */
static void
test_by_annotator (Fixture *f, gconstpointer data)
{
  gint64 today = today_number ();
  g_autofree char *d3 = day_label (today - 3), *d2 = day_label (today - 2);
  g_autofree char *d1 = day_label (today - 1), *d0 = day_label (today);
  g_autofree char *words = NULL, *failure = NULL;
  LwStatsWindow *stats;
  LwLineChart *chart;
  GdkRGBA expected;
  GtkDropDown *who, *measure;

  write_history (f, today);
  stats = open_stats (f);
  chart = lw_stats_window_get_progress_chart (stats);
  who = lw_stats_window_get_annotator_choice (stats);
  measure = lw_stats_window_get_measure_choice (stats);
  g_assert_cmpuint (gtk_drop_down_get_selected (measure), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (who), ==, 0);

  /* Items done, from three days ago to today; bob's undone step does not count. */
  g_assert_cmpuint (lw_line_chart_get_n_points (chart), ==, 4);
  g_assert_cmpstr (lw_line_chart_get_point_label (chart, 0), ==, d3);
  g_assert_cmpstr (lw_line_chart_get_point_label (chart, 3), ==, d0);
  assert_lines (stats, "alice=1,1,2,2 bob=0,0,1,2");
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (chart))));

  words = g_strdup_printf ("alice: 1 on %s, 2 on %s; bob: 1 on %s, 2 on %s", d3, d1, d1, d0);
  g_assert_cmpstr (lw_line_chart_get_summary (chart), ==, words);
  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, words);
  g_assert_null (failure);
  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                "Items marked done so far, by annotator");
  g_assert_null (failure);

  /* The annotators' colours are the canvas's. */
  {
    GdkRGBA color;

    lw_gui_annotator_rgba (f->alice, &expected);
    lw_line_chart_get_series_color (chart, 0, &color);
    g_assert_true (gdk_rgba_equal (&color, &expected));
    lw_gui_annotator_rgba (f->bob, &expected);
    lw_line_chart_get_series_color (chart, 1, &color);
    g_assert_true (gdk_rgba_equal (&color, &expected));
    /* So are their bars among the annotations by annotator (alice, then bob). */
    g_assert_true (lw_chart_get_color (lw_stats_window_get_chart (stats, "annotators"), 1, &color));
    g_assert_true (gdk_rgba_equal (&color, &expected));
    lw_gui_annotator_rgba (f->alice, &expected);
    g_assert_true (lw_chart_get_color (lw_stats_window_get_chart (stats, "annotators"), 0, &color));
    g_assert_true (gdk_rgba_equal (&color, &expected));
  }

  /* One annotator: only bob's line; the choice names them, after "All Annotators". */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (who)), ==, 3);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (who)));
  gtk_drop_down_set_selected (who, 2);
  assert_lines (stats, "bob=0,0,1,2");
  g_clear_pointer (&words, g_free);
  words = g_strdup_printf ("bob: 1 on %s, 2 on %s", d1, d0);
  g_assert_cmpstr (lw_line_chart_get_summary (chart), ==, words);
  g_clear_pointer (&failure, g_free);
  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, words);
  g_assert_null (failure);

  /* Annotations: their own days (three days ago and yesterday), running totals. */
  gtk_drop_down_set_selected (who, 0);
  gtk_drop_down_set_selected (measure, 1);
  g_assert_cmpuint (lw_line_chart_get_n_points (chart), ==, 3);
  g_assert_cmpstr (lw_line_chart_get_point_label (chart, 1), ==, d2);
  assert_lines (stats, "alice=2,2,2 bob=0,0,2");
  g_clear_pointer (&failure, g_free);
  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                "Annotations made so far, by annotator");
  g_assert_null (failure);
}

/* Work that no one marked done: the progress chart opens on annotations, and says in words
 * that no item was done rather than draw lines along zero. */
static void
test_nothing_done (Fixture *f, gconstpointer data)
{
  gint64 today = today_number ();
  g_autofree char *d0 = day_label (today);
  LwStatsWindow *stats;
  LwLineChart *chart;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM history WHERE entity = 'item_status'", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  stats = open_stats (f);
  chart = lw_stats_window_get_progress_chart (stats);
  g_assert_cmpuint (gtk_drop_down_get_selected (lw_stats_window_get_measure_choice (stats)), ==, 1);
  g_assert_cmpuint (lw_line_chart_get_n_points (chart), ==, 1);
  g_assert_cmpstr (lw_line_chart_get_point_label (chart, 0), ==, d0);
  assert_lines (stats, "alice=2 bob=2");
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (chart))));

  gtk_drop_down_set_selected (lw_stats_window_get_measure_choice (stats), 0);
  g_assert_cmpuint (lw_line_chart_get_n_series (chart), ==, 0);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (chart))));
}

typedef struct {
  LwStatsWindow *stats;
  guint          n;
} Computed;

static gboolean
computed_more (gpointer data)
{
  Computed *c = data;
  return lw_stats_window_get_n_computed (c->stats) > c->n;
}

static gboolean
on_waited (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits until the window computed once more, then as long again as the refresh delay and
 * a little: a burst of edits is computed once. */
static void
wait_refresh (LwStatsWindow *stats)
{
  Computed c = { stats, lw_stats_window_get_n_computed (stats) };
  guint started = lw_stats_window_get_n_started (stats);
  gboolean waited = FALSE;

  lw_gui_test_spin_until (computed_more, &c);
  g_timeout_add (700, on_waited, &waited);
  lw_gui_test_spin_until (flag_set, &waited);
  g_assert_cmpuint (lw_stats_window_get_n_started (stats), ==, started + 1);
  g_assert_cmpuint (lw_stats_window_get_n_computed (stats), ==, c.n + 1);
}

/* Edits in the main window (a status, an annotation, undo) show in the open statistics
 * window by themselves, computed once per burst, without the spinner. */
static void
test_refresh (Fixture *f, gconstpointer data)
{
  gint64 today = today_number ();
  LwProject *project = lw_window_get_project (f->window);
  g_autoptr(GError) error = NULL;
  const double box[] = { 5, 5, 20, 20 };
  LwStatsWindow *stats;
  gint64 undone = 0;

  write_history (f, today);
  stats = open_stats (f);
  assert_lines (stats, "alice=1,1,2,2 bob=0,0,1,2");
  assert_chart (stats, "annotators", "alice=2 bob=2");

  /* Bob marks frame-1 done and draws a box on frame-2: one burst. */
  lw_project_set_current_annotator (project, f->bob);
  g_assert_true (lw_project_set_item_status (project, f->ids[1], LW_ITEM_STATUS_DONE, &error));
  g_assert_no_error (error);
  lw_test_add_annotation (project, f->bob, f->ids[2], "car", LW_ANNOTATION_BBOX, box, 4);
  lw_gui_test_spin ();
  g_assert_cmpstr (lw_stats_window_get_state (stats), ==, "content");
  wait_refresh (stats);
  g_assert_cmpstr (lw_stats_window_get_state (stats), ==, "content");
  assert_lines (stats, "alice=1,1,2,2 bob=0,0,1,3");
  assert_chart (stats, "annotators", "alice=2 bob=3");

  /* Undo twice (the box, then the status): the window follows, once for both. */
  g_assert_true (lw_project_undo (project, &undone, &error));
  g_assert_no_error (error);
  g_assert_cmpint (undone, ==, f->ids[2]);
  g_assert_true (lw_project_undo (project, &undone, &error));
  g_assert_no_error (error);
  g_assert_cmpint (undone, ==, f->ids[1]);
  wait_refresh (stats);
  assert_lines (stats, "alice=1,1,2,2 bob=0,0,1,2");
  assert_chart (stats, "annotators", "alice=2 bob=2");
}

static void
on_imported (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lw_window_import_finish (LW_WINDOW (source), result, NULL, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

/* An import writes through a connection of its own; the open window computes again all
 * the same. */
static void
test_refresh_import (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = g_build_filename (f->dir, "more", NULL);
  g_autofree char *file = g_build_filename (folder, "extra.png", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 40, 30);
  g_autoptr(GError) error = NULL;
  const char *paths[] = { folder, NULL };
  LwImportOptions opts = { .format = LW_IMPORT_FORMAT_AUTO };
  LwStatsWindow *stats = open_stats (f);
  gboolean imported = FALSE;

  assert_chart (stats, "status", "New=1 In Progress=1 Done=1 Accepted=0 Rejected=0");
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  gdk_pixbuf_fill (pixbuf, 0x204060ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, file, "png", &error, NULL));
  lw_window_import_async (f->window, paths, &opts, NULL, NULL, NULL, on_imported, &imported);
  lw_gui_test_spin_until (flag_set, &imported);
  wait_refresh (stats);
  assert_chart (stats, "status", "New=2 In Progress=1 Done=1 Accepted=0 Rejected=0");
}

/* Without a project there is nothing to count: no statistics window opens. */
static void
test_no_project (void)
{
  LwWindow *window = g_object_ref_sink (lw_window_new (NULL));
  g_autoptr(GList) toplevels = NULL;

  gtk_window_present (GTK_WINDOW (window));
  lw_gui_test_spin ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-stats", NULL);
  lw_gui_test_spin ();
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    g_assert_false (LW_IS_STATS_WINDOW (l->data));
  lw_gui_test_close_window (window);
}

/* The chart widget itself: what it says, and which bar is under the pointer (the tooltip). */
static void
test_chart (void)
{
  GtkWidget *window = gtk_window_new ();
  LwChart *bars = lw_chart_new (LW_CHART_BARS);
  LwChart *histogram = lw_chart_new (LW_CHART_HISTOGRAM);
  LwChart *stacked = lw_chart_new (LW_CHART_STACKED);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  double width;

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (bars));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (histogram));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (stacked));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, -1);

  lw_chart_add (bars, "car", 3, NULL);
  lw_chart_add (bars, "bus", NAN, NULL);
  lw_chart_set_percent (bars, TRUE);
  g_assert_cmpstr (lw_chart_get_summary (bars), ==, "car: 300.0 %, bus: –");
  lw_chart_set_percent (bars, FALSE);
  g_assert_cmpstr (lw_chart_get_summary (bars), ==, "car: 3, bus: –");
  lw_chart_add (bars, "tram", 0.25, NULL);
  g_assert_cmpstr (lw_chart_get_summary (bars), ==, "car: 3, bus: –, tram: 0.25");

  for (guint i = 0; i < 4; i++)
    lw_chart_add (histogram, "bin", i, NULL);
  /* Stacked: 1 of 4, then 3 of 4; the zero takes no room. */
  lw_chart_add (stacked, "new", 1, NULL);
  lw_chart_add (stacked, "none", 0, NULL);
  lw_chart_add (stacked, "done", 3, NULL);

  gtk_window_present (GTK_WINDOW (window));
  lw_gui_test_spin ();
  width = gtk_widget_get_width (GTK_WIDGET (bars));
  g_assert_cmpfloat (width, >, 100);
  /* Bars are rows of equal height, in order. */
  g_assert_cmpint (lw_chart_value_at (bars, 10, 1), ==, 0);
  g_assert_cmpint (lw_chart_value_at (bars, 10, gtk_widget_get_height (GTK_WIDGET (bars)) - 1), ==, 2);
  g_assert_cmpint (lw_chart_value_at (bars, -1, 1), ==, -1);
  /* Histogram bins share the width. */
  width = gtk_widget_get_width (GTK_WIDGET (histogram));
  g_assert_cmpint (lw_chart_value_at (histogram, 1, 10), ==, 0);
  g_assert_cmpint (lw_chart_value_at (histogram, width * 0.6, 10), ==, 2);
  g_assert_cmpint (lw_chart_value_at (histogram, width - 1, 10), ==, 3);
  width = gtk_widget_get_width (GTK_WIDGET (stacked));
  g_assert_cmpint (lw_chart_value_at (stacked, width * 0.2, 5), ==, 0);
  g_assert_cmpint (lw_chart_value_at (stacked, width * 0.3, 5), ==, 2);
  g_assert_cmpint (lw_chart_value_at (stacked, width * 0.3, 200), ==, -1);

  lw_chart_clear (bars);
  g_assert_cmpuint (lw_chart_get_n_values (bars), ==, 0);
  g_assert_cmpstr (lw_chart_get_summary (bars), ==, "");
  g_assert_cmpint (lw_chart_value_at (bars, 10, 1), ==, -1);
  gtk_window_destroy (GTK_WINDOW (window));
  lw_gui_test_spin ();
}

/* The line chart alone: its words, and which day is under the pointer (the tooltip). */
static void
test_line_chart (void)
{
  GtkWidget *window = gtk_window_new ();
  LwLineChart *chart = lw_line_chart_new ();
  const char *const days[] = { "11-01", "11-02", "11-03", "11-04", NULL };
  const double rising[] = { 0, 2, 2, 5 }, flat[] = { 0, 0, 0, 0 };
  GdkRGBA red = { 1, 0, 0, 1 }, blue = { 0, 0, 1, 1 };
  double width;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  gtk_window_set_default_size (GTK_WINDOW (window), 400, -1);
  g_assert_cmpstr (lw_line_chart_get_summary (chart), ==, "");
  lw_line_chart_set_points (chart, days);
  lw_line_chart_add_series (chart, "ann", &red, rising);
  lw_line_chart_add_series (chart, "ben", &blue, flat);
  g_assert_cmpuint (lw_line_chart_get_n_points (chart), ==, 4);
  g_assert_cmpfloat (lw_line_chart_get_value (chart, 0, 3), ==, 5);
  /* Only the days where a line moves are said; a line that never leaves zero is "0". */
  g_assert_cmpstr (lw_line_chart_get_summary (chart), ==, "ann: 2 on 11-02, 5 on 11-04; ben: 0");

  gtk_window_present (GTK_WINDOW (window));
  lw_gui_test_spin ();
  width = gtk_widget_get_width (GTK_WIDGET (chart));
  g_assert_cmpfloat (width, >, 100);
  /* Days spread over the width after the value axis: the first near the left, the last at
   * the right edge; the value axis itself is no day. */
  g_assert_cmpint (lw_line_chart_point_at (chart, 0), ==, -1);
  g_assert_cmpint (lw_line_chart_point_at (chart, width - 1), ==, 3);
  g_assert_cmpint (lw_line_chart_point_at (chart, width * 0.5), >=, 1);
  g_assert_cmpint (lw_line_chart_point_at (chart, width * 0.5), <=, 2);

  /* New points drop the series. */
  lw_line_chart_set_points (chart, NULL);
  g_assert_cmpuint (lw_line_chart_get_n_series (chart), ==, 0);
  g_assert_cmpstr (lw_line_chart_get_summary (chart), ==, "");
  g_assert_cmpint (lw_line_chart_point_at (chart, width - 1), ==, -1);
  gtk_window_destroy (GTK_WINDOW (window));
  lw_gui_test_spin ();
}

int
main (int argc, char *argv[])
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;
  /* The test accessibility backend keeps the charts' accessible properties for
   * gtk_test_accessible_check_property(). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_add ("/gui/stats/two-layers", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_two_layers, fixture_teardown);
  g_test_add ("/gui/stats/one-layer", Fixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_one_layer, fixture_teardown);
  g_test_add ("/gui/stats/reload", Fixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_reload, fixture_teardown);
  g_test_add ("/gui/stats/key", Fixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_key, fixture_teardown);
  g_test_add ("/gui/stats/days", Fixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_days, fixture_teardown);
  g_test_add ("/gui/stats/by-annotator", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_by_annotator, fixture_teardown);
  g_test_add ("/gui/stats/nothing-done", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_nothing_done, fixture_teardown);
  g_test_add ("/gui/stats/refresh", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_refresh, fixture_teardown);
  g_test_add ("/gui/stats/refresh-import", Fixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_refresh_import, fixture_teardown);
  g_test_add_func ("/gui/stats/chart", test_chart);
  g_test_add_func ("/gui/stats/line-chart", test_line_chart);
  g_test_add_func ("/gui/stats/empty", test_empty);
  g_test_add_func ("/gui/stats/no-project", test_no_project);
  return lw_gui_test_run ();
}
