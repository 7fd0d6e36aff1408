#define G_LOG_DOMAIN "lw-quality"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lw-quality.h"

/* Every coefficient here is (observed - expected) / (1 - expected) in some form. When the
 * expected disagreement is zero (one category only) that is 0/0: we return NaN instead of
 * picking 0 or 1, because either would be a claim the data cannot support. */

double
lw_cohen_kappa_table (const double *table,
                      guint         n_categories)
{
  guint k = n_categories;
  double n = 0, agree = 0, expected = 0;
  g_autofree double *rows = NULL;
  g_autofree double *cols = NULL;

  g_return_val_if_fail (table != NULL || k == 0, NAN);

  rows = g_new0 (double, MAX (k, 1));
  cols = g_new0 (double, MAX (k, 1));
  for (guint i = 0; i < k; i++)
    for (guint j = 0; j < k; j++)
      {
        double v = table[i * k + j];
        n += v;
        rows[i] += v;
        cols[j] += v;
        if (i == j)
          agree += v;
      }
  if (n <= 0)
    return NAN;
  for (guint i = 0; i < k; i++)
    expected += (rows[i] / n) * (cols[i] / n);
  agree /= n;
  if (expected >= 1.0)
    return NAN;
  return (agree - expected) / (1.0 - expected);
}

double
lw_cohen_kappa (const int *labels_a,
                const int *labels_b,
                gsize      n_items,
                guint      n_categories)
{
  g_autofree double *table = NULL;

  g_return_val_if_fail (n_items == 0 || (labels_a != NULL && labels_b != NULL), NAN);
  g_return_val_if_fail (n_categories > 0, NAN);

  table = g_new0 (double, (gsize) n_categories * n_categories);
  for (gsize i = 0; i < n_items; i++)
    {
      int a = labels_a[i], b = labels_b[i];
      if (a < 0 || b < 0)
        continue;
      g_return_val_if_fail ((guint) a < n_categories && (guint) b < n_categories, NAN);
      table[(gsize) a * n_categories + b] += 1;
    }
  return lw_cohen_kappa_table (table, n_categories);
}

double
lw_fleiss_kappa (const double *counts,
                 gsize         n_items,
                 guint         n_categories)
{
  guint k = n_categories;
  double raters = -1, sum_p = 0, expected = 0, mean_p;
  g_autofree double *totals = NULL;

  g_return_val_if_fail (counts != NULL || n_items == 0, NAN);

  if (n_items == 0 || k == 0)
    return NAN;
  totals = g_new0 (double, k);
  for (gsize i = 0; i < n_items; i++)
    {
      double row = 0, squares = 0;
      for (guint j = 0; j < k; j++)
        {
          double v = counts[i * k + j];
          row += v;
          squares += v * v;
          totals[j] += v;
        }
      /* Fleiss' formula assumes the same number of ratings for every item. */
      if (raters < 0)
        raters = row;
      else if (row != raters)
        return NAN;
      if (raters < 2)
        return NAN;
      sum_p += (squares - raters) / (raters * (raters - 1));
    }
  for (guint j = 0; j < k; j++)
    {
      double p = totals[j] / (n_items * raters);
      expected += p * p;
    }
  if (expected >= 1.0)
    return NAN;
  mean_p = sum_p / n_items;
  return (mean_p - expected) / (1.0 - expected);
}

double
lw_krippendorff_alpha_nominal (const int *labels,
                               guint      n_coders,
                               gsize      n_units,
                               guint      n_categories)
{
  guint k = n_categories;
  g_autofree double *o = NULL;      /* coincidence matrix, k x k */
  g_autofree double *n_c = NULL;
  g_autofree guint *unit = NULL;    /* values of one unit, per category */
  double n = 0, observed = 0, expected = 0;

  g_return_val_if_fail (labels != NULL || n_units == 0 || n_coders == 0, NAN);
  g_return_val_if_fail (k > 0, NAN);

  o = g_new0 (double, (gsize) k * k);
  n_c = g_new0 (double, k);
  unit = g_new0 (guint, k);
  for (gsize u = 0; u < n_units; u++)
    {
      guint m = 0;

      memset (unit, 0, k * sizeof (guint));
      for (guint c = 0; c < n_coders; c++)
        {
          int v = labels[(gsize) c * n_units + u];
          if (v < 0)
            continue;
          g_return_val_if_fail ((guint) v < k, NAN);
          unit[v]++;
          m++;
        }
      if (m < 2)
        continue;
      /* Each ordered pair of values from different coders adds 1 / (m - 1). */
      for (guint a = 0; a < k; a++)
        {
          if (unit[a] == 0)
            continue;
          for (guint b = 0; b < k; b++)
            {
              double pairs = a == b ? (double) unit[a] * (unit[a] - 1) : (double) unit[a] * unit[b];
              o[a * k + b] += pairs / (m - 1);
            }
        }
    }
  for (guint a = 0; a < k; a++)
    for (guint b = 0; b < k; b++)
      n_c[a] += o[a * k + b];
  for (guint a = 0; a < k; a++)
    n += n_c[a];
  if (n <= 1)
    return NAN;
  for (guint a = 0; a < k; a++)
    for (guint b = 0; b < k; b++)
      if (a != b)
        {
          observed += o[a * k + b];
          expected += n_c[a] * n_c[b];
        }
  if (expected <= 0)
    return NAN;
  return 1.0 - (n - 1) * observed / expected;
}

