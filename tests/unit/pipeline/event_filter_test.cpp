#include <doctest/doctest.h>

#include <utility>

#include "pipeline/event_filter.hpp"

using namespace sluice::pipeline;
using sluice::config::event_filter_rule;
using sluice::config::filter_action;

namespace {

event_filter make(std::vector<event_filter_rule> rules, bool case_sensitive = false) {
  auto f = event_filter::create(std::move(rules), case_sensitive);
  REQUIRE_MESSAGE(f.has_value(), (f ? "" : f.error()));
  return std::move(*f);
}

event_filter_rule rule(std::string schema, std::string table, std::vector<std::string> events, filter_action action,
                       std::vector<std::string> sql = {}) {
  return event_filter_rule{std::move(schema), std::move(table), std::move(events), std::move(sql), action};
}

filter_verdict row(const event_filter& f, std::string schema, std::string table, row_kind kind) {
  return f.decide_row(table_name{std::move(schema), std::move(table)}, kind).verdict;
}

filter_verdict ddl(const event_filter& f, std::string_view schema, std::string_view query) {
  return f.decide_ddl(parse_ddl(schema, query)).verdict;
}

constexpr auto pass = filter_verdict::pass;
constexpr auto ignore = filter_verdict::ignore;
constexpr auto error = filter_verdict::error;

}  // namespace

TEST_CASE("DM's documented example: no deletes, truncates or drops on the shards") {
  auto f = make({rule("store_*", "sale_*", {"truncate table", "drop table", "delete"}, filter_action::ignore),
                 rule("store_*", "", {"drop database"}, filter_action::ignore)});
  CHECK(row(f, "store_01", "sale_01", row_kind::erase) == ignore);
  CHECK(row(f, "store_01", "sale_01", row_kind::insert) == pass);
  CHECK(row(f, "store_01", "sale_01", row_kind::update) == pass);
  CHECK(row(f, "user", "information", row_kind::erase) == pass);
  CHECK(ddl(f, "store_01", "TRUNCATE TABLE sale_02") == ignore);
  CHECK(ddl(f, "store_01", "DROP TABLE sale_02") == ignore);
  CHECK(ddl(f, "store_01", "ALTER TABLE sale_02 ADD c INT") == pass);
  CHECK(ddl(f, "", "DROP DATABASE store_02") == ignore);
  CHECK(ddl(f, "", "CREATE DATABASE store_02") == pass);
  auto d = f.decide_row({"store_01", "sale_01"}, row_kind::erase);
  CHECK(d.reason == "binlog event filter rule #0 (schema-pattern \"store_*\", table-pattern \"sale_*\", "
                    "action Ignore) ignores delete on `store_01`.`sale_01`");
}

TEST_CASE("sql-pattern ^DROP drops matching DDL, case-insensitively, never rows") {
  auto f = make({rule("*", "", {}, filter_action::ignore, {"^DROP\\s+TABLE", "^TRUNCATE"})});
  CHECK(ddl(f, "s", "drop table t") == ignore);
  CHECK(ddl(f, "s", "Truncate t") == ignore);
  CHECK(ddl(f, "s", "CREATE TABLE t (a int)") == pass);
  CHECK(ddl(f, "s", "ALTER TABLE t COMMENT 'DROP TABLE x'") == pass);  // ^ anchors at the query start
  CHECK(row(f, "s", "t", row_kind::erase) == pass);
}

TEST_CASE("Do is a whitelist, and needs both events and sql-pattern when both are set") {
  auto f = make({rule("test", "t", {"insert", "create table"}, filter_action::do_)});
  CHECK(row(f, "test", "t", row_kind::insert) == pass);
  CHECK(row(f, "test", "t", row_kind::update) == ignore);
  CHECK(ddl(f, "test", "DROP TABLE t") == ignore);
  CHECK(row(f, "test", "other", row_kind::update) == pass);
  CHECK(f.decide_row({"test", "t"}, row_kind::erase).reason.find("is not among the events of") != std::string::npos);

  auto both = make({rule("s", "", {"all ddl"}, filter_action::do_, {"^CREATE"})});
  CHECK(ddl(both, "s", "CREATE TABLE t (a int)") == pass);
  CHECK(ddl(both, "s", "DROP TABLE t") == ignore);
  CHECK(row(both, "s", "t", row_kind::insert) == ignore);
  // DM's quirk: a Do rule with sql-pattern and no events selects nothing
  auto only_sql = make({rule("s", "", {}, filter_action::do_, {"^CREATE"})});
  CHECK(ddl(only_sql, "s", "CREATE TABLE t (a int)") == ignore);
}

