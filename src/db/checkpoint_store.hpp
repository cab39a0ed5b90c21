#pragma once
// DM's checkpoint table in the downstream: `<meta-schema>`.`<task>_syncer_checkpoint`.
// The global row (cp_schema = cp_table = '') says where reading resumes; one row per upstream table
// says up to where that table's rows are committed, written in the same downstream transaction as
// the rows themselves, so a crash can neither lose nor repeat a row of that table.

#include <map>
#include <optional>
#include <string>

#include <tl/expected.hpp>

#include "db/connection.hpp"
#include "pipeline/binlog_position.hpp"
#include "pipeline/table_ref.hpp"

namespace sluice::db {

struct checkpoint_row {
  pipeline::binlog_position position;
  std::string gtid;
  pipeline::binlog_position exit_safe;  // DM's exit_safe_binlog_*: safe mode until this point
};

struct checkpoint_state {
  std::optional<checkpoint_row> global;
  std::map<pipeline::table_name, pipeline::binlog_position> tables;
};

/// Names the table and renders its statements; stateless apart from the names.
class checkpoint_store {
 public:
  checkpoint_store(std::string meta_schema, std::string task, std::string source_id);

  /// CREATE SCHEMA / CREATE TABLE IF NOT EXISTS with DM's columns.
  tl::expected<void, db_error> ensure_table(connection& conn) const;
  tl::expected<checkpoint_state, db_error> load(connection& conn) const;
  /// Upsert of the global row (exit_safe cleared unless given).
  std::string global_upsert(connection& conn, const checkpoint_row& row) const;
  /// Upsert of one table's row; meant to run inside the transaction that applies its rows.
  std::string table_upsert(connection& conn, const pipeline::table_name& table,
                           const pipeline::binlog_position& pos) const;
  /// Removes every row of this task and source (stop-task --remove-meta, tests).
  std::string delete_all(connection& conn) const;
  std::string qualified_table() const;

 private:
  std::string meta_schema_;
  std::string table_;
  std::string source_id_;
};

}  // namespace sluice::db
