#include "pipeline/row_filter.hpp"

#include <algorithm>

namespace sluice::pipeline {

row_filter::row_filter(block_allow_list rules, std::set<binlog_position> applied)
    : rules_(std::move(rules)), applied_(std::move(applied)) {}

bool row_filter::allows(const table_name& t) const {
  if (auto it = allowed_.find(t); it != allowed_.end())
    return it->second;
  const bool ok = !block_allow_list::is_system_schema(t.schema) && rules_.allows_table(t.schema, t.table);
  allowed_.emplace(t, ok);
  return ok;
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
  if (txn.rows.empty() || !applied_.contains(txn.end))
    return 0;
  auto removed = txn.rows.size();
  txn.rows.clear();
  return removed;
}

}  // namespace sluice::pipeline
