#pragma once
// The actors that write to the downstream, each on its own thread and connection:
//   table_sink: applies the rows of one target table, merging whatever queued up into one
//               downstream transaction together with that table's checkpoint rows;
//   meta_sink:  executes DDL and writes the global checkpoint.

#include <caf/fwd.hpp>

#include "actors/subtask_settings.hpp"
#include "pipeline/table_ref.hpp"

namespace sluice::actors {

/// Handles table_work_ptr and refresh_atom; answers the dispatcher with (done_atom, seqs).
caf::actor spawn_table_sink(caf::actor_system& sys, settings_ptr settings, status_ptr status,
                            pipeline::table_name target, caf::actor dispatcher, caf::actor supervisor);

/// Handles (ddl_atom, txn_handle) -> (ddl_atom, done_atom, seq) and (checkpt_atom, checkpoint_ptr)
/// -> (flushed_atom, checkpoint_ptr), both sent to the dispatcher.
caf::actor spawn_meta_sink(caf::actor_system& sys, settings_ptr settings, caf::actor dispatcher,
                           caf::actor supervisor);

}  // namespace sluice::actors
