/* lw-canvas-input.c: the canvas's tools: pointer gestures that draw and edit shapes, the
 * wheel and pinch that zoom, and the keys that act on the selection */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lw-canvas-private.h"
#include "lw-hotkey.h"

/* Widget pixels: how near a handle or an outline the pointer must be to take it. */
#define GRAB_DISTANCE 7.0
#define MIN_BOX 3.0

static gboolean
report (LwCanvas *self, gboolean ok, GError *error)
{
  if (!ok)
    _lw_canvas_emit_error (self, error);
  g_clear_error (&error);
  return ok;
}

/* The keypoint names of the class new keypoints get. */
static guint
n_keypoints (LwCanvas *self, LwLabelClass **klass_out)
{
  LwLabelClass *klass = _lw_canvas_class_for_kind (self, LW_ANNOTATION_KEYPOINTS);

  if (klass_out != NULL)
    *klass_out = klass;
  return klass && klass->keypoints ? g_strv_length (klass->keypoints) : 0;
}

void
_lw_canvas_update_hint (LwCanvas *self)
{
  g_autofree char *hint = NULL;
  LwLabelClass *klass;

  switch (self->tool)
    {
    case LW_TOOL_SELECT:
      if (self->selected_id != 0)
        hint = g_strdup (_("Drag to move · drag a handle to resize · Delete removes · a class key changes the class"));
      else
        hint = g_strdup (_("Click a shape to select it · Tab walks through shapes · a class key picks the class to draw"));
      break;
    case LW_TOOL_BBOX:
    case LW_TOOL_RBOX:
      hint = g_strdup (_("Drag to draw a box"));
      break;
    case LW_TOOL_POLYGON:
    case LW_TOOL_POLYLINE:
      hint = g_strdup (self->drawing
                       ? _("Click to add points · Return or double-click ends · Backspace removes the last point")
                       : _("Click to place the first point"));
      break;
    case LW_TOOL_POINT:
      hint = g_strdup (_("Click to place a point"));
      break;
    case LW_TOOL_KEYPOINTS:
      {
        guint total = n_keypoints (self, &klass);
        guint placed = self->drawing && self->edit ? lw_annotation_n_values (self->edit) / 3 : 0;

        if (total == 0)
          hint = g_strdup (_("No class with keypoint names"));
        else if (placed < total)
          /* TRANSLATORS: "Click the next point: left wrist (3 of 17) · Return skips the rest" */
          hint = g_strdup_printf (_("Click the next point: %s (%u of %u) · Return skips the rest"),
                                  klass->keypoints[placed], placed + 1, total);
      }
      break;
    case LW_N_TOOLS:
    default:
      break;
    }
  _lw_canvas_set_hint (self, hint);
}

static gboolean
start_shape (LwCanvas *self, LwAnnotationKind kind)
{
  LwLabelClass *klass = _lw_canvas_class_for_kind (self, kind);

  if (klass == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No class of this project can be drawn with the %s tool"),
                   lw_tool_to_string (self->tool));
      _lw_canvas_emit_error (self, error);
      return FALSE;
    }
  g_clear_pointer (&self->edit, lw_annotation_free);
  self->edit = lw_annotation_new (self->item_id, klass->id, kind);
  self->drawing = TRUE;
  return TRUE;
}

static void
append_point (LwAnnotation *ann, double x, double y)
{
  double p[2] = { x, y };
  g_array_append_vals (ann->geometry, p, 2);
}

static gboolean
finish_drawing (LwCanvas *self, GError **error)
{
  g_autoptr(LwAnnotation) ann = g_steal_pointer (&self->edit);
  gboolean ok;

  self->drawing = FALSE;
  self->drag = LW_DRAG_NONE;
  if (ann->kind == LW_ANNOTATION_KEYPOINTS)
    {
      guint total = n_keypoints (self, NULL);
      /* Points not placed are stored as not labelled (v = 0). */
      while (lw_annotation_n_values (ann) / 3 < total)
        {
          double p[3] = { 0, 0, 0 };
          g_array_append_vals (ann->geometry, p, 3);
        }
    }
  ok = _lw_canvas_store_new (self, ann, error);
  _lw_canvas_update_hint (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return ok;
}

gboolean
lw_canvas_finish_shape (LwCanvas *self, GError **error)
{
  guint points;

  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);

  if (!self->drawing || self->edit == NULL || self->drag == LW_DRAG_NEW_BOX)
    return FALSE;
  points = lw_annotation_n_values (self->edit) / (self->edit->kind == LW_ANNOTATION_KEYPOINTS ? 3 : 2);
  if ((self->edit->kind == LW_ANNOTATION_POLYGON && points < 3)
      || (self->edit->kind == LW_ANNOTATION_POLYLINE && points < 2)
      || points == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           self->edit->kind == LW_ANNOTATION_POLYGON
                           ? _("A polygon needs at least 3 points")
                           : _("A line needs at least 2 points"));
      return FALSE;
    }
  return finish_drawing (self, error);
}

