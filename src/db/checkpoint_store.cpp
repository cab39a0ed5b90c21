#include "db/checkpoint_store.hpp"

namespace sluice::db {

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
                         " exit_safe_binlog_name, exit_safe_binlog_pos FROM " + qualified_table() +
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
    if (text(0).empty() && text(1).empty()) {
      state.global = checkpoint_row{pos, text(4), pipeline::binlog_position{text(5), number(6)}};
    } else {
      state.tables[pipeline::table_name{text(0), text(1)}] = pos;
    }
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

std::string checkpoint_store::table_upsert(connection& conn, const pipeline::table_name& table,
                                           const pipeline::binlog_position& pos) const {
  return "INSERT INTO " + qualified_table() +
         " (id, cp_schema, cp_table, binlog_name, binlog_pos, binlog_gtid, table_info, is_global) VALUES (" +
         conn.quote(source_id_) + ", " + conn.quote(table.schema) + ", " + conn.quote(table.table) + ", " +
         conn.quote(pos.file) + ", " + std::to_string(pos.pos) +
         ", '', '{}', 0) ON DUPLICATE KEY UPDATE binlog_name = VALUES(binlog_name),"
         " binlog_pos = VALUES(binlog_pos)";
}

std::string checkpoint_store::delete_all(connection& conn) const {
  return "DELETE FROM " + qualified_table() + " WHERE id = " + conn.quote(source_id_);
}

}  // namespace sluice::db
