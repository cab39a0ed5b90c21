#include <doctest/doctest.h>

#include "config/value_checks.hpp"

using namespace sluice::config::detail;

TEST_CASE("binlog file names are <base>.<positive sequence>") {
  CHECK(is_binlog_file_name("mysql-bin.000001"));
  CHECK(is_binlog_file_name("mariadb-bin.999999"));
  CHECK(is_binlog_file_name("binlog.1"));
  CHECK_FALSE(is_binlog_file_name("mysql-bin"));
  CHECK_FALSE(is_binlog_file_name("mysql-bin."));
  CHECK_FALSE(is_binlog_file_name(".000001"));
  CHECK_FALSE(is_binlog_file_name("mysql-bin.000000"));
  CHECK_FALSE(is_binlog_file_name("mysql-bin.00000a"));
  CHECK_FALSE(is_binlog_file_name("my.bin.000001"));
  CHECK_FALSE(is_binlog_file_name("../etc/passwd.1"));
  CHECK_FALSE(is_binlog_file_name(""));
}

TEST_CASE("GTID sets: MySQL and MariaDB forms") {
  CHECK(is_gtid_set(""));
  CHECK(is_gtid_set("09bec856-ba95-11ea-850a-58f2b4af5188:1-9"));
  CHECK(is_gtid_set("09bec856-ba95-11ea-850a-58f2b4af5188:1-9:11:15-20"));
  CHECK(is_gtid_set("09bec856-ba95-11ea-850a-58f2b4af5188:1-9,\n3E11FA47-71CA-11E1-9E33-C80AA9429562:1"));
  CHECK(is_gtid_set("09bec856ba9511ea850a58f2b4af5188:5"));
  CHECK(is_gtid_set("09bec856-ba95-11ea-850a-58f2b4af5188:tag_1:1-3"));
  CHECK(is_gtid_set("0-1-100"));
  CHECK(is_gtid_set("0-1-100,1-2-3"));
  CHECK_FALSE(is_gtid_set("garbage"));
  CHECK_FALSE(is_gtid_set("1-2"));
  CHECK_FALSE(is_gtid_set("0-1-100-4"));
  CHECK_FALSE(is_gtid_set("09bec856-ba95-11ea-850a-58f2b4af5188"));
  CHECK_FALSE(is_gtid_set("09bec856-ba95-11ea-850a-58f2b4af5188:"));
  CHECK_FALSE(is_gtid_set("09bec856-ba95-11ea-850a-58f2b4af518:1"));
  CHECK_FALSE(is_gtid_set("09bec856-ba95-11ea-850a-58f2b4af5188:1-x"));
  CHECK_FALSE(is_gtid_set("0-1-100,"));
}

TEST_CASE("time zones as DM's ParseTimeZone accepts them") {
  for (const char* ok : {"SYSTEM", "Local", "UTC", "Asia/Shanghai", "America/Argentina/Buenos_Aires", "Etc/GMT+8",
                         "CET", "+08:00", "-6:00", "+14:00", "-12:59"}) {
    CAPTURE(ok);
    CHECK(is_time_zone(ok));
  }
  for (const char* bad : {"", "+8", "+08:0", "+14:01", "-13:00", "+08:60", "Mars/Olympus Mons", "../etc", "/abs",
                          "Asia/"}) {
    CAPTURE(bad);
    CHECK_FALSE(is_time_zone(bad));
  }
}