gboolean
lw_canvas_cancel (LwCanvas *self)
{
  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);

  if (self->drawing || self->drag != LW_DRAG_NONE)
    {
      g_clear_pointer (&self->edit, lw_annotation_free);
      self->drawing = FALSE;
      self->drag = LW_DRAG_NONE;
      _lw_canvas_update_hint (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return TRUE;
    }
  if (self->selected_id != 0)
    {
      lw_canvas_select (self, 0);
      return TRUE;
    }
  return FALSE;
}

/* The topmost shown shape under (ix, iy), the selection first. */
static LwAnnotation *
pick (LwCanvas *self, double ix, double iy, LwHit *hit_out)
{
  double tolerance = _lw_canvas_tolerance (self, GRAB_DISTANCE);
  LwAnnotation *selected = _lw_canvas_find (self, self->selected_id);
  LwAnnotation *body = NULL;
  LwHit body_hit = { LW_HIT_NONE, -1 };

  if (selected != NULL)
    {
      LwHit hit = lw_shape_hit (selected, ix, iy, tolerance);
      if (hit.kind == LW_HIT_HANDLE || hit.kind == LW_HIT_EDGE)
        {
          *hit_out = hit;
          return selected;
        }
    }
  for (guint i = self->annotations ? self->annotations->len : 0; i > 0; i--)
    {
      LwAnnotation *ann = self->annotations->pdata[i - 1];
      LwHit hit;

      if (ann->kind == LW_ANNOTATION_TAG || ann->kind == LW_ANNOTATION_SPAN || !_lw_canvas_shows (self, ann))
        continue;
      hit = lw_shape_hit (ann, ix, iy, tolerance);
      if (hit.kind == LW_HIT_HANDLE || hit.kind == LW_HIT_EDGE)
        {
          *hit_out = hit;
          return ann;
        }
      /* Outlines and points beat areas: a small box inside a big one stays reachable. */
      if (hit.kind == LW_HIT_BODY && body == NULL)
        body = ann, body_hit = hit;
    }
  *hit_out = body_hit;
  return body;
}

static void
press_select (LwCanvas *self, double ix, double iy, GdkModifierType state)
{
  LwHit hit = { LW_HIT_NONE, -1 };
  LwAnnotation *ann = pick (self, ix, iy, &hit);
  GError *error = NULL;

  if (ann == NULL)
    {
      lw_canvas_select (self, 0);
      return;
    }
  lw_canvas_select (self, ann->id);
  g_clear_pointer (&self->edit, lw_annotation_free);
  self->edit = lw_annotation_copy (ann);

  if (hit.kind == LW_HIT_HANDLE && (state & GDK_ALT_MASK))
    {
      /* Alt+click removes a vertex. */
      if (lw_shape_remove_vertex (self->edit, hit.index))
        report (self, _lw_canvas_store_update (self, self->edit, &error), error);
      else
        gtk_widget_error_bell (GTK_WIDGET (self));
      g_clear_pointer (&self->edit, lw_annotation_free);
      return;
    }
  if (hit.kind == LW_HIT_EDGE && (state & GDK_CONTROL_MASK))
    {
      /* Ctrl+click on an outline adds a vertex there, and drags it. */
      hit.index = (int) lw_shape_insert_vertex (self->edit, hit.index, ix, iy);
      hit.kind = LW_HIT_HANDLE;
    }
  self->drag = hit.kind == LW_HIT_HANDLE ? LW_DRAG_HANDLE : LW_DRAG_MOVE;
  self->drag_handle = hit.index;
  self->drag_x = ix;
  self->drag_y = iy;
}

