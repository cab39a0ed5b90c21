#pragma once
// The task's rules applied to one transaction, in DM's order: binlog event filter, expression
// filter, then table routing (with the extra columns of extract-table/-schema/-source). DDL is
// filtered and split per table as DM does, and every kept statement is rewritten with routed,
// fully qualified names into `transaction::ddl_sql`.

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "pipeline/event_filter.hpp"
#include "pipeline/expression_filter.hpp"
#include "pipeline/table_router.hpp"
#include "pipeline/transaction.hpp"

namespace sluice::pipeline {

/// Owned by the filter stage, one per pipeline run; not thread-safe (it caches per table).
class transaction_rules {
 public:
  /// The downstream definition of a table, for expression filters over binlogs that carry no
  /// column names (nullptr when unknown).
  using schema_lookup = std::function<const table_schema*(const table_name&)>;

  struct config_set {
    std::vector<config::route_rule> routes;
    std::vector<config::event_filter_rule> filters;
    std::vector<expression_filter_spec> expression_filters;
    bool case_sensitive = false;
    std::string source_id;
    int time_zone_offset = 0;  // seconds east of UTC, for expression filters over TIMESTAMPs
  };

  /// Fails naming the rule that cannot be compiled.
  static tl::expected<transaction_rules, std::string> create(const config_set& rules, schema_lookup lookup);

  /// Filters and routes `txn` in place. An Error filter rule, an ambiguous route or an expression
  /// that cannot be evaluated fails the transaction with a message naming rule and table.
  tl::expected<void, std::string> apply(transaction& txn);

  /// Messages worth a warning log (route conflicts DM accepts, rules that match nothing...).
  std::vector<std::string> take_warnings();

 private:
  transaction_rules(table_router router, event_filter filter, expression_filter expressions, schema_lookup lookup)
      : router_(std::move(router)), filter_(std::move(filter)), expressions_(std::move(expressions)),
        lookup_(std::move(lookup)) {}

  tl::expected<bool, std::string> keep_row(row_op& op);
  /// route() of `source`, cached (an unrouted table routes to itself).
  tl::expected<const routed_table*, std::string> routed_for(const table_name& source);
  tl::expected<void, std::string> route_row(row_op& op);
  tl::expected<void, std::string> apply_ddl(transaction& txn);
  std::shared_ptr<const protocol::table_map_event> with_extra_columns(
      const std::shared_ptr<const protocol::table_map_event>& table, const std::vector<extra_column>& extra);

  table_router router_;
  event_filter filter_;
  expression_filter expressions_;
  schema_lookup lookup_;
  std::map<table_name, routed_table> routes_;  // cache: route() checks every rule
  /// Cache: the event filter's decision on a source table's inserts, updates and deletes (by
  /// row_kind), which depends on nothing else.
  std::map<table_name, std::array<filter_decision, 3>> row_decisions_;
  /// Per source table: the last TABLE_MAP seen and its copy with the route's extra columns.
  std::map<table_name, std::pair<std::shared_ptr<const protocol::table_map_event>,
                                 std::shared_ptr<const protocol::table_map_event>>>
      extended_;
  std::vector<std::string> warnings_;
};

}  // namespace sluice::pipeline
