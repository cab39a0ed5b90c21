#include "metrics/syncer_probe.hpp"

#include <charconv>
#include <stdexcept>

namespace sluice::metrics {

using prometheus::Counter;
using prometheus::Family;
using prometheus::Gauge;
using prometheus::Histogram;
using prometheus::Labels;

/// The sync unit's families, registered once per registry. Names, label names and bucket
/// layouts follow DM's dm/syncer/metrics/metrics.go; help texts are ours.
struct syncer_families {
  explicit syncer_families(prometheus::Registry& r)
      : read_binlog_duration(histogram_family(
            r, "dm_syncer_read_binlog_duration",
            "Time in seconds to read one binlog event from the upstream.")),
        binlog_event_size(histogram_family(r, "dm_syncer_binlog_event_size",
                                           "Size in bytes of one binlog event.")),
        added_jobs(counter_family(r, "dm_syncer_added_jobs_total",
                                  "Jobs (rows, DDLs) handed to the appliers.")),
        finished_jobs(counter_family(r, "dm_syncer_finished_jobs_total",
                                     "Jobs (rows, DDLs) applied downstream.")),
        queue_size(gauge_family(r, "dm_syncer_queue_size",
                                "Jobs waiting in an applier's queue.")),
        binlog_pos(gauge_family(r, "dm_syncer_binlog_pos",
                                "Binlog position: node=master is upstream's newest, node=syncer "
                                "is the last one applied.")),
        binlog_file(gauge_family(r, "dm_syncer_binlog_file",
                                 "Binlog file number (suffix of the file name): node=master is "
                                 "upstream's newest, node=syncer is the last one applied.")),
        txn_duration(histogram_family(r, "dm_syncer_txn_duration_time",
                                      "Time in seconds to execute one downstream transaction.")),
        exit_with_error(counter_family(r, "dm_syncer_exit_with_error_count",
                                       "Times the sync unit stopped on an error, by whether "
                                       "the error is resumable.")),
        replication_lag_gauge(gauge_family(r, "dm_syncer_replication_lag_gauge",
                                           "Seconds between an event's upstream timestamp and "
                                           "its apply downstream (latest).")),
        replication_lag(histogram_family(r, "dm_syncer_replication_lag",
                                         "Seconds between an event's upstream timestamp and its "
                                         "apply downstream.")),
        finished_transactions(counter_family(r, "dm_syncer_finished_transaction_total",
                                             "Downstream transactions committed.")),
        decode_errors(counter_family(r, "sluice_decode_errors_total",
                                     "Binlog events whose bytes could not be decoded.")),
        protocol_errors(counter_family(r, "sluice_protocol_errors_total",
                                       "MySQL protocol errors (malformed packets, unexpected "
                                       "replies) on upstream or downstream connections.")),
        binlog_bytes_read(counter_family(r, "sluice_binlog_bytes_read_total",
                                         "Bytes of binlog events read from the upstream.")),
        reconnects(counter_family(r, "sluice_reconnects_total",
                                  "Reconnections to the upstream or downstream.")),
        batch_rows(histogram_family(r, "sluice_batch_rows",
                                    "Rows in one committed downstream transaction.")),
        credits_in_flight(gauge_family(r, "sluice_credits_in_flight",
                                       "Flow-control credits held by transactions not yet "
                                       "committed downstream.")) {}

