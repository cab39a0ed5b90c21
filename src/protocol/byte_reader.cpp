#include "protocol/byte_reader.hpp"

namespace sluice::protocol {

// The slow paths: fewer than 8 bytes left, a bad width, or an earlier failure.
std::uint64_t byte_reader::uint_le_slow(std::size_t width) noexcept {
  if (width == 0 || width > 8) {
    failed_ = true;
    return 0;
  }
  std::uint64_t value = 0;
  const auto bytes = take(width);
  for (std::size_t i = bytes.size(); i > 0; --i)
    value = (value << 8) | std::to_integer<std::uint64_t>(bytes[i - 1]);
  return value;
}

std::uint64_t byte_reader::uint_be_slow(std::size_t width) noexcept {
  if (width == 0 || width > 8) {
    failed_ = true;
    return 0;
  }
  std::uint64_t value = 0;
  for (const std::byte b : take(width)) value = (value << 8) | std::to_integer<std::uint64_t>(b);
  return value;
}

std::span<const std::byte> byte_reader::take_failed() noexcept {
  failed_ = true;
  in_ = {};
  return {};
}

std::uint64_t byte_reader::lenenc() noexcept {
  const std::uint8_t first = u8();
  if (first < 0xfb) return first;
  switch (first) {
    case 0xfc: return uint_le(2);
    case 0xfd: return uint_le(3);
    case 0xfe: return uint_le(8);
    default: failed_ = true; return 0;  // 0xfb (NULL) or 0xff (error marker)
  }
}

std::string byte_reader::take_string(std::size_t n) { return to_std_string(take(n)); }

std::span<const std::byte> byte_reader::rest() noexcept {
  if (failed_) return {};
  const auto all = in_;
  in_ = {};
  return all;
}

std::string to_std_string(std::span<const std::byte> bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace sluice::protocol
