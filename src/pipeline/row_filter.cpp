#include "pipeline/row_filter.hpp"

#include <algorithm>

namespace sluice::pipeline {

row_filter::row_filter(block_allow_list rules, std::map<table_name, binlog_position> applied)
    : rules_(std::move(rules)), applied_(std::move(applied)) {}

bool row_filter::allows(const table_name& t) const {
  return !block_allow_list::is_system_schema(t.schema) && rules_.allows_table(t.schema, t.table);
}

bool row_filter::already_applied(const table_name& t, const binlog_position& end) const {
  auto it = applied_.find(t);
  return it != applied_.end() && end <= it->second;
}

std::size_t row_filter::apply(transaction& txn) const { return apply_allow_list(txn) + apply_checkpoints(txn); }

std::size_t row_filter::apply_allow_list(transaction& txn) const {
  auto before = txn.rows.size();
  std::erase_if(txn.rows, [&](const row_op& op) { return !allows(op.source); });
  if (txn.ddl) {
    const auto& d = *txn.ddl;
    bool keep;
    if (d.is_database_level())
      keep = !block_allow_list::is_system_schema(d.schema) && rules_.allows_schema(d.schema);
    else
      keep = !d.tables.empty() && allows(d.tables.front());
    if (!keep) {
      txn.ddl.reset();
      txn.ddl_sql.clear();
    }
  }
  return before - txn.rows.size();
}

std::size_t row_filter::apply_checkpoints(transaction& txn) const {
  auto before = txn.rows.size();
  std::erase_if(txn.rows, [&](const row_op& op) { return already_applied(op.target, txn.end); });
  if (txn.ddl && !txn.ddl->is_database_level() &&
      std::any_of(txn.ddl->tables.begin(), txn.ddl->tables.end(),
                  [&](const table_name& t) { return already_applied(t, txn.end); })) {
    txn.ddl.reset();
    txn.ddl_sql.clear();
  }
  return before - txn.rows.size();
}

}  // namespace sluice::pipeline
