#include "metrics/task_probe.hpp"

#include <memory>
#include <stdexcept>

#include <doctest/doctest.h>

#include "exposition_check.hpp"

using namespace sluice::metrics;

TEST_CASE("task state uses DM's numbering and help") {
  registry reg;
  task_probe probe(reg, "test", "mysql-01", "w1");
  const std::string labels = R"({source_id="mysql-01",task="test",worker="w1"})";

  std::string text = reg.serialize();
  CHECK(check_exposition(text) == "");
  CHECK(text.find("# TYPE dm_worker_task_state gauge\n") != std::string::npos);
  CHECK(text.find("# HELP dm_worker_task_state ") != std::string::npos);
  CHECK(text.find("dm_worker_task_state" + labels + " 0\n") != std::string::npos);

  probe.set_state(task_stage::paused);
  CHECK(reg.serialize().find("dm_worker_task_state" + labels + " 3\n") != std::string::npos);
  probe.set_state(task_stage_from_name("Running"));
  CHECK(reg.serialize().find("dm_worker_task_state" + labels + " 2\n") != std::string::npos);
}

TEST_CASE("task error flag") {
  registry reg(process_metrics::off);
  auto probe = std::make_unique<task_probe>(reg, "test", "mysql-01", "w1");
  const std::string series = R"(sluice_task_has_error{source_id="mysql-01",task="test",worker="w1"})";
  CHECK(reg.serialize().find("# TYPE sluice_task_has_error gauge\n") != std::string::npos);
  CHECK(reg.serialize().find(series + " 0\n") != std::string::npos);
  probe->set_error(true);
  CHECK(reg.serialize().find(series + " 1\n") != std::string::npos);
  probe->set_error(false);
  CHECK(reg.serialize().find(series + " 0\n") != std::string::npos);
  probe.reset();
  CHECK(reg.serialize().find("sluice_task_has_error{") == std::string::npos);
}

TEST_CASE("task_stage_from_name") {
  CHECK(task_stage_from_name("New") == task_stage::new_);
  CHECK(task_stage_from_name("Running") == task_stage::running);
  CHECK(task_stage_from_name("Paused") == task_stage::paused);
  CHECK(task_stage_from_name("Stopped") == task_stage::stopped);
  CHECK(task_stage_from_name("Finished") == task_stage::finished);
  CHECK(task_stage_from_name("running") == task_stage::invalid);
  CHECK(task_stage_from_name("") == task_stage::invalid);
  CHECK(static_cast<int>(task_stage::finished) == 5);
}

TEST_CASE("task probe removal and uniqueness") {
  registry reg;
  auto a = std::make_unique<task_probe>(reg, "a", "s", "w");
  task_probe b(reg, "b", "s", "w");
  CHECK_THROWS_AS(task_probe(reg, "a", "s", "w"), std::logic_error);
  a.reset();
  const std::string text = reg.serialize();
  CHECK(text.find(R"(task="a")") == std::string::npos);
  CHECK(text.find(R"(task="b")") != std::string::npos);
  CHECK_NOTHROW(task_probe(reg, "a", "s", "w"));
}
