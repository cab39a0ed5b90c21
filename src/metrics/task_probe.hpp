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

/// dm_worker_task_state for one subtask (task x source). Owned by the subtask; destroying it
/// removes the series. Throws std::logic_error if a probe with the same labels is alive.
class task_probe {
 public:
  task_probe(registry& reg, std::string task, std::string source_id, std::string worker);
  ~task_probe();
  task_probe(const task_probe&) = delete;
  task_probe& operator=(const task_probe&) = delete;

  void set_state(task_stage stage) { state_->Set(static_cast<double>(static_cast<int>(stage))); }

 private:
  registry& registry_;
  task_families& families_;
  std::string identity_;
  prometheus::Gauge* state_;
};

}  // namespace sluice::metrics
