#include <algorithm>
#include <array>
#include <cstring>

#include "protocol/column_type.hpp"
#include "protocol/value_decoders.hpp"

// Temporal values become text (temporal_cell) once per cell: each is formatted into a stack
// buffer with the digit writers below and copied into the cell's string in one go.

namespace sluice::protocol::detail {
namespace {

constexpr std::int64_t one_24 = std::int64_t{1} << 24;

// Longest text: '-', a 20-digit hour, ":MM:SS", ".ffffff"; or a 20-digit year and the rest.
constexpr std::size_t max_text = 64;

// 10^0 .. 10^19: the number of decimal digits of a uint64 is the count of these it reaches.
constexpr auto powers_of_ten = [] {
  std::array<std::uint64_t, 20> table{};
  std::uint64_t power = 1;
  for (auto& entry : table) {
    entry = power;
    power *= 10;
  }
  return table;
}();

// "00".."99", two chars per number.
constexpr auto two_digits = [] {
  std::array<char, 200> table{};
  for (unsigned i = 0; i < 100; ++i) {
    table[2 * i] = static_cast<char>('0' + i / 10);
    table[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return table;
}();

// Two digits when the value fits, else as many as it needs.
char* put2(char* out, std::uint64_t value) noexcept {
  if (value >= 100) return put_padded(out, value, 2);
  std::memcpy(out, &two_digits[2 * value], 2);
  return out + 2;
}

char* put_fraction(char* out, std::uint32_t micros, unsigned fsp) noexcept {
  if (fsp == 0) return out;
  std::uint32_t scaled = micros;
  for (unsigned i = fsp; i < 6; ++i) scaled /= 10;
  *out++ = '.';
  return put_padded(out, scaled, fsp);
}

char* put_date(char* out, std::uint64_t year, std::uint64_t month, std::uint64_t day) noexcept {
  out = put_padded(out, year, 4);
  *out++ = '-';
  out = put2(out, month);
  *out++ = '-';
  return put2(out, day);
}

char* put_clock(char* out, std::uint64_t hour, std::uint64_t minute, std::uint64_t second) noexcept {
  out = put2(out, hour);
  *out++ = ':';
  out = put2(out, minute);
  *out++ = ':';
  return put2(out, second);
}

void put_text(cell& value, const char* begin, const char* end) {
  value.emplace<temporal_cell>().text.assign(begin, end);
}

// The fractional part of TIMESTAMP2/DATETIME2: (fsp + 1) / 2 big-endian bytes.
std::uint32_t read_micros(byte_reader& r, unsigned fsp) {
  switch (fsp) {
    case 1: case 2: return static_cast<std::uint32_t>(r.uint_be(1) * 10000);
    case 3: case 4: return static_cast<std::uint32_t>(r.uint_be(2) * 100);
    case 5: case 6: return static_cast<std::uint32_t>(r.uint_be(3));
    default: return 0;
  }
}

// TIME2 packs hours/minutes/seconds and the fraction as one signed number; negative values
// borrow from the integer part (my_time_packed_from_binary in MySQL's my_time.cc).
std::int64_t read_time2_packed(byte_reader& r, unsigned fsp) {
  constexpr std::int64_t int_offset = 0x800000;
  switch (fsp) {
    case 0: return (static_cast<std::int64_t>(r.uint_be(3)) - int_offset) * one_24;
    case 1: case 2: case 3: case 4: {
      std::int64_t int_part = static_cast<std::int64_t>(r.uint_be(3)) - int_offset;
      const bool two = fsp > 2;
      std::int64_t frac = static_cast<std::int64_t>(r.uint_be(two ? 2 : 1));
      if (int_part < 0 && frac != 0) {
        ++int_part;
        frac -= two ? 0x10000 : 0x100;
      }
      return int_part * one_24 + frac * (two ? 100 : 10000);
    }
    default: return static_cast<std::int64_t>(r.uint_be(6)) - 0x800000000000;
  }
}

void put_time2(cell& value, std::int64_t packed, unsigned fsp) {
  const bool negative = packed < 0;
  const std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(0) - static_cast<std::uint64_t>(packed) : static_cast<std::uint64_t>(packed);
  const std::uint64_t hms = magnitude >> 24;
  char text[max_text];
  char* end = text;
  if (negative) *end++ = '-';
  end = put_clock(end, (hms >> 12) % 1024, (hms >> 6) % 64, hms % 64);
  end = put_fraction(end, static_cast<std::uint32_t>(magnitude % static_cast<std::uint64_t>(one_24)), fsp);
  put_text(value, text, end);
}

void put_datetime2(cell& value, std::uint64_t int_part, std::uint32_t micros, unsigned fsp) {
  const std::uint64_t ymd = int_part >> 17;
  const std::uint64_t ym = ymd >> 5;
  const std::uint64_t hms = int_part % (1U << 17);
  char text[max_text];
  char* end = put_date(text, ym / 13, ym % 13, ymd % 32);
  *end++ = ' ';
  end = put_clock(end, hms >> 12, (hms >> 6) % 64, hms % 64);
  end = put_fraction(end, micros, fsp);
  put_text(value, text, end);
}

}  // namespace

char* put_padded(char* out, std::uint64_t value, std::size_t width) noexcept {
  std::size_t digits = 1;  // decimal digits of value, found without dividing
  while (digits < powers_of_ten.size() && value >= powers_of_ten[digits]) ++digits;
  const std::size_t length = std::max(digits, width);
  // Right to left, two digits at a time; once value is 0 the rest are the padding zeros.
  std::size_t i = length;
  for (; i >= 2; i -= 2) {
    std::memcpy(out + i - 2, &two_digits[2 * (value % 100)], 2);
    value /= 100;
  }
  if (i == 1) out[0] = static_cast<char>('0' + value % 10);
  return out + length;
}

void append_padded(std::string& out, std::uint64_t value, std::size_t width) {
  if (width > 20) out.append(width - 20, '0');
  char text[20];
  out.append(text, put_padded(text, value, width > 20 ? 20 : width));
}

// Spec: MySQL internals "Rows_event" temporal formats; TIME2/DATETIME2/TIMESTAMP2 as in
// MySQL 5.6.4 my_time.cc (my_*_packed_from_binary), older ones as in log_event_print_value.
tl::expected<void, decode_error> decode_temporal(byte_reader& r, std::uint8_t type, std::uint16_t meta,
                                                 cell& value) {
  const unsigned fsp = meta;
  const bool fractional = type == column_type::timestamp2 || type == column_type::datetime2 ||
                          type == column_type::time2;
  if (fractional && fsp > 6) return tl::unexpected(decode_error::bad_value);

  char text[max_text];
  switch (type) {
    case column_type::timestamp:
      value.emplace<timestamp_cell>(timestamp_cell{static_cast<std::int64_t>(r.uint_le(4)), 0, 0});
      break;
    case column_type::timestamp2: {
      const auto seconds = static_cast<std::int64_t>(r.uint_be(4));
      value.emplace<timestamp_cell>(timestamp_cell{seconds, read_micros(r, fsp), static_cast<std::uint8_t>(fsp)});
      break;
    }
    case column_type::date:
    case column_type::newdate: {
      const std::uint64_t v = r.uint_le(3);
      put_text(value, text, put_date(text, v >> 9, (v >> 5) & 15U, v & 31U));
      break;
    }
    case column_type::datetime: {
      const std::uint64_t v = r.uint_le(8);
      const std::uint64_t date = v / 1000000;
      const std::uint64_t clock = v % 1000000;
      char* end = put_date(text, date / 10000, (date / 100) % 100, date % 100);
      *end++ = ' ';
      end = put_clock(end, clock / 10000, (clock / 100) % 100, clock % 100);
      put_text(value, text, end);
      break;
    }
    case column_type::datetime2: {
      const std::uint64_t packed = r.uint_be(5);
      const std::uint32_t micros = read_micros(r, fsp);
      constexpr std::uint64_t sign_bit = std::uint64_t{1} << 39;
      if (r.ok() && (packed < sign_bit || micros > 999999)) return tl::unexpected(decode_error::bad_value);
      put_datetime2(value, packed - sign_bit, micros, fsp);
      break;
    }
    case column_type::time: {
      const std::uint64_t raw = r.uint_le(3);
      const auto v = static_cast<std::int64_t>(raw << 40) >> 40;  // sign-extend 24 bits
      const std::uint64_t magnitude = static_cast<std::uint64_t>(v < 0 ? -v : v);
      char* end = text;
      if (v < 0) *end++ = '-';
      end = put_clock(end, magnitude / 10000, (magnitude % 10000) / 100, magnitude % 100);
      put_text(value, text, end);
      break;
    }
    case column_type::time2: {
      const std::int64_t packed = read_time2_packed(r, fsp);
      const std::uint64_t magnitude = packed < 0 ? static_cast<std::uint64_t>(0) - static_cast<std::uint64_t>(packed)
                                                 : static_cast<std::uint64_t>(packed);
      if (r.ok() && magnitude % static_cast<std::uint64_t>(one_24) > 999999)
        return tl::unexpected(decode_error::bad_value);
      put_time2(value, packed, fsp);
      break;
    }
    case column_type::year: {
      const std::uint64_t v = r.uint_le(1);
      put_text(value, text, put_padded(text, v == 0 ? 0 : 1900 + v, 4));
      break;
    }
    default:
      return tl::unexpected(decode_error::unsupported_type);
  }
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  return {};
}

tl::expected<cell, decode_error> decode_temporal(byte_reader& r, std::uint8_t type, std::uint16_t meta) {
  cell value;
  auto ok = decode_temporal(r, type, meta, value);
  if (!ok) return tl::unexpected(ok.error());
  return value;
}

}  // namespace sluice::protocol::detail
