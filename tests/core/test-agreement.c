#define G_LOG_DOMAIN "test-agreement"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "labelwright.h"
#include "lw-test-util.h"

#define EPS 1e-9

static void
assert_close (double actual, double expected, double eps)
{
  if (isnan (expected))
    {
      if (!isnan (actual))
        g_error ("expected NaN, got %.12g", actual);
      return;
    }
  if (isnan (actual) || fabs (actual - expected) > eps)
    g_error ("expected %.12g (± %g), got %.12g", expected, eps, actual);
}

/* ---- Cohen ------------------------------------------------------------------------------ */

static void
test_cohen_textbook (void)
{
  /* rater A yes/no by rater B yes/no: 20 5 / 10 15. p_o = 0.7, p_e = 0.5, kappa = 0.4 */
  const double table[] = { 20, 5, 10, 15 };

  assert_close (lw_cohen_kappa_table (table, 2), 0.4, EPS);
}

static void
test_cohen_labels (void)
{
  const int perfect[] = { 0, 1, 2, 0, 1 };
  const int chance_a[] = { 0, 0, 1, 1 };
  const int chance_b[] = { 0, 1, 0, 1 };
  const int one_a[] = { 0, 0, 0 };
  /* missing labels: the pairs with a missing value drop out; the rest agree */
  const int missing_a[] = { 0, 1, -1, 1, 0, -1 };
  const int missing_b[] = { 0, 1, 1, -1, 0, -1 };
  const int none[] = { -1, -1 };
  /* the same data as the 2 x 2 table, as label lists */
  int a[50], b[50], n = 0;

  for (int i = 0; i < 20; i++, n++) a[n] = 0, b[n] = 0;
  for (int i = 0; i < 5; i++, n++)  a[n] = 0, b[n] = 1;
  for (int i = 0; i < 10; i++, n++) a[n] = 1, b[n] = 0;
  for (int i = 0; i < 15; i++, n++) a[n] = 1, b[n] = 1;

  assert_close (lw_cohen_kappa (a, b, 50, 2), 0.4, EPS);
  assert_close (lw_cohen_kappa (perfect, perfect, 5, 3), 1.0, EPS);
  assert_close (lw_cohen_kappa (chance_a, chance_b, 4, 2), 0.0, EPS);
  /* worse than chance: always opposite */
  assert_close (lw_cohen_kappa (chance_a, (const int[]) { 1, 1, 0, 0 }, 4, 2), -1.0, EPS);
  /* one category only: undefined, not 1 */
  assert_close (lw_cohen_kappa (one_a, one_a, 3, 2), NAN, 0);
  assert_close (lw_cohen_kappa (missing_a, missing_b, 6, 2), 1.0, EPS);
  assert_close (lw_cohen_kappa (none, none, 2, 2), NAN, 0);
  assert_close (lw_cohen_kappa (NULL, NULL, 0, 2), NAN, 0);
}

/* ---- Fleiss ----------------------------------------------------------------------------- */

static void
test_fleiss_wikipedia (void)
{
  /* https://en.wikipedia.org/wiki/Fleiss%27_kappa#Worked_example: 10 items, 14 raters,
   * 5 categories; P̄ = 0.378, P̄e = 0.213, kappa = 0.210 */
  const double counts[] = {
    0, 0, 0, 0, 14,
    0, 2, 6, 4, 2,
    0, 0, 3, 5, 6,
    0, 3, 9, 2, 0,
    2, 2, 8, 1, 1,
    7, 7, 0, 0, 0,
    3, 2, 6, 3, 0,
    2, 5, 3, 2, 2,
    6, 5, 2, 1, 0,
    0, 2, 2, 3, 7,
  };

  assert_close (lw_fleiss_kappa (counts, 10, 5), 0.20993, 5e-5);
}

