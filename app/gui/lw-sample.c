/* lw-sample.c: the bundled sample project, generated on first use
 *
 * The sample is drawn rather than shipped: a few road scenes painted with cairo, so that
 * the package carries no image files of unclear licence and the annotations match the
 * pixels exactly (every box is the rectangle that was painted).
 */
#define G_LOG_DOMAIN "lw-sample"

#include "config.h"

#include <cairo.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <labelwright.h>
#include <math.h>
#include <string.h>

#include "lw-sample.h"

#define SAMPLE_W 640
#define SAMPLE_H 400
#define HORIZON 180.0

typedef struct
{
  const char *klass;
  double      x;       /* centre, in pixels */
  double      bottom;  /* y of the wheels: the nearer, the larger */
  double      r, g, b;
} Vehicle;

typedef struct
{
  const char   *name;
  const char   *tags[2];
  double        sky_top[3];
  double        sky_bottom[3];
  gboolean      night;
  gboolean      rain;
  Vehicle       vehicles[5];
  double        pedestrian_x;   /* 0: none */
  gboolean      traffic_light;
  double        pothole_x;      /* 0: none */
  gboolean      prediction;
  gboolean      annotated;
  LwItemStatus  status;
} Scene;

static const Scene scenes[] = {
  { "street-01.png", { "clear", "day" }, { 0.35, 0.6, 0.9 }, { 0.75, 0.87, 0.97 }, FALSE, FALSE,
    { { "car", 250, 330, 0.88, 0.11, 0.14 }, { "car", 410, 260, 0.21, 0.52, 0.89 },
      { "car", 300, 215, 0.95, 0.95, 0.95 } },
    70, TRUE, 380, FALSE, TRUE, LW_ITEM_STATUS_DONE },
  { "street-02.png", { "clear", "day" }, { 0.3, 0.55, 0.88 }, { 0.8, 0.9, 0.98 }, FALSE, FALSE,
    { { "truck", 420, 320, 0.95, 0.47, 0.0 }, { "car", 240, 250, 0.15, 0.15, 0.15 },
      { "car", 345, 205, 0.96, 0.83, 0.18 } },
    0, TRUE, 300, TRUE, TRUE, LW_ITEM_STATUS_DONE },
  { "street-03.png", { "clear", "dusk" }, { 0.45, 0.3, 0.55 }, { 0.98, 0.6, 0.35 }, FALSE, FALSE,
    { { "bus", 390, 300, 0.96, 0.83, 0.18 }, { "car", 230, 345, 0.57, 0.25, 0.67 } },
    580, FALSE, 0, FALSE, TRUE, LW_ITEM_STATUS_IN_PROGRESS },
  { "street-04.png", { "clear", "night" }, { 0.02, 0.03, 0.1 }, { 0.1, 0.12, 0.25 }, TRUE, FALSE,
    { { "car", 300, 300, 0.6, 0.6, 0.65 }, { "car", 380, 220, 0.3, 0.3, 0.35 } },
    0, TRUE, 0, FALSE, TRUE, LW_ITEM_STATUS_NEW },
  { "street-05.png", { "rain", "day" }, { 0.45, 0.48, 0.52 }, { 0.7, 0.72, 0.75 }, FALSE, TRUE,
    { { "car", 400, 340, 0.18, 0.76, 0.49 }, { "motorcycle", 270, 260, 0.1, 0.1, 0.1 } },
    90, FALSE, 300, FALSE, TRUE, LW_ITEM_STATUS_NEW },
  { "street-06.png", { NULL, NULL }, { 0.35, 0.6, 0.9 }, { 0.75, 0.87, 0.97 }, FALSE, FALSE,
    { { "car", 220, 360, 0.88, 0.11, 0.14 }, { "car", 430, 300, 0.21, 0.52, 0.89 },
      { "bus", 320, 230, 0.96, 0.83, 0.18 }, { "car", 360, 200, 0.9, 0.9, 0.9 } },
    0, TRUE, 0, FALSE, FALSE, LW_ITEM_STATUS_NEW },
};

