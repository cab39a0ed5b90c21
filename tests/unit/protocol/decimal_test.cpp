#include <doctest/doctest.h>

#include "protocol/value_decoders.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {
namespace {

tl::expected<cell, decode_error> decimal(unsigned precision, unsigned scale, std::initializer_list<int> bytes) {
  const auto data = bytes_of(bytes);
  byte_reader r(data);
  return detail::decode_newdecimal(r, static_cast<std::uint16_t>(precision << 8 | scale));
}

std::string text(const tl::expected<cell, decode_error>& value) {
  REQUIRE(value.has_value());
  REQUIRE(std::holds_alternative<decimal_cell>(*value));
  return std::get<decimal_cell>(*value).text;
}

}  // namespace

TEST_CASE("NEWDECIMAL: the example from MySQL's decimal.c") {
  // DECIMAL(14,4) 1234567890.1234: a 1-digit lead group, one 9-digit group, a 4-digit fraction.
  CHECK(text(decimal(14, 4, {0x81, 0x0d, 0xfb, 0x38, 0xd2, 0x04, 0xd2})) == "1234567890.1234");
  // The same value negated: every byte inverted.
  CHECK(text(decimal(14, 4, {0x7e, 0xf2, 0x04, 0xc7, 0x2d, 0xfb, 0x2d})) == "-1234567890.1234");
}

TEST_CASE("NEWDECIMAL keeps every scale digit and strips leading zeros") {
  CHECK(text(decimal(10, 2, {0x80, 0x00, 0x00, 0x00, 0x05})) == "0.05");
  CHECK(text(decimal(10, 2, {0x80, 0x00, 0x00, 0x00, 0x00})) == "0.00");
  CHECK(text(decimal(5, 0, {0x81, 0x86, 0x9f})) == "99999");
  CHECK(text(decimal(5, 0, {0x7e, 0x79, 0x60})) == "-99999");
  CHECK(text(decimal(4, 4, {0x80, 0x01})) == "0.0001");
  // A negative zero is printed without its sign.
  CHECK(text(decimal(4, 2, {0x7f, 0xff})) == "0.00");
}

TEST_CASE("NEWDECIMAL rejects impossible metadata and digit groups") {
  CHECK(decimal(0, 0, {0x80}).error() == decode_error::bad_value);
  CHECK(decimal(66, 0, {0x80}).error() == decode_error::bad_value);
  CHECK(decimal(10, 11, {0x80}).error() == decode_error::bad_value);
  // A one-byte 2-digit group holding 100.
  CHECK(decimal(2, 0, {0x80 | 100}).error() == decode_error::bad_value);
  CHECK(decimal(14, 4, {0x81, 0x0d, 0xfb}).error() == decode_error::truncated);
}

}  // namespace sluice::protocol::test
