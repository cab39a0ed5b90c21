#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "pipeline/expression_filter.hpp"
#include "protocol/column_type.hpp"

using namespace sluice::pipeline;
namespace p = sluice::protocol;

namespace {

expression_filter_spec insert_rule(std::string name, std::string table, std::string expr) {
  expression_filter_spec s;
  s.name = std::move(name);
  s.schema = "expr_filter";
  s.table = std::move(table);
  s.insert_value_expr = std::move(expr);
  return s;
}

expression_filter_spec update_rule(std::string name, std::string table, std::string old_expr, std::string new_expr) {
  expression_filter_spec s;
  s.name = std::move(name);
  s.schema = "expr_filter";
  s.table = std::move(table);
  s.update_old_value_expr = std::move(old_expr);
  s.update_new_value_expr = std::move(new_expr);
  return s;
}

expression_filter make(std::vector<expression_filter_spec> rules, expression_filter::options opts = {}) {
  auto f = expression_filter::create(std::move(rules), opts);
  REQUIRE_MESSAGE(f, (f ? "" : f.error()));
  return std::move(*f);
}

std::vector<expression_column> int_columns(std::vector<std::string> names) {
  std::vector<expression_column> out;
  for (auto& n : names)
    out.push_back({n, p::column_type::long_, {}, {}});
  return out;
}

table_name t(const char* table) { return {"expr_filter", table}; }

bool drops(const table_expression_filter& f, row_kind kind, std::vector<p::cell> before, std::vector<p::cell> after) {
  auto r = f.drops(kind, before, after);
  REQUIRE_MESSAGE(r, (r ? "" : r.error()));
  return *r;
}

std::int64_t i(std::int64_t v) { return v; }

}  // namespace

TEST_CASE("DM's documented example: even_c drops inserted rows with an even c") {
  auto filter = make({insert_rule("even_c", "tbl", "c % 2 = 0")});
  auto bound = filter.bind(t("tbl"), int_columns({"id", "c"}));
  REQUIRE(bound);
  std::vector<int> kept;
  for (int n = 1; n <= 4; ++n)
    if (!drops(*bound, row_kind::insert, {}, {i(n), i(n)}))
      kept.push_back(n);
  CHECK(kept == std::vector<int>{1, 3});
  // Only inserts: updates and deletes of the same rows pass.
  CHECK_FALSE(drops(*bound, row_kind::update, {i(2), i(2)}, {i(2), i(4)}));
  CHECK_FALSE(drops(*bound, row_kind::erase, {i(2), i(2)}, {}));
  // Other tables are untouched.
  CHECK(filter.has_rules_for(t("tbl")));
  CHECK_FALSE(filter.has_rules_for(t("other")));
  auto other = filter.bind(t("other"), int_columns({"x"}));
  REQUIRE(other);
  CHECK(other->empty());
}

