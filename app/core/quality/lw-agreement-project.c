#define G_LOG_DOMAIN "lw-quality"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lw-quality-private.h"
#include "lw-annotation.h"
#include "lw-item.h"
#include "lw-schema.h"
#include "lw-model-private.h"

/* Items that two or more annotators worked on. Consensus layers are derived from the
 * others and would agree with them by construction, so they never take part. */
#define QUALIFYING_ITEMS \
  "SELECT item_id FROM annotation WHERE annotator_id IS NOT NULL AND source <> 'consensus' " \
  "GROUP BY item_id HAVING COUNT(DISTINCT annotator_id) >= 2"

typedef struct {
  char      *name;
  GPtrArray *categories;   /* char* */
  gboolean   binary;       /* present/absent of one class */
  gboolean   used;         /* some annotator chose a category (binary: "present") */
  GArray    *rows;         /* int, n_annotators per item with >= 2 values */
  guint64    agree_pairs;
  guint64    pairs;
} TagVar;

typedef struct {
  guint var;
  int   category;
} TagRef;

typedef struct {
  guint            annotator;  /* index into the report's annotators */
  gint64           class_id;
  LwAnnotationKind kind;
  LwBox            box;        /* shapes: bounds; spans: start in x, end in w */
} ItemAnn;

typedef struct {
  LwProject         *project;
  LwAgreementReport *report;
  guint              n_annotators;
  GHashTable        *annotator_index;  /* annotator id -> index + 1 */
  GHashTable        *tag_refs;         /* class id -> TagRef* */
  GPtrArray         *vars;             /* TagVar* */
  GHashTable        *classes;          /* class id -> LwLabelClass* (owned by class_list) */
  GPtrArray         *class_list;
  GHashTable        *shape_classes;    /* class id -> LwClassAgreement* */
  GHashTable        *span_classes;
  /* the item being read */
  gint64             item_id;
  char              *item_name;
  GArray            *anns;             /* ItemAnn */
  gboolean          *present;          /* n_annotators */
  gboolean          *tagged;
  int               *values;
} Ctx;

static void
tag_var_free (gpointer data)
{
  TagVar *v = data;
  g_free (v->name);
  g_ptr_array_unref (v->categories);
  g_array_unref (v->rows);
  g_free (v);
}

static void
tag_agreement_free (gpointer data)
{
  LwTagAgreement *t = data;
  g_free (t->variable);
  g_strfreev (t->categories);
  g_free (t);
}

static void
class_agreement_free (gpointer data)
{
  LwClassAgreement *c = data;
  g_free (c->class_name);
  g_free (c);
}

static void
item_agreement_clear (gpointer data)
{
  LwItemAgreement *i = data;
  g_free (i->item_name);
}

void
lw_agreement_report_free (LwAgreementReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->annotators, g_ptr_array_unref);
  g_clear_pointer (&report->tags, g_ptr_array_unref);
  g_clear_pointer (&report->shape_classes, g_ptr_array_unref);
  g_clear_pointer (&report->span_classes, g_ptr_array_unref);
  g_clear_pointer (&report->items, g_array_unref);
  g_free (report);
}

static TagVar *
tag_var_new (const char *name, gboolean binary)
{
  TagVar *v = g_new0 (TagVar, 1);
  v->name = g_strdup (name);
  v->binary = binary;
  v->categories = g_ptr_array_new_with_free_func (g_free);
  v->rows = g_array_new (FALSE, FALSE, sizeof (int));
  return v;
}

/* Exclusive groups of tag classes are one nominal variable each; any other tag class is a
 * present/absent variable of its own. */
