/* lw-canvas-shape.c: the geometry behind editing a shape on the canvas */
#include "config.h"

#include <math.h>

#include "lw-canvas-shape.h"

#define VAL(ann, i) (g_array_index ((ann)->geometry, double, (i)))

static guint
n_values (const LwAnnotation *ann)
{
  return ann->geometry != NULL ? ann->geometry->len : 0;
}

/* Rotated box corner @i (0..3) or knob (4) in image pixels. */
static void
rbox_point (const LwAnnotation *ann, guint i, double *x, double *y)
{
  static const double lx[] = { -0.5, 0.5, 0.5, -0.5, 0.0 };
  static const double ly[] = { -0.5, -0.5, 0.5, 0.5, -0.5 };
  double cx = VAL (ann, 0), cy = VAL (ann, 1), w = VAL (ann, 2), h = VAL (ann, 3);
  double a = VAL (ann, 4);
  double px = lx[i] * w;
  double py = ly[i] * h;

  if (i == 4)
    py -= MAX (h * 0.15, 12.0);
  *x = cx + px * cos (a) - py * sin (a);
  *y = cy + px * sin (a) + py * cos (a);
}

guint
lw_shape_n_handles (const LwAnnotation *ann)
{
  guint n = n_values (ann);

  switch (ann->kind)
    {
    case LW_ANNOTATION_BBOX: return n >= 4 ? 8 : 0;
    case LW_ANNOTATION_RBOX: return n >= 5 ? 5 : 0;
    case LW_ANNOTATION_POLYGON:
    case LW_ANNOTATION_POLYLINE: return n / 2;
    case LW_ANNOTATION_POINT: return n >= 2 ? 1 : 0;
    case LW_ANNOTATION_KEYPOINTS: return n / 3;
    case LW_ANNOTATION_TAG:
    case LW_ANNOTATION_SPAN:
    case LW_ANNOTATION_N_KINDS:
    default: return 0;
    }
}

gboolean
lw_shape_handle_pos (const LwAnnotation *ann, guint handle, double *x, double *y)
{
  if (handle >= lw_shape_n_handles (ann))
    return FALSE;

  switch (ann->kind)
    {
    case LW_ANNOTATION_BBOX:
      {
        double x0 = VAL (ann, 0), y0 = VAL (ann, 1);
        double x1 = x0 + VAL (ann, 2), y1 = y0 + VAL (ann, 3);
        static const double fx[] = { 0, 1, 1, 0, 0.5, 1, 0.5, 0 };
        static const double fy[] = { 0, 0, 1, 1, 0, 0.5, 1, 0.5 };
        *x = x0 + fx[handle] * (x1 - x0);
        *y = y0 + fy[handle] * (y1 - y0);
        return TRUE;
      }
    case LW_ANNOTATION_RBOX:
      rbox_point (ann, handle, x, y);
      return TRUE;
    case LW_ANNOTATION_POLYGON:
    case LW_ANNOTATION_POLYLINE:
    case LW_ANNOTATION_POINT:
      *x = VAL (ann, 2 * handle);
      *y = VAL (ann, 2 * handle + 1);
      return TRUE;
    case LW_ANNOTATION_KEYPOINTS:
      *x = VAL (ann, 3 * handle);
      *y = VAL (ann, 3 * handle + 1);
      return TRUE;
    case LW_ANNOTATION_TAG:
    case LW_ANNOTATION_SPAN:
    case LW_ANNOTATION_N_KINDS:
    default:
      return FALSE;
    }
}

static double
segment_distance (double px, double py, double ax, double ay, double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;

  t = CLAMP (t, 0.0, 1.0);
  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

/* Even-odd rule over the vertices (x, y) with @stride values per vertex. */
static gboolean
inside_polygon (const double *v, guint n_points, guint stride, double x, double y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n_points - 1; i < n_points; j = i++)
    {
      double xi = v[i * stride], yi = v[i * stride + 1];
      double xj = v[j * stride], yj = v[j * stride + 1];

      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        inside = !inside;
    }
  return inside;
}