TEST_CASE("DM's integration rules (dm/tests/expression_filter)") {
  auto filter = make(
      {insert_rule("pythagorean", "t4", "a*a + b*b = c*c"), update_rule("update_old_lt_100", "t5", "c > 100", ""),
       update_rule("update_new_lt_100", "t5", "", "c > 100"), update_rule("update_old_and_new", "t5", "c = 1", "c = 2"),
       insert_rule("only_muller", "t6", "name != 'Müller'"), update_rule("e02", "t7", "", "r = 'a'")});
  std::vector<expression_column> t4 = {{"id", p::column_type::long_, {}, {}},
                                       {"a", p::column_type::double_, {}, {}},
                                       {"b", p::column_type::double_, {}, {}},
                                       {"c", p::column_type::double_, {}, {}}};
  auto b4 = filter.bind(t("t4"), t4);
  REQUIRE(b4);
  CHECK_FALSE(drops(*b4, row_kind::insert, {}, {i(1), 1.0, 2.0, 3.0}));
  CHECK(drops(*b4, row_kind::insert, {}, {i(2), 3.0, 4.0, 5.0}));

  auto b5 = filter.bind(t("t5"), int_columns({"id", "should_skip", "c"}));
  REQUIRE(b5);
  CHECK(drops(*b5, row_kind::update, {i(1), i(0), i(99)}, {i(1), i(1), i(110)}));     // new c > 100
  CHECK(drops(*b5, row_kind::update, {i(2), i(0), i(101)}, {i(2), i(1), i(20)}));     // old c > 100
  CHECK(drops(*b5, row_kind::update, {i(3), i(0), i(1)}, {i(3), i(1), i(2)}));        // c 1 -> 2
  CHECK_FALSE(drops(*b5, row_kind::update, {i(4), i(1), i(1)}, {i(4), i(0), i(3)}));  // c 1 -> 3: both must hold
  CHECK_FALSE(drops(*b5, row_kind::insert, {}, {i(5), i(0), i(500)}));

  std::vector<expression_column> t6 = {{"id", p::column_type::long_, {}, {}},
                                       {"name", p::column_type::varchar, {}, {}}};
  auto b6 = filter.bind(t("t6"), t6);
  REQUIRE(b6);
  CHECK_FALSE(drops(*b6, row_kind::insert, {}, {i(1), std::string("Müller")}));
  CHECK(drops(*b6, row_kind::insert, {}, {i(2), std::string("X Æ A-12")}));
  CHECK_FALSE(drops(*b6, row_kind::insert, {}, {i(3), p::null_cell{}}));  // NULL != 'Müller' is NULL: kept

  // tiflow#7774: a table whose only update rule has just update-new-value-expr.
  std::vector<expression_column> t7 = {{"a", p::column_type::long_, {}, {}},
                                       {"r", p::column_type::varchar, {}, {}},
                                       {"s", p::column_type::long_, {}, {}}};
  auto b7 = filter.bind(t("t7"), t7);
  REQUIRE(b7);
  CHECK(drops(*b7, row_kind::update, {i(1), std::string("a"), i(2)}, {i(1), std::string("a"), i(3)}));
  CHECK_FALSE(drops(*b7, row_kind::update, {i(1), std::string("a"), i(2)}, {i(1), std::string("b"), i(3)}));
}

TEST_CASE("delete-value-expr reads the deleted row; rules of a table are OR-ed") {
  sluice::config::expression_filter_rule config_rule;
  config_rule.schema = "expr_filter";
  config_rule.table = "t";
  config_rule.delete_value_expr = "state = 'archived'";
  const auto del = expression_filter_spec::from_config("keep_archive", config_rule);
  CHECK(del.name == "keep_archive");
  CHECK(del.delete_value_expr == "state = 'archived'");
  auto filter = make({del, insert_rule("neg", "t", "id < 0"), insert_rule("big", "t", "id > 1000")});
  std::vector<expression_column> cols = {{"id", p::column_type::long_, {}, {}},
                                         {"state", p::column_type::varchar, {}, {}}};
  auto b = filter.bind(t("t"), cols);
  REQUIRE(b);
  CHECK(drops(*b, row_kind::erase, {i(1), std::string("archived")}, {}));
  CHECK_FALSE(drops(*b, row_kind::erase, {i(1), std::string("live")}, {}));
  CHECK(drops(*b, row_kind::insert, {}, {i(-1), std::string("x")}));
  CHECK(drops(*b, row_kind::insert, {}, {i(5000), std::string("x")}));
  CHECK_FALSE(drops(*b, row_kind::insert, {}, {i(5), std::string("archived")}));
}

