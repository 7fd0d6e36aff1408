/* lw-gui-test.c: what every GUI test program needs */
#include "config.h"

#include "lw-gui-test.h"
#include "lw-test-util.h"

static char *test_home;

gboolean
lw_gui_test_init (int *argc, char ***argv)
{
  static const char *const dirs[][2] = {
    { "XDG_DATA_HOME", "data" }, { "XDG_CACHE_HOME", "cache" }, { "XDG_CONFIG_HOME", "config" },
  };

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (install xvfb-run)\n");
      return FALSE;
    }
  test_home = g_dir_make_tmp ("lw-gui-home-XXXXXX", NULL);
  g_assert_nonnull (test_home);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *sub = g_build_filename (test_home, dirs[i][1], NULL);
      g_setenv (dirs[i][0], sub, TRUE);
    }
  g_setenv ("LANGUAGE", "C", TRUE);
  /* The AT-SPI registry that GTK would start writes to stdout, which TAP reads. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  return TRUE;
}

int
lw_gui_test_run (void)
{
  int ret = g_test_run ();

  lw_test_tmpdir_free (g_steal_pointer (&test_home));
  return ret;
}

void
lw_gui_test_spin (void)
{
  /* Bounded: on a loaded machine a frame clock can keep a source pending for a long time;
   * the tests check the state they need afterwards, so waiting longer would only hang. */
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_main_context_pending (NULL))
    {
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () > deadline)
        {
          g_test_message ("main loop still busy after 5 s; going on");
          break;
        }
    }
}

static gboolean
on_deadline (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
lw_gui_test_spin_until (gboolean (*done) (gpointer data), gpointer data)
{
  gboolean expired = FALSE;
  guint timeout = g_timeout_add_seconds (60, on_deadline, &expired);

  while (!done (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (timeout);
  lw_gui_test_spin ();
}

LwWindow *
lw_gui_test_open_window (const char *path)
{
  g_autoptr(GError) error = NULL;
  LwWindow *window = g_object_ref_sink (lw_window_new (NULL));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (lw_window_open_project (window, path, &error));
  g_assert_no_error (error);
  lw_gui_test_spin ();
  return window;
}

static gboolean
count_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  guint *ticks = data;

  return ++*ticks < 2 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
ticked_twice (gpointer data)
{
  return *(guint *) data >= 2;
}

void
lw_gui_test_wait_frames (GtkWidget *widget)
{
  guint ticks = 0;

  gtk_widget_add_tick_callback (widget, count_tick, &ticks, NULL);
  lw_gui_test_spin_until (ticked_twice, &ticks);
}

GtkWidget *
lw_gui_test_find_widget (GtkWidget *root,
                         gboolean (*match) (GtkWidget *widget, gconstpointer data),
                         gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = lw_gui_test_find_widget (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GType       type;
  const char *title;
} RowQuery;

static gboolean
row_matches (GtkWidget *widget, gconstpointer data)
{
  const RowQuery *q = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, q->type) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), q->title) == 0;
}

GtkWidget *
lw_gui_test_find_row (GtkWidget *root, GType type, const char *title)
{
  RowQuery q = { type, title };

  g_return_val_if_fail (g_type_is_a (type, ADW_TYPE_PREFERENCES_ROW), NULL);
  return lw_gui_test_find_widget (root, row_matches, &q);
}

GtkWidget *
lw_gui_test_row_widget (GtkWidget *root, const char *title)
{
  GtkWidget *row = lw_gui_test_find_row (root, ADW_TYPE_ACTION_ROW, title);
  GtkWidget *widget;

  g_assert_nonnull (row);
  widget = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
  g_assert_nonnull (widget);
  return widget;
}

void
lw_gui_test_close_window (LwWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  lw_gui_test_spin ();
  g_object_unref (window);
}

LwItemStatus
lw_gui_test_stored_status (const char *path, gint64 item_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_autoptr(LwItem) item = NULL;

  g_assert_no_error (error);
  item = lw_project_get_item (project, item_id, &error);
  g_assert_no_error (error);
  return item->status;
}
