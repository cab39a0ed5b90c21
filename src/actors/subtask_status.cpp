#include "actors/subtask_status.hpp"

#include <iostream>

namespace sluice::actors {

const char* stage_name(stage s) noexcept {
  switch (s) {
    case stage::created:
      return "New";
    case stage::running:
      return "Running";
    case stage::paused:
      return "Paused";
    case stage::stopped:
      return "Stopped";
    case stage::finished:
      return "Finished";
  }
  return "InvalidStage";
}

int stage_number(stage s) noexcept {
  return static_cast<int>(s) + 1;
}

subtask_status::subtask_status(std::string task, std::string source_id, std::string worker,
                               metrics::registry* registry)
    : task_(std::move(task)), source_id_(std::move(source_id)), worker_(std::move(worker)) {
  if (!registry)
    return;
  try {
    probe_ = std::make_unique<metrics::syncer_probe>(*registry, task_, source_id_, worker_);
    task_probe_ = std::make_unique<metrics::task_probe>(*registry, task_, source_id_, worker_);
    task_probe_->set_state(metrics::task_stage::new_);
  } catch (const std::logic_error& e) {
    // The series of a just-stopped task with the same name are still registered.
    std::cerr << "sluice: warning: task " << task_ << " source " << source_id_
              << " runs without metrics: " << e.what() << "\n";
    probe_.reset();
    task_probe_.reset();
  }
}

void subtask_status::set_stage(stage s) {
  std::lock_guard lock(mutex_);
  stage_ = s;
  if (task_probe_)
    task_probe_->set_state(static_cast<metrics::task_stage>(stage_number(s)));
}

void subtask_status::set_error(subtask_error e) {
  std::lock_guard lock(mutex_);
  errors_.assign(1, std::move(e));
  if (task_probe_) task_probe_->set_error(true);
}

void subtask_status::clear_errors() {
  std::lock_guard lock(mutex_);
  errors_.clear();
  if (task_probe_) task_probe_->set_error(false);
}

void subtask_status::set_flushed(pipeline::binlog_position pos, std::string gtid) {
  std::lock_guard lock(mutex_);
  if (probe_)
    probe_->syncer_position(pos.file, pos.pos);
  flushed_ = std::move(pos);
  if (!gtid.empty())
    flushed_gtid_ = std::move(gtid);
}

pipeline::binlog_position subtask_status::flushed() const {
  std::lock_guard lock(mutex_);
  return flushed_;
}

stage subtask_status::current_stage() const {
  std::lock_guard lock(mutex_);
  return stage_;
}

std::int64_t subtask_status::seconds_behind() const {
  auto oldest = oldest_in_flight_.load(std::memory_order_relaxed);
  if (oldest == 0)
    return 0;
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  auto behind = now - clock_offset_.load() - static_cast<std::int64_t>(oldest);
  return behind < 0 ? 0 : behind;
}

double subtask_status::seconds_since_upstream(std::uint32_t timestamp) const {
  auto now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto lag = now - static_cast<double>(clock_offset_.load()) - static_cast<double>(timestamp);
  return lag < 0 ? 0 : lag;
}

subtask_snapshot subtask_status::snapshot() {
  subtask_snapshot s;
  s.task = task_;
  s.source_id = source_id_;
  s.worker = worker_;
  s.total_events = total_events_.load();
  s.seconds_behind = seconds_behind();
  s.safe_mode = safe_mode_.load();
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  s.current = stage_;
  s.errors = errors_;
  s.syncer_binlog = flushed_;
  s.syncer_gtid = flushed_gtid_;
  auto total_secs = std::chrono::duration<double>(now - started_).count();
  s.total_tps = total_secs >= 1 ? static_cast<double>(s.total_events) / total_secs : 0;
  auto recent_secs = std::chrono::duration<double>(now - recent_at_).count();
  if (recent_secs >= 1) {
    recent_tps_ = static_cast<double>(s.total_events - recent_events_) / recent_secs;
    recent_at_ = now;
    recent_events_ = s.total_events;
  }
  s.recent_tps = recent_tps_;
  return s;
}

}  // namespace sluice::actors
