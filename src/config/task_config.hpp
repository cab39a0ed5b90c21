#pragma once
// task.yaml: one migration task over one or more sources (DM's dm/config/task.go).

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "config/config_error.hpp"
#include "config/db_config.hpp"
#include "config/rules.hpp"
#include "config/unit_config.hpp"
#include "pipeline/block_allow_list.hpp"

namespace sluice::config {

/// `meta`: where an incremental task starts when the downstream holds no checkpoint.
/// At least one of binlog_name and binlog_gtid is set.
struct binlog_meta {
  std::string binlog_name;
  std::uint32_t binlog_pos = 4;
  std::string binlog_gtid;
  friend bool operator==(const binlog_meta&, const binlog_meta&) = default;
};

/// One `mysql-instances` entry with every reference resolved: the processing-unit configs
/// are the named entry, the inline one, or DM's defaults, with syncer-thread /
/// mydumper-thread / loader-thread applied.
struct mysql_instance {
  std::string source_id;
  std::optional<binlog_meta> meta;
  /// Name of the block-allow-list rule (or of the legacy black-white-list); may be empty.
  std::string block_allow_list;
  std::vector<std::string> route_rules;
  std::vector<std::string> filter_rules;
  std::vector<std::string> expression_filters;
  std::string syncer_config_name;
  std::string mydumper_config_name;
  std::string loader_config_name;
  std::string validator_config_name;
  syncer_config syncer;
  mydumper_config mydumper;
  loader_config loader;
  validator_config validator;
  /// The resolved block_allow_list rule; an empty rule allows every non-system table.
  pipeline::block_allow_rule ba_rule;
  friend bool operator==(const mysql_instance&, const mysql_instance&) = default;
};

/// `mariadb2tidb`: MariaDB schema conversion (a TiDB-only feature; parsed for compatibility).
struct mariadb2tidb_config {
  std::string mode = "auto";
  std::vector<std::string> enabled_rules;
  std::vector<std::string> disabled_rules;
  bool strict_mode = true;
  friend bool operator==(const mariadb2tidb_config&, const mariadb2tidb_config&) = default;
};

/// A parsed and validated task.yaml. Every rule set an instance refers to exists, and every
/// named route / filter / expression filter / unit config is used by some instance.
/// Deprecated keys (enable-heartbeat, heartbeat-*, ansi-quotes, remove-meta,
/// online-ddl-scheme, is-sharding, black-white-list) are accepted as DM accepts them.
struct task_config {
  std::string name;
  std::string task_mode;   // full | incremental | all | dump | load
  std::string shard_mode;  // "" | pessimistic | optimistic ("is-sharding: true" = pessimistic)
  bool strict_optimistic_shard_mode = false;
  std::string meta_schema = "dm_meta";
  std::string timezone;  // "" = the downstream's time zone
  bool case_sensitive = false;
  std::string collation_compatible = "loose";
  bool online_ddl = true;
  std::vector<std::string> shadow_table_rules{"^_(.+)_(?:new|gho)$"};
  std::vector<std::string> trash_table_rules{"^_(.+)_(?:ghc|del|old)$"};
  bool clean_dump_file = true;
  std::vector<std::string> ignore_checking_items;
  bool async_checkpoint_flush = false;  // experimental.async-checkpoint-flush
  mariadb2tidb_config mariadb2tidb;
  db_config target_database;

  std::map<std::string, pipeline::block_allow_rule> block_allow_list;
  std::map<std::string, route_rule> routes;
  std::map<std::string, event_filter_rule> filters;
  std::map<std::string, expression_filter_rule> expression_filters;
  std::map<std::string, syncer_config> syncers;
  std::map<std::string, mydumper_config> mydumpers;
  std::map<std::string, loader_config> loaders;
  std::map<std::string, validator_config> validators;

  std::vector<mysql_instance> mysql_instances;
  friend bool operator==(const task_config&, const task_config&) = default;
};

/// Parses DM's task.yaml text. `file_name` only labels errors.
tl::expected<task_config, config_error> parse_task_config(std::string_view yaml_text, std::string_view file_name);

/// Reads and parses a file; an unreadable file is a config_error without a position.
tl::expected<task_config, config_error> load_task_config(const std::filesystem::path& path);

}  // namespace sluice::config
