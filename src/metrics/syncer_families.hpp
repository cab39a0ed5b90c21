#pragma once
// The metric families of the sync unit: DM's dm_syncer_* (dm/syncer/metrics/metrics.go: names,
// label names, bucket layouts) and Sluice's own sluice_* ones. Registered once per registry
// (registry::families<syncer_families>()); syncer_probe adds and removes the label sets.

#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace sluice::metrics {

/// Owned by the registry (one per process registry); probes hold references to its families.
struct syncer_families {
  explicit syncer_families(prometheus::Registry& r);

  // reading the binlog
  prometheus::Family<prometheus::Histogram>& read_binlog_duration;  // {task, source_id}
  prometheus::Family<prometheus::Histogram>& binlog_event_size;     // {task, worker, source_id}
  prometheus::Family<prometheus::Histogram>& binlog_event_row;      // {worker, task, source_id}
  prometheus::Family<prometheus::Gauge>& binlog_pos;                // {node, task, source_id}
  prometheus::Family<prometheus::Gauge>& binlog_file;               // {node, task, source_id}
  // dispatching and applying
  prometheus::Family<prometheus::Counter>& added_jobs;     // {type, task, queueNo, source_id, worker,
  prometheus::Family<prometheus::Counter>& finished_jobs;  //  target_schema, target_table}
  prometheus::Family<prometheus::Gauge>& queue_size;       // {task, queue_id, source_id}
  prometheus::Family<prometheus::Histogram>& conflict_detect_duration;  // {task, source_id}
  prometheus::Family<prometheus::Histogram>& transform_cost;  // {stage, task, worker, source_id}
  prometheus::Family<prometheus::Histogram>& txn_duration;    // {task, worker, source_id}
  prometheus::Family<prometheus::Counter>& finished_transactions;  // {task, worker, source_id}
  prometheus::Family<prometheus::Histogram>& transaction_batch;  // {worker, task, source_id, queueNo, type}
  prometheus::Family<prometheus::Histogram>& flush_checkpoints_interval;  // {worker, task, source_id}
  // health
  prometheus::Family<prometheus::Counter>& exit_with_error;  // {task, source_id, resumable_err}
  prometheus::Family<prometheus::Gauge>& replication_lag_gauge;     // {task, source_id, worker}
  prometheus::Family<prometheus::Histogram>& replication_lag;       // {task, source_id, worker}
  // Sluice's own, all {task, source_id, worker}
  prometheus::Family<prometheus::Counter>& decode_errors;
  prometheus::Family<prometheus::Counter>& protocol_errors;
  prometheus::Family<prometheus::Counter>& binlog_bytes_read;
  prometheus::Family<prometheus::Counter>& reconnects;
  prometheus::Family<prometheus::Histogram>& batch_rows;
  prometheus::Family<prometheus::Gauge>& credits_in_flight;
  prometheus::Family<prometheus::Gauge>& credits_limit;
  prometheus::Family<prometheus::Gauge>& checkpoint_flush_time;
};

// DM's bucket layouts, so DM's dashboards read the same quantiles.
const std::vector<double>& duration_buckets();        // 5us .. ~84s, doubling
const std::vector<double>& event_size_buckets();      // 16B .. 8MiB, doubling
const std::vector<double>& event_row_buckets();       // 0 .. 10000 rows, step 100
const std::vector<double>& lag_buckets();             // 0.5s .. 1024s, doubling
const std::vector<double>& transaction_batch_buckets();  // 1 .. 1001, step 50
const std::vector<double>& flush_interval_buckets();  // 1s .. 1001s, step 50
const std::vector<double>& batch_rows_buckets();      // 1 .. 32768 rows, doubling (Sluice's)

}  // namespace sluice::metrics
