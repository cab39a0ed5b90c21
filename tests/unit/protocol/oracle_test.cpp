// Decoded rows against the server vendors' own binlog printers (mysqlbinlog / mariadb-binlog
// -v / -vv): every printed value must match what we decode.
#include <doctest/doctest.h>

#include "oracle.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {
namespace {

std::size_t check_file(const std::string& binlog, const std::string& printed) {
  INFO(binlog);
  const auto file = decode_file(binlog);
  return check_against_oracle(file.events, parse_oracle(read_text(printed)));
}

// The section of binlog_row_mysqlbinlog_verbose.result printed for one file.
std::string result_section(const std::string& all, const std::string& file) {
  const std::string marker = "Verbose statements from : ";
  const auto begin = all.find(marker + file);
  REQUIRE(begin != std::string::npos);
  const auto end = all.find(marker, begin + marker.size());
  return all.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

}  // namespace

TEST_CASE("vector 12: MySQL 5.6 and MariaDB 10.0 rows match mysqlbinlog -vv") {
  for (const char* n : {"01", "06", "07"}) {
    const std::string dir = "12_zalora_mysqlbinlog_vv_oracle/";
    const auto rows = check_file(vector_path(dir + "mysql-bin." + n), vector_path(dir + "plaintext-mysql-bin." + n));
    CHECK(rows > 0);
  }
}

TEST_CASE("vector 13: partial row images match mysqlbinlog --verbose") {
  const std::string dir = "13_mysqltest_ndb_partial_rows/";
  const std::string all = read_text(vector_path(dir + "binlog_row_mysqlbinlog_verbose.result"));
  for (const char* name : {"write-partial-row.binlog", "write-full-row.binlog", "update-partial-row.binlog",
                           "update-full-row.binlog"}) {
    INFO(name);
    const auto file = decode_file(vector_path(dir + name));
    const auto oracle = parse_oracle(result_section(all, name));
    CHECK(check_against_oracle(file.events, oracle) == oracle.size());
  }
}

TEST_CASE("MariaDB 10.11 all-types binlog matches mariadb-binlog -vv") {
  const auto rows = check_file(project_data_path("protocol/mariadb1011_all_types.binlog"),
                               project_data_path("protocol/mariadb1011_all_types.vv.txt"));
  CHECK(rows == 15);
}

TEST_CASE("MariaDB 10.11 compressed events without checksums match mariadb-binlog -vv") {
  const auto rows = check_file(project_data_path("protocol/mariadb1011_compressed_nocrc.binlog"),
                               project_data_path("protocol/mariadb1011_compressed_nocrc.vv.txt"));
  CHECK(rows == 5);
}

}  // namespace sluice::protocol::test

namespace sluice::protocol::test {

TEST_CASE("the oracle comparison notices wrong values") {
  column_def int_col{3, 0, true, false, std::nullopt, 0, {}, {}};
  CHECK(cell_matches(cell{std::int64_t{-1}}, int_col, "-1 (4294967295)"));
  CHECK_FALSE(cell_matches(cell{std::int64_t{1}}, int_col, "-1 (4294967295)"));
  CHECK(cell_matches(cell{std::uint64_t{4294967295U}}, int_col, "-1 (4294967295)"));
  CHECK_FALSE(cell_matches(cell{std::uint64_t{4294967294U}}, int_col, "-1 (4294967295)"));
  CHECK_FALSE(cell_matches(cell{null_cell{}}, int_col, "0"));
  CHECK_FALSE(cell_matches(cell{std::int64_t{0}}, int_col, "NULL"));
  column_def str_col{15, 100, true, false, std::nullopt, 0, {}, {}};
  CHECK(cell_matches(cell{std::string("a\x01'b", 4)}, str_col, R"('a\x01'b')"));
  CHECK_FALSE(cell_matches(cell{std::string("ab")}, str_col, "'abc'"));
  column_def date_col{10, 0, true, false, std::nullopt, 0, {}, {}};
  CHECK(cell_matches(cell{temporal_cell{"2024-01-31"}}, date_col, "'2024:01:31'"));
  CHECK_FALSE(cell_matches(cell{temporal_cell{"2024-01-30"}}, date_col, "'2024:01:31'"));
  column_def set_col{254, 0xf801, true, false, std::nullopt, 0, {}, {}};
  CHECK(cell_matches(cell{set_cell{5}}, set_col, "b'00000101'"));
  CHECK_FALSE(cell_matches(cell{set_cell{4}}, set_col, "b'00000101'"));
  CHECK_FALSE(cell_matches(cell{decimal_cell{"1.50"}}, int_col, "1.5"));
}

}  // namespace sluice::protocol::test
