#include <doctest/doctest.h>
#include <zlib.h>

#include "protocol/byte_reader.hpp"
#include "protocol/mariadb_compression.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {
namespace {

// A compressed record as MariaDB writes it: header, big-endian length, zlib stream.
std::vector<std::byte> record(const std::string& text, int length_bytes) {
  uLongf size = compressBound(text.size());
  std::vector<Bytef> packed(size);
  REQUIRE(compress(packed.data(), &size, reinterpret_cast<const Bytef*>(text.data()), text.size()) == Z_OK);
  std::vector<std::byte> out{static_cast<std::byte>(0x80 | length_bytes)};
  for (int i = length_bytes - 1; i >= 0; --i) out.push_back(static_cast<std::byte>((text.size() >> (8 * i)) & 0xff));
  for (uLongf i = 0; i < size; ++i) out.push_back(static_cast<std::byte>(packed[i]));
  return out;
}

}  // namespace

TEST_CASE("MariaDB compressed records inflate") {
  const std::string text(1000, 'x');
  for (const int length_bytes : {2, 3, 4}) {
    auto out = detail::mariadb_uncompress(record(text, length_bytes));
    REQUIRE(out.has_value());
    CHECK(to_std_string(*out) == text);
  }
}

TEST_CASE("MariaDB compressed records: lies and damage are errors") {
  auto good = record(std::string(300, 'y'), 2);
  auto wrong_alg = good;
  wrong_alg[0] = std::byte{0x92};  // algorithm 1
  CHECK(detail::mariadb_uncompress(wrong_alg).error() == decode_error::bad_value);
  auto plain = good;
  plain[0] = std::byte{0x02};  // not flagged as compressed
  CHECK(detail::mariadb_uncompress(plain).error() == decode_error::bad_value);
  auto longer = good;
  longer[2] = std::byte{0x2d};  // claims 301 bytes
  CHECK_FALSE(detail::mariadb_uncompress(longer).has_value());
  auto huge = bytes_of({0x84, 0x7f, 0xff, 0xff, 0xff, 0x78, 0x9c});  // 2 GiB from 2 bytes
  CHECK(detail::mariadb_uncompress(huge).error() == decode_error::bad_length);
  auto damaged = good;
  damaged[damaged.size() / 2] ^= std::byte{0x55};
  CHECK_FALSE(detail::mariadb_uncompress(damaged).has_value());
  CHECK(detail::mariadb_uncompress({}).error() == decode_error::truncated);
}

TEST_CASE("MariaDB 10.11 log_bin_compress: QUERY_COMPRESSED and compressed row events") {
  const auto file = decode_file(project_data_path("protocol/mariadb1011_compressed_nocrc.binlog"));
  bool saw_query = false;
  std::size_t compressed_rows = 0;
  for (const auto& ev : file.events) {
    if (ev.header.type_code == 165) {
      saw_query = true;
      CHECK(std::get<query_event>(ev.body).query ==
            "CREATE TABLE old_temporal (id INT PRIMARY KEY, d DATETIME, t TIME, ts TIMESTAMP NULL, note VARCHAR(200))");
    }
    if (ev.header.type_code >= 166 && ev.header.type_code <= 168) ++compressed_rows;
  }
  CHECK(saw_query);
  CHECK(compressed_rows == 4);
  const auto rows = bodies<rows_event>(file.events);
  REQUIRE(rows.size() == 4);
  const auto& first = rows[0]->rows.at(0).after;
  CHECK(std::get<temporal_cell>(first[1]).text == "2024-01-31 10:00:00");  // old DATETIME
  CHECK(std::get<temporal_cell>(first[2]).text == "-12:34:56");           // old TIME
  CHECK(std::get<timestamp_cell>(first[3]) == timestamp_cell{1706695200, 0, 0});
  CHECK(std::get<std::string>(first[4]).size() == 120);
  CHECK(rows[2]->kind == rows_kind::update);
  CHECK(std::get<std::string>(rows[2]->rows.at(0).after[4]) == "short");
}

}  // namespace sluice::protocol::test
