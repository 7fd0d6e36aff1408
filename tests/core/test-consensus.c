#define G_LOG_DOMAIN "test-consensus"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "labelwright.h"
#include "lw-test-util.h"

typedef struct {
  char      *dir;
  LwProject *project;
  gint64     a, b, c;
  gint64     img[2];
} Fixture;

/* An annotation by @annotator (lw_test_add_annotation on the fixture's project). */
#define add(f, ...) lw_test_add_annotation ((f)->project, __VA_ARGS__)

#define BOX(...) (const double[]) { __VA_ARGS__ }, 4

/* img1 (a, b, c): rain by a and b; car a (0,0,10,10), car b (2,0,10,10): IoU 80/120;
 *   car c (100,100,20,20) alone.
 * img2 (a, b): rain by a only (1 of 2: a tie); bus by b alone. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = lw_test_tmpdir_new ();
  f->project = lw_test_project_new (f->dir, "consensus", "traffic");
  f->a = lw_project_ensure_annotator (f->project, "a", &error);
  f->b = lw_project_ensure_annotator (f->project, "b", &error);
  f->c = lw_project_ensure_annotator (f->project, "c", &error);
  g_assert_no_error (error);
  f->img[0] = lw_test_add_image (f->project, "img1.jpg", 640, 480);
  f->img[1] = lw_test_add_image (f->project, "img2.jpg", 640, 480);
  add (f, f->a, f->img[0], "rain", LW_ANNOTATION_TAG, NULL, 0);
  add (f, f->b, f->img[0], "rain", LW_ANNOTATION_TAG, NULL, 0);
  add (f, f->a, f->img[0], "car", LW_ANNOTATION_BBOX, BOX (0, 0, 10, 10));
  add (f, f->b, f->img[0], "car", LW_ANNOTATION_BBOX, BOX (2, 0, 10, 10));
  add (f, f->c, f->img[0], "car", LW_ANNOTATION_BBOX, BOX (100, 100, 20, 20));
  add (f, f->a, f->img[1], "rain", LW_ANNOTATION_TAG, NULL, 0);
  add (f, f->b, f->img[1], "bus", LW_ANNOTATION_BBOX, BOX (0, 0, 50, 50));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->project);
  lw_test_tmpdir_free (f->dir);
}

static GPtrArray *
layer (Fixture *f, gint64 item)
{
  g_autoptr(GError) error = NULL;
  gint64 id = lw_project_ensure_annotator (f->project, "consensus", &error);
  GPtrArray *anns;

  g_assert_no_error (error);
  anns = lw_project_list_annotations (f->project, item, id, &error);
  g_assert_no_error (error);
  return anns;
}

static void
test_majority (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) l1 = NULL, l2 = NULL;
  LwConsensusReport r;
  LwAnnotation *box = NULL, *tag = NULL;

  for (int run = 0; run < 2; run++)   /* the second run replaces the first */
    {
      g_assert_true (lw_project_build_consensus (f->project, NULL, &r, &error));
      g_assert_no_error (error);
      g_assert_cmpint (r.items, ==, 2);
      g_assert_cmpint (r.tags, ==, 1);
      g_assert_cmpint (r.tag_ties, ==, 1);
      g_assert_cmpint (r.boxes, ==, 1);
      g_assert_cmpint (r.boxes_dropped, ==, 2);
    }
  l1 = layer (f, f->img[0]);
  l2 = layer (f, f->img[1]);
  g_assert_cmpuint (l1->len, ==, 2);
  g_assert_cmpuint (l2->len, ==, 0);
  for (guint i = 0; i < l1->len; i++)
    {
      LwAnnotation *ann = l1->pdata[i];
      g_assert_cmpint (ann->source, ==, LW_SOURCE_CONSENSUS);
      if (ann->kind == LW_ANNOTATION_BBOX)
        box = ann;
      else
        tag = ann;
    }
  g_assert_nonnull (tag);
  g_assert_cmpint (tag->class_id, ==, lw_test_class_id (f->project, "rain"));
  g_assert_nonnull (box);
  g_assert_cmpint (box->class_id, ==, lw_test_class_id (f->project, "car"));
  g_assert_cmpfloat_with_epsilon (lw_annotation_value (box, 0), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lw_annotation_value (box, 1), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lw_annotation_value (box, 2), 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lw_annotation_value (box, 3), 10.0, 1e-9);
}