static void
test_fleiss_degenerate (void)
{
  const double perfect[] = { 3, 0, 0, 3, 3, 0 };
  const double one[] = { 3, 0, 3, 0 };
  const double ragged[] = { 3, 0, 1, 1 };
  const double single_rater[] = { 1, 0, 0, 1 };
  /* three raters, three items, four categories (see the project test below) */
  const double three[] = { 0, 3, 0, 0, 2, 0, 1, 0, 0, 0, 3, 0 };

  assert_close (lw_fleiss_kappa (perfect, 3, 2), 1.0, EPS);
  assert_close (lw_fleiss_kappa (one, 2, 2), NAN, 0);
  assert_close (lw_fleiss_kappa (ragged, 2, 2), NAN, 0);
  assert_close (lw_fleiss_kappa (single_rater, 2, 2), NAN, 0);
  assert_close (lw_fleiss_kappa (NULL, 0, 2), NAN, 0);
  assert_close (lw_fleiss_kappa (three, 3, 4), 34.0 / 52.0, EPS);
}

/* ---- Krippendorff ----------------------------------------------------------------------- */

static void
test_alpha_krippendorff_2011 (void)
{
  /* Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
   * observers, twelve units, values 1..5 with missing data; nominal alpha = 0.743. */
#define M -1
  const int data[4 * 12] = {
    1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M,
    1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3,
    M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M,
    1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M,
  };
#undef M
  int shifted[4 * 12];

  /* the values are 1..5: category 0 is simply never used */
  assert_close (lw_krippendorff_alpha_nominal (data, 4, 12, 6), 0.743, 5e-4);
  /* and the coefficient does not depend on how the categories are numbered */
  for (int i = 0; i < 4 * 12; i++)
    shifted[i] = data[i] < 0 ? -1 : 5 - data[i];
  assert_close (lw_krippendorff_alpha_nominal (shifted, 4, 12, 5),
                lw_krippendorff_alpha_nominal (data, 4, 12, 6), EPS);
}

static void
test_alpha_degenerate (void)
{
  const int perfect[] = { 0, 1, 2, -1,
                          0, 1, -1, 1,
                          -1, 1, 2, 1 };
  const int one[] = { 0, 0, 0,
                      0, 0, 0 };
  const int unpairable[] = { 0, -1, 1,
                             -1, 1, -1 };
  /* two coders: (rain,rain) (clear,fog) (clear,clear) (fog,fog): 1 - 7 * 2 / 42 */
  const int weather[] = { 1, 0, 0, 2,
                          1, 2, 0, 2 };

  assert_close (lw_krippendorff_alpha_nominal (perfect, 3, 4, 3), 1.0, EPS);
  assert_close (lw_krippendorff_alpha_nominal (one, 2, 3, 1), NAN, 0);
  assert_close (lw_krippendorff_alpha_nominal (unpairable, 2, 3, 2), NAN, 0);
  assert_close (lw_krippendorff_alpha_nominal (NULL, 2, 0, 2), NAN, 0);
  assert_close (lw_krippendorff_alpha_nominal (weather, 2, 4, 3), 2.0 / 3.0, EPS);
}

/* ---- IoU, boxes, spans ------------------------------------------------------------------ */

static void
test_iou (void)
{
  LwBox a = { 0, 0, 10, 10, 1 };
  LwBox b = { 5, 5, 10, 10, 1 };
  LwBox inside = { 2, 2, 5, 5, 1 };
  LwBox touching = { 10, 0, 10, 10, 1 };
  LwBox flat = { 0, 0, 10, 0, 1 };

  assert_close (lw_box_iou (&a, &b), 25.0 / 175.0, EPS);
  assert_close (lw_box_iou (&b, &a), 25.0 / 175.0, EPS);
  assert_close (lw_box_iou (&a, &a), 1.0, EPS);
  assert_close (lw_box_iou (&a, &inside), 25.0 / 100.0, EPS);
  assert_close (lw_box_iou (&a, &touching), 0.0, 0);
  assert_close (lw_box_iou (&a, &flat), 0.0, 0);
}

