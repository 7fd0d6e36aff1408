#define G_LOG_DOMAIN "lw-cli"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>

#include "lw-cli.h"

/* JSON has no NaN: an undefined coefficient (see lw-quality.h) is null. */
static void
add_number (JsonBuilder *b, const char *member, double value)
{
  json_builder_set_member_name (b, member);
  if (isnan (value) || isinf (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, value);
}

/* "0.833" or "n/a" for text output. */
static char *
dup_number (double value)
{
  return isnan (value) ? g_strdup ("n/a") : g_strdup_printf ("%.3f", value);
}

static LwProject *
open_project (GOptionContext *context, int argc, char **argv, int *status)
{
  g_autoptr(GError) error = NULL;
  LwProject *project;

  if (argc != 2)
    {
      *status = lw_cli_usage (context, "expected one PROJECT file, got %d", argc - 1);
      return NULL;
    }
  /* Read-only: looking at a project never changes it. */
  project = lw_project_open (argv[1], LW_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL)
    *status = lw_cli_fail ("%s", error->message);
  return project;
}

/* ---- stats --------------------------------------------------------------------------- */

static void
stats_json (const LwProjectStats *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  lw_cli_json_int (b, "items", s->items);
  json_builder_set_member_name (b, "items_by_status");
  json_builder_begin_object (b);
  for (int i = 0; i < LW_ITEM_N_STATUSES; i++)
    lw_cli_json_int (b, lw_item_status_to_string (i), s->items_by_status[i]);
  json_builder_end_object (b);
  lw_cli_json_int (b, "annotations", s->annotations);
  json_builder_set_member_name (b, "annotations_by_kind");
  json_builder_begin_object (b);
  for (int k = 0; k < LW_ANNOTATION_N_KINDS; k++)
    lw_cli_json_int (b, lw_annotation_kind_to_string (k), s->annotations_by_kind[k]);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "annotations_by_class");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->by_class->len; i++)
    {
      const LwClassCount *c = s->by_class->pdata[i];
      json_builder_begin_object (b);
      lw_cli_json_string_or_null (b, "class", c->class_name);
      lw_cli_json_int (b, "total", c->total);
      json_builder_set_member_name (b, "by_kind");
      json_builder_begin_object (b);
      for (int k = 0; k < LW_ANNOTATION_N_KINDS; k++)
        if (c->by_kind[k] > 0)
          lw_cli_json_int (b, lw_annotation_kind_to_string (k), c->by_kind[k]);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "annotations_by_annotator");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->by_annotator->len; i++)
    {
      const LwAnnotatorCount *c = s->by_annotator->pdata[i];
      json_builder_begin_object (b);
      lw_cli_json_string_or_null (b, "annotator", c->annotator);
      lw_cli_json_int (b, "annotations", c->annotations);
      lw_cli_json_int (b, "items", c->items);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "annotations_per_item");
  json_builder_begin_array (b);
  for (guint i = 0; i + 1 < s->per_item->len; i += 2)
    {
      json_builder_begin_object (b);
      lw_cli_json_int (b, "annotations", g_array_index (s->per_item, gint64, i));
      lw_cli_json_int (b, "items", g_array_index (s->per_item, gint64, i + 1));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "box_sizes");
  json_builder_begin_object (b);
  for (int z = 0; z < LW_BOX_N_SIZES; z++)
    lw_cli_json_int (b, lw_box_size_to_string (z), s->box_sizes[z]);
  add_number (b, "min_area", s->box_area_min);
  add_number (b, "max_area", s->box_area_max);
  add_number (b, "mean_area", s->box_area_mean);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "box_sides");
  json_builder_begin_array (b);
  for (guint z = 0; z < LW_BOX_N_SIDE_BINS; z++)
    {
      json_builder_begin_object (b);
      add_number (b, "min", lw_box_side_bin_start (z));
      add_number (b, "max", z + 1 < LW_BOX_N_SIDE_BINS ? lw_box_side_bin_start (z + 1) : NAN);
      lw_cli_json_int (b, "boxes", s->box_sides[z]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "progress");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->progress->len; i++)
    {
      const LwProgressRow *r = s->progress->pdata[i];
      json_builder_begin_object (b);
      lw_cli_json_string_or_null (b, "day", r->day);
      lw_cli_json_string_or_null (b, "annotator", r->annotator);
      lw_cli_json_int (b, "annotations", r->annotations);
      lw_cli_json_int (b, "items_done", r->items_done);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  lw_cli_print_json (b);
}