static void
build_tag_vars (Ctx *ctx)
{
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < ctx->class_list->len; i++)
    {
      LwLabelClass *klass = ctx->class_list->pdata[i];
      TagRef *ref;
      TagVar *var;

      if (!lw_label_class_allows (klass, LW_ANNOTATION_TAG))
        continue;
      ref = g_new0 (TagRef, 1);
      if (klass->exclusive && klass->group != NULL)
        {
          gpointer index;
          if (!g_hash_table_lookup_extended (groups, klass->group, NULL, &index))
            {
              index = GUINT_TO_POINTER (ctx->vars->len);
              g_ptr_array_add (ctx->vars, tag_var_new (klass->group, FALSE));
              g_hash_table_insert (groups, klass->group, index);
            }
          ref->var = GPOINTER_TO_UINT (index);
          var = ctx->vars->pdata[ref->var];
          ref->category = var->categories->len;
          g_ptr_array_add (var->categories, g_strdup (klass->name));
        }
      else
        {
          ref->var = ctx->vars->len;
          var = tag_var_new (klass->name, TRUE);
          g_ptr_array_add (var->categories, g_strdup ("absent"));
          g_ptr_array_add (var->categories, g_strdup ("present"));
          g_ptr_array_add (ctx->vars, var);
          ref->category = 1;
        }
      g_hash_table_insert (ctx->tag_refs, &klass->id, ref);
    }
}

static LwClassAgreement *
class_entry (Ctx *ctx, GHashTable *table, GPtrArray *list, gint64 class_id)
{
  LwClassAgreement *entry = g_hash_table_lookup (table, &class_id);

  if (entry == NULL)
    {
      LwLabelClass *klass = g_hash_table_lookup (ctx->classes, &class_id);
      entry = g_new0 (LwClassAgreement, 1);
      entry->class_id = class_id;
      entry->class_name = g_strdup (klass ? klass->name : "?");
      g_hash_table_insert (table, &entry->class_id, entry);
      g_ptr_array_add (list, entry);
    }
  return entry;
}

/* Tags of the current item: appends rows to the variables; returns the pairs of values
 * and the disagreeing ones among variables that someone used on this item. */
static void
item_tags (Ctx *ctx, guint64 *pairs_out, guint64 *disagree_out)
{
  guint n = ctx->n_annotators;

  for (guint v = 0; v < ctx->vars->len; v++)
    {
      TagVar *var = ctx->vars->pdata[v];
      guint m = 0;
      gboolean chosen = FALSE;
      guint64 pairs = 0, agree = 0;

      for (guint a = 0; a < n; a++)
        ctx->values[a] = var->binary && ctx->tagged[a] ? 0 : -1;
      for (guint i = 0; i < ctx->anns->len; i++)
        {
          const ItemAnn *ann = &g_array_index (ctx->anns, ItemAnn, i);
          TagRef *ref;
          if (ann->kind != LW_ANNOTATION_TAG)
            continue;
          ref = g_hash_table_lookup (ctx->tag_refs, &ann->class_id);
          if (ref == NULL || ref->var != v)
            continue;
          ctx->values[ann->annotator] = ref->category;
          chosen = TRUE;
        }
      for (guint a = 0; a < n; a++)
        m += ctx->values[a] >= 0;
      if (m < 2)
        continue;
      for (guint a = 0; a < n; a++)
        for (guint b = a + 1; b < n; b++)
          if (ctx->values[a] >= 0 && ctx->values[b] >= 0)
            {
              pairs++;
              agree += ctx->values[a] == ctx->values[b];
            }
      g_array_append_vals (var->rows, ctx->values, n);
      var->pairs += pairs;
      var->agree_pairs += agree;
      var->used |= chosen;
      /* "Both left it absent" on a tag nobody used here says nothing about this item. */
      if (chosen)
        {
          *pairs_out += pairs;
          *disagree_out += pairs - agree;
        }
    }
}

static gboolean
is_shape (LwAnnotationKind kind)
{
  return kind == LW_ANNOTATION_BBOX || kind == LW_ANNOTATION_RBOX || kind == LW_ANNOTATION_POLYGON;
}