static gboolean
is_double_click (LwCanvas *self, double ix, double iy)
{
  static gint64 last_time;
  static double last_x, last_y;
  gint64 now = g_get_monotonic_time ();
  int interval = 400;
  gboolean twice;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-double-click-time", &interval, NULL);
  twice = now - last_time < (gint64) interval * 1000
          && hypot (ix - last_x, iy - last_y) <= _lw_canvas_tolerance (self, 4.0);
  last_time = twice ? 0 : now;
  last_x = ix, last_y = iy;
  return twice;
}

static void
press_vertex (LwCanvas *self, double ix, double iy)
{
  GError *error = NULL;
  LwAnnotationKind kind = lw_tool_kind (self->tool);
  gboolean twice = is_double_click (self, ix, iy);

  if (!self->drawing)
    {
      if (!start_shape (self, kind))
        return;
    }
  else if (twice)
    {
      report (self, lw_canvas_finish_shape (self, &error), error);
      return;
    }
  else if (kind == LW_ANNOTATION_POLYGON && lw_annotation_n_values (self->edit) >= 6)
    {
      double fx = lw_annotation_value (self->edit, 0), fy = lw_annotation_value (self->edit, 1);
      /* A click on the first point closes the polygon. */
      if (hypot (ix - fx, iy - fy) <= _lw_canvas_tolerance (self, GRAB_DISTANCE))
        {
          report (self, lw_canvas_finish_shape (self, &error), error);
          return;
        }
    }
  append_point (self->edit, ix, iy);
  _lw_canvas_update_hint (self);
}