static void
stats_text (const LwProjectStats *s)
{
  g_autofree char *mean = dup_number (s->box_area_mean);

  printf ("Items:       %" G_GINT64_FORMAT, s->items);
  for (int i = 0; i < LW_ITEM_N_STATUSES; i++)
    printf ("%s%s %" G_GINT64_FORMAT, i == 0 ? " (" : ", ", lw_item_status_to_string (i), s->items_by_status[i]);
  printf (")\nAnnotations: %" G_GINT64_FORMAT "\n", s->annotations);
  if (s->by_class->len > 0)
    printf ("\nBy class:\n");
  for (guint i = 0; i < s->by_class->len; i++)
    {
      const LwClassCount *c = s->by_class->pdata[i];
      printf ("  %-24s %8" G_GINT64_FORMAT "\n", c->class_name, c->total);
    }
  if (s->by_annotator->len > 0)
    printf ("\nBy annotator:                  annotations    items\n");
  for (guint i = 0; i < s->by_annotator->len; i++)
    {
      const LwAnnotatorCount *c = s->by_annotator->pdata[i];
      printf ("  %-28s %12" G_GINT64_FORMAT " %8" G_GINT64_FORMAT "\n",
              c->annotator ? c->annotator : "(none)", c->annotations, c->items);
    }
  if (s->per_item->len > 0)
    printf ("\nAnnotations per item:\n");
  for (guint i = 0; i + 1 < s->per_item->len; i += 2)
    printf ("  %6" G_GINT64_FORMAT " annotations: %8" G_GINT64_FORMAT " items\n",
            g_array_index (s->per_item, gint64, i), g_array_index (s->per_item, gint64, i + 1));
  printf ("\nBoxes: small %" G_GINT64_FORMAT ", medium %" G_GINT64_FORMAT ", large %" G_GINT64_FORMAT
          " (mean area %s px²)\n", s->box_sizes[0], s->box_sizes[1], s->box_sizes[2], mean);
  if (s->progress->len > 0)
    printf ("\nProgress:    day         annotator            annotations  items done\n");
  for (guint i = 0; i < s->progress->len; i++)
    {
      const LwProgressRow *r = s->progress->pdata[i];
      printf ("             %-11s %-20s %11" G_GINT64_FORMAT " %11" G_GINT64_FORMAT "\n",
              r->day, r->annotator ? r->annotator : "(none)", r->annotations, r->items_done);
    }
}

int
lw_cli_cmd_stats (int argc, char **argv)
{
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT.lwproj");
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  g_autoptr(LwProjectStats) stats = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { NULL }
  };
  int status = LW_CLI_OK;

  g_set_prgname ("stats");
  g_option_context_set_summary (context, "Progress, class distribution, annotations per item and box sizes.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!lw_cli_parse (context, &argc, &argv, &status))
    return status;
  project = open_project (context, argc, argv, &status);
  if (project == NULL)
    return status;
  stats = lw_project_compute_stats (project, &error);
  if (stats == NULL)
    return lw_cli_fail ("%s", error->message);
  if (json)
    stats_json (stats);
  else
    stats_text (stats);
  return LW_CLI_OK;
}

/* ---- agreement ----------------------------------------------------------------------- */

static void
add_counts (JsonBuilder *b, const char *member, const LwMatchCounts *c)
{
  if (member)
    json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  lw_cli_json_int (b, "tp", c->tp);
  lw_cli_json_int (b, "fp", c->fp);
  lw_cli_json_int (b, "fn", c->fn);
  add_number (b, "precision", lw_match_precision (c));
  add_number (b, "recall", lw_match_recall (c));
  add_number (b, "f1", lw_match_f1 (c));
  json_builder_end_object (b);
}

