#pragma once
// source.yaml: one upstream MySQL/MariaDB server (DM's dm/config/source_config.go).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "config/config_error.hpp"
#include "config/db_config.hpp"
#include "config/rules.hpp"

namespace sluice::config {

/// `purge`: relay log purging.
struct purge_config {
  std::int64_t interval = 3600;  // seconds between checks
  std::int64_t expires = 0;      // hours; 0 = never purge by age
  std::int64_t remain_space = 15;  // GB of free space to keep
  friend bool operator==(const purge_config&, const purge_config&) = default;
};

/// `checker`: auto-resume of paused subtasks. Only check-enable, backoff-rollback and
/// backoff-max are settable; DM overwrites the hidden keys with these defaults.
struct checker_config {
  bool check_enable = true;
  std::chrono::nanoseconds backoff_rollback = std::chrono::minutes(5);
  std::chrono::nanoseconds backoff_max = std::chrono::minutes(5);
  std::chrono::nanoseconds check_interval = std::chrono::seconds(5);
  std::chrono::nanoseconds backoff_min = std::chrono::seconds(1);
  bool backoff_jitter = true;
  double backoff_factor = 2;
  friend bool operator==(const checker_config&, const checker_config&) = default;
};

/// A parsed and validated source.yaml. Deprecated keys (auto-fix-gtid, meta-dir, charset,
/// tracer) are accepted and have no effect.
struct source_config {
  std::string source_id;  // required, at most 32 characters
  bool enable = true;
  bool enable_gtid = false;
  bool enable_relay = false;
  std::string relay_binlog_name;
  std::string relay_binlog_gtid;
  std::string relay_dir = "relay-dir";
  std::string flavor;           // "", "mysql" or "mariadb"; empty = detect on connect
  std::uint32_t server_id = 0;  // 0 = choose one on connect
  db_config from;
  purge_config purge;
  checker_config checker;
  bool case_sensitive = false;
  std::vector<event_filter_rule> filters;  // source-level binlog event filters
  friend bool operator==(const source_config&, const source_config&) = default;
};

/// Parses DM's source.yaml text. `file_name` only labels errors, e.g.
/// `source.yaml:5:9: from.port: expected an integer 1-65535, got "abc"`.
tl::expected<source_config, config_error> parse_source_config(std::string_view yaml_text, std::string_view file_name);

/// Reads and parses a file; an unreadable file is a config_error without a position.
tl::expected<source_config, config_error> load_source_config(const std::filesystem::path& path);

}  // namespace sluice::config
