/* bench-startup: the time from process start to the first frame of the application's window
 * showing a project of N items (default 1,000,000), next to the same for 1,000 items.
 *
 *   GSK_RENDERER=cairo dbus-run-session -- xvfb-run -a -s "-screen 0 1400x900x24" \
 *     build/tests/bench/bench-startup [N] [DIR] [RUNS]
 *
 * Builds the two projects through the public core API in DIR (image items with one box each
 * and no media files, as bench-open does) and keeps them there: a later run with the same DIR
 * reuses a project whose item count is right. Without DIR a temporary folder is used and
 * removed. Then runs the real application (build/app/gui/labelwright PROJECT) as a child under
 * the same display, RUNS times per project (default 9), small and large alternating, after one
 * run of each that is not counted (it warms the page cache). The child reports its first frame
 * through LABELWRIGHT_REPORT_FIRST_FRAME (app/gui/lw-first-frame.c), with the number of items
 * its list holds (checked against the project's), and quits after it; the
 * time is that frame's CLOCK_MONOTONIC time minus the time just before the child was spawned.
 * Settings are kept in memory (GSETTINGS_BACKEND=memory), so every run starts alike.
 * Prints one JSON line: medians and ratio = large / small (target: at most 2). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "lw-test-util.h"
#include "bench-util.h"

#define SMALL 1000
#define CHILD_TIMEOUT_S 120

/* TRUE if @path is a project holding @n items. */
static gboolean
project_ok (const char *path, guint n)
{
  g_autoptr(LwProject) project = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  project = lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, NULL);
  return project != NULL && lw_project_count_items (project, NULL, NULL) == (gint64) n;
}

static void
remove_project (const char *path)
{
  const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_remove (file);
    }
}

/* Builds DIR/NAME.lwproj with @n image items unless it is there already. */
static gboolean
ensure_project (const char *dir, const char *name, guint n, char **out_path)
{
  g_autofree char *file = g_strdup_printf ("%s.lwproj", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(LwProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gint64 car;
  double t0;

  if (project_ok (path, n))
    {
      *out_path = g_steal_pointer (&path);
      return TRUE;
    }
  remove_project (path);
  fprintf (stderr, "bench-startup: building %s (%u items)\n", path, n);
  t0 = bench_now ();
  project = lw_test_project_new (dir, name, "traffic");
  car = lw_test_class_id (project, "car");
  if (!lw_project_begin (project, &error))
    goto fail;
  for (guint i = 0; i < n; i++)
    if (bench_add_item (project, i, car, &error) <= 0)
      goto fail;
  if (!lw_project_commit (project, &error))
    goto fail;
  fprintf (stderr, "bench-startup: built in %.1f s\n", bench_now () - t0);
  *out_path = g_steal_pointer (&path);
  return TRUE;

fail:
  fprintf (stderr, "bench-startup: building %s: %s\n", path, error->message);
  lw_project_rollback (project);
  return FALSE;
}

typedef struct {
  GMainLoop *loop;
  char      *out;
  GError    *error;
  gboolean   timed_out;
} Child;

static void
on_communicated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Child *c = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &c->out, NULL, &c->error);
  g_main_loop_quit (c->loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  Child *c = user_data;

  c->timed_out = TRUE;
  g_main_loop_quit (c->loop);
  return G_SOURCE_REMOVE;
}

/* Runs the application on @project; returns the milliseconds from the spawn to its first
 * frame, or -1 (message on stderr). */
static double
run_app (GSubprocessLauncher *launcher, const char *app, const char *project, guint n)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Child c = { .loop = loop };
  const char *line;
  guint timeout;
  gint64 t0, frame, items;
  char *end;
  double ms = -1;

  t0 = g_get_monotonic_time ();
  proc = g_subprocess_launcher_spawn (launcher, &c.error, app, project, NULL);
  if (proc == NULL)
    goto out;
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, on_communicated, &c);
  timeout = g_timeout_add_seconds (CHILD_TIMEOUT_S, on_timeout, &c);
  g_main_loop_run (loop);
  if (c.timed_out)
    {
      g_subprocess_force_exit (proc);
      g_subprocess_wait (proc, NULL, NULL);
      fprintf (stderr, "bench-startup: %s %s: no first frame within %d s\n", app, project,
               CHILD_TIMEOUT_S);
      return -1;
    }
  g_source_remove (timeout);
  if (c.error != NULL)
    goto out;
  if (!g_subprocess_get_successful (proc))
    {
      fprintf (stderr, "bench-startup: %s %s failed (exit status %d)\n", app, project,
               g_subprocess_get_exit_status (proc));
      goto done;
    }
  line = c.out ? strstr (c.out, "labelwright-first-frame: ") : NULL;
  if (line == NULL)
    {
      fprintf (stderr, "bench-startup: %s %s: no first-frame line in its output\n", app, project);
      goto done;
    }
  frame = g_ascii_strtoll (line + strlen ("labelwright-first-frame: "), &end, 10);
  items = g_ascii_strtoll (end, NULL, 10);
  if (items != (gint64) n)
    {
      fprintf (stderr, "bench-startup: %s %s: the first frame showed %" G_GINT64_FORMAT
               " items, not %u\n", app, project, items, n);
      goto done;
    }
  ms = (frame - t0) / 1000.0;
  goto done;

