/* Data model: geometry validation of every kind, spans in code points, schema rules,
 * item paging and filters, edits with undo/redo that survive a reopen. */
#include <math.h>

#include "lw-test-util.h"
#include "lw-model-private.h"

typedef struct {
  LwAnnotationKind kind;
  double           v[12];
  guint            n;
  gboolean         valid;
  const char      *why;
} GeometryCase;

static void
test_geometry_cases (void)
{
  static const GeometryCase cases[] = {
    { LW_ANNOTATION_TAG, {0}, 0, TRUE, NULL },
    { LW_ANNOTATION_TAG, {1}, 1, FALSE, "no geometry" },
    { LW_ANNOTATION_BBOX, {10, 20, 30, 40}, 4, TRUE, NULL },
    { LW_ANNOTATION_BBOX, {0, 0, 100, 80}, 4, TRUE, NULL },           /* the whole image */
    { LW_ANNOTATION_BBOX, {10, 20, 0, 40}, 4, FALSE, "positive" },
    { LW_ANNOTATION_BBOX, {10, 20, -5, 40}, 4, FALSE, "positive" },
    { LW_ANNOTATION_BBOX, {90, 20, 30, 40}, 4, FALSE, "does not lie in" },
    { LW_ANNOTATION_BBOX, {-1, 20, 30, 40}, 4, FALSE, "does not lie in" },
    { LW_ANNOTATION_BBOX, {10, 20, 30}, 3, FALSE, "expected x, y, w, h" },
    { LW_ANNOTATION_BBOX, {NAN, 20, 30, 40}, 4, FALSE, "finite" },
    { LW_ANNOTATION_RBOX, {50, 40, 20, 10, 0.5}, 5, TRUE, NULL },
    { LW_ANNOTATION_RBOX, {50, 40, 20, 0, 0.5}, 5, FALSE, "positive" },
    { LW_ANNOTATION_RBOX, {150, 40, 20, 10, 0}, 5, FALSE, "outside" },
    { LW_ANNOTATION_POLYGON, {0, 0, 10, 0, 10, 10}, 6, TRUE, NULL },
    { LW_ANNOTATION_POLYGON, {0, 0, 10, 0}, 4, FALSE, "at least 3" },
    { LW_ANNOTATION_POLYGON, {0, 0, 5, 5, 10, 10}, 6, FALSE, "no area" },
    { LW_ANNOTATION_POLYGON, {0, 0, 10, 0, 10}, 5, FALSE, "odd" },
    { LW_ANNOTATION_POLYGON, {0, 0, 200, 0, 10, 10}, 6, FALSE, "outside" },
    { LW_ANNOTATION_POLYLINE, {0, 0, 10, 10}, 4, TRUE, NULL },
    { LW_ANNOTATION_POLYLINE, {0, 0}, 2, FALSE, "at least 2" },
    { LW_ANNOTATION_POINT, {100, 80}, 2, TRUE, NULL },                 /* on the far edge */
    { LW_ANNOTATION_POINT, {100.5, 80}, 2, FALSE, "outside" },
    { LW_ANNOTATION_POINT, {1, 2, 3}, 3, FALSE, "expected x, y" },
    { LW_ANNOTATION_KEYPOINTS, {10, 10, 2, 0, 0, 0, 20, 20, 1}, 9, TRUE, NULL },
    { LW_ANNOTATION_KEYPOINTS, {10, 10, 3}, 3, FALSE, "visibility" },
    { LW_ANNOTATION_KEYPOINTS, {10, 10}, 2, FALSE, "triples" },
    { LW_ANNOTATION_KEYPOINTS, {500, 10, 2}, 3, FALSE, "outside" },
    { LW_ANNOTATION_KEYPOINTS, {500, 10, 0}, 3, TRUE, NULL },          /* unlabelled: no position */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = lw_geometry_validate (cases[i].kind, cases[i].v, cases[i].n, 100, 80, NULL, &error);
      if (ok != cases[i].valid)
        g_error ("case %u (%s): expected %s, got %s", i, lw_annotation_kind_to_string (cases[i].kind),
                 cases[i].valid ? "valid" : "invalid", error ? error->message : "valid");
      if (!ok)
        {
          g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
          if (strstr (error->message, cases[i].why) == NULL)
            g_error ("case %u: message “%s” lacks “%s”", i, error->message, cases[i].why);
        }
    }
}

