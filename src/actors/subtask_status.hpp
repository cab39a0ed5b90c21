#pragma once
// What query-status reports about one subtask (task x source). Written by the subtask's actors,
// read by status requests on other threads; the only state shared across threads on purpose.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "metrics/syncer_probe.hpp"
#include "metrics/task_probe.hpp"
#include "pipeline/binlog_position.hpp"

namespace sluice::actors {

enum class stage : std::uint8_t { created, running, paused, stopped, finished };
/// DM's names: "New", "Running", "Paused", "Stopped", "Finished".
const char* stage_name(stage s) noexcept;
/// dm_worker_task_state numbering: 1 New, 2 Running, 3 Paused, 4 Stopped, 5 Finished.
int stage_number(stage s) noexcept;

/// DM's ProcessError fields.
struct subtask_error {
  int code = 0;             // ErrCode
  std::string error_class;  // ErrClass: "binlog-op", "database", "config", ...
  std::string scope;        // ErrScope: "upstream", "downstream", "internal"
  std::string message;
  std::string raw_cause;
  std::string workaround;
  bool resumable = true;
};

struct subtask_snapshot {
  std::string task, source_id, worker;
  stage current = stage::created;
  std::vector<subtask_error> errors;
  std::uint64_t total_events = 0;
  double total_tps = 0, recent_tps = 0;
  pipeline::binlog_position syncer_binlog;  // the flushed checkpoint
  std::string syncer_gtid;
  std::int64_t seconds_behind = 0;
  bool safe_mode = false;
};

/// Created by the task actor, shared (shared_ptr) with the subtask and its pipeline.
class subtask_status {
 public:
  /// With a registry, the subtask's metric series (DM's names) live as long as this object.
  subtask_status(std::string task, std::string source_id, std::string worker,
                 metrics::registry* registry = nullptr);

  /// Null when metrics are off (or a stale series with the same labels still existed).
  metrics::syncer_probe* probe() noexcept { return probe_.get(); }

  void set_stage(stage s);
  void set_error(subtask_error e);  // replaces the error list with one error
  void clear_errors();
  void set_flushed(pipeline::binlog_position pos, std::string gtid);
  void set_safe_mode(bool on) { safe_mode_.store(on); }
  void add_events(std::uint64_t n) { total_events_.fetch_add(n, std::memory_order_relaxed); }
  /// Upstream timestamp of the oldest transaction in flight; 0 when idle.
  void set_oldest_in_flight(std::uint32_t ts) { oldest_in_flight_.store(ts, std::memory_order_relaxed); }
  /// The local clock minus the upstream's, measured at connect (DM's tsOffset).
  void set_clock_offset(std::int64_t seconds) { clock_offset_.store(seconds); }

  std::int64_t seconds_behind() const;
  /// Seconds from an upstream event timestamp to now, on the upstream's clock.
  double seconds_since_upstream(std::uint32_t timestamp) const;
  pipeline::binlog_position flushed() const;
  stage current_stage() const;
  /// Also advances the "recent" window used for recentTps, as DM's status print does.
  subtask_snapshot snapshot();

 private:
  const std::string task_, source_id_, worker_;
  std::unique_ptr<metrics::syncer_probe> probe_;
  std::unique_ptr<metrics::task_probe> task_probe_;
  std::atomic<std::uint64_t> total_events_{0};
  std::atomic<std::uint32_t> oldest_in_flight_{0};
  std::atomic<std::int64_t> clock_offset_{0};
  std::atomic<bool> safe_mode_{false};
  mutable std::mutex mutex_;
  stage stage_ = stage::created;
  std::vector<subtask_error> errors_;
  pipeline::binlog_position flushed_;
  std::string flushed_gtid_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point recent_at_ = started_;
  std::uint64_t recent_events_ = 0;
  double recent_tps_ = 0;
};

}  // namespace sluice::actors
