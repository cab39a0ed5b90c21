#include "metrics/task_probe.hpp"

#include <stdexcept>

namespace sluice::metrics {

/// Worker-level task families (DM: dm/worker/metrics.go).
struct task_families {
  explicit task_families(prometheus::Registry& r)
      : task_state(gauge_family(r, "dm_worker_task_state",
                                "State of a subtask: 0 invalid, 1 New, 2 Running, 3 Paused, "
                                "4 Stopped, 5 Finished.")),
        task_error(gauge_family(r, "sluice_task_has_error",
                                "1 while a subtask holds an error (paused by it, or waiting to "
                                "retry), else 0.")) {}

  prometheus::Family<prometheus::Gauge>& task_state;
  prometheus::Family<prometheus::Gauge>& task_error;
};

task_stage task_stage_from_name(std::string_view name) {
  if (name == "New") return task_stage::new_;
  if (name == "Running") return task_stage::running;
  if (name == "Paused") return task_stage::paused;
  if (name == "Stopped") return task_stage::stopped;
  if (name == "Finished") return task_stage::finished;
  return task_stage::invalid;
}

task_probe::task_probe(registry& reg, std::string task, std::string source_id, std::string worker)
    : registry_(reg),
      families_(reg.families<task_families>()),
      identity_(identity_of("task", {task, source_id, worker})) {
  if (!registry_.claim(identity_)) {
    throw std::logic_error("metrics: a task probe for task " + task + ", source " + source_id +
                           ", worker " + worker + " already exists");
  }
  const prometheus::Labels labels{
      {"task", std::move(task)}, {"source_id", std::move(source_id)}, {"worker", std::move(worker)}};
  try {
    state_ = &families_.task_state.Add(labels);
    error_ = &families_.task_error.Add(labels);
  } catch (...) {
    if (state_) families_.task_state.Remove(state_);
    registry_.release(identity_);
    throw;
  }
}

task_probe::~task_probe() {
  families_.task_state.Remove(state_);
  families_.task_error.Remove(error_);
  registry_.release(identity_);
}

}  // namespace sluice::metrics