static void
press_keypoint (LwCanvas *self, double ix, double iy)
{
  GError *error = NULL;
  guint total = n_keypoints (self, NULL);
  double p[3] = { ix, iy, 2 };

  if (total == 0)
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("No class of this project names keypoints"));
      report (self, FALSE, error);
      return;
    }
  if (!self->drawing && !start_shape (self, LW_ANNOTATION_KEYPOINTS))
    return;
  g_array_append_vals (self->edit->geometry, p, 3);
  if (lw_annotation_n_values (self->edit) / 3 >= total)
    report (self, finish_drawing (self, &error), error);
  else
    _lw_canvas_update_hint (self);
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, LwCanvas *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  double ix, iy;
  GError *error = NULL;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (button == GDK_BUTTON_MIDDLE || (button == GDK_BUTTON_PRIMARY && self->space_down))
    {
      self->drag = LW_DRAG_PAN;
      self->pan_h = gtk_adjustment_get_value (self->hadjustment);
      self->pan_v = gtk_adjustment_get_value (self->vadjustment);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
      return;
    }
  if (button != GDK_BUTTON_PRIMARY)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  lw_canvas_widget_to_image (self, x, y, &ix, &iy);

  /* With a drawing tool, the selection's handles stay grabbable: draw, then adjust. */
  if (self->tool != LW_TOOL_SELECT && !self->drawing && self->selected_id != 0)
    {
      LwAnnotation *selected = _lw_canvas_find (self, self->selected_id);
      LwHit hit = selected ? lw_shape_hit (selected, ix, iy, _lw_canvas_tolerance (self, GRAB_DISTANCE))
                           : (LwHit) { LW_HIT_NONE, -1 };
      if (hit.kind == LW_HIT_HANDLE)
        {
          press_select (self, ix, iy, state);
          return;
        }
    }

  switch (self->tool)
    {
    case LW_TOOL_SELECT:
      press_select (self, ix, iy, state);
      break;
    case LW_TOOL_BBOX:
    case LW_TOOL_RBOX:
      if (!start_shape (self, lw_tool_kind (self->tool)))
        return;
      if (self->tool == LW_TOOL_BBOX)
        lw_shape_set_box (self->edit, ix, iy, ix, iy);
      else
        lw_annotation_set_geometry (self->edit, (double[]) { ix, iy, 0, 0, 0 }, 5);
      self->drag = LW_DRAG_NEW_BOX;
      self->drag_x = ix;
      self->drag_y = iy;
      break;
    case LW_TOOL_POLYGON:
    case LW_TOOL_POLYLINE:
      press_vertex (self, ix, iy);
      break;
    case LW_TOOL_POINT:
      if (start_shape (self, LW_ANNOTATION_POINT))
        {
          append_point (self->edit, ix, iy);
          report (self, finish_drawing (self, &error), error);
        }
      break;
    case LW_TOOL_KEYPOINTS:
      press_keypoint (self, ix, iy);
      break;
    case LW_N_TOOLS:
    default:
      break;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, LwCanvas *self)
{
  double sx, sy, ix, iy;

  if (self->drag == LW_DRAG_NONE)
    return;
  if (self->drag == LW_DRAG_PAN)
    {
      gtk_adjustment_set_value (self->hadjustment, self->pan_h - dx);
      gtk_adjustment_set_value (self->vadjustment, self->pan_v - dy);
      return;
    }
  gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
  self->pointer_x = sx + dx;
  self->pointer_y = sy + dy;
  lw_canvas_widget_to_image (self, sx + dx, sy + dy, &ix, &iy);
  if (self->edit == NULL)
    return;

  switch (self->drag)
    {
    case LW_DRAG_NEW_BOX:
      if (self->edit->kind == LW_ANNOTATION_BBOX)
        lw_shape_set_box (self->edit, self->drag_x, self->drag_y, ix, iy);
      else
        lw_annotation_set_geometry (self->edit, (double[]) {
                                      (self->drag_x + ix) / 2, (self->drag_y + iy) / 2,
                                      fabs (ix - self->drag_x), fabs (iy - self->drag_y), 0 }, 5);
      break;
    case LW_DRAG_MOVE:
      {
        LwAnnotation *stored = _lw_canvas_find (self, self->selected_id);
        if (stored == NULL)
          return;
        g_array_set_size (self->edit->geometry, 0);
        g_array_append_vals (self->edit->geometry, stored->geometry->data, stored->geometry->len);
        lw_shape_translate (self->edit, ix - self->drag_x, iy - self->drag_y);
      }
      break;
    case LW_DRAG_HANDLE:
      lw_shape_move_handle (self->edit, self->drag_handle, ix, iy);
      break;
    case LW_DRAG_PAN:
    case LW_DRAG_NONE:
    default:
      break;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end (GtkGestureDrag *gesture, double dx, double dy, LwCanvas *self)
{
  LwDragMode drag = self->drag;
  GError *error = NULL;

  self->drag = LW_DRAG_NONE;
  if (drag == LW_DRAG_PAN)
    {
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->tool == LW_TOOL_SELECT ? NULL : "crosshair");
      return;
    }
  if (self->edit == NULL)
    return;
  if (drag == LW_DRAG_NEW_BOX)
    {
      /* A click without a drag draws nothing. */
      if (hypot (dx, dy) < MIN_BOX)
        {
          g_clear_pointer (&self->edit, lw_annotation_free);
          self->drawing = FALSE;
        }
      else
        report (self, finish_drawing (self, &error), error);
    }
  else if (drag == LW_DRAG_MOVE || drag == LW_DRAG_HANDLE)
    {
      LwAnnotation *stored = _lw_canvas_find (self, self->selected_id);
      gboolean changed = stored == NULL || stored->geometry->len != self->edit->geometry->len
                         || memcmp (stored->geometry->data, self->edit->geometry->data,
                                    stored->geometry->len * sizeof (double)) != 0;
      /* One undo step per drag, saved when the button goes up. */
      if (changed)
        report (self, _lw_canvas_store_update (self, self->edit, &error), error);
      g_clear_pointer (&self->edit, lw_annotation_free);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, LwCanvas *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  if (self->tool == LW_TOOL_BBOX || self->tool == LW_TOOL_RBOX || self->drawing)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *motion, LwCanvas *self)
{
  self->pointer_inside = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll, double dx, double dy, LwCanvas *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (scroll));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  gboolean smooth = event != NULL && gdk_scroll_event_get_direction (event) == GDK_SCROLL_SMOOTH;

  /* A mouse wheel zooms at the pointer; a touchpad pans, and zooms with Ctrl. */
  if (!smooth || (state & GDK_CONTROL_MASK))
    {
      lw_canvas_zoom_by (self, pow (1.2, -dy), self->pointer_x, self->pointer_y);
      return TRUE;
    }
  gtk_adjustment_set_value (self->hadjustment, gtk_adjustment_get_value (self->hadjustment) + dx * 20);
  gtk_adjustment_set_value (self->vadjustment, gtk_adjustment_get_value (self->vadjustment) + dy * 20);
  return TRUE;
}

static void
on_pinch (GtkGestureZoom *gesture, double scale, LwCanvas *self)
{
  double cx, cy;
  double start = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (gesture), "lw-start")) / 1000.0;

  if (start <= 0 || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    return;
  lw_canvas_zoom_by (self, start * scale / self->zoom, cx, cy);
}

