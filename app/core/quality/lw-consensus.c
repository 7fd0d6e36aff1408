#define G_LOG_DOMAIN "lw-consensus"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lw-quality.h"
#include "lw-annotation.h"
#include "lw-error.h"
#include "lw-item.h"
#include "lw-quality-private.h"

/* One box cluster: at most one box per annotator; the running mean is what new boxes
 * are matched against, so the order of annotators matters less than with a first-box seed. */
typedef struct {
  gint64  class_id;
  GArray *annotators;   /* gint64 */
  double  sum[4];
  guint   n;
} Cluster;

static void
cluster_clear (Cluster *c)
{
  g_clear_pointer (&c->annotators, g_array_unref);
}

static gboolean
cluster_has (const Cluster *c, gint64 annotator)
{
  for (guint i = 0; i < c->annotators->len; i++)
    if (g_array_index (c->annotators, gint64, i) == annotator)
      return TRUE;
  return FALSE;
}

static LwBox
cluster_mean (const Cluster *c)
{
  LwBox b = { c->sum[0] / c->n, c->sum[1] / c->n, c->sum[2] / c->n, c->sum[3] / c->n, c->class_id };
  return b;
}

static gboolean
add_consensus (LwProject *project, gint64 item_id, gint64 class_id, LwAnnotationKind kind,
               gint64 annotator, const double *values, guint n, GError **error)
{
  g_autoptr(LwAnnotation) ann = lw_annotation_new (item_id, class_id, kind);

  if (n > 0)
    lw_annotation_set_geometry (ann, values, n);
  ann->annotator_id = annotator;
  ann->source = LW_SOURCE_CONSENSUS;
  return lw_project_import_annotation (project, ann, error);
}

static guint
n_distinct (GArray *ids)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (seen, &g_array_index (ids, gint64, i));
  return g_hash_table_size (seen);
}

static gboolean
item_consensus (LwProject *project, gint64 item_id, gint64 layer, const LwConsensusOptions *opt,
                LwConsensusReport *report, GError **error)
{
  g_autoptr(GPtrArray) anns = lw_project_list_annotations (project, item_id, 0, error);
  g_autoptr(GArray) annotators = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) tag_votes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) span_votes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) clusters = g_array_new (FALSE, TRUE, sizeof (Cluster));
  guint n_annotators, min_votes;
  GHashTableIter iter;
  gpointer key, value;
  gboolean ok = TRUE;

  if (anns == NULL)
    return FALSE;
  g_array_set_clear_func (clusters, (GDestroyNotify) cluster_clear);
  for (guint i = 0; i < anns->len; i++)
    {
      LwAnnotation *a = anns->pdata[i];
      if (a->annotator_id > 0 && a->annotator_id != layer && a->source != LW_SOURCE_CONSENSUS)
        g_array_append_val (annotators, a->annotator_id);
    }
  n_annotators = n_distinct (annotators);
  if (n_annotators == 0)
    return TRUE;
  report->items++;
  min_votes = opt->min_votes > 0 ? opt->min_votes : n_annotators / 2 + 1;

  for (guint i = 0; i < anns->len; i++)
    {
      LwAnnotation *a = anns->pdata[i];

      if (a->annotator_id <= 0 || a->annotator_id == layer || a->source == LW_SOURCE_CONSENSUS)
        continue;
      if (a->kind == LW_ANNOTATION_TAG)
        {
          /* votes per class = distinct annotators: key "class:annotator" counted once */
          g_autofree char *k = g_strdup_printf ("t%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                                a->class_id, a->annotator_id);
          if (!g_hash_table_contains (span_votes, k))
            {
              gint64 *cid = g_new (gint64, 1);
              *cid = a->class_id;
              g_hash_table_add (span_votes, g_steal_pointer (&k));
              if (!g_hash_table_lookup_extended (tag_votes, cid, NULL, &value))
                value = GUINT_TO_POINTER (0);
              g_hash_table_replace (tag_votes, cid, GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + 1));
            }
        }
      else if (a->kind == LW_ANNOTATION_BBOX)
        {
          LwBox box = { lw_annotation_value (a, 0), lw_annotation_value (a, 1),
                        lw_annotation_value (a, 2), lw_annotation_value (a, 3), a->class_id };
          Cluster *best = NULL;
          double best_iou = -1;

          for (guint c = 0; c < clusters->len; c++)
            {
              Cluster *cl = &g_array_index (clusters, Cluster, c);
              LwBox mean;
              double iou;

              if (cl->class_id != a->class_id || cluster_has (cl, a->annotator_id))
                continue;
              mean = cluster_mean (cl);
              iou = lw_box_iou (&mean, &box);
              if (iou >= opt->iou_threshold && iou > best_iou)
                {
                  best = cl;
                  best_iou = iou;
                }
            }
          if (best == NULL)
            {
              Cluster fresh = { a->class_id, g_array_new (FALSE, FALSE, sizeof (gint64)), { 0 }, 0 };
              g_array_append_val (clusters, fresh);
              best = &g_array_index (clusters, Cluster, clusters->len - 1);
            }
          g_array_append_val (best->annotators, a->annotator_id);
          best->sum[0] += box.x;
          best->sum[1] += box.y;
          best->sum[2] += box.w;
          best->sum[3] += box.h;
          best->n++;
        }
      else if (a->kind == LW_ANNOTATION_SPAN)
        {
          g_autofree char *k = g_strdup_printf ("s%" G_GINT64_FORMAT ":%.0f:%.0f:%" G_GINT64_FORMAT,
                                                a->class_id, lw_annotation_value (a, 0),
                                                lw_annotation_value (a, 1), a->annotator_id);
          if (!g_hash_table_contains (span_votes, k))
            g_hash_table_add (span_votes, g_steal_pointer (&k));
        }
    }

  /* tags: strict majority of the item's annotators; an exact half is a tie, left out */
  g_hash_table_iter_init (&iter, tag_votes);
  while (ok && g_hash_table_iter_next (&iter, &key, &value))
    {
      guint votes = GPOINTER_TO_UINT (value);
      if (2 * votes == n_annotators)
        report->tag_ties++;
      else if (2 * votes > n_annotators)
        {
          ok = add_consensus (project, item_id, *(gint64 *) key, LW_ANNOTATION_TAG, layer, NULL, 0, error);
          report->tags++;
        }
    }
  for (guint c = 0; ok && c < clusters->len; c++)
    {
      Cluster *cl = &g_array_index (clusters, Cluster, c);
      LwBox m;

      if (cl->n < min_votes)
        {
          report->boxes_dropped++;
          continue;
        }
      m = cluster_mean (cl);
      ok = add_consensus (project, item_id, cl->class_id, LW_ANNOTATION_BBOX, layer,
                          (const double[]) { m.x, m.y, m.w, m.h }, 4, error);
      report->boxes++;
    }
  /* spans: count distinct annotators per (class, start, end) */
  {
    g_autoptr(GHashTable) per_span = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_iter_init (&iter, span_votes);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        const char *k = key;
        const char *last = strrchr (k, ':');
        char *span_key;
        if (k[0] != 's')
          continue;
        span_key = g_strndup (k, last - k);
        value = g_hash_table_lookup (per_span, span_key);
        g_hash_table_replace (per_span, span_key, GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + 1));
      }
    g_hash_table_iter_init (&iter, per_span);
    while (ok && g_hash_table_iter_next (&iter, &key, &value))
      {
        gint64 class_id;
        double start, end;
        if (GPOINTER_TO_UINT (value) < min_votes)
          continue;
        if (sscanf ((const char *) key, "s%" G_GINT64_FORMAT ":%lf:%lf", &class_id, &start, &end) != 3)
          continue;
        ok = add_consensus (project, item_id, class_id, LW_ANNOTATION_SPAN, layer,
                            (const double[]) { start, end }, 2, error);
        report->spans++;
      }
  }
  return ok;
}

