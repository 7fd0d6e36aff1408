/* test-canvas.c: an annotator draws, edits and relabels shapes on the image canvas with a
 * real pointer and keyboard (XTest events through the X server), and the store follows */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lw-attribute-editor.h"
#include "lw-canvas-private.h"
#include "lw-gui-input.h"
#include "lw-gui-test.h"
#include "lw-test-util.h"

#define IMAGE_W 400
#define IMAGE_H 300

typedef struct
{
  char     *dir;
  char     *path;
  gint64    ids[2];
  LwWindow *window;
  LwCanvas *canvas;
} Fixture;

static void
write_png (const char *dir, const char *name, guint32 rgba)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, IMAGE_W, IMAGE_H);
  g_autofree char *file = g_build_filename (dir, name, NULL);

  gdk_pixbuf_fill (pixbuf, rgba);
  g_assert_true (gdk_pixbuf_save (pixbuf, file, "png", &error, NULL));
}

static gboolean
texture_loaded (gpointer data)
{
  return lw_canvas_has_texture (data);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(LwProject) project = NULL;

  f->dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (f->dir, "canvas", data ? data : "traffic");
  f->path = g_strdup (lw_project_get_path (project));
  for (guint i = 0; i < G_N_ELEMENTS (f->ids); i++)
    {
      g_autofree char *name = g_strdup_printf ("frame-%u.png", i);
      write_png (f->dir, name, i == 0 ? 0x406080ff : 0x808040ff);
      f->ids[i] = lw_test_add_image (project, name, IMAGE_W, IMAGE_H);
    }
  lw_project_close (project);
  f->window = lw_gui_test_open_window (f->path);
  f->canvas = lw_window_get_canvas (f->window);
  lw_window_show_item (f->window, f->ids[0]);
  lw_gui_test_spin_until (texture_loaded, f->canvas);
  gtk_widget_grab_focus (GTK_WIDGET (f->canvas));
  lw_gui_test_spin ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lw_gui_test_close_window (f->window);
  lw_test_tmpdir_free (f->dir);
  g_free (f->path);
}

/* The annotations of @item as stored, read through a connection of their own. */
static GPtrArray *
stored (Fixture *f, gint64 item)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (f->path, LW_PROJECT_OPEN_READ_ONLY, &error);
  GPtrArray *annotations;

  g_assert_no_error (error);
  annotations = lw_project_list_annotations (project, item, 0, &error);
  g_assert_no_error (error);
  return annotations;
}

static LwAnnotation *
only (GPtrArray *annotations, LwAnnotationKind kind)
{
  LwAnnotation *found = NULL;

  for (guint i = 0; i < annotations->len; i++)
    if (((LwAnnotation *) annotations->pdata[i])->kind == kind)
      {
        g_assert_null (found);
        found = annotations->pdata[i];
      }
  g_assert_nonnull (found);
  return found;
}

static gint64
class_id (Fixture *f, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (f->path, LW_PROJECT_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return lw_test_class_id (project, name);
}

/* Image pixels to the canvas's widget coordinates, once a pending layout is done: a shape
 * drawn before may show its attributes beside the canvas, which then moves and zooms. On a
 * loaded machine (CI) the click otherwise went where the canvas had been. */
static void
at (Fixture *f, double ix, double iy, double *wx, double *wy)
{
  lw_gui_test_wait_frames (GTK_WIDGET (f->canvas));
  lw_canvas_image_to_widget (f->canvas, ix, iy, wx, wy);
}

static void
click_image (Fixture *f, double ix, double iy)
{
  double x, y;

  at (f, ix, iy, &x, &y);
  lw_gui_input_click (GTK_WIDGET (f->canvas), x, y);
}

static void
drag_image (Fixture *f, double ix0, double iy0, double ix1, double iy1)
{
  double x0, y0, x1, y1;

  at (f, ix0, iy0, &x0, &y0);
  at (f, ix1, iy1, &x1, &y1);
  lw_gui_input_drag (GTK_WIDGET (f->canvas), 1, x0, y0, x1, y1);
}

/* Pointer positions are whole screen pixels: a drawn point is within half of one, a moved
 * shape (drawn, then dragged from one pixel to another) within one and a half. */
#define ASSERT_NEAR(f, value, expected) \
  g_assert_cmpfloat_with_epsilon ((value), (expected), 1.5 / lw_canvas_get_zoom ((f)->canvas) + 0.01)

static gboolean
skip_without_input (void)
{
  if (lw_gui_input_available ())
    return FALSE;
  g_test_skip ("no XTest on this display");
  return TRUE;
}

/* Shift+B, a drag: a box of the first class that allows boxes, where the drag went. A class
 * key relabels it; one that cannot be a box leaves it; undo and redo walk the history. */
static void
test_box (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) after_draw = NULL;
  g_autoptr(GPtrArray) relabelled = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) undone = NULL;
  g_autoptr(GPtrArray) redone = NULL;
  LwAnnotation *box;

  if (skip_without_input ())
    return;
  lw_gui_input_key (GDK_KEY_B, GDK_SHIFT_MASK);
  g_assert_cmpint (lw_canvas_get_tool (f->canvas), ==, LW_TOOL_BBOX);
  drag_image (f, 50, 60, 150, 130);

  after_draw = stored (f, f->ids[0]);
  g_assert_cmpuint (after_draw->len, ==, 1);
  box = only (after_draw, LW_ANNOTATION_BBOX);
  g_assert_cmpint (box->class_id, ==, class_id (f, "car"));
  ASSERT_NEAR (f, lw_annotation_value (box, 0), 50);
  ASSERT_NEAR (f, lw_annotation_value (box, 1), 60);
  ASSERT_NEAR (f, lw_annotation_value (box, 2), 100);
  ASSERT_NEAR (f, lw_annotation_value (box, 3), 70);
  g_assert_cmpint (lw_canvas_get_selected (f->canvas), ==, box->id);

  /* "3" is bus: the selected box becomes a bus. */
  lw_gui_input_key (GDK_KEY_3, 0);
  relabelled = stored (f, f->ids[0]);
  g_assert_cmpint (only (relabelled, LW_ANNOTATION_BBOX)->class_id, ==, class_id (f, "bus"));

  /* "0" is lane line, which is drawn as lines only: nothing changes. */
  lw_gui_input_key (GDK_KEY_0, 0);
  refused = stored (f, f->ids[0]);
  g_assert_cmpint (only (refused, LW_ANNOTATION_BBOX)->class_id, ==, class_id (f, "bus"));

  lw_gui_input_key (GDK_KEY_z, GDK_CONTROL_MASK);
  undone = stored (f, f->ids[0]);
  g_assert_cmpint (only (undone, LW_ANNOTATION_BBOX)->class_id, ==, class_id (f, "car"));
  lw_gui_input_key (GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  redone = stored (f, f->ids[0]);
  g_assert_cmpint (only (redone, LW_ANNOTATION_BBOX)->class_id, ==, class_id (f, "bus"));
}