static void
on_pinch_begin (GtkGesture *gesture, GdkEventSequence *sequence, LwCanvas *self)
{
  g_object_set_data (G_OBJECT (gesture), "lw-start", GUINT_TO_POINTER ((guint) (self->zoom * 1000)));
}

static gboolean
on_key_pressed (GtkEventControllerKey *key, guint keyval, guint keycode,
                GdkModifierType state, LwCanvas *self)
{
  GError *error = NULL;
  double step = (state & GDK_SHIFT_MASK) ? 10.0 : 1.0;
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK);

  switch (keyval)
    {
    case GDK_KEY_space:
      if (!self->space_down)
        gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grab");
      self->space_down = TRUE;
      return TRUE;
    case GDK_KEY_Escape:
      return lw_canvas_cancel (self);
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      if (mods != 0 || !self->drawing)
        return FALSE;
      report (self, lw_canvas_finish_shape (self, &error), error);
      return TRUE;
    case GDK_KEY_BackSpace:
      if (self->drawing && self->edit != NULL && self->drag == LW_DRAG_NONE)
        {
          guint stride = self->edit->kind == LW_ANNOTATION_KEYPOINTS ? 3 : 2;
          guint n = lw_annotation_n_values (self->edit);
          if (n > stride)
            g_array_set_size (self->edit->geometry, n - stride);
          else
            lw_canvas_cancel (self);
          _lw_canvas_update_hint (self);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          return TRUE;
        }
      G_GNUC_FALLTHROUGH;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      if (self->selected_id == 0)
        return FALSE;
      report (self, lw_canvas_delete_selected (self, &error), error);
      return TRUE;
    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
      if (self->annotations == NULL || self->annotations->len == 0 || (mods & ~GDK_SHIFT_MASK))
        return FALSE;
      lw_canvas_select_next (self, (state & GDK_SHIFT_MASK) != 0);
      return self->selected_id != 0;
    case GDK_KEY_Left:
    case GDK_KEY_Right:
    case GDK_KEY_Up:
    case GDK_KEY_Down:
      if (self->selected_id == 0 || (mods & ~GDK_SHIFT_MASK))
        return FALSE;
      report (self, lw_canvas_nudge_selected (self,
                                              keyval == GDK_KEY_Left ? -step : keyval == GDK_KEY_Right ? step : 0,
                                              keyval == GDK_KEY_Up ? -step : keyval == GDK_KEY_Down ? step : 0,
                                              &error), error);
      return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      lw_canvas_zoom_by (self, 1.25, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                         gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      lw_canvas_zoom_by (self, 1 / 1.25, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                         gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
      return TRUE;
    default:
      break;
    }

  return lw_canvas_handle_class_key (self, keyval, state);
}

gboolean
lw_canvas_handle_class_key (LwCanvas *self, guint keyval, GdkModifierType state)
{
  GError *error = NULL;
  LwLabelClass *klass;

  g_return_val_if_fail (LW_IS_CANVAS (self), FALSE);

  klass = lw_hotkey_find_class (self->classes, keyval, state);
  if (klass == NULL)
    return FALSE;
  /* Tags belong to the image, shapes to the selection or the next drawing. */
  if (klass->kinds == LW_KIND_BIT (LW_ANNOTATION_TAG))
    {
      if (self->project == NULL || self->item_id <= 0)
        return FALSE;
      report (self, lw_project_toggle_tag (self->project, self->item_id, klass->id, NULL, &error), error);
    }
  else
    report (self, lw_canvas_apply_class (self, klass->id, &error), error);
  return TRUE;
}

static void
on_key_released (GtkEventControllerKey *key, guint keyval, guint keycode,
                 GdkModifierType state, LwCanvas *self)
{
  if (keyval == GDK_KEY_space)
    {
      self->space_down = FALSE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->tool == LW_TOOL_SELECT ? NULL : "crosshair");
    }
}

void
_lw_canvas_init_input (LwCanvas *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *pinch = gtk_gesture_zoom_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkEventController *key = gtk_event_controller_key_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (pinch, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (on_pinch), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  g_signal_connect (key, "key-released", G_CALLBACK (on_key_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
}
