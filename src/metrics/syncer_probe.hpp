#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/registry.hpp"

namespace sluice::metrics {

struct syncer_families;

/// The `type` label of dm_syncer_{added,finished}_jobs_total, spelled as DM spells it.
enum class job_type : std::uint8_t { insert, update, del, ddl };
std::string_view to_string(job_type type);

/// A timed span of the apply path (see probe_clock): the `stage` of
/// dm_syncer_binlog_transform_cost ("gen-dml", "dml-exec"), or dm_syncer_conflict_detect_duration.
enum class timed_span : std::uint8_t { gen_dml, dml_exec, conflict_detect };

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
/// own sluice_* ones. Owned by the subtask's status; the pipeline actors report into it from
/// their own threads. Fixed label sets are created here, per-queue and per-table ones on first
/// use; the hot-path methods are a cached Increment/Set/Observe. Destroying the probe removes
/// all of its series from the registry (a stopped task disappears from /metrics).
///
/// Throws std::logic_error if a probe with the same task/source/worker is alive in `reg`.
class syncer_probe {
 public:
  syncer_probe(registry& reg, std::string task, std::string source_id, std::string worker);
  ~syncer_probe();
  syncer_probe(const syncer_probe&) = delete;
  syncer_probe& operator=(const syncer_probe&) = delete;

  // ---- the binlog reader ----
  /// One binlog event read from upstream: read duration, event size, bytes read.
  void event_read(double seconds, std::size_t bytes) {
    read_duration_->Observe(seconds);
    event_size_->Observe(static_cast<double>(bytes));
    bytes_read_->Increment(static_cast<double>(bytes));
  }
  /// One rows event with `rows` row images (dm_syncer_binlog_event_row).
  void binlog_event_rows(std::size_t rows) { event_rows_->Observe(static_cast<double>(rows)); }
  /// A binlog event whose bytes did not decode (src/protocol said no).
  void decode_error() { decode_errors_->Increment(); }
  /// The upstream binlog stream broke the MySQL protocol (bad or out-of-order packet).
  void protocol_error() { protocol_errors_->Increment(); }
  /// The binlog stream failed with this MySQL/MariaDB error code; protocol-level codes count
  /// as protocol errors, the rest (connection loss, purged binlog...) only through the exit.
  void read_failed(unsigned mysql_code);
  /// The newest upstream position known: a heartbeat's, or the end of what was read (a lower
  /// bound). Only ever moves forward; the file gauge holds the file's numeric suffix
  /// (mysql-bin.000042 -> 42) and is left alone when the name has none.
  void master_position(std::string_view binlog_file, std::uint64_t pos);
  /// Flow-control credits (rows) held by transactions read and not yet committed, and the
  /// reader's limit.
  void credits_in_flight(double rows) { credits_->Set(rows); }
  void credits_limit(double rows) { credits_limit_->Set(rows); }

  // ---- the dispatcher and the apply workers ----
  /// Counters for one queue (DM's queueNo) and target table; made on first use, then cached.
  /// Thread-safe; look it up once per sink, not per row.
  job_counters& jobs(std::string_view queue_no, std::string_view target_schema,
                     std::string_view target_table);
  /// dm_syncer_queue_size{queue_id}: made on first use, then cached. Thread-safe.
  prometheus::Gauge& queue_size(std::string_view queue_id);
  /// Sets dm_syncer_queue_size of queues 0 .. loads.workers()-1 to loads.load(i) (row changes
  /// sent and not committed; DM counts jobs, one per row). Fits pipeline::apply_scheduler.
  template <typename Loads>
  void queue_lengths(const Loads& loads) {
    for (std::size_t i = 0; i < loads.workers(); ++i) queue_length(i, loads.load(i));
  }
  void queue_length(std::size_t queue, std::size_t rows);
  /// A span of the apply path took `seconds` (see probe_clock).
  void observe(timed_span span, double seconds);
  /// One downstream transaction committed (DM's "finished transaction"), its time and rows.
  void batch_committed(double seconds, std::size_t rows) {
    finished_transactions_->Increment();
    txn_duration_->Observe(seconds);
    batch_rows_->Observe(static_cast<double>(rows));
  }
  /// Its size on apply queue `queue`: data statements and row changes.
  void transaction_batch(std::size_t queue, std::size_t statements, std::size_t rows);
  /// Seconds from a committed transaction's upstream timestamp to its commit.
  void replication_lag(double seconds) { lag_histogram_->Observe(seconds); }
  /// Seconds behind the upstream now (query-status secondsBehindMaster; 0 when idle).
  void seconds_behind(double seconds) { lag_gauge_->Set(seconds); }
  /// The flushed checkpoint's position.
  void syncer_position(std::string_view binlog_file, std::uint64_t pos);
  /// A checkpoint flush completed: observes the interval since the previous one.
  void checkpoint_flushed();

  // ---- the subtask ----
  void exited_with_error(bool resumable) {
    (resumable ? exit_resumable_ : exit_fatal_)->Increment();
  }
  void reconnected() { reconnects_->Increment(); }

  /// Numeric suffix of a binlog file name, or -1.
  static std::int64_t binlog_file_index(std::string_view binlog_file);
  /// MySQL/MariaDB error codes that mean the peer's packets broke the protocol.
  static bool is_protocol_error_code(unsigned mysql_code);

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
  prometheus::Histogram* event_rows_;
  prometheus::Counter* bytes_read_;
  prometheus::Gauge* lag_gauge_;
  prometheus::Histogram* lag_histogram_;
  prometheus::Counter* finished_transactions_;
  prometheus::Histogram* txn_duration_;
  prometheus::Histogram* batch_rows_;
  prometheus::Histogram* gen_dml_cost_;
  prometheus::Histogram* dml_exec_cost_;
  prometheus::Histogram* conflict_detect_;
  prometheus::Histogram* flush_interval_;
  prometheus::Gauge* master_file_;
  prometheus::Gauge* master_pos_;
  prometheus::Gauge* syncer_file_;
  prometheus::Gauge* syncer_pos_;
  prometheus::Gauge* flush_time_;
  prometheus::Counter* exit_resumable_;
  prometheus::Counter* exit_fatal_;
  prometheus::Counter* decode_errors_;
  prometheus::Counter* protocol_errors_;
  prometheus::Counter* reconnects_;
  prometheus::Gauge* credits_;
  prometheus::Gauge* credits_limit_;

  std::mutex mutex_;  // guards everything below
  std::map<std::string, std::unique_ptr<job_counters>, std::less<>> jobs_;
  std::map<std::string, prometheus::Gauge*, std::less<>> queues_;
  std::vector<prometheus::Gauge*> queue_by_index_;
  std::vector<std::array<prometheus::Histogram*, 2>> batches_;  // per queue: statements, rows
  std::string master_file_name_;  // of the newest upstream position known
  std::int64_t master_index_ = -1;
  std::uint64_t master_offset_ = 0;
  std::chrono::steady_clock::time_point last_flush_{};
};

/// Times consecutive spans of one piece of work for a syncer_probe: each lap() observes the
/// time since the clock started or since the previous lap, then restarts. A local of the
/// actor code that does the work; does nothing without a probe.
class probe_clock {
 public:
  explicit probe_clock(syncer_probe* probe) noexcept
      : probe_(probe), last_(std::chrono::steady_clock::now()) {}
  void lap(timed_span span) {
    if (!probe_) return;
    const auto now = std::chrono::steady_clock::now();
    probe_->observe(span, std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }

 private:
  syncer_probe* probe_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace sluice::metrics