static void
test_box_match (void)
{
  /* A1 fits B1 (IoU 1) and B2 (IoU 0.667); A2 fits B1 (0.538) and B2 (0.818).
   * Greedy by IoU pairs A1-B1 and A2-B2. */
  const LwBox a[] = { { 0, 0, 10, 10, 1 }, { 3, 0, 10, 10, 1 } };
  const LwBox b[] = { { 0, 0, 10, 10, 1 }, { 2, 0, 10, 10, 1 } };
  const LwBox other_label[] = { { 0, 0, 10, 10, 2 } };
  const LwBox far[] = { { 0, 0, 10, 10, 1 }, { 50, 50, 5, 5, 1 } };
  LwMatchCounts c = { 0 };

  lw_box_match (a, 2, b, 2, 0.5, &c);
  g_assert_cmpuint (c.tp, ==, 2);
  g_assert_cmpuint (c.fp, ==, 0);
  g_assert_cmpuint (c.fn, ==, 0);
  assert_close (lw_match_f1 (&c), 1.0, EPS);

  /* at 0.9 only the identical pair matches */
  memset (&c, 0, sizeof c);
  lw_box_match (a, 2, b, 2, 0.9, &c);
  g_assert_cmpuint (c.tp, ==, 1);
  g_assert_cmpuint (c.fp, ==, 1);
  g_assert_cmpuint (c.fn, ==, 1);
  assert_close (lw_match_precision (&c), 0.5, EPS);
  assert_close (lw_match_recall (&c), 0.5, EPS);
  assert_close (lw_match_f1 (&c), 0.5, EPS);

  /* labels must agree */
  memset (&c, 0, sizeof c);
  lw_box_match (a, 1, other_label, 1, 0.5, &c);
  g_assert_cmpuint (c.tp, ==, 0);
  g_assert_cmpuint (c.fp, ==, 1);
  g_assert_cmpuint (c.fn, ==, 1);

  /* one box each is matched once only */
  memset (&c, 0, sizeof c);
  lw_box_match (a, 1, far, 2, 0.5, &c);
  g_assert_cmpuint (c.tp, ==, 1);
  g_assert_cmpuint (c.fp, ==, 1);
  g_assert_cmpuint (c.fn, ==, 0);
  assert_close (lw_match_precision (&c), 0.5, EPS);
  assert_close (lw_match_recall (&c), 1.0, EPS);
  assert_close (lw_match_f1 (&c), 2.0 / 3.0, EPS);
}

static void
test_match_degenerate (void)
{
  const LwBox b[] = { { 0, 0, 10, 10, 1 }, { 20, 0, 10, 10, 1 } };
  LwMatchCounts c = { 0 };

  /* nothing on either side: nothing compared */
  lw_box_match (NULL, 0, NULL, 0, 0.5, &c);
  assert_close (lw_match_precision (&c), NAN, 0);
  assert_close (lw_match_recall (&c), NAN, 0);
  assert_close (lw_match_f1 (&c), NAN, 0);
  /* A drew nothing, B drew two: precision 0, recall undefined, F1 0 */
  lw_box_match (NULL, 0, b, 2, 0.5, &c);
  assert_close (lw_match_precision (&c), 0.0, 0);
  assert_close (lw_match_recall (&c), NAN, 0);
  assert_close (lw_match_f1 (&c), 0.0, 0);
}

static void
test_span_match (void)
{
  const LwSpan a[] = { { 4, 9, 1 }, { 10, 15, 2 }, { 20, 25, 1 } };
  const LwSpan b[] = { { 4, 9, 1 }, { 10, 13, 2 }, { 25, 30, 1 } };
  LwMatchCounts exact = { 0 }, overlap = { 0 };

  lw_span_match (a, 3, b, 3, TRUE, &exact);
  lw_span_match (a, 3, b, 3, FALSE, &overlap);
  /* exact: only [4,9) */
  g_assert_cmpuint (exact.tp, ==, 1);
  g_assert_cmpuint (exact.fp, ==, 2);
  g_assert_cmpuint (exact.fn, ==, 2);
  assert_close (lw_match_f1 (&exact), 1.0 / 3.0, EPS);
  /* overlap: [10,15) and [10,13) share code points; [20,25) and [25,30) only touch */
  g_assert_cmpuint (overlap.tp, ==, 2);
  g_assert_cmpuint (overlap.fp, ==, 1);
  g_assert_cmpuint (overlap.fn, ==, 1);
  assert_close (lw_match_f1 (&overlap), 2.0 / 3.0, EPS);
}

/* ---- project ---------------------------------------------------------------------------- */