TEST_CASE("rules are refused with the rule, the key, the expression and the position") {
  auto bad = expression_filter::create({insert_rule("even_c", "tbl", "c % 2 = = 0")}, {});
  REQUIRE_FALSE(bad);
  CHECK(bad.error() ==
        "expression-filter \"even_c\" insert-value-expr \"c % 2 = = 0\": expected an expression, found '=' "
        "(at column 9 near '= 0')");
  auto now = expression_filter::create({insert_rule("future_date", "t3", "ts > NOW()")}, {});
  REQUIRE_FALSE(now);
  CHECK(now.error().find(
            "expression-filter \"future_date\" insert-value-expr \"ts > NOW()\": NOW is not deterministic") == 0);
  auto update = expression_filter::create({update_rule("u", "t", "c > 1", "c >")}, {});
  REQUIRE_FALSE(update);
  CHECK(update.error().find("update-new-value-expr \"c >\"") != std::string::npos);
  expression_filter_spec none;
  none.name = "empty";
  auto empty = expression_filter::create({none}, {});
  REQUIRE_FALSE(empty);
  CHECK(empty.error().find("\"empty\": set exactly one of") != std::string::npos);
  expression_filter_spec two = insert_rule("two", "t", "a = 1");
  two.delete_value_expr = "a = 2";
  CHECK_FALSE(expression_filter::create({two}, {}));
}

TEST_CASE("an unknown column is refused when binding, or matches nothing under DM's policy") {
  auto rules = std::vector<expression_filter_spec>{insert_rule("on_c", "t2", "c % 2 = 0"),
                                                   insert_rule("on_id", "t2", "id = 99")};
  auto strict = make(rules);
  auto refused = strict.bind(t("t2"), int_columns({"id", "should_skip"}));
  REQUIRE_FALSE(refused);
  CHECK(refused.error() ==
        "expression-filter \"on_c\" insert-value-expr \"c % 2 = 0\": unknown column `c` (at column 1 near 'c % 2 = 0') "
        "(table expr_filter.t2)");

  expression_filter::options dm;
  dm.unknown_columns = expression_filter::unknown_column_policy::never_match;
  auto lenient = make(rules, dm);
  auto without_c = lenient.bind(t("t2"), int_columns({"id", "should_skip"}));
  REQUIRE(without_c);
  REQUIRE(without_c->warnings().size() == 1);
  CHECK(without_c->warnings()[0].find("unknown column `c`") != std::string::npos);
  CHECK(without_c->warnings()[0].find("matches no rows") != std::string::npos);
  CHECK_FALSE(drops(*without_c, row_kind::insert, {}, {i(6), i(0)}));
  CHECK(drops(*without_c, row_kind::insert, {}, {i(99), i(0)}));  // the other rule still applies
  // The column comes back (here as a generated column): the rule applies again.
  auto with_c = lenient.bind(t("t2"), int_columns({"id", "should_skip", "d", "c"}));
  REQUIRE(with_c);
  CHECK(with_c->warnings().empty());
  CHECK(drops(*with_c, row_kind::insert, {}, {i(7), i(1), i(100), i(8)}));
}

TEST_CASE("evaluation errors name the rule, the position and the table") {
  auto filter = make({insert_rule("overflow", "t", "c + 9223372036854775807 > 0")});
  auto b = filter.bind(t("t"), int_columns({"c"}));
  REQUIRE(b);
  auto r = b->drops(row_kind::insert, {}, {i(1)});
  REQUIRE_FALSE(r);
  CHECK(
      r.error() ==
      "expression-filter \"overflow\" insert-value-expr \"c + 9223372036854775807 > 0\": BIGINT value is out of range "
      "(at column 3 near '+ 922337203685477580...') on a row of expr_filter.t");
  auto narrow = b->drops(row_kind::insert, {}, {});
  REQUIRE_FALSE(narrow);
  CHECK(narrow.error().find("the row image has no value for column `c`") != std::string::npos);
}

TEST_CASE("table names match case-insensitively unless the task is case-sensitive") {
  auto rules = std::vector<expression_filter_spec>{insert_rule("r", "Tbl", "id = 1")};
  auto loose = make(rules);
  CHECK(loose.has_rules_for({"EXPR_FILTER", "tbl"}));
  expression_filter::options strict_names;
  strict_names.case_sensitive = true;
  auto strict = make(rules, strict_names);
  CHECK_FALSE(strict.has_rules_for({"expr_filter", "tbl"}));
  CHECK(strict.has_rules_for({"expr_filter", "Tbl"}));
}