/* With the select tool: drag a box's body to move it, its corner to resize it, arrows nudge
 * it, Delete removes it; each edit is one stored step. */
static void
test_edit (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(GPtrArray) resized = NULL;
  g_autoptr(GPtrArray) nudged = NULL;
  g_autoptr(GPtrArray) deleted = NULL;
  LwAnnotation *box;

  if (skip_without_input ())
    return;
  lw_gui_input_key (GDK_KEY_B, GDK_SHIFT_MASK);
  drag_image (f, 100, 100, 200, 160);
  lw_gui_input_key (GDK_KEY_V, GDK_SHIFT_MASK);
  g_assert_cmpint (lw_canvas_get_tool (f->canvas), ==, LW_TOOL_SELECT);
  lw_gui_input_key (GDK_KEY_Escape, 0);
  g_assert_cmpint (lw_canvas_get_selected (f->canvas), ==, 0);

  /* Drag from inside: the click selects and the drag moves by (+30, +20). */
  drag_image (f, 150, 130, 180, 150);
  moved = stored (f, f->ids[0]);
  box = only (moved, LW_ANNOTATION_BBOX);
  ASSERT_NEAR (f, lw_annotation_value (box, 0), 130);
  ASSERT_NEAR (f, lw_annotation_value (box, 1), 120);
  ASSERT_NEAR (f, lw_annotation_value (box, 2), 100);
  g_assert_cmpint (lw_canvas_get_selected (f->canvas), ==, box->id);

  /* The bottom-right corner handle, from (230, 180) to (250, 220). */
  drag_image (f, 230, 180, 250, 220);
  resized = stored (f, f->ids[0]);
  box = only (resized, LW_ANNOTATION_BBOX);
  ASSERT_NEAR (f, lw_annotation_value (box, 0), 130);
  ASSERT_NEAR (f, lw_annotation_value (box, 2), 120);
  ASSERT_NEAR (f, lw_annotation_value (box, 3), 100);

  lw_gui_input_key (GDK_KEY_Right, GDK_SHIFT_MASK);
  nudged = stored (f, f->ids[0]);
  g_assert_cmpfloat_with_epsilon (lw_annotation_value (only (nudged, LW_ANNOTATION_BBOX), 0),
                                  lw_annotation_value (box, 0) + 10, 1e-9);

  lw_gui_input_key (GDK_KEY_Delete, 0);
  deleted = stored (f, f->ids[0]);
  g_assert_cmpuint (deleted->len, ==, 0);
}

/* A polygon of four clicks ended by Return, a line of three ended by a double-click, and an
 * Alt+click that removes a polygon vertex. */