typedef struct {
  char      *dir;
  LwProject *project;
  gint64     alice, bob, carol;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *domain = data;

  f->dir = lw_test_tmpdir_new ();
  f->project = lw_test_project_new (f->dir, "quality", domain);
  f->alice = lw_project_ensure_annotator (f->project, "alice", &error);
  g_assert_no_error (error);
  f->bob = lw_project_ensure_annotator (f->project, "bob", &error);
  g_assert_no_error (error);
  f->carol = lw_project_ensure_annotator (f->project, "carol", &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->alice, <, f->bob);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->project);
  lw_test_tmpdir_free (f->dir);
}

/* An annotation by @annotator (lw_test_add_annotation on the fixture's project). */
#define add(f, ...) lw_test_add_annotation ((f)->project, __VA_ARGS__)

#define BOX(...) (const double[]) { __VA_ARGS__ }, 4
#define TAG NULL, 0

/* Two annotators on a traffic project:
 *   img1: weather rain / rain; car [0,0,100,100] / [10,0,100,100] (IoU 0.818);
 *         a bus only alice drew; a pedestrian only bob drew
 *   img2: weather clear / fog; the same car
 *   img3: clear / clear
 *   img4: alice alone (not compared)
 *   img5: fog / fog
 * Weather: p_o = 3/4, p_e = 5/16, Cohen = 0.4375 / 0.6875 = 7/11; alpha = 2/3.
 * Shapes at 0.5: car tp 2; bus fn 1; pedestrian fp 1; overall P = R = F1 = 2/3. */
static void
build_two_annotators (Fixture *f, gint64 ids[5])
{
  ids[0] = lw_test_add_image (f->project, "img1.jpg", 1000, 1000);
  ids[1] = lw_test_add_image (f->project, "img2.jpg", 1000, 1000);
  ids[2] = lw_test_add_image (f->project, "img3.jpg", 1000, 1000);
  ids[3] = lw_test_add_image (f->project, "img4.jpg", 1000, 1000);
  ids[4] = lw_test_add_image (f->project, "img5.jpg", 1000, 1000);

  add (f, f->alice, ids[0], "rain", LW_ANNOTATION_TAG, TAG);
  add (f, f->alice, ids[0], "car", LW_ANNOTATION_BBOX, BOX (0, 0, 100, 100));
  add (f, f->alice, ids[0], "bus", LW_ANNOTATION_BBOX, BOX (200, 200, 100, 100));
  add (f, f->bob, ids[0], "rain", LW_ANNOTATION_TAG, TAG);
  add (f, f->bob, ids[0], "car", LW_ANNOTATION_BBOX, BOX (10, 0, 100, 100));
  add (f, f->bob, ids[0], "pedestrian", LW_ANNOTATION_BBOX, BOX (500, 500, 50, 50));

  add (f, f->alice, ids[1], "clear", LW_ANNOTATION_TAG, TAG);
  add (f, f->alice, ids[1], "car", LW_ANNOTATION_BBOX, BOX (0, 0, 100, 100));
  add (f, f->bob, ids[1], "fog", LW_ANNOTATION_TAG, TAG);
  add (f, f->bob, ids[1], "car", LW_ANNOTATION_BBOX, BOX (0, 0, 100, 100));

  add (f, f->alice, ids[2], "clear", LW_ANNOTATION_TAG, TAG);
  add (f, f->bob, ids[2], "clear", LW_ANNOTATION_TAG, TAG);

  add (f, f->alice, ids[3], "car", LW_ANNOTATION_BBOX, BOX (0, 0, 100, 100));

  add (f, f->alice, ids[4], "fog", LW_ANNOTATION_TAG, TAG);
  add (f, f->bob, ids[4], "fog", LW_ANNOTATION_TAG, TAG);
}

static const LwClassAgreement *
find_class (GPtrArray *classes, const char *name)
{
  for (guint i = 0; i < classes->len; i++)
    {
      const LwClassAgreement *c = classes->pdata[i];
      if (strcmp (c->class_name, name) == 0)
        return c;
    }
  g_error ("no agreement row for class “%s”", name);
}

static gboolean
has_tag (GPtrArray *tags, const char *name)
{
  for (guint i = 0; i < tags->len; i++)
    if (strcmp (((LwTagAgreement *) tags->pdata[i])->variable, name) == 0)
      return TRUE;
  return FALSE;
}

