#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "protocol/value_decoders.hpp"

namespace sluice::protocol::test {
namespace {

std::string padded(std::uint64_t value, std::size_t width) {
  std::string out = "<";
  detail::append_padded(out, value, width);
  return out;
}

}  // namespace

TEST_CASE("append_padded: zero-padded to at least the width, never truncated") {
  CHECK(padded(0, 0) == "<0");
  CHECK(padded(0, 1) == "<0");
  CHECK(padded(7, 2) == "<07");
  CHECK(padded(42, 2) == "<42");
  CHECK(padded(100, 2) == "<100");  // wider than the width: all digits
  CHECK(padded(2024, 4) == "<2024");
  CHECK(padded(999, 4) == "<0999");
  CHECK(padded(12345, 4) == "<12345");
  CHECK(padded(5, 6) == "<000005");
  CHECK(padded(123456789, 9) == "<123456789");
  CHECK(padded(1, 9) == "<000000001");
  CHECK(padded(18446744073709551615ULL, 1) == "<18446744073709551615");
  CHECK(padded(18446744073709551615ULL, 20) == "<18446744073709551615");
  CHECK(padded(10000000000000000000ULL, 2) == "<10000000000000000000");
  CHECK(padded(3, 23) == "<00000000000000000000003");
  for (std::uint64_t v = 0; v < 100000; v += 7) CHECK(padded(v, 3) == "<" + std::string(v < 10 ? 2 : v < 100 ? 1 : 0, '0') + std::to_string(v));
}

TEST_CASE("put_padded writes exactly max(digits, width) chars") {
  char buf[32];
  char* end = detail::put_padded(buf, 9, 2);
  CHECK(std::string(buf, end) == "09");
  end = detail::put_padded(buf, 99999, 3);
  CHECK(std::string(buf, end) == "99999");
  end = detail::put_padded(buf, 0, 0);
  CHECK(std::string(buf, end) == "0");
}

}  // namespace sluice::protocol::test
