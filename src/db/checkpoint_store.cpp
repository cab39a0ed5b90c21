#include "db/checkpoint_store.hpp"

#include <nlohmann/json.hpp>

namespace sluice::db {

namespace {

constexpr std::string_view worker_prefix = "*worker-";

// table_info of a worker row: {"applied": [["mysql-bin.000001", 1234], ...]}.
std::string applied_json(const std::set<pipeline::binlog_position>& applied) {
  auto list = nlohmann::json::array();
  for (const auto& p : applied)
    list.push_back(nlohmann::json::array({p.file, p.pos}));
  return nlohmann::json{{"applied", std::move(list)}}.dump();
}

std::set<pipeline::binlog_position> parse_applied(const std::string& text) {
  std::set<pipeline::binlog_position> out;
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_object() || !doc.contains("applied") || !doc["applied"].is_array())
    return out;
  for (const auto& e : doc["applied"])
    if (e.is_array() && e.size() == 2 && e[0].is_string() && e[1].is_number_unsigned())
      out.insert(pipeline::binlog_position{e[0].get<std::string>(), e[1].get<std::uint32_t>()});
  return out;
}

}  // namespace

std::optional<std::pair<pipeline::binlog_position, std::string>> checkpoint_state::resume_point() const {
  std::optional<std::pair<pipeline::binlog_position, std::string>> best;
  if (global)
    best.emplace(global->position, global->gtid);
  for (const auto& w : workers)
    if (!w.low.empty() && (!best || best->first < w.low))
      best.emplace(w.low, w.low_gtid);
  return best;
}

std::set<pipeline::binlog_position> checkpoint_state::applied_past_resume() const {
  std::set<pipeline::binlog_position> out;
  auto from = resume_point();
  for (const auto& w : workers)
    for (const auto& p : w.applied)
      if (!from || from->first < p)
        out.insert(p);
  return out;
}

using pipeline::quote_identifier;

checkpoint_store::checkpoint_store(std::string meta_schema, std::string task, std::string source_id)
    : meta_schema_(std::move(meta_schema)), table_(task + "_syncer_checkpoint"), source_id_(std::move(source_id)) {}

std::string checkpoint_store::qualified_table() const {
  return quote_identifier(meta_schema_) + "." + quote_identifier(table_);
}

tl::expected<void, db_error> checkpoint_store::ensure_table(connection& conn) const {
  if (auto r = conn.execute("CREATE SCHEMA IF NOT EXISTS " + quote_identifier(meta_schema_)); !r)
    return r;
  return conn.execute(
      "CREATE TABLE IF NOT EXISTS " + qualified_table() +
      " (id VARCHAR(32) NOT NULL, cp_schema VARCHAR(128) NOT NULL, cp_table VARCHAR(128) NOT NULL,"
      " binlog_name VARCHAR(128), binlog_pos INT UNSIGNED, binlog_gtid TEXT,"
      " exit_safe_binlog_name VARCHAR(128) DEFAULT '', exit_safe_binlog_pos INT UNSIGNED DEFAULT 0,"
      " exit_safe_binlog_gtid TEXT, table_info JSON NOT NULL, is_global BOOLEAN,"
      " create_time timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,"
      " update_time timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
      " UNIQUE KEY uk_id_schema_table (id, cp_schema, cp_table))");
}

tl::expected<checkpoint_state, db_error> checkpoint_store::load(connection& conn) const {
  auto rows = conn.query("SELECT cp_schema, cp_table, binlog_name, binlog_pos, binlog_gtid,"
                         " exit_safe_binlog_name, exit_safe_binlog_pos, table_info FROM " + qualified_table() +
                         " WHERE id = " + conn.quote(source_id_));
  if (!rows)
    return tl::unexpected(rows.error());
  checkpoint_state state;
  for (const auto& r : *rows) {
    auto text = [&](std::size_t i) { return r[i] ? *r[i] : std::string(); };
    auto number = [&](std::size_t i) -> std::uint32_t {
      return r[i] ? static_cast<std::uint32_t>(std::stoul(*r[i])) : 0;
    };
    pipeline::binlog_position pos{text(2), number(3)};
    if (pos.empty())
      continue;
    if (text(0).empty() && text(1).empty())
      state.global = checkpoint_row{pos, text(4), pipeline::binlog_position{text(5), number(6)}};
    else if (text(0).empty() && text(1).starts_with(worker_prefix))
      state.workers.push_back(worker_checkpoint{pos, text(4), parse_applied(text(7))});
    // DM's per-table rows carry nothing Sluice resumes from.
  }
  return state;
}

std::string checkpoint_store::global_upsert(connection& conn, const checkpoint_row& row) const {
  return "INSERT INTO " + qualified_table() +
         " (id, cp_schema, cp_table, binlog_name, binlog_pos, binlog_gtid, exit_safe_binlog_name,"
         " exit_safe_binlog_pos, exit_safe_binlog_gtid, table_info, is_global) VALUES (" +
         conn.quote(source_id_) + ", '', '', " + conn.quote(row.position.file) + ", " +
         std::to_string(row.position.pos) + ", " + conn.quote(row.gtid) + ", " +
         conn.quote(row.exit_safe.file) + ", " + std::to_string(row.exit_safe.pos) +
         ", '', '{}', 1) ON DUPLICATE KEY UPDATE binlog_name = VALUES(binlog_name),"
         " binlog_pos = VALUES(binlog_pos), binlog_gtid = VALUES(binlog_gtid),"
         " exit_safe_binlog_name = VALUES(exit_safe_binlog_name),"
         " exit_safe_binlog_pos = VALUES(exit_safe_binlog_pos)";
}

std::string checkpoint_store::worker_upsert(connection& conn, std::size_t worker, const worker_checkpoint& cp) const {
  return "INSERT INTO " + qualified_table() +
         " (id, cp_schema, cp_table, binlog_name, binlog_pos, binlog_gtid, table_info, is_global) VALUES (" +
         conn.quote(source_id_) + ", '', " + conn.quote(std::string(worker_prefix) + std::to_string(worker)) + ", " +
         conn.quote(cp.low.file) + ", " + std::to_string(cp.low.pos) + ", " + conn.quote(cp.low_gtid) + ", " +
         conn.quote(applied_json(cp.applied)) +
         ", 0) ON DUPLICATE KEY UPDATE binlog_name = VALUES(binlog_name), binlog_pos = VALUES(binlog_pos),"
         " binlog_gtid = VALUES(binlog_gtid), table_info = VALUES(table_info)";
}

std::string checkpoint_store::delete_all(connection& conn) const {
  return "DELETE FROM " + qualified_table() + " WHERE id = " + conn.quote(source_id_);
}

}  // namespace sluice::db