typedef struct
{
  const char *name;
  const char *text;
  struct { const char *klass; const char *phrase; } spans[4];
  LwItemStatus status;
} Report;

static const Report reports[] = {
  { "report-0117",
    "At 08:40 a delivery van stopped in the bus lane on Harbour Road near the Elm Street junction, "
    "and a cyclist swerved around it into traffic. No one was hurt.",
    { { "vehicle mention", "delivery van" }, { "location", "Harbour Road" },
      { "location", "Elm Street junction" }, { "vehicle mention", "cyclist" } },
    LW_ITEM_STATUS_DONE },
  { "report-0118",
    "Queue of about twenty cars on the ring road after a lorry lost part of its load at exit 4; "
    "the right lane was closed until 10:15.",
    { { "vehicle mention", "twenty cars" }, { "location", "ring road" },
      { "vehicle mention", "lorry" }, { "location", "exit 4" } },
    LW_ITEM_STATUS_NEW },
};

/* The two extra classes the scenes and reports need beyond the traffic template. */
static const struct { const char *name; const char *color; LwAnnotationKind kind; const char *hotkey; const char *description; } extra_classes[] = {
  { "road hazard", "#e5a50a", LW_ANNOTATION_POINT, "h", "A pothole, debris or spill on the road: mark its centre." },
  { "location", "#1c71d8", LW_ANNOTATION_SPAN, "l", "A street, junction, exit or landmark named in a report." },
  { "vehicle mention", "#c01c28", LW_ANNOTATION_SPAN, "v", "A vehicle or road user named in a report." },
};

typedef struct
{
  double x, y, w, h;
} Box;

static Box
vehicle_box (const Vehicle *v)
{
  /* Size grows linearly with the distance below the horizon: a cheap perspective. */
  double depth = v->bottom - HORIZON;
  double h = depth * (g_str_equal (v->klass, "bus") || g_str_equal (v->klass, "truck") ? 0.55 : 0.3);
  double w = g_str_equal (v->klass, "motorcycle") ? h * 0.7 : h * 1.5;
  Box box = { round (v->x - w / 2), round (v->bottom - h), round (w), round (h) };

  return box;
}

static void
draw_vehicle (cairo_t *cr, const Vehicle *v, gboolean night)
{
  Box b = vehicle_box (v);
  double wheel = b.h * 0.12;

  cairo_set_source_rgb (cr, v->r, v->g, v->b);
  if (g_str_equal (v->klass, "motorcycle"))
    {
      cairo_rectangle (cr, b.x + b.w * 0.35, b.y, b.w * 0.3, b.h - wheel);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.05, 0.05, 0.05);
      cairo_arc (cr, b.x + b.w / 2, b.y + b.h - wheel, wheel, 0, 2 * G_PI);
      cairo_fill (cr);
      return;
    }
  cairo_rectangle (cr, b.x, b.y + b.h * 0.3, b.w, b.h * 0.7 - wheel);
  cairo_fill (cr);
  cairo_rectangle (cr, b.x + b.w * 0.12, b.y, b.w * 0.76, b.h * 0.32);
  cairo_fill (cr);
  /* windows */
  cairo_set_source_rgba (cr, 0.75, 0.85, 0.95, night ? 0.35 : 0.85);
  cairo_rectangle (cr, b.x + b.w * 0.18, b.y + b.h * 0.06, b.w * 0.64, b.h * 0.22);
  cairo_fill (cr);
  /* wheels */
  cairo_set_source_rgb (cr, 0.05, 0.05, 0.05);
  cairo_rectangle (cr, b.x + b.w * 0.08, b.y + b.h - wheel * 2, b.w * 0.16, wheel * 2);
  cairo_rectangle (cr, b.x + b.w * 0.76, b.y + b.h - wheel * 2, b.w * 0.16, wheel * 2);
  cairo_fill (cr);
  /* lights */
  cairo_set_source_rgb (cr, night ? 1.0 : 0.8, night ? 0.2 : 0.1, 0.1);
  cairo_rectangle (cr, b.x + b.w * 0.04, b.y + b.h * 0.42, b.w * 0.12, b.h * 0.1);
  cairo_rectangle (cr, b.x + b.w * 0.84, b.y + b.h * 0.42, b.w * 0.12, b.h * 0.1);
  cairo_fill (cr);
}

