/* bench-export: export speed and memory, measured against baselines in the same run.
 *
 *   build/tests/bench/bench-export [N_ITEMS] [N_BOXES] [DIR]     defaults 2000 items, 20000 boxes
 *
 * Writes N_ITEMS distinct 64x48 PNGs under DIR/media, builds a project holding them (media
 * paths relative to the project, so the export copies real files) with N_BOXES random valid
 * boxes spread evenly over the items, and a second, small project with min(N_BOXES, 10,000)
 * boxes over proportionally fewer items (same boxes per item). Then it times
 *   - lw_export_run to COCO .tar.zst of the large project (in a child process: time, VmHWM),
 *   - `tar --zstd -cf OUT -C DIR media` over the same image files,
 * and exports the small project the same way, for the peak memory at two sizes.
 * The export and `tar` alternate for ROUNDS rounds (default 3, environment
 * LW_BENCH_ROUNDS); on a shared machine other work only ever adds time, so the fastest run
 * of each is compared. Prints one JSON line: ratio = export / tar (target, issue 4: at
 * most 1.5x), every run's time, the least CPU time (user + system, `tar` and `zstd`
 * together) of each and their cpu_ratio, and memory_ratio = peak RSS large / small (target: at most
 * 1.5x at 1,000,000 vs 10,000 annotations). DIR is removed at the end unless it was given. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/resource.h>

#include "lw-test-util.h"
#include "bench-util.h"

#define IMG_W 64
#define IMG_H 48

/* --child PROJECT OUTPUT: prints "seconds hwm_kb rss_before_kb output_bytes cpu_seconds". */
static int
child_export (const char *project_path, const char *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (project_path, LW_PROJECT_OPEN_READ_ONLY, &error);
  LwExportOptions opts;
  GStatBuf st;
  gint64 rss_before;
  double t0, t, cpu0;

  if (project == NULL)
    {
      fprintf (stderr, "bench-export: %s\n", error->message);
      return 1;
    }
  lw_export_options_init (&opts);
  opts.format = LW_EXPORT_COCO;
  rss_before = bench_vm_rss_kb ();
  cpu0 = bench_cpu_seconds (RUSAGE_SELF);
  t0 = bench_now ();
  if (!lw_export_run (project, &opts, output, NULL, NULL, NULL, &error))
    {
      fprintf (stderr, "bench-export: %s\n", error->message);
      return 1;
    }
  t = bench_now () - t0;
  cpu0 = bench_cpu_seconds (RUSAGE_SELF) - cpu0;
  lw_export_options_clear (&opts);
  if (g_stat (output, &st) != 0)
    return 1;
  printf ("%.6f %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %.6f\n",
          t, bench_vm_hwm_kb (), rss_before, (gint64) st.st_size, cpu0);
  return 0;
}

typedef struct {
  double seconds, cpu_seconds;
  gint64 hwm_kb, rss_before_kb, bytes;
} ChildResult;

static gboolean
run_export (const char *project_path, const char *output, ChildResult *r)
{
  const char *argv[] = { "--child", project_path, output, NULL };
  g_autofree char *out = bench_run_child (argv);

  if (out == NULL ||
      sscanf (out, "%lf %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %lf",
              &r->seconds, &r->hwm_kb, &r->rss_before_kb, &r->bytes, &r->cpu_seconds) != 5)
    {
      fprintf (stderr, "bench-export: the export child failed\n");
      return FALSE;
    }
  return TRUE;
}

/* A project "<dir>/<name>.lwproj" with the first @n_items of @names (under media/) and
 * @n_boxes boxes spread over them. */
static gboolean
build_project (const char *dir, const char *name, GPtrArray *names, guint n_items, guint n_boxes)
{
  static const char *const classes[] = { "car", "truck", "bus", "pedestrian", "traffic sign" };
  g_autoptr(LwProject) project = lw_test_project_new (dir, name, "traffic");
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *ids = g_new (gint64, n_items);
  gint64 class_ids[G_N_ELEMENTS (classes)];
  GRand *rand = g_rand_new_with_seed (n_boxes);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    class_ids[i] = lw_test_class_id (project, classes[i]);
  if (!lw_project_begin (project, &error))
    goto fail;
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(LwItem) item = lw_item_new (LW_ITEM_KIND_IMAGE, names->pdata[i]);
      item->media_path = g_build_filename ("media", (const char *) names->pdata[i], NULL);
      item->sha256 = g_strdup_printf ("%064x", i);
      item->width = IMG_W;
      item->height = IMG_H;
      if (!lw_project_add_item (project, item, &error))
        goto fail;
      ids[i] = item->id;
    }
  for (guint j = 0; j < n_boxes; j++)
    {
      g_autoptr(LwAnnotation) ann = lw_annotation_new (ids[j % n_items], class_ids[j % G_N_ELEMENTS (classes)],
                                                       LW_ANNOTATION_BBOX);
      double v[4];
      v[0] = g_rand_int_range (rand, 0, IMG_W - 8);
      v[1] = g_rand_int_range (rand, 0, IMG_H - 8);
      v[2] = g_rand_int_range (rand, 2, IMG_W - (int) v[0]);
      v[3] = g_rand_int_range (rand, 2, IMG_H - (int) v[1]);
      lw_annotation_set_geometry (ann, v, 4);
      if (!lw_project_import_annotation (project, ann, &error))
        goto fail;
    }
  if (!lw_project_commit (project, &error))
    goto fail;
  g_rand_free (rand);
  return TRUE;

fail:
  fprintf (stderr, "bench-export: building %s: %s\n", name, error->message);
  lw_project_rollback (project);
  g_rand_free (rand);
  return FALSE;
}

