/* lw-rle.c: COCO run-length masks to polygons: decode, label 4-connected regions, follow
 * each region's outer edge between pixels, simplify */
#define G_LOG_DOMAIN "lw-rle"

#include <math.h>
#include <string.h>

#include "lw-rle.h"

GArray *
_lw_rle_counts_from_string (const char *s, char **what)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (guint32));
  gsize p = 0;

  while (s[p] != '\0')
    {
      gint64 x = 0;
      guint k = 0;
      gboolean more = TRUE;

      while (more)
        {
          int c = (guchar) s[p] - 48;

          if (s[p] == '\0')
            {
              *what = g_strdup ("the compressed \"counts\" end inside a number");
              return NULL;
            }
          if (c < 0 || c > 63)
            {
              *what = g_strdup_printf ("character %" G_GSIZE_FORMAT " of the compressed \"counts\" "
                                       "is not one pycocotools writes", p + 1);
              return NULL;
            }
          if (k == 7)
            {
              *what = g_strdup ("a compressed count is too large");
              return NULL;
            }
          x |= (gint64) (c & 0x1f) << (5 * k);
          more = (c & 0x20) != 0;
          p++;
          k++;
          /* the last group's bit 4 is the sign (pycocotools: x |= -1 << 5*k) */
          if (!more && (c & 0x10))
            x -= (gint64) 1 << (5 * k);
        }
      if (out->len > 2)
        x += g_array_index (out, guint32, out->len - 2);
      if (x < 0 || x > G_MAXUINT32)
        {
          *what = g_strdup_printf ("compressed count %u is out of range", out->len + 1);
          return NULL;
        }
      {
        guint32 v = (guint32) x;
        g_array_append_val (out, v);
      }
    }
  return g_steal_pointer (&out);
}

/* ---- outlines --------------------------------------------------------------------------- */

typedef struct {
  gint32 *label;   /* (width + 2) x (height + 2), a border of background around the mask */
  guint   stride;
} Grid;

static inline gboolean
inside (const Grid *g, int x, int y, gint32 id)
{
  return g->label[(gsize) (y + 1) * g->stride + (gsize) (x + 1)] == id;
}

/* Perpendicular distance of @p from the line through @a and @b. */
static double
distance (const double *a, const double *b, const double *p)
{
  double dx = b[0] - a[0], dy = b[1] - a[1], len = hypot (dx, dy);

  if (len == 0)
    return hypot (p[0] - a[0], p[1] - a[1]);
  return fabs (dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / len;
}

/* Douglas–Peucker over points[first..last] (inclusive, indices modulo n), with a stack
 * rather than recursion: an outline can have many thousand corners. */
static void
simplify (const double *pts, guint n, guint first, guint last, double tolerance, gboolean *keep)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  guint span[2] = { first, last };

  g_array_append_val (stack, span);
  while (stack->len > 0)
    {
      guint *top = &g_array_index (stack, guint, (stack->len - 1) * 2);
      guint a = top[0], b = top[1], best = a;
      double best_d = -1;

      g_array_set_size (stack, stack->len - 1);
      for (guint i = a + 1; i < b; i++)
        {
          double d = distance (pts + 2 * (a % n), pts + 2 * (b % n), pts + 2 * (i % n));
          if (d > best_d)
            {
              best_d = d;
              best = i;
            }
        }
      if (best_d > tolerance)
        {
          guint left[2] = { a, best }, right[2] = { best, b };
          keep[best % n] = TRUE;
          g_array_append_val (stack, left);
          g_array_append_val (stack, right);
        }
    }
}

static GArray *
simplified (GArray *corners, double tolerance)
{
  const double *pts = (const double *) corners->data;
  guint n = corners->len / 2, far = 0;
  g_autofree gboolean *keep = NULL;
  GArray *out;
  double far_d = -1;

  if (n <= 4 || tolerance <= 0)
    return g_array_ref (corners);
  /* a closed outline: split it at its first corner and the corner farthest from it */
  for (guint i = 1; i < n; i++)
    {
      double d = hypot (pts[2 * i] - pts[0], pts[2 * i + 1] - pts[1]);
      if (d > far_d)
        {
          far_d = d;
          far = i;
        }
    }
  keep = g_new0 (gboolean, n);
  keep[0] = keep[far] = TRUE;
  simplify (pts, n, 0, far, tolerance, keep);
  simplify (pts, n, far, n, tolerance, keep);
  out = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < n; i++)
    if (keep[i])
      g_array_append_vals (out, pts + 2 * i, 2);
  if (out->len < 6)
    {
      /* too thin to keep its shape at this tolerance: the exact outline */
      g_array_unref (out);
      return g_array_ref (corners);
    }
  return out;
}

