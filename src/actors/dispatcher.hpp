#pragma once
// Fans transactions out to worker-count apply workers by their causality keys (a transaction
// sharing a key with one in flight follows it on the same worker; pipeline/apply_scheduler.hpp),
// holds DDL until everything before it is applied, returns credits to the reader as transactions
// complete, and flushes the global checkpoint (the end of the longest fully-applied prefix)
// through the meta sink.

#include <caf/fwd.hpp>

#include "actors/subtask_settings.hpp"

namespace sluice::actors {

/// Handles: pipeline_start_ptr, txn_handle, (start_atom, reader, filter), (done_atom, seqs) from workers,
/// (flushed_atom, checkpoint_ptr) from the meta sink, (drain_atom) -> done_atom once idle and flushed.
caf::actor spawn_dispatcher(caf::actor_system& sys, settings_ptr settings, status_ptr status,
                            caf::actor supervisor);

}  // namespace sluice::actors