static void
test_polygon_and_line (Fixture *f, gconstpointer data)
{
  static const double poly[] = { 40, 40, 140, 50, 150, 150, 50, 140 };
  g_autoptr(GPtrArray) drawn = NULL;
  g_autoptr(GPtrArray) trimmed = NULL;
  LwAnnotation *polygon, *line;

  if (skip_without_input ())
    return;
  lw_gui_input_key (GDK_KEY_G, GDK_SHIFT_MASK);
  for (guint i = 0; i < G_N_ELEMENTS (poly); i += 2)
    click_image (f, poly[i], poly[i + 1]);
  g_assert_nonnull (strstr (lw_canvas_get_hint (f->canvas), "Return"));
  lw_gui_input_key (GDK_KEY_Return, 0);

  /* The new polygon is selected, so that a class key relabels it; Escape drops the selection,
   * and then "0" picks lane line for what comes next, and the line tool with it. */
  g_assert_cmpint (lw_canvas_get_selected (f->canvas), !=, 0);
  lw_gui_input_key (GDK_KEY_Escape, 0);
  lw_gui_input_key (GDK_KEY_0, 0);
  g_assert_cmpint (lw_canvas_get_tool (f->canvas), ==, LW_TOOL_POLYLINE);
  click_image (f, 200, 250);
  click_image (f, 250, 150);
  click_image (f, 300, 60);
  click_image (f, 300, 60);

  drawn = stored (f, f->ids[0]);
  g_assert_cmpuint (drawn->len, ==, 2);
  polygon = only (drawn, LW_ANNOTATION_POLYGON);
  g_assert_cmpint (polygon->class_id, ==, class_id (f, "car"));
  g_assert_cmpuint (lw_annotation_n_values (polygon), ==, G_N_ELEMENTS (poly));
  for (guint i = 0; i < G_N_ELEMENTS (poly); i++)
    ASSERT_NEAR (f, lw_annotation_value (polygon, i), poly[i]);
  line = only (drawn, LW_ANNOTATION_POLYLINE);
  g_assert_cmpint (line->class_id, ==, class_id (f, "lane line"));
  g_assert_cmpuint (lw_annotation_n_values (line), ==, 6);
  ASSERT_NEAR (f, lw_annotation_value (line, 4), 300);

  /* Select the polygon and Alt+click its third vertex away. */
  lw_gui_input_key (GDK_KEY_V, GDK_SHIFT_MASK);
  lw_canvas_select (f->canvas, polygon->id);
  {
    double x, y;
    at (f, poly[4], poly[5], &x, &y);
    lw_gui_input_click_with (GTK_WIDGET (f->canvas), x, y, GDK_ALT_MASK);
  }
  trimmed = stored (f, f->ids[0]);
  g_assert_cmpuint (lw_annotation_n_values (only (trimmed, LW_ANNOTATION_POLYGON)), ==, 6);
}

/* Tags by hotkey: "c" (clear) switches on, "r" (rain) replaces it in the weather group. */
static void
test_tags (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) clear = NULL;
  g_autoptr(GPtrArray) rain = NULL;

  if (skip_without_input ())
    return;
  lw_gui_input_key (GDK_KEY_c, 0);
  clear = stored (f, f->ids[0]);
  g_assert_cmpint (only (clear, LW_ANNOTATION_TAG)->class_id, ==, class_id (f, "clear"));
  lw_gui_input_key (GDK_KEY_r, 0);
  rain = stored (f, f->ids[0]);
  g_assert_cmpint (only (rain, LW_ANNOTATION_TAG)->class_id, ==, class_id (f, "rain"));
}

/* Predictions: Shift+A accepts the shown ones, which become manual annotations; Ctrl+C copies
 * the item's shapes and Ctrl+V on the next item (Page Down) pastes them. */
static void
test_predictions_and_paste (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) accepted = NULL;
  g_autoptr(GPtrArray) pasted = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_input ())
    return;
  {
    LwProject *project = lw_window_get_project (f->window);
    g_autoptr(LwAnnotation) ann = lw_annotation_new (f->ids[0], class_id (f, "truck"), LW_ANNOTATION_BBOX);
    g_autoptr(LwAnnotation) low = lw_annotation_new (f->ids[0], class_id (f, "truck"), LW_ANNOTATION_BBOX);

    lw_annotation_set_geometry (ann, (double[]) { 10, 10, 50, 40 }, 4);
    ann->source = LW_SOURCE_PREDICTION;
    ann->score = 0.9;
    g_assert_true (lw_project_add_annotation (project, ann, &error));
    lw_annotation_set_geometry (low, (double[]) { 200, 10, 50, 40 }, 4);
    low->source = LW_SOURCE_PREDICTION;
    low->score = 0.1;
    g_assert_true (lw_project_add_annotation (project, low, &error));
    g_assert_no_error (error);
  }
  lw_gui_test_spin ();
  /* A wrong one is rejected first: selected, Shift+X. */
  {
    LwProject *project = lw_window_get_project (f->window);
    g_autoptr(LwAnnotation) wrong = lw_annotation_new (f->ids[0], class_id (f, "bus"), LW_ANNOTATION_BBOX);
    g_autoptr(GPtrArray) after_reject = NULL;

    lw_annotation_set_geometry (wrong, (double[]) { 100, 100, 50, 40 }, 4);
    wrong->source = LW_SOURCE_PREDICTION;
    wrong->score = 0.7;
    g_assert_true (lw_project_add_annotation (project, wrong, &error));
    lw_gui_test_spin ();
    lw_canvas_select (f->canvas, wrong->id);
    lw_gui_input_key (GDK_KEY_X, GDK_SHIFT_MASK);
    after_reject = stored (f, f->ids[0]);
    g_assert_cmpuint (after_reject->len, ==, 2);
    for (guint i = 0; i < after_reject->len; i++)
      g_assert_cmpint (((LwAnnotation *) after_reject->pdata[i])->id, !=, wrong->id);
  }
  lw_gui_input_key (GDK_KEY_A, GDK_SHIFT_MASK);
  accepted = stored (f, f->ids[0]);
  g_assert_cmpuint (accepted->len, ==, 2);
  for (guint i = 0; i < accepted->len; i++)
    {
      LwAnnotation *ann = accepted->pdata[i];
      /* Below the threshold (0.5) stays a prediction. */
      g_assert_cmpint (ann->source, ==, ann->score > 0.5 ? LW_SOURCE_MANUAL : LW_SOURCE_PREDICTION);
    }

  lw_gui_input_key (GDK_KEY_c, GDK_CONTROL_MASK);
  lw_gui_input_key (GDK_KEY_Page_Down, 0);
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, f->ids[1]);
  /* The next image was decoded ahead. */
  g_assert_true (lw_canvas_has_texture (f->canvas));
  gtk_widget_grab_focus (GTK_WIDGET (f->canvas));
  lw_gui_input_key (GDK_KEY_v, GDK_CONTROL_MASK);
  pasted = stored (f, f->ids[1]);
  g_assert_cmpuint (pasted->len, ==, 1);
  g_assert_cmpint (only (pasted, LW_ANNOTATION_BBOX)->source, ==, LW_SOURCE_MANUAL);
  ASSERT_NEAR (f, lw_annotation_value (pasted->pdata[0], 0), 10);
}