/* Shapes or spans of the current item: every pair of annotators on the item, per class. */
static void
item_match (Ctx *ctx, gboolean spans, LwMatchCounts *item_counts, LwMatchCounts *item_overlap)
{
  g_autoptr(GArray) classes = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) a_set = g_array_new (FALSE, FALSE, spans ? sizeof (LwSpan) : sizeof (LwBox));
  g_autoptr(GArray) b_set = g_array_new (FALSE, FALSE, spans ? sizeof (LwSpan) : sizeof (LwBox));
  LwAgreementReport *report = ctx->report;

  for (guint i = 0; i < ctx->anns->len; i++)
    {
      const ItemAnn *ann = &g_array_index (ctx->anns, ItemAnn, i);
      gboolean seen = FALSE;
      if (spans ? ann->kind != LW_ANNOTATION_SPAN : !is_shape (ann->kind))
        continue;
      for (guint c = 0; c < classes->len && !seen; c++)
        seen = g_array_index (classes, gint64, c) == ann->class_id;
      if (!seen)
        g_array_append_val (classes, ann->class_id);
    }

  for (guint c = 0; c < classes->len; c++)
    {
      gint64 class_id = g_array_index (classes, gint64, c);
      LwClassAgreement *entry = spans
        ? class_entry (ctx, ctx->span_classes, report->span_classes, class_id)
        : class_entry (ctx, ctx->shape_classes, report->shape_classes, class_id);

      for (guint a = 0; a < ctx->n_annotators; a++)
        for (guint b = a + 1; b < ctx->n_annotators; b++)
          {
            LwMatchCounts counts = { 0 }, overlap = { 0 };

            if (!ctx->present[a] || !ctx->present[b])
              continue;
            g_array_set_size (a_set, 0);
            g_array_set_size (b_set, 0);
            for (guint i = 0; i < ctx->anns->len; i++)
              {
                const ItemAnn *ann = &g_array_index (ctx->anns, ItemAnn, i);
                GArray *set;
                if (ann->class_id != class_id || (spans ? ann->kind != LW_ANNOTATION_SPAN : !is_shape (ann->kind)))
                  continue;
                set = ann->annotator == a ? a_set : ann->annotator == b ? b_set : NULL;
                if (set == NULL)
                  continue;
                if (spans)
                  {
                    LwSpan s = { (gint64) ann->box.x, (gint64) ann->box.w, class_id };
                    g_array_append_val (set, s);
                  }
                else
                  g_array_append_val (set, ann->box);
              }
            if (spans)
              {
                lw_span_match ((LwSpan *) a_set->data, a_set->len, (LwSpan *) b_set->data, b_set->len,
                               TRUE, &counts);
                lw_span_match ((LwSpan *) a_set->data, a_set->len, (LwSpan *) b_set->data, b_set->len,
                               FALSE, &overlap);
                lw_match_counts_add (&entry->overlap, &overlap);
                lw_match_counts_add (&report->spans_exact, &counts);
                lw_match_counts_add (&report->spans_overlap, &overlap);
                lw_match_counts_add (item_overlap, &overlap);
              }
            else
              {
                lw_box_match ((LwBox *) a_set->data, a_set->len, (LwBox *) b_set->data, b_set->len,
                              report->iou_threshold, &counts);
                lw_match_counts_add (&report->shapes, &counts);
              }
            lw_match_counts_add (&entry->counts, &counts);
            lw_match_counts_add (item_counts, &counts);
          }
    }
}

