#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "pipeline/row_rewrite.hpp"
#include "pipeline/sql_builder.hpp"

using namespace sluice::pipeline;
using namespace fixtures;
using cells = std::vector<sluice::protocol::cell>;

namespace {

struct table_fixture {
  std::shared_ptr<const sluice::protocol::table_map_event> up = table_map("log", "messages", {"id", "message"}, false);
  column_mapping map = *map_columns(*up, downstream("log", "messages", {"id", "message"}, {{0}}, true));
  table_name target{"log", "messages"};

  std::vector<std::string> sql(const std::vector<row_op>& ops, bool safe, std::size_t max_bytes = 1 << 20) {
    std::vector<dml> dmls;
    for (const auto& o : ops)
      rewrite_row(o, map, safe, dmls);
    auto out = build_statements(target, dmls, max_bytes);
    REQUIRE(out);
    return *out;
  }
};

}  // namespace

TEST_CASE("consecutive inserts become one multi-row INSERT") {
  table_fixture f;
  std::vector<row_op> ops{op(row_kind::insert, f.up, {}, cells{std::int64_t{4}, std::string("msg4")}),
                          op(row_kind::insert, f.up, {}, cells{std::int64_t{5}, std::string("msg5")})};
  auto s = f.sql(ops, false);
  REQUIRE(s.size() == 1);
  CHECK(s[0] == "INSERT INTO `log`.`messages` (`id`,`message`) VALUES (4,X'6D736734'),(5,X'6D736735')");
}

TEST_CASE("safe mode turns inserts into REPLACE") {
  table_fixture f;
  auto s = f.sql({op(row_kind::insert, f.up, {}, cells{std::int64_t{4}, std::string("a")})}, true);
  CHECK(s[0] == "REPLACE INTO `log`.`messages` (`id`,`message`) VALUES (4,X'61')");
}

TEST_CASE("updates that keep their key merge into INSERT ... ON DUPLICATE KEY UPDATE, deletes into IN") {
  table_fixture f;
  auto s = f.sql({op(row_kind::update, f.up, cells{std::int64_t{1}, std::string("a")},
                     cells{std::int64_t{1}, sluice::protocol::null_cell{}}),
                  op(row_kind::update, f.up, cells{std::int64_t{3}, std::string("c")},
                     cells{std::int64_t{3}, std::string("d")}),
                  op(row_kind::erase, f.up, cells{std::int64_t{2}, std::string("b")}, {}),
                  op(row_kind::erase, f.up, cells{std::int64_t{5}, std::string("e")}, {})},
                 false);
  REQUIRE(s.size() == 2);
  CHECK(s[0] ==
        "INSERT INTO `log`.`messages` (`id`,`message`) VALUES (1,NULL),(3,X'64') ON DUPLICATE KEY UPDATE "
        "`message`=VALUES(`message`)");
  CHECK(s[1] == "DELETE FROM `log`.`messages` WHERE `id` IN (2,5)");
}

TEST_CASE("an update that moves its key stays an UPDATE of one row, in order with its neighbours") {
  table_fixture f;
  auto s = f.sql({op(row_kind::erase, f.up, cells{std::int64_t{2}, std::string("b")}, {}),
                  op(row_kind::update, f.up, cells{std::int64_t{1}, std::string("a")},
                     cells{std::int64_t{2}, std::string("a")}),
                  op(row_kind::erase, f.up, cells{std::int64_t{7}, std::string("b")}, {})},
                 false);
  REQUIRE(s.size() == 3);
  CHECK(s[0] == "DELETE FROM `log`.`messages` WHERE `id` = 2 LIMIT 1");  // a run of one stays plain
  CHECK(s[1] == "UPDATE `log`.`messages` SET `id`=2,`message`=X'61' WHERE `id` = 1 LIMIT 1");
  CHECK(s[2] == "DELETE FROM `log`.`messages` WHERE `id` = 7 LIMIT 1");
}

