#include <doctest/doctest.h>

#include "protocol/column_type.hpp"
#include "protocol/value_decoders.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {
namespace {

tl::expected<cell, decode_error> temporal(std::uint8_t type, std::uint16_t fsp, std::initializer_list<int> bytes) {
  const auto data = bytes_of(bytes);
  byte_reader r(data);
  auto value = detail::decode_temporal(r, type, fsp);
  if (value) CHECK(r.empty());
  return value;
}

std::string text(const tl::expected<cell, decode_error>& value) {
  REQUIRE(value.has_value());
  REQUIRE(std::holds_alternative<temporal_cell>(*value));
  return std::get<temporal_cell>(*value).text;
}

}  // namespace

TEST_CASE("DATETIME2 with and without fractions") {
  using namespace column_type;
  CHECK(text(temporal(datetime2, 0, {0x99, 0xb2, 0x7e, 0xa0, 0x00})) == "2024-01-31 10:00:00");
  CHECK(text(temporal(datetime2, 3, {0x99, 0xb2, 0x7e, 0xa0, 0x00, 0x04, 0xd2})) == "2024-01-31 10:00:00.123");
  CHECK(text(temporal(datetime2, 4, {0x99, 0xb2, 0x7e, 0xa0, 0x00, 0x04, 0xd2})) == "2024-01-31 10:00:00.1234");
  CHECK(text(temporal(datetime2, 6, {0xfe, 0xf3, 0xff, 0x7e, 0xfb, 0x0f, 0x42, 0x3f})) == "9999-12-31 23:59:59.999999");
  CHECK(text(temporal(datetime2, 0, {0x80, 0x00, 0x00, 0x00, 0x00})) == "0000-00-00 00:00:00");
  CHECK(temporal(datetime2, 0, {0x00, 0x00, 0x00, 0x00, 0x00}).error() == decode_error::bad_value);
  CHECK(temporal(datetime2, 7, {0x99, 0xb2, 0x7e, 0xa0, 0x00}).error() == decode_error::bad_value);
  CHECK(temporal(datetime2, 2, {0x99, 0xb2, 0x7e, 0xa0, 0x00}).error() == decode_error::truncated);
}

TEST_CASE("TIME2 negative values borrow from the integer part") {
  using namespace column_type;
  CHECK(text(temporal(time2, 1, {0x7f, 0xff, 0xfe, 0xce})) == "-00:00:01.5");
  CHECK(text(temporal(time2, 2, {0x7f, 0xff, 0xff, 0xff})) == "-00:00:00.01");
  CHECK(text(temporal(time2, 3, {0x7f, 0x37, 0x47, 0xe1, 0x2e})) == "-12:34:56.789");
  CHECK(text(temporal(time2, 4, {0x7f, 0xf0, 0x00, 0x00, 0x00})) == "-01:00:00.0000");
  CHECK(text(temporal(time2, 0, {0x4b, 0x91, 0x05})) == "-838:59:59");
  CHECK(text(temporal(time2, 6, {0x4b, 0x91, 0x05, 0xf0, 0xbd, 0xc1})) == "-838:59:58.999999");
  CHECK(text(temporal(time2, 6, {0x80, 0xc8, 0xb8, 0x01, 0xe2, 0x40})) == "12:34:56.123456");
  // A fraction above 999999 cannot come from a server.
  CHECK(temporal(time2, 6, {0x80, 0xc8, 0xb8, 0xff, 0xff, 0xff}).error() == decode_error::bad_value);
}

TEST_CASE("TIMESTAMP and TIMESTAMP2 become epoch seconds") {
  using namespace column_type;
  auto ts = temporal(timestamp2, 4, {0x65, 0xba, 0x1a, 0x20, 0x04, 0xd2});
  REQUIRE(ts.has_value());
  CHECK(std::get<timestamp_cell>(*ts) == timestamp_cell{1706695200, 123400, 4});
  ts = temporal(timestamp, 0, {0x20, 0x1a, 0xba, 0x65});
  REQUIRE(ts.has_value());
  CHECK(std::get<timestamp_cell>(*ts) == timestamp_cell{1706695200, 0, 0});
}

TEST_CASE("old DATE, DATETIME, TIME and YEAR") {
  using namespace column_type;
  CHECK(text(temporal(date, 0, {0x3f, 0xd0, 0x0f})) == "2024-01-31");
  CHECK(text(temporal(newdate, 0, {0x00, 0x00, 0x00})) == "0000-00-00");
  CHECK(text(temporal(datetime, 0, {0x60, 0x0d, 0xd3, 0x85, 0x68, 0x12, 0x00, 0x00})) == "2024-01-31 10:00:00");
  CHECK(text(temporal(time, 0, {0xc0, 0x1d, 0xfe})) == "-12:34:56");
  CHECK(text(temporal(year, 0, {124})) == "2024");
  CHECK(text(temporal(year, 0, {0})) == "0000");
}

}  // namespace sluice::protocol::test