/* Sequences: Ctrl+Shift+V copies the previous item's shapes (not its tags or predictions) in
 * one undo step; Alt+N goes to the next item with nothing labelled. */
static void
test_sequence (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LwProject *project = lw_window_get_project (f->window);
  g_autoptr(GPtrArray) copied = NULL;
  g_autoptr(GPtrArray) undone = NULL;
  gboolean on;

  if (skip_without_input ())
    return;
  lw_gui_input_key (GDK_KEY_B, GDK_SHIFT_MASK);
  drag_image (f, 10, 10, 60, 50);
  drag_image (f, 100, 100, 180, 160);
  g_assert_true (lw_project_toggle_tag (project, f->ids[0], class_id (f, "fog"), &on, &error));
  {
    g_autoptr(LwAnnotation) guess = lw_annotation_new (f->ids[0], class_id (f, "truck"), LW_ANNOTATION_BBOX);
    lw_annotation_set_geometry (guess, (double[]) { 200, 10, 50, 40 }, 4);
    guess->source = LW_SOURCE_PREDICTION;
    guess->score = 0.9;
    g_assert_true (lw_project_add_annotation (project, guess, &error));
  }
  g_assert_true (lw_project_set_item_status (project, f->ids[0], LW_ITEM_STATUS_DONE, &error));
  g_assert_no_error (error);
  lw_gui_test_spin ();

  /* Alt+N: item 1 is the only new one. */
  lw_gui_input_key (GDK_KEY_n, GDK_ALT_MASK);
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, f->ids[1]);
  lw_gui_test_spin_until (texture_loaded, f->canvas);

  lw_gui_input_key (GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  copied = stored (f, f->ids[1]);
  g_assert_cmpuint (copied->len, ==, 2);
  for (guint i = 0; i < copied->len; i++)
    {
      LwAnnotation *ann = copied->pdata[i];
      g_assert_cmpint (ann->kind, ==, LW_ANNOTATION_BBOX);
      g_assert_cmpint (ann->source, ==, LW_SOURCE_MANUAL);
    }
  ASSERT_NEAR (f, lw_annotation_value (copied->pdata[0], 2), 50);
  lw_gui_input_key (GDK_KEY_z, GDK_CONTROL_MASK);
  undone = stored (f, f->ids[1]);
  g_assert_cmpuint (undone->len, ==, 0);
}

/* Zoom: "+" zooms about the centre; Ctrl+0 fits the image again. */
static void
test_zoom (Fixture *f, gconstpointer data)
{
  double fit = lw_canvas_get_zoom (f->canvas);
  double x, y, ix, iy;

  if (skip_without_input ())
    return;
  g_assert_true (lw_canvas_get_fit (f->canvas));
  lw_gui_input_key (GDK_KEY_plus, GDK_SHIFT_MASK);
  g_assert_cmpfloat_with_epsilon (lw_canvas_get_zoom (f->canvas), fit * 1.25, 1e-9);
  g_assert_false (lw_canvas_get_fit (f->canvas));
  /* The centre of the view shows the same image point as before. */
  x = gtk_widget_get_width (GTK_WIDGET (f->canvas)) / 2.0;
  y = gtk_widget_get_height (GTK_WIDGET (f->canvas)) / 2.0;
  lw_canvas_widget_to_image (f->canvas, x, y, &ix, &iy);
  g_assert_cmpfloat_with_epsilon (ix, IMAGE_W / 2.0, 2.0);
  g_assert_cmpfloat_with_epsilon (iy, IMAGE_H / 2.0, 2.0);
  lw_gui_input_key (GDK_KEY_0, GDK_CONTROL_MASK);
  g_assert_true (lw_canvas_get_fit (f->canvas));
  g_assert_cmpfloat_with_epsilon (lw_canvas_get_zoom (f->canvas), fit, 1e-9);

  /* The crosshair follows the preference. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    gboolean on = TRUE;

    g_settings_set_boolean (settings, "show-crosshair", FALSE);
    g_object_get (f->canvas, "show-crosshair", &on, NULL);
    g_assert_false (on);
    g_settings_reset (settings, "show-crosshair");
    g_object_get (f->canvas, "show-crosshair", &on, NULL);
    g_assert_true (on);
  }
}

/* Keypoints follow the class's names: three clicks, Return, and the other fourteen of the
 * pedestrian's seventeen points are stored as not labelled. */
static void
test_keypoints (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) drawn = NULL;
  LwAnnotation *person;

  if (skip_without_input ())
    return;
  lw_gui_input_key (GDK_KEY_6, 0);
  lw_gui_input_key (GDK_KEY_K, GDK_SHIFT_MASK);
  g_assert_cmpint (lw_canvas_get_tool (f->canvas), ==, LW_TOOL_KEYPOINTS);
  g_assert_nonnull (strstr (lw_canvas_get_hint (f->canvas), "nose"));
  click_image (f, 100, 50);
  g_assert_nonnull (strstr (lw_canvas_get_hint (f->canvas), "left_eye"));
  click_image (f, 95, 45);
  click_image (f, 105, 45);
  lw_gui_input_key (GDK_KEY_Return, 0);

  drawn = stored (f, f->ids[0]);
  person = only (drawn, LW_ANNOTATION_KEYPOINTS);
  g_assert_cmpint (person->class_id, ==, class_id (f, "pedestrian"));
  g_assert_cmpuint (lw_annotation_n_values (person), ==, 17 * 3);
  ASSERT_NEAR (f, lw_annotation_value (person, 0), 100);
  g_assert_cmpfloat (lw_annotation_value (person, 2), ==, 2);
  g_assert_cmpfloat (lw_annotation_value (person, 8), ==, 2);
  g_assert_cmpfloat (lw_annotation_value (person, 11), ==, 0);
}

