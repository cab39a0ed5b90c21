#include <doctest/doctest.h>

#include "protocol/byte_reader.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {

TEST_CASE("byte_reader reads little- and big-endian integers") {
  const auto bytes = bytes_of({0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xff});
  byte_reader r(bytes);
  CHECK(r.uint_le(2) == 0x0201);
  CHECK(r.uint_be(3) == 0x030405);
  CHECK(r.uint_le(3) == 0x080706);
  CHECK(r.u8() == 0xff);
  CHECK(r.empty());
  CHECK(r.ok());
}

TEST_CASE("byte_reader reads 8-byte values") {
  const auto bytes = bytes_of({0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01});
  byte_reader le(bytes);
  CHECK(le.u64() == 0x0123456789abcdefULL);
  byte_reader be(bytes);
  CHECK(be.uint_be(8) == 0xefcdab8967452301ULL);
}

TEST_CASE("byte_reader: the first underrun sticks and later reads return zero") {
  const auto bytes = bytes_of({0x01, 0x02, 0x03});
  byte_reader r(bytes);
  CHECK(r.u16() == 0x0201);
  CHECK(r.u32() == 0);
  CHECK_FALSE(r.ok());
  CHECK(r.u8() == 0);  // the one byte left is not handed out after a failure
  CHECK(r.take(1).empty());
  CHECK_FALSE(r.ok());
}

TEST_CASE("byte_reader rejects widths outside 1..8") {
  const auto bytes = bytes_of({1, 2, 3, 4, 5, 6, 7, 8, 9});
  byte_reader zero(bytes);
  CHECK(zero.uint_le(0) == 0);
  CHECK_FALSE(zero.ok());
  byte_reader nine(bytes);
  CHECK(nine.uint_be(9) == 0);
  CHECK_FALSE(nine.ok());
}

TEST_CASE("byte_reader reads length-encoded integers") {
  const auto bytes = bytes_of({0xfa, 0xfc, 0x34, 0x12, 0xfd, 0x01, 0x02, 0x03, 0xfe, 1, 0, 0, 0, 0, 0, 0, 0x80});
  byte_reader r(bytes);
  CHECK(r.lenenc() == 250);
  CHECK(r.lenenc() == 0x1234);
  CHECK(r.lenenc() == 0x030201);
  CHECK(r.lenenc() == 0x8000000000000001ULL);
  CHECK(r.ok());
  for (const int marker : {0xfb, 0xff}) {
    const auto bad = bytes_of({marker, 0, 0});
    byte_reader b(bad);
    b.lenenc();
    CHECK_FALSE(b.ok());
  }
}

TEST_CASE("byte_reader take/take_string/rest are binary safe") {
  const auto bytes = bytes_of({'a', 0, 'b', 0xff, 'c'});
  byte_reader r(bytes);
  CHECK(r.take_string(4) == std::string("a\0b\xff", 4));
  CHECK(r.remaining() == 1);
  CHECK(r.rest().size() == 1);
  CHECK(r.empty());
  CHECK(r.ok());
  CHECK(r.take(0).empty());
  CHECK(r.ok());
  CHECK(r.take_string(1).empty());
  CHECK_FALSE(r.ok());
}

}  // namespace sluice::protocol::test
