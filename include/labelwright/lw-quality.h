/* lw-quality.h: inter-annotator agreement and project statistics */
#pragma once

#include <gio/gio.h>
#include "lw-types.h"

G_BEGIN_DECLS

/* Agreement measures: pure functions, no project.
 *
 * Labels are category indices in [0, n_categories); a negative label is a missing value.
 * Every coefficient returns NaN where it is undefined, never a made-up number:
 *  - no items (or no pairable values) at all;
 *  - only one category was ever used (expected disagreement is zero, so chance-corrected
 *    agreement is 0/0: "all raters said car" does not tell agreement from a constant rater).
 * Perfect agreement over two or more categories gives exactly 1; agreement at chance level
 * gives 0; worse than chance is negative. The CLI prints NaN as JSON null. */

/* Cohen's kappa from a k x k contingency table (row: rater A, column: rater B), row-major. */
double lw_cohen_kappa_table (const double *table,
                             guint         n_categories);
/* Cohen's kappa of two raters' labels for @n_items items; items where either label is
 * missing are skipped. */
double lw_cohen_kappa       (const int    *labels_a,
                             const int    *labels_b,
                             gsize         n_items,
                             guint         n_categories);
/* Fleiss' kappa. @counts is n_items x n_categories, row-major: how many raters put item i in
 * category j. Every row must have the same total n >= 2 (a fixed number of raters per
 * item); NaN when the rows differ. */
double lw_fleiss_kappa      (const double *counts,
                             gsize         n_items,
                             guint         n_categories);
/* Krippendorff's alpha, nominal metric. @labels is n_coders x n_units, row-major
 * (labels[c * n_units + u]); negative = missing. Units with fewer than two values are not
 * pairable and do not count. */
double lw_krippendorff_alpha_nominal (const int *labels,
                                      guint      n_coders,
                                      gsize      n_units,
                                      guint      n_categories);

/* A box for matching: x, y, w, h (top-left origin) and the label it carries. */
typedef struct {
  double x, y, w, h;
  gint64 label;
} LwBox;

/* A text span: code point offsets, end exclusive, and its label. */
typedef struct {
  gint64 start, end;
  gint64 label;
} LwSpan;

/* Matching counts between a reference set A and a compared set B.
 * precision = tp / |B|, recall = tp / |A|, f1 = 2 tp / (|A| + |B|).
 * Degenerate cases: precision is NaN when B is empty, recall NaN when A is empty, and all
 * three are NaN when both are empty (nothing was compared). */
typedef struct {
  guint64 tp;   /* matched pairs */
  guint64 fp;   /* unmatched in B */
  guint64 fn;   /* unmatched in A */
} LwMatchCounts;

double lw_match_precision (const LwMatchCounts *counts);
double lw_match_recall    (const LwMatchCounts *counts);
double lw_match_f1        (const LwMatchCounts *counts);
void   lw_match_counts_add (LwMatchCounts *sum, const LwMatchCounts *counts);

/* Intersection over union of two boxes; 0 when either has no area. */
double lw_box_iou   (const LwBox *a, const LwBox *b);

/* Greedy one-to-one matching: pairs of the same label with IoU >= @iou_threshold, taken
 * in order of decreasing IoU (ties: lower index of A, then of B). Adds to @counts. */
void   lw_box_match (const LwBox   *a,
                     guint          n_a,
                     const LwBox   *b,
                     guint          n_b,
                     double         iou_threshold,
                     LwMatchCounts *counts);

/* Span matching, one-to-one, same label only. Exact: identical start and end. Overlap:
 * any shared code point, greedily by decreasing overlap length. Adds to @counts. */
void   lw_span_match (const LwSpan  *a,
                      guint          n_a,
                      const LwSpan  *b,
                      guint          n_b,
                      gboolean       exact,
                      LwMatchCounts *counts);