/* Industrial: "a" (part) draws rotated boxes, "r" (reference point) places points. */
static void
test_rotated_box_and_point (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) drawn = NULL;
  LwAnnotation *part, *point;

  if (skip_without_input ())
    return;
  lw_gui_input_key (GDK_KEY_a, 0);
  g_assert_cmpint (lw_canvas_get_tool (f->canvas), ==, LW_TOOL_RBOX);
  drag_image (f, 100, 100, 200, 150);
  lw_gui_input_key (GDK_KEY_Escape, 0);
  lw_gui_input_key (GDK_KEY_r, 0);
  g_assert_cmpint (lw_canvas_get_tool (f->canvas), ==, LW_TOOL_POINT);
  click_image (f, 300, 200);

  drawn = stored (f, f->ids[0]);
  part = only (drawn, LW_ANNOTATION_RBOX);
  g_assert_cmpint (part->class_id, ==, class_id (f, "part"));
  ASSERT_NEAR (f, lw_annotation_value (part, 0), 150);
  ASSERT_NEAR (f, lw_annotation_value (part, 1), 125);
  ASSERT_NEAR (f, lw_annotation_value (part, 2), 100);
  ASSERT_NEAR (f, lw_annotation_value (part, 3), 50);
  g_assert_cmpfloat (lw_annotation_value (part, 4), ==, 0);
  point = only (drawn, LW_ANNOTATION_POINT);
  g_assert_cmpint (point->class_id, ==, class_id (f, "reference point"));
  ASSERT_NEAR (f, lw_annotation_value (point, 0), 300);
  ASSERT_NEAR (f, lw_annotation_value (point, 1), 200);
}

static GtkWidget *
find_descendant (GtkWidget *widget, GType type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (child, type) ? child : find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The attributes panel shows the selected car's "occluded" check and its state; toggling it
 * stores it, and the field stays the same widget (the panel is not rebuilt under the hand). */
static void
test_attributes (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) drawn = NULL;
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (f->canvas), g_type_from_name ("LwImagePage"));
  LwAttributeEditor *editor;
  GtkWidget *check;

  if (skip_without_input ())
    return;
  lw_gui_input_key (GDK_KEY_B, GDK_SHIFT_MASK);
  drag_image (f, 20, 20, 80, 80);
  editor = LW_ATTRIBUTE_EDITOR (find_descendant (page, LW_TYPE_ATTRIBUTE_EDITOR));
  g_assert_cmpint (lw_attribute_editor_get_annotation (editor), ==, lw_canvas_get_selected (f->canvas));
  check = lw_attribute_editor_get_field (editor, "occluded");
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  g_assert_true (gtk_widget_get_mapped (check));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  lw_gui_test_spin ();
  drawn = stored (f, f->ids[0]);
  g_assert_nonnull (strstr (only (drawn, LW_ANNOTATION_BBOX)->attributes, "\"occluded\":true"));
  g_assert_true (lw_attribute_editor_get_field (editor, "occluded") == check);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  /* Nothing selected: no attributes. */
  lw_gui_input_key (GDK_KEY_Escape, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (editor)));
}

/* A hidden class is neither drawn nor picked: Tab and clicks pass over its shapes. */
static void
test_hidden_classes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LwProject *project = lw_window_get_project (f->window);
  g_autoptr(LwAnnotation) car = lw_annotation_new (f->ids[0], class_id (f, "car"), LW_ANNOTATION_BBOX);
  g_autoptr(LwAnnotation) bus = lw_annotation_new (f->ids[0], class_id (f, "bus"), LW_ANNOTATION_BBOX);

  if (skip_without_input ())
    return;
  lw_annotation_set_geometry (car, (double[]) { 20, 20, 100, 80 }, 4);
  lw_annotation_set_geometry (bus, (double[]) { 200, 150, 100, 80 }, 4);
  g_assert_true (lw_project_add_annotation (project, car, &error));
  g_assert_true (lw_project_add_annotation (project, bus, &error));
  g_assert_no_error (error);
  lw_gui_test_spin ();

  lw_canvas_set_class_hidden (f->canvas, car->class_id, TRUE);
  g_assert_true (lw_canvas_get_class_hidden (f->canvas, car->class_id));
  lw_gui_input_key (GDK_KEY_Tab, 0);
  g_assert_cmpint (lw_canvas_get_selected (f->canvas), ==, bus->id);
  lw_gui_input_key (GDK_KEY_Tab, 0);
  g_assert_cmpint (lw_canvas_get_selected (f->canvas), ==, bus->id);
  click_image (f, 70, 60);
  g_assert_cmpint (lw_canvas_get_selected (f->canvas), ==, 0);

  lw_canvas_set_class_hidden (f->canvas, car->class_id, FALSE);
  click_image (f, 70, 60);
  g_assert_cmpint (lw_canvas_get_selected (f->canvas), ==, car->id);
}