/* Corners of the outer edge of region @id, whose first pixel in row order is (x0, y0):
 * walking along pixel edges clockwise (image y points down) with the region on the right.
 * At each corner: turn right when the pixel ahead on the right is outside, left when the
 * one ahead on the left is inside, else go on; so regions that touch only at a corner
 * stay apart (4-connectivity) and the walk never enters a hole. */
static GArray *
trace (const Grid *g, int x0, int y0, gint32 id)
{
  static const int dx[4] = { 1, 0, -1, 0 }, dy[4] = { 0, 1, 0, -1 };   /* E S W N */
  /* pixel ahead on the right and on the left of a corner (x, y), per direction */
  static const int rx[4] = { 0, -1, -1, 0 }, ry[4] = { 0, 0, -1, -1 };
  static const int lx[4] = { 0, 0, -1, -1 }, ly[4] = { -1, 0, 0, -1 };
  GArray *pts = g_array_new (FALSE, FALSE, sizeof (double));
  int x = x0, y = y0, d = 0;

  {
    double p[2] = { x0, y0 };
    g_array_append_vals (pts, p, 2);
  }
  do
    {
      int nd;

      x += dx[d];
      y += dy[d];
      if (!inside (g, x + rx[d], y + ry[d], id))
        nd = (d + 1) % 4;
      else if (inside (g, x + lx[d], y + ly[d], id))
        nd = (d + 3) % 4;
      else
        nd = d;
      if (nd != d && !(x == x0 && y == y0))
        {
          double p[2] = { x, y };
          g_array_append_vals (pts, p, 2);
        }
      d = nd;
    }
  while (!(x == x0 && y == y0 && d == 0));
  return pts;
}

GPtrArray *
_lw_rle_to_polygons (const guint32 *counts, guint n_counts, guint height, guint width,
                     double tolerance, char **what)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) stack = NULL;
  guint64 total = 0, pos = 0;
  Grid g;
  gint32 next_id = 1;

  for (guint i = 0; i < n_counts; i++)
    total += counts[i];
  if (total != (guint64) height * width)
    {
      *what = g_strdup_printf ("the counts cover %" G_GUINT64_FORMAT " pixels, the size %u x %u has %"
                               G_GUINT64_FORMAT, total, width, height, (guint64) height * width);
      return NULL;
    }
  g.stride = width + 2;
  g.label = g_new0 (gint32, (gsize) (width + 2) * (height + 2));
  for (guint i = 0; i < n_counts; i++)
    {
      if (i % 2 == 1)   /* runs of 1s; pycocotools goes down each column in turn */
        for (guint64 k = pos; k < pos + counts[i]; k++)
          g.label[(gsize) (k % height + 1) * g.stride + (gsize) (k / height + 1)] = -1;
      pos += counts[i];
    }

  stack = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        gsize start = (gsize) (y + 1) * g.stride + x + 1;
        gint32 id;

        if (g.label[start] != -1)
          continue;
        /* the first pixel of a region in row order: its top edge is on the outline */
        id = next_id++;
        g.label[start] = id;
        g_array_append_val (stack, start);
        while (stack->len > 0)
          {
            gsize at = g_array_index (stack, gsize, stack->len - 1);
            gsize nb[4] = { at - 1, at + 1, at - g.stride, at + g.stride };

            g_array_set_size (stack, stack->len - 1);
            for (guint k = 0; k < 4; k++)
              if (g.label[nb[k]] == -1)
                {
                  g.label[nb[k]] = id;
                  g_array_append_val (stack, nb[k]);
                }
          }
        {
          g_autoptr(GArray) corners = trace (&g, (int) x, (int) y, id);
          g_ptr_array_add (out, simplified (corners, tolerance));
        }
      }
  g_free (g.label);
  return g_steal_pointer (&out);
}