LwHit
lw_shape_hit (const LwAnnotation *ann, double x, double y, double tolerance)
{
  LwHit hit = { LW_HIT_NONE, -1 };
  guint n = n_values (ann);
  guint handles = lw_shape_n_handles (ann);
  const double *v = n > 0 ? (const double *) ann->geometry->data : NULL;

  for (guint h = 0; h < handles; h++)
    {
      double hx, hy;

      if (ann->kind == LW_ANNOTATION_KEYPOINTS && v[3 * h + 2] <= 0)
        continue;
      if (lw_shape_handle_pos (ann, h, &hx, &hy) && hypot (x - hx, y - hy) <= tolerance)
        return (LwHit) { LW_HIT_HANDLE, (int) h };
    }

  switch (ann->kind)
    {
    case LW_ANNOTATION_BBOX:
      if (n >= 4 && x >= v[0] - tolerance && x <= v[0] + v[2] + tolerance
          && y >= v[1] - tolerance && y <= v[1] + v[3] + tolerance)
        hit.kind = LW_HIT_BODY;
      break;

    case LW_ANNOTATION_RBOX:
      if (n >= 5)
        {
          double dx = x - v[0], dy = y - v[1];
          double lx = dx * cos (v[4]) + dy * sin (v[4]);
          double ly = -dx * sin (v[4]) + dy * cos (v[4]);
          if (fabs (lx) <= v[2] / 2 + tolerance && fabs (ly) <= v[3] / 2 + tolerance)
            hit.kind = LW_HIT_BODY;
        }
      break;

    case LW_ANNOTATION_POLYGON:
    case LW_ANNOTATION_POLYLINE:
      {
        guint points = n / 2;
        guint edges = ann->kind == LW_ANNOTATION_POLYGON ? points : points - 1;

        for (guint i = 0; points >= 2 && i < edges; i++)
          {
            guint j = (i + 1) % points;
            if (segment_distance (x, y, v[2 * i], v[2 * i + 1], v[2 * j], v[2 * j + 1]) <= tolerance)
              return (LwHit) { LW_HIT_EDGE, (int) i };
          }
        if (ann->kind == LW_ANNOTATION_POLYGON && points >= 3 && inside_polygon (v, points, 2, x, y))
          hit.kind = LW_HIT_BODY;
      }
      break;

    case LW_ANNOTATION_KEYPOINTS:
      {
        double bx, by, bw, bh;
        /* Between its points a skeleton is hard to hit: its bounds count. */
        if (lw_annotation_bounds (ann, &bx, &by, &bw, &bh)
            && x >= bx - tolerance && x <= bx + bw + tolerance
            && y >= by - tolerance && y <= by + bh + tolerance)
          hit.kind = LW_HIT_BODY;
      }
      break;

    case LW_ANNOTATION_POINT:
    case LW_ANNOTATION_TAG:
    case LW_ANNOTATION_SPAN:
    case LW_ANNOTATION_N_KINDS:
    default:
      break;
    }
  return hit;
}

void
lw_shape_translate (LwAnnotation *ann, double dx, double dy)
{
  guint n = n_values (ann);

  switch (ann->kind)
    {
    case LW_ANNOTATION_BBOX:
    case LW_ANNOTATION_RBOX:
    case LW_ANNOTATION_POINT:
      if (n >= 2)
        {
          VAL (ann, 0) += dx;
          VAL (ann, 1) += dy;
        }
      break;
    case LW_ANNOTATION_POLYGON:
    case LW_ANNOTATION_POLYLINE:
      for (guint i = 0; i + 1 < n; i += 2)
        {
          VAL (ann, i) += dx;
          VAL (ann, i + 1) += dy;
        }
      break;
    case LW_ANNOTATION_KEYPOINTS:
      for (guint i = 0; i + 2 < n; i += 3)
        {
          VAL (ann, i) += dx;
          VAL (ann, i + 1) += dy;
        }
      break;
    case LW_ANNOTATION_TAG:
    case LW_ANNOTATION_SPAN:
    case LW_ANNOTATION_N_KINDS:
    default:
      break;
    }
}

void
lw_shape_set_box (LwAnnotation *ann, double x0, double y0, double x1, double y1)
{
  double v[4] = { MIN (x0, x1), MIN (y0, y1), fabs (x1 - x0), fabs (y1 - y0) };

  lw_annotation_set_geometry (ann, v, 4);
}