static void
test_span_code_points (void)
{
  /* "作文" is 2 code points but 6 bytes; the emoji is 1 code point, 4 bytes;
   * "é" written as e + combining acute is 2 code points. */
  const char *text = "作文很好👍 cafe\xcc\x81!";
  g_autoptr(GError) error = NULL;
  double ok_span[] = { 0, 2 }, emoji[] = { 4, 5 }, whole[] = { 0, 12 }, past[] = { 0, 13 };
  double empty[] = { 3, 3 }, frac[] = { 0.5, 2 };

  g_assert_cmpint (lw_text_char_length (text), ==, 12);
  g_assert_cmpint (lw_text_byte_offset (text, 2), ==, 6);
  g_assert_cmpint (lw_text_byte_offset (text, 5), ==, 16);
  g_assert_cmpint (lw_text_byte_offset (text, 12), ==, (gssize) strlen (text));
  g_assert_cmpint (lw_text_byte_offset (text, 13), ==, -1);

  g_assert_true (lw_geometry_validate (LW_ANNOTATION_SPAN, ok_span, 2, 0, 0, text, &error));
  g_assert_true (lw_geometry_validate (LW_ANNOTATION_SPAN, emoji, 2, 0, 0, text, &error));
  g_assert_true (lw_geometry_validate (LW_ANNOTATION_SPAN, whole, 2, 0, 0, text, &error));
  g_assert_no_error (error);
  g_assert_false (lw_geometry_validate (LW_ANNOTATION_SPAN, past, 2, 0, 0, text, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "12 characters"));
  g_clear_error (&error);
  g_assert_false (lw_geometry_validate (LW_ANNOTATION_SPAN, empty, 2, 0, 0, text, &error));
  g_clear_error (&error);
  g_assert_false (lw_geometry_validate (LW_ANNOTATION_SPAN, frac, 2, 0, 0, text, &error));
  g_clear_error (&error);
}

static LwAnnotation *
make (gint64 item, gint64 klass, LwAnnotationKind kind, const double *v, guint n)
{
  LwAnnotation *ann = lw_annotation_new (item, klass, kind);
  lw_annotation_set_geometry (ann, v, n);
  return ann;
}

