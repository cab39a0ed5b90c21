#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

namespace sluice::protocol {

/// Bounded cursor over untrusted bytes: the only place in src/protocol that moves through a
/// buffer. Reads past the end return zero/empty values and mark the reader failed; the first
/// failure sticks, so a decoder reads all of its fields and checks ok() once.
/// Owns nothing: the span must outlive the reader.
///
/// The integer reads and take() are inline (they run once per column value); anything unusual
/// (a bad width, an underrun, a short tail) goes through the out-of-line slow paths.
class byte_reader {
 public:
  explicit byte_reader(std::span<const std::byte> in) noexcept : in_(in) {}

  /// Little-endian unsigned integer of `width` bytes (1..8).
  std::uint64_t uint_le(std::size_t width) noexcept {
    if (width - 1 < 8 && in_.size() >= 8 && !failed_) {
      const std::uint64_t value = load8_le(in_.data()) & low_mask(width);
      in_ = in_.subspan(width);
      return value;
    }
    return uint_le_slow(width);
  }
  /// Big-endian unsigned integer of `width` bytes (1..8).
  std::uint64_t uint_be(std::size_t width) noexcept {
    if constexpr (std::endian::native == std::endian::little) {
      if (width - 1 < 8 && in_.size() >= 8 && !failed_) {
        const std::uint64_t value = __builtin_bswap64(load8_le(in_.data())) >> (64 - 8 * width);
        in_ = in_.subspan(width);
        return value;
      }
    }
    return uint_be_slow(width);
  }
  std::uint8_t u8() noexcept {
    if (!in_.empty() && !failed_) {
      const auto value = std::to_integer<std::uint8_t>(in_[0]);
      in_ = in_.subspan(1);
      return value;
    }
    return static_cast<std::uint8_t>(uint_le_slow(1));
  }
  std::uint16_t u16() noexcept { return static_cast<std::uint16_t>(uint_le(2)); }
  std::uint32_t u32() noexcept { return static_cast<std::uint32_t>(uint_le(4)); }
  std::uint64_t u64() noexcept { return uint_le(8); }
  /// MySQL length-encoded integer (1, 3, 4 or 9 bytes). The NULL marker 0xfb and the
  /// reserved 0xff are failures here: binlog fields never carry them.
  std::uint64_t lenenc() noexcept;

  /// The next n bytes; empty span and failure when fewer remain.
  std::span<const std::byte> take(std::size_t n) noexcept {
    if (failed_ || n > in_.size()) return take_failed();
    const auto head = in_.first(n);
    in_ = in_.subspan(n);
    return head;
  }
  /// The next n bytes as a string (binary-safe).
  std::string take_string(std::size_t n);
  /// Everything left; the reader is then empty.
  std::span<const std::byte> rest() noexcept;
  void skip(std::size_t n) noexcept { take(n); }

  std::size_t remaining() const noexcept { return in_.size(); }
  bool empty() const noexcept { return in_.empty(); }
  bool ok() const noexcept { return !failed_; }
  /// Marks the reader failed, for decoders that find a semantic error mid-way.
  void fail() noexcept { failed_ = true; }

 private:
  static std::uint64_t load8_le(const std::byte* p) noexcept {
    std::uint64_t value;
    std::memcpy(&value, p, sizeof value);
    if constexpr (std::endian::native == std::endian::big) value = __builtin_bswap64(value);
    return value;
  }
  static std::uint64_t low_mask(std::size_t width) noexcept {
    return width >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * width)) - 1;
  }
  std::uint64_t uint_le_slow(std::size_t width) noexcept;
  std::uint64_t uint_be_slow(std::size_t width) noexcept;
  std::span<const std::byte> take_failed() noexcept;

  std::span<const std::byte> in_;
  bool failed_ = false;
};

/// Binary-safe copy of bytes into a std::string.
std::string to_std_string(std::span<const std::byte> bytes);

}  // namespace sluice::protocol
