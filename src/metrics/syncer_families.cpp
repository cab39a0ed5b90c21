#include "metrics/syncer_families.hpp"

#include "metrics/registry.hpp"

namespace sluice::metrics {

// Names and label names are DM's; help texts are ours.
syncer_families::syncer_families(prometheus::Registry& r)
    : read_binlog_duration(histogram_family(
          r, "dm_syncer_read_binlog_duration",
          "Time in seconds to read one binlog event from the upstream.")),
      binlog_event_size(histogram_family(r, "dm_syncer_binlog_event_size",
                                         "Size in bytes of one binlog event.")),
      binlog_event_row(histogram_family(r, "dm_syncer_binlog_event_row",
                                        "Rows in one binlog rows event.")),
      binlog_pos(gauge_family(r, "dm_syncer_binlog_pos",
                              "Binlog position: node=master is the newest upstream position "
                              "known, node=syncer the flushed checkpoint.")),
      binlog_file(gauge_family(r, "dm_syncer_binlog_file",
                               "Binlog file number (suffix of the file name): node=master is the "
                               "newest upstream file known, node=syncer the flushed checkpoint's.")),
      added_jobs(counter_family(r, "dm_syncer_added_jobs_total",
                                "Jobs (row changes) handed to an apply worker.")),
      finished_jobs(counter_family(r, "dm_syncer_finished_jobs_total",
                                   "Jobs (row changes) committed downstream.")),
      queue_size(gauge_family(r, "dm_syncer_queue_size",
                              "Row changes sent to an apply worker and not yet committed.")),
      conflict_detect_duration(histogram_family(
          r, "dm_syncer_conflict_detect_duration",
          "Time in seconds to place one transaction on an apply worker by its causality keys.")),
      transform_cost(histogram_family(r, "dm_syncer_binlog_transform_cost",
                                      "Time in seconds per stage of turning row changes into "
                                      "downstream statements (gen-dml) and executing them "
                                      "(dml-exec).")),
      txn_duration(histogram_family(
          r, "dm_syncer_txn_duration_time",
          "Time in seconds to build and commit one downstream transaction.")),
      finished_transactions(counter_family(r, "dm_syncer_finished_transaction_total",
                                           "Downstream transactions committed.")),
      transaction_batch(histogram_family(
          r, "dm_syncer_replication_transaction_batch",
          "Size of one committed downstream transaction: type=statements counts data "
          "statements, type=rows row changes.")),
      flush_checkpoints_interval(histogram_family(
          r, "dm_syncer_flush_checkpoints_time_interval",
          "Seconds between two consecutive flushes of the task checkpoint.")),
      exit_with_error(counter_family(r, "dm_syncer_exit_with_error_count",
                                     "Times the sync unit stopped on an error, by whether the "
                                     "error is resumable.")),
      replication_lag_gauge(gauge_family(r, "dm_syncer_replication_lag_gauge",
                                         "Seconds behind the upstream: age of the oldest "
                                         "transaction in flight, 0 when idle "
                                         "(query-status secondsBehindMaster).")),
      replication_lag(histogram_family(r, "dm_syncer_replication_lag",
                                       "Seconds between a transaction's upstream timestamp and "
                                       "its commit downstream.")),
      decode_errors(counter_family(r, "sluice_decode_errors_total",
                                   "Binlog events whose bytes could not be decoded.")),
      protocol_errors(counter_family(r, "sluice_protocol_errors_total",
                                     "MySQL protocol errors (malformed or out-of-order packets) "
                                     "on the upstream binlog stream.")),
      binlog_bytes_read(counter_family(r, "sluice_binlog_bytes_read_total",
                                       "Bytes of binlog events read from the upstream.")),
      reconnects(counter_family(r, "sluice_reconnects_total",
                                "Connections re-opened after a transient failure: downstream "
                                "retries and pipeline restarts.")),
      batch_rows(histogram_family(r, "sluice_batch_rows",
                                  "Rows in one committed downstream transaction.")),
      credits_in_flight(gauge_family(r, "sluice_credits_in_flight",
                                     "Flow-control credits (rows) held by transactions read "
                                     "and not yet committed downstream.")),
      credits_limit(gauge_family(r, "sluice_credits_limit",
                                 "Flow-control credits (rows) of the binlog reader; it stops "
                                 "reading when all are in flight.")),
      checkpoint_flush_time(gauge_family(
          r, "sluice_checkpoint_last_flush_timestamp_seconds",
          "Unix time of the last checkpoint flush (no flush happens while nothing changes).")) {}

const std::vector<double>& duration_buckets() {
  static const std::vector<double> b = exponential_buckets(0.000005, 2, 25);
  return b;
}
const std::vector<double>& event_size_buckets() {
  static const std::vector<double> b = exponential_buckets(16, 2, 20);
  return b;
}
const std::vector<double>& event_row_buckets() {
  static const std::vector<double> b = linear_buckets(0, 100, 101);
  return b;
}
const std::vector<double>& lag_buckets() {
  static const std::vector<double> b = exponential_buckets(0.5, 2, 12);
  return b;
}
const std::vector<double>& transaction_batch_buckets() {
  static const std::vector<double> b = linear_buckets(1, 50, 21);
  return b;
}
const std::vector<double>& flush_interval_buckets() {
  static const std::vector<double> b = linear_buckets(1, 50, 21);
  return b;
}
const std::vector<double>& batch_rows_buckets() {
  static const std::vector<double> b = exponential_buckets(1, 2, 16);
  return b;
}

}  // namespace sluice::metrics