static void
test_store_rules (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "rules", "traffic");
  g_autoptr(GError) error = NULL;
  gint64 img = lw_test_add_image (project, "a.png", 100, 80);
  gint64 txt = lw_test_add_text (project, "t1", "hello world");
  gint64 car = lw_test_class_id (project, "car");
  gint64 lane = lw_test_class_id (project, "lane line");
  double box[] = { 10, 20, 30, 40 }, line[] = { 0, 0, 50, 50 };
  g_autoptr(LwAnnotation) a = make (img, car, LW_ANNOTATION_BBOX, box, 4);
  g_autoptr(LwAnnotation) wrong_kind = make (img, lane, LW_ANNOTATION_BBOX, box, 4);
  g_autoptr(LwAnnotation) on_text = make (txt, car, LW_ANNOTATION_BBOX, box, 4);
  g_autoptr(LwAnnotation) no_item = make (9999, car, LW_ANNOTATION_BBOX, box, 4);
  g_autoptr(LwAnnotation) lane_ok = make (img, lane, LW_ANNOTATION_POLYLINE, line, 4);

  g_assert_true (lw_project_add_annotation (project, a, &error));
  g_assert_no_error (error);
  g_assert_cmpint (a->id, >, 0);

  g_assert_false (lw_project_add_annotation (project, wrong_kind, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_KIND);
  g_assert_nonnull (strstr (error->message, "lane line"));
  g_clear_error (&error);
  g_assert_false (lw_project_add_annotation (project, on_text, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lw_project_add_annotation (project, no_item, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Attributes are checked against the class. */
  g_free (lane_ok->attributes);
  lane_ok->attributes = g_strdup ("{\"nonsense\": 1}");
  g_assert_false (lw_project_add_annotation (project, lane_ok, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "nonsense"));
  g_clear_error (&error);
  g_free (a->attributes);
  a->attributes = g_strdup ("{\"occluded\": \"yes\"}");
  g_assert_false (lw_project_update_annotation (project, a, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
  g_clear_error (&error);
  g_free (a->attributes);
  a->attributes = g_strdup ("{\"occluded\": true}");
  g_assert_true (lw_project_update_annotation (project, a, &error));
  g_assert_no_error (error);

  /* A class in use cannot be removed, nor lose a kind that annotations use. */
  g_assert_false (lw_project_remove_class (project, car, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autoptr(LwLabelClass) klass = lw_project_get_class (project, car, &error);
    klass->kinds = LW_KIND_BIT (LW_ANNOTATION_POLYGON);
    g_assert_false (lw_project_update_class (project, klass, &error));
    g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "bbox"));
    g_clear_error (&error);
  }
  /* Duplicate names and hotkeys are refused. */
  {
    g_autoptr(LwLabelClass) dup = lw_label_class_new ("Car");
    g_autoptr(LwLabelClass) hot = lw_label_class_new ("van");
    dup->kinds = hot->kinds = LW_KIND_BIT (LW_ANNOTATION_BBOX);
    g_assert_false (lw_project_add_class (project, dup, &error));
    g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_DUPLICATE);
    g_clear_error (&error);
    hot->hotkey = g_strdup ("1");
    g_assert_false (lw_project_add_class (project, hot, &error));
    g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_DUPLICATE);
    g_clear_error (&error);
  }
  g_assert_true (lw_project_check (project, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_spans_in_store (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "edu", "education");
  g_autoptr(GError) error = NULL;
  gint64 txt = lw_test_add_text (project, "essay-1", "我喜欢学习。😀 Grammer is hard.");
  g_autoptr(GPtrArray) classes = lw_project_list_classes (project, &error);
  gint64 span_class = 0;
  double zh[] = { 0, 6 }, typo[] = { 8, 15 }, overlap[] = { 3, 10 }, bad[] = { 20, 40 };

  for (guint i = 0; i < classes->len && span_class == 0; i++)
    if (lw_label_class_allows (classes->pdata[i], LW_ANNOTATION_SPAN))
      span_class = ((LwLabelClass *) classes->pdata[i])->id;
  g_assert_cmpint (span_class, >, 0);

  {
    g_autoptr(LwAnnotation) a = make (txt, span_class, LW_ANNOTATION_SPAN, zh, 2);
    g_autoptr(LwAnnotation) b = make (txt, span_class, LW_ANNOTATION_SPAN, typo, 2);
    g_autoptr(LwAnnotation) c = make (txt, span_class, LW_ANNOTATION_SPAN, overlap, 2);
    g_autoptr(LwAnnotation) d = make (txt, span_class, LW_ANNOTATION_SPAN, bad, 2);
    g_autoptr(GPtrArray) anns = NULL;
    g_assert_true (lw_project_add_annotation (project, a, &error));
    g_assert_true (lw_project_add_annotation (project, b, &error));
    g_assert_true (lw_project_add_annotation (project, c, &error));   /* overlaps both */
    g_assert_no_error (error);
    g_assert_false (lw_project_add_annotation (project, d, &error));
    g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
    anns = lw_project_list_annotations (project, txt, 0, NULL);
    g_assert_cmpuint (anns->len, ==, 3);
    g_assert_cmpfloat (lw_annotation_value (anns->pdata[1], 0), ==, 8);
    g_assert_cmpfloat (lw_annotation_value (anns->pdata[1], 1), ==, 15);
  }
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_paging_and_filters (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "page", "traffic");
  g_autoptr(GError) error = NULL;
  gint64 car = lw_test_class_id (project, "car");
  gint64 ids[25];
  LwItemFilter done = { .status_mask = 1u << LW_ITEM_STATUS_DONE };
  LwItemFilter cars = { .class_id = car };
  LwItemFilter search = { .search = "img-1" };
  LwItemFilter pct = { .search = "%" };
  gint64 after = 0, seen = 0;

  g_assert_true (lw_project_begin (project, &error));
  for (int i = 0; i < 25; i++)
    {
      g_autofree char *name = g_strdup_printf ("img-%02d.png", i);
      ids[i] = lw_test_add_image (project, name, 64, 64);
    }
  g_assert_true (lw_project_commit (project, &error));
  for (int i = 0; i < 25; i += 5)
    g_assert_true (lw_project_set_item_status (project, ids[i], LW_ITEM_STATUS_DONE, &error));
  {
    double box[] = { 1, 1, 10, 10 };
    g_autoptr(LwAnnotation) a = make (ids[7], car, LW_ANNOTATION_BBOX, box, 4);
    g_assert_true (lw_project_add_annotation (project, a, &error));
  }

  /* Keyset pages of 10 walk all 25 in order. */
  while (TRUE)
    {
      g_autoptr(GPtrArray) page = lw_project_list_items (project, NULL, after, 10, &error);
      g_assert_no_error (error);
      if (page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++)
        g_assert_cmpint (((LwItem *) page->pdata[i])->id, ==, ids[seen++]);
      after = ((LwItem *) page->pdata[page->len - 1])->id;
    }
  g_assert_cmpint (seen, ==, 25);

  g_assert_cmpint (lw_project_count_items (project, &done, &error), ==, 5);
  g_assert_cmpint (lw_project_count_items (project, &cars, &error), ==, 1);
  g_assert_cmpint (lw_project_count_items (project, &search, &error), ==, 10);   /* img-10..19 */
  g_assert_cmpint (lw_project_count_items (project, &pct, &error), ==, 0);       /* % is literal */
  g_assert_cmpint (lw_project_item_at (project, &done, 2, &error), ==, ids[10]);
  g_assert_cmpint (lw_project_item_position (project, &done, ids[10], &error), ==, 2);
  g_assert_cmpint (lw_project_next_item (project, &done, ids[10], FALSE, &error), ==, ids[15]);
  g_assert_cmpint (lw_project_next_item (project, &done, ids[10], TRUE, &error), ==, ids[5]);
  g_assert_cmpint (lw_project_next_item (project, &done, ids[20], FALSE, &error), ==, 0);
  g_assert_cmpint (lw_project_item_at (project, NULL, 25, &error), ==, 0);
  g_assert_no_error (error);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static guint
n_annotations (LwProject *project, gint64 item)
{
  g_autoptr(GPtrArray) anns = lw_project_list_annotations (project, item, 0, NULL);
  return anns->len;
}

static void
test_history_survives_reopen (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "hist", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  g_autoptr(GError) error = NULL;
  gint64 img = lw_test_add_image (project, "a.png", 100, 80);
  gint64 car = lw_test_class_id (project, "car");
  gint64 bus = lw_test_class_id (project, "bus");
  double box[] = { 10, 20, 30, 40 }, moved[] = { 15, 25, 30, 40 };
  g_autoptr(LwAnnotation) a = make (img, car, LW_ANNOTATION_BBOX, box, 4);
  g_autoptr(LwAnnotation) got = NULL;
  gint64 touched = 0;

  g_assert_false (lw_project_can_undo (project));
  g_assert_true (lw_project_add_annotation (project, a, &error));           /* 1: insert */
  lw_annotation_set_geometry (a, moved, 4);
  a->class_id = bus;
  g_assert_true (lw_project_update_annotation (project, a, &error));        /* 2: move + relabel */
  g_assert_true (lw_project_set_item_status (project, img, LW_ITEM_STATUS_DONE, &error)); /* 3 */
  g_assert_no_error (error);
  g_clear_object (&project);

  project = lw_project_open (path, 0, &error);
  g_assert_no_error (error);
  g_assert_true (lw_project_can_undo (project));
  g_assert_true (lw_project_undo (project, &touched, &error));               /* undo 3 */
  g_assert_cmpint (touched, ==, img);
  {
    g_autoptr(LwItem) item = lw_project_get_item (project, img, &error);
    g_assert_cmpint (item->status, ==, LW_ITEM_STATUS_NEW);
  }
  g_assert_true (lw_project_undo (project, NULL, &error));                   /* undo 2 */
  got = lw_project_get_annotation (project, a->id, &error);
  g_assert_cmpint (got->class_id, ==, car);
  g_assert_cmpfloat (lw_annotation_value (got, 0), ==, 10);
  g_clear_pointer (&got, lw_annotation_free);
  g_assert_true (lw_project_undo (project, NULL, &error));                   /* undo 1 */
  g_assert_cmpuint (n_annotations (project, img), ==, 0);
  g_assert_false (lw_project_undo (project, NULL, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);
  g_clear_object (&project);

  /* Redo after another reopen restores the same id and values. */
  project = lw_project_open (path, 0, &error);
  g_assert_true (lw_project_can_redo (project));
  g_assert_true (lw_project_redo (project, NULL, &error));
  g_assert_true (lw_project_redo (project, NULL, &error));
  got = lw_project_get_annotation (project, a->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->class_id, ==, bus);
  g_assert_cmpfloat (lw_annotation_value (got, 0), ==, 15);
  g_clear_pointer (&got, lw_annotation_free);

  /* A new edit ends the redo chain. */
  g_assert_true (lw_project_delete_annotation (project, a->id, &error));
  g_assert_false (lw_project_can_redo (project));
  g_assert_true (lw_project_undo (project, NULL, &error));                   /* undo delete */
  g_assert_cmpuint (n_annotations (project, img), ==, 1);
  g_assert_true (lw_project_check (project, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_group_is_one_step (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "grp", "traffic");
  g_autoptr(GError) error = NULL;
  gint64 img = lw_test_add_image (project, "a.png", 100, 80);
  gint64 car = lw_test_class_id (project, "car");
  double box[] = { 10, 20, 30, 40 };

  g_assert_true (lw_project_begin (project, &error));
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(LwAnnotation) a = make (img, car, LW_ANNOTATION_BBOX, box, 4);
      g_assert_true (lw_project_add_annotation (project, a, &error));
    }
  g_assert_true (lw_project_commit (project, &error));
  g_assert_cmpuint (n_annotations (project, img), ==, 3);
  g_assert_true (lw_project_undo (project, NULL, &error));
  g_assert_cmpuint (n_annotations (project, img), ==, 0);
  g_assert_true (lw_project_redo (project, NULL, &error));
  g_assert_cmpuint (n_annotations (project, img), ==, 3);
  g_assert_no_error (error);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
on_changed (LwProject *project, gint64 item_id, gpointer data)
{
  g_array_append_val ((GArray *) data, item_id);
}

static void
test_changed_signal (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "sig", "traffic");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 img = lw_test_add_image (project, "a.png", 100, 80);

  g_signal_connect (project, "changed", G_CALLBACK (on_changed), seen);
  g_assert_true (lw_project_set_item_status (project, img, LW_ITEM_STATUS_IN_PROGRESS, &error));
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpint (g_array_index (seen, gint64, 0), ==, img);
  g_assert_true (lw_project_undo (project, NULL, &error));
  g_assert_cmpuint (seen->len, ==, 2);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_geometry_text_round_trip (void)
{
  static const char *const bad[] = {
    "", "[", "]", "[1,", "[1 2]", "[1,,2]", "{}", "[\"1\"]", "[1] x", "[NaN]", "[inf]", "[[1]]", NULL
  };
  double v[] = { 0, -1.5, 0.1, 1e-300, 123456789.123456789, 1.0 / 3.0 };
  g_autoptr(GArray) in = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) out = NULL;
  g_autoptr(GArray) empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_array_append_vals (in, v, G_N_ELEMENTS (v));
  text = _lw_geometry_to_json (in);
  out = _lw_geometry_from_json (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, G_N_ELEMENTS (v));
  for (guint i = 0; i < out->len; i++)
    g_assert_cmpfloat (g_array_index (out, double, i), ==, v[i]);   /* exact, not approximate */
  empty = _lw_geometry_from_json (" [ ] ", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->len, ==, 0);
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GArray) got = _lw_geometry_from_json (bad[i], &error);
      if (got != NULL)
        g_error ("“%s” parsed as geometry", bad[i]);
      g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
      g_clear_error (&error);
    }
}

/* Trimming counts code points: CJK, an astral emoji and a combining mark are one or two
 * characters each, and the ideographic space U+3000 is white space. */
static void
test_text_trim_span (void)
{
  /* " \u3000中文😀 e\u0301\t\n" : 0 ' ', 1 U+3000, 2 中, 3 文, 4 😀, 5 ' ', 6 e, 7 U+0301, 8 \t, 9 \n */
  const char *text = " \u3000中文\U0001F600 e\u0301\t\n";
  struct { gint64 start, end, want_start, want_end; gboolean ok; } cases[] = {
    { 0, 10, 2, 8, TRUE },     /* both ends */
    { 2, 5, 2, 5, TRUE },      /* nothing to trim */
    { 4, 6, 4, 5, TRUE },      /* the emoji stays whole */
    { 5, 8, 6, 8, TRUE },      /* the combining mark stays with its base */
    { 0, 2, 2, 2, TRUE },      /* all blank: empty at the first non-blank position */
    { 8, 10, 10, 10, TRUE },
    { 3, 3, 3, 3, TRUE },      /* empty stays empty */
    { 0, 11, 0, 11, FALSE },   /* past the end */
    { 5, 4, 5, 4, FALSE },     /* reversed */
    { -1, 2, -1, 2, FALSE },
  };

  g_assert_cmpint (lw_text_char_length (text), ==, 10);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 start = cases[i].start, end = cases[i].end;

      g_test_message ("case %u: [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", i, start, end);
      g_assert_cmpint (lw_text_trim_span (text, &start, &end), ==, cases[i].ok);
      g_assert_cmpint (start, ==, cases[i].want_start);
      g_assert_cmpint (end, ==, cases[i].want_end);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/geometry/cases", test_geometry_cases);
  g_test_add_func ("/model/geometry/span-code-points", test_span_code_points);
  g_test_add_func ("/model/geometry/text-round-trip", test_geometry_text_round_trip);
  g_test_add_func ("/model/text/trim-span", test_text_trim_span);
  g_test_add_func ("/model/annotation/store-rules", test_store_rules);
  g_test_add_func ("/model/annotation/spans", test_spans_in_store);
  g_test_add_func ("/model/item/paging-and-filters", test_paging_and_filters);
  g_test_add_func ("/model/history/survives-reopen", test_history_survives_reopen);
  g_test_add_func ("/model/history/group-is-one-step", test_group_is_one_step);
  g_test_add_func ("/model/project/changed-signal", test_changed_signal);
  return g_test_run ();
}
