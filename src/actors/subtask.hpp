#pragma once
// Supervises one pipeline (task x source): starts it, drains it on pause/stop, and restarts it with
// DM's backoff after resumable errors. Its stage and errors live in the shared subtask_status.

#include <caf/fwd.hpp>

#include "actors/subtask_settings.hpp"

namespace sluice::actors {

/// Handles start_atom, pause_atom, resume_atom, stop_atom (each answered with done_atom once
/// the pipeline is in the new state), (fail_atom, error_ptr) from pipeline actors, and
/// (start_atom, actor) registrations of sinks to watch.
caf::actor spawn_subtask(caf::actor_system& sys, settings_ptr settings, status_ptr status);

}  // namespace sluice::actors
