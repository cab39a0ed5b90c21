#include <doctest/doctest.h>

#include "fixtures.hpp"

using namespace sluice::pipeline;
using namespace fixtures;

TEST_CASE("columns map by position without binlog names; the primary key identifies rows") {
  auto up = table_map("log", "messages", {"id", "message"}, false);
  auto down = downstream("log", "messages", {"id", "message"}, {{0}}, true);
  auto m = map_columns(*up, down);
  REQUIRE(m);
  CHECK(m->names == std::vector<std::string>{"id", "message"});
  CHECK(m->key == std::vector<std::size_t>{0});
}

TEST_CASE("columns map by name when the binlog carries names (binlog_row_metadata=FULL)") {
  auto up = table_map("s", "t", {"b", "a"}, true);
  auto down = downstream("s", "t", {"a", "extra", "b"}, {{2}}, true);
  auto m = map_columns(*up, down);
  REQUIRE(m);
  CHECK(m->names == std::vector<std::string>{"b", "a"});
  CHECK(m->key == std::vector<std::size_t>{0});  // downstream PK `b` is upstream column 0
}

TEST_CASE("a count mismatch without names is an error naming both tables") {
  auto up = table_map("s", "t", {"a", "b"}, false);
  auto down = downstream("s", "t", {"a"}, {}, false);
  auto m = map_columns(*up, down);
  REQUIRE_FALSE(m);
  CHECK(m.error().find("s.t") != std::string::npos);
  CHECK(m.error().find("binlog_row_metadata=FULL") != std::string::npos);
}

TEST_CASE("a nullable unique key does not identify rows; no key means the whole row") {
  auto up = table_map("s", "t", {"a", "b"}, false);
  auto down = downstream("s", "t", {"a", "b"}, {{1}}, false);  // UNIQUE(b), b nullable
  auto m = map_columns(*up, down);
  REQUIRE(m);
  CHECK(m->key.empty());
  down.columns[1].nullable = false;
  m = map_columns(*up, down);
  REQUIRE(m);
  CHECK(m->key == std::vector<std::size_t>{1});
}

TEST_CASE("generated downstream columns are not written") {
  auto up = table_map("s", "t", {"a", "g"}, true);
  auto down = downstream("s", "t", {"a", "g"}, {{0}}, true);
  down.columns[1].generated = true;
  auto m = map_columns(*up, down);
  REQUIRE(m);
  CHECK(m->names == std::vector<std::string>{"a", ""});
}

TEST_CASE("a route's named extra column matches by name; the unnamed binlog columns by position around it") {
  auto up = std::make_shared<sluice::protocol::table_map_event>(*table_map("store", "store_bj", {"id", "name"}, false));
  sluice::protocol::column_def extra{};
  extra.type = 15;
  extra.name = "c_table";
  up->columns.push_back(extra);
  auto down = downstream("store", "stores", {"c_table", "id", "name"}, {{1, 0}}, true);
  auto m = map_columns(*up, down);
  REQUIRE_MESSAGE(m, m.error());
  CHECK(m->names == std::vector<std::string>{"id", "name", "c_table"});
  CHECK(m->key == std::vector<std::size_t>{0, 2});

  auto missing = downstream("store", "stores", {"id", "name"}, {{0}}, true);
  auto bad = map_columns(*up, missing);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().find("c_table") != std::string::npos);
}
