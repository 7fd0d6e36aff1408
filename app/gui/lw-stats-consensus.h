/* lw-stats-consensus.h: the agreement page's Consensus group: builds the consensus layer as
 * a job of the main window, and offers to export that layer */
#pragma once

#include <adwaita.h>

#include "lw-window.h"

G_BEGIN_DECLS

/* The layer that the group builds (the CLI's `consensus` without --name). */
#define LW_STATS_CONSENSUS_LAYER "consensus"

/* Fills @group with a row that builds the consensus of @window's project (the CLI's
 * defaults: IoU 0.5, a majority of each item's annotators) and, once built, exports it. */
void lw_stats_consensus_setup (AdwPreferencesGroup *group,
                               LwWindow            *window);

G_END_DECLS
