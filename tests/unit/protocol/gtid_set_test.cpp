#include <doctest/doctest.h>

#include "protocol/gtid_set.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {

namespace {

const std::string a = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
const std::string b = "93e95066-a2f4-11ec-9b69-9657f0ae95e2";

gtid_set set_of(std::string_view text) {
  auto set = gtid_set::parse(text);
  REQUIRE_MESSAGE(set.has_value(), set.error());
  return *set;
}

std::string canonical(std::string_view text) { return set_of(text).to_string(); }

std::string parse_error(std::string_view text) {
  auto set = gtid_set::parse(text);
  REQUIRE_MESSAGE(!set.has_value(), text << " parsed as " << set->to_string());
  return set.error();
}

}  // namespace

TEST_CASE("MySQL GTID set text: case, whitespace, order and merging as MySQL prints them") {
  CHECK(canonical("") == "");
  CHECK(set_of("").empty());
  CHECK(canonical("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:7") == a + ":1-5:7");
  CHECK(canonical("3e11fa4771ca11e19e33c80aa9429562:3") == a + ":3");  // undashed UUID
  // SHOW MASTER STATUS separates UUIDs with ",\n"; we print them sorted, joined by ",".
  CHECK(canonical(b + ":1-3,\n" + a + ":9") == a + ":9," + b + ":1-3");
  CHECK(canonical(" " + a + " : 1 - 3 , " + b + ":2 ") == a + ":1-3," + b + ":2");
  CHECK(canonical(a + ":7:1-3:5") == a + ":1-3:5:7");                  // intervals sorted
  CHECK(canonical(a + ":1-3," + a + ":4-6") == a + ":1-6");            // one UUID twice, adjacent
  CHECK(canonical(a + ":1-10:3-4:9-12") == a + ":1-12");               // overlapping
  CHECK(canonical(a + ":1-3,,") == a + ":1-3");                        // empty entries
  CHECK(set_of(a + ":1-3").to_string(",\n") == a + ":1-3");
  CHECK(set_of(a + ":1," + b + ":2").to_string(",\n") == a + ":1,\n" + b + ":2");
}

TEST_CASE("MySQL 8.4 tagged GTIDs: tags apply to the intervals after them, untagged first") {
  CHECK(canonical(a + ":TAG1:1-3") == a + ":tag1:1-3");
  CHECK(canonical(a + ":zz:4:1-5:aa:1") == a + ":aa:1:zz:1-5");  // 1-5 follows zz: it is zz's
  CHECK(canonical(a + ":zz:4," + a + ":1-5:aa:1") == a + ":1-5:aa:1:zz:4");
  CHECK(canonical(a + ":t:1-2," + a + ":t:3," + b + ":1") == a + ":t:1-3," + b + ":1");
  auto set = set_of(a + ":1-5:tag_1:1-3");
  CHECK(set.contains(a, 4));
  CHECK(set.contains(a, "tag_1", 3));
  CHECK(set.contains(a, "TAG_1", 2));
  CHECK_FALSE(set.contains(a, "tag_1", 4));
  CHECK_FALSE(set.contains(a, "other", 1));
  CHECK_FALSE(set.contains(a, "bad tag", 1));
  CHECK(set.add(a, "tag_1", 4));
  CHECK(set.to_string() == a + ":1-5:tag_1:1-4");
  CHECK_FALSE(set.add(a, "1starts_with_digit", 1));
  CHECK_FALSE(set.add(a, std::string(33, 'x'), 1));
  CHECK(set.add(a, std::string(32, 'x'), 1));
}

TEST_CASE("add: adjacency merges, gaps stay, a GTID event adds its transaction") {
  gtid_set set;
  CHECK(set.add(a, 1));
  CHECK(set.add(a, 2));
  CHECK(set.add(a, 3));
  CHECK(set.to_string() == a + ":1-3");
  CHECK(set.add(a, 4));  // 1-3 + 4 = 1-4
  CHECK(set.to_string() == a + ":1-4");
  CHECK(set.add(a, 6));
  CHECK(set.to_string() == a + ":1-4:6");
  CHECK(set.add(a, 5));  // fills the gap: one interval
  CHECK(set.to_string() == a + ":1-6");
  CHECK(set.add(a, 1));  // already there
  CHECK(set.to_string() == a + ":1-6");
  CHECK(set.add("3E11FA47-71CA-11E1-9E33-C80AA9429562", 10));
  CHECK(set.sources().size() == 1);
  CHECK(set.sources().begin()->second == std::vector<gno_interval>{{1, 6}, {10, 10}});

  CHECK_FALSE(set.add("not-a-uuid", 1));
  CHECK_FALSE(set.add(a, 0));
  CHECK_FALSE(set.add(a, -5));
  CHECK_FALSE(set.add(a, INT64_MAX));
  CHECK(set.add(a, gtid_set::max_gno));

  mysql_gtid_event gtid{false, 0, b, 7, 0, 0, ""};
  CHECK(set.add(gtid));
  CHECK(set.contains(b, 7));
  mysql_gtid_event tagged{false, 0, b, 2, 0, 0, "blue"};
  CHECK(set.add(tagged));
  CHECK(set.contains(b, "blue", 2));
  mysql_gtid_event anonymous{true, 0, "00000000-0000-0000-0000-000000000000", 0, 0, 0, ""};
  CHECK_FALSE(set.add(anonymous));
}

