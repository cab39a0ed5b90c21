#pragma once
// The unit that flows through the pipeline: one upstream transaction (or one DDL statement, or a bare
// position advance), carrying every row change and the position at which reading resumes after it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/binlog_position.hpp"
#include "pipeline/ddl_statement.hpp"
#include "pipeline/table_ref.hpp"
#include "protocol/cell.hpp"
#include "protocol/events.hpp"

namespace sluice::pipeline {

enum class row_kind : std::uint8_t { insert, update, erase };

/// One row change. `before` is set for update/erase, `after` for insert/update; both hold table-width cells.
struct row_op {
  row_kind kind = row_kind::insert;
  table_name source;
  table_name target;  // where it is applied downstream (routing comes later: equal to source for now)
  std::shared_ptr<const protocol::table_map_event> table;
  std::vector<protocol::cell> before;
  std::vector<protocol::cell> after;
  /// Which columns an image carries when the upstream logs partial images (binlog_row_image=
  /// MINIMAL or NOBLOB); null = every column. Cells of absent columns are null_cell and must not
  /// be written. Columns past the end (a route's extra columns) are present.
  std::shared_ptr<const std::vector<bool>> before_present;
  std::shared_ptr<const std::vector<bool>> after_present;
  /// Where its ROWS event starts in the binlog file of the transaction's `end` (for errors).
  std::uint32_t event_pos = 0;

  bool before_has(std::size_t column) const noexcept {
    return !before_present || column >= before_present->size() || (*before_present)[column];
  }
  bool after_has(std::size_t column) const noexcept {
    return !after_present || column >= after_present->size() || (*after_present)[column];
  }
};

/// Immutable once it leaves the reader; shared between pipeline stages by shared_ptr<const>.
struct transaction {
  std::uint64_t seq = 0;       // assigned by the reader, strictly increasing per pipeline run
  binlog_position end;         // reading resumes here after this transaction
  std::string gtid;            // "0-1-42" when the upstream wrote a GTID
  std::uint32_t timestamp = 0; // upstream event-header timestamp (seconds), 0 for bare position advances
  std::vector<row_op> rows;
  std::optional<ddl_statement> ddl;
  /// The statements to run downstream for `ddl`, routed, split and fully qualified by the filter
  /// stage (empty: run ddl->query as written, in ddl->current_schema).
  std::vector<std::string> ddl_sql;
  bool safe_mode = false;      // set by rewrite: apply idempotently (REPLACE instead of INSERT ...)
  /// Causality keys of all rows (pipeline/causality_keys.hpp), set by the filter stage; the
  /// dispatcher keeps transactions sharing a key on one apply worker, in binlog order.
  std::vector<std::uint64_t> causality;
  /// True when `causality` holds table keys only (causality_keys::hold_table_order): keys of the
  /// two kinds do not meet, so the dispatcher lets everything in flight finish between them.
  bool causality_by_table = false;
  /// Flow-control credits the reader spent on it (its row count as read, at least 1); returned
  /// to the reader when the transaction is committed downstream.
  std::uint32_t credit_cost = 1;

  bool empty() const noexcept { return rows.empty() && !ddl; }
};

using transaction_ptr = std::shared_ptr<const transaction>;

}  // namespace sluice::pipeline
