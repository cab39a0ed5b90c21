#pragma once
// Decides which rows and DDL of a transaction reach the downstream: the block-allow-list, and
// the apply workers' checkpoints that list the transactions past the global checkpoint that are
// already committed downstream.

#include <map>
#include <set>

#include "pipeline/block_allow_list.hpp"
#include "pipeline/transaction.hpp"

namespace sluice::pipeline {

/// Owned by the filter stage; one per pipeline run.
class row_filter {
 public:
  row_filter(block_allow_list rules, std::set<binlog_position> applied);

  /// Removes what must not be applied from `txn`; returns the number of rows removed.
  std::size_t apply(transaction& txn) const;
  /// The block-allow-list part of apply(), on the upstream (source) names.
  std::size_t apply_allow_list(transaction& txn) const;
  /// The checkpoint part of apply(): the rows of a transaction whose end position a worker
  /// checkpoint lists were committed before a restart.
  std::size_t apply_checkpoints(transaction& txn) const;
  bool allows(const table_name& t) const;

 private:
  block_allow_list rules_;
  mutable std::map<table_name, bool> allowed_;  // allows() per table: the rules never change
  std::set<binlog_position> applied_;  // ends of transactions committed past the global checkpoint
};

}  // namespace sluice::pipeline
