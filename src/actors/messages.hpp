#pragma once
// Atoms and message types of the actor pipeline. Everything here stays in one process: the
// payload types are shared pointers to immutable-once-sent data, so they are declared as local-only
// (unsafe) message types rather than given serializers that would never run.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>

#include "actors/subtask_status.hpp"
#include "db/checkpoint_store.hpp"
#include "pipeline/transaction.hpp"

namespace sluice::actors {

using start_atom = caf::atom_constant<caf::atom("start")>;
using credit_atom = caf::atom_constant<caf::atom("credit")>;
using done_atom = caf::atom_constant<caf::atom("done")>;
using flush_atom = caf::atom_constant<caf::atom("flush")>;
using ddl_atom = caf::atom_constant<caf::atom("ddl")>;
using checkpt_atom = caf::atom_constant<caf::atom("checkpt")>;
using flushed_atom = caf::atom_constant<caf::atom("flushed")>;
using refresh_atom = caf::atom_constant<caf::atom("refresh")>;
using drain_atom = caf::atom_constant<caf::atom("drain")>;
using fail_atom = caf::atom_constant<caf::atom("fail")>;
using pause_atom = caf::atom_constant<caf::atom("pause")>;
using resume_atom = caf::atom_constant<caf::atom("resume")>;
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using restart_atom = caf::atom_constant<caf::atom("restart")>;
using status_atom = caf::atom_constant<caf::atom("status")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;

/// A transaction travelling down the pipeline. Each stage owns it while it holds it; once a stage
/// sends it on, it does not touch it again. Sinks share it read-only.
using txn_handle = std::shared_ptr<pipeline::transaction>;

/// Sent by the reader once it has read the checkpoints, before the first transaction.
struct pipeline_start {
  db::checkpoint_state checkpoints;
  pipeline::binlog_position start;
  std::string start_gtid;
};
using pipeline_start_ptr = std::shared_ptr<const pipeline_start>;

/// A transaction for an apply worker, with the dispatcher's safe point when it was sent (every
/// transaction at or before `low` is committed downstream).
struct apply_work {
  txn_handle txn;
  pipeline::binlog_position low;
  std::string low_gtid;
};
using apply_work_ptr = std::shared_ptr<const apply_work>;

using error_ptr = std::shared_ptr<const subtask_error>;
using checkpoint_ptr = std::shared_ptr<const db::checkpoint_row>;

}  // namespace sluice::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::txn_handle)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::pipeline_start_ptr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::apply_work_ptr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::error_ptr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::checkpoint_ptr)
