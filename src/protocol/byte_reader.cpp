#include "protocol/byte_reader.hpp"

#include <bit>
#include <cstring>

namespace sluice::protocol {

std::uint64_t byte_reader::uint_le(std::size_t width) noexcept {
  if (width == 0 || width > 8) {
    failed_ = true;
    return 0;
  }
  const auto bytes = take(width);
  std::uint64_t value = 0;
  if constexpr (std::endian::native == std::endian::little) {
    if (!bytes.empty()) std::memcpy(&value, bytes.data(), bytes.size());  // at most 8 bytes
  } else {
    for (std::size_t i = bytes.size(); i > 0; --i)
      value = (value << 8) | std::to_integer<std::uint64_t>(bytes[i - 1]);
  }
  return value;
}

std::uint64_t byte_reader::uint_be(std::size_t width) noexcept {
  if (width == 0 || width > 8) {
    failed_ = true;
    return 0;
  }
  std::uint64_t value = 0;
  for (const std::byte b : take(width)) value = (value << 8) | std::to_integer<std::uint64_t>(b);
  return value;
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

std::span<const std::byte> byte_reader::take(std::size_t n) noexcept {
  if (failed_ || n > in_.size()) {
    failed_ = true;
    in_ = {};
    return {};
  }
  const auto head = in_.first(n);
  in_ = in_.subspan(n);
  return head;
}

std::string byte_reader::take_string(std::size_t n) { return to_std_string(take(n)); }

std::span<const std::byte> byte_reader::rest() noexcept {
  if (failed_) return {};
  const auto all = in_;
  in_ = {};
  return all;
}

std::string to_std_string(std::span<const std::byte> bytes) {
  std::string out(bytes.size(), '\0');
  if (!bytes.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

}  // namespace sluice::protocol
