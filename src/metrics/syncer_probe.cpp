#include "metrics/syncer_probe.hpp"

#include <charconv>
#include <ctime>
#include <stdexcept>

#include "metrics/syncer_families.hpp"

namespace sluice::metrics {

using prometheus::Gauge;
using prometheus::Histogram;
using prometheus::Labels;

namespace {

constexpr std::array<job_type, 4> all_job_types = {job_type::insert, job_type::update,
                                                   job_type::del, job_type::ddl};

Labels with(Labels base, const char* name, std::string value) {
  base.emplace(name, std::move(value));
  return base;
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
  auto& f = families_;

  read_duration_ = &f.read_binlog_duration.Add(task_source, duration_buckets());
  event_size_ = &f.binlog_event_size.Add(all, event_size_buckets());
  event_rows_ = &f.binlog_event_row.Add(all, event_row_buckets());
  bytes_read_ = &f.binlog_bytes_read.Add(all);
  lag_gauge_ = &f.replication_lag_gauge.Add(all);
  lag_histogram_ = &f.replication_lag.Add(all, lag_buckets());
  finished_transactions_ = &f.finished_transactions.Add(all);
  txn_duration_ = &f.txn_duration.Add(all, duration_buckets());
  batch_rows_ = &f.batch_rows.Add(all, batch_rows_buckets());
  gen_dml_cost_ = &f.transform_cost.Add(with(all, "stage", "gen-dml"), duration_buckets());
  dml_exec_cost_ = &f.transform_cost.Add(with(all, "stage", "dml-exec"), duration_buckets());
  conflict_detect_ = &f.conflict_detect_duration.Add(task_source, duration_buckets());
  flush_interval_ = &f.flush_checkpoints_interval.Add(all, flush_interval_buckets());
  master_file_ = &f.binlog_file.Add(with(task_source, "node", "master"));
  master_pos_ = &f.binlog_pos.Add(with(task_source, "node", "master"));
  syncer_file_ = &f.binlog_file.Add(with(task_source, "node", "syncer"));
  syncer_pos_ = &f.binlog_pos.Add(with(task_source, "node", "syncer"));
  flush_time_ = &f.checkpoint_flush_time.Add(all);
  exit_resumable_ = &f.exit_with_error.Add(with(task_source, "resumable_err", "true"));
  exit_fatal_ = &f.exit_with_error.Add(with(task_source, "resumable_err", "false"));
  decode_errors_ = &f.decode_errors.Add(all);
  protocol_errors_ = &f.protocol_errors.Add(all);
  reconnects_ = &f.reconnects.Add(all);
  credits_ = &f.credits_in_flight.Add(all);
  credits_limit_ = &f.credits_limit.Add(all);
}

syncer_probe::~syncer_probe() {
  auto& f = families_;
  std::lock_guard lock(mutex_);
  for (const auto& [key, counters] : jobs_) {
    for (job_type type : all_job_types) {
      f.added_jobs.Remove(counters->added_[job_counters::slot(type)]);
      f.finished_jobs.Remove(counters->finished_[job_counters::slot(type)]);
    }
  }
  for (const auto& [key, gauge] : queues_) f.queue_size.Remove(gauge);
  for (const auto& pair : batches_) {
    for (Histogram* h : pair) f.transaction_batch.Remove(h);
  }

  f.read_binlog_duration.Remove(read_duration_);
  f.binlog_event_size.Remove(event_size_);
  f.binlog_event_row.Remove(event_rows_);
  f.binlog_bytes_read.Remove(bytes_read_);
  f.replication_lag_gauge.Remove(lag_gauge_);
  f.replication_lag.Remove(lag_histogram_);
  f.finished_transactions.Remove(finished_transactions_);
  f.txn_duration.Remove(txn_duration_);
  f.batch_rows.Remove(batch_rows_);
  f.transform_cost.Remove(gen_dml_cost_);
  f.transform_cost.Remove(dml_exec_cost_);
  f.conflict_detect_duration.Remove(conflict_detect_);
  f.flush_checkpoints_interval.Remove(flush_interval_);
  f.binlog_file.Remove(master_file_);
  f.binlog_pos.Remove(master_pos_);
  f.binlog_file.Remove(syncer_file_);
  f.binlog_pos.Remove(syncer_pos_);
  f.checkpoint_flush_time.Remove(flush_time_);
  f.exit_with_error.Remove(exit_resumable_);
  f.exit_with_error.Remove(exit_fatal_);
  f.decode_errors.Remove(decode_errors_);
  f.protocol_errors.Remove(protocol_errors_);
  f.reconnects.Remove(reconnects_);
  f.credits_in_flight.Remove(credits_);
  f.credits_limit.Remove(credits_limit_);
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

void syncer_probe::queue_length(std::size_t queue, std::size_t rows) {
  Gauge* gauge = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (queue < queue_by_index_.size()) gauge = queue_by_index_[queue];
  }
  if (!gauge) {
    gauge = &queue_size(std::to_string(queue));
    std::lock_guard lock(mutex_);
    if (queue_by_index_.size() <= queue) queue_by_index_.resize(queue + 1, nullptr);
    queue_by_index_[queue] = gauge;
  }
  gauge->Set(static_cast<double>(rows));
}

void syncer_probe::observe(timed_span span, double seconds) {
  switch (span) {
    case timed_span::gen_dml: gen_dml_cost_->Observe(seconds); return;
    case timed_span::dml_exec: dml_exec_cost_->Observe(seconds); return;
    case timed_span::conflict_detect: conflict_detect_->Observe(seconds); return;
  }
}

void syncer_probe::transaction_batch(std::size_t queue, std::size_t statements,
                                     std::size_t rows) {
  std::array<Histogram*, 2> pair{};
  {
    std::lock_guard lock(mutex_);
    if (batches_.size() <= queue) {
      const std::size_t from = batches_.size();
      batches_.resize(queue + 1);
      for (std::size_t q = from; q <= queue; ++q) {
        const Labels base{{"task", task_},
                          {"source_id", source_id_},
                          {"worker", worker_},
                          {"queueNo", std::to_string(q)}};
        batches_[q] = {
            &families_.transaction_batch.Add(with(base, "type", "statements"),
                                             transaction_batch_buckets()),
            &families_.transaction_batch.Add(with(base, "type", "rows"),
                                             transaction_batch_buckets())};
      }
    }
    pair = batches_[queue];
  }
  pair[0]->Observe(static_cast<double>(statements));
  pair[1]->Observe(static_cast<double>(rows));
}

void syncer_probe::read_failed(unsigned mysql_code) {
  if (is_protocol_error_code(mysql_code)) protocol_errors_->Increment();
}

void syncer_probe::master_position(std::string_view binlog_file, std::uint64_t pos) {
  std::lock_guard lock(mutex_);
  if (binlog_file != master_file_name_) {
    const std::int64_t index = binlog_file_index(binlog_file);
    // An older file (a re-read after a restart) is not news about the upstream.
    if (index < master_index_) return;
    if (index > master_index_) master_offset_ = 0;
    master_file_name_ = std::string(binlog_file);
    master_index_ = index;
    if (index >= 0) master_file_->Set(static_cast<double>(index));
  }
  if (pos < master_offset_) return;
  master_offset_ = pos;
  master_pos_->Set(static_cast<double>(pos));
}

void syncer_probe::syncer_position(std::string_view binlog_file, std::uint64_t pos) {
  set_position(*syncer_file_, *syncer_pos_, binlog_file, pos);
}

void syncer_probe::checkpoint_flushed() {
  const auto now = std::chrono::steady_clock::now();
  flush_time_->Set(static_cast<double>(std::time(nullptr)));
  std::lock_guard lock(mutex_);
  if (last_flush_ != std::chrono::steady_clock::time_point{})
    flush_interval_->Observe(std::chrono::duration<double>(now - last_flush_).count());
  last_flush_ = now;
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

bool syncer_probe::is_protocol_error_code(unsigned mysql_code) {
  switch (mysql_code) {
    case 1153:  // ER_NET_PACKET_TOO_LARGE
    case 1156:  // ER_NET_PACKETS_OUT_OF_ORDER
    case 1157:  // ER_NET_UNCOMPRESS_ERROR
    case 2014:  // CR_COMMANDS_OUT_OF_SYNC
    case 2020:  // CR_NET_PACKET_TOO_LARGE
    case 2027:  // CR_MALFORMED_PACKET
      return true;
    default:
      return false;
  }
}

void syncer_probe::set_position(Gauge& file, Gauge& pos, std::string_view binlog_file,
                                std::uint64_t value) {
  const std::int64_t index = binlog_file_index(binlog_file);
  if (index >= 0) file.Set(static_cast<double>(index));
  pos.Set(static_cast<double>(value));
}

}  // namespace sluice::metrics
