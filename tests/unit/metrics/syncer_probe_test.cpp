#include "metrics/syncer_probe.hpp"

#include <memory>
#include <stdexcept>

#include <doctest/doctest.h>

#include "exposition_check.hpp"
#include "metrics/task_probe.hpp"

using namespace sluice::metrics;

namespace {

bool has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("an empty registry serializes to nothing") {
  registry reg(process_metrics::off);
  CHECK(reg.serialize().empty());
  CHECK(registry::content_type == "text/plain; version=0.0.4; charset=utf-8");
}

TEST_CASE("syncer probe exposes DM's names, types and help") {
  registry reg;
  syncer_probe probe(reg, "test", "mysql-01", "127.0.0.1:8261");
  const std::string text = reg.serialize();
  CHECK(check_exposition(text) == "");

  const std::pair<const char*, const char*> families[] = {
      {"dm_syncer_read_binlog_duration", "histogram"},
      {"dm_syncer_binlog_event_size", "histogram"},
      {"dm_syncer_binlog_pos", "gauge"},
      {"dm_syncer_binlog_file", "gauge"},
      {"dm_syncer_txn_duration_time", "histogram"},
      {"dm_syncer_exit_with_error_count", "counter"},
      {"dm_syncer_replication_lag_gauge", "gauge"},
      {"dm_syncer_replication_lag", "histogram"},
      {"dm_syncer_finished_transaction_total", "counter"},
      {"dm_syncer_binlog_event_row", "histogram"},
      {"dm_syncer_binlog_transform_cost", "histogram"},
      {"dm_syncer_conflict_detect_duration", "histogram"},
      {"dm_syncer_flush_checkpoints_time_interval", "histogram"},
      {"sluice_credits_limit", "gauge"},
      {"sluice_checkpoint_last_flush_timestamp_seconds", "gauge"},
      {"sluice_decode_errors_total", "counter"},
      {"sluice_protocol_errors_total", "counter"},
      {"sluice_binlog_bytes_read_total", "counter"},
      {"sluice_reconnects_total", "counter"},
      {"sluice_batch_rows", "histogram"},
      {"sluice_credits_in_flight", "gauge"},
  };
  for (const auto& [name, type] : families) {
    CAPTURE(name);
    CHECK(has(text, std::string("# TYPE ") + name + " " + type + "\n"));
    CHECK(has(text, std::string("# HELP ") + name + " "));
  }
  // Families without label sets yet are not exposed; they appear with their first series.
  CHECK_FALSE(has(text, "dm_syncer_finished_jobs_total"));
  CHECK_FALSE(has(text, "dm_syncer_queue_size"));
  CHECK_FALSE(has(text, "dm_syncer_replication_transaction_batch"));

  CHECK(has(text, R"(dm_syncer_read_binlog_duration_count{source_id="mysql-01",task="test"} 0)"));
  CHECK(has(text, R"(dm_syncer_exit_with_error_count{resumable_err="true",source_id="mysql-01",task="test"} 0)"));
  CHECK(has(text, R"(dm_syncer_binlog_pos{node="master",source_id="mysql-01",task="test"} 0)"));
  CHECK(has(text, R"(dm_syncer_replication_lag_gauge{source_id="mysql-01",task="test",worker="127.0.0.1:8261"} 0)"));
  CHECK(has(text, R"(dm_syncer_binlog_transform_cost_count{source_id="mysql-01",stage="gen-dml",task="test",worker="127.0.0.1:8261"} 0)"));
  CHECK(has(text, R"(dm_syncer_binlog_transform_cost_count{source_id="mysql-01",stage="dml-exec",task="test",worker="127.0.0.1:8261"} 0)"));
  CHECK(has(text, R"(dm_syncer_conflict_detect_duration_count{source_id="mysql-01",task="test"} 0)"));
}

TEST_CASE("hot-path calls land in the right series") {
  registry reg;
  syncer_probe probe(reg, "test", "mysql-01", "w1");

  job_counters& t1 = probe.jobs("0", "db", "t1");
  CHECK(&t1 == &probe.jobs("0", "db", "t1"));  // cached
  t1.added(job_type::insert, 5);
  t1.finished(job_type::insert, 3);
  t1.finished(job_type::del);
  probe.jobs("1", "db", "t2").finished(job_type::ddl);
  probe.queue_size("0").Set(7);
  CHECK(&probe.queue_size("0") == &probe.queue_size("0"));

  probe.event_read(0.001, 100);
  probe.event_read(0.002, 50);
  probe.replication_lag(3);
  probe.seconds_behind(5);
  probe.batch_committed(0.01, 42);
  probe.master_position("mysql-bin.000042", 2022);
  probe.syncer_position("mysql-bin.000041", 4);
  probe.syncer_position("weird-name", 9);  // file gauge kept, pos updated
  probe.exited_with_error(true);
  probe.exited_with_error(false);
  probe.exited_with_error(false);
  probe.decode_error();
  probe.protocol_error();
  probe.protocol_error();
  probe.reconnected();
  probe.credits_in_flight(12);

  const std::string text = reg.serialize();
  CHECK(check_exposition(text) == "");
  const std::string jobs_labels =
      R"({queueNo="0",source_id="mysql-01",target_schema="db",target_table="t1",task="test",type="insert",worker="w1"})";
  CHECK(has(text, "dm_syncer_added_jobs_total" + jobs_labels + " 5\n"));
  CHECK(has(text, "dm_syncer_finished_jobs_total" + jobs_labels + " 3\n"));
  CHECK(has(text, R"(dm_syncer_finished_jobs_total{queueNo="0",source_id="mysql-01",target_schema="db",target_table="t1",task="test",type="delete",worker="w1"} 1)"));
  CHECK(has(text, R"(dm_syncer_finished_jobs_total{queueNo="1",source_id="mysql-01",target_schema="db",target_table="t2",task="test",type="ddl",worker="w1"} 1)"));
  CHECK(has(text, "# TYPE dm_syncer_finished_jobs_total counter\n"));
  CHECK(has(text, R"(dm_syncer_queue_size{queue_id="0",source_id="mysql-01",task="test"} 7)"));

  const std::string all = R"({source_id="mysql-01",task="test",worker="w1"})";
  CHECK(has(text, "sluice_binlog_bytes_read_total" + all + " 150\n"));
  CHECK(has(text, R"(dm_syncer_read_binlog_duration_count{source_id="mysql-01",task="test"} 2)"));
  CHECK(has(text, "dm_syncer_binlog_event_size_count" + all + " 2\n"));
  CHECK(has(text, "dm_syncer_replication_lag_gauge" + all + " 5\n"));  // the gauge is not the histogram
  CHECK(has(text, R"(dm_syncer_replication_lag_bucket{source_id="mysql-01",task="test",worker="w1",le="2"} 0)"));
  CHECK(has(text, R"(dm_syncer_replication_lag_bucket{source_id="mysql-01",task="test",worker="w1",le="4"} 1)"));
  CHECK(has(text, "dm_syncer_finished_transaction_total" + all + " 1\n"));
  CHECK(has(text, "dm_syncer_txn_duration_time_count" + all + " 1\n"));
  CHECK(has(text, "sluice_batch_rows_sum" + all + " 42\n"));
  CHECK(has(text, R"(dm_syncer_binlog_file{node="master",source_id="mysql-01",task="test"} 42)"));
  CHECK(has(text, R"(dm_syncer_binlog_pos{node="master",source_id="mysql-01",task="test"} 2022)"));
  CHECK(has(text, R"(dm_syncer_binlog_file{node="syncer",source_id="mysql-01",task="test"} 41)"));
  CHECK(has(text, R"(dm_syncer_binlog_pos{node="syncer",source_id="mysql-01",task="test"} 9)"));
  CHECK(has(text, R"(dm_syncer_exit_with_error_count{resumable_err="true",source_id="mysql-01",task="test"} 1)"));
  CHECK(has(text, R"(dm_syncer_exit_with_error_count{resumable_err="false",source_id="mysql-01",task="test"} 2)"));
  CHECK(has(text, "sluice_decode_errors_total" + all + " 1\n"));
  CHECK(has(text, "sluice_protocol_errors_total" + all + " 2\n"));
  CHECK(has(text, "sluice_reconnects_total" + all + " 1\n"));
  CHECK(has(text, "sluice_credits_in_flight" + all + " 12\n"));
}

TEST_CASE("destroying a probe removes its series and frees its identity") {
  registry reg;
  auto keep = std::make_unique<syncer_probe>(reg, "keep", "mysql-01", "w");
  auto gone = std::make_unique<syncer_probe>(reg, "gone", "mysql-01", "w");
  gone->jobs("0", "db", "t").finished(job_type::update, 2);
  gone->queue_size("0").Set(1);
  CHECK(has(reg.serialize(), R"(task="gone")"));

  CHECK_THROWS_AS(syncer_probe(reg, "gone", "mysql-01", "w"), std::logic_error);
  CHECK_NOTHROW(syncer_probe(reg, "gone", "mysql-02", "w"));  // another source is another probe

  gone.reset();
  const std::string text = reg.serialize();
  CHECK_FALSE(has(text, R"(task="gone")"));
  CHECK(has(text, R"(task="keep")"));
  CHECK(check_exposition(text) == "");

  syncer_probe again(reg, "gone", "mysql-01", "w");  // the identity is free again
  CHECK(has(reg.serialize(), R"(dm_syncer_binlog_pos{node="master",source_id="mysql-01",task="gone"} 0)"));
}

TEST_CASE("binlog_file_index") {
  CHECK(syncer_probe::binlog_file_index("mysql-bin.000042") == 42);
  CHECK(syncer_probe::binlog_file_index("mariadb-bin.1") == 1);
  CHECK(syncer_probe::binlog_file_index("a.b.000007") == 7);
  CHECK(syncer_probe::binlog_file_index("mysql-bin.") == -1);
  CHECK(syncer_probe::binlog_file_index("mysql-bin") == -1);
  CHECK(syncer_probe::binlog_file_index("mysql-bin.00a") == -1);
  CHECK(syncer_probe::binlog_file_index("") == -1);
}

TEST_CASE("job type labels are DM's") {
  CHECK(to_string(job_type::insert) == "insert");
  CHECK(to_string(job_type::update) == "update");
  CHECK(to_string(job_type::del) == "delete");
  CHECK(to_string(job_type::ddl) == "ddl");
}

TEST_CASE("exponential_buckets") {
  const auto b = exponential_buckets(0.5, 2, 4);
  REQUIRE(b.size() == 4);
  CHECK(b[0] == 0.5);
  CHECK(b[3] == 4.0);
}
