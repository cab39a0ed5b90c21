#include <doctest/doctest.h>

#include <set>

#include "fixtures.hpp"
#include "pipeline/row_filter.hpp"
#include "pipeline/safe_mode_policy.hpp"

using namespace sluice::pipeline;
using namespace fixtures;
using namespace std::chrono_literals;

TEST_CASE("safe mode: always on with safe-mode: true") {
  auto now = safe_mode_policy::clock::now();
  safe_mode_policy p(true, 0s, {"f.000001", 4}, {}, now);
  CHECK(p.on_for({"f.000009", 4}, now + 1h));
}

TEST_CASE("safe mode: on for the duration after a start without an exit point") {
  auto now = safe_mode_policy::clock::now();
  safe_mode_policy p(false, 60s, {"f.000001", 4}, {}, now);
  CHECK(p.on_for({"f.000001", 100}, now + 59s));
  CHECK_FALSE(p.on_for({"f.000001", 200}, now + 61s));
  CHECK_FALSE(p.on_for({"f.000001", 300}, now + 10s));  // once off, it stays off
}

TEST_CASE("safe mode: after a clean stop, on until past the exit point; off at once when equal") {
  auto now = safe_mode_policy::clock::now();
  safe_mode_policy p(false, 60s, {"f.000001", 100}, {"f.000001", 300}, now);
  CHECK(p.on_for({"f.000001", 200}, now));
  CHECK(p.on_for({"f.000001", 300}, now));
  CHECK_FALSE(p.on_for({"f.000001", 400}, now));
  safe_mode_policy q(false, 60s, {"f.000001", 300}, {"f.000001", 300}, now);
  CHECK_FALSE(q.on_for({"f.000001", 400}, now));
}

TEST_CASE("the row filter applies the block-allow-list and drops transactions already committed") {
  block_allow_rule rule;
  rule.do_dbs = {"log"};
  std::set<binlog_position> applied{{"f.000001", 300}, {"f.000001", 500}};
  row_filter f(block_allow_list(rule, false), applied);
  auto keep = table_map("log", "messages", {"id"}, false);
  auto other = table_map("user", "information", {"id"}, false);
  auto done = table_map("log", "done", {"id"}, false);
  auto sys = table_map("mysql", "user", {"id"}, false);
  transaction t;
  t.end = {"f.000001", 500};
  for (auto& tm : {keep, other, done, sys})
    t.rows.push_back(op(row_kind::insert, tm, {}, {std::int64_t{1}}));
  CHECK(f.apply_allow_list(t) == 2);
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].source.table == "messages");
  CHECK(f.apply_checkpoints(t) == 2);  // its end is listed: committed before the restart
  CHECK(t.rows.empty());
  // a transaction not listed flows, also one between two listed ones
  transaction later;
  later.end = {"f.000001", 400};
  later.rows.push_back(op(row_kind::insert, done, {}, {std::int64_t{1}}));
  CHECK(f.apply(later) == 0);
  CHECK(later.rows.size() == 1);
}

TEST_CASE("the row filter drops DDL outside the allow list") {
  block_allow_rule rule;
  rule.do_dbs = {"log"};
  row_filter f(block_allow_list(rule, false), {});
  transaction t;
  t.ddl = parse_ddl("store", "CREATE TABLE x (a int)");
  f.apply(t);
  CHECK_FALSE(t.ddl);
  t.ddl = parse_ddl("store", "CREATE TABLE log.x (a int)");
  f.apply(t);
  CHECK(t.ddl);
  t.ddl = parse_ddl("", "CREATE DATABASE store");
  f.apply(t);
  CHECK_FALSE(t.ddl);
}