TEST_CASE("Error refuses the event with a message naming rule, event and table") {
  auto f = make({rule("bank", "accounts", {"delete", "truncate table"}, filter_action::error)});
  auto d = f.decide_row({"bank", "accounts"}, row_kind::erase);
  CHECK(d.verdict == error);
  CHECK(d.reason == "binlog event filter rule #0 (schema-pattern \"bank\", table-pattern \"accounts\", action "
                    "Error) refuses delete on `bank`.`accounts`");
  CHECK(ddl(f, "bank", "TRUNCATE accounts") == error);
  CHECK(row(f, "bank", "accounts", row_kind::insert) == pass);
}

TEST_CASE("Ignore and Error on one event: the first rule in DM's trie order decides") {
  auto schema_error = rule("db", "", {"delete"}, filter_action::error);
  auto table_ignore = rule("db", "t*", {"delete"}, filter_action::ignore);
  auto literal_error = rule("db", "t1", {"delete"}, filter_action::error);
  // schema-level rules come before table-level ones, whatever the configuration order
  CHECK(row(make({table_ignore, schema_error}), "db", "t1", row_kind::erase) == error);
  CHECK(row(make({schema_error, table_ignore}), "db", "t1", row_kind::erase) == error);
  // within a level '*' is walked before a literal
  CHECK(row(make({literal_error, table_ignore}), "db", "t1", row_kind::erase) == ignore);
  CHECK(row(make({table_ignore, literal_error}), "db", "t1", row_kind::erase) == ignore);
  auto question_error = rule("db", "t?", {"delete"}, filter_action::error);
  CHECK(row(make({literal_error, question_error}), "db", "t1", row_kind::erase) == error);
  CHECK(row(make({question_error, rule("db", "t1", {"delete"}, filter_action::ignore)}), "db", "t1",
            row_kind::erase) == error);
}

TEST_CASE("event groups: all, all dml, all ddl, none, incompatible ddl changes") {
  auto all = make({rule("a", "", {"all"}, filter_action::ignore)});
  CHECK(row(all, "a", "t", row_kind::insert) == ignore);
  CHECK(ddl(all, "a", "CREATE TABLE t (x int)") == ignore);
  auto dml = make({rule("a", "", {"all dml"}, filter_action::ignore)});
  CHECK(row(dml, "a", "t", row_kind::update) == ignore);
  CHECK(ddl(dml, "a", "CREATE TABLE t (x int)") == pass);
  auto ddl_only = make({rule("a", "", {"all ddl"}, filter_action::ignore)});
  CHECK(row(ddl_only, "a", "t", row_kind::update) == pass);
  CHECK(ddl(ddl_only, "a", "DROP TABLE t") == ignore);
  // "none" ends the list: what follows it is never selected
  auto none_first = make({rule("a", "", {"none", "insert"}, filter_action::ignore)});
  CHECK(row(none_first, "a", "t", row_kind::insert) == pass);
  auto none_last = make({rule("a", "", {"insert", "none"}, filter_action::ignore)});
  CHECK(row(none_last, "a", "t", row_kind::insert) == ignore);
  auto none_ddl = make({rule("a", "", {"none ddl", "insert", "drop table"}, filter_action::ignore)});
  CHECK(row(none_ddl, "a", "t", row_kind::insert) == ignore);
  CHECK(ddl(none_ddl, "a", "DROP TABLE t") == pass);
  auto incompatible = make({rule("a", "", {"incompatible ddl changes"}, filter_action::ignore)});
  CHECK(ddl(incompatible, "a", "DROP TABLE t") == ignore);
  CHECK(ddl(incompatible, "a", "ALTER TABLE t DROP COLUMN c") == ignore);
  CHECK(ddl(incompatible, "a", "ALTER TABLE t ADD COLUMN c INT") == pass);  // DM: plain "alter table"
  CHECK(ddl(incompatible, "a", "CREATE TABLE t (x int)") == pass);
}