static void
finish_item (Ctx *ctx)
{
  LwItemAgreement entry = { 0 };
  LwMatchCounts shapes = { 0 }, spans_exact = { 0 }, spans_overlap = { 0 };
  guint64 pairs = 0, disagree = 0;
  double sum = 0;
  guint parts = 0;

  if (ctx->item_id == 0)
    return;
  for (guint a = 0; a < ctx->n_annotators; a++)
    entry.n_annotators += ctx->present[a];
  if (entry.n_annotators >= 2)
    {
      item_tags (ctx, &pairs, &disagree);
      item_match (ctx, FALSE, &shapes, NULL);
      item_match (ctx, TRUE, &spans_exact, &spans_overlap);

      entry.item_id = ctx->item_id;
      entry.item_name = g_steal_pointer (&ctx->item_name);
      entry.tag_disagreement = pairs ? (double) disagree / pairs : NAN;
      entry.shape_f1 = lw_match_f1 (&shapes);
      entry.span_f1 = lw_match_f1 (&spans_overlap);
      if (!isnan (entry.tag_disagreement))
        sum += entry.tag_disagreement, parts++;
      if (!isnan (entry.shape_f1))
        sum += 1 - entry.shape_f1, parts++;
      if (!isnan (entry.span_f1))
        sum += 1 - entry.span_f1, parts++;
      entry.disagreement = parts ? sum / parts : NAN;
      g_array_append_val (ctx->report->items, entry);
      ctx->report->n_items++;
    }

  g_clear_pointer (&ctx->item_name, g_free);
  g_array_set_size (ctx->anns, 0);
  memset (ctx->present, 0, ctx->n_annotators * sizeof (gboolean));
  memset (ctx->tagged, 0, ctx->n_annotators * sizeof (gboolean));
}

static gboolean
read_row (Ctx *ctx, sqlite3_stmt *stmt, GError **error)
{
  gint64 item_id = sqlite3_column_int64 (stmt, 0);
  gint64 annotator_id = sqlite3_column_int64 (stmt, 2);
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (ctx->annotator_index, &annotator_id));
  ItemAnn ann = { 0 };
  const char *geometry = (const char *) sqlite3_column_text (stmt, 5);

  if (item_id != ctx->item_id)
    {
      finish_item (ctx);
      ctx->item_id = item_id;
      ctx->item_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  g_assert (index > 0);
  ann.annotator = index - 1;
  ann.class_id = sqlite3_column_int64 (stmt, 3);
  if (!lw_annotation_kind_from_string ((const char *) sqlite3_column_text (stmt, 4), &ann.kind))
    return TRUE;   /* an unknown kind is lw_project_check's to report */
  ctx->present[ann.annotator] = TRUE;

  if (ann.kind == LW_ANNOTATION_TAG)
    ctx->tagged[ann.annotator] = TRUE;
  else if (is_shape (ann.kind) || ann.kind == LW_ANNOTATION_SPAN)
    {
      g_autoptr(LwAnnotation) tmp = lw_annotation_new (item_id, ann.class_id, ann.kind);
      g_autoptr(GArray) values = _lw_geometry_from_json (geometry ? geometry : "", error);
      guint need = ann.kind == LW_ANNOTATION_BBOX ? 4 : ann.kind == LW_ANNOTATION_RBOX ? 5
                 : ann.kind == LW_ANNOTATION_POLYGON ? 6 : 2;

      if (values == NULL)
        {
          g_prefix_error (error, "item %" G_GINT64_FORMAT ": ", item_id);
          return FALSE;
        }
      if (values->len < need)
        return TRUE;
      if (ann.kind == LW_ANNOTATION_SPAN)
        {
          ann.box.x = g_array_index (values, double, 0);
          ann.box.w = g_array_index (values, double, 1);
        }
      else
        {
          lw_annotation_set_geometry (tmp, (double *) values->data, values->len);
          if (!lw_annotation_bounds (tmp, &ann.box.x, &ann.box.y, &ann.box.w, &ann.box.h))
            return TRUE;
        }
      ann.box.label = ann.class_id;
    }
  else
    return TRUE;   /* polylines, points and keypoints have no agreement measure yet */
  g_array_append_val (ctx->anns, ann);
  return TRUE;
}

