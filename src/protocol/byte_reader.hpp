#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace sluice::protocol {

/// Bounded cursor over untrusted bytes: the only place in src/protocol that moves through a
/// buffer. Reads past the end return zero/empty values and mark the reader failed; the first
/// failure sticks, so a decoder reads all of its fields and checks ok() once.
/// Owns nothing: the span must outlive the reader.
class byte_reader {
 public:
  explicit byte_reader(std::span<const std::byte> in) noexcept : in_(in) {}

  /// Little-endian unsigned integer of `width` bytes (1..8).
  std::uint64_t uint_le(std::size_t width) noexcept;
  /// Big-endian unsigned integer of `width` bytes (1..8).
  std::uint64_t uint_be(std::size_t width) noexcept;
  std::uint8_t u8() noexcept { return static_cast<std::uint8_t>(uint_le(1)); }
  std::uint16_t u16() noexcept { return static_cast<std::uint16_t>(uint_le(2)); }
  std::uint32_t u32() noexcept { return static_cast<std::uint32_t>(uint_le(4)); }
  std::uint64_t u64() noexcept { return uint_le(8); }
  /// MySQL length-encoded integer (1, 3, 4 or 9 bytes). The NULL marker 0xfb and the
  /// reserved 0xff are failures here: binlog fields never carry them.
  std::uint64_t lenenc() noexcept;

  /// The next n bytes; empty span and failure when fewer remain.
  std::span<const std::byte> take(std::size_t n) noexcept;
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
  std::span<const std::byte> in_;
  bool failed_ = false;
};

/// Binary-safe copy of bytes into a std::string.
std::string to_std_string(std::span<const std::byte> bytes);

}  // namespace sluice::protocol
