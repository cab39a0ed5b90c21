#pragma once
// One task: the subtasks (one per mysql-instance) it supervises, and commands fanned out to them.

#include <vector>

#include <caf/fwd.hpp>

#include "actors/subtask_settings.hpp"

namespace sluice::actors {

/// Handles start_atom, pause_atom, resume_atom, stop_atom, each answered with done_atom once
/// every subtask answered. After stop it quits.
caf::actor spawn_task(caf::actor_system& sys, std::vector<settings_ptr> subtasks, std::vector<status_ptr> statuses,
                      bool start_paused);

}  // namespace sluice::actors
