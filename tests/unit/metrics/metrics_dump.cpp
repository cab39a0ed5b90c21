// Prints a populated registry in the exposition format, for `promtool check metrics`.
#include <iostream>

#include "metrics/syncer_probe.hpp"
#include "metrics/task_probe.hpp"

int main() {
  using namespace sluice::metrics;
  registry reg;
  syncer_probe syncer(reg, "test", "mysql-01", "127.0.0.1:8261");
  task_probe task(reg, "test", "mysql-01", "127.0.0.1:8261");
  task.set_state(task_stage::running);
  syncer.jobs("0", "db", "t").finished(job_type::insert, 3);
  syncer.queue_size("0").Set(1);
  syncer.event_read(0.0001, 120);
  syncer.replication_lag(1.5);
  syncer.batch_committed(0.02, 10);
  syncer.master_position("mysql-bin.000002", 4);
  std::cout << reg.serialize();
}