static void
agreement_json (const LwAgreementReport *r, guint top)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint n_items = top == 0 ? r->items->len : MIN (top, r->items->len);

  json_builder_begin_object (b);
  add_number (b, "iou_threshold", r->iou_threshold);
  json_builder_set_member_name (b, "annotators");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->annotators->len; i++)
    json_builder_add_string_value (b, r->annotators->pdata[i]);
  json_builder_end_array (b);
  lw_cli_json_int (b, "items_compared", r->n_items);

  json_builder_set_member_name (b, "tags");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->tags->len; i++)
    {
      const LwTagAgreement *t = r->tags->pdata[i];
      json_builder_begin_object (b);
      lw_cli_json_string_or_null (b, "variable", t->variable);
      json_builder_set_member_name (b, "categories");
      json_builder_begin_array (b);
      for (guint c = 0; t->categories[c]; c++)
        json_builder_add_string_value (b, t->categories[c]);
      json_builder_end_array (b);
      lw_cli_json_int (b, "items", t->n_items);
      lw_cli_json_int (b, "fleiss_items", t->n_fleiss_items);
      add_number (b, "percent_agreement", t->percent_agreement);
      add_number (b, "cohen_kappa", t->cohen_kappa);
      add_number (b, "fleiss_kappa", t->fleiss_kappa);
      add_number (b, "krippendorff_alpha", t->krippendorff_alpha);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "shapes");
  json_builder_begin_object (b);
  add_counts (b, "overall", &r->shapes);
  json_builder_set_member_name (b, "by_class");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->shape_classes->len; i++)
    {
      const LwClassAgreement *c = r->shape_classes->pdata[i];
      json_builder_begin_object (b);
      lw_cli_json_string_or_null (b, "class", c->class_name);
      lw_cli_json_int (b, "tp", c->counts.tp);
      lw_cli_json_int (b, "fp", c->counts.fp);
      lw_cli_json_int (b, "fn", c->counts.fn);
      add_number (b, "precision", lw_match_precision (&c->counts));
      add_number (b, "recall", lw_match_recall (&c->counts));
      add_number (b, "f1", lw_match_f1 (&c->counts));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "spans");
  json_builder_begin_object (b);
  add_counts (b, "exact", &r->spans_exact);
  add_counts (b, "overlap", &r->spans_overlap);
  json_builder_set_member_name (b, "by_class");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->span_classes->len; i++)
    {
      const LwClassAgreement *c = r->span_classes->pdata[i];
      json_builder_begin_object (b);
      lw_cli_json_string_or_null (b, "class", c->class_name);
      add_counts (b, "exact", &c->counts);
      add_counts (b, "overlap", &c->overlap);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_items; i++)
    {
      const LwItemAgreement *it = &g_array_index (r->items, LwItemAgreement, i);
      json_builder_begin_object (b);
      lw_cli_json_int (b, "id", it->item_id);
      lw_cli_json_string_or_null (b, "name", it->item_name);
      lw_cli_json_int (b, "annotators", it->n_annotators);
      add_number (b, "disagreement", it->disagreement);
      add_number (b, "tag_disagreement", it->tag_disagreement);
      add_number (b, "shape_f1", it->shape_f1);
      add_number (b, "span_f1", it->span_f1);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  lw_cli_print_json (b);
}

static void
print_counts_line (const char *label, const LwMatchCounts *c)
{
  g_autofree char *p = dup_number (lw_match_precision (c));
  g_autofree char *rc = dup_number (lw_match_recall (c));
  g_autofree char *f = dup_number (lw_match_f1 (c));

  printf ("  %-24s P %-6s R %-6s F1 %-6s (tp %" G_GUINT64_FORMAT ", fp %" G_GUINT64_FORMAT
          ", fn %" G_GUINT64_FORMAT ")\n", label, p, rc, f, c->tp, c->fp, c->fn);
}

static void
agreement_text (const LwAgreementReport *r, guint top)
{
  guint n_items = top == 0 ? r->items->len : MIN (top, r->items->len);

  printf ("Annotators:  %u (", r->annotators->len);
  for (guint i = 0; i < r->annotators->len; i++)
    printf ("%s%s", i ? ", " : "", (char *) r->annotators->pdata[i]);
  printf (")\nItems with two or more annotators: %" G_GSIZE_FORMAT "\n", r->n_items);
  if (r->n_items == 0)
    return;

  if (r->tags->len > 0)
    printf ("\nTags:                      items  agree  Cohen κ  Fleiss κ  Krippendorff α\n");
  for (guint i = 0; i < r->tags->len; i++)
    {
      const LwTagAgreement *t = r->tags->pdata[i];
      g_autofree char *pa = dup_number (t->percent_agreement);
      g_autofree char *ck = dup_number (t->cohen_kappa);
      g_autofree char *fk = dup_number (t->fleiss_kappa);
      g_autofree char *ka = dup_number (t->krippendorff_alpha);
      printf ("  %-22s %7" G_GSIZE_FORMAT "  %-6s %-8s %-9s %s\n", t->variable, t->n_items, pa, ck, fk, ka);
    }
  if (r->shape_classes->len > 0)
    {
      printf ("\nShapes (IoU ≥ %.2f):\n", r->iou_threshold);
      for (guint i = 0; i < r->shape_classes->len; i++)
        {
          const LwClassAgreement *c = r->shape_classes->pdata[i];
          print_counts_line (c->class_name, &c->counts);
        }
      print_counts_line ("overall", &r->shapes);
    }
  if (r->span_classes->len > 0)
    {
      printf ("\nSpans:\n");
      for (guint i = 0; i < r->span_classes->len; i++)
        {
          const LwClassAgreement *c = r->span_classes->pdata[i];
          g_autofree char *exact = g_strdup_printf ("%s (exact)", c->class_name);
          g_autofree char *overlap = g_strdup_printf ("%s (overlap)", c->class_name);
          print_counts_line (exact, &c->counts);
          print_counts_line (overlap, &c->overlap);
        }
      print_counts_line ("overall (exact)", &r->spans_exact);
      print_counts_line ("overall (overlap)", &r->spans_overlap);
    }
  printf ("\nMost disagreement first:\n");
  for (guint i = 0; i < n_items; i++)
    {
      const LwItemAgreement *it = &g_array_index (r->items, LwItemAgreement, i);
      g_autofree char *d = dup_number (it->disagreement);
      printf ("  %-6s #%-8" G_GINT64_FORMAT " %s (%u annotators)\n", d, it->item_id, it->item_name, it->n_annotators);
    }
}

