#include <doctest/doctest.h>

#include "protocol/binlog_decoder.hpp"
#include "protocol/event_decoders.hpp"
#include "protocol/table_map_cache.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {
namespace {

// TABLE_MAP body: table id (6 bytes), flags, schema "d", table `name`, one LONG column, nullable.
std::vector<std::byte> long_table(std::uint8_t id, char name) {
  return bytes_of({id, 0, 0, 0, 0, 0, 0, 0, 1, 'd', 0, 1, name, 0, 1, 3, 0, 1});
}

}  // namespace

TEST_CASE("table_map_cache: the same bytes give back the same decoded map") {
  detail::table_map_cache cache;
  const auto body = long_table(7, 't');
  auto first = cache.decode(body, {});
  auto again = cache.decode(long_table(7, 't'), {});
  REQUIRE(first.has_value());
  REQUIRE(again.has_value());
  CHECK(first->get() == again->get());
  CHECK((*first)->table == "t");
  CHECK((*first)->table_id == 7);
}

TEST_CASE("table_map_cache: other bytes for the same id, or another context, decode afresh") {
  detail::table_map_cache cache;
  auto t = cache.decode(long_table(7, 't'), {});
  auto u = cache.decode(long_table(7, 'u'), {});  // same table id, the table changed
  REQUIRE(t.has_value());
  REQUIRE(u.has_value());
  CHECK(t->get() != u->get());
  CHECK((*u)->table == "u");
  CHECK((*t)->table == "t");  // a map handed out earlier is never changed

  // Under an FDE whose TABLE_MAP post-header is 6 bytes the id is 4 bytes wide: the same bytes
  // mean another table id, so the cached map must not be reused.
  format_description_event fde{};
  fde.post_header_lengths.assign(40, 0);
  fde.post_header_lengths[18] = 6;  // TABLE_MAP_EVENT (19) - 1
  auto narrow = cache.decode(long_table(7, 'u'), detail::decode_context{&fde});
  CHECK((!narrow.has_value() || narrow->get() != u->get()));

  auto bad = cache.decode(bytes_of({7, 0, 0}), {});
  CHECK_FALSE(bad.has_value());
}

TEST_CASE("binlog_decoder: a re-announced TABLE_MAP is shared by the rows events that use it") {
  binlog_decoder decoder;
  const auto map = make_frame(19, long_table(9, 't'), false);
  // WRITE_ROWS v1 for table 9, STMT_END, 1 column, present bitmap 1, one row: null bits 0, 42.
  const auto rows = make_frame(23, bytes_of({9, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 42, 0, 0, 0}), false);
  auto m1 = decoder.decode(map);
  auto r1 = decoder.decode(rows);
  auto m2 = decoder.decode(map);
  auto r2 = decoder.decode(rows);
  REQUIRE(m1.has_value());
  REQUIRE(r1.has_value());
  REQUIRE(m2.has_value());
  REQUIRE(r2.has_value());
  const auto& first = std::get<rows_event>(r1->body);
  const auto& second = std::get<rows_event>(r2->body);
  CHECK(first.table == second.table);
  REQUIRE(second.rows.size() == 1);
  CHECK(second.rows[0].after[0] == cell{std::int64_t{42}});
  CHECK(std::get<table_map_event>(m2->body).table == "t");
}

}  // namespace sluice::protocol::test
