#include <doctest/doctest.h>

#include <stdexcept>

#include "pipeline/block_allow_list.hpp"

using sluice::pipeline::block_allow_list;
using sluice::pipeline::block_allow_rule;
using sluice::pipeline::table_pattern;

namespace {

block_allow_list make(block_allow_rule rule, bool case_sensitive = false) {
  return block_allow_list(std::move(rule), case_sensitive);
}

}  // namespace

TEST_CASE("the seed scenario: do-dbs [log] keeps only the log schema") {
  const auto ba = make({.do_dbs = {"log"}});
  CHECK(ba.allows_table("log", "messages"));
  CHECK_FALSE(ba.allows_table("user", "information"));
  CHECK_FALSE(ba.allows_table("user", "log"));  // a table named like the schema does not count
  CHECK_FALSE(ba.allows_table("store", "store_bj"));
  CHECK_FALSE(ba.allows_table("store", "store_tj"));
  CHECK(ba.allows_schema("log"));
  CHECK_FALSE(ba.allows_schema("user"));
  CHECK_FALSE(ba.allows_schema("logs"));
  CHECK(ba.allows_table("LOG", "Messages"));  // not case-sensitive by default
}

TEST_CASE("an empty rule allows everything except system schemas") {
  const auto ba = make({});
  CHECK(ba.allows_table("a", "b"));
  CHECK(ba.allows_schema("a"));
  for (const char* system : {"mysql", "MySQL", "information_schema", "INFORMATION_SCHEMA", "performance_schema", "sys",
                             "metrics_schema", "inspection_schema", "dm_heartbeat", "DM_HEARTBEAT"}) {
    CAPTURE(system);
    CHECK(block_allow_list::is_system_schema(system));
    CHECK_FALSE(ba.allows_schema(system));
    CHECK_FALSE(ba.allows_table(system, "t"));
  }
  CHECK_FALSE(block_allow_list::is_system_schema("mysql2"));
  CHECK_FALSE(block_allow_list::is_system_schema("dm_meta"));
}

TEST_CASE("system schemas stay dropped even when a rule names them") {
  const auto ba = make({.do_dbs = {"mysql", "~.*"}, .do_tables = {{"mysql", "user"}}});
  CHECK_FALSE(ba.allows_table("mysql", "user"));
  CHECK_FALSE(ba.allows_schema("mysql"));
  CHECK(ba.allows_schema("app"));
  CHECK_FALSE(ba.allows_table("app", "user"));  // do-tables lists only mysql.user
}

TEST_CASE("ignore-dbs applies only when do-dbs is empty") {
  const auto ignore_only = make({.ignore_dbs = {"tmp*", "scratch"}});
  CHECK(ignore_only.allows_table("app", "t"));
  CHECK_FALSE(ignore_only.allows_table("tmp_1", "t"));
  CHECK_FALSE(ignore_only.allows_table("scratch", "t"));
  CHECK_FALSE(ignore_only.allows_schema("tmp"));

  // With do-dbs set, ignore-dbs is not consulted at all (tidb filterOnSchemas).
  const auto both = make({.do_dbs = {"app*"}, .ignore_dbs = {"app_old"}});
  CHECK(both.allows_table("app_old", "t"));
  CHECK(both.allows_table("app_new", "t"));
  CHECK_FALSE(both.allows_table("other", "t"));
}

TEST_CASE("do-tables: a match keeps the table, no match drops it") {
  const auto ba = make({.do_tables = {{"shop", "orders"}, {"shop", "items_*"}}});
  CHECK(ba.allows_table("shop", "orders"));
  CHECK(ba.allows_table("shop", "items_2024"));
  CHECK_FALSE(ba.allows_table("shop", "customers"));
  CHECK_FALSE(ba.allows_table("other", "orders"));
  // Schema-level events only see the schema check, which passes (no do-dbs / ignore-dbs).
  CHECK(ba.allows_schema("other"));
  CHECK(ba.allows_table("other", ""));
}

TEST_CASE("ignore-tables drops matches unless a do-tables entry keeps them") {
  const auto ignore_only = make({.ignore_tables = {{"shop", "tmp_*"}, {"*", "audit"}}});
  CHECK(ignore_only.allows_table("shop", "orders"));
  CHECK_FALSE(ignore_only.allows_table("shop", "tmp_1"));
  CHECK_FALSE(ignore_only.allows_table("any", "audit"));
  CHECK(ignore_only.allows_table("other", "tmp_1"));

  const auto both = make({.do_tables = {{"shop", "tmp_keep"}}, .ignore_tables = {{"shop", "tmp_*"}}});
  CHECK(both.allows_table("shop", "tmp_keep"));      // do-tables wins
  CHECK_FALSE(both.allows_table("shop", "tmp_x"));   // ignored
  CHECK_FALSE(both.allows_table("shop", "orders"));  // do-tables non-empty and no match
}

TEST_CASE("the schema check runs before the table check") {
  const auto ba = make({.do_dbs = {"shop"}, .do_tables = {{"other", "t"}}});
  CHECK_FALSE(ba.allows_table("other", "t"));  // schema not in do-dbs
  CHECK_FALSE(ba.allows_table("shop", "t"));   // schema ok, but no do-tables match
  CHECK(ba.allows_schema("shop"));
}

