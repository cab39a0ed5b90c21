#pragma once
// The actors that write to the downstream, each on its own thread and connection:
//   apply_worker: applies the transactions the dispatcher sends it (worker-count of them),
//                 merging whatever queued up into one downstream transaction together with its
//                 worker checkpoint row;
//   meta_sink:    executes DDL and writes the global checkpoint.

#include <caf/fwd.hpp>

#include "actors/subtask_settings.hpp"
#include "db/checkpoint_store.hpp"

namespace sluice::actors {

/// Handles apply_work_ptr and refresh_atom (downstream definitions changed); answers the
/// dispatcher with (done_atom, seqs) once their batch committed. `initial` is what its
/// checkpoint row starts from: the transactions a previous run committed past the resume point.
caf::actor spawn_apply_worker(caf::actor_system& sys, settings_ptr settings, status_ptr status, std::size_t index,
                              db::worker_checkpoint initial, caf::actor dispatcher, caf::actor supervisor);

/// Handles (ddl_atom, txn_handle) -> (ddl_atom, done_atom, seq) and (checkpt_atom, checkpoint_ptr)
/// -> (flushed_atom, checkpoint_ptr), both sent to the dispatcher.
caf::actor spawn_meta_sink(caf::actor_system& sys, settings_ptr settings, caf::actor dispatcher,
                           caf::actor supervisor);

}  // namespace sluice::actors