gboolean
lw_project_build_consensus (LwProject                *project,
                            const LwConsensusOptions *options,
                            LwConsensusReport        *report,
                            GError                  **error)
{
  LwConsensusOptions opt = { 0.5, 0, "consensus" };
  LwConsensusReport r = { 0 };
  sqlite3_stmt *stmt;
  gint64 layer, after = 0;
  LwItemFilter all = { 0 };

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);

  if (options != NULL)
    opt = *options;
  if (opt.name == NULL || *opt.name == '\0')
    opt.name = "consensus";
  if (!(opt.iou_threshold > 0.0 && opt.iou_threshold <= 1.0))
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "%s: the IoU threshold must be in (0, 1], not %g",
                   lw_project_get_path (project), opt.iou_threshold);
      return FALSE;
    }
  if (!lw_project_begin (project, error))
    return FALSE;
  layer = lw_project_ensure_annotator (project, opt.name, error);
  if (layer <= 0)
    goto fail;
  /* re-running replaces the previous consensus layer */
  stmt = _lw_project_stmt (project, "DELETE FROM annotation WHERE annotator_id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, layer);
  if (!_lw_project_step_done (project, stmt, "removing the previous consensus layer", error))
    goto fail;
  for (;;)
    {
      g_autoptr(GPtrArray) items = lw_project_list_items (project, &all, after, 256, error);
      if (items == NULL)
        goto fail;
      if (items->len == 0)
        break;
      for (guint i = 0; i < items->len; i++)
        {
          LwItem *item = items->pdata[i];
          if (!item_consensus (project, item->id, layer, &opt, &r, error))
            goto fail;
          after = item->id;
        }
    }
  if (!lw_project_commit (project, error))
    return FALSE;
  if (report != NULL)
    *report = r;
  return TRUE;

fail:
  lw_project_rollback (project);
  return FALSE;
}
