#include <doctest/doctest.h>

#include "pipeline/table_router.hpp"

using namespace sluice::pipeline;
using sluice::config::route_extractor;
using sluice::config::route_rule;

namespace {

table_router make(std::vector<route_rule> rules, bool case_sensitive = false, std::string source = "mysql-01") {
  auto r = table_router::create(std::move(rules), case_sensitive, std::move(source));
  REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error()));
  return std::move(*r);
}

table_name target(const table_router& r, std::string schema, std::string table) {
  auto t = r.target(table_name{std::move(schema), std::move(table)});
  REQUIRE_MESSAGE(t.has_value(), (t ? "" : t.error()));
  return *t;
}

}  // namespace

TEST_CASE("DM's shard merge: store.store_bj and store.store_tj into store.stores with c_table") {
  route_rule merge{"store", "store_*", "store", "stores", route_extractor{"store_(.*)", "c_table"}, {}, {}};
  route_rule schema{"store", "", "store", "", {}, {}, {}};
  auto r = make({merge, schema});
  auto bj = r.route({"store", "store_bj"});
  REQUIRE(bj.has_value());
  CHECK(bj->target == table_name{"store", "stores"});
  CHECK(bj->extra_columns == std::vector<extra_column>{{"c_table", "bj"}});
  CHECK(r.route({"store", "store_tj"})->extra_columns[0].value == "tj");
  // the schema-level rule covers the database itself and the other tables
  CHECK(target(r, "store", "") == table_name{"store", ""});
  CHECK(target(r, "store", "orders") == table_name{"store", "orders"});
  CHECK(r.route({"store", "orders"})->extra_columns.empty());
  // unmatched names keep their place
  CHECK(target(r, "other", "store_bj") == table_name{"other", "store_bj"});
}

TEST_CASE("DM's documented test_*.t_* example with all three extractors") {
  route_rule rule{"test_*", "t_*", "test", "t", route_extractor{"t_(.*)", "c_table"},
                  route_extractor{"test_(.*)", "c_schema"}, route_extractor{"(.*)", "c_source"}};
  auto r = make({rule, route_rule{"test_*", "", "test", "", {}, {}, {}}}, false, "mysql-replica-01");
  auto routed = r.route({"test_1", "t_2"});
  REQUIRE(routed.has_value());
  CHECK(routed->target == table_name{"test", "t"});
  CHECK(routed->extra_columns ==
        std::vector<extra_column>{{"c_table", "2"}, {"c_schema", "1"}, {"c_source", "mysql-replica-01"}});
  CHECK(target(r, "test_9", "") == table_name{"test", ""});
}

TEST_CASE("extractors: groups concatenated, no match is empty, names as written") {
  route_rule rule{"s*", "t*", "all", "t", route_extractor{"^t_(\\d+)_(\\w+)$", "c"}, {}, {}};
  auto r = make({rule});
  CHECK(r.route({"s1", "t_12_ab"})->extra_columns[0].value == "12ab");
  CHECK(r.route({"s1", "tx"})->extra_columns[0].value == "");
  // matching folds case, extraction does not
  CHECK(r.route({"S1", "T_1_Ab"})->extra_columns[0].value == "");
  CHECK(r.route({"S1", "t_1_Ab"})->extra_columns[0].value == "1Ab");
}

TEST_CASE("table-level rules win; empty targets keep names; schema-level rule routes the schema") {
  auto r = make({route_rule{"db*", "", "merged", "", {}, {}, {}}, route_rule{"db1", "special", "x", "", {}, {}, {}}});
  CHECK(target(r, "db1", "special") == table_name{"x", "special"});
  CHECK(target(r, "db1", "plain") == table_name{"merged", "plain"});
  CHECK(target(r, "db2", "") == table_name{"merged", ""});
  // a table-level rule does not route the database name itself
  auto only_table = make({route_rule{"store", "store_*", "store", "stores", {}, {}, {}}});
  CHECK(target(only_table, "store", "") == table_name{"store", ""});
}

