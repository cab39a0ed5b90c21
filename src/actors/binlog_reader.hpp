#pragma once
// The detached actor at the head of a pipeline: reads checkpoints, streams the upstream binlog,
// decodes it and sends whole transactions on, spending one credit per transaction.

#include <atomic>
#include <memory>

#include <caf/fwd.hpp>

#include "actors/subtask_settings.hpp"

namespace sluice::actors {

/// Spawns the reader (its own thread: every call it makes blocks). It stops when `stop` is set,
/// checked at least once per heartbeat period, and reports failures to `supervisor`.
caf::actor spawn_binlog_reader(caf::actor_system& sys, settings_ptr settings, status_ptr status,
                               caf::actor next, caf::actor supervisor,
                               std::shared_ptr<std::atomic<bool>> stop);

}  // namespace sluice::actors
