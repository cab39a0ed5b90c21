#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "pipeline/apply_scheduler.hpp"
#include "pipeline/causality_keys.hpp"

using namespace sluice::pipeline;
using namespace fixtures;

namespace {

// t(id PRIMARY KEY, code UNIQUE, v): upstream columns carry names.
struct keyed_table {
  std::shared_ptr<const p::table_map_event> map = table_map("s", "t", {"id", "code", "v"}, true);
  table_schema schema = downstream("s", "t", {"id", "code", "v"}, {{0}, {1}}, true);
  causality_keys keys{[this](const table_name& t) { return t.table == "t" ? &schema : nullptr; }};

  std::vector<std::uint64_t> of(std::vector<row_op> rows) {
    transaction txn;
    txn.rows = std::move(rows);
    return keys.of(txn);
  }
};

bool share(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  for (auto k : a)
    if (std::find(b.begin(), b.end(), k) != b.end())
      return true;
  return false;
}

}  // namespace

TEST_CASE("causality keys: the primary key and every unique key, of both images") {
  keyed_table t;
  auto ins1 = t.of({op(row_kind::insert, t.map, {}, {std::int64_t{1}, std::string("a"), std::int64_t{0}})});
  CHECK(ins1.size() == 2);
  auto ins2 = t.of({op(row_kind::insert, t.map, {}, {std::int64_t{2}, std::string("b"), std::int64_t{0}})});
  CHECK_FALSE(share(ins1, ins2));
  // the same code under another id collides on the unique key
  auto same_code = t.of({op(row_kind::insert, t.map, {}, {std::int64_t{3}, std::string("a"), std::int64_t{0}})});
  CHECK(share(ins1, same_code));
  // a primary-key change carries the old and the new identity
  auto move = t.of({op(row_kind::update, t.map, {std::int64_t{2}, std::string("b"), std::int64_t{0}},
                       {std::int64_t{9}, std::string("b"), std::int64_t{0}})});
  CHECK(move.size() == 3);
  CHECK(share(move, ins2));
  auto at9 = t.of({op(row_kind::erase, t.map, {std::int64_t{9}, std::string("z"), std::int64_t{0}}, {})});
  CHECK(share(move, at9));
}

TEST_CASE("causality keys fold case and trailing spaces; NULL unique values never collide") {
  keyed_table t;
  auto upper = t.of({op(row_kind::insert, t.map, {}, {std::int64_t{1}, std::string("ABC  "), std::int64_t{0}})});
  auto lower = t.of({op(row_kind::insert, t.map, {}, {std::int64_t{2}, std::string("abc"), std::int64_t{0}})});
  CHECK(share(upper, lower));
  auto null1 = t.of({op(row_kind::insert, t.map, {}, {std::int64_t{3}, p::null_cell{}, std::int64_t{0}})});
  auto null2 = t.of({op(row_kind::insert, t.map, {}, {std::int64_t{4}, p::null_cell{}, std::int64_t{0}})});
  CHECK(null1.size() == 1);
  CHECK_FALSE(share(null1, null2));
}

TEST_CASE("causality keys: whole rows without keys, the table when its definition is unknown or held") {
  keyed_table t;
  auto nokey_map = table_map("s", "nokey", {"a", "b"}, true);
  table_schema nokey = downstream("s", "nokey", {"a", "b"}, {}, false);
  causality_keys keys{[&](const table_name& n) { return n.table == "nokey" ? &nokey : nullptr; }};
  auto row = [&](std::int64_t a, std::int64_t b) {
    transaction txn;
    txn.rows.push_back(op(row_kind::insert, nokey_map, {}, {a, b}));
    return keys.of(txn);
  };
  CHECK(share(row(1, 2), row(1, 2)));
  CHECK_FALSE(share(row(1, 2), row(1, 3)));

  auto unknown_map = table_map("s", "unknown", {"a"}, true);
  transaction u1, u2;
  u1.rows.push_back(op(row_kind::insert, unknown_map, {}, {std::int64_t{1}}));
  u2.rows.push_back(op(row_kind::insert, unknown_map, {}, {std::int64_t{2}}));
  CHECK(share(keys.of(u1), keys.of(u2)));

  auto a = t.of({op(row_kind::insert, t.map, {}, {std::int64_t{1}, std::string("a"), std::int64_t{0}})});
  t.keys.hold_table_order(true);
  auto b = t.of({op(row_kind::insert, t.map, {}, {std::int64_t{2}, std::string("b"), std::int64_t{0}})});
  auto c = t.of({op(row_kind::insert, t.map, {}, {std::int64_t{3}, std::string("c"), std::int64_t{0}})});
  CHECK(share(b, c));
  CHECK(b.size() == 1);
  t.keys.hold_table_order(false);
  CHECK(t.of({op(row_kind::insert, t.map, {}, {std::int64_t{1}, std::string("a"), std::int64_t{0}})}) == a);
}

TEST_CASE("the apply scheduler keeps shared keys on one worker and waits when keys span two") {
  apply_scheduler s(3);
  auto w1 = s.place({10, 11});
  REQUIRE(w1);
  s.assign(1, *w1, {10, 11}, 5);
  CHECK(s.load(*w1) == 5);
  // an unrelated transaction goes to a less loaded worker
  auto w2 = s.place({20});
  REQUIRE(w2);
  CHECK(*w2 != *w1);
  s.assign(2, *w2, {20}, 1);
  // sharing key 11 binds it to the first worker
  CHECK(s.place({11, 30}) == w1);
  s.assign(3, *w1, {11, 30}, 1);
  // keys on both workers: it must wait
  CHECK_FALSE(s.place({30, 20}).has_value());
  s.complete(2);
  CHECK(s.place({30, 20}) == w1);
  // key 11 stays bound while the later transaction 3 still holds it
  s.complete(1);
  CHECK(s.place({11}) == w1);
  s.complete(3);
  CHECK(s.keys_in_flight() == 0);
  CHECK(s.load(*w1) == 0);
  s.complete(99);  // unknown numbers are ignored
}