static const LwTagAgreement *
find_tag (GPtrArray *tags, const char *name)
{
  for (guint i = 0; i < tags->len; i++)
    {
      const LwTagAgreement *t = tags->pdata[i];
      if (strcmp (t->variable, name) == 0)
        return t;
    }
  g_error ("no agreement row for tag variable “%s”", name);
}

static void
test_project_two (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAgreementReport) r = NULL;
  gint64 ids[5];
  const LwTagAgreement *weather;
  const LwClassAgreement *car, *bus, *pedestrian;
  const LwItemAgreement *items;

  build_two_annotators (f, ids);
  r = lw_project_compute_agreement (f->project, 0.5, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);

  /* carol exists but annotated nothing: she does not take part */
  g_assert_cmpuint (r->annotators->len, ==, 2);
  g_assert_cmpstr (r->annotators->pdata[0], ==, "alice");
  g_assert_cmpstr (r->annotators->pdata[1], ==, "bob");
  g_assert_cmpuint (r->n_items, ==, 4);

  /* "time of day" was never used: no row for it */
  g_assert_cmpuint (r->tags->len, ==, 1);
  weather = find_tag (r->tags, "weather");
  g_assert_cmpuint (weather->n_items, ==, 4);
  assert_close (weather->percent_agreement, 0.75, EPS);
  assert_close (weather->cohen_kappa, 7.0 / 11.0, EPS);
  assert_close (weather->fleiss_kappa, NAN, 0);
  assert_close (weather->krippendorff_alpha, 2.0 / 3.0, EPS);

  g_assert_cmpuint (r->shapes.tp, ==, 2);
  g_assert_cmpuint (r->shapes.fp, ==, 1);
  g_assert_cmpuint (r->shapes.fn, ==, 1);
  assert_close (lw_match_f1 (&r->shapes), 2.0 / 3.0, EPS);
  car = find_class (r->shape_classes, "car");
  bus = find_class (r->shape_classes, "bus");
  pedestrian = find_class (r->shape_classes, "pedestrian");
  g_assert_cmpuint (r->shape_classes->len, ==, 3);
  /* palette order */
  g_assert_true (r->shape_classes->pdata[0] == car);
  g_assert_true (r->shape_classes->pdata[1] == bus);
  assert_close (lw_match_f1 (&car->counts), 1.0, EPS);
  g_assert_cmpuint (bus->counts.fn, ==, 1);
  assert_close (lw_match_precision (&bus->counts), NAN, 0);
  assert_close (lw_match_recall (&bus->counts), 0.0, 0);
  g_assert_cmpuint (pedestrian->counts.fp, ==, 1);
  assert_close (lw_match_recall (&pedestrian->counts), NAN, 0);
  g_assert_cmpuint (r->span_classes->len, ==, 0);
  assert_close (lw_match_f1 (&r->spans_exact), NAN, 0);

  /* img2 (tags disagree: 0.5), img1 (shape F1 0.5, tags agree: 0.25), then img3, img5 */
  g_assert_cmpuint (r->items->len, ==, 4);
  items = (const LwItemAgreement *) r->items->data;
  g_assert_cmpint (items[0].item_id, ==, ids[1]);
  assert_close (items[0].disagreement, 0.5, EPS);
  assert_close (items[0].tag_disagreement, 1.0, EPS);
  assert_close (items[0].shape_f1, 1.0, EPS);
  g_assert_cmpint (items[1].item_id, ==, ids[0]);
  g_assert_cmpstr (items[1].item_name, ==, "img1.jpg");
  assert_close (items[1].disagreement, 0.25, EPS);
  assert_close (items[1].shape_f1, 0.5, EPS);
  assert_close (items[1].span_f1, NAN, 0);
  g_assert_cmpint (items[2].item_id, ==, ids[2]);
  assert_close (items[2].disagreement, 0.0, 0);
  assert_close (items[2].shape_f1, NAN, 0);
  g_assert_cmpint (items[3].item_id, ==, ids[4]);
  g_assert_cmpuint (items[3].n_annotators, ==, 2);

  /* a stricter IoU: the shifted car of img1 no longer matches */
  g_clear_pointer (&r, lw_agreement_report_free);
  r = lw_project_compute_agreement (f->project, 0.9, NULL, &error);
  g_assert_no_error (error);
  car = find_class (r->shape_classes, "car");
  g_assert_cmpuint (car->counts.tp, ==, 1);
  g_assert_cmpuint (car->counts.fp, ==, 1);
  g_assert_cmpuint (car->counts.fn, ==, 1);
}

