#include "pipeline/transaction_rules.hpp"

#include <algorithm>

#include "pipeline/ddl_rewrite.hpp"

namespace sluice::pipeline {

tl::expected<transaction_rules, std::string> transaction_rules::create(const config_set& rules,
                                                                       schema_lookup lookup) {
  auto router = table_router::create(rules.routes, rules.case_sensitive, rules.source_id);
  if (!router) return tl::unexpected("routes: " + router.error());
  auto filter = event_filter::create(rules.filters, rules.case_sensitive);
  if (!filter) return tl::unexpected("filters: " + filter.error());
  expression_filter::options opts;
  opts.case_sensitive = rules.case_sensitive;
  opts.time_zone_offset = rules.time_zone_offset;
  auto expressions = expression_filter::create(rules.expression_filters, opts);
  if (!expressions) return tl::unexpected("expression-filter: " + expressions.error());
  transaction_rules out(std::move(*router), std::move(*filter), std::move(*expressions), std::move(lookup));
  out.warnings_ = out.router_.conflicts();
  return out;
}

std::vector<std::string> transaction_rules::take_warnings() {
  auto more = expressions_.take_warnings();
  warnings_.insert(warnings_.end(), more.begin(), more.end());
  return std::exchange(warnings_, {});
}

tl::expected<void, std::string> transaction_rules::apply(transaction& txn) {
  std::string error;
  auto kept = std::remove_if(txn.rows.begin(), txn.rows.end(), [&](row_op& op) {
    if (!error.empty()) return false;
    auto keep = keep_row(op);
    if (!keep) {
      error = keep.error();
      return false;
    }
    if (!*keep) return true;
    if (auto routed = route_row(op); !routed) error = routed.error();
    return false;
  });
  if (!error.empty()) return tl::unexpected(error);
  txn.rows.erase(kept, txn.rows.end());
  if (txn.ddl) return apply_ddl(txn);
  return {};
}

tl::expected<bool, std::string> transaction_rules::keep_row(row_op& op) {
  auto known = row_decisions_.find(op.source);
  if (known == row_decisions_.end()) {
    std::array<filter_decision, 3> by_kind{filter_.decide_row(op.source, row_kind::insert),
                                           filter_.decide_row(op.source, row_kind::update),
                                           filter_.decide_row(op.source, row_kind::erase)};
    known = row_decisions_.emplace(op.source, std::move(by_kind)).first;
  }
  const auto& decision = known->second[static_cast<std::size_t>(op.kind)];
  if (decision.verdict == filter_verdict::error) return tl::unexpected("binlog event filter: " + decision.reason);
  if (decision.verdict == filter_verdict::ignore) return false;
  if (!expressions_.has_rules_for(op.source)) return true;
  // The downstream definition is the routed table's (its columns by position, when the binlog
  // names none); the expression itself reads the row's upstream columns.
  auto routed = routed_for(op.source);
  if (!routed) return tl::unexpected(routed.error());
  const table_schema* downstream = lookup_ ? lookup_((*routed)->target) : nullptr;
  auto drops = expressions_.drops(op, downstream);
  if (!drops) return tl::unexpected("expression filter on " + op.source.display() + ": " + drops.error());
  return !*drops;
}

tl::expected<const routed_table*, std::string> transaction_rules::routed_for(const table_name& source) {
  auto it = routes_.find(source);
  if (it == routes_.end()) {
    auto routed = router_.route(source);
    if (!routed) return tl::unexpected("routes: " + routed.error());
    it = routes_.emplace(source, std::move(*routed)).first;
  }
  return &it->second;
}

tl::expected<void, std::string> transaction_rules::route_row(row_op& op) {
  if (router_.empty()) return {};
  auto found = routed_for(op.source);
  if (!found) return tl::unexpected(found.error());
  const auto& routed = **found;
  op.target = routed.target;
  if (routed.extra_columns.empty() || !op.table) return {};
  op.table = with_extra_columns(op.table, routed.extra_columns);
  for (auto* image : {&op.before, &op.after}) {
    if (image->empty()) continue;
    for (const auto& extra : routed.extra_columns) image->emplace_back(extra.value);
  }
  return {};
}

// The route's extra columns become named VARCHAR columns after the upstream ones, so the
// sinks map, key and write them like any other column (matched by name downstream).
std::shared_ptr<const protocol::table_map_event> transaction_rules::with_extra_columns(
    const std::shared_ptr<const protocol::table_map_event>& table, const std::vector<extra_column>& extra) {
  const table_name source{table->schema, table->table};
  auto& slot = extended_[source];
  if (slot.first == table) return slot.second;
  auto copy = std::make_shared<protocol::table_map_event>(*table);
  for (const auto& e : extra) {
    protocol::column_def column{};
    column.type = 15;  // MYSQL_TYPE_VARCHAR
    column.meta = 65535;
    column.nullable = false;
    column.name = e.name;
    column.charset = 45;  // utf8mb4_general_ci
    copy->columns.push_back(std::move(column));
  }
  slot = {table, std::move(copy)};
  return slot.second;
}

tl::expected<void, std::string> transaction_rules::apply_ddl(transaction& txn) {
  const auto route = [this](const table_name& t) { return router_.target(t); };
  std::vector<std::string> statements;
  for (const auto& piece : filter_.filter_ddl(*txn.ddl)) {
    if (piece.decision.verdict == filter_verdict::error)
      return tl::unexpected("binlog event filter: " + piece.decision.reason + " (" + piece.statement.query + ")");
    if (piece.decision.verdict == filter_verdict::ignore) continue;
    auto sql = rewrite_ddl(piece.statement, route);
    if (!sql) return tl::unexpected("routing DDL `" + piece.statement.query + "`: " + sql.error());
    statements.push_back(std::move(*sql));
  }
  if (statements.empty()) {
    txn.ddl.reset();
    txn.ddl_sql.clear();
  } else {
    txn.ddl_sql = std::move(statements);
  }
  return {};
}

}  // namespace sluice::pipeline
