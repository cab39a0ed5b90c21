#include <array>

#include "protocol/value_decoders.hpp"

namespace sluice::protocol::detail {
namespace {

constexpr unsigned digits_per_group = 9;  // one 4-byte big-endian group holds 9 decimal digits
constexpr std::array<unsigned, 10> bytes_for_digits{0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
constexpr std::array<std::uint32_t, 10> powers_of_ten{1,      10,      100,      1000,      10000,
                                                      100000, 1000000, 10000000, 100000000, 1000000000};
constexpr unsigned max_precision = 65;
constexpr unsigned max_scale = 38;  // MariaDB; MySQL stops at 30

// Reads `digits` decimal digits stored in bytes_for_digits[digits] (or 4) bytes and appends them
// zero-padded. Fails on a group larger than its digit count allows.
bool append_group(byte_reader& r, std::string& out, unsigned digits) {
  const unsigned bytes = digits == digits_per_group ? 4 : bytes_for_digits[digits];
  const std::uint64_t group = r.uint_be(bytes);
  if (group >= powers_of_ten[digits]) return false;
  append_padded(out, group, digits);
  return true;
}

}  // namespace

// Spec: MySQL strings/decimal.c "bin2decimal": sign-flipped big-endian groups of 9 digits,
// leading/trailing partial groups packed in bytes_for_digits[n] bytes; negative values are
// stored with every byte inverted.
tl::expected<cell, decode_error> decode_newdecimal(byte_reader& r, std::uint16_t meta) {
  const unsigned precision = meta >> 8;
  const unsigned scale = meta & 0xffU;
  if (precision == 0 || precision > max_precision || scale > max_scale || scale > precision)
    return tl::unexpected(decode_error::bad_value);
  const unsigned int_digits = precision - scale;
  const unsigned int_lead = int_digits % digits_per_group;
  const unsigned int_groups = int_digits / digits_per_group;
  const unsigned frac_groups = scale / digits_per_group;
  const unsigned frac_tail = scale % digits_per_group;
  const std::size_t size =
      bytes_for_digits[int_lead] + int_groups * 4 + frac_groups * 4 + bytes_for_digits[frac_tail];

  const auto stored = r.take(size);
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  std::array<std::byte, 32> plain{};  // 65 digits need at most 30 bytes
  const bool negative = (std::to_integer<unsigned>(stored[0]) & 0x80U) == 0;
  const std::byte mask = negative ? std::byte{0xff} : std::byte{0};
  for (std::size_t i = 0; i < size; ++i) plain[i] = stored[i] ^ mask;
  plain[0] ^= std::byte{0x80};

  byte_reader digits(std::span<const std::byte>(plain).first(size));
  std::string integer;
  bool good = int_lead == 0 || append_group(digits, integer, int_lead);
  for (unsigned i = 0; good && i < int_groups; ++i) good = append_group(digits, integer, digits_per_group);
  std::string fraction;
  for (unsigned i = 0; good && i < frac_groups; ++i) good = append_group(digits, fraction, digits_per_group);
  if (good && frac_tail != 0) good = append_group(digits, fraction, frac_tail);
  if (!good || !digits.ok()) return tl::unexpected(decode_error::bad_value);

  const auto first_digit = integer.find_first_not_of('0');
  integer.erase(0, first_digit == std::string::npos ? integer.size() : first_digit);
  const bool zero = integer.empty() && fraction.find_first_not_of('0') == std::string::npos;
  decimal_cell out;
  out.text.reserve(integer.size() + fraction.size() + 3);
  if (negative && !zero) out.text.push_back('-');
  out.text += integer.empty() ? "0" : integer;
  if (scale > 0) {
    out.text.push_back('.');
    out.text += fraction;
  }
  return out;
}

}  // namespace sluice::protocol::detail
