/* lw-first-frame.c: a hook for the start-up benchmark (tests/bench/bench-startup.c).
 *
 * When LABELWRIGHT_REPORT_FIRST_FRAME is set in the environment, the first frame that the
 * window's frame clock paints after lw_first_frame_watch() prints one line on standard output:
 *
 *   labelwright-first-frame: MICROSECONDS ITEMS
 *
 * ITEMS is the number of rows the window's item list holds (-1 without a project), so that
 * the benchmark knows the frame showed the project it asked for. MICROSECONDS is g_get_monotonic_time() (CLOCK_MONOTONIC, the same clock in every process),
 * so that a parent that noted the time before starting the application gets the start-up time
 * by subtraction. With LABELWRIGHT_EXIT_AFTER_FIRST_FRAME also set, the application then quits.
 * Without the variables this does nothing. */
#define G_LOG_DOMAIN "lw-first-frame"

#include "config.h"

#include <stdio.h>

#include "lw-first-frame.h"
#include "lw-window.h"

static void
on_after_paint (GdkFrameClock *clock, gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  GApplication *app = g_application_get_default ();
  GtkWindow *window = user_data;
  gint64 items = -1;

  g_signal_handlers_disconnect_by_func (clock, on_after_paint, user_data);
  if (LW_IS_WINDOW (window) && lw_window_get_item_model (LW_WINDOW (window)) != NULL)
    items = g_list_model_get_n_items (G_LIST_MODEL (lw_window_get_item_model (LW_WINDOW (window))));
  printf ("labelwright-first-frame: %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", now, items);
  fflush (stdout);
  if (g_getenv ("LABELWRIGHT_EXIT_AFTER_FIRST_FRAME") != NULL && app != NULL)
    g_application_quit (app);
}

static void
connect_clock (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  g_return_if_fail (surface != NULL);
  g_signal_connect (gdk_surface_get_frame_clock (surface), "after-paint",
                    G_CALLBACK (on_after_paint), window);
}

static void
on_realize (GtkWidget *widget, gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (widget, on_realize, user_data);
  connect_clock (GTK_WINDOW (widget));
}

void
lw_first_frame_watch (GtkWindow *window)
{
  static gboolean done;

  g_return_if_fail (GTK_IS_WINDOW (window));

  /* Only the first window of the process is the one start-up shows. */
  if (done || g_getenv ("LABELWRIGHT_REPORT_FIRST_FRAME") == NULL)
    return;
  done = TRUE;
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    connect_clock (window);
  else
    g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
}
