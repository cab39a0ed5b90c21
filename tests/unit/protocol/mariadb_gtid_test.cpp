#include <doctest/doctest.h>

#include "protocol/event_decoders.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {

TEST_CASE("MariaDB 10.5 GTIDs 0-1-1 and 0-1-2, with an empty GTID list") {
  const auto file = decode_file(vector_path("08_rmc_mariadb105_full_metadata/mariadb-bin.000001"));
  const auto gtids = bodies<mariadb_gtid_event>(file.events);
  REQUIRE(gtids.size() == 2);
  CHECK(to_string(gtids[0]->gtid) == "0-1-1");
  CHECK(to_string(gtids[1]->gtid) == "0-1-2");
  CHECK_FALSE(gtids[0]->standalone());
  CHECK(gtids[0]->commit_id == 0);
  const auto lists = bodies<gtid_list_event>(file.events);
  REQUIRE(lists.size() == 1);
  CHECK(lists[0]->gtids.empty());
}

TEST_CASE("MariaDB 10.11: DDL GTIDs are standalone, XA GTIDs decode, the list carries state") {
  const auto file = decode_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  const auto gtids = bodies<mariadb_gtid_event>(file.events);
  REQUIRE(gtids.size() == 14);
  for (std::size_t i = 0; i < gtids.size(); ++i) {
    CHECK(gtids[i]->gtid == mariadb_gtid{0, 1, i + 1});
  }
  CHECK(gtids[0]->standalone());   // CREATE DATABASE
  CHECK_FALSE(gtids[2]->standalone());  // INSERT ... COMMIT
  CHECK((gtids[12]->flags & 0x40) != 0);  // XA PREPARE group
  CHECK(gtids[13]->standalone());  // XA COMMIT

  const auto next = decode_file(project_data_path("protocol/mariadb1011_compressed_nocrc.binlog"));
  const auto lists = bodies<gtid_list_event>(next.events);
  REQUIRE(lists.size() == 1);
  REQUIRE(lists[0]->gtids.size() == 1);
  CHECK(to_string(lists[0]->gtids[0]) == "0-1-14");
}

TEST_CASE("GTID with a group commit id") {
  // seq 42, domain 3, flags FL_GROUP_COMMIT_ID|FL_TRANSACTIONAL, commit id 9
  const auto body = bytes_of({42, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0x06, 9, 0, 0, 0, 0, 0, 0, 0});
  event_header header{};
  header.server_id = 77;
  auto ev = detail::decode_mariadb_gtid(body, header, {});
  REQUIRE(ev.has_value());
  CHECK(to_string(ev->gtid) == "3-77-42");
  CHECK(ev->commit_id == 9);
  CHECK(detail::decode_mariadb_gtid(std::span(body).first(15), header, {}).error() == decode_error::truncated);
}

TEST_CASE("GTID_LIST: a count larger than the body is rejected before allocating") {
  const auto body = bytes_of({0xff, 0xff, 0xff, 0x0f, 1, 2, 3});
  CHECK(detail::decode_gtid_list(body, {}).error() == decode_error::bad_length);
  // The top four bits are flags, not part of the count.
  const auto flagged = bytes_of({1, 0, 0, 0x10, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0});
  auto list = detail::decode_gtid_list(flagged, {});
  REQUIRE(list.has_value());
  REQUIRE(list->gtids.size() == 1);
  CHECK(to_string(list->gtids[0]) == "1-2-3");
}

}  // namespace sluice::protocol::test
