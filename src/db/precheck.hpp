#pragma once
// DM's check-task prechecks (dm/config/checking_item.go) against the live servers: what a task
// needs of its upstream (binlog on, ROW, FULL images, replication privileges, server_id, the meta
// position) and of its downstream (reachable, writable, privileges).

#include <optional>
#include <string>
#include <vector>

#include "db/endpoint.hpp"
#include "pipeline/binlog_position.hpp"
#include "pipeline/block_allow_list.hpp"

namespace sluice::db {

enum class check_state { success, warn, fail };

/// One item of DM's check-task result.
struct check_result {
  std::string name;         // DM's item name, e.g. "mysql_binlog_format"
  std::string desc;         // what is checked
  check_state state = check_state::success;
  std::vector<std::string> errors;
  std::string instruction;  // how to fix a failure
  std::string extra;        // "address of db instance - host:port"
};

/// What one subtask's checks need.
struct precheck_target {
  std::string source_id;
  endpoint upstream;
  endpoint downstream;
  std::optional<pipeline::binlog_position> meta;  // task.yaml meta, if given
  const pipeline::block_allow_list* tables = nullptr;  // for the table structure check
};

/// Runs every check; each connects on its own terms, so one unreachable server fails its checks
/// with the connection error instead of stopping the others.
std::vector<check_result> run_prechecks(const precheck_target& target);

std::string_view to_string(check_state state) noexcept;

}  // namespace sluice::db
