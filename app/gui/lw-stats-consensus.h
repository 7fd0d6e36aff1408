/* lw-stats-consensus.h: the agreement page's Consensus group: builds the consensus layer as
 * a job of the main window, and offers to export that layer */
#pragma once

#include <adwaita.h>

#include "lw-window.h"

G_BEGIN_DECLS

/* The layer that the group builds unless named otherwise (the CLI's default). */
#define LW_STATS_CONSENSUS_LAYER "consensus"

/* Fills @group with a row that builds the consensus of @window's project and, once built,
 * exports it, and an expander with the options (name, IoU 0.5 and a majority of each item's
 * annotators by default). */
void lw_stats_consensus_setup (AdwPreferencesGroup *group,
                               LwWindow            *window);

G_END_DECLS
