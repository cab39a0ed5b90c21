#pragma once
// DM's checkpoint table in the downstream: `<meta-schema>`.`<task>_syncer_checkpoint`.
// The global row (cp_schema = cp_table = '') says where reading resumes (DM's row). Sluice adds one
// row per apply worker (cp_schema = '', cp_table = '*worker-N', is_global = 0), written in the same
// downstream transaction as the rows it covers: a low-water mark every transaction at or before
// which was committed, and the ends of the transactions past it that this worker committed. After
// a crash reading resumes at the highest mark and skips exactly the listed transactions, so no
// row is lost or applied twice.

#include <optional>
#include <set>
#include <string>
#include <vector>

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

/// What one apply worker has committed: everything up to `low`, and `applied` past it.
struct worker_checkpoint {
  pipeline::binlog_position low;
  std::string low_gtid;
  std::set<pipeline::binlog_position> applied;
};

struct checkpoint_state {
  std::optional<checkpoint_row> global;
  std::vector<worker_checkpoint> workers;

  /// Where reading resumes: the highest of the global row's position and the workers' marks
  /// (nullopt without any checkpoint), with its GTID.
  std::optional<std::pair<pipeline::binlog_position, std::string>> resume_point() const;
  /// The transactions past resume_point() already committed downstream.
  std::set<pipeline::binlog_position> applied_past_resume() const;
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
  /// Upsert of apply worker `worker`'s row; meant to run inside the transaction that applies
  /// the rows it covers.
  std::string worker_upsert(connection& conn, std::size_t worker, const worker_checkpoint& cp) const;
  /// Removes every row of this task and source (stop-task --remove-meta, tests).
  std::string delete_all(connection& conn) const;
  std::string qualified_table() const;

 private:
  std::string meta_schema_;
  std::string table_;
  std::string source_id_;
};

}  // namespace sluice::db
