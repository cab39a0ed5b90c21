// The syncer probe's newer series: queue lengths, timed spans, transaction batches, the
// master position's forward-only rule, checkpoint flushes and protocol-error classification.
#include <doctest/doctest.h>

#include <ctime>
#include <memory>
#include <string>

#include "exposition_check.hpp"
#include "metrics/syncer_probe.hpp"

using namespace sluice::metrics;

namespace {

bool has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// Shaped like pipeline::apply_scheduler, which the dispatcher passes to queue_lengths().
struct fake_loads {
  std::vector<std::size_t> rows;
  std::size_t workers() const { return rows.size(); }
  std::size_t load(std::size_t i) const { return rows[i]; }
};

// The value of the one sample line starting with `series` (name and labels), or "".
std::string value_of(const std::string& text, const std::string& series) {
  const std::size_t at = text.find(series + " ");
  if (at == std::string::npos) return "";
  const std::size_t start = at + series.size() + 1;
  return text.substr(start, text.find('\n', start) - start);
}

const std::string all = R"({source_id="s",task="t",worker="w"})";

}  // namespace

TEST_CASE("queue lengths follow the scheduler's loads") {
  registry reg(process_metrics::off);
  syncer_probe probe(reg, "t", "s", "w");
  probe.queue_lengths(fake_loads{{3, 0, 7}});
  std::string text = reg.serialize();
  CHECK(value_of(text, R"(dm_syncer_queue_size{queue_id="0",source_id="s",task="t"})") == "3");
  CHECK(value_of(text, R"(dm_syncer_queue_size{queue_id="2",source_id="s",task="t"})") == "7");
  probe.queue_lengths(fake_loads{{0, 1, 0}});
  text = reg.serialize();
  CHECK(value_of(text, R"(dm_syncer_queue_size{queue_id="0",source_id="s",task="t"})") == "0");
  CHECK(value_of(text, R"(dm_syncer_queue_size{queue_id="1",source_id="s",task="t"})") == "1");
  // the string and the numeric lookups share one series
  CHECK(&probe.queue_size("2") == &probe.queue_size("2"));
  probe.queue_size("2").Set(9);
  CHECK(value_of(reg.serialize(), R"(dm_syncer_queue_size{queue_id="2",source_id="s",task="t"})") == "9");
  CHECK(check_exposition(reg.serialize()) == "");
}

TEST_CASE("timed spans land in transform cost and conflict detection") {
  registry reg(process_metrics::off);
  syncer_probe probe(reg, "t", "s", "w");
  probe.observe(timed_span::gen_dml, 0.001);
  probe.observe(timed_span::dml_exec, 0.5);
  probe.observe(timed_span::dml_exec, 0.25);
  probe.observe(timed_span::conflict_detect, 0.000001);
  {
    probe_clock clock(&probe);
    clock.lap(timed_span::gen_dml);
    clock.lap(timed_span::dml_exec);
  }
  probe_clock nothing(nullptr);  // no probe: laps do nothing
  nothing.lap(timed_span::dml_exec);

  const std::string text = reg.serialize();
  CHECK(value_of(text, R"(dm_syncer_binlog_transform_cost_count{source_id="s",stage="gen-dml",task="t",worker="w"})") == "2");
  CHECK(value_of(text, R"(dm_syncer_binlog_transform_cost_count{source_id="s",stage="dml-exec",task="t",worker="w"})") == "3");
  CHECK(value_of(text, R"(dm_syncer_conflict_detect_duration_count{source_id="s",task="t"})") == "1");
  // 0.25 + 0.5 plus a lap of a few microseconds
  const double exec_sum = std::stod(value_of(
      text, R"(dm_syncer_binlog_transform_cost_sum{source_id="s",stage="dml-exec",task="t",worker="w"})"));
  CHECK(exec_sum >= 0.75);
  CHECK(exec_sum < 0.76);
}

TEST_CASE("transaction batches by queue, statements and rows") {
  registry reg(process_metrics::off);
  syncer_probe probe(reg, "t", "s", "w");
  probe.transaction_batch(1, 2, 120);
  probe.transaction_batch(1, 1, 3);
  const std::string text = reg.serialize();
  CHECK(check_exposition(text) == "");
  const std::string rows = R"({queueNo="1",source_id="s",task="t",type="rows",worker="w")";
  const std::string stmts = R"({queueNo="1",source_id="s",task="t",type="statements",worker="w")";
  CHECK(value_of(text, "dm_syncer_replication_transaction_batch_count" + rows + "}") == "2");
  CHECK(value_of(text, "dm_syncer_replication_transaction_batch_sum" + rows + "}") == "123");
  CHECK(value_of(text, "dm_syncer_replication_transaction_batch_sum" + stmts + "}") == "3");
  // DM's linear buckets 1, 51, 101 ...: 3 rows fall in le=51, 120 rows above 101
  CHECK(value_of(text, "dm_syncer_replication_transaction_batch_bucket" + rows + R"(,le="51"})") == "1");
  CHECK(value_of(text, "dm_syncer_replication_transaction_batch_bucket" + rows + R"(,le="151"})") == "2");
  // queue 0 was made on the way, empty
  CHECK(has(text, R"(dm_syncer_replication_transaction_batch_count{queueNo="0",source_id="s",task="t",type="rows",worker="w"} 0)"));
}