int
main (int argc, char **argv)
{
  guint n_items, n_boxes, small_boxes, small_items;
  g_autofree char *dir = NULL;
  g_autofree char *media = NULL, *qdir = NULL, *tar_out = NULL, *qtar = NULL, *tar_cmd = NULL;
  g_autofree char *proj_large = NULL, *proj_small = NULL, *out_large = NULL, *out_small = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GString) tar_runs = NULL;
  g_autoptr(GString) export_runs = NULL;
  ChildResult rl = { 0 }, rs = { 0 };
  GStatBuf st;
  double t_gen, t_build, t_tar = 0, cpu_tar = 0, cpu_export = 0;
  guint rounds;
  int rc = 1;

  if (argc == 4 && strcmp (argv[1], "--child") == 0)
    return child_export (argv[2], argv[3]);
  n_items = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 2000;
  n_boxes = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 10 * n_items;
  n_items = MAX (n_items, 1);
  small_boxes = MIN (n_boxes, 10000);
  small_items = (guint) MAX (1, (guint64) n_items * small_boxes / MAX (n_boxes, 1));
  if (argc > 3)
    {
      dir = g_strdup (argv[3]);
      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          fprintf (stderr, "bench-export: cannot create %s\n", dir);
          return 1;
        }
    }
  else
    dir = lw_test_tmpdir_new ();
  media = g_build_filename (dir, "media", NULL);
  proj_large = g_build_filename (dir, "large.lwproj", NULL);
  proj_small = g_build_filename (dir, "small.lwproj", NULL);
  out_large = g_build_filename (dir, "large-coco.tar.zst", NULL);
  out_small = g_build_filename (dir, "small-coco.tar.zst", NULL);
  tar_out = g_build_filename (dir, "baseline.tar.zst", NULL);
  qdir = bench_shell_quote (dir);
  qtar = bench_shell_quote (tar_out);
  tar_cmd = g_strdup_printf ("tar --zstd -cf %s -C %s media", qtar, qdir);

  t_gen = bench_now ();
  names = bench_write_pngs (media, n_items, IMG_W, IMG_H);
  if (names == NULL)
    goto out;
  t_gen = bench_now () - t_gen;
  t_build = bench_now ();
  if (!build_project (dir, "large", names, n_items, n_boxes) ||
      !build_project (dir, "small", names, small_items, small_boxes))
    goto out;
  t_build = bench_now () - t_build;

  rounds = g_getenv ("LW_BENCH_ROUNDS") ? (guint) MAX (1, atoi (g_getenv ("LW_BENCH_ROUNDS"))) : 3;
  tar_runs = g_string_new (NULL);
  export_runs = g_string_new (NULL);
  for (guint r = 0; r < rounds; r++)
    {
      ChildResult one;
      double c0 = bench_cpu_seconds (RUSAGE_CHILDREN);
      double t = bench_time_shell (tar_cmd);
      double tar_cpu = bench_cpu_seconds (RUSAGE_CHILDREN) - c0;

      if (t < 0 || !run_export (proj_large, out_large, &one))
        goto out;
      cpu_tar = r == 0 ? tar_cpu : MIN (cpu_tar, tar_cpu);
      cpu_export = r == 0 ? one.cpu_seconds : MIN (cpu_export, one.cpu_seconds);
      g_string_append_printf (tar_runs, "%s%.3f", r ? ", " : "", t);
      g_string_append_printf (export_runs, "%s%.3f", r ? ", " : "", one.seconds);
      t_tar = r == 0 ? t : MIN (t_tar, t);
      if (r == 0 || one.seconds < rl.seconds)
        {
          gint64 hwm = r == 0 ? one.hwm_kb : MAX (rl.hwm_kb, one.hwm_kb);
          rl = one;
          rl.hwm_kb = hwm;
        }
      else
        rl.hwm_kb = MAX (rl.hwm_kb, one.hwm_kb);
    }
  if (g_stat (tar_out, &st) != 0 || !run_export (proj_small, out_small, &rs))
    goto out;

  printf ("{\"benchmark\": \"export-coco-tar-zst\", \"items\": %u, \"boxes\": %u, "
          "\"items_small\": %u, \"boxes_small\": %u, \"generate_s\": %.3f, \"build_projects_s\": %.3f, "
          "\"rounds\": %u, \"tar_zstd_s\": %.3f, \"tar_zstd_runs_s\": [%s], \"tar_zstd_bytes\": %" G_GINT64_FORMAT ", "
          "\"export_s\": %.3f, \"export_runs_s\": [%s], \"export_bytes\": %" G_GINT64_FORMAT ", "
          "\"ratio\": %.2f, \"target_ratio\": 1.5, "
          "\"tar_zstd_cpu_s\": %.3f, \"export_cpu_s\": %.3f, \"cpu_ratio\": %.2f, "
          "\"export_s_small\": %.3f, \"peak_rss_kb_small\": %" G_GINT64_FORMAT ", "
          "\"peak_rss_kb\": %" G_GINT64_FORMAT ", \"baseline_rss_kb\": %" G_GINT64_FORMAT ", "
          "\"memory_ratio\": %.2f, \"target_memory_ratio\": 1.5}\n",
          n_items, n_boxes, small_items, small_boxes, t_gen, t_build,
          rounds, t_tar, tar_runs->str, (gint64) st.st_size,
          rl.seconds, export_runs->str, rl.bytes, rl.seconds / t_tar,
          cpu_tar, cpu_export, cpu_export / MAX (cpu_tar, 1e-6),
          rs.seconds, rs.hwm_kb, rl.hwm_kb, rl.rss_before_kb, (double) rl.hwm_kb / rs.hwm_kb);
  rc = 0;

out:
  if (argc <= 3)
    lw_test_tmpdir_free (g_steal_pointer (&dir));
  return rc;
}
