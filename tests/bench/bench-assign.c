/* bench-assign: the cost of assigning items to annotators and of reading a queue.
 *
 *   build/tests/bench/bench-assign [N] [DIR]        default N = 100,000 (against 1,000)
 *
 * Builds two projects, of 1,000 and of N image items (bench_add_item: no media files), and
 * assigns both to three annotators, 10% of the items to two of them. Reports:
 *  - assign_vs_add: lw_project_assign of the N items against adding them (one transaction
 *    each, same run);
 *  - incremental_vs_first: assigning 1% more items afterwards against the first run (it reads
 *    every item to find the new ones, so it is not proportional to the new items alone);
 *  - page_ratio: the first page (100 rows) of an annotator's queue, N against 1,000 items
 *    (median of 25): keyset paging, target about 1x (DESIGN invariant 3);
 *  - count_ratio: counting that queue, N against 1,000 (median of 25 rounds of 100 calls):
 *    read from the counter that migration 004's triggers keep, target about 1x;
 *  - next_ratio: the queue's next item after each of 100 ids from the middle of the project
 *    (Alt+N), N against 1,000 (median of 25 rounds): target about 1x.
 * DIR is removed at the end unless it was given. */
#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "lw-test-util.h"
#include "bench-util.h"

#define SMALL 1000
#define ROUNDS 25

static const char *const names[] = { "alice", "bob", "carol", NULL };

static LwProject *
build (const char *dir, const char *name, guint first, guint n, LwProject *project, double *seconds)
{
  g_autoptr(GError) error = NULL;
  gint64 car;
  double t0;

  if (project == NULL)
    project = lw_test_project_new (dir, name, "traffic");
  car = lw_test_class_id (project, "car");
  t0 = bench_now ();
  if (!lw_project_begin (project, &error))
    goto fail;
  for (guint i = first; i < first + n; i++)
    if (bench_add_item (project, i, car, &error) <= 0)
      goto fail;
  if (!lw_project_commit (project, &error))
    goto fail;
  *seconds = bench_now () - t0;
  return project;

fail:
  fprintf (stderr, "bench-assign: %s\n", error->message);
  exit (1);
}

static double
assign (LwProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAssignReport) report = NULL;
  LwAssignOptions opts = { .annotators = names, .overlap = 2, .share = 10, .seed = 1,
                           .add_annotators = TRUE };
  double t0 = bench_now ();

  report = lw_project_assign (project, &opts, &error);
  if (report == NULL)
    {
      fprintf (stderr, "bench-assign: %s\n", error->message);
      exit (1);
    }
  return bench_now () - t0;
}

#define CALLS 100

static void
measure_queue (LwProject *project, guint n, double *page_ms, double *count_ms, double *next_ms)
{
  gint64 alice = lw_project_find_annotator (project, "alice");
  LwItemFilter filter = { .queue_annotator_id = alice };
  double page[ROUNDS], count[ROUNDS], next[ROUNDS];

  for (int r = 0; r < ROUNDS; r++)
    {
      double t0 = bench_now ();
      g_autoptr(GPtrArray) q = lw_project_list_queue (project, alice, 0, 100, NULL);

      page[r] = (bench_now () - t0) * 1000;
      if (q == NULL || q->len == 0)
        {
          fprintf (stderr, "bench-assign: empty queue\n");
          exit (1);
        }
    }
  /* One call is a few microseconds: rounds of CALLS calls, reported per call. */
  for (int r = 0; r < ROUNDS; r++)
    {
      double t0 = bench_now ();
      for (int c = 0; c < CALLS; c++)
        if (lw_project_count_queue (project, alice, NULL) <= 0)
          exit (1);
      count[r] = (bench_now () - t0) * 1000 / CALLS;
    }
  for (int r = 0; r < ROUNDS; r++)
    {
      double t0 = bench_now ();
      for (int c = 0; c < CALLS; c++)
        if (lw_project_next_item (project, &filter, n / 2 + c, FALSE, NULL) <= 0)
          exit (1);
      next[r] = (bench_now () - t0) * 1000 / CALLS;
    }
  *page_ms = bench_median (page, ROUNDS);
  *count_ms = bench_median (count, ROUNDS);
  *next_ms = bench_median (next, ROUNDS);
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  gboolean keep = argc > 2;
  g_autofree char *dir = keep ? g_strdup (argv[2]) : lw_test_tmpdir_new ();
  g_autoptr(LwProject) small = NULL;
  g_autoptr(LwProject) large = NULL;
  double t_small_add, t_add, t_assign_small, t_assign, t_more_add, t_more;
  double small_page, small_count, small_next, large_page, large_count, large_next;
  guint more = MAX (n / 100, 1);

  g_mkdir_with_parents (dir, 0755);
  small = build (dir, "small", 0, SMALL, NULL, &t_small_add);
  large = build (dir, "large", 0, n, NULL, &t_add);
  t_assign_small = assign (small);
  t_assign = assign (large);
  measure_queue (small, SMALL, &small_page, &small_count, &small_next);
  measure_queue (large, n, &large_page, &large_count, &large_next);
  build (dir, "large", n, more, large, &t_more_add);
  t_more = assign (large);

  printf ("{\"benchmark\": \"assign\", \"n\": %u, \"add_s\": %.3f, \"assign_s\": %.3f, "
          "\"assign_vs_add\": %.2f, \"assign_small_s\": %.4f, \"more\": %u, \"incremental_s\": %.3f, "
          "\"incremental_vs_first\": %.2f, \"page_small_ms\": %.3f, \"page_large_ms\": %.3f, "
          "\"page_ratio\": %.2f, \"count_small_ms\": %.4f, \"count_large_ms\": %.4f, "
          "\"count_ratio\": %.2f, \"next_small_ms\": %.4f, \"next_large_ms\": %.4f, "
          "\"next_ratio\": %.2f}\n",
          n, t_add, t_assign, t_assign / t_add, t_assign_small, more, t_more, t_more / t_assign,
          small_page, large_page, large_page / small_page, small_count, large_count,
          large_count / small_count, small_next, large_next, large_next / small_next);
  g_clear_object (&small);
  g_clear_object (&large);
  if (!keep)
    lw_test_tmpdir_free (g_steal_pointer (&dir));
  return 0;
}
