/* bench-stats: the cost of the statistics window's computation, at two sizes.
 *
 *   build/tests/bench/bench-stats [N] [DIR]        default N = 100,000 (against 1,000)
 *
 * Builds two projects, of 1,000 and of N image items (one box each, every third item marked
 * done by one of four annotators, so that the progress query has history to read), then
 * measures, median of ROUNDS, what the window's worker does each time: open read-only +
 * lw_project_compute_stats + close. Baseline in the same run, on the same file: a bare
 * SQLite read of every box's geometry and a count of items, the least any box-size
 * histogram has to read. Prints the medians, ratio = stats / bare read, and growth =
 * large / small. The statistics window computes in a worker and again 400 ms after the
 * last edit: the stats time at N says how stale the numbers may be for that long.
 * DIR is removed at the end unless it was given. */
#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "lw-test-util.h"
#include "bench-util.h"

#define ROUNDS 9
#define SMALL 1000
#define N_ANNOTATORS 4

static gboolean
build (const char *dir, const char *name, guint n)
{
  g_autoptr(LwProject) project = lw_test_project_new (dir, name, "traffic");
  g_autoptr(GError) error = NULL;
  gint64 car = lw_test_class_id (project, "car");
  gint64 annotators[N_ANNOTATORS];

  for (guint a = 0; a < N_ANNOTATORS; a++)
    {
      g_autofree char *who = g_strdup_printf ("annotator-%u", a);
      annotators[a] = lw_project_ensure_annotator (project, who, &error);
      if (annotators[a] <= 0)
        goto fail;
    }
  if (!lw_project_begin (project, &error))
    goto fail;
  for (guint i = 0; i < n; i++)
    {
      gint64 id = bench_add_item (project, i, car, &error);

      if (id <= 0)
        goto fail;
      if (i % 3 == 0)
        {
          lw_project_set_current_annotator (project, annotators[i % N_ANNOTATORS]);
          if (!lw_project_set_item_status (project, id, LW_ITEM_STATUS_DONE, &error))
            goto fail;
        }
    }
  if (!lw_project_commit (project, &error))
    goto fail;
  return TRUE;

fail:
  fprintf (stderr, "bench-stats: building %s: %s\n", name, error ? error->message : "no annotator");
  return FALSE;
}

/* What the statistics window's worker does, ROUNDS times. */
static double
measure_stats (const char *path, guint n)
{
  double t[ROUNDS];

  for (int r = 0; r < ROUNDS; r++)
    {
      g_autoptr(GError) error = NULL;
      double t0 = bench_now ();
      g_autoptr(LwProject) project = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
      LwProjectStats *stats = project ? lw_project_compute_stats (project, &error) : NULL;
      gboolean ok = stats != NULL && stats->items == (gint64) n && stats->annotations == (gint64) n;

      g_clear_pointer (&stats, lw_project_stats_free);
      g_clear_object (&project);
      t[r] = (bench_now () - t0) * 1000;
      if (!ok)
        {
          fprintf (stderr, "bench-stats: %s: %s\n", path, error ? error->message : "unexpected counts");
          return -1;
        }
    }
  return bench_median (t, ROUNDS);
}

/* The baseline: one read of every box's geometry text and a count of the items. */
static double
measure_scan (const char *path, guint n)
{
  double t[ROUNDS];

  for (int r = 0; r < ROUNDS; r++)
    {
      double t0 = bench_now ();
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;
      gint64 boxes = 0, items = 0;
      gsize bytes = 0;

      if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
          sqlite3_prepare_v2 (db, "SELECT geometry FROM annotation WHERE kind = 'bbox'", -1, &stmt, NULL) != SQLITE_OK)
        goto fail;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          bytes += (gsize) sqlite3_column_bytes (stmt, 0);
          boxes++;
        }
      sqlite3_finalize (stmt);
      stmt = NULL;
      if (sqlite3_prepare_v2 (db, "SELECT COUNT(*) FROM item", -1, &stmt, NULL) != SQLITE_OK ||
          sqlite3_step (stmt) != SQLITE_ROW)
        goto fail;
      items = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      t[r] = (bench_now () - t0) * 1000;
      if (boxes != (gint64) n || items != (gint64) n || bytes == 0)
        {
          fprintf (stderr, "bench-stats: %s: unexpected counts\n", path);
          return -1;
        }
      continue;

fail:
      fprintf (stderr, "bench-stats: %s: %s\n", path, db ? sqlite3_errmsg (db) : "cannot open");
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      return -1;
    }
  return bench_median (t, ROUNDS);
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 100000;
  g_autofree char *dir = NULL, *small = NULL, *large = NULL;
  double t_build, stats_small, stats_large, scan_small, scan_large;
  int rc = 1;

  n = MAX (n, SMALL);
  if (argc > 2)
    {
      dir = g_strdup (argv[2]);
      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          fprintf (stderr, "bench-stats: cannot create %s\n", dir);
          return 1;
        }
    }
  else
    dir = lw_test_tmpdir_new ();
  small = g_build_filename (dir, "small.lwproj", NULL);
  large = g_build_filename (dir, "large.lwproj", NULL);

  t_build = bench_now ();
  if (!build (dir, "small", SMALL) || !build (dir, "large", n))
    goto out;
  t_build = bench_now () - t_build;
  /* Each measure's rounds run back to back; the baseline right after, on the same (cached)
   * file. */
  stats_small = measure_stats (small, SMALL);
  scan_small = measure_scan (small, SMALL);
  stats_large = measure_stats (large, n);
  scan_large = measure_scan (large, n);
  if (stats_small < 0 || scan_small < 0 || stats_large < 0 || scan_large < 0)
    goto out;

  printf ("{\"benchmark\": \"stats\", \"n_small\": %d, \"n\": %u, \"build_s\": %.3f, \"rounds\": %d, "
          "\"stats_ms_small\": %.3f, \"stats_ms\": %.3f, \"scan_ms_small\": %.3f, \"scan_ms\": %.3f, "
          "\"ratio\": %.2f, \"ratio_small\": %.2f, \"growth\": %.2f}\n",
          SMALL, n, t_build, ROUNDS, stats_small, stats_large, scan_small, scan_large,
          stats_large / scan_large, stats_small / scan_small, stats_large / stats_small);
  rc = 0;

out:
  if (argc <= 2)
    lw_test_tmpdir_free (g_steal_pointer (&dir));
  return rc;
}