static gboolean
load_annotators (Ctx *ctx, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (ctx->project,
      "SELECT DISTINCT a.annotator_id, n.name FROM annotation a "
      "JOIN annotator n ON n.id = a.annotator_id "
      "WHERE a.source <> 'consensus' AND a.item_id IN (" QUALIFYING_ITEMS ") "
      "ORDER BY a.annotator_id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);
      *id = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (ctx->report->annotators, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_hash_table_insert (ctx->annotator_index, id, GUINT_TO_POINTER (ctx->report->annotators->len));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _lw_project_sql_error (ctx->project, rc, "listing annotators", error);
  ctx->n_annotators = ctx->report->annotators->len;
  return TRUE;
}

static gboolean
read_items (Ctx *ctx, GCancellable *cancellable, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (ctx->project,
      "SELECT a.item_id, i.name, a.annotator_id, a.class_id, a.kind, a.geometry "
      "FROM annotation a JOIN item i ON i.id = a.item_id "
      "WHERE a.annotator_id IS NOT NULL AND a.source <> 'consensus' "
      "AND a.item_id IN (" QUALIFYING_ITEMS ") "
      "ORDER BY a.item_id, a.annotator_id, a.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) || !read_row (ctx, stmt, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _lw_project_sql_error (ctx->project, rc, "reading annotations", error);
  finish_item (ctx);
  return TRUE;
}

static void
summarise_tags (Ctx *ctx)
{
  guint n = ctx->n_annotators;

  for (guint v = 0; v < ctx->vars->len; v++)
    {
      TagVar *var = ctx->vars->pdata[v];
      LwTagAgreement *t;
      gsize n_rows = n ? var->rows->len / n : 0;
      guint k = var->categories->len;
      g_autofree int *by_coder = NULL;
      g_autoptr(GArray) fleiss = g_array_new (FALSE, TRUE, sizeof (double));

      if (!var->used || n_rows == 0)
        continue;
      t = g_new0 (LwTagAgreement, 1);
      t->variable = g_strdup (var->name);
      t->categories = g_new0 (char *, k + 1);
      for (guint c = 0; c < k; c++)
        t->categories[c] = g_strdup (var->categories->pdata[c]);
      t->n_items = n_rows;
      t->percent_agreement = var->pairs ? (double) var->agree_pairs / var->pairs : NAN;
      t->cohen_kappa = t->fleiss_kappa = NAN;

      by_coder = g_new (int, n * n_rows);
      for (gsize r = 0; r < n_rows; r++)
        {
          const int *row = &g_array_index (var->rows, int, r * n);
          gboolean complete = TRUE;

          for (guint a = 0; a < n; a++)
            {
              by_coder[(gsize) a * n_rows + r] = row[a];
              complete &= row[a] >= 0;
            }
          if (complete && n > 2)
            {
              gsize base = fleiss->len;
              g_array_set_size (fleiss, base + k);
              for (guint a = 0; a < n; a++)
                g_array_index (fleiss, double, base + row[a]) += 1;
              t->n_fleiss_items++;
            }
        }
      if (n == 2)
        {
          t->cohen_kappa = lw_cohen_kappa (by_coder, by_coder + n_rows, n_rows, k);
          t->n_fleiss_items = 0;
        }
      else if (t->n_fleiss_items > 0)
        t->fleiss_kappa = lw_fleiss_kappa ((double *) fleiss->data, t->n_fleiss_items, k);
      t->krippendorff_alpha = lw_krippendorff_alpha_nominal (by_coder, n, n_rows, k);
      g_ptr_array_add (ctx->report->tags, t);
    }
}

static int
item_cmp (gconstpointer pa, gconstpointer pb)
{
  const LwItemAgreement *a = pa, *b = pb;
  gboolean na = isnan (a->disagreement), nb = isnan (b->disagreement);

  if (na != nb)
    return na ? 1 : -1;
  if (!na && a->disagreement != b->disagreement)
    return a->disagreement > b->disagreement ? -1 : 1;
  return a->item_id < b->item_id ? -1 : (a->item_id > b->item_id);
}

static int
class_position (Ctx *ctx, gint64 class_id)
{
  LwLabelClass *klass = g_hash_table_lookup (ctx->classes, &class_id);
  return klass ? klass->position : G_MAXINT;
}

static int
class_agreement_cmp (gconstpointer pa, gconstpointer pb, gpointer user_data)
{
  const LwClassAgreement *a = *(LwClassAgreement **) pa, *b = *(LwClassAgreement **) pb;
  int x = class_position (user_data, a->class_id), y = class_position (user_data, b->class_id);

  if (x != y)
    return x < y ? -1 : 1;
  return a->class_id < b->class_id ? -1 : (a->class_id > b->class_id);
}

LwAgreementReport *
lw_project_compute_agreement (LwProject     *project,
                              double         iou_threshold,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(LwAgreementReport) report = g_new0 (LwAgreementReport, 1);
  Ctx ctx = { 0 };
  gboolean opened, ok;

  g_return_val_if_fail (LW_IS_PROJECT (project), NULL);
  g_return_val_if_fail (iou_threshold >= 0 && iou_threshold <= 1, NULL);

  report->iou_threshold = iou_threshold;
  report->annotators = g_ptr_array_new_with_free_func (g_free);
  report->tags = g_ptr_array_new_with_free_func (tag_agreement_free);
  report->shape_classes = g_ptr_array_new_with_free_func (class_agreement_free);
  report->span_classes = g_ptr_array_new_with_free_func (class_agreement_free);
  report->items = g_array_new (FALSE, FALSE, sizeof (LwItemAgreement));
  g_array_set_clear_func (report->items, item_agreement_clear);

  ctx.project = project;
  ctx.report = report;
  ctx.annotator_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ctx.tag_refs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  ctx.vars = g_ptr_array_new_with_free_func (tag_var_free);
  ctx.classes = g_hash_table_new (g_int64_hash, g_int64_equal);
  ctx.shape_classes = g_hash_table_new (g_int64_hash, g_int64_equal);
  ctx.span_classes = g_hash_table_new (g_int64_hash, g_int64_equal);
  ctx.anns = g_array_new (FALSE, FALSE, sizeof (ItemAnn));

  ok = _lw_quality_read_begin (project, &opened, error);
  if (ok)
    {
      ctx.class_list = lw_project_list_classes (project, error);
      ok = ctx.class_list != NULL;
    }
  if (ok)
    {
      for (guint i = 0; i < ctx.class_list->len; i++)
        {
          LwLabelClass *klass = ctx.class_list->pdata[i];
          g_hash_table_insert (ctx.classes, &klass->id, klass);
        }
      build_tag_vars (&ctx);
      ok = load_annotators (&ctx, error);
    }
  if (ok)
    {
      ctx.present = g_new0 (gboolean, MAX (ctx.n_annotators, 1));
      ctx.tagged = g_new0 (gboolean, MAX (ctx.n_annotators, 1));
      ctx.values = g_new0 (int, MAX (ctx.n_annotators, 1));
      ok = read_items (&ctx, cancellable, error);
    }
  if (opened)
    _lw_quality_read_end (project, opened);
  if (ok)
    {
      summarise_tags (&ctx);
      g_array_sort (report->items, item_cmp);
      g_ptr_array_sort_with_data (report->shape_classes, class_agreement_cmp, &ctx);
      g_ptr_array_sort_with_data (report->span_classes, class_agreement_cmp, &ctx);
    }

  g_free (ctx.item_name);
  g_free (ctx.present);
  g_free (ctx.tagged);
  g_free (ctx.values);
  g_array_unref (ctx.anns);
  g_hash_table_unref (ctx.annotator_index);
  g_hash_table_unref (ctx.tag_refs);
  g_ptr_array_unref (ctx.vars);
  g_hash_table_unref (ctx.classes);
  g_hash_table_unref (ctx.shape_classes);
  g_hash_table_unref (ctx.span_classes);
  g_clear_pointer (&ctx.class_list, g_ptr_array_unref);
  return ok ? g_steal_pointer (&report) : NULL;
}
