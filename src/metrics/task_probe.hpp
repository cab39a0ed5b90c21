#pragma once

#include <string>
#include <string_view>

#include "metrics/registry.hpp"

namespace sluice::metrics {

struct task_families;

/// DM's stage numbering for dm_worker_task_state (dm/pb Stage): DM's alert fires on 3.
enum class task_stage : int {
  invalid = 0,
  new_ = 1,
  running = 2,
  paused = 3,
  stopped = 4,
  finished = 5,
};

/// "New", "Running", "Paused", "Stopped", "Finished" (query-status spelling) -> stage;
/// anything else -> invalid.
task_stage task_stage_from_name(std::string_view name);

/// dm_worker_task_state and sluice_task_has_error for one subtask (task x source). Owned by the
/// subtask's status; destroying it removes the series. Throws std::logic_error if a probe with
/// the same labels is alive.
class task_probe {
 public:
  task_probe(registry& reg, std::string task, std::string source_id, std::string worker);
  ~task_probe();
  task_probe(const task_probe&) = delete;
  task_probe& operator=(const task_probe&) = delete;

  void set_state(task_stage stage) { state_->Set(static_cast<double>(static_cast<int>(stage))); }
  /// Whether the subtask's status lists an error (DM pauses on it; Sluice may retry it).
  void set_error(bool has_error) { error_->Set(has_error ? 1 : 0); }

 private:
  registry& registry_;
  task_families& families_;
  std::string identity_;
  prometheus::Gauge* state_ = nullptr;
  prometheus::Gauge* error_ = nullptr;
};

}  // namespace sluice::metrics
