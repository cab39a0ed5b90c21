#pragma once
// Decides which rows and DDL of a transaction reach the downstream: the block-allow-list, and
// the per-table checkpoints that say a table already holds everything up to some position.

#include <map>

#include "pipeline/block_allow_list.hpp"
#include "pipeline/transaction.hpp"

namespace sluice::pipeline {

/// Owned by the filter stage; one per pipeline run.
class row_filter {
 public:
  row_filter(block_allow_list rules, std::map<table_name, binlog_position> applied);

  /// Removes what must not be applied from `txn`; returns the number of rows removed.
  std::size_t apply(transaction& txn) const;
  /// The block-allow-list part of apply(), on the upstream (source) names.
  std::size_t apply_allow_list(transaction& txn) const;
  /// The checkpoint part of apply(): rows whose target table's checkpoint is at or past the
  /// transaction's end are already downstream (targets: run after routing).
  std::size_t apply_checkpoints(transaction& txn) const;
  bool allows(const table_name& t) const;

 private:
  bool already_applied(const table_name& t, const binlog_position& end) const;

  block_allow_list rules_;
  std::map<table_name, binlog_position> applied_;  // table -> position its checkpoint row holds
};

}  // namespace sluice::pipeline
