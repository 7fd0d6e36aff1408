/* bench-canvas.c: how long the canvas takes to redraw a 4000x3000 image with 1,000 polygons,
 * and to switch to the next (prefetched) image with 1,000 polygons, each next to the same for
 * an empty canvas. Run under a display, like the GUI tests:
 *
 *   GSK_RENDERER=cairo xvfb-run -a -s "-screen 0 1400x900x24" build/tests/bench/bench-canvas [N] [DIR]
 *
 * A redraw is what GTK does for a frame: the canvas's snapshot, then rendering its nodes with
 * the window's renderer into an image of the canvas's size. "redraw" keeps the shape layer
 * (as every frame does while the pointer moves, a shape is dragged or drawn, or the view is
 * idle); "redraw_shapes_again" draws every shape again on the main thread (as a frame does when
 * the layer is cheap, or the window's size changed). A layer slower than a frame is drawn again
 * on a worker: after a zoom ("zoom_settle") and for an image that was not decoded ahead
 * ("switch_cold"), the figures are the time until the sharp layer is shown and the longest
 * main-thread frame meanwhile. Switching includes its first frame. Prints one JSON line. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

#include <labelwright.h>

#include "bench-util.h"
#include "lw-canvas-private.h"
#include "lw-test-util.h"

#define IMAGE_W 4000
#define IMAGE_H 3000
#define RUNS 25

static GtkWidget *window;
static LwCanvas *canvas;

static void
spin (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static double last_cpu_ms;   /* the main thread's CPU time of the last redraw */

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* One frame's work; returns its time in milliseconds. */
static double
redraw (void)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int w = gtk_widget_get_width (GTK_WIDGET (canvas));
  int h = gtk_widget_get_height (GTK_WIDGET (canvas));
  double start = bench_now (), cpu = thread_cpu_ms ();
  GskRenderNode *node;
  GdkTexture *texture;

  GTK_WIDGET_GET_CLASS (canvas)->snapshot (GTK_WIDGET (canvas), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_object_unref (texture);
  gsk_render_node_unref (node);
  last_cpu_ms = thread_cpu_ms () - cpu;
  return (bench_now () - start) * 1000.0;
}

/* @uncached: the shape layer is drawn again each time (as after a zoom or an edit). */
static double median_cpu_ms;   /* of the frames of the last median_redraw */
static double edit_cpu_ms;     /* main-thread CPU time of all edit frames */

static double
median_redraw (gboolean uncached)
{
  double times[RUNS], cpu[RUNS];

  redraw ();
  for (int i = 0; i < RUNS; i++)
    {
      if (uncached)
        g_object_set (canvas, "fill-opacity", 0.25, NULL);
      times[i] = redraw ();
      cpu[i] = last_cpu_ms;
    }
  median_cpu_ms = bench_median (cpu, RUNS);
  return bench_median (times, RUNS);
}

static void
wait_decoded (const char *path)
{
  double deadline = bench_now () + 60;

  while (!lw_canvas_is_prefetched (canvas, path) && bench_now () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!lw_canvas_is_prefetched (canvas, path))
    g_error ("%s was not decoded within 60 s", path);
}

static gboolean
texture_shown (void)
{
  double deadline = bench_now () + 60;

  while (!lw_canvas_has_texture (canvas) && bench_now () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return lw_canvas_has_texture (canvas);
}

/* Frames until the canvas shows its shapes drawn for the view (and the image): returns the
 * time that took since @start, and the most main-thread CPU time of one of those frames in
 * @longest (CPU time: on a loaded machine a frame's wall time also counts other processes). */
static double
until_settled (double start, double *longest)
{
  double deadline = bench_now () + 60;

  while ((lw_canvas_shapes_pending (canvas) || !lw_canvas_has_texture (canvas)) && bench_now () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      redraw ();
      *longest = MAX (*longest, last_cpu_ms);
    }
  if (lw_canvas_shapes_pending (canvas))
    g_error ("the shapes were not drawn within 60 s");
  return (bench_now () - start) * 1000.0;
}

/* @n polygons of 8 to 15 vertices, a few hundred pixels across, all over the image. */
static GPtrArray *
make_polygons (gint64 item_id, gint64 class_id, guint n)
{
  GPtrArray *annotations = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_annotation_free);
  GRand *rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < n; i++)
    {
      LwAnnotation *ann = lw_annotation_new (item_id, class_id, LW_ANNOTATION_POLYGON);
      double cx = g_rand_double_range (rand, 200, IMAGE_W - 200);
      double cy = g_rand_double_range (rand, 200, IMAGE_H - 200);
      int vertices = g_rand_int_range (rand, 8, 16);

      ann->id = i + 1;
      for (int v = 0; v < vertices; v++)
        {
          double angle = 2 * G_PI * v / vertices;
          double r = g_rand_double_range (rand, 40, 160);
          double p[2] = { cx + r * cos (angle), cy + r * sin (angle) };
          g_array_append_vals (ann->geometry, p, 2);
        }
      g_ptr_array_add (annotations, ann);
    }
  g_rand_free (rand);
  return annotations;
}