static void
test_project_three (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAgreementReport) r = NULL;
  const LwTagAgreement *weather;
  gint64 i1 = lw_test_add_image (f->project, "a.jpg", 640, 480);
  gint64 i2 = lw_test_add_image (f->project, "b.jpg", 640, 480);
  gint64 i3 = lw_test_add_image (f->project, "c.jpg", 640, 480);
  gint64 i4 = lw_test_add_image (f->project, "d.jpg", 640, 480);

  /* rain x3; clear, clear, fog; fog x3: Fleiss = 34/52 (hand-computed above) */
  add (f, f->alice, i1, "rain", LW_ANNOTATION_TAG, TAG);
  add (f, f->bob, i1, "rain", LW_ANNOTATION_TAG, TAG);
  add (f, f->carol, i1, "rain", LW_ANNOTATION_TAG, TAG);
  add (f, f->alice, i2, "clear", LW_ANNOTATION_TAG, TAG);
  add (f, f->bob, i2, "clear", LW_ANNOTATION_TAG, TAG);
  add (f, f->carol, i2, "fog", LW_ANNOTATION_TAG, TAG);
  add (f, f->alice, i3, "fog", LW_ANNOTATION_TAG, TAG);
  add (f, f->bob, i3, "fog", LW_ANNOTATION_TAG, TAG);
  add (f, f->carol, i3, "fog", LW_ANNOTATION_TAG, TAG);
  /* two of three: Krippendorff takes it, Fleiss (fixed raters) does not */
  add (f, f->alice, i4, "snow", LW_ANNOTATION_TAG, TAG);
  add (f, f->carol, i4, "snow", LW_ANNOTATION_TAG, TAG);

  r = lw_project_compute_agreement (f->project, 0.5, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->annotators->len, ==, 3);
  g_assert_cmpuint (r->n_items, ==, 4);
  weather = find_tag (r->tags, "weather");
  g_assert_cmpuint (weather->n_items, ==, 4);
  g_assert_cmpuint (weather->n_fleiss_items, ==, 3);
  assert_close (weather->cohen_kappa, NAN, 0);
  assert_close (weather->fleiss_kappa, 34.0 / 52.0, EPS);
  {
    /* the same data through the pure function, coders x units */
    const int data_[] = { 1, 0, 2, 3,
                          1, 0, 2, -1,
                          1, 2, 2, 3 };
    assert_close (weather->krippendorff_alpha, lw_krippendorff_alpha_nominal (data_, 3, 4, 4), EPS);
    g_assert_true (weather->krippendorff_alpha > 0.6 && weather->krippendorff_alpha < 1);
  }
  /* pairs: 3 + 3 (1 agree) + 3 + 1 = 10, 8 agree */
  assert_close (weather->percent_agreement, 0.8, EPS);
  g_assert_cmpint (g_array_index (r->items, LwItemAgreement, 0).item_id, ==, i2);
  assert_close (g_array_index (r->items, LwItemAgreement, 0).tag_disagreement, 2.0 / 3.0, EPS);
}