int
lw_cli_cmd_agreement (int argc, char **argv)
{
  gboolean json = FALSE;
  double iou = 0.5;
  int top = 20;
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT.lwproj");
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  g_autoptr(LwAgreementReport) report = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { "iou", 0, 0, G_OPTION_ARG_DOUBLE, &iou, "IoU at which two shapes match (default 0.5)", "0..1" },
    { "top", 0, 0, G_OPTION_ARG_INT, &top, "List this many items, most disagreement first (default 20, 0: all)", "N" },
    { NULL }
  };
  int status = LW_CLI_OK;

  g_set_prgname ("agreement");
  g_option_context_set_summary (context, "Inter-annotator agreement: kappa and alpha for tags, "
                                         "IoU-matched F1 for shapes, exact and overlap F1 for spans.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!lw_cli_parse (context, &argc, &argv, &status))
    return status;
  if (!(iou > 0 && iou <= 1))
    return lw_cli_usage (context, "--iou must be greater than 0 and at most 1, got %g", iou);
  if (top < 0)
    return lw_cli_usage (context, "--top must be 0 or more, got %d", top);
  project = open_project (context, argc, argv, &status);
  if (project == NULL)
    return status;
  report = lw_project_compute_agreement (project, iou, NULL, &error);
  if (report == NULL)
    return lw_cli_fail ("%s", error->message);
  if (json)
    agreement_json (report, top);
  else
    agreement_text (report, top);
  return LW_CLI_OK;
}

/* ---- consensus ----------------------------------------------------------------------- */

int
lw_cli_cmd_consensus (int argc, char **argv)
{
  double iou = 0.5;
  int min_votes = 0;
  g_autofree char *name = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT.lwproj");
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  LwConsensusOptions options = { 0 };
  LwConsensusReport report = { 0 };
  const GOptionEntry entries[] = {
    { "iou", 0, 0, G_OPTION_ARG_DOUBLE, &iou, "IoU at which two boxes join one cluster (default 0.5)", "0..1" },
    { "min-votes", 0, 0, G_OPTION_ARG_INT, &min_votes, "Annotators a box or span needs (default: a majority of the item's annotators)", "N" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Name of the consensus layer (default consensus)", "NAME" },
    { NULL }
  };
  int status = LW_CLI_OK;

  g_set_prgname ("consensus");
  g_option_context_set_summary (context, "Merge the annotators' layers into one consensus layer: "
                                         "majority vote for tags, IoU-clustered averaging for boxes, "
                                         "exact-match majority for spans. Re-running replaces the layer.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!lw_cli_parse (context, &argc, &argv, &status))
    return status;
  if (!(iou > 0 && iou <= 1))
    return lw_cli_usage (context, "--iou must be greater than 0 and at most 1, got %g", iou);
  if (min_votes < 0)
    return lw_cli_usage (context, "--min-votes must be 0 or more, got %d", min_votes);
  if (name != NULL && *name == '\0')
    return lw_cli_usage (context, "--name must not be empty");
  if (argc != 2)
    return lw_cli_usage (context, "expected one PROJECT file, got %d", argc - 1);
  project = lw_cli_open_writable (argv[1], &error);
  if (project == NULL)
    return lw_cli_fail ("%s", error->message);
  options.iou_threshold = iou;
  options.min_votes = (guint) min_votes;
  options.name = name;
  if (!lw_project_build_consensus (project, &options, &report, &error))
    return lw_cli_fail ("%s", error->message);
  printf ("Items: %" G_GINT64_FORMAT "\nTags: %" G_GINT64_FORMAT " (ties left out: %" G_GINT64_FORMAT ")\n"
          "Boxes: %" G_GINT64_FORMAT " (clusters with too few votes: %" G_GINT64_FORMAT ")\n"
          "Spans: %" G_GINT64_FORMAT "\n",
          report.items, report.tags, report.tag_ties, report.boxes, report.boxes_dropped, report.spans);
  return LW_CLI_OK;
}
