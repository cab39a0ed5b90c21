#include <doctest/doctest.h>

#include "protocol/event_decoders.hpp"
#include "protocol/event_type.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {

TEST_CASE("vector 01: MySQL 8.0 GTIDs 93e95066-a2f4-11ec-9b69-9657f0ae95e2:1-5") {
  const auto file = decode_file(vector_path("01_rmc_mysql80_enum_set/mysql-enum-string-set.000001"));
  const auto gtids = bodies<mysql_gtid_event>(file.events);
  REQUIRE(gtids.size() == 5);
  for (std::size_t i = 0; i < gtids.size(); ++i) {
    CHECK_FALSE(gtids[i]->anonymous);
    CHECK(to_string(*gtids[i]) == "93e95066-a2f4-11ec-9b69-9657f0ae95e2:" + std::to_string(i + 1));
  }
  CHECK(gtids[4]->sequence_number > gtids[3]->sequence_number);
  REQUIRE(bodies<previous_gtids_event>(file.events).size() == 1);
  CHECK(bodies<previous_gtids_event>(file.events)[0]->gtid_set.empty());
}

TEST_CASE("vector 15: the second file's PREVIOUS_GTIDS names :1-4, its GTIDs are :5 and :6") {
  const std::string uuid = "396e294c-1ca4-11f1-9ae7-00155da79c6b";
  const auto first = decode_file(vector_path("15_percona_mysql80_gtid/gtid_binlog.000001"));
  std::vector<std::string> names;
  for (const auto* g : bodies<mysql_gtid_event>(first.events)) names.push_back(to_string(*g));
  CHECK(names == std::vector<std::string>{uuid + ":1", uuid + ":2", uuid + ":3", uuid + ":4"});

  const auto second = decode_file(vector_path("15_percona_mysql80_gtid/gtid_binlog.000002"));
  REQUIRE(bodies<previous_gtids_event>(second.events).size() == 1);
  CHECK(bodies<previous_gtids_event>(second.events)[0]->gtid_set == uuid + ":1-4");
  names.clear();
  for (const auto* g : bodies<mysql_gtid_event>(second.events)) names.push_back(to_string(*g));
  CHECK(names == std::vector<std::string>{uuid + ":5", uuid + ":6"});
}

TEST_CASE("anonymous GTIDs have no transaction number") {
  const auto file = decode_file(vector_path("06_rmc_mysql80_time2_negative/time_issue.000001"));
  const auto gtids = bodies<mysql_gtid_event>(file.events);
  REQUIRE(gtids.size() == 1);
  CHECK(gtids[0]->anonymous);
  CHECK(gtids[0]->gno == 0);
}

TEST_CASE("PREVIOUS_GTIDS: single-transaction intervals and hostile counts") {
  // one sid (all 0x11), two intervals [1,2) and [5,9)
  auto body = bytes_of({1, 0, 0, 0, 0, 0, 0, 0});
  for (int i = 0; i < 16; ++i) body.push_back(std::byte{0x11});
  for (const int v : {2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 9, 0,
                      0, 0, 0, 0, 0, 0})
    body.push_back(static_cast<std::byte>(v));
  auto ev = detail::decode_previous_gtids(body);
  REQUIRE(ev.has_value());
  CHECK(ev->gtid_set == "11111111-1111-1111-1111-111111111111:1:5-8");
  auto many = bytes_of({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f});
  CHECK(detail::decode_previous_gtids(many).error() == decode_error::bad_length);
  for (std::size_t cut = 0; cut < body.size(); ++cut) CHECK_FALSE(detail::decode_previous_gtids(std::span(body).first(cut)));
}

TEST_CASE("ROWS_QUERY carries the statement text") {
  const auto body = bytes_of({3, 'a', 'b', 'c', 'd'});
  binlog_decoder decoder;
  auto ev = decoder.decode(make_frame(event_type::rows_query, body, false));
  REQUIRE(ev.has_value());
  CHECK(std::get<rows_query_event>(ev->body).query == "abcd");
}

}  // namespace sluice::protocol::test