/* education: spans and a present/absent tag on a text */
static void
test_project_spans (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAgreementReport) r = NULL;
  gint64 t = lw_test_add_text (f->project, "essay-1", "Teh quick brown fox jumpz over the dog");
  const LwClassAgreement *spelling, *grammar;
  const LwTagAgreement *score, *vocabulary;

  add (f, f->alice, t, "spelling", LW_ANNOTATION_SPAN, (const double[]) { 0, 3 }, 2);
  add (f, f->alice, t, "grammar", LW_ANNOTATION_SPAN, (const double[]) { 20, 25 }, 2);
  add (f, f->alice, t, "score 3", LW_ANNOTATION_TAG, TAG);
  add (f, f->alice, t, "vocabulary", LW_ANNOTATION_TAG, TAG);
  add (f, f->bob, t, "spelling", LW_ANNOTATION_SPAN, (const double[]) { 0, 3 }, 2);
  add (f, f->bob, t, "grammar", LW_ANNOTATION_SPAN, (const double[]) { 20, 24 }, 2);
  add (f, f->bob, t, "score 4", LW_ANNOTATION_TAG, TAG);

  r = lw_project_compute_agreement (f->project, 0.5, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_items, ==, 1);
  spelling = find_class (r->span_classes, "spelling");
  grammar = find_class (r->span_classes, "grammar");
  assert_close (lw_match_f1 (&spelling->counts), 1.0, EPS);
  assert_close (lw_match_f1 (&grammar->counts), 0.0, 0);
  assert_close (lw_match_f1 (&grammar->overlap), 1.0, EPS);
  assert_close (lw_match_f1 (&r->spans_exact), 0.5, EPS);
  assert_close (lw_match_f1 (&r->spans_overlap), 1.0, EPS);

  score = find_tag (r->tags, "essay score");
  vocabulary = find_tag (r->tags, "vocabulary");
  g_assert_cmpstr (vocabulary->categories[1], ==, "present");
  /* bob tagged the essay, so "vocabulary" is absent for him, not missing */
  g_assert_cmpuint (vocabulary->n_items, ==, 1);
  assert_close (vocabulary->percent_agreement, 0.0, 0);
  assert_close (score->percent_agreement, 0.0, 0);
  /* unused knowledge points are not reported */
  g_assert_false (has_tag (r->tags, "grammar"));
  g_assert_false (has_tag (r->tags, "argumentation"));

  /* tags all disagree (1), spans overlap fully (1 - 1 = 0) */
  assert_close (g_array_index (r->items, LwItemAgreement, 0).tag_disagreement, 1.0, EPS);
  assert_close (g_array_index (r->items, LwItemAgreement, 0).span_f1, 1.0, EPS);
  assert_close (g_array_index (r->items, LwItemAgreement, 0).disagreement, 0.5, EPS);
}

static void
test_project_empty (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAgreementReport) r = NULL;
  gint64 item = lw_test_add_image (f->project, "solo.jpg", 100, 100);

  add (f, f->alice, item, "rain", LW_ANNOTATION_TAG, TAG);
  {
    /* a consensus layer is derived from the others: it never counts as a second annotator */
    g_autoptr(LwAnnotation) ann = lw_annotation_new (item, lw_test_class_id (f->project, "fog"), LW_ANNOTATION_TAG);
    g_autoptr(LwAnnotation) stored = NULL;
    ann->source = LW_SOURCE_CONSENSUS;
    ann->annotator_id = f->carol;
    lw_project_add_annotation (f->project, ann, &error);
    g_assert_no_error (error);
    stored = lw_project_get_annotation (f->project, ann->id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (stored->source, ==, LW_SOURCE_CONSENSUS);
  }
  r = lw_project_compute_agreement (f->project, 0.5, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_items, ==, 0);
  g_assert_cmpuint (r->annotators->len, ==, 0);
  g_assert_cmpuint (r->tags->len, ==, 0);
  g_assert_cmpuint (r->items->len, ==, 0);
  assert_close (lw_match_f1 (&r->shapes), NAN, 0);
}

static void
test_project_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 ids[5];
  LwAgreementReport *r;

  build_two_annotators (f, ids);
  g_cancellable_cancel (cancellable);
  r = lw_project_compute_agreement (f->project, 0.5, cancellable, &error);
  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* the read transaction was ended: the project takes edits again */
  g_clear_error (&error);
  add (f, f->alice, ids[3], "fog", LW_ANNOTATION_TAG, TAG);
}

/* ---- CLI ---------------------------------------------------------------------------------- */