/* Project agreement. Every annotator layer counts except consensus layers (derived from
 * the others). An item takes part when annotations of two or more annotators are on it.
 *
 * Tags: an exclusive group (e.g. "weather") is one nominal variable whose categories are
 * the group's classes; an annotator who tagged none of them has a missing value. Any other
 * tag class is a present/absent variable for each annotator with annotations on the item.
 * Cohen's kappa when exactly two annotators take part; Fleiss' kappa over the items that
 * every annotator labelled; Krippendorff's alpha always (it allows missing values).
 *
 * Shapes (bbox, rbox, polygon; rbox and polygon by their axis-aligned bounds) and spans:
 * for each pair of annotators on an item, the lower annotator id is the reference; counts
 * are summed over pairs and items per class (micro average) and overall. */
typedef struct {
  char   *variable;        /* group name, or class name for a present/absent tag */
  char  **categories;      /* NULL-terminated: class names, or "absent", "present" */
  gsize   n_items;         /* items with at least two values for the variable */
  gsize   n_fleiss_items;  /* items every annotator labelled */
  double  percent_agreement; /* share of agreeing pairs of values */
  double  cohen_kappa;     /* NaN unless exactly two annotators */
  double  fleiss_kappa;    /* NaN unless more than two annotators */
  double  krippendorff_alpha;
} LwTagAgreement;

typedef struct {
  gint64        class_id;
  char         *class_name;
  LwMatchCounts counts;
  LwMatchCounts overlap;    /* spans only: overlap matching; counts holds exact matching */
} LwClassAgreement;

typedef struct {
  gint64  item_id;
  char   *item_name;
  guint   n_annotators;
  double  disagreement;    /* mean over the parts the item has: in [0, 1] */
  double  tag_disagreement;/* share of disagreeing pairs of tag values; NaN without tags */
  double  shape_f1;        /* NaN without shapes */
  double  span_f1;         /* overlap F1; NaN without spans */
} LwItemAgreement;

typedef struct {
  double         iou_threshold;
  GPtrArray     *annotators;   /* char* names of the annotators that take part */
  gsize          n_items;      /* items with two or more annotators */
  GPtrArray     *tags;         /* LwTagAgreement* */
  GPtrArray     *shape_classes;/* LwClassAgreement* */
  LwMatchCounts  shapes;       /* overall */
  GPtrArray     *span_classes; /* LwClassAgreement* */
  LwMatchCounts  spans_exact;
  LwMatchCounts  spans_overlap;
  GArray        *items;        /* LwItemAgreement, most disagreement first */
} LwAgreementReport;

