/* lw-stats-consensus.c: the agreement page's Consensus group: builds the consensus layer
 * (the CLI's `consensus`, its options folded away) as a job of the main window, which reloads
 * afterwards, and offers to export that layer through the export dialog */
#define G_LOG_DOMAIN "lw-stats-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-export-dialog.h"
#include "lw-gui.h"
#include "lw-stats-consensus.h"

typedef struct
{
  GWeakRef   window;         /* the main window (LwWindow) */
  GtkWidget *row;            /* AdwActionRow; these children live as long as the group */
  GtkWidget *build_button;
  GtkWidget *export_button;
  GtkWidget *spinner;
  GtkWidget *name_row;       /* AdwEntryRow: the layer's name */
  GtkWidget *iou_spin;
  GtkWidget *votes_spin;
  char      *built;          /* the name of the layer last built here */
} Consensus;

static void
consensus_free (gpointer data)
{
  Consensus *c = data;

  g_weak_ref_clear (&c->window);
  g_free (c->built);
  g_free (c);
}

static void
set_building (Consensus *c, gboolean building)
{
  gtk_widget_set_sensitive (c->build_button, !building);
  gtk_widget_set_visible (c->spinner, building);
  if (building)
    gtk_spinner_start (GTK_SPINNER (c->spinner));
  else
    gtk_spinner_stop (GTK_SPINNER (c->spinner));
}

static void
on_built (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GtkWidget) group = data;   /* held for the reply */
  Consensus *c = g_object_get_data (G_OBJECT (group), "lw-consensus");
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  LwConsensusReport report = { 0 };

  if (!lw_window_consensus_finish (LW_WINDOW (source), result, &report, &error))
    summary = g_strdup (error->message);
  else
    /* TRANSLATORS: what the consensus layer holds, as the CLI's `consensus` prints it */
    summary = g_strdup_printf (_("Built. Items: %'" G_GINT64_FORMAT " · Boxes: %'" G_GINT64_FORMAT
                                 " · Tags: %'" G_GINT64_FORMAT " · Spans: %'" G_GINT64_FORMAT),
                               report.items, report.boxes, report.tags, report.spans);
  /* The statistics window was closed meanwhile: its widgets are gone. */
  if (c == NULL || gtk_widget_get_root (group) == NULL)
    return;
  set_building (c, FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (c->row), summary);
  gtk_widget_set_visible (c->export_button, error == NULL);
  if (error != NULL)
    gtk_widget_add_css_class (c->row, "error");
  else
    gtk_widget_remove_css_class (c->row, "error");
}

static void
on_build_clicked (GtkButton *button, GtkWidget *group)
{
  Consensus *c = g_object_get_data (G_OBJECT (group), "lw-consensus");
  g_autoptr(LwWindow) window = g_weak_ref_get (&c->window);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (c->name_row))));
  LwConsensusOptions opts = {
    .iou_threshold = gtk_spin_button_get_value (GTK_SPIN_BUTTON (c->iou_spin)),
    .min_votes = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (c->votes_spin)),
    .name = *name != '\0' ? name : LW_STATS_CONSENSUS_LAYER,
  };

  if (window == NULL || lw_window_get_project (window) == NULL)
    return;
  if (lw_project_is_read_only (lw_window_get_project (window)) || lw_window_is_busy (window))
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (c->row),
                                   lw_window_is_busy (window)
                                   ? _("An import or export is running: build when it has finished")
                                   : _("The project is open read-only"));
      return;
    }
  set_building (c, TRUE);
  g_free (c->built);
  c->built = g_strdup (opts.name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (c->row), _("Building…"));
  lw_window_consensus_async (window, &opts, NULL, on_built, g_object_ref (group));
}

static void
on_export_clicked (GtkButton *button, GtkWidget *group)
{
  Consensus *c = g_object_get_data (G_OBJECT (group), "lw-consensus");
  g_autoptr(LwWindow) window = g_weak_ref_get (&c->window);
  LwExportDialog *dialog;

  if (window == NULL || lw_window_get_project (window) == NULL)
    return;
  dialog = lw_export_dialog_new (window);
  lw_export_dialog_set_layer (dialog, c->built);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
spin_row (const char *title, const char *subtitle, GtkWidget *spin)
{
  GtkWidget *row = lw_gui_activatable_row_new (title, spin, FALSE);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* The CLI's --name, --iou and --min-votes, folded away with its defaults. */
static GtkWidget *
options_row (Consensus *c)
{
  GtkWidget *expander = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Options"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                 _("The layer’s name, how much boxes must overlap, and how many votes"));
  c->name_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (c->name_row), _("Layer Name"));
  gtk_editable_set_text (GTK_EDITABLE (c->name_row), LW_STATS_CONSENSUS_LAYER);
  c->iou_spin = gtk_spin_button_new_with_range (0.05, 1.0, 0.05);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (c->iou_spin), 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (c->iou_spin), 0.5);
  c->votes_spin = gtk_spin_button_new_with_range (0, 99, 1);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), c->name_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            spin_row (_("Box Overlap (IoU)"),
                                      _("Boxes of one class that overlap this much are one object"),
                                      c->iou_spin));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            spin_row (_("Votes Needed"),
                                      _("How many annotators a box or span needs; 0: a majority"),
                                      c->votes_spin));
  return expander;
}

void
lw_stats_consensus_setup (AdwPreferencesGroup *group,
                          LwWindow            *window)
{
  Consensus *c = g_new0 (Consensus, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));
  g_return_if_fail (LW_IS_WINDOW (window));

  g_weak_ref_init (&c->window, window);
  c->row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (c->row), _("Consensus Layer"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (c->row),
                               _("Merges the annotators’ layers into one layer: majority tags, "
                                 "averaged overlapping boxes, agreed spans. Building again "
                                 "replaces it."));
  c->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (c->spinner, FALSE);
  c->export_button = gtk_button_new_with_mnemonic (_("_Export…"));
  gtk_widget_set_tooltip_text (c->export_button, _("Export the consensus layer"));
  gtk_widget_set_visible (c->export_button, FALSE);
  c->build_button = gtk_button_new_with_mnemonic (_("_Build"));
  gtk_widget_set_tooltip_text (c->build_button, _("Build the consensus layer"));
  gtk_widget_add_css_class (c->build_button, "suggested-action");
  for (GtkWidget **w = (GtkWidget *[]) { c->spinner, c->export_button, c->build_button, NULL }; *w; w++)
    {
      gtk_widget_set_valign (*w, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), *w);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (c->row), box);
  g_signal_connect (c->build_button, "clicked", G_CALLBACK (on_build_clicked), group);
  g_signal_connect (c->export_button, "clicked", G_CALLBACK (on_export_clicked), group);
  adw_preferences_group_add (group, c->row);
  adw_preferences_group_add (group, options_row (c));
  g_object_set_data_full (G_OBJECT (group), "lw-consensus", c, consensus_free);
}