static int
run_cli (const char *const *args, char **out, char **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *cli = g_getenv ("LW_CLI");
  int status = -1;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = g_strdup (lw_project_get_path (f->project));
  g_autofree char *missing = g_build_filename (f->dir, "missing.lwproj", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 ids[5];
  JsonObject *root, *weather, *shapes, *overall, *bus, *first;

  build_two_annotators (f, ids);
  lw_project_close (f->project);

  g_assert_cmpint (run_cli ((const char *[]) { "agreement", path, "--json", NULL }, &out, &err), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "items_compared"), ==, 4);
  assert_close (json_object_get_double_member (root, "iou_threshold"), 0.5, EPS);
  weather = json_array_get_object_element (json_object_get_array_member (root, "tags"), 0);
  g_assert_cmpstr (json_object_get_string_member (weather, "variable"), ==, "weather");
  assert_close (json_object_get_double_member (weather, "cohen_kappa"), 7.0 / 11.0, 1e-9);
  /* undefined numbers are null, not NaN (which is not JSON) */
  g_assert_true (json_object_get_null_member (weather, "fleiss_kappa"));
  shapes = json_object_get_object_member (root, "shapes");
  overall = json_object_get_object_member (shapes, "overall");
  g_assert_cmpint (json_object_get_int_member (overall, "tp"), ==, 2);
  assert_close (json_object_get_double_member (overall, "f1"), 2.0 / 3.0, 1e-9);
  bus = json_array_get_object_element (json_object_get_array_member (shapes, "by_class"), 1);
  g_assert_cmpstr (json_object_get_string_member (bus, "class"), ==, "bus");
  g_assert_true (json_object_get_null_member (bus, "precision"));
  first = json_array_get_object_element (json_object_get_array_member (root, "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "img2.jpg");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --top limits the list; --iou changes the matching */
  g_assert_cmpint (run_cli ((const char *[]) { "agreement", path, "--json", "--top", "1", "--iou", "0.9", NULL },
                            &out, &err), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "items")), ==, 1);
  overall = json_object_get_object_member (json_object_get_object_member (root, "shapes"), "overall");
  g_assert_cmpint (json_object_get_int_member (overall, "tp"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* text output names the kappa */
  g_assert_cmpint (run_cli ((const char *[]) { "agreement", path, NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "weather"));
  g_assert_nonnull (strstr (out, "0.636"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* failures: 1; wrong usage: 2 */
  g_assert_cmpint (run_cli ((const char *[]) { "agreement", missing, NULL }, &out, &err), ==, 1);
  g_assert_true (g_str_has_prefix (err, "labelwright-cli: error: "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char *[]) { "agreement", NULL }, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char *[]) { "agreement", path, "--iou", "1.5", NULL }, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char *[]) { "agreement", path, "--bogus", NULL }, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char *[]) { "agreement", path, path, NULL }, &out, &err), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quality/cohen/textbook", test_cohen_textbook);
  g_test_add_func ("/quality/cohen/labels", test_cohen_labels);
  g_test_add_func ("/quality/fleiss/wikipedia", test_fleiss_wikipedia);
  g_test_add_func ("/quality/fleiss/degenerate", test_fleiss_degenerate);
  g_test_add_func ("/quality/alpha/krippendorff-2011", test_alpha_krippendorff_2011);
  g_test_add_func ("/quality/alpha/degenerate", test_alpha_degenerate);
  g_test_add_func ("/quality/iou", test_iou);
  g_test_add_func ("/quality/match/boxes", test_box_match);
  g_test_add_func ("/quality/match/degenerate", test_match_degenerate);
  g_test_add_func ("/quality/match/spans", test_span_match);
  g_test_add ("/quality/project/two-annotators", Fixture, "traffic", fixture_set_up, test_project_two, fixture_tear_down);
  g_test_add ("/quality/project/three-annotators", Fixture, "traffic", fixture_set_up, test_project_three, fixture_tear_down);
  g_test_add ("/quality/project/spans", Fixture, "education", fixture_set_up, test_project_spans, fixture_tear_down);
  g_test_add ("/quality/project/single-annotator", Fixture, "traffic", fixture_set_up, test_project_empty, fixture_tear_down);
  g_test_add ("/quality/project/cancel", Fixture, "traffic", fixture_set_up, test_project_cancel, fixture_tear_down);
  g_test_add ("/quality/cli/agreement", Fixture, "traffic", fixture_set_up, test_cli, fixture_tear_down);
  return g_test_run ();
}