TEST_CASE("every statement kind raises its event type") {
  const std::vector<std::pair<const char*, const char*>> cases{
      {"create database", "CREATE DATABASE a"},        {"drop database", "DROP SCHEMA a"},
      {"alter database", "ALTER DATABASE a COLLATE x"}, {"create table", "CREATE TABLE t (x int)"},
      {"drop table", "DROP TABLE t"},                  {"truncate table", "TRUNCATE t"},
      {"rename table", "RENAME TABLE t TO u"},         {"rename table", "ALTER TABLE t RENAME AS u"},
      {"create index", "CREATE INDEX i ON t (x)"},     {"drop index", "DROP INDEX i ON t"},
      {"alter table", "ALTER TABLE t FORCE"},          {"add column", "ALTER TABLE t ADD x INT"},
      {"drop column", "ALTER TABLE t DROP x"},          {"rename column", "ALTER TABLE t RENAME COLUMN x TO y"},
      {"modify column", "ALTER TABLE t MODIFY x BIGINT"}, {"drop primary key", "ALTER TABLE t DROP PRIMARY KEY"},
      {"add primary key", "ALTER TABLE t ADD PRIMARY KEY (x)"}, {"modify constraint", "ALTER TABLE t ADD KEY k (x)"},
      {"create index", "ALTER TABLE t ADD INDEX k (x)"}, {"drop index", "ALTER TABLE t DROP KEY k"},
      {"rename index", "ALTER TABLE t RENAME KEY k TO j"}, {"add foreign key", "ALTER TABLE t ADD FOREIGN KEY (x) REFERENCES p (id)"},
      {"drop foreign key", "ALTER TABLE t DROP FOREIGN KEY f"}, {"modify default value", "ALTER TABLE t ALTER x DROP DEFAULT"},
      {"modify charset", "ALTER TABLE t CHARSET utf8mb4"}, {"modify collation", "ALTER TABLE t COLLATE = x"},
      {"modify storage engine", "ALTER TABLE t ENGINE = MyISAM"}, {"modify table comment", "ALTER TABLE t COMMENT 'c'"},
      {"rebase auto id", "ALTER TABLE t AUTO_INCREMENT = 9"}, {"add table partition", "ALTER TABLE t ADD PARTITION (PARTITION p9 VALUES LESS THAN (9))"},
      {"drop table partition", "ALTER TABLE t DROP PARTITION p1"}, {"truncate table partition", "ALTER TABLE t TRUNCATE PARTITION p1"},
      {"reorganize table partition", "ALTER TABLE t REORGANIZE PARTITION p1 INTO (PARTITION p2 VALUES LESS THAN (5))"},
      {"rebuild table partition", "ALTER TABLE t REBUILD PARTITION p1"}, {"coalesce table partition", "ALTER TABLE t COALESCE PARTITION 2"},
      {"exchange table partition", "ALTER TABLE t EXCHANGE PARTITION p1 WITH TABLE t2"},
      {"remove table partitioning", "ALTER TABLE t REMOVE PARTITIONING"},
      {"alter table partitioning", "ALTER TABLE t PARTITION BY HASH(x) PARTITIONS 2"},
      {"alter index visibility", "ALTER TABLE t ALTER INDEX k VISIBLE"}};
  for (const auto& c : cases) {
    const std::string event = c.first;  // no structured bindings: clang 14 cannot capture them
    const std::string query = c.second;
    auto f = make({rule("a", "", {event}, filter_action::ignore)});
    CHECK_MESSAGE(ddl(f, "a", query) == ignore, event, " / ", query);
    auto other = make({rule("a", "", {event == "drop table" ? "create table" : "drop table"},
                            filter_action::ignore)});
    CHECK_MESSAGE(ddl(other, "a", query) == pass, event, " / ", query);
  }
}

TEST_CASE("\"alter table\" selects every ALTER TABLE change; schema aliases are accepted") {
  auto f = make({rule("a", "", {"alter table"}, filter_action::ignore)});
  CHECK(ddl(f, "a", "ALTER TABLE t DROP COLUMN c") == ignore);
  CHECK(ddl(f, "a", "ALTER TABLE t RENAME TO u") == ignore);
  CHECK(ddl(f, "a", "RENAME TABLE t TO u") == pass);
  auto schema = make({rule("a*", "", {"create schema", "DROP SCHEMA"}, filter_action::ignore)});
  CHECK(ddl(schema, "", "CREATE DATABASE ab") == ignore);
  CHECK(ddl(schema, "", "DROP DATABASE ab") == ignore);
  CHECK(ddl(schema, "", "DROP DATABASE b") == pass);
  CHECK(event_filter::is_event_name("Alter Schema"));
  CHECK_FALSE(event_filter::is_event_name("drop everything"));
}