static LwItem *
image_item (gint64 id)
{
  LwItem *item = lw_item_new (LW_ITEM_KIND_IMAGE, "frame.png");

  item->id = id;
  item->width = IMAGE_W;
  item->height = IMAGE_H;
  return item;
}

/* A stored edit: the same item comes back with polygon @which moved (a new list, as the
 * window reloads it); until its first frame. */
static double
edit_frame (const LwItem *item, const char *path, GPtrArray **polygons, guint which, GHashTable *classes)
{
  g_autoptr(GPtrArray) copy = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_annotation_free);
  double start, cpu;

  for (guint i = 0; i < (*polygons)->len; i++)
    g_ptr_array_add (copy, lw_annotation_copy ((*polygons)->pdata[i]));
  for (guint v = 0; v < ((LwAnnotation *) copy->pdata[which])->geometry->len; v++)
    g_array_index (((LwAnnotation *) copy->pdata[which])->geometry, double, v) += 3;
  ((LwAnnotation *) copy->pdata[which])->updated_at++;
  start = bench_now ();
  cpu = thread_cpu_ms ();
  lw_canvas_set_item (canvas, item, path, copy, classes);
  redraw ();
  edit_cpu_ms += thread_cpu_ms () - cpu;
  /* What the canvas holds now is the reference for the next edit (the canvas's list is
   * never changed: its workers may be reading it). */
  g_ptr_array_unref (*polygons);
  *polygons = g_ptr_array_ref (copy);
  return (bench_now () - start) * 1000.0;
}

