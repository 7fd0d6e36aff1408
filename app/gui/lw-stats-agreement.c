/* lw-stats-agreement.c: the statistics window's agreement page: the summary of the
 * agreement report, F1 by class, and the items with most disagreement */
#define G_LOG_DOMAIN "lw-stats-window"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lw-stats-agreement.h"

static char *
format_share (double value)
{
  return isnan (value) ? g_strdup ("–") : g_strdup_printf ("%.1f %%", value * 100.0);
}

static char *
format_coefficient (double value)
{
  return isnan (value) ? g_strdup ("–") : g_strdup_printf ("%.3f", value);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_summary_row (GtkListBox *list, const char *title, const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (list, row);
}

static void
add_match_row (GtkListBox *list, const char *title, const LwMatchCounts *counts)
{
  g_autofree char *f1 = format_share (lw_match_f1 (counts));
  g_autofree char *p = format_share (lw_match_precision (counts));
  g_autofree char *r = format_share (lw_match_recall (counts));
  /* Translators: F1, precision and recall between annotators */
  g_autofree char *value = g_strdup_printf (_("F1 %s · precision %s · recall %s"), f1, p, r);

  add_summary_row (list, title, value);
}

guint
lw_stats_agreement_fill (const LwAgreementReport *a,
                         GtkListBox              *summary,
                         LwChart                 *chart,
                         GtkListBox              *items,
                         guint                    max_items)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *n_items = NULL;
  guint shown = 0;

  g_return_val_if_fail (GTK_IS_LIST_BOX (summary) && LW_IS_CHART (chart) && GTK_IS_LIST_BOX (items), 0);

  clear_list (summary);
  clear_list (items);
  lw_chart_clear (chart);
  if (a == NULL)
    return 0;

  for (guint i = 0; i < a->annotators->len; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", (const char *) g_ptr_array_index (a->annotators, i));
  add_summary_row (summary, _("Annotators"), names->str);
  n_items = g_strdup_printf ("%" G_GSIZE_FORMAT, a->n_items);
  add_summary_row (summary, _("Items labelled by two or more"), n_items);
  if (a->shapes.tp + a->shapes.fp + a->shapes.fn > 0)
    {
      g_autofree char *title = g_strdup_printf (_("Shapes (IoU ≥ %.2f)"), a->iou_threshold);
      add_match_row (summary, title, &a->shapes);
    }
  if (a->spans_exact.tp + a->spans_exact.fp + a->spans_exact.fn > 0)
    {
      add_match_row (summary, _("Spans, exact"), &a->spans_exact);
      add_match_row (summary, _("Spans, overlapping"), &a->spans_overlap);
    }
  for (guint i = 0; i < a->tags->len; i++)
    {
      const LwTagAgreement *t = g_ptr_array_index (a->tags, i);
      g_autofree char *agree = format_share (t->percent_agreement);
      g_autofree char *kappa = format_coefficient (a->annotators->len == 2 ? t->cohen_kappa : t->fleiss_kappa);
      g_autofree char *alpha = format_coefficient (t->krippendorff_alpha);
      g_autofree char *value = a->annotators->len == 2
        /* Translators: agreement on a tag: share of agreeing pairs, Cohen's kappa, Krippendorff's alpha */
        ? g_strdup_printf (_("agree %s · Cohen's κ %s · α %s"), agree, kappa, alpha)
        /* Translators: agreement on a tag: share of agreeing pairs, Fleiss' kappa, Krippendorff's alpha */
        : g_strdup_printf (_("agree %s · Fleiss' κ %s · α %s"), agree, kappa, alpha);
      add_summary_row (summary, t->variable, value);
    }

  for (guint i = 0; i < a->shape_classes->len; i++)
    {
      const LwClassAgreement *c = g_ptr_array_index (a->shape_classes, i);
      lw_chart_add (chart, c->class_name, lw_match_f1 (&c->counts), NULL);
    }
  for (guint i = 0; i < a->span_classes->len; i++)
    {
      const LwClassAgreement *c = g_ptr_array_index (a->span_classes, i);
      lw_chart_add (chart, c->class_name, lw_match_f1 (&c->overlap), NULL);
    }

  for (guint i = 0; i < a->items->len && shown < max_items; i++)
    {
      const LwItemAgreement *it = &g_array_index (a->items, LwItemAgreement, i);
      GtkWidget *row;
      g_autofree char *title = NULL;
      g_autofree char *share = NULL;
      g_autofree char *subtitle = NULL;

      if (isnan (it->disagreement) || it->disagreement <= 0)
        continue;
      row = adw_action_row_new ();
      title = g_markup_escape_text (it->item_name ? it->item_name : "", -1);
      share = format_share (it->disagreement);
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Disagreement %s · %u annotator",
                                               "Disagreement %s · %u annotators", it->n_annotators),
                                  share, it->n_annotators);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "lw-item-id", g_memdup2 (&it->item_id, sizeof it->item_id), g_free);
      gtk_list_box_append (items, row);
      shown++;
    }
  return shown;
}

gint64
lw_stats_agreement_row_item (GtkListBoxRow *row)
{
  const gint64 *id;

  g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (row), 0);
  id = g_object_get_data (G_OBJECT (row), "lw-item-id");
  return id != NULL ? *id : 0;
}

