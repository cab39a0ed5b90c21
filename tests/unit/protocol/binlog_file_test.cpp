#include <doctest/doctest.h>

#include "protocol/binlog_file.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {

TEST_CASE("split_binlog_file finds every event of a file") {
  const auto bytes = read_file(vector_path("10_osheroff_mysql57_crc32_types/mysql-bin.checksum-crc32"));
  const auto frames = split_binlog_file(bytes);
  REQUIRE(frames.has_value());
  CHECK(frames->size() == 303);
  std::size_t total = binlog_magic_size;
  for (const auto frame : *frames) total += frame.size();
  CHECK(total == bytes.size());
}

TEST_CASE("split_binlog_file: a file of only the magic has no events") {
  const auto bytes = bytes_of({0xfe, 'b', 'i', 'n'});
  const auto frames = split_binlog_file(bytes);
  REQUIRE(frames.has_value());
  CHECK(frames->empty());
}

TEST_CASE("split_binlog_file rejects a missing magic") {
  // Vector 14 is a bare event without the file magic.
  const auto bytes = read_file(vector_path("14_vitess_mysql80_tx_payload_event/mysql80_tx_payload_event_small.bin"));
  CHECK(split_binlog_file(bytes).error() == decode_error::bad_magic);
  CHECK(split_binlog_file(bytes_of({0xfe, 'b'})).error() == decode_error::truncated);
}

TEST_CASE("split_binlog_file: a file cut inside an event is truncated") {
  const auto bytes = read_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  for (const std::size_t cut : {std::size_t{5}, std::size_t{22}, std::size_t{200}, bytes.size() - 1}) {
    CHECK(split_binlog_file(std::span(bytes).first(cut)).error() == decode_error::truncated);
  }
}

TEST_CASE("split_binlog_file: an event_size below the header size is bad_length") {
  auto bytes = bytes_of({0xfe, 'b', 'i', 'n'});
  const auto event = bytes_of({0, 0, 0, 0, 2, 1, 0, 0, 0, 18, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  bytes.insert(bytes.end(), event.begin(), event.end());
  CHECK(split_binlog_file(bytes).error() == decode_error::bad_length);
}

}  // namespace sluice::protocol::test