TEST_CASE("composite keys delete by row constructors; partial images keep UPDATE") {
  auto up = table_map("s", "t", {"a", "b", "v"}, false);
  auto map = *map_columns(*up, downstream("s", "t", {"a", "b", "v"}, {{0, 1}}, true));
  std::vector<row_op> ops{op(row_kind::erase, up, cells{std::int64_t{1}, std::int64_t{2}, std::int64_t{3}}, {}),
                          op(row_kind::erase, up, cells{std::int64_t{4}, std::int64_t{5}, std::int64_t{6}}, {}),
                          op(row_kind::update, up, cells{std::int64_t{1}, std::int64_t{2}, std::int64_t{3}},
                             cells{std::int64_t{1}, std::int64_t{2}, std::int64_t{4}})};
  ops[2].after_present = std::make_shared<const std::vector<bool>>(std::vector<bool>{true, true, true});
  std::vector<dml> dmls;
  for (const auto& o : ops)
    rewrite_row(o, map, false, dmls);
  auto s = build_statements({"s", "t"}, dmls, 1 << 20);
  REQUIRE(s);
  REQUIRE(s->size() == 2);
  CHECK((*s)[0] == "DELETE FROM `s`.`t` WHERE (`a`,`b`) IN ((1,2),(4,5))");
  CHECK((*s)[1].rfind("UPDATE `s`.`t` SET", 0) == 0);
}

TEST_CASE("safe-mode update: REPLACE alone when the key holds, DELETE + REPLACE when it moves") {
  table_fixture f;
  auto same = f.sql({op(row_kind::update, f.up, cells{std::int64_t{1}, std::string("a")},
                        cells{std::int64_t{1}, std::string("b")})},
                    true);
  REQUIRE(same.size() == 1);
  CHECK(same[0].rfind("REPLACE INTO", 0) == 0);
  auto moved = f.sql({op(row_kind::update, f.up, cells{std::int64_t{4}, std::string("a")},
                         cells{std::int64_t{40}, std::string("a")})},
                     true);
  REQUIRE(moved.size() == 2);
  CHECK(moved[0] == "DELETE FROM `log`.`messages` WHERE `id` = 4 LIMIT 1");
  CHECK(moved[1] == "REPLACE INTO `log`.`messages` (`id`,`message`) VALUES (40,X'61')");
}

TEST_CASE("a table without a key is matched on every column, NULLs with IS NULL") {
  auto up = table_map("s", "t", {"a", "b"}, false);
  auto map = *map_columns(*up, downstream("s", "t", {"a", "b"}, {}, false));
  std::vector<row_op> ops{op(row_kind::erase, up, cells{std::int64_t{1}, sluice::protocol::null_cell{}}, {})};
  std::vector<dml> dmls;
  rewrite_row(ops[0], map, false, dmls);
  auto s = build_statements({"s", "t"}, dmls, 1 << 20);
  REQUIRE(s);
  CHECK((*s)[0] == "DELETE FROM `s`.`t` WHERE `a` = 1 AND `b` IS NULL LIMIT 1");
}

TEST_CASE("multi-row statements stay under the size limit") {
  table_fixture f;
  std::vector<row_op> ops;
  for (int i = 0; i < 10; ++i)
    ops.push_back(op(row_kind::insert, f.up, {}, cells{std::int64_t{i}, std::string("xxxxxxxxxx")}));
  auto s = f.sql(ops, false, 120);
  CHECK(s.size() > 1);
  std::size_t rows = 0;
  for (const auto& stmt : s) {
    CHECK(stmt.size() <= 120);
    rows += static_cast<std::size_t>(std::count(stmt.begin(), stmt.end(), '(')) - 1;  // minus the column list
  }
  CHECK(rows == 10);
}

TEST_CASE("signed binlog integers land in UNSIGNED columns as the upstream stored them") {
  auto up = table_map("s", "t", {"id", "u"}, false);  // LONG columns, signedness unknown
  auto down = downstream("s", "t", {"id", "u"}, {{0}}, true);
  down.columns[1].is_unsigned = true;
  auto map = *map_columns(*up, down);
  CHECK(map.unsigned_bits == std::vector<std::uint8_t>{0, 32});
  std::vector<row_op> ops{op(row_kind::insert, up, {}, cells{std::int64_t{-1}, std::int64_t{-1}})};
  std::vector<dml> dmls;
  rewrite_row(ops[0], map, false, dmls);
  auto s = build_statements({"s", "t"}, dmls, 1 << 20);
  REQUIRE(s);
  CHECK((*s)[0] == "INSERT INTO `s`.`t` (`id`,`u`) VALUES (-1,4294967295)");
}
