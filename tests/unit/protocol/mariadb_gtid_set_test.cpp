#include <doctest/doctest.h>

#include "protocol/mariadb_gtid_set.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {

namespace {

mariadb_gtid_set list_of(std::string_view text) {
  auto set = mariadb_gtid_set::parse(text);
  REQUIRE_MESSAGE(set.has_value(), set.error());
  return *set;
}

std::string parse_error(std::string_view text) {
  auto set = mariadb_gtid_set::parse(text);
  REQUIRE_MESSAGE(!set.has_value(), text << " parsed as " << set->to_string());
  return set.error();
}

}  // namespace

TEST_CASE("MariaDB GTID list text: one entry per domain, sorted by domain") {
  CHECK(list_of("").empty());
  CHECK(list_of("  ").to_string() == "");
  CHECK(list_of("0-1-100,1-2-5").to_string() == "0-1-100,1-2-5");
  CHECK(list_of("7-3-9, 1-2-5 ,\n0-1-100").to_string() == "0-1-100,1-2-5,7-3-9");
  CHECK(list_of("4294967295-4294967295-18446744073709551615").to_string() ==
        "4294967295-4294967295-18446744073709551615");
  const auto set = list_of("1-2-5,0-1-100");
  REQUIRE(set.domains().size() == 2);
  CHECK(set.domains().at(1) == mariadb_gtid{1, 2, 5});
  CHECK(set == list_of("0-1-100,1-2-5"));
  CHECK_FALSE(set == list_of("0-1-100,1-2-6"));
}

TEST_CASE("update advances a domain; contains compares seq_no within the domain") {
  auto set = list_of("0-1-100");
  set.update({0, 1, 101});
  set.update({2, 5, 7});
  CHECK(set.to_string() == "0-1-101,2-5-7");
  set.update({0, 3, 50});  // a failover: the stream's latest GTID wins even with a lower seq_no
  CHECK(set.to_string() == "0-3-50,2-5-7");

  CHECK(set.contains({0, 3, 50}));
  CHECK(set.contains({0, 9, 49}));   // any server: seq_no is domain-wide
  CHECK_FALSE(set.contains({0, 3, 51}));
  CHECK(set.contains({2, 5, 1}));
  CHECK_FALSE(set.contains({1, 1, 1}));  // a domain the set has never seen
  CHECK_FALSE(mariadb_gtid_set{}.contains({0, 1, 0}));
}

TEST_CASE("from a GTID_LIST event: the last entry of a domain wins") {
  gtid_list_event list{{{0, 1, 10}, {1, 1, 3}, {0, 2, 12}}};
  CHECK(mariadb_gtid_set::from(list).to_string() == "0-2-12,1-1-3");
  CHECK(mariadb_gtid_set::from(gtid_list_event{}).empty());
}

TEST_CASE("parse errors name the offending text and its offset") {
  CHECK(parse_error("0-1") == "MariaDB GTID list: expected domain-server-seq at offset 0 (\"0-1\")");
  CHECK(parse_error("0-1-2,x") == "MariaDB GTID list: expected domain-server-seq at offset 6 (\"x\")");
  CHECK(parse_error("0-1-2,") == "MariaDB GTID list: expected a GTID after ',' at offset 6 (the end)");
  CHECK(parse_error("0-1-2 3-4-5") == "MariaDB GTID list: expected ',' at offset 6 (\"3-4-5\")");
  CHECK(parse_error("0-1-5,0-2-6") ==
        "MariaDB GTID list: a second GTID for domain 0 at offset 6 (\"0-2-6\")");
  CHECK(parse_error("4294967296-1-1").find("offset 0") != std::string::npos);
  CHECK(parse_error("0-1-18446744073709551616").find("offset 0") != std::string::npos);
  CHECK(parse_error("-1-1-1").find("offset 0") != std::string::npos);
  CHECK(parse_error(",").find("offset 0") != std::string::npos);
}

TEST_CASE("vector 12 (MariaDB 10.0): GTID_LIST then GTIDs advance domain 0") {
  const auto file = decode_file(vector_path("12_zalora_mysqlbinlog_vv_oracle/mysql-bin.07"));
  const auto lists = bodies<gtid_list_event>(file.events);
  REQUIRE(lists.size() == 1);
  auto position = mariadb_gtid_set::from(*lists[0]);
  CHECK(position.to_string() == "0-3704-2814");  // mysqlbinlog: "Gtid list [0-3704-2814]"
  const auto gtids = bodies<mariadb_gtid_event>(file.events);
  REQUIRE(!gtids.empty());
  CHECK_FALSE(position.contains(gtids[0]->gtid));
  for (const auto* gtid : gtids) position.update(gtid->gtid);
  CHECK(position.to_string() == to_string(gtids.back()->gtid));
  CHECK(position.contains({0, 3704, 2815}));
  CHECK(list_of(position.to_string()) == position);
}

TEST_CASE("our MariaDB 10.11 binlog: empty GTID_LIST, then 0-1-1 .. 0-1-14") {
  const auto file = decode_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  const auto lists = bodies<gtid_list_event>(file.events);
  REQUIRE(lists.size() == 1);
  auto position = mariadb_gtid_set::from(*lists[0]);
  CHECK(position.empty());
  for (const auto* gtid : bodies<mariadb_gtid_event>(file.events)) position.update(gtid->gtid);
  CHECK(position.to_string() == "0-1-14");
}

}  // namespace sluice::protocol::test
