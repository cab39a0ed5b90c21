#include <algorithm>
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

// Reads `digits` decimal digits stored in bytes_for_digits[digits] (or 4) bytes and writes them
// zero-padded at `out`. Null on a group larger than its digit count allows.
char* put_group(byte_reader& r, char* out, unsigned digits) {
  const unsigned bytes = digits == digits_per_group ? 4 : bytes_for_digits[digits];
  const std::uint64_t group = r.uint_be(bytes);
  if (group >= powers_of_ten[digits]) return nullptr;
  return put_padded(out, group, digits);
}

}  // namespace

// Spec: MySQL strings/decimal.c "bin2decimal": sign-flipped big-endian groups of 9 digits,
// leading/trailing partial groups packed in bytes_for_digits[n] bytes; negative values are
// stored with every byte inverted.
tl::expected<void, decode_error> read_newdecimal(byte_reader& r, std::uint16_t meta, std::string& text) {
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

  // Digits go to out[2..]: out[0..1] are kept for a sign and a "0" integer part; the integer
  // digits are followed by '.' and the fraction's: at most 2 + 65 + 1 + 38 chars.
  std::array<char, 128> out;  // only what is written below is read
  byte_reader digits(std::span<const std::byte>(plain).first(size));
  char* const int_begin = out.data() + 2;
  char* end = int_begin;
  if (int_lead != 0) end = put_group(digits, end, int_lead);
  for (unsigned i = 0; end != nullptr && i < int_groups; ++i) end = put_group(digits, end, digits_per_group);
  char* const int_end = end;
  char* const frac_begin = end == nullptr ? nullptr : end + 1;
  if (end != nullptr) end = frac_begin;
  for (unsigned i = 0; end != nullptr && i < frac_groups; ++i) end = put_group(digits, end, digits_per_group);
  if (end != nullptr && frac_tail != 0) end = put_group(digits, end, frac_tail);
  if (end == nullptr || !digits.ok()) return tl::unexpected(decode_error::bad_value);

  // Leading zeros of the integer part go; an all-zero integer part is "0"; -0 is 0.
  char* first = std::find_if(int_begin, int_end, [](char c) { return c != '0'; });
  const bool zero = first == int_end && std::all_of(frac_begin, end, [](char c) { return c == '0'; });
  if (first == int_end) *--first = '0';
  if (negative && !zero) *--first = '-';
  if (scale > 0) {
    *int_end = '.';
  } else {
    end = int_end;
  }
  text.assign(first, end);
  return {};
}

tl::expected<cell, decode_error> decode_newdecimal(byte_reader& r, std::uint16_t meta) {
  decimal_cell out;
  auto ok = read_newdecimal(r, meta, out.text);
  if (!ok) return tl::unexpected(ok.error());
  return out;
}

}  // namespace sluice::protocol::detail