TEST_CASE("ambiguous routes are errors naming both rules") {
  auto r = make({route_rule{"store", "t_*", "a", "", {}, {}, {}}, route_rule{"store", "t_1?", "b", "", {}, {}, {}},
                 route_rule{"s?", "", "c", "", {}, {}, {}}, route_rule{"s*", "", "d", "", {}, {}, {}}});
  auto both = r.route({"store", "t_12"});
  REQUIRE_FALSE(both.has_value());
  CHECK(both.error().find("`store`.`t_12` matches 2 table-level route rules") == 0);
  CHECK(both.error().find("route rule #0 (schema-pattern \"store\", table-pattern \"t_*\")") != std::string::npos);
  CHECK(both.error().find("route rule #1") != std::string::npos);
  CHECK(target(r, "store", "t_2") == table_name{"a", "t_2"});
  auto schemas = r.target({"s1", "x"});
  REQUIRE_FALSE(schemas.has_value());
  CHECK(schemas.error().find("schema-level") != std::string::npos);
  CHECK(target(r, "sxx", "x") == table_name{"d", "x"});
}

TEST_CASE("what can be seen when building is refused or reported") {
  auto dup = table_router::create({route_rule{"a", "b", "x", "", {}, {}, {}}, route_rule{"A", "B", "y", "", {}, {}, {}}},
                                  false, "s");
  REQUIRE_FALSE(dup.has_value());
  CHECK(dup.error().find("route rule #1") == 0);
  CHECK(dup.error().find("same patterns as route rule #0") != std::string::npos);
  // case-sensitive: A.B and a.b are different rules
  CHECK(table_router::create({route_rule{"a", "b", "x", "", {}, {}, {}}, route_rule{"A", "B", "y", "", {}, {}, {}}},
                             true, "s")
            .has_value());
  for (const auto& bad : {route_rule{"", "t", "x", "", {}, {}, {}}, route_rule{"s", "t", "", "", {}, {}, {}},
                          route_rule{"s*x", "", "x", "", {}, {}, {}},
                          route_rule{"s", "t", "x", "", route_extractor{"(", "c"}, {}, {}},
                          route_rule{"s", "t", "x", "", route_extractor{"~t", "c"}, {}, {}},
                          route_rule{"s", "t", "x", "", route_extractor{"t", ""}, {}, {}},
                          route_rule{"s", "t", "x", "", route_extractor{"t", "c"}, route_extractor{"s", "c"}, {}}})
    CHECK_FALSE(table_router::create({bad}, false, "s").has_value());
  auto r = make({route_rule{"store", "t_1", "a", "", {}, {}, {}}, route_rule{"store", "t_*", "b", "", {}, {}, {}},
                 route_rule{"other", "x", "c", "", {}, {}, {}}});
  auto warnings = r.conflicts();
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("both match `store`.`t_1`") != std::string::npos);
}

TEST_CASE("case sensitivity and regex patterns") {
  auto folded = make({route_rule{"Store", "T_*", "x", "", {}, {}, {}}});
  CHECK(target(folded, "STORE", "t_1") == table_name{"x", "t_1"});
  auto exact = make({route_rule{"Store", "T_*", "x", "", {}, {}, {}}}, true);
  CHECK(target(exact, "Store", "T_1") == table_name{"x", "T_1"});
  CHECK(target(exact, "store", "t_1") == table_name{"store", "t_1"});
  auto re = make({route_rule{"~^shard_[0-9]+$", "", "merged", "", {}, {}, {}}});
  CHECK(target(re, "shard_12", "t") == table_name{"merged", "t"});
  CHECK(target(re, "shard_x", "t") == table_name{"shard_x", "t"});
  // unicode names are bytes: literal patterns match them exactly
  auto uni = make({route_rule{"店铺", "订单_*", "合并", "订单", {}, {}, {}}});
  CHECK(target(uni, "店铺", "订单_北京") == table_name{"合并", "订单"});
}