double
lw_match_precision (const LwMatchCounts *counts)
{
  guint64 b = counts->tp + counts->fp;
  return b == 0 ? NAN : (double) counts->tp / b;
}

double
lw_match_recall (const LwMatchCounts *counts)
{
  guint64 a = counts->tp + counts->fn;
  return a == 0 ? NAN : (double) counts->tp / a;
}

double
lw_match_f1 (const LwMatchCounts *counts)
{
  guint64 total = 2 * counts->tp + counts->fp + counts->fn;
  return total == 0 ? NAN : 2.0 * counts->tp / total;
}

void
lw_match_counts_add (LwMatchCounts       *sum,
                     const LwMatchCounts *counts)
{
  sum->tp += counts->tp;
  sum->fp += counts->fp;
  sum->fn += counts->fn;
}

double
lw_box_iou (const LwBox *a,
            const LwBox *b)
{
  double ix, iy, inter, uni;

  g_return_val_if_fail (a != NULL && b != NULL, NAN);

  if (!(a->w > 0 && a->h > 0 && b->w > 0 && b->h > 0))
    return 0;
  ix = MIN (a->x + a->w, b->x + b->w) - MAX (a->x, b->x);
  iy = MIN (a->y + a->h, b->y + b->h) - MAX (a->y, b->y);
  if (ix <= 0 || iy <= 0)
    return 0;
  inter = ix * iy;
  uni = a->w * a->h + b->w * b->h - inter;
  return inter / uni;
}

typedef struct {
  double score;
  guint  i, j;
} Candidate;

static int
candidate_cmp (const void *pa, const void *pb)
{
  const Candidate *a = pa, *b = pb;

  if (a->score != b->score)
    return a->score > b->score ? -1 : 1;
  if (a->i != b->i)
    return a->i < b->i ? -1 : 1;
  return a->j < b->j ? -1 : (a->j > b->j);
}

/* Greedy matching over the candidate pairs: the best pair first, each element used once.
 * Not the optimal assignment (Hungarian), but what COCO's evaluation does, and stable. */
static void
greedy_match (GArray        *candidates,
              guint          n_a,
              guint          n_b,
              LwMatchCounts *counts)
{
  g_autofree gboolean *used_a = g_new0 (gboolean, MAX (n_a, 1));
  g_autofree gboolean *used_b = g_new0 (gboolean, MAX (n_b, 1));
  guint64 tp = 0;

  /* qsort's base must not be NULL, even for zero elements (an empty GArray has no data). */
  if (candidates->len > 0)
    qsort (candidates->data, candidates->len, sizeof (Candidate), candidate_cmp);
  for (guint c = 0; c < candidates->len; c++)
    {
      const Candidate *cand = &g_array_index (candidates, Candidate, c);
      if (used_a[cand->i] || used_b[cand->j])
        continue;
      used_a[cand->i] = used_b[cand->j] = TRUE;
      tp++;
    }
  counts->tp += tp;
  counts->fn += n_a - tp;
  counts->fp += n_b - tp;
}

void
lw_box_match (const LwBox   *a,
              guint          n_a,
              const LwBox   *b,
              guint          n_b,
              double         iou_threshold,
              LwMatchCounts *counts)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));

  g_return_if_fail (counts != NULL);
  g_return_if_fail (n_a == 0 || a != NULL);
  g_return_if_fail (n_b == 0 || b != NULL);

  for (guint i = 0; i < n_a; i++)
    for (guint j = 0; j < n_b; j++)
      {
        Candidate cand = { 0, i, j };
        if (a[i].label != b[j].label)
          continue;
        cand.score = lw_box_iou (&a[i], &b[j]);
        /* IoU 0 never matches, even at threshold 0. */
        if (cand.score > 0 && cand.score >= iou_threshold)
          g_array_append_val (candidates, cand);
      }
  greedy_match (candidates, n_a, n_b, counts);
}

void
lw_span_match (const LwSpan  *a,
               guint          n_a,
               const LwSpan  *b,
               guint          n_b,
               gboolean       exact,
               LwMatchCounts *counts)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));

  g_return_if_fail (counts != NULL);
  g_return_if_fail (n_a == 0 || a != NULL);
  g_return_if_fail (n_b == 0 || b != NULL);

  for (guint i = 0; i < n_a; i++)
    for (guint j = 0; j < n_b; j++)
      {
        Candidate cand = { 0, i, j };
        gint64 overlap;

        if (a[i].label != b[j].label)
          continue;
        if (exact)
          {
            if (a[i].start != b[j].start || a[i].end != b[j].end)
              continue;
            cand.score = 1;
          }
        else
          {
            overlap = MIN (a[i].end, b[j].end) - MAX (a[i].start, b[j].start);
            if (overlap <= 0)
              continue;
            cand.score = overlap;
          }
        g_array_append_val (candidates, cand);
      }
  greedy_match (candidates, n_a, n_b, counts);
}