TEST_CASE("TIMESTAMP columns read at the task's time zone") {
  std::vector<expression_column> cols = {{"ts", p::column_type::timestamp2, {}, {}}};
  auto rule = insert_rule("late", "t", "HOUR(ts) >= 20");
  const std::vector<p::cell> row = {p::timestamp_cell{1700000000, 0, 0}};  // 22:13 UTC
  auto utc = make({rule});
  auto b_utc = utc.bind(t("t"), cols);
  REQUIRE(b_utc);
  CHECK(drops(*b_utc, row_kind::insert, {}, row));
  expression_filter::options shanghai;
  shanghai.time_zone_offset = 8 * 3600;  // 06:13 the next day
  auto east = make({rule}, shanghai);
  auto b_east = east.bind(t("t"), cols);
  REQUIRE(b_east);
  CHECK_FALSE(drops(*b_east, row_kind::insert, {}, row));
}

TEST_CASE("expression_columns: names, types and ENUM/SET members from the TABLE_MAP, else the downstream") {
  p::table_map_event map;
  map.schema = "expr_filter";
  map.table = "t";
  p::column_def id{};
  id.type = p::column_type::long_;
  id.name = "id";
  p::column_def e{};
  e.type = p::column_type::string;
  e.meta = static_cast<std::uint16_t>(p::column_type::enum_ << 8 | 1);
  e.name = "size";
  e.enum_values = {"s", "m", "l"};
  map.columns = {id, e};
  auto cols = expression_columns(map, nullptr);
  REQUIRE(cols.size() == 2);
  CHECK(cols[0].name == "id");
  CHECK(cols[1].type == p::column_type::enum_);
  CHECK(cols[1].enum_values == std::vector<std::string>{"s", "m", "l"});

  auto unnamed = fixtures::table_map("expr_filter", "t", {"id", "c"}, false);
  CHECK(expression_columns(*unnamed, nullptr)[1].name.empty());
  auto schema = fixtures::downstream("expr_filter", "t", {"id", "c"}, {{0}}, true);
  CHECK(expression_columns(*unnamed, &schema)[1].name == "c");
}

TEST_CASE("drops(row_op) binds on first use and rebinds when the table's columns change") {
  expression_filter::options dm;
  dm.unknown_columns = expression_filter::unknown_column_policy::never_match;
  auto filter = make({insert_rule("even_c", "tbl", "c % 2 = 0")}, dm);
  auto v1 = fixtures::table_map("expr_filter", "tbl", {"id", "c"}, true);
  auto even = fixtures::op(row_kind::insert, v1, {}, {i(2), i(2)});
  auto odd = fixtures::op(row_kind::insert, v1, {}, {i(3), i(3)});
  CHECK(filter.drops(even).value());
  CHECK_FALSE(filter.drops(odd).value());
  CHECK(filter.take_warnings().empty());
  // A new TABLE_MAP with the same columns reuses the binding; one without c rebinds and warns.
  auto v1_again = fixtures::table_map("expr_filter", "tbl", {"id", "c"}, true);
  CHECK(filter.drops(fixtures::op(row_kind::insert, v1_again, {}, {i(4), i(4)})).value());
  auto v2 = fixtures::table_map("expr_filter", "tbl", {"id", "should_skip"}, true);
  CHECK_FALSE(filter.drops(fixtures::op(row_kind::insert, v2, {}, {i(4), i(4)})).value());
  auto warnings = filter.take_warnings();
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("unknown column `c`") != std::string::npos);
  CHECK(filter.take_warnings().empty());
  // Rows of tables without rules are never dropped, whatever their columns.
  auto other = fixtures::table_map("expr_filter", "other", {"x"}, true);
  CHECK_FALSE(filter.drops(fixtures::op(row_kind::insert, other, {}, {i(2)})).value());
  // Without names in the binlog, the downstream schema names the columns.
  auto unnamed = fixtures::table_map("expr_filter", "tbl", {"id", "c"}, false);
  auto schema = fixtures::downstream("expr_filter", "tbl", {"id", "c"}, {{0}}, true);
  CHECK(filter.drops(fixtures::op(row_kind::insert, unnamed, {}, {i(6), i(6)}), &schema).value());
}