static void
test_min_votes_iou (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) l1 = NULL;
  LwConsensusReport r;
  LwConsensusOptions one = { 0.5, 1, NULL };
  LwConsensusOptions strict = { 0.7, 1, NULL };

  g_assert_true (lw_project_build_consensus (f->project, &one, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.boxes, ==, 3);
  g_assert_cmpint (r.boxes_dropped, ==, 0);
  /* IoU 0.667 < 0.7: a's and b's cars stay apart */
  g_assert_true (lw_project_build_consensus (f->project, &strict, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.boxes, ==, 4);
  l1 = layer (f, f->img[0]);
  g_assert_cmpuint (l1->len, ==, 4);   /* 3 boxes + rain, previous run replaced */
}

static void
test_bad_options (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) l1 = NULL;
  LwConsensusOptions bad = { 1.5, 0, NULL };

  g_assert_false (lw_project_build_consensus (f->project, &bad, NULL, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "IoU"));
  g_assert_cmpint (lw_project_count_annotations (f->project, NULL), ==, 7);
}

/* The consensus layer is what export --annotator consensus writes. */
static void
test_export_layer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = g_build_filename (f->dir, "out", NULL);
  g_autofree char *json = g_build_filename (out, "project.json", NULL);
  LwExportOptions opts;
  JsonArray *anns;
  guint n_bbox = 0, n_tag = 0;

  g_assert_true (lw_project_build_consensus (f->project, NULL, NULL, &error));
  g_assert_no_error (error);
  lw_export_options_init (&opts);
  opts.format = LW_EXPORT_NATIVE;
  opts.no_media = TRUE;
  opts.annotator_id = lw_project_ensure_annotator (f->project, "consensus", &error);
  g_assert_no_error (error);
  g_assert_true (lw_export_run (f->project, &opts, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lw_export_options_clear (&opts);

  g_assert_true (json_parser_load_from_file (parser, json, &error));
  g_assert_no_error (error);
  anns = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "annotations");
  g_assert_cmpuint (json_array_get_length (anns), ==, 2);
  for (guint i = 0; i < json_array_get_length (anns); i++)
    {
      JsonObject *ann = json_array_get_object_element (anns, i);
      const char *kind = json_object_get_string_member (ann, "kind");
      if (g_strcmp0 (kind, "bbox") == 0)
        {
          JsonArray *g = json_object_get_array_member (ann, "geometry");
          g_assert_cmpstr (json_object_get_string_member (ann, "class"), ==, "car");
          g_assert_cmpfloat_with_epsilon (json_array_get_double_element (g, 0), 1.0, 1e-9);
          n_bbox++;
        }
      else
        {
          g_assert_cmpstr (kind, ==, "tag");
          g_assert_cmpstr (json_object_get_string_member (ann, "class"), ==, "rain");
          n_tag++;
        }
    }
  g_assert_cmpuint (n_bbox, ==, 1);
  g_assert_cmpuint (n_tag, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/consensus/majority", Fixture, NULL, fixture_set_up, test_majority, fixture_tear_down);
  g_test_add ("/consensus/min-votes-iou", Fixture, NULL, fixture_set_up, test_min_votes_iou, fixture_tear_down);
  g_test_add ("/consensus/bad-options", Fixture, NULL, fixture_set_up, test_bad_options, fixture_tear_down);
  g_test_add ("/consensus/export-layer", Fixture, NULL, fixture_set_up, test_export_layer, fixture_tear_down);
  return g_test_run ();
}
