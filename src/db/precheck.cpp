#include "db/precheck.hpp"

#include "db/connection.hpp"
#include "db/grants.hpp"

namespace sluice::db {
namespace {

std::string address(const endpoint& ep) { return "address of db instance - " + ep.host + ":" + std::to_string(ep.port); }

check_result item(std::string name, std::string desc, const endpoint& ep) {
  check_result r;
  r.name = std::move(name);
  r.desc = std::move(desc);
  r.extra = address(ep);
  return r;
}

void fail(check_result& r, std::string error, std::string instruction) {
  r.state = check_state::fail;
  r.errors.push_back(std::move(error));
  r.instruction = std::move(instruction);
}

std::optional<std::string> variable(connection& conn, std::string_view name, std::string& error) {
  auto rows = conn.query("SHOW GLOBAL VARIABLES LIKE '" + std::string(name) + "'");
  if (!rows) {
    error = rows.error().message;
    return std::nullopt;
  }
  if (rows->empty() || rows->front().size() < 2 || !rows->front()[1]) return std::string();
  return *rows->front()[1];
}

// One variable-equals check, e.g. binlog_format must be ROW.
check_result expect_variable(connection& conn, const endpoint& ep, std::string name, std::string desc,
                             std::string_view variable_name, std::string_view wanted, std::string instruction) {
  auto r = item(std::move(name), std::move(desc), ep);
  std::string error;
  auto value = variable(conn, variable_name, error);
  if (!value)
    fail(r, "cannot read " + std::string(variable_name) + ": " + error, "");
  else if (*value != wanted)
    fail(r, std::string(variable_name) + " is " + (value->empty() ? "not set" : *value) + ", not " + std::string(wanted),
         std::move(instruction));
  return r;
}

std::vector<std::string> grants_of(connection& conn, std::string& error) {
  std::vector<std::string> out;
  auto rows = conn.query("SHOW GRANTS FOR CURRENT_USER()");
  if (!rows) {
    error = rows.error().message;
    return out;
  }
  for (const auto& row : *rows)
    if (!row.empty() && row[0]) out.push_back(*row[0]);
  return out;
}

check_result privilege_check(connection& conn, const endpoint& ep, std::string name, std::string desc,
                             const std::vector<std::string_view>& wanted) {
  auto r = item(std::move(name), std::move(desc), ep);
  std::string error;
  auto grants = grants_of(conn, error);
  if (!error.empty()) {
    fail(r, "cannot read the grants of " + ep.user + ": " + error, "");
    return r;
  }
  auto missing = missing_privileges(global_privileges(grants), wanted);
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    fail(r, "user " + ep.user + " lacks " + list + " ON *.*",
         "GRANT " + list + " ON *.* TO the user Sluice connects as");
  }
  return r;
}

check_result meta_position_check(connection& conn, const endpoint& ep, const pipeline::binlog_position& meta) {
  auto r = item("meta_position", "check whether the meta position exists in the upstream's binlog", ep);
  auto rows = conn.query("SHOW BINARY LOGS");
  if (!rows) {
    fail(r, "SHOW BINARY LOGS: " + rows.error().message, "");
    return r;
  }
  for (const auto& row : *rows) {
    if (row.size() < 2 || !row[0] || *row[0] != meta.file) continue;
    const auto size = row[1] ? std::stoull(*row[1]) : 0ULL;
    if (meta.pos > size)
      fail(r, "meta binlog-pos " + std::to_string(meta.pos) + " is beyond the end of " + meta.file + " (" +
                  std::to_string(size) + " bytes)",
           "set meta.binlog-pos to an event boundary within the file");
    return r;
  }
  fail(r, "meta binlog-name " + meta.file + " is not among the upstream's binary logs (purged, or a typo)",
       "choose a file SHOW BINARY LOGS lists; if it was purged, migrate the missing data first");
  return r;
}

check_result table_structure_check(connection& conn, const endpoint& ep, const pipeline::block_allow_list& tables) {
  auto r = item("table_structure", "check whether the selected upstream tables have a primary or unique key", ep);
  auto rows = conn.query(
      "SELECT t.TABLE_SCHEMA, t.TABLE_NAME FROM information_schema.TABLES t WHERE t.TABLE_TYPE = 'BASE TABLE' AND "
      "NOT EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS c WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA AND "
      "c.TABLE_NAME = t.TABLE_NAME AND c.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE'))");
  if (!rows) {
    fail(r, "reading information_schema: " + rows.error().message, "");
    return r;
  }
  for (const auto& row : *rows) {
    if (row.size() < 2 || !row[0] || !row[1] || pipeline::block_allow_list::is_system_schema(*row[0])) continue;
    if (!tables.allows_table(*row[0], *row[1])) continue;
    r.state = check_state::warn;
    r.errors.push_back("`" + *row[0] + "`.`" + *row[1] + "` has no primary or unique key");
  }
  if (r.state == check_state::warn)
    r.instruction = "without a key, updates and deletes match whole rows downstream (slower; duplicates are "
                    "indistinguishable); add a primary key where possible";
  return r;
}

void upstream_checks(const precheck_target& t, std::vector<check_result>& out) {
  auto conn = connection::open(t.upstream);
  if (!conn) {
    auto r = item("mysql_connection", "check whether the upstream is reachable", t.upstream);
    fail(r, conn.error().message, "check source " + t.source_id + "'s from.host, port, user and password");
    out.push_back(std::move(r));
    return;
  }
  out.push_back(expect_variable(*conn, t.upstream, "mysql_binlog_enable", "check whether the binlog is enabled",
                                "log_bin", "ON", "start the upstream with log-bin"));
  out.push_back(expect_variable(*conn, t.upstream, "mysql_binlog_format", "check whether binlog_format is ROW",
                                "binlog_format", "ROW", "SET GLOBAL binlog_format = ROW (and in the server's config)"));
  out.push_back(expect_variable(*conn, t.upstream, "mysql_binlog_row_image", "check whether binlog_row_image is FULL",
                                "binlog_row_image", "FULL",
                                "SET GLOBAL binlog_row_image = FULL (and in the server's config)"));
  auto server_id = item("mysql_server_id", "check whether the upstream has a non-zero server_id", t.upstream);
  std::string error;
  if (auto id = variable(*conn, "server_id", error); !id)
    fail(server_id, "cannot read server_id: " + error, "");
  else if (id->empty() || *id == "0")
    fail(server_id, "server_id is 0: the server cannot serve replicas", "set server_id to a unique non-zero value");
  out.push_back(std::move(server_id));
  out.push_back(privilege_check(*conn, t.upstream, "mysql_replication_privilege",
                                "check whether the user has the privileges to read the binlog",
                                {"REPLICATION SLAVE", "REPLICATION CLIENT|BINLOG MONITOR", "SELECT"}));
  if (t.meta) out.push_back(meta_position_check(*conn, t.upstream, *t.meta));
  if (t.tables) out.push_back(table_structure_check(*conn, t.upstream, *t.tables));
}

void downstream_checks(const precheck_target& t, std::vector<check_result>& out) {
  auto conn = connection::open(t.downstream);
  if (!conn) {
    auto r = item("target_connection", "check whether the downstream is reachable", t.downstream);
    fail(r, conn.error().message, "check target-database's host, port, user and password");
    out.push_back(std::move(r));
    return;
  }
  out.push_back(privilege_check(*conn, t.downstream, "target_privilege",
                                "check whether the downstream user can create and write tables",
                                {"SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "INDEX"}));
  out.push_back(expect_variable(*conn, t.downstream, "target_writable", "check whether the downstream is writable",
                                "read_only", "OFF", "SET GLOBAL read_only = OFF on the downstream"));
}

}  // namespace

std::vector<check_result> run_prechecks(const precheck_target& target) {
  std::vector<check_result> out;
  upstream_checks(target, out);
  downstream_checks(target, out);
  return out;
}

std::string_view to_string(check_state state) noexcept {
  switch (state) {
    case check_state::success: return "success";
    case check_state::warn: return "warn";
    case check_state::fail: return "fail";
  }
  return "fail";
}

}  // namespace sluice::db