TEST_CASE("add(set) is the union; contains(set) is inclusion") {
  auto set = set_of(a + ":1-3:10," + b + ":5");
  set.add(set_of(a + ":4-9:20," + b + ":t:1"));
  CHECK(set.to_string() == a + ":1-10:20," + b + ":5:t:1");
  CHECK(set.contains(set_of(a + ":2-7:20")));
  CHECK(set.contains(set_of("")));
  CHECK(set.contains(set));
  CHECK_FALSE(set.contains(set_of(a + ":9-11")));
  CHECK_FALSE(set.contains(set_of(a + ":19-20")));
  CHECK_FALSE(set.contains(set_of(b + ":t:2")));
  CHECK_FALSE(set.contains(set_of("00000000-0000-0000-0000-000000000001:1")));
  CHECK_FALSE(set_of("").contains(set));
  CHECK(set.contains(a, 10));
  CHECK_FALSE(set.contains(a, 11));
  CHECK_FALSE(set.contains(a, 0));
  CHECK_FALSE(set.contains("junk", 1));
}

TEST_CASE("subtract splits intervals and drops emptied sources") {
  auto set = set_of(a + ":1-10," + b + ":1-5");
  set.subtract(set_of(a + ":4-6"));
  CHECK(set.to_string() == a + ":1-3:7-10," + b + ":1-5");
  set.subtract(set_of(a + ":1:10"));
  CHECK(set.to_string() == a + ":2-3:7-9," + b + ":1-5");
  set.subtract(set_of(a + ":3-7"));  // one cut across two intervals
  CHECK(set.to_string() == a + ":2:8-9," + b + ":1-5");
  set.subtract(set_of(b + ":1-100"));
  CHECK(set.to_string() == a + ":2:8-9");
  set.subtract(set_of(b + ":1," + a + ":t:1"));  // nothing of those is there
  CHECK(set.to_string() == a + ":2:8-9");
  set.subtract(set_of(a + ":1-2:5-20"));
  CHECK(set.empty());
  CHECK(set == set_of(""));

  auto many = set_of(a + ":1-3:5-7:9-11:13-15");
  many.subtract(set_of(a + ":2:6-10:15"));
  CHECK(many.to_string() == a + ":1:3:5:11:13-14");
}

TEST_CASE("equality follows the transactions, not the text") {
  CHECK(set_of(a + ":1-3:4") == set_of("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-4"));
  CHECK_FALSE(set_of(a + ":1-3") == set_of(a + ":1-4"));
  CHECK_FALSE(set_of(a + ":1-3") == set_of(a + ":t:1-3"));
}

TEST_CASE("parse errors name the offending text and its offset") {
  CHECK(parse_error("xyz:1") == "GTID set: expected a UUID at offset 0 (\"xyz:1\")");
  CHECK(parse_error(a + ":1-3,3e11fa47:1") == "GTID set: expected a UUID at offset 41 (\"3e11fa47:1\")");
  CHECK(parse_error(a + ":0") == "GTID set: transaction number out of range at offset 37 (\"0\")");
  CHECK(parse_error(a + ":5-3") == "GTID set: interval ends before it starts at offset 37 (\"5-3\")");
  CHECK(parse_error(a + ":9223372036854775807").find("out of range at offset 37") != std::string::npos);
  CHECK(parse_error(a + ":99999999999999999999").find("out of range") != std::string::npos);
  CHECK(parse_error(a + ":1-") == "GTID set: expected a transaction number at offset 39 (the end)");
  CHECK(parse_error(a + ":") == "GTID set: expected a transaction number or a tag at offset 37 (the end)");
  CHECK(parse_error(a + ":1 x") == "GTID set: expected ',' or ':' at offset 39 (\"x\")");
  CHECK(parse_error(a + ":-1").find("offset 37") != std::string::npos);
  CHECK(parse_error(a + ":" + std::string(33, 't') + ":1").find("tag at offset 37") != std::string::npos);
  CHECK(parse_error(a + "1:1").find("expected a UUID at offset 0") != std::string::npos);
  CHECK(parse_error(a + ";1").find("offset 36") != std::string::npos);
}

TEST_CASE("normalize_uuid and normalize_gtid_tag") {
  CHECK(normalize_uuid("3E11FA47-71CA-11E1-9E33-C80AA9429562") == a);
  CHECK(normalize_uuid("3E11FA4771CA11E19E33C80AA9429562") == a);
  CHECK(normalize_uuid("3E11FA47-71CA-11E1-9E33-C80AA942956G").empty());
  CHECK(normalize_uuid("3E11FA47771CA-11E1-9E33-C80AA942956").empty());
  CHECK(normalize_uuid("").empty());
  CHECK(normalize_gtid_tag("_Ab9") == "_ab9");
  CHECK(normalize_gtid_tag("9a").empty());
  CHECK(normalize_gtid_tag("a-b").empty());
  CHECK(normalize_gtid_tag("").empty());
}

TEST_CASE("vector 15: PREVIOUS_GTIDS text round-trips through gtid_set") {
  const std::string uuid = "396e294c-1ca4-11f1-9ae7-00155da79c6b";
  const auto file = decode_file(vector_path("15_percona_mysql80_gtid/gtid_binlog.000002"));
  const auto previous = bodies<previous_gtids_event>(file.events);
  REQUIRE(previous.size() == 1);
  auto set = gtid_set::from(*previous[0]);
  REQUIRE(set.has_value());
  CHECK(set->to_string() == previous[0]->gtid_set);
  CHECK(set->to_string() == uuid + ":1-4");
  CHECK(set->contains(uuid, 4));
  CHECK_FALSE(set->contains(uuid, 5));
  // The file's own GTIDs extend it to everything the two files hold: :1-6.
  for (const auto* gtid : bodies<mysql_gtid_event>(file.events)) CHECK(set->add(*gtid));
  CHECK(set->to_string() == uuid + ":1-6");
}

}  // namespace sluice::protocol::test
