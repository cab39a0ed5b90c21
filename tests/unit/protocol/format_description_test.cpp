#include <doctest/doctest.h>

#include "protocol/event_decoders.hpp"
#include "protocol/frame.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {

TEST_CASE("which servers write the checksum-algorithm byte") {
  using detail::server_writes_checksum;
  CHECK(server_writes_checksum("10.11.19-MariaDB-0+deb12u1-log"));
  CHECK(server_writes_checksum("5.3.12-MariaDB"));
  CHECK(server_writes_checksum("5.6.35-log"));
  CHECK(server_writes_checksum("8.0.28"));
  CHECK_FALSE(server_writes_checksum("5.6.0"));
  CHECK_FALSE(server_writes_checksum("5.5.62-log"));
  CHECK_FALSE(server_writes_checksum("5.1.37-ndb-7.0.8-debug-log"));
  CHECK_FALSE(server_writes_checksum(""));
}

TEST_CASE("FDE of MariaDB 10.11 with CRC32") {
  const auto file = decode_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  const auto& fde = std::get<format_description_event>(file.events.front().body);
  CHECK(fde.binlog_version == 4);
  CHECK(fde.server_version == "10.11.19-MariaDB-0+deb12u1-log");
  CHECK(fde.is_mariadb());
  CHECK(fde.common_header_length == 19);
  CHECK(fde.checksum == checksum_alg::crc32);
  CHECK(fde.post_header_lengths.size() == 171);  // every type up to DELETE_ROWS_COMPRESSED (171)
  CHECK(fde.post_header_length(2, 0) == 13);     // QUERY
  CHECK(fde.post_header_length(19, 0) == 8);     // TABLE_MAP
  CHECK(fde.post_header_length(162, 0) == 19);   // GTID
  CHECK(fde.post_header_length(200, 77) == 77);
  CHECK(fde.create_timestamp == file.events.front().header.timestamp);
}

TEST_CASE("FDE without checksums: MariaDB binlog_checksum=NONE and MySQL 5.1") {
  const auto none = decode_file(project_data_path("protocol/mariadb1011_compressed_nocrc.binlog"));
  CHECK(std::get<format_description_event>(none.events.front().body).checksum == checksum_alg::off);
  const auto old = decode_file(vector_path("13_mysqltest_ndb_partial_rows/write-full-row.binlog"));
  const auto& fde = std::get<format_description_event>(old.events.front().body);
  CHECK(fde.server_version.rfind("5.1.37", 0) == 0);
  CHECK_FALSE(fde.is_mariadb());
  CHECK(fde.checksum == checksum_alg::off);
}

TEST_CASE("FDE checksum ignores the binlog-in-use flag, as the server does") {
  // MySQL 5.6 wrote this FDE with LOG_EVENT_BINLOG_IN_USE_F set and its CRC computed without it.
  const auto bytes = read_file(vector_path("12_zalora_mysqlbinlog_vv_oracle/mysql-bin.01"));
  const auto frame = std::span<const std::byte>(bytes).subspan(4, 116);
  REQUIRE(std::to_integer<int>(frame[4]) == 15);
  CHECK((std::to_integer<int>(frame[17]) & 1) == 1);
  binlog_decoder decoder;
  REQUIRE(decoder.decode(frame).has_value());
  CHECK(decoder.format()->checksum == checksum_alg::crc32);

  std::vector<std::byte> changed(frame.begin(), frame.end());
  changed[17] &= std::byte{0xfe};  // clearing the flag must not matter either
  CHECK(binlog_decoder{}.decode(changed).has_value());
  changed[30] ^= std::byte{0x01};  // but any other change does
  CHECK(binlog_decoder{}.decode(changed).error() == decode_error::bad_checksum);
}

TEST_CASE("FDE rejects other binlog versions and short bodies") {
  const auto bytes = read_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  const auto frame = std::span<const std::byte>(bytes).subspan(4, 252);
  auto body = std::vector<std::byte>(frame.begin() + event_header_size, frame.end());
  CHECK(detail::decode_format_description(body).has_value());
  auto v3 = body;
  v3[0] = std::byte{3};
  CHECK(detail::decode_format_description(v3).error() == decode_error::bad_value);
  CHECK(detail::decode_format_description(std::span(body).first(56)).error() == decode_error::truncated);
  auto bad_alg = body;
  bad_alg[body.size() - 5] = std::byte{7};
  CHECK(detail::decode_format_description(bad_alg).error() == decode_error::bad_value);
}

}  // namespace sluice::protocol::test