TEST_CASE("the master position only moves forward") {
  registry reg(process_metrics::off);
  syncer_probe probe(reg, "t", "s", "w");
  const std::string file = R"(dm_syncer_binlog_file{node="master",source_id="s",task="t"})";
  const std::string pos = R"(dm_syncer_binlog_pos{node="master",source_id="s",task="t"})";

  probe.master_position("mysql-bin.000003", 500);
  CHECK(value_of(reg.serialize(), file) == "3");
  CHECK(value_of(reg.serialize(), pos) == "500");
  probe.master_position("mysql-bin.000003", 400);  // older: a re-read after a restart
  CHECK(value_of(reg.serialize(), pos) == "500");
  probe.master_position("mysql-bin.000002", 9000);  // an older file
  CHECK(value_of(reg.serialize(), file) == "3");
  CHECK(value_of(reg.serialize(), pos) == "500");
  probe.master_position("mysql-bin.000004", 4);  // a new file starts low
  CHECK(value_of(reg.serialize(), file) == "4");
  CHECK(value_of(reg.serialize(), pos) == "4");
  probe.master_position("mysql-bin.000004", 1234);
  CHECK(value_of(reg.serialize(), pos) == "1234");
}

TEST_CASE("checkpoint flushes: timestamp and interval") {
  registry reg(process_metrics::off);
  syncer_probe probe(reg, "t", "s", "w");
  const std::string stamp = "sluice_checkpoint_last_flush_timestamp_seconds" + all;
  const std::string count = "dm_syncer_flush_checkpoints_time_interval_count" + all;
  CHECK(value_of(reg.serialize(), stamp) == "0");
  const auto before = static_cast<double>(std::time(nullptr));
  probe.checkpoint_flushed();  // the first flush has no interval
  CHECK(value_of(reg.serialize(), count) == "0");
  const double at = std::stod(value_of(reg.serialize(), stamp));
  CHECK(at >= before);
  CHECK(at <= static_cast<double>(std::time(nullptr)));
  probe.checkpoint_flushed();
  probe.checkpoint_flushed();
  CHECK(value_of(reg.serialize(), count) == "2");
  probe.syncer_position("mysql-bin.000007", 77);
  CHECK(value_of(reg.serialize(), R"(dm_syncer_binlog_file{node="syncer",source_id="s",task="t"})") == "7");
}

TEST_CASE("read failures count protocol errors only for protocol codes") {
  registry reg(process_metrics::off);
  syncer_probe probe(reg, "t", "s", "w");
  probe.read_failed(2013);  // CR_SERVER_LOST: a lost connection, not a protocol error
  probe.read_failed(1236);  // ER_MASTER_FATAL_ERROR_READING_BINLOG
  CHECK(value_of(reg.serialize(), "sluice_protocol_errors_total" + all) == "0");
  probe.read_failed(2027);  // CR_MALFORMED_PACKET
  probe.read_failed(1156);  // ER_NET_PACKETS_OUT_OF_ORDER
  CHECK(value_of(reg.serialize(), "sluice_protocol_errors_total" + all) == "2");
  CHECK(syncer_probe::is_protocol_error_code(2014));
  CHECK_FALSE(syncer_probe::is_protocol_error_code(0));
}

TEST_CASE("rows per event, credits limit, and removal of the lazily made series") {
  registry reg(process_metrics::off);
  auto probe = std::make_unique<syncer_probe>(reg, "t", "s", "w");
  probe->binlog_event_rows(1);
  probe->binlog_event_rows(250);
  probe->credits_limit(256);
  probe->queue_length(3, 5);
  probe->transaction_batch(0, 1, 1);
  std::string text = reg.serialize();
  CHECK(value_of(text, "dm_syncer_binlog_event_row_sum" + all) == "251");
  CHECK(value_of(text, "dm_syncer_binlog_event_row_bucket" + std::string(R"({source_id="s",task="t",worker="w",le="100"})")) == "1");
  CHECK(value_of(text, "sluice_credits_limit" + all) == "256");
  probe.reset();
  text = reg.serialize();
  CHECK_FALSE(has(text, R"(task="t")"));
}