  Family<Histogram>& read_binlog_duration;
  Family<Histogram>& binlog_event_size;
  Family<Counter>& added_jobs;
  Family<Counter>& finished_jobs;
  Family<Gauge>& queue_size;
  Family<Gauge>& binlog_pos;
  Family<Gauge>& binlog_file;
  Family<Histogram>& txn_duration;
  Family<Counter>& exit_with_error;
  Family<Gauge>& replication_lag_gauge;
  Family<Histogram>& replication_lag;
  Family<Counter>& finished_transactions;
  Family<Counter>& decode_errors;
  Family<Counter>& protocol_errors;
  Family<Counter>& binlog_bytes_read;
  Family<Counter>& reconnects;
  Family<Histogram>& batch_rows;
  Family<Gauge>& credits_in_flight;
};

namespace {

constexpr std::array<job_type, 4> all_job_types = {job_type::insert, job_type::update,
                                                   job_type::del, job_type::ddl};

// DM's bucket layouts, so DM's dashboards read the same quantiles.
const std::vector<double>& duration_buckets() {
  static const std::vector<double> b = exponential_buckets(0.000005, 2, 25);  // 5us .. ~84s
  return b;
}
const std::vector<double>& event_size_buckets() {
  static const std::vector<double> b = exponential_buckets(16, 2, 20);  // 16B .. 8MiB
  return b;
}
const std::vector<double>& lag_buckets() {
  static const std::vector<double> b = exponential_buckets(0.5, 2, 12);  // 0.5s .. 1024s
  return b;
}
const std::vector<double>& rows_buckets() {
  static const std::vector<double> b = exponential_buckets(1, 2, 16);  // 1 .. 32768 rows
  return b;
}

}  // namespace

std::string_view to_string(job_type type) {
  switch (type) {
    case job_type::insert: return "insert";
    case job_type::update: return "update";
    case job_type::del: return "delete";
    case job_type::ddl: return "ddl";
  }
  return "unknown";
}

syncer_probe::syncer_probe(registry& reg, std::string task, std::string source_id,
                           std::string worker)
    : registry_(reg),
      families_(reg.families<syncer_families>()),
      task_(std::move(task)),
      source_id_(std::move(source_id)),
      worker_(std::move(worker)),
      identity_(identity_of("syncer", {task_, source_id_, worker_})) {
  if (!registry_.claim(identity_)) {
    throw std::logic_error("metrics: a syncer probe for task " + task_ + ", source " +
                           source_id_ + ", worker " + worker_ + " already exists");
  }
  try {
    add_series();
  } catch (...) {
    registry_.release(identity_);
    throw;
  }
}

void syncer_probe::add_series() {
  const Labels task_source{{"task", task_}, {"source_id", source_id_}};
  const Labels all{{"task", task_}, {"source_id", source_id_}, {"worker", worker_}};
  auto with = [](Labels base, const char* name, const char* value) {
    base.emplace(name, value);
    return base;
  };

  read_duration_ = &families_.read_binlog_duration.Add(task_source, duration_buckets());
  event_size_ = &families_.binlog_event_size.Add(all, event_size_buckets());
  bytes_read_ = &families_.binlog_bytes_read.Add(all);
  lag_gauge_ = &families_.replication_lag_gauge.Add(all);
  lag_histogram_ = &families_.replication_lag.Add(all, lag_buckets());
  finished_transactions_ = &families_.finished_transactions.Add(all);
  txn_duration_ = &families_.txn_duration.Add(all, duration_buckets());
  batch_rows_ = &families_.batch_rows.Add(all, rows_buckets());
  master_file_ = &families_.binlog_file.Add(with(task_source, "node", "master"));
  master_pos_ = &families_.binlog_pos.Add(with(task_source, "node", "master"));
  syncer_file_ = &families_.binlog_file.Add(with(task_source, "node", "syncer"));
  syncer_pos_ = &families_.binlog_pos.Add(with(task_source, "node", "syncer"));
  exit_resumable_ = &families_.exit_with_error.Add(with(task_source, "resumable_err", "true"));
  exit_fatal_ = &families_.exit_with_error.Add(with(task_source, "resumable_err", "false"));
  decode_errors_ = &families_.decode_errors.Add(all);
  protocol_errors_ = &families_.protocol_errors.Add(all);
  reconnects_ = &families_.reconnects.Add(all);
  credits_ = &families_.credits_in_flight.Add(all);
}

syncer_probe::~syncer_probe() {
  std::lock_guard lock(mutex_);
  for (const auto& [key, counters] : jobs_) {
    for (job_type type : all_job_types) {
      families_.added_jobs.Remove(counters->added_[job_counters::slot(type)]);
      families_.finished_jobs.Remove(counters->finished_[job_counters::slot(type)]);
    }
  }
  for (const auto& [key, gauge] : queues_) families_.queue_size.Remove(gauge);

  families_.read_binlog_duration.Remove(read_duration_);
  families_.binlog_event_size.Remove(event_size_);
  families_.binlog_bytes_read.Remove(bytes_read_);
  families_.replication_lag_gauge.Remove(lag_gauge_);
  families_.replication_lag.Remove(lag_histogram_);
  families_.finished_transactions.Remove(finished_transactions_);
  families_.txn_duration.Remove(txn_duration_);
  families_.batch_rows.Remove(batch_rows_);
  families_.binlog_file.Remove(master_file_);
  families_.binlog_pos.Remove(master_pos_);
  families_.binlog_file.Remove(syncer_file_);
  families_.binlog_pos.Remove(syncer_pos_);
  families_.exit_with_error.Remove(exit_resumable_);
  families_.exit_with_error.Remove(exit_fatal_);
  families_.decode_errors.Remove(decode_errors_);
  families_.protocol_errors.Remove(protocol_errors_);
  families_.reconnects.Remove(reconnects_);
  families_.credits_in_flight.Remove(credits_);
  registry_.release(identity_);
}

job_counters& syncer_probe::jobs(std::string_view queue_no, std::string_view target_schema,
                                 std::string_view target_table) {
  const std::string key = identity_of("jobs", {queue_no, target_schema, target_table});
  std::lock_guard lock(mutex_);
  if (auto it = jobs_.find(key); it != jobs_.end()) return *it->second;

  auto counters = std::make_unique<job_counters>();
  for (job_type type : all_job_types) {
    const Labels labels{{"type", std::string(to_string(type))},
                        {"task", task_},
                        {"queueNo", std::string(queue_no)},
                        {"source_id", source_id_},
                        {"worker", worker_},
                        {"target_schema", std::string(target_schema)},
                        {"target_table", std::string(target_table)}};
    counters->added_[job_counters::slot(type)] = &families_.added_jobs.Add(labels);
    counters->finished_[job_counters::slot(type)] = &families_.finished_jobs.Add(labels);
  }
  return *jobs_.emplace(key, std::move(counters)).first->second;
}

prometheus::Gauge& syncer_probe::queue_size(std::string_view queue_id) {
  std::lock_guard lock(mutex_);
  if (auto it = queues_.find(queue_id); it != queues_.end()) return *it->second;
  Gauge& gauge = families_.queue_size.Add(
      {{"task", task_}, {"queue_id", std::string(queue_id)}, {"source_id", source_id_}});
  queues_.emplace(std::string(queue_id), &gauge);
  return gauge;
}

std::int64_t syncer_probe::binlog_file_index(std::string_view binlog_file) {
  const std::size_t dot = binlog_file.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == binlog_file.size()) return -1;
  const std::string_view digits = binlog_file.substr(dot + 1);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size() || value < 0) return -1;
  return value;
}

void syncer_probe::set_position(Gauge& file, Gauge& pos, std::string_view binlog_file,
                                std::uint64_t value) {
  const std::int64_t index = binlog_file_index(binlog_file);
  if (index >= 0) file.Set(static_cast<double>(index));
  pos.Set(static_cast<double>(value));
}

}  // namespace sluice::metrics