static const double road[] = { 20, SAMPLE_H, 620, SAMPLE_H, 338, HORIZON, 302, HORIZON };
static const double lane_left[] = { 200, SAMPLE_H, 255, 300, 311, HORIZON };
static const double lane_right[] = { 440, SAMPLE_H, 385, 300, 329, HORIZON };
static const Box light_box = { 548, 96, 22, 56 };

static Box
pedestrian_box (double x)
{
  Box box = { x - 10, 250, 20, 70 };
  return box;
}

static gboolean
paint_scene (const Scene *scene, const char *path, GError **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, SAMPLE_W, SAMPLE_H);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *sky = cairo_pattern_create_linear (0, 0, 0, HORIZON);
  cairo_status_t status;
  GRand *rand = g_rand_new_with_seed (g_str_hash (scene->name));

  cairo_pattern_add_color_stop_rgb (sky, 0, scene->sky_top[0], scene->sky_top[1], scene->sky_top[2]);
  cairo_pattern_add_color_stop_rgb (sky, 1, scene->sky_bottom[0], scene->sky_bottom[1], scene->sky_bottom[2]);
  cairo_set_source (cr, sky);
  cairo_paint (cr);
  cairo_pattern_destroy (sky);

  /* buildings on the horizon */
  for (double x = 0; x < SAMPLE_W; x += g_rand_double_range (rand, 30, 70))
    {
      double h = g_rand_double_range (rand, 30, 110);
      double shade = scene->night ? 0.08 : g_rand_double_range (rand, 0.45, 0.7);
      cairo_set_source_rgb (cr, shade, shade * 0.97, shade * 0.93);
      cairo_rectangle (cr, x, HORIZON - h, g_rand_double_range (rand, 28, 60), h);
      cairo_fill (cr);
    }

  /* verge and pavement */
  cairo_set_source_rgb (cr, scene->night ? 0.08 : 0.42, scene->night ? 0.12 : 0.55, scene->night ? 0.08 : 0.32);
  cairo_rectangle (cr, 0, HORIZON, SAMPLE_W, SAMPLE_H - HORIZON);
  cairo_fill (cr);

  /* road */
  cairo_set_source_rgb (cr, scene->night ? 0.12 : 0.33, scene->night ? 0.12 : 0.33, scene->night ? 0.14 : 0.36);
  cairo_move_to (cr, road[0], road[1]);
  for (guint i = 2; i < G_N_ELEMENTS (road); i += 2)
    cairo_line_to (cr, road[i], road[i + 1]);
  cairo_close_path (cr);
  cairo_fill (cr);

  /* lane lines, dashed */
  cairo_set_source_rgb (cr, 0.95, 0.95, 0.9);
  cairo_set_line_width (cr, 4);
  {
    static const double dash[] = { 22, 16 };
    cairo_set_dash (cr, dash, 2, 0);
  }
  for (guint l = 0; l < 2; l++)
    {
      const double *line = l == 0 ? lane_left : lane_right;
      cairo_move_to (cr, line[0], line[1]);
      cairo_line_to (cr, line[2], line[3]);
      cairo_line_to (cr, line[4], line[5]);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);

  if (scene->pothole_x > 0)
    {
      cairo_save (cr);
      cairo_translate (cr, scene->pothole_x, 365);
      cairo_scale (cr, 1.0, 0.35);
      cairo_arc (cr, 0, 0, 18, 0, 2 * G_PI);
      cairo_restore (cr);
      cairo_set_source_rgb (cr, 0.15, 0.13, 0.12);
      cairo_fill (cr);
    }

  if (scene->traffic_light)
    {
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      cairo_rectangle (cr, light_box.x + 8, light_box.y + light_box.h, 6, 150);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_rectangle (cr, light_box.x, light_box.y, light_box.w, light_box.h);
      cairo_fill (cr);
      for (int i = 0; i < 3; i++)
        {
          cairo_set_source_rgb (cr, i == 0 ? 0.95 : 0.3, i == 2 ? 0.85 : 0.3, 0.2);
          cairo_arc (cr, light_box.x + 11, light_box.y + 10 + i * 18, 6, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }

  /* Far vehicles first, so that near ones cover them. */
  {
    /* painter's order by distance */
    guint order[G_N_ELEMENTS (scene->vehicles)];
    guint n = 0;
    for (guint j = 0; j < G_N_ELEMENTS (scene->vehicles); j++)
      if (scene->vehicles[j].klass != NULL)
        order[n++] = j;
    for (guint a = 0; a < n; a++)
      for (guint b = a + 1; b < n; b++)
        if (scene->vehicles[order[b]].bottom < scene->vehicles[order[a]].bottom)
          {
            guint t = order[a];
            order[a] = order[b];
            order[b] = t;
          }
    for (guint j = 0; j < n; j++)
      draw_vehicle (cr, &scene->vehicles[order[j]], scene->night);
  }

  if (scene->pedestrian_x > 0)
    {
      Box p = pedestrian_box (scene->pedestrian_x);
      cairo_set_source_rgb (cr, 0.93, 0.75, 0.6);
      cairo_arc (cr, p.x + p.w / 2, p.y + 8, 8, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.15, 0.3, 0.6);
      cairo_rectangle (cr, p.x + 2, p.y + 16, p.w - 4, 28);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.25);
      cairo_rectangle (cr, p.x + 3, p.y + 44, 6, 26);
      cairo_rectangle (cr, p.x + p.w - 9, p.y + 44, 6, 26);
      cairo_fill (cr);
    }

  if (scene->rain)
    {
      cairo_set_source_rgba (cr, 0.85, 0.9, 1.0, 0.45);
      cairo_set_line_width (cr, 1);
      for (int i = 0; i < 260; i++)
        {
          double x = g_rand_double_range (rand, 0, SAMPLE_W);
          double y = g_rand_double_range (rand, 0, SAMPLE_H);
          cairo_move_to (cr, x, y);
          cairo_line_to (cr, x - 3, y + 12);
        }
      cairo_stroke (cr);
    }

  cairo_destroy (cr);
  g_rand_free (rand);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: cannot write the sample image: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static gint64
class_id (LwProject *project, const char *name)
{
  g_autoptr(LwLabelClass) klass = lw_project_find_class (project, name);
  return klass ? klass->id : 0;
}

static gboolean
add_annotation (LwProject         *project,
                gint64             item_id,
                const char        *klass,
                LwAnnotationKind   kind,
                const double      *values,
                guint              n_values,
                gint64             annotator_id,
                LwAnnotationSource source,
                double             score,
                GError           **error)
{
  g_autoptr(LwAnnotation) ann = lw_annotation_new (item_id, class_id (project, klass), kind);

  if (n_values > 0)
    lw_annotation_set_geometry (ann, values, n_values);
  ann->annotator_id = annotator_id;
  ann->source = source;
  ann->score = score;
  return lw_project_import_annotation (project, ann, error);
}

static gboolean
add_box (LwProject *project, gint64 item_id, const char *klass, Box b, gint64 annotator,
         GError **error)
{
  double v[4] = { b.x, b.y, b.w, b.h };
  return add_annotation (project, item_id, klass, LW_ANNOTATION_BBOX, v, 4, annotator,
                         LW_SOURCE_MANUAL, NAN, error);
}

static gboolean
fill_scene (LwProject *project, const Scene *scene, const char *folder,
            gint64 annotator, gint64 model, GError **error)
{
  g_autofree char *path = g_build_filename (folder, scene->name, NULL);
  g_autofree char *data = NULL;
  g_autoptr(LwItem) item = lw_item_new (LW_ITEM_KIND_IMAGE, scene->name);
  gsize len = 0;

  if (!paint_scene (scene, path, error) || !g_file_get_contents (path, &data, &len, error))
    return FALSE;
  item->media_path = g_strdup (scene->name);
  item->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  item->width = SAMPLE_W;
  item->height = SAMPLE_H;
  item->status = scene->status;
  if (!lw_project_add_item (project, item, error))
    return FALSE;

  if (scene->prediction)
    {
      /* A detector's box, a little off the painted car, as models are. */
      Box b = vehicle_box (&scene->vehicles[1]);
      double v[4] = { b.x - 6, b.y + 4, b.w + 10, b.h - 2 };
      if (!add_annotation (project, item->id, "car", LW_ANNOTATION_BBOX, v, 4, model,
                           LW_SOURCE_PREDICTION, 0.87, error))
        return FALSE;
    }
  if (!scene->annotated)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (scene->vehicles); i++)
    if (scene->vehicles[i].klass != NULL
        && (!scene->prediction || i != 1)
        && !add_box (project, item->id, scene->vehicles[i].klass,
                     vehicle_box (&scene->vehicles[i]), annotator, error))
      return FALSE;
  if (scene->pedestrian_x > 0
      && !add_box (project, item->id, "pedestrian", pedestrian_box (scene->pedestrian_x), annotator, error))
    return FALSE;
  if (scene->traffic_light && !add_box (project, item->id, "traffic light", light_box, annotator, error))
    return FALSE;
  if (!add_annotation (project, item->id, "drivable area", LW_ANNOTATION_POLYGON, road,
                       G_N_ELEMENTS (road), annotator, LW_SOURCE_MANUAL, NAN, error)
      || !add_annotation (project, item->id, "lane line", LW_ANNOTATION_POLYLINE, lane_left,
                          G_N_ELEMENTS (lane_left), annotator, LW_SOURCE_MANUAL, NAN, error)
      || !add_annotation (project, item->id, "lane line", LW_ANNOTATION_POLYLINE, lane_right,
                          G_N_ELEMENTS (lane_right), annotator, LW_SOURCE_MANUAL, NAN, error))
    return FALSE;
  if (scene->pothole_x > 0)
    {
      double v[2] = { scene->pothole_x, 365 };
      if (!add_annotation (project, item->id, "road hazard", LW_ANNOTATION_POINT, v, 2,
                           annotator, LW_SOURCE_MANUAL, NAN, error))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (scene->tags); i++)
    if (scene->tags[i] != NULL
        && !add_annotation (project, item->id, scene->tags[i], LW_ANNOTATION_TAG, NULL, 0,
                            annotator, LW_SOURCE_MANUAL, NAN, error))
      return FALSE;
  return TRUE;
}

