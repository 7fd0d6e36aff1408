#define G_LOG_DOMAIN "lw-model"

#include <math.h>

#include "lw-annotation.h"
#include "lw-error.h"

gint64
lw_text_char_length (const char *text)
{
  return text ? g_utf8_strlen (text, -1) : 0;
}

gssize
lw_text_byte_offset (const char *text,
                     gint64      offset)
{
  const char *p = text;

  if (text == NULL || offset < 0)
    return -1;
  for (gint64 i = 0; i < offset; i++)
    {
      if (*p == '\0')
        return -1;
      p = g_utf8_next_char (p);
    }
  return p - text;
}

gboolean
lw_text_trim_span (const char *text,
                   gint64     *start,
                   gint64     *end)
{
  gssize from, to;
  const char *p, *q;
  gint64 s, e;

  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  if (*start > *end)
    return FALSE;
  from = lw_text_byte_offset (text, *start);
  if (from < 0)
    return FALSE;
  /* Walk on from the start rather than from the text's beginning: one pass over the text. */
  to = lw_text_byte_offset (text + from, *end - *start);
  if (to < 0)
    return FALSE;
  p = text + from;
  q = p + to;
  s = *start;
  e = *end;
  while (p < q && g_unichar_isspace (g_utf8_get_char (p)))
    {
      p = g_utf8_next_char (p);
      s++;
    }
  while (q > p)
    {
      const char *prev = g_utf8_prev_char (q);
      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      q = prev;
      e--;
    }
  *start = s;
  *end = p == q ? s : e;
  return TRUE;
}

static gboolean
invalid (GError **error, const char *kind, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

static gboolean
invalid (GError **error, const char *kind, const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID, "invalid %s: %s", kind, msg);
  return FALSE;
}

/* Points may sit on the far edge (x == width): a box's right edge is a coordinate, not a pixel. */
static gboolean
check_points (const char *kind, const double *v, guint n, guint stride,
              int width, int height, GError **error)
{
  for (guint i = 0; i + 1 < n; i += stride)
    {
      if (width > 0 && (v[i] < 0 || v[i] > width))
        return invalid (error, kind, "point %u has x = %g, outside the image (0 to %d)",
                        i / stride + 1, v[i], width);
      if (height > 0 && (v[i + 1] < 0 || v[i + 1] > height))
        return invalid (error, kind, "point %u has y = %g, outside the image (0 to %d)",
                        i / stride + 1, v[i + 1], height);
    }
  return TRUE;
}

gboolean
lw_geometry_validate (LwAnnotationKind   kind,
                      const double      *v,
                      guint              n,
                      int                width,
                      int                height,
                      const char        *text,
                      GError           **error)
{
  const char *name = lw_annotation_kind_to_string (kind);

  g_return_val_if_fail (kind < LW_ANNOTATION_N_KINDS, FALSE);

  for (guint i = 0; i < n; i++)
    if (!isfinite (v[i]))
      return invalid (error, name, "value %u is not a finite number", i + 1);

  switch (kind)
    {
    case LW_ANNOTATION_TAG:
      if (n != 0)
        return invalid (error, name, "a tag has no geometry, got %u values", n);
      return TRUE;

    case LW_ANNOTATION_BBOX:
      if (n != 4)
        return invalid (error, name, "expected x, y, w, h; got %u values", n);
      if (v[2] <= 0 || v[3] <= 0)
        return invalid (error, name, "width and height must be positive, got %g x %g", v[2], v[3]);
      if (v[0] < 0 || v[1] < 0 ||
          (width > 0 && v[0] + v[2] > width) || (height > 0 && v[1] + v[3] > height))
        return invalid (error, name, "box (%g, %g, %g x %g) does not lie in the %d x %d image",
                        v[0], v[1], v[2], v[3], width, height);
      return TRUE;

    case LW_ANNOTATION_RBOX:
      if (n != 5)
        return invalid (error, name, "expected cx, cy, w, h, angle; got %u values", n);
      if (v[2] <= 0 || v[3] <= 0)
        return invalid (error, name, "width and height must be positive, got %g x %g", v[2], v[3]);
      /* The centre must be in the image; corners may leave it when the box is rotated. */
      return check_points (name, v, 2, 2, width, height, error);

    case LW_ANNOTATION_POLYGON:
    case LW_ANNOTATION_POLYLINE:
      {
        guint min_points = kind == LW_ANNOTATION_POLYGON ? 3 : 2;
        if (n % 2 != 0)
          return invalid (error, name, "expected x, y pairs; got an odd count (%u)", n);
        if (n / 2 < min_points)
          return invalid (error, name, "needs at least %u points, got %u", min_points, n / 2);
        if (kind == LW_ANNOTATION_POLYGON)
          {
            /* Shoelace area: a polygon whose points are all on one line encloses nothing. */
            double area = 0;
            for (guint i = 0; i < n; i += 2)
              {
                guint j = (i + 2) % n;
                area += v[i] * v[j + 1] - v[j] * v[i + 1];
              }
            if (fabs (area) / 2 < 1e-9)
              return invalid (error, name, "the points enclose no area");
          }
        return check_points (name, v, n, 2, width, height, error);
      }

    case LW_ANNOTATION_POINT:
      if (n != 2)
        return invalid (error, name, "expected x, y; got %u values", n);
      return check_points (name, v, n, 2, width, height, error);

    case LW_ANNOTATION_KEYPOINTS:
      if (n == 0 || n % 3 != 0)
        return invalid (error, name, "expected x, y, visibility triples; got %u values", n);
      for (guint i = 0; i < n; i += 3)
        {
          if (v[i + 2] != 0 && v[i + 2] != 1 && v[i + 2] != 2)
            return invalid (error, name, "keypoint %u has visibility %g (expected 0, 1 or 2)",
                            i / 3 + 1, v[i + 2]);
          /* An unlabelled keypoint (v = 0) carries no position to check. */
          if (v[i + 2] != 0 && !check_points (name, v + i, 2, 2, width, height, error))
            return FALSE;
        }
      return TRUE;

    case LW_ANNOTATION_SPAN:
      {
        gint64 len = lw_text_char_length (text);
        if (n != 2)
          return invalid (error, name, "expected start, end; got %u values", n);
        if (v[0] != floor (v[0]) || v[1] != floor (v[1]))
          return invalid (error, name, "offsets must be whole characters, got %g, %g", v[0], v[1]);
        if (v[0] < 0 || v[1] <= v[0])
          return invalid (error, name, "start %g must be at least 0 and before end %g", v[0], v[1]);
        if (text == NULL)
          return invalid (error, name, "a span needs a text item");
        if (v[1] > len)
          return invalid (error, name, "end %g is past the end of the text (%" G_GINT64_FORMAT
                          " characters)", v[1], len);
        return TRUE;
      }

    case LW_ANNOTATION_N_KINDS:
    default:
      break;
    }
  g_assert_not_reached ();
}
