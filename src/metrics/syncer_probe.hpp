#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "metrics/registry.hpp"

namespace sluice::metrics {

struct syncer_families;

/// The `type` label of dm_syncer_{added,finished}_jobs_total, spelled as DM spells it.
enum class job_type : std::uint8_t { insert, update, del, ddl };
std::string_view to_string(job_type type);

/// Job counters of one queue and target table (dm_syncer_added_jobs_total and
/// dm_syncer_finished_jobs_total). Made and owned by a syncer_probe (`jobs()`), valid as long
/// as that probe lives. Callers keep the reference; the calls below are one atomic add each.
class job_counters {
 public:
  void added(job_type type, std::uint64_t n = 1) {
    added_[slot(type)]->Increment(static_cast<double>(n));
  }
  void finished(job_type type, std::uint64_t n = 1) {
    finished_[slot(type)]->Increment(static_cast<double>(n));
  }

 private:
  friend class syncer_probe;
  static std::size_t slot(job_type type) { return static_cast<std::size_t>(type); }
  std::array<prometheus::Counter*, 4> added_{};
  std::array<prometheus::Counter*, 4> finished_{};
};

/// Metrics of one subtask's sync unit (one task on one source), under DM's names and labels
/// (dm/syncer/metrics/metrics.go) so DM's Grafana dashboards and alerts work, plus Sluice's
/// own sluice_* counters. Owned by the subtask; shared (by reference or shared_ptr) with the
/// pipeline actors that report into it. Every label set is created once here; the methods are
/// a cached Increment/Set/Observe. Destroying the probe removes all of its series from the
/// registry (a stopped task disappears from /metrics).
///
/// Throws std::logic_error if a probe with the same task/source/worker is alive in `reg`.
class syncer_probe {
 public:
  syncer_probe(registry& reg, std::string task, std::string source_id, std::string worker);
  ~syncer_probe();
  syncer_probe(const syncer_probe&) = delete;
  syncer_probe& operator=(const syncer_probe&) = delete;

  /// Counters for one queue (DM's queueNo) and target table; made on first use, then cached.
  /// Thread-safe; look it up once per sink, not per row.
  job_counters& jobs(std::string_view queue_no, std::string_view target_schema,
                     std::string_view target_table);
  /// dm_syncer_queue_size{queue_id}: made on first use, then cached. Thread-safe.
  prometheus::Gauge& queue_size(std::string_view queue_id);

  /// One binlog event read from upstream: read duration, event size, bytes read.
  void event_read(double seconds, std::size_t bytes) {
    read_duration_->Observe(seconds);
    event_size_->Observe(static_cast<double>(bytes));
    bytes_read_->Increment(static_cast<double>(bytes));
  }
  /// Seconds between the upstream event's timestamp and its apply downstream.
  void replication_lag(double seconds) {
    lag_gauge_->Set(seconds);
    lag_histogram_->Observe(seconds);
  }
  /// One downstream transaction committed (DM's "finished transaction"), its time and rows.
  void batch_committed(double seconds, std::size_t rows) {
    finished_transactions_->Increment();
    txn_duration_->Observe(seconds);
    batch_rows_->Observe(static_cast<double>(rows));
  }
  /// Upstream's newest position and ours; the file gauge holds the file's numeric suffix
  /// (mysql-bin.000042 -> 42) and is left alone when the name has none.
  void master_position(std::string_view binlog_file, std::uint64_t pos) {
    set_position(*master_file_, *master_pos_, binlog_file, pos);
  }
  void syncer_position(std::string_view binlog_file, std::uint64_t pos) {
    set_position(*syncer_file_, *syncer_pos_, binlog_file, pos);
  }
  void exited_with_error(bool resumable) {
    (resumable ? exit_resumable_ : exit_fatal_)->Increment();
  }
  /// A binlog event whose bytes did not decode (src/protocol said no).
  void decode_error() { decode_errors_->Increment(); }
  /// The upstream or downstream broke the MySQL protocol (bad packet, unexpected reply).
  void protocol_error() { protocol_errors_->Increment(); }
  void reconnected() { reconnects_->Increment(); }
  void credits_in_flight(std::int64_t n) { credits_->Set(static_cast<double>(n)); }

  /// Numeric suffix of a binlog file name, or -1.
  static std::int64_t binlog_file_index(std::string_view binlog_file);

 private:
  void add_series();
  static void set_position(prometheus::Gauge& file, prometheus::Gauge& pos,
                           std::string_view binlog_file, std::uint64_t value);

  registry& registry_;
  syncer_families& families_;
  std::string task_;
  std::string source_id_;
  std::string worker_;
  std::string identity_;

  prometheus::Histogram* read_duration_;
  prometheus::Histogram* event_size_;
  prometheus::Counter* bytes_read_;
  prometheus::Gauge* lag_gauge_;
  prometheus::Histogram* lag_histogram_;
  prometheus::Counter* finished_transactions_;
  prometheus::Histogram* txn_duration_;
  prometheus::Histogram* batch_rows_;
  prometheus::Gauge* master_file_;
  prometheus::Gauge* master_pos_;
  prometheus::Gauge* syncer_file_;
  prometheus::Gauge* syncer_pos_;
  prometheus::Counter* exit_resumable_;
  prometheus::Counter* exit_fatal_;
  prometheus::Counter* decode_errors_;
  prometheus::Counter* protocol_errors_;
  prometheus::Counter* reconnects_;
  prometheus::Gauge* credits_;

  std::mutex mutex_;  // guards the two lazily grown maps below
  std::map<std::string, std::unique_ptr<job_counters>, std::less<>> jobs_;
  std::map<std::string, prometheus::Gauge*, std::less<>> queues_;
};

}  // namespace sluice::metrics