static gboolean
fill_report (LwProject *project, const Report *report, gint64 annotator, GError **error)
{
  g_autoptr(LwItem) item = lw_item_new (LW_ITEM_KIND_TEXT, report->name);

  item->text = g_strdup (report->text);
  item->ext_id = g_strdup (report->name);
  item->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, report->text, -1);
  item->status = report->status;
  if (!lw_project_add_item (project, item, error))
    return FALSE;
  if (report->status == LW_ITEM_STATUS_NEW)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (report->spans); i++)
    {
      const char *at = strstr (report->text, report->spans[i].phrase);
      double v[2];

      g_assert (at != NULL);
      /* Offsets in code points, as the model stores them. */
      v[0] = g_utf8_pointer_to_offset (report->text, at);
      v[1] = v[0] + g_utf8_strlen (report->spans[i].phrase, -1);
      if (!add_annotation (project, item->id, report->spans[i].klass, LW_ANNOTATION_SPAN, v, 2,
                           annotator, LW_SOURCE_MANUAL, NAN, error))
        return FALSE;
    }
  return TRUE;
}

char *
lw_sample_build_project (const char        *folder,
                         const char        *file_name,
                         const char        *title,
                         const char        *domain,
                         LwSampleFillFunc   fill,
                         GError           **error)
{
  g_autofree char *path = g_build_filename (folder, file_name, NULL);
  g_autofree char *building = g_strconcat (path, ".building", NULL);
  g_autoptr(LwProject) project = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (folder != NULL, NULL);

  /* Build under another name and rename at the end, so that an interrupted build is
   * never mistaken for the sample. */
  g_unlink (building);
  project = lw_project_create (building, title, domain, error);
  if (project == NULL)
    return NULL;
  classes = lw_schema_load_domain (domain, error);
  if (classes == NULL || !lw_project_begin (project, error))
    goto out;
  for (guint i = 0; i < classes->len; i++)
    if (!lw_project_add_class (project, g_ptr_array_index (classes, i), error))
      goto rollback;
  if (!fill (project, folder, classes->len, error) || !lw_project_commit (project, error))
    goto rollback;
  ok = TRUE;
  goto out;

rollback:
  lw_project_rollback (project);
out:
  lw_project_close (project);
  if (!ok)
    {
      g_unlink (building);
      return NULL;
    }
  if (g_rename (building, path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("%s: cannot move the sample into place: %s"), path, g_strerror (saved));
      g_unlink (building);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* The traffic sample's own classes, annotators, scenes and reports. */
static gboolean
fill_traffic (LwProject *project, const char *folder, guint n_classes, GError **error)
{
  gint64 annotator, model;

  for (guint i = 0; i < G_N_ELEMENTS (extra_classes); i++)
    {
      g_autoptr(LwLabelClass) klass = lw_label_class_new (extra_classes[i].name);
      klass->color = g_strdup (extra_classes[i].color);
      klass->kinds = LW_KIND_BIT (extra_classes[i].kind);
      klass->hotkey = g_strdup (extra_classes[i].hotkey);
      klass->group = g_strdup (extra_classes[i].kind == LW_ANNOTATION_SPAN ? "report" : "hazard");
      klass->description = g_strdup (extra_classes[i].description);
      klass->position = n_classes + i;
      if (!lw_project_add_class (project, klass, error))
        return FALSE;
    }
  annotator = lw_project_ensure_annotator (project, "sample annotator", error);
  model = annotator > 0 ? lw_project_ensure_annotator (project, "detector-v1", error) : 0;
  if (model <= 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (scenes); i++)
    if (!fill_scene (project, &scenes[i], folder, annotator, model, error))
      return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    if (!fill_report (project, &reports[i], annotator, error))
      return FALSE;
  return TRUE;
}

char *
lw_sample_build (const char  *folder,
                 GError     **error)
{
  return lw_sample_build_project (folder, "sample.lwproj", _("Traffic sample"), "traffic",
                                  fill_traffic, error);
}

char *
lw_sample_ensure_built (const char        *file_name,
                        LwSampleBuildFunc  build,
                        GError           **error)
{
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), "labelwright", "sample", NULL);
  g_autofree char *path = g_build_filename (folder, file_name, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);
  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("%s: cannot create the folder for the sample project: %s"),
                   folder, g_strerror (saved));
      return NULL;
    }
  return build (folder, error);
}

char *
lw_sample_ensure (GError **error)
{
  return lw_sample_ensure_built ("sample.lwproj", lw_sample_build, error);
}
