#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "pipeline/transaction_rules.hpp"

using namespace sluice::pipeline;
using namespace fixtures;
namespace cfg = sluice::config;

namespace {

transaction_rules::config_set shard_merge() {
  transaction_rules::config_set c;
  c.source_id = "mysql-01";
  cfg::route_rule r;
  r.schema_pattern = "store";
  r.table_pattern = "store_*";
  r.target_schema = "store";
  r.target_table = "stores";
  r.extract_table = cfg::route_extractor{"store_(.*)", "c_table"};
  c.routes.push_back(r);
  cfg::event_filter_rule ignore_deletes;
  ignore_deletes.schema_pattern = "log";
  ignore_deletes.table_pattern = "events";
  ignore_deletes.events = {"delete"};
  ignore_deletes.action = cfg::filter_action::ignore;
  c.filters.push_back(ignore_deletes);
  cfg::event_filter_rule no_drops;
  no_drops.schema_pattern = "log";
  no_drops.sql_patterns = {"^DROP"};
  no_drops.action = cfg::filter_action::ignore;
  c.filters.push_back(no_drops);
  cfg::expression_filter_rule even;
  even.schema = "expr";
  even.table = "t";
  even.insert_value_expr = "id % 2 = 0";
  c.expression_filters.push_back(expression_filter_spec::from_config("even-ids", even));
  return c;
}

}  // namespace

TEST_CASE("shards are routed into one table with the extract-table column appended") {
  auto rules = transaction_rules::create(shard_merge(), nullptr);
  REQUIRE_MESSAGE(rules, rules.error());
  auto bj = table_map("store", "store_bj", {"id", "name"}, false);
  transaction txn;
  txn.rows.push_back(op(row_kind::insert, bj, {}, {std::int64_t{1}, std::string("a")}));
  txn.rows.push_back(op(row_kind::update, bj, {std::int64_t{1}, std::string("a")}, {std::int64_t{1}, std::string("b")}));
  REQUIRE(rules->apply(txn));
  REQUIRE(txn.rows.size() == 2);
  for (const auto& row : txn.rows) {
    CHECK(row.source == table_name{"store", "store_bj"});
    CHECK(row.target == table_name{"store", "stores"});
    REQUIRE(row.table->columns.size() == 3);
    CHECK(row.table->columns[2].name == std::optional<std::string>("c_table"));
    CHECK(row.after.back() == sluice::protocol::cell(std::string("bj")));
  }
  CHECK(txn.rows[1].before.back() == sluice::protocol::cell(std::string("bj")));
  CHECK(bj->columns.size() == 2);  // the decoder's TABLE_MAP is not modified
}

TEST_CASE("an Ignore filter drops delete events only; the expression filter drops matching inserts") {
  auto rules = transaction_rules::create(shard_merge(), nullptr);
  REQUIRE(rules);
  auto events = table_map("log", "events", {"id"}, false);
  auto t = table_map("expr", "t", {"id", "v"}, true);
  transaction txn;
  txn.rows.push_back(op(row_kind::erase, events, {std::int64_t{2}}, {}));
  txn.rows.push_back(op(row_kind::update, events, {std::int64_t{1}}, {std::int64_t{1}}));
  txn.rows.push_back(op(row_kind::insert, t, {}, {std::int64_t{1}, std::int64_t{10}}));
  txn.rows.push_back(op(row_kind::insert, t, {}, {std::int64_t{2}, std::int64_t{20}}));
  REQUIRE(rules->apply(txn));
  REQUIRE(txn.rows.size() == 2);
  CHECK(txn.rows[0].kind == row_kind::update);
  CHECK(txn.rows[1].after[0] == sluice::protocol::cell(std::int64_t{1}));
}

TEST_CASE("DDL is filtered by sql-pattern and rewritten with routed, qualified names") {
  auto rules = transaction_rules::create(shard_merge(), nullptr);
  REQUIRE(rules);
  transaction drop;
  drop.ddl = parse_ddl("log", "DROP TABLE scratch");
  REQUIRE(rules->apply(drop));
  CHECK_FALSE(drop.ddl);

  transaction alter;
  alter.ddl = parse_ddl("store", "ALTER TABLE store_tj ADD COLUMN note INT");
  REQUIRE(rules->apply(alter));
  REQUIRE(alter.ddl);
  REQUIRE(alter.ddl_sql.size() == 1);
  CHECK(alter.ddl_sql[0] == "ALTER TABLE `store`.`stores` ADD COLUMN note INT");

  transaction create;
  create.ddl = parse_ddl("other", "CREATE TABLE log.marker (id INT PRIMARY KEY)");
  REQUIRE(rules->apply(create));
  REQUIRE(create.ddl_sql.size() == 1);
  CHECK(create.ddl_sql[0] == "CREATE TABLE `log`.`marker` (id INT PRIMARY KEY)");
}

TEST_CASE("an Error filter rule fails the transaction with the rule's reason") {
  auto c = shard_merge();
  cfg::event_filter_rule refuse;
  refuse.schema_pattern = "bank";
  refuse.events = {"truncate table"};
  refuse.action = cfg::filter_action::error;
  c.filters.push_back(refuse);
  auto rules = transaction_rules::create(c, nullptr);
  REQUIRE(rules);
  transaction txn;
  txn.ddl = parse_ddl("bank", "TRUNCATE TABLE accounts");
  auto r = rules->apply(txn);
  REQUIRE_FALSE(r);
  CHECK(r.error().find("binlog event filter") == 0);
  CHECK(r.error().find("TRUNCATE TABLE accounts") != std::string::npos);
}

TEST_CASE("rules that cannot be compiled are refused when the pipeline starts") {
  auto c = shard_merge();
  c.expression_filters[0].insert_value_expr = "id >";  // a syntax error
  auto rules = transaction_rules::create(c, nullptr);
  REQUIRE_FALSE(rules);
  CHECK(rules.error().find("expression-filter") == 0);
}

TEST_CASE("an expression filter on a routed table reads the routed table's downstream definition") {
  auto c = shard_merge();
  cfg::expression_filter_rule small;
  small.schema = "store";
  small.table = "store_bj";
  small.insert_value_expr = "id < 10";
  c.expression_filters.push_back(expression_filter_spec::from_config("small-ids", small));
  std::vector<table_name> looked_up;
  const auto stores = downstream("store", "stores", {"id", "name", "c_table"}, {{0, 2}}, true);
  auto rules = transaction_rules::create(c, [&](const table_name& t) -> const table_schema* {
    looked_up.push_back(t);
    return t == table_name{"store", "stores"} ? &stores : nullptr;
  });
  REQUIRE(rules);
  auto bj = table_map("store", "store_bj", {"id", "name"}, false);  // no names in the binlog
  transaction txn;
  txn.rows.push_back(op(row_kind::insert, bj, {}, {std::int64_t{3}, std::string("dropped")}));
  txn.rows.push_back(op(row_kind::insert, bj, {}, {std::int64_t{30}, std::string("kept")}));
  auto r = rules->apply(txn);
  REQUIRE_MESSAGE(r, r.error());
  REQUIRE(txn.rows.size() == 1);
  CHECK(txn.rows[0].after[1] == sluice::protocol::cell(std::string("kept")));
  REQUIRE_FALSE(looked_up.empty());
  CHECK(looked_up.front() == table_name{"store", "stores"});
}