/* Review by layer: with two annotators the toolbar offers whose shapes to show; choosing bob
 * leaves only his box to draw and select, and "All annotators" brings alice's back. */
static void
test_layers (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LwProject *project = lw_window_get_project (f->window);
  const double box_a[] = { 20, 20, 60, 50 }, box_b[] = { 200, 100, 60, 50 };
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (f->canvas), g_type_from_name ("LwImagePage"));
  GtkDropDown *layers;
  gint64 alice, bob, a, b;
  GListModel *rows;

  alice = lw_project_ensure_annotator (project, "alice", &error);
  bob = lw_project_ensure_annotator (project, "bob", &error);
  g_assert_no_error (error);
  a = lw_test_add_annotation (project, alice, f->ids[0], "car", LW_ANNOTATION_BBOX, box_a, 4);
  b = lw_test_add_annotation (project, bob, f->ids[0], "car", LW_ANNOTATION_BBOX, box_b, 4);
  lw_gui_test_spin ();

  layers = GTK_DROP_DOWN (find_descendant (page, GTK_TYPE_DROP_DOWN));
  g_assert_nonnull (layers);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (layers))));
  rows = gtk_drop_down_get_model (layers);
  g_assert_cmpuint (g_list_model_get_n_items (rows), >=, 3);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkStringObject) row = g_list_model_get_item (rows, i);
      if (g_str_equal (gtk_string_object_get_string (row), "bob"))
        gtk_drop_down_set_selected (layers, i);
    }
  lw_gui_test_spin ();
  g_assert_cmpint (lw_canvas_get_layer (f->canvas), ==, bob);
  lw_canvas_select_next (f->canvas, FALSE);
  g_assert_cmpint (lw_canvas_get_selected (f->canvas), ==, b);
  lw_canvas_select_next (f->canvas, FALSE);
  g_assert_cmpint (lw_canvas_get_selected (f->canvas), ==, b);

  gtk_drop_down_set_selected (layers, 0);
  lw_gui_test_spin ();
  g_assert_cmpint (lw_canvas_get_layer (f->canvas), ==, 0);
  lw_canvas_select_next (f->canvas, FALSE);
  g_assert_cmpint (lw_canvas_get_selected (f->canvas), ==, a);
}

/* The canvas as the window's renderer draws it, as 8-bit pixels. */
static guchar *
render (Fixture *f, gsize *size)
{
  GtkWidget *widget = GTK_WIDGET (f->canvas);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guchar *pixels;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  *size = (gsize) w * h * 4;
  pixels = g_malloc (*size);
  gdk_texture_download (texture, pixels, (gsize) w * 4);
  return pixels;
}

/* After an edit or a new selection only the changed shapes are drawn again: the pixels must be
 * those of drawing everything again. Overlapping boxes and polygons, labels included. */
static void
test_partial_redraw (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LwProject *project = lw_window_get_project (f->window);
  gint64 first = 0, last = 0;
  static const char *const names[] = { "car", "bus", "truck", "drivable area" };

  for (int i = 0; i < 24; i++)
    {
      const char *name = names[i % G_N_ELEMENTS (names)];
      gboolean polygon = i % G_N_ELEMENTS (names) == 3;
      g_autoptr(LwAnnotation) ann = lw_annotation_new (f->ids[0], class_id (f, name),
                                                       polygon ? LW_ANNOTATION_POLYGON : LW_ANNOTATION_BBOX);
      double x = 15 + (i * 37) % 300, y = 10 + (i * 53) % 220;

      if (polygon)
        lw_annotation_set_geometry (ann, (double[]) { x, y, x + 60, y + 10, x + 30, y + 50 }, 6);
      else
        lw_annotation_set_geometry (ann, (double[]) { x, y, 70, 45 }, 4);
      g_assert_true (lw_project_add_annotation (project, ann, &error));
      if (first == 0)
        first = ann->id;
      last = ann->id;
    }
  g_assert_no_error (error);
  lw_gui_test_spin ();

  for (int step = 0; step < 3; step++)
    {
      g_autofree guchar *partial = NULL;
      g_autofree guchar *full = NULL;
      gsize n, m;

      render (f, &n);   /* the layer as it is */
      if (step == 0)
        {
          /* Move one box under others. */
          g_autoptr(LwAnnotation) ann = lw_project_get_annotation (project, first + 5, &error);
          lw_annotation_set_geometry (ann, (double[]) { 120, 90, 90, 60 }, 4);
          g_assert_true (lw_project_update_annotation (project, ann, &error));
        }
      else if (step == 1)
        lw_canvas_select (f->canvas, first + 9);
      else
        g_assert_true (lw_project_delete_annotation (project, last, &error));
      g_assert_no_error (error);
      lw_gui_test_spin ();
      partial = render (f, &n);
      g_object_set (f->canvas, "fill-opacity", 0.25, NULL);   /* draws every shape again */
      full = render (f, &m);
      g_assert_cmpuint (n, ==, m);
      g_assert_true (memcmp (partial, full, n) == 0);
    }
}

static gboolean
settled (gpointer data)
{
  return !lw_canvas_shapes_pending (data);
}

