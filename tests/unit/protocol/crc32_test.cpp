#include <doctest/doctest.h>

#include <zlib.h>

#include <cstdint>
#include <random>
#include <vector>

#include "protocol/frame.hpp"

namespace sluice::protocol::test {
namespace {

std::uint32_t zlib_crc(std::span<const std::byte> bytes) {
  return static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

}  // namespace

TEST_CASE("crc32_of matches zlib at every length, alignment and content") {
  std::mt19937 random(20240131);
  std::vector<std::byte> buffer(4096 + 64);
  for (auto& b : buffer) b = static_cast<std::byte>(random());
  // Every length around the 16- and 64-byte fold boundaries, at several misalignments.
  for (std::size_t offset : {0, 1, 3, 8, 15}) {
    for (std::size_t length = 0; length <= 600; ++length) {
      const auto part = std::span<const std::byte>(buffer).subspan(offset, length);
      REQUIRE_MESSAGE(crc32_of(part) == zlib_crc(part), "offset " << offset << " length " << length);
    }
  }
  const auto whole = std::span<const std::byte>(buffer).first(4096);
  CHECK(crc32_of(whole) == zlib_crc(whole));
  const std::vector<std::byte> zeros(1000), ones(1000, std::byte{0xff});
  CHECK(crc32_of(zeros) == zlib_crc(zeros));
  CHECK(crc32_of(ones) == zlib_crc(ones));
}

TEST_CASE("crc32_update continues a CRC over pieces of any size") {
  const std::string text = "The quick brown fox jumps over the lazy dog";
  const auto bytes = std::as_bytes(std::span(text));
  CHECK(crc32_of(bytes) == 0x414fa339U);  // the well-known CRC-32 of this sentence
  std::mt19937 random(7);
  std::vector<std::byte> buffer(3000);
  for (auto& b : buffer) b = static_cast<std::byte>(random());
  const std::uint32_t expected = crc32_of(buffer);
  for (std::size_t cut : {0, 1, 17, 64, 65, 200, 1024, 2999, 3000}) {
    const std::uint32_t head = crc32_of(std::span(buffer).first(cut));
    CHECK(crc32_update(head, std::span(buffer).subspan(cut)) == expected);
  }
}

}  // namespace sluice::protocol::test
