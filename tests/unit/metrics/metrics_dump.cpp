// Prints a registry with every family populated (and the process metrics), for
// `promtool check metrics`.
#include <iostream>

#include "metrics/syncer_probe.hpp"
#include "metrics/task_probe.hpp"

int main() {
  using namespace sluice::metrics;
  registry reg;
  syncer_probe syncer(reg, "test", "mysql-01", "127.0.0.1:8261");
  task_probe task(reg, "test", "mysql-01", "127.0.0.1:8261");
  task.set_state(task_stage::running);
  task.set_error(false);
  syncer.jobs("0", "db", "t").finished(job_type::insert, 3);
  syncer.queue_length(0, 1);
  syncer.event_read(0.0001, 120);
  syncer.binlog_event_rows(3);
  syncer.replication_lag(1.5);
  syncer.seconds_behind(1);
  syncer.observe(timed_span::gen_dml, 0.0001);
  syncer.observe(timed_span::dml_exec, 0.01);
  syncer.observe(timed_span::conflict_detect, 0.000002);
  syncer.batch_committed(0.02, 10);
  syncer.transaction_batch(0, 1, 10);
  syncer.master_position("mysql-bin.000002", 4);
  syncer.syncer_position("mysql-bin.000002", 4);
  syncer.checkpoint_flushed();
  syncer.credits_limit(256);
  std::cout << reg.serialize();
}