TEST_CASE("wildcards in every list") {
  const auto ba = make({.do_dbs = {"db_[0-9]?", "app*"},
                        .ignore_tables = {{"db_?1", "t[!a-c]"}}});
  CHECK(ba.allows_table("db_01", "ta"));
  CHECK_FALSE(ba.allows_table("db_01", "td"));
  CHECK(ba.allows_table("db_02", "td"));
  CHECK(ba.allows_table("app", "x"));
  CHECK(ba.allows_table("application", "x"));
  CHECK_FALSE(ba.allows_table("db_a1", "x"));
  CHECK_FALSE(ba.allows_table("db_1", "x"));
}

TEST_CASE("'~' values are regular expressions, searched anywhere in the name") {
  const auto ba = make({.do_dbs = {"~^test.*", "do"},
                        .ignore_dbs = {"mysql", "ignored"},
                        .do_tables = {{"~^test.*", "~^t.*"}, {"do", "do"}},
                        .ignore_tables = {{"test", "log"}}});
  // DM's task_advanced.yaml rule.
  CHECK(ba.allows_table("test_1", "t_1"));
  CHECK(ba.allows_table("test", "tab"));
  CHECK_FALSE(ba.allows_table("test", "log"));
  CHECK_FALSE(ba.allows_table("test_1", "other"));
  CHECK(ba.allows_table("do", "do"));
  CHECK_FALSE(ba.allows_table("do", "dont"));
  CHECK_FALSE(ba.allows_table("ignored", "t"));
  CHECK_FALSE(ba.allows_table("my_test", "t"));  // "^" anchors the regex

  const auto unanchored = make({.do_dbs = {"~shard"}});
  CHECK(unanchored.allows_schema("my_shard_1"));
  CHECK_FALSE(unanchored.allows_schema("other"));
}

TEST_CASE("regex and wildcard can be mixed within one table entry") {
  const auto regex_db = make({.do_tables = {{"~^shard_[0-9]+$", "orders"}, {"~^hist$", "t_*"}}});
  CHECK(regex_db.allows_table("shard_12", "orders"));
  CHECK_FALSE(regex_db.allows_table("shard_x", "orders"));
  CHECK(regex_db.allows_table("hist", "t_1"));
  // Each entry pairs its own schema and table patterns (tidb's trie would also accept this).
  CHECK_FALSE(regex_db.allows_table("shard_12", "t_1"));
  CHECK_FALSE(regex_db.allows_table("hist", "orders"));

  const auto regex_table = make({.do_tables = {{"app", "~^(users|orders)$"}}});
  CHECK(regex_table.allows_table("app", "users"));
  CHECK_FALSE(regex_table.allows_table("app", "users_old"));
  CHECK_FALSE(regex_table.allows_table("app2", "users"));
}

TEST_CASE("case-insensitive matching folds names and wildcard patterns; regexes get icase") {
  const auto ba = make({.do_dbs = {"Shop*", "~^HIST$"}, .ignore_tables = {{"SHOP", "Tmp"}}});
  CHECK(ba.allows_table("shop", "orders"));
  CHECK(ba.allows_table("SHOP_EU", "Orders"));
  CHECK(ba.allows_table("hist", "x"));
  CHECK_FALSE(ba.allows_table("History", "x"));
  CHECK_FALSE(ba.allows_table("Shop", "TMP"));
  CHECK_FALSE(ba.allows_table("shop", "tmp"));
}

TEST_CASE("case-sensitive matching compares names exactly") {
  const auto ba = make({.do_dbs = {"Shop*", "~^HIST$"}, .ignore_tables = {{"Shop", "Tmp"}}}, true);
  CHECK(ba.allows_table("Shop", "orders"));
  CHECK_FALSE(ba.allows_table("shop", "orders"));
  CHECK(ba.allows_table("HIST", "x"));
  CHECK_FALSE(ba.allows_table("hist", "x"));
  CHECK_FALSE(ba.allows_table("Shop", "Tmp"));
  CHECK(ba.allows_table("Shop", "tmp"));
  CHECK(ba.case_sensitive());
}

TEST_CASE("bad rules are rejected with the entry named") {
  CHECK(block_allow_list::create({.do_dbs = {"ok", "a*b"}}, false).error() ==
        "do-dbs[1] \"a*b\": '*' is only allowed as the last character");
  CHECK(block_allow_list::create({.ignore_dbs = {""}}, false).error() == "ignore-dbs[0]: must not be empty");
  CHECK(block_allow_list::create({.do_tables = {{"a", ""}}}, false).error() == "do-tables[0].tbl-name: must not be empty");
  CHECK(block_allow_list::create({.ignore_tables = {{"~(", "t"}}}, false)
            .error()
            .starts_with("ignore-tables[0].db-name \"~(\": invalid regular expression: "));
  CHECK_THROWS_AS(block_allow_list({.do_dbs = {"a*b"}}, false), std::invalid_argument);
  CHECK_THROWS_WITH(block_allow_list({.do_dbs = {"a*b"}}, false),
                    "block-allow-list: do-dbs[0] \"a*b\": '*' is only allowed as the last character");
  const block_allow_rule rule{.do_dbs = {"log"}};
  CHECK(block_allow_list::create(rule, false).value().rule() == rule);
}