/* Zooming, a layer that is slow to draw (every layer, for this test) is shown scaled until the
 * view stops for a moment; then it is drawn again and the pixels are those of a full redraw. */
static void
test_zoom_settles (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LwProject *project = lw_window_get_project (f->window);
  g_autofree guchar *settled_pixels = NULL;
  g_autofree guchar *full = NULL;
  gsize n, m;

  for (int i = 0; i < 6; i++)
    {
      g_autoptr(LwAnnotation) ann = lw_annotation_new (f->ids[0], class_id (f, "car"), LW_ANNOTATION_BBOX);
      lw_annotation_set_geometry (ann, (double[]) { 20 + i * 50, 30 + i * 30, 60, 40 }, 4);
      g_assert_true (lw_project_add_annotation (project, ann, &error));
    }
  g_assert_no_error (error);
  lw_gui_test_spin ();
  f->canvas->expensive_us = -1;
  g_free (render (f, &n));
  lw_canvas_zoom_by (f->canvas, 1.5, 100, 100);
  g_free (render (f, &n));
  g_assert_cmpuint (f->canvas->settle_id, !=, 0);   /* shown scaled, redrawn later */
  g_assert_true (lw_canvas_shapes_pending (f->canvas));
  lw_gui_test_spin_until (settled, f->canvas);
  settled_pixels = render (f, &n);
  g_object_set (f->canvas, "fill-opacity", 0.25, NULL);
  full = render (f, &m);
  g_assert_cmpuint (n, ==, m);
  g_assert_true (memcmp (settled_pixels, full, n) == 0);
}

static gboolean
shown_and_settled (gpointer data)
{
  return lw_canvas_has_texture (data) && !lw_canvas_shapes_pending (data);
}

/* A layer slower to draw than a frame (every layer, for this test) is drawn on a worker: after
 * a change the old one stays shown until then, an image that was not decoded ahead gets its
 * shapes drawn while it decodes, and either way the pixels end up those of drawing on the
 * main thread. */
static void
test_worker_layers (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LwProject *project = lw_window_get_project (f->window);
  g_autofree guchar *before = NULL, *meanwhile = NULL, *after = NULL, *reference = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(LwItem) item = NULL;
  g_autofree char *other = NULL;
  gsize n, m;

  for (int i = 0; i < 9; i++)
    {
      gboolean polygon = i % 3 == 2;
      g_autoptr(LwAnnotation) ann = lw_annotation_new (f->ids[0], class_id (f, i % 2 ? "car" : "bus"),
                                                       polygon ? LW_ANNOTATION_POLYGON : LW_ANNOTATION_BBOX);
      double x = 20 + i * 35, y = 15 + (i * 47) % 200;

      if (polygon)
        lw_annotation_set_geometry (ann, (double[]) { x, y, x + 70, y + 20, x + 25, y + 60 }, 6);
      else
        lw_annotation_set_geometry (ann, (double[]) { x, y, 60, 40 }, 4);
      g_assert_true (lw_project_add_annotation (project, ann, &error));
    }
  g_assert_no_error (error);
  lw_gui_test_spin ();
  f->canvas->expensive_us = -1;
  g_object_set (f->canvas, "fill-opacity", 0.25, NULL);
  lw_gui_test_spin_until (settled, f->canvas);
  before = render (f, &n);

  g_object_set (f->canvas, "fill-opacity", 0.7, NULL);
  meanwhile = render (f, &m);
  g_assert_true (lw_canvas_shapes_pending (f->canvas));
  g_assert_cmpuint (n, ==, m);
  g_assert_true (memcmp (before, meanwhile, n) == 0);   /* the old layer, as it was */
  lw_gui_test_spin_until (settled, f->canvas);
  after = render (f, &m);
  g_assert_false (memcmp (before, after, n) == 0);
  f->canvas->expensive_us = G_MAXINT64;
  g_object_set (f->canvas, "fill-opacity", 0.7, NULL);   /* now drawn on the main thread */
  g_assert_false (f->canvas->shapes_stale);
  reference = render (f, &m);
  g_assert_true (memcmp (after, reference, n) == 0);
  g_clear_pointer (&after, g_free);
  g_clear_pointer (&reference, g_free);

  /* Another image, not decoded ahead, with the same shapes. */
  f->canvas->expensive_us = -1;
  other = g_build_filename (f->dir, "frame-cold.png", NULL);
  write_png (f->dir, "frame-cold.png", 0x204020ff);
  item = lw_project_get_item (project, f->ids[1], &error);
  g_assert_no_error (error);
  annotations = lw_project_list_annotations (project, f->ids[0], 0, &error);
  g_assert_no_error (error);
  lw_canvas_set_item (f->canvas, item, other, annotations, f->canvas->classes);
  g_assert_false (lw_canvas_has_texture (f->canvas));
  g_assert_true (f->canvas->awaiting);   /* its shapes are being drawn on a worker */
  lw_gui_test_spin_until (shown_and_settled, f->canvas);
  after = render (f, &m);
  g_assert_cmpuint (f->canvas->settle_id, ==, 0);
  f->canvas->expensive_us = G_MAXINT64;
  g_object_set (f->canvas, "fill-opacity", 0.7, NULL);
  reference = render (f, &m);
  g_assert_cmpuint (n, ==, m);
  g_assert_true (memcmp (after, reference, n) == 0);
}