LwAgreementReport *lw_project_compute_agreement (LwProject     *project,
                                                 double         iou_threshold,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
void               lw_agreement_report_free     (LwAgreementReport *report);

/* Statistics: every number from an SQL aggregate or one streaming scan. */
typedef struct {
  char   *class_name;
  gint64  class_id;
  gint64  by_kind[LW_ANNOTATION_N_KINDS];
  gint64  total;
} LwClassCount;

typedef struct {
  char   *annotator;       /* NULL: annotations without annotator */
  gint64  annotations;
  gint64  items;           /* distinct items with annotations by them */
} LwAnnotatorCount;

typedef struct {
  char   *annotator;       /* NULL: no annotator */
  gint64  annotator_id;    /* 0: no annotator */
  char   *day;             /* "YYYY-MM-DD", UTC */
  gint64  annotations;     /* annotations created that day (that still exist) */
  gint64  items_done;      /* items set to done that day (history, not undone) */
} LwProgressRow;

/* COCO's size classes of a box's area in pixels: small < 32², medium < 96², large. */
typedef enum {
  LW_BOX_SIZE_SMALL,
  LW_BOX_SIZE_MEDIUM,
  LW_BOX_SIZE_LARGE,
  LW_BOX_N_SIZES
} LwBoxSize;

/* A finer histogram, for charts: a box's side, sqrt(area) in pixels, by octave. Bin 0 holds
 * sides below 8, bin i in 1..6 holds [2^(i+2), 2^(i+3)), the last bin 512 and above. */
#define LW_BOX_N_SIDE_BINS 8

typedef struct {
  gint64     items;
  gint64     items_by_status[LW_ITEM_N_STATUSES];
  gint64     annotations;
  gint64     annotations_by_kind[LW_ANNOTATION_N_KINDS];
  GPtrArray *by_class;           /* LwClassCount*, palette order, classes in use only */
  GPtrArray *by_annotator;       /* LwAnnotatorCount*, by name, no-annotator last */
  GArray    *per_item;           /* gint64 pairs {n_annotations, n_items}, by n_annotations */
  gint64     box_sizes[LW_BOX_N_SIZES];
  gint64     box_sides[LW_BOX_N_SIDE_BINS]; /* by lw_box_side_bin */
  double     box_area_min;       /* NaN without boxes */
  double     box_area_max;
  double     box_area_mean;
  GPtrArray *progress;           /* LwProgressRow*, by day then annotator */
} LwProjectStats;

const char     *lw_box_size_to_string      (LwBoxSize size);
LwBoxSize       lw_box_size_of_area        (double area);
guint           lw_box_side_bin            (double area);
/* The smallest side in @bin: 0, 8, 16, ..., 512. */
double          lw_box_side_bin_start      (guint  bin);
LwProjectStats *lw_project_compute_stats   (LwProject  *project,
                                            GError    **error);
void            lw_project_stats_free      (LwProjectStats *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwAgreementReport, lw_agreement_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwProjectStats, lw_project_stats_free)

/* Review: a reviewer accepts or rejects a done item. */
typedef enum {
  LW_REVIEW_ACCEPT,
  LW_REVIEW_REJECT,
} LwReviewVerdict;

typedef struct {
  gint64  id;
  gint64  item_id;
  char   *reviewer;
  char   *verdict;   /* "accepted", "rejected" or "comment" */
  char   *comment;   /* NULL when none was given */
  gint64  at;        /* microseconds since the epoch, as the history */
} LwReview;

void       lw_review_free               (LwReview *review);

/* One edit (one transaction, one undo step): sets the item's status to accepted or
 * rejected and records the review row. Only done, accepted or rejected items can be
 * reviewed; a rejection needs a non-empty comment. Undo restores the status; the review
 * row stays as the audit trail. */
gboolean   lw_project_review_item       (LwProject        *project,
                                         gint64            item_id,
                                         const char       *reviewer,
                                         LwReviewVerdict   verdict,
                                         const char       *comment,
                                         GError          **error);
/* LwReview*, oldest first. */
GPtrArray *lw_project_list_reviews      (LwProject        *project,
                                         gint64            item_id,
                                         GError          **error);
/* The comment of the latest rejection when the item is rejected now, else NULL
 * (with @error unset). */
char      *lw_project_dup_rejection_comment (LwProject    *project,
                                         gint64            item_id,
                                         GError          **error);
/* The first done item with an id above @after_id, or 0 (keyset: cost independent of
 * the number of items). */
gint64     lw_project_next_review_item  (LwProject        *project,
                                         gint64            after_id,
                                         GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwReview, lw_review_free)

/* Consensus: merges the annotator layers into a new layer (source "consensus"). Tags: a
 * strict majority of the item's annotators (an exact half is a tie: left out, counted).
 * Boxes: greedy clustering by IoU with the cluster's mean box, same class, at most one box
 * per annotator; a cluster with >= min_votes members gives its mean box. Spans: identical
 * (class, start, end) from >= min_votes annotators. min_votes 0 = a majority of the
 * annotators on the item. One transaction; re-running replaces the layer. */
typedef struct {
  double       iou_threshold;  /* default 0.5 */
  guint        min_votes;      /* 0: majority */
  const char  *name;           /* layer name, default "consensus" */
} LwConsensusOptions;

typedef struct {
  gint64 items;          /* items with at least one annotator */
  gint64 tags;
  gint64 tag_ties;
  gint64 boxes;
  gint64 boxes_dropped;  /* clusters with too few votes */
  gint64 spans;
} LwConsensusReport;

gboolean   lw_project_build_consensus   (LwProject                *project,
                                         const LwConsensusOptions *options,
                                         LwConsensusReport        *report,
                                         GError                  **error);

/* Assignment (lw-assign.c): every item is labelled by one annotator, and a share of the
 * items (the overlap) by @overlap annotators. Deterministic (the order of the items is a
 * hash of @seed and their content), balanced (after a run the annotators' counts of
 * assigned items differ by at most one when they did before, as with the same annotators
 * every run) and incremental (a run assigns only items without an assignment; rows are
 * never moved). One transaction; a bad plan is refused and changes nothing: no annotators,
 * a name twice or blank, @overlap not in 1..number of annotators, @share outside 0..100,
 * an annotator the project does not know unless @add_annotators. The plan is saved in the
 * project's metadata (keys "assign.annotators", "assign.overlap", "assign.share",
 * "assign.seed"). */
typedef struct {
  const char * const *annotators; /* NULL-terminated names */
  guint               overlap;    /* N: annotators per overlap item, 1 = no overlap */
  double              share;      /* S: percent of the items that get N annotators */
  guint64             seed;
  gboolean            add_annotators; /* register names the project does not know */
} LwAssignOptions;

typedef struct {
  char   *annotator;
  gint64  assigned;   /* items assigned to them, done or not */
  gint64  added;      /* of which this run */
  gint64  overlap;    /* of which overlap items */
  gint64  queue;      /* their queue now (see lw_project_list_queue) */
} LwAssignCount;

typedef struct {
  gint64     items;          /* items in the project */
  gint64     added_items;    /* items assigned by this run */
  gint64     overlap_items;  /* items with the overlap, all runs */
  guint      overlap;
  double     share;
  guint64    seed;
  GPtrArray *annotators;     /* LwAssignCount*, in the order of the options */
} LwAssignReport;

LwAssignReport *lw_project_assign          (LwProject              *project,
                                            const LwAssignOptions  *options,
                                            GError                **error);
void            lw_assign_report_free      (LwAssignReport         *report);
/* Whether any item is assigned (FALSE for files older than format 4). */
gboolean        lw_project_has_assignments (LwProject              *project);
/* The id of the annotator of that name, or 0; never adds one. */
gint64          lw_project_find_annotator  (LwProject              *project,
                                            const char             *name);

/* Marks @item_id done by the current annotator (an edit: one transaction, one undo step).
 * When the item is assigned to them, the mark is recorded on their assignment and the item
 * becomes done once every annotator assigned to it has marked it (in_progress until then;
 * a done or accepted item keeps its status). Otherwise the same as
 * lw_project_set_item_status (…, LW_ITEM_STATUS_DONE). */
gboolean        lw_project_mark_item_done  (LwProject              *project,
                                            gint64                  item_id,
                                            GError                **error);

/* An annotator's queue, in item id order (keyset paging like lw_project_list_items): the
 * new, in_progress or rejected items assigned to them that they have not marked done since
 * the item's latest rejection, and the rejected items they labelled without being assigned.
 * The same items as LwItemFilter.queue_annotator_id. */
typedef struct {
  LwItem *item;
  char   *comment;   /* the latest review's rejection comment while it stands, else NULL */
} LwQueueEntry;

GPtrArray      *lw_project_list_queue      (LwProject              *project,
                                            gint64                  annotator_id,
                                            gint64                  after_id,
                                            guint                   limit,
                                            GError                **error);
gint64          lw_project_count_queue     (LwProject              *project,
                                            gint64                  annotator_id,
                                            GError                **error);
void            lw_queue_entry_free        (LwQueueEntry           *entry);
/* The comment of the item's latest verdict when that is a rejection and the item is open
 * (new, in_progress or rejected), else NULL (with @error unset). Unlike
 * lw_project_dup_rejection_comment it stays while an item with several annotators waits,
 * in_progress, for the others to fix it. */
char           *lw_project_dup_open_rejection_comment (LwProject *project,
                                            gint64                  item_id,
                                            GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwAssignReport, lw_assign_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwQueueEntry, lw_queue_entry_free)

G_END_DECLS
