/* bench-edit: latency of one annotation edit (validated insert + history row, one
 * transaction) next to a bare one-row INSERT transaction with the same pragmas
 * (WAL, synchronous=FULL), on the same disk in the same run.
 *
 *   build/tests/bench/bench-edit [N] [DIR]
 *
 * Prints medians and the ratio edit / bare; target: at most 2x. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "lw-test-util.h"

int
main (int argc, char **argv)
{
  int n = argc > 1 ? atoi (argv[1]) : 300;
  g_autofree char *dir = argc > 2 ? g_strdup (argv[2]) : lw_test_tmpdir_new ();
  g_autofree char *bare_path = g_build_filename (dir, "bare.sqlite", NULL);
  g_autoptr(LwProject) project = NULL;
  g_autoptr(GError) error = NULL;
  double *t_edit = g_new (double, n), *t_bare = g_new (double, n);
  double box[] = { 10, 20, 30, 40 };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 img, car;

  if (n < 10)
    n = 10;
  project = lw_test_project_new (dir, "bench", "traffic");
  img = lw_test_add_image (project, "a.png", 1920, 1080);
  car = lw_test_class_id (project, "car");

  if (sqlite3_open (bare_path, &db) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                        "CREATE TABLE a (id INTEGER PRIMARY KEY, item_id INTEGER, geometry TEXT)",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO a (item_id, geometry) VALUES (?, ?)", -1, &stmt, NULL) != SQLITE_OK)
    {
      fprintf (stderr, "bench-edit: sqlite setup failed: %s\n", sqlite3_errmsg (db));
      return 1;
    }

  /* Interleave the two so that disk and CPU noise hit both alike. */
  for (int i = 0; i < n; i++)
    {
      g_autoptr(LwAnnotation) ann = lw_annotation_new (img, car, LW_ANNOTATION_BBOX);
      gint64 t0;

      lw_annotation_set_geometry (ann, box, 4);
      t0 = g_get_monotonic_time ();
      if (!lw_project_add_annotation (project, ann, &error))
        {
          fprintf (stderr, "bench-edit: %s\n", error->message);
          return 1;
        }
      t_edit[i] = (g_get_monotonic_time () - t0) / 1000.0;

      t0 = g_get_monotonic_time ();
      sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      sqlite3_bind_int64 (stmt, 1, img);
      sqlite3_bind_text (stmt, 2, "[10,20,30,40]", -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          fprintf (stderr, "bench-edit: %s\n", sqlite3_errmsg (db));
          return 1;
        }
      sqlite3_reset (stmt);
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      t_bare[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  {
    double me = bench_median (t_edit, n), mb = bench_median (t_bare, n);
    printf ("{\"benchmark\": \"edit\", \"n\": %d, \"edit_median_ms\": %.3f, "
            "\"bare_insert_median_ms\": %.3f, \"ratio\": %.2f, \"target_ratio\": 2.0}\n",
            n, me, mb, me / mb);
  }
  g_free (t_edit);
  g_free (t_bare);
  g_clear_object (&project);
  if (argc <= 2)
    lw_test_tmpdir_free (g_steal_pointer (&dir));
  return 0;
}
