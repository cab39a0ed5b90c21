#pragma once
// The two light middle stages of a pipeline, each a thin shell over pipeline/ logic:
//   filter:  block-allow-list and per-table checkpoints (pipeline::row_filter)
//   rewrite: safe mode (pipeline::safe_mode_policy); routing joins here with the rules issue.

#include <caf/fwd.hpp>

#include "actors/subtask_settings.hpp"

namespace sluice::actors {

caf::actor spawn_filter_stage(caf::actor_system& sys, settings_ptr settings, caf::actor next,
                              caf::actor supervisor);
caf::actor spawn_rewrite_stage(caf::actor_system& sys, settings_ptr settings, status_ptr status,
                               caf::actor next);

}  // namespace sluice::actors