void
lw_shape_move_handle (LwAnnotation *ann, guint handle, double x, double y)
{
  if (handle >= lw_shape_n_handles (ann))
    return;

  switch (ann->kind)
    {
    case LW_ANNOTATION_BBOX:
      {
        double x0 = VAL (ann, 0), y0 = VAL (ann, 1);
        double x1 = x0 + VAL (ann, 2), y1 = y0 + VAL (ann, 3);

        switch (handle)
          {
          case 0: x0 = x, y0 = y; break;
          case 1: x1 = x, y0 = y; break;
          case 2: x1 = x, y1 = y; break;
          case 3: x0 = x, y1 = y; break;
          case 4: y0 = y; break;
          case 5: x1 = x; break;
          case 6: y1 = y; break;
          case 7: x0 = x; break;
          default: break;
          }
        lw_shape_set_box (ann, x0, y0, x1, y1);
      }
      break;

    case LW_ANNOTATION_RBOX:
      if (handle == 4)
        {
          /* The knob sits straight above the centre at angle 0. */
          VAL (ann, 4) = atan2 (x - VAL (ann, 0), -(y - VAL (ann, 1)));
        }
      else
        {
          double fx, fy, a = VAL (ann, 4);
          double dx, dy;

          rbox_point (ann, (handle + 2) % 4, &fx, &fy);
          dx = x - fx, dy = y - fy;
          VAL (ann, 0) = (fx + x) / 2;
          VAL (ann, 1) = (fy + y) / 2;
          VAL (ann, 2) = fabs (dx * cos (a) + dy * sin (a));
          VAL (ann, 3) = fabs (-dx * sin (a) + dy * cos (a));
        }
      break;

    case LW_ANNOTATION_POLYGON:
    case LW_ANNOTATION_POLYLINE:
    case LW_ANNOTATION_POINT:
      VAL (ann, 2 * handle) = x;
      VAL (ann, 2 * handle + 1) = y;
      break;

    case LW_ANNOTATION_KEYPOINTS:
      VAL (ann, 3 * handle) = x;
      VAL (ann, 3 * handle + 1) = y;
      if (VAL (ann, 3 * handle + 2) <= 0)
        VAL (ann, 3 * handle + 2) = 2;
      break;

    case LW_ANNOTATION_TAG:
    case LW_ANNOTATION_SPAN:
    case LW_ANNOTATION_N_KINDS:
    default:
      break;
    }
}

void
lw_shape_clamp (LwAnnotation *ann, int width, int height)
{
  guint n = n_values (ann);

  if (width <= 0 || height <= 0)
    return;

  switch (ann->kind)
    {
    case LW_ANNOTATION_BBOX:
      if (n >= 4)
        lw_shape_set_box (ann,
                          CLAMP (VAL (ann, 0), 0, width), CLAMP (VAL (ann, 1), 0, height),
                          CLAMP (VAL (ann, 0) + VAL (ann, 2), 0, width),
                          CLAMP (VAL (ann, 1) + VAL (ann, 3), 0, height));
      break;
    case LW_ANNOTATION_RBOX:
      if (n >= 2)
        {
          VAL (ann, 0) = CLAMP (VAL (ann, 0), 0, width);
          VAL (ann, 1) = CLAMP (VAL (ann, 1), 0, height);
        }
      break;
    case LW_ANNOTATION_POLYGON:
    case LW_ANNOTATION_POLYLINE:
    case LW_ANNOTATION_POINT:
    case LW_ANNOTATION_KEYPOINTS:
      {
        guint stride = ann->kind == LW_ANNOTATION_KEYPOINTS ? 3 : 2;
        for (guint i = 0; i + 1 < n; i += stride)
          {
            VAL (ann, i) = CLAMP (VAL (ann, i), 0, width);
            VAL (ann, i + 1) = CLAMP (VAL (ann, i + 1), 0, height);
          }
      }
      break;
    case LW_ANNOTATION_TAG:
    case LW_ANNOTATION_SPAN:
    case LW_ANNOTATION_N_KINDS:
    default:
      break;
    }
}

guint
lw_shape_insert_vertex (LwAnnotation *ann, guint after, double x, double y)
{
  double p[2] = { x, y };
  guint points = n_values (ann) / 2;
  guint at = MIN (after + 1, points);

  g_return_val_if_fail (ann->kind == LW_ANNOTATION_POLYGON || ann->kind == LW_ANNOTATION_POLYLINE, 0);
  g_array_insert_vals (ann->geometry, 2 * at, p, 2);
  return at;
}

gboolean
lw_shape_remove_vertex (LwAnnotation *ann, guint index)
{
  guint points = n_values (ann) / 2;
  guint min = ann->kind == LW_ANNOTATION_POLYGON ? 3 : 2;

  if ((ann->kind != LW_ANNOTATION_POLYGON && ann->kind != LW_ANNOTATION_POLYLINE)
      || index >= points || points <= min)
    return FALSE;
  g_array_remove_range (ann->geometry, 2 * index, 2);
  return TRUE;
}