/* Switching: from showing one image to the first frame of the next, prefetched one. */
static double
switch_to (gint64 id, const char *path, GPtrArray *annotations, GHashTable *classes)
{
  g_autoptr(LwItem) item = image_item (id);
  double start;

  lw_canvas_prefetch (canvas, item, path, annotations);
  wait_decoded (path);
  start = bench_now ();
  lw_canvas_set_item (canvas, item, path, annotations, classes);
  if (!lw_canvas_has_texture (canvas))
    g_error ("%s: prefetched, yet not shown at once", path);
  redraw ();
  return (bench_now () - start) * 1000.0;
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000;
  g_autofree char *dir = argc > 2 ? g_strdup (argv[2]) : g_dir_make_tmp ("lw-bench-canvas-XXXXXX", NULL);
  char *paths[4] = { NULL };
  g_autoptr(GHashTable) classes = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(LwLabelClass) klass = lw_label_class_new ("region");
  g_autoptr(GPtrArray) polygons = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(LwItem) first = image_item (1);
  double redraw_full, redraw_uncached, redraw_empty, edit = 0, zoom_step, switch_full = 0, switch_empty = 0, cold;
  double settle_times[5], settle_longest = 0, cold_longest = 0, start, redraw_cpu;

  if (!gtk_init_check ())
    {
      printf ("{\"benchmark\": \"canvas\", \"skipped\": \"no display\"}\n");
      return 0;
    }
  g_mkdir_with_parents (dir, 0755);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *name = g_strdup_printf ("frame-%u.png", i);
      paths[i] = g_build_filename (dir, name, NULL);
      if (!g_file_test (paths[i], G_FILE_TEST_EXISTS) && !bench_write_png (paths[i], IMAGE_W, IMAGE_H, i + 1))
        return 1;
    }
  klass->id = 1;
  klass->color = g_strdup ("#3584e4");
  klass->kinds = LW_KIND_BIT (LW_ANNOTATION_POLYGON);
  g_hash_table_insert (classes, &klass->id, klass);
  polygons = make_polygons (1, klass->id, n);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  canvas = LW_CANVAS (lw_canvas_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (canvas));
  gtk_window_present (GTK_WINDOW (window));
  spin ();

  lw_canvas_set_item (canvas, first, paths[0], polygons, classes);
  if (!texture_shown ())
    g_error ("%s: not shown", paths[0]);
  spin ();
  redraw_full = median_redraw (FALSE);
  redraw_cpu = median_cpu_ms;
  canvas->expensive_us = G_MAXINT64;   /* every layer drawn on the main thread, for this figure */
  redraw_uncached = median_redraw (TRUE);
  canvas->expensive_us = 12000;
  g_object_set (canvas, "fill-opacity", 0.25, NULL);
  redraw ();
  for (int i = 0; i < RUNS; i++)
    edit += edit_frame (first, paths[0], &polygons, (guint) (i * 37) % n, classes);
  edit /= RUNS;
  /* Wheel steps in and out: frames while the view moves (the layer is shown scaled). */
  {
    double times[RUNS];

    for (int i = 0; i < RUNS; i++)
      {
        lw_canvas_zoom_by (canvas, i % 2 ? 1 / 1.2 : 1.2, 640, 400);
        times[i] = redraw ();
      }
    zoom_step = bench_median (times, RUNS);
    /* One wheel step, then the view stays: until the layer is sharp again (this includes
     * the wait for the view to stay still). */
    for (guint i = 0; i < G_N_ELEMENTS (settle_times); i++)
      {
        start = bench_now ();
        lw_canvas_zoom_by (canvas, i % 2 ? 1 / 1.2 : 1.2, 640, 400);
        redraw ();
        settle_longest = MAX (settle_longest, last_cpu_ms);
        settle_times[i] = until_settled (start, &settle_longest);
      }
    lw_canvas_zoom_fit (canvas);
  }
  lw_canvas_set_item (canvas, first, paths[0], none, classes);
  until_settled (bench_now (), &start);
  redraw_empty = median_redraw (FALSE);

  /* Alternate between two prefetched images so that each switch is a real one. */
  for (int i = 0; i < RUNS; i++)
    {
      switch_full += switch_to (2 + (i % 2), paths[1 + (i % 2)], polygons, classes);
      switch_empty += switch_to (2 + (i % 2), paths[1 + (i % 2)], none, classes);
    }
  switch_full /= RUNS;
  switch_empty /= RUNS;

  /* For comparison: an image that was not decoded ahead, until its first frame. */
  {
    g_autoptr(LwCanvas) fresh = g_object_ref (canvas);
    g_autoptr(LwItem) item = image_item (9);

    canvas = LW_CANVAS (lw_canvas_new ());
    gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (canvas));
    spin ();
    start = bench_now ();
    lw_canvas_set_item (canvas, item, paths[3], polygons, classes);
    redraw ();
    cold_longest = last_cpu_ms;
    cold = until_settled (start, &cold_longest);
  }

  printf ("{\"benchmark\": \"canvas\", \"image\": \"%dx%d\", \"polygons\": %u, "
          "\"redraw_ms\": %.2f, \"redraw_cpu_ms\": %.2f, \"redraw_empty_ms\": %.2f, \"redraw_ratio\": %.2f, "
          "\"redraw_shapes_again_ms\": %.1f, \"edit_frame_ms\": %.2f, \"edit_frame_cpu_ms\": %.2f, \"zoom_step_frame_ms\": %.2f, "
          "\"switch_prefetched_ms\": %.2f, \"switch_prefetched_empty_ms\": %.2f, \"switch_ratio\": %.2f, "
          "\"zoom_settle_ms\": %.1f, \"zoom_settle_longest_frame_cpu_ms\": %.1f, "
          "\"switch_cold_ms\": %.1f, \"switch_cold_longest_frame_cpu_ms\": %.1f, \"renderer\": \"%s\"}\n",
          IMAGE_W, IMAGE_H, n, redraw_full, redraw_cpu, redraw_empty, redraw_full / redraw_empty, redraw_uncached, edit, edit_cpu_ms / RUNS, zoom_step,
          switch_full, switch_empty, switch_full / switch_empty,
          bench_median (settle_times, G_N_ELEMENTS (settle_times)), settle_longest, cold, cold_longest,
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_free (paths[i]);
  if (argc <= 2)
    lw_test_tmpdir_free (g_steal_pointer (&dir));
  return 0;
}
