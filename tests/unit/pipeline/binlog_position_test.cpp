#include <doctest/doctest.h>

#include "pipeline/binlog_position.hpp"

using sluice::pipeline::binlog_position;

TEST_CASE("binlog positions order by file suffix, then offset") {
  CHECK(binlog_position{"mysql-bin.000001", 900} < binlog_position{"mysql-bin.000002", 4});
  CHECK(binlog_position{"mysql-bin.000009", 4} < binlog_position{"mysql-bin.000010", 4});
  CHECK(binlog_position{"mysql-bin.000002", 4} < binlog_position{"mysql-bin.000002", 5});
  CHECK_FALSE(binlog_position{"mysql-bin.000002", 5} < binlog_position{"mysql-bin.000002", 5});
  CHECK(binlog_position{"mysql-bin.000002", 5} <= binlog_position{"mysql-bin.000002", 5});
}

TEST_CASE("binlog positions print as DM prints them") {
  CHECK(binlog_position{"mysql-bin.000001", 2022}.to_string() == "(mysql-bin.000001, 2022)");
  CHECK(sluice::pipeline::binlog_file_index("mysql-bin.000042") == 42);
  CHECK(sluice::pipeline::binlog_file_index("nosuffix") == 0);
}