/* Shape geometry without a widget. */
static void
test_shape_geometry (void)
{
  g_autoptr(LwAnnotation) box = lw_annotation_new (1, 1, LW_ANNOTATION_BBOX);
  g_autoptr(LwAnnotation) poly = lw_annotation_new (1, 1, LW_ANNOTATION_POLYGON);
  g_autoptr(LwAnnotation) rbox = lw_annotation_new (1, 1, LW_ANNOTATION_RBOX);
  LwHit hit;
  double x, y;

  lw_annotation_set_geometry (box, (double[]) { 10, 20, 30, 40 }, 4);
  hit = lw_shape_hit (box, 40, 60, 2);
  g_assert_cmpint (hit.kind, ==, LW_HIT_HANDLE);
  g_assert_cmpint (hit.index, ==, 2);
  g_assert_cmpint (lw_shape_hit (box, 25, 40, 2).kind, ==, LW_HIT_BODY);
  g_assert_cmpint (lw_shape_hit (box, 80, 80, 2).kind, ==, LW_HIT_NONE);
  /* Dragging the top-left corner past the bottom-right turns nothing inside out. */
  lw_shape_move_handle (box, 0, 60, 70);
  g_assert_cmpfloat (lw_annotation_value (box, 0), ==, 40);
  g_assert_cmpfloat (lw_annotation_value (box, 1), ==, 60);
  g_assert_cmpfloat (lw_annotation_value (box, 2), ==, 20);
  g_assert_cmpfloat (lw_annotation_value (box, 3), ==, 10);
  lw_shape_clamp (box, 50, 65);
  g_assert_cmpfloat (lw_annotation_value (box, 2), ==, 10);
  g_assert_cmpfloat (lw_annotation_value (box, 3), ==, 5);

  lw_annotation_set_geometry (poly, (double[]) { 0, 0, 100, 0, 100, 100 }, 6);
  hit = lw_shape_hit (poly, 50, 1, 2);
  g_assert_cmpint (hit.kind, ==, LW_HIT_EDGE);
  g_assert_cmpint (hit.index, ==, 0);
  g_assert_cmpint (lw_shape_hit (poly, 70, 30, 2).kind, ==, LW_HIT_BODY);
  g_assert_cmpint (lw_shape_hit (poly, 30, 70, 2).kind, ==, LW_HIT_NONE);
  g_assert_cmpuint (lw_shape_insert_vertex (poly, 0, 50, 0), ==, 1);
  g_assert_cmpuint (lw_annotation_n_values (poly), ==, 8);
  g_assert_true (lw_shape_remove_vertex (poly, 1));
  g_assert_false (lw_shape_remove_vertex (poly, 0));

  /* A rotated box turned a quarter: its top-left corner moves to the top-right. */
  lw_annotation_set_geometry (rbox, (double[]) { 50, 50, 40, 20, G_PI / 2 }, 5);
  g_assert_true (lw_shape_handle_pos (rbox, 0, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, 60, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 30, 1e-9);
  g_assert_cmpint (lw_shape_hit (rbox, 50, 68, 1).kind, ==, LW_HIT_BODY);
  g_assert_cmpint (lw_shape_hit (rbox, 68, 50, 1).kind, ==, LW_HIT_NONE);
  /* The knob turns it back upright. */
  lw_shape_move_handle (rbox, 4, 50, 0);
  g_assert_cmpfloat_with_epsilon (lw_annotation_value (rbox, 4), 0, 1e-9);
}

int
main (int argc, char **argv)
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;
  g_test_add_func ("/canvas/shape/geometry", test_shape_geometry);
  g_test_add ("/canvas/box", Fixture, NULL, fixture_setup, test_box, fixture_teardown);
  g_test_add ("/canvas/edit", Fixture, NULL, fixture_setup, test_edit, fixture_teardown);
  g_test_add ("/canvas/polygon-and-line", Fixture, NULL, fixture_setup, test_polygon_and_line, fixture_teardown);
  g_test_add ("/canvas/tags", Fixture, NULL, fixture_setup, test_tags, fixture_teardown);
  g_test_add ("/canvas/predictions-and-paste", Fixture, NULL, fixture_setup, test_predictions_and_paste,
              fixture_teardown);
  g_test_add ("/canvas/zoom", Fixture, NULL, fixture_setup, test_zoom, fixture_teardown);
  g_test_add ("/canvas/sequence", Fixture, NULL, fixture_setup, test_sequence, fixture_teardown);
  g_test_add ("/canvas/keypoints", Fixture, NULL, fixture_setup, test_keypoints, fixture_teardown);
  g_test_add ("/canvas/rotated-box-and-point", Fixture, "industrial", fixture_setup,
              test_rotated_box_and_point, fixture_teardown);
  g_test_add ("/canvas/hidden-classes", Fixture, NULL, fixture_setup, test_hidden_classes, fixture_teardown);
  g_test_add ("/canvas/layers", Fixture, NULL, fixture_setup, test_layers, fixture_teardown);
  g_test_add ("/canvas/partial-redraw", Fixture, NULL, fixture_setup, test_partial_redraw, fixture_teardown);
  g_test_add ("/canvas/zoom-settles", Fixture, NULL, fixture_setup, test_zoom_settles, fixture_teardown);
  g_test_add ("/canvas/worker-layers", Fixture, NULL, fixture_setup, test_worker_layers, fixture_teardown);
  g_test_add ("/canvas/attributes", Fixture, NULL, fixture_setup, test_attributes, fixture_teardown);
  return lw_gui_test_run ();
}