TEST_CASE("filter_ddl splits what is filtered differently, as DM") {
  auto f = make({rule("s", "keep_*", {"all"}, filter_action::ignore), rule("s", "", {"drop column"}, filter_action::ignore)});
  auto drop = f.filter_ddl(parse_ddl("s", "DROP TABLE a, keep_b, c"));
  REQUIRE(drop.size() == 3);
  CHECK(drop[0].statement.query == "DROP TABLE a");
  CHECK(drop[0].decision.passes());
  CHECK(drop[1].decision.verdict == ignore);
  CHECK(drop[2].decision.passes());
  // a RENAME is filtered on both names
  auto ren = f.filter_ddl(parse_ddl("s", "RENAME TABLE a TO keep_a, b TO c"));
  REQUIRE(ren.size() == 2);
  CHECK(ren[0].decision.verdict == ignore);
  CHECK(ren[1].decision.passes());
  // an ALTER whose changes disagree is split; one whose changes agree stays whole
  auto mixed = f.filter_ddl(parse_ddl("s", "ALTER TABLE t ADD COLUMN a INT, DROP COLUMN b"));
  REQUIRE(mixed.size() == 2);
  CHECK(mixed[0].statement.query == "ALTER TABLE t ADD COLUMN a INT");
  CHECK(mixed[0].decision.passes());
  CHECK(mixed[1].statement.query == "ALTER TABLE t DROP COLUMN b");
  CHECK(mixed[1].decision.verdict == ignore);
  auto agree = f.filter_ddl(parse_ddl("s", "ALTER TABLE t ADD COLUMN a INT, ADD INDEX (a)"));
  REQUIRE(agree.size() == 1);
  CHECK(agree[0].statement.query == "ALTER TABLE t ADD COLUMN a INT, ADD INDEX (a)");
  // without rules nothing is split but multi-table statements (DM always splits those)
  auto none = make({});
  CHECK(none.filter_ddl(parse_ddl("s", "ALTER TABLE t ADD a INT, DROP b")).size() == 1);
  CHECK(none.filter_ddl(parse_ddl("s", "DROP TABLE a, b")).size() == 2);
}

TEST_CASE("case sensitivity of patterns and names") {
  auto folded = make({rule("Store", "T1", {"insert"}, filter_action::ignore)});
  CHECK(row(folded, "STORE", "t1", row_kind::insert) == ignore);
  auto exact = make({rule("Store", "T1", {"insert"}, filter_action::ignore)}, true);
  CHECK(row(exact, "Store", "T1", row_kind::insert) == ignore);
  CHECK(row(exact, "store", "t1", row_kind::insert) == pass);
  auto uni = make({rule("店铺", "订单*", {"delete"}, filter_action::ignore)});
  CHECK(row(uni, "店铺", "订单_1", row_kind::erase) == ignore);
}

TEST_CASE("invalid rules are refused, naming the rule") {
  auto check_refused = [](event_filter_rule r, std::string_view expected) {
    auto f = event_filter::create({rule("ok", "", {"insert"}, filter_action::ignore), std::move(r)}, false);
    REQUIRE_FALSE(f.has_value());
    CHECK_MESSAGE(f.error().find("binlog event filter rule #1") == 0, f.error());
    CHECK_MESSAGE(f.error().find(expected) != std::string::npos, f.error());
  };
  check_refused(rule("", "", {"insert"}, filter_action::ignore), "schema-pattern");
  check_refused(rule("~^a", "", {"insert"}, filter_action::ignore), "wildcards");
  check_refused(rule("a*b", "", {"insert"}, filter_action::ignore), "last character");
  check_refused(rule("a", "", {"inserts"}, filter_action::ignore), "unknown event \"inserts\"");
  check_refused(rule("a", "", {}, filter_action::ignore, {"(unclosed"}), "sql-pattern \"(unclosed\"");
  check_refused(rule("OK", "", {"delete"}, filter_action::do_), "same patterns as binlog event filter rule #0");
}
