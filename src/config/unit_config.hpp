#pragma once
// Settings of DM's processing units, named in task.yaml (`syncers`, `mydumpers`,
// `loaders`, `validators`) or written inline in a mysql-instances entry. Defaults are DM's.
// Sluice runs the sync unit only; the others are parsed and validated so DM task files
// are accepted unchanged.

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

namespace sluice::config {

/// `syncers.<name>` / `syncer` (dm/config/task.go SyncerConfig).
struct syncer_config {
  int worker_count = 16;
  int batch = 100;
  int queue_size = 1024;
  int checkpoint_flush_interval = 30;  // seconds
  bool compact = false;
  bool multiple_rows = false;
  bool safe_mode = false;
  /// How long safe mode stays on after a (re)start. DM's default is "60s"; an explicitly
  /// empty value means 2 x checkpoint-flush-interval. Sub-second values round up.
  std::chrono::seconds safe_mode_duration{60};
  friend bool operator==(const syncer_config&, const syncer_config&) = default;
};

/// `mydumpers.<name>` / `mydumper` (dump unit; not run by Sluice).
struct mydumper_config {
  std::string mydumper_path = "./bin/mydumper";
  int threads = 4;
  std::string chunk_filesize = "64";
  std::uint64_t statement_size = 0;
  std::uint64_t rows = 0;
  std::string where;
  bool skip_tz_utc = true;
  std::string extra_args;
  friend bool operator==(const mydumper_config&, const mydumper_config&) = default;
};

/// `loaders.<name>` / `loader` (load unit; not run by Sluice).
struct loader_config {
  int pool_size = 16;
  std::string dir = "./dumped_data";
  std::string import_mode = "logical";
  std::string on_duplicate_logical = "replace";
  std::string on_duplicate_physical = "none";
  std::string checksum_physical = "required";
  std::string analyze = "optional";
  std::string sorting_dir_physical;
  std::string disk_quota_physical;
  int range_concurrency = 0;
  std::string compress_kv_pairs;
  std::string pd_addr;
  friend bool operator==(const loader_config&, const loader_config&) = default;
};

/// `validators.<name>` (continuous data validation; not run by Sluice).
struct validator_config {
  std::string mode = "none";
  int worker_count = 4;
  std::chrono::nanoseconds validate_interval = std::chrono::seconds(10);
  std::chrono::nanoseconds check_interval = std::chrono::seconds(5);
  std::chrono::nanoseconds row_error_delay = std::chrono::minutes(30);
  std::chrono::nanoseconds meta_flush_interval = std::chrono::minutes(5);
  int batch_query_size = 100;
  std::string max_pending_row_size = "500m";
  int max_pending_row_count = std::numeric_limits<std::int32_t>::max();
  friend bool operator==(const validator_config&, const validator_config&) = default;
};

}  // namespace sluice::config