out:
  fprintf (stderr, "bench-startup: %s %s: %s\n", app, project, c.error->message);
done:
  g_clear_error (&c.error);
  g_free (c.out);
  return ms;
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 1000000;
  int runs = argc > 3 ? atoi (argv[3]) : 9;
  const char *app = g_getenv ("LABELWRIGHT_APP") ? g_getenv ("LABELWRIGHT_APP") : BENCH_APP_PATH;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *small = NULL, *large = NULL;
  g_autofree double *ts = NULL, *tl = NULL;
  double warm_s, warm_l, ms, ml;
  int rc = 1;

  n = MAX (n, SMALL);
  runs = MAX (runs, 1);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      fprintf (stderr, "bench-startup: needs a display: run it under xvfb-run (see its header)\n");
      return 1;
    }
  if (argc > 2)
    {
      dir = g_strdup (argv[2]);
      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          fprintf (stderr, "bench-startup: cannot create %s\n", dir);
          return 1;
        }
    }
  else
    dir = lw_test_tmpdir_new ();
  if (!ensure_project (dir, "startup-small", SMALL, &small) ||
      !ensure_project (dir, "startup-large", n, &large))
    goto out;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "LABELWRIGHT_REPORT_FIRST_FRAME", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "LABELWRIGHT_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", BENCH_SCHEMA_DIR, FALSE);

  ts = g_new (double, runs);
  tl = g_new (double, runs);
  warm_s = run_app (launcher, app, small, SMALL);
  warm_l = run_app (launcher, app, large, n);
  if (warm_s < 0 || warm_l < 0)
    goto out;
  for (int r = 0; r < runs; r++)
    {
      /* Alternating, and swapping which goes first, spreads the machine's drift over both. */
      gboolean small_first = r % 2 == 0;
      double a = run_app (launcher, app, small_first ? small : large, small_first ? SMALL : n);
      double b = run_app (launcher, app, small_first ? large : small, small_first ? n : SMALL);

      if (a < 0 || b < 0)
        goto out;
      ts[r] = small_first ? a : b;
      tl[r] = small_first ? b : a;
    }
  ms = bench_median (ts, runs);
  ml = bench_median (tl, runs);
  qsort (ts, runs, sizeof *ts, bench_compare_double);
  qsort (tl, runs, sizeof *tl, bench_compare_double);
  printf ("{\"benchmark\": \"startup\", \"n_small\": %d, \"n\": %u, \"runs\": %d, "
          "\"first_frame_ms_small\": %.1f, \"first_frame_ms\": %.1f, "
          "\"min_ms_small\": %.1f, \"max_ms_small\": %.1f, \"min_ms\": %.1f, \"max_ms\": %.1f, "
          "\"ratio\": %.2f, \"target_ratio\": 2}\n",
          SMALL, n, runs, ms, ml, ts[0], ts[runs - 1], tl[0], tl[runs - 1], ml / ms);
  rc = 0;

out:
  if (argc <= 2)
    lw_test_tmpdir_free (g_steal_pointer (&dir));
  return rc;
}
