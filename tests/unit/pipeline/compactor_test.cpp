#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "pipeline/compactor.hpp"
#include "pipeline/sql_builder.hpp"

using namespace sluice::pipeline;
using namespace fixtures;
using cells = std::vector<sluice::protocol::cell>;

namespace {

struct compact_fixture {
  std::shared_ptr<const p::table_map_event> up = table_map("s", "t", {"id", "v"}, false);
  column_mapping map = *map_columns(*up, downstream("s", "t", {"id", "v"}, {{0}}, true));
  std::vector<row_op> ops;

  void ins(std::int64_t id, std::int64_t v) { ops.push_back(op(row_kind::insert, up, {}, cells{id, v})); }
  void upd(std::int64_t id, std::int64_t v0, std::int64_t id2, std::int64_t v) {
    ops.push_back(op(row_kind::update, up, cells{id, v0}, cells{id2, v}));
  }
  void del(std::int64_t id, std::int64_t v) { ops.push_back(op(row_kind::erase, up, cells{id, v}, {})); }

  std::vector<std::string> sql(bool safe = false) {
    std::vector<dml> dmls;
    for (const auto& o : ops)
      rewrite_row(o, map, safe, dmls);
    auto out = build_statements({"s", "t"}, compact(dmls), 1 << 20);
    REQUIRE(out);
    return *out;
  }
};

}  // namespace

TEST_CASE("compaction: each row's final state, deletes first, then one upsert in binlog order") {
  compact_fixture f;
  f.upd(1, 10, 1, 11);  // update twice: the last image wins
  f.del(2, 20);         // existed, deleted
  f.ins(3, 30);         // inserted, updated
  f.upd(3, 30, 3, 31);
  f.upd(1, 11, 1, 12);
  f.del(4, 40);         // deleted and inserted again
  f.ins(4, 41);
  auto s = f.sql();
  REQUIRE(s.size() == 2);
  CHECK(s[0] == "DELETE FROM `s`.`t` WHERE `id` = 2 LIMIT 1");
  CHECK(s[1] == "INSERT INTO `s`.`t` (`id`,`v`) VALUES (3,31),(1,12),(4,41) ON DUPLICATE KEY UPDATE `v`=VALUES(`v`)");
}

TEST_CASE("compaction: a moved key frees the old identity; a row inserted then deleted is deleted") {
  compact_fixture f;
  f.upd(1, 10, 100, 10);  // primary key change
  f.ins(5, 50);
  f.del(5, 50);           // may have existed already (safe mode): delete is harmless
  f.upd(100, 10, 7, 10);  // moves on: 100 never remains
  auto s = f.sql();
  REQUIRE(s.size() == 2);
  CHECK(s[0] == "DELETE FROM `s`.`t` WHERE `id` IN (1,100,5)");
  CHECK(s[1] == "INSERT INTO `s`.`t` (`id`,`v`) VALUES (7,10) ON DUPLICATE KEY UPDATE `v`=VALUES(`v`)");
}

TEST_CASE("compaction: safe mode's DELETE + REPLACE of one update folds once") {
  compact_fixture f;
  f.upd(1, 10, 2, 20);
  auto s = f.sql(true);
  REQUIRE(s.size() == 2);
  CHECK(s[0] == "DELETE FROM `s`.`t` WHERE `id` = 1 LIMIT 1");
  CHECK(s[1] == "INSERT INTO `s`.`t` (`id`,`v`) VALUES (2,20) ON DUPLICATE KEY UPDATE `v`=VALUES(`v`)");
}

TEST_CASE("compaction leaves tables with a second unique key, or partial images, alone") {
  auto up = table_map("s", "u", {"id", "code"}, false);
  auto map = *map_columns(*up, downstream("s", "u", {"id", "code"}, {{0}, {1}}, true));
  std::vector<row_op> ops{op(row_kind::update, up, cells{std::int64_t{1}, std::int64_t{5}}, cells{std::int64_t{1}, std::int64_t{6}}),
                          op(row_kind::update, up, cells{std::int64_t{2}, std::int64_t{4}}, cells{std::int64_t{2}, std::int64_t{5}})};
  std::vector<dml> dmls;
  for (const auto& o : ops)
    rewrite_row(o, map, false, dmls);
  auto out = compact(dmls);
  REQUIRE(out.size() == 2);
  CHECK(out[0].kind == dml_kind::update);
  CHECK(out[0].op == &ops[0]);

  compact_fixture f;
  f.upd(1, 10, 1, 11);
  f.ops.back().after_present = std::make_shared<const std::vector<bool>>(std::vector<bool>{true, true});
  f.upd(1, 11, 1, 12);
  CHECK(f.sql().size() == 2);  // two UPDATE statements, not compacted
}
