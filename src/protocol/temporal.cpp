#include "protocol/column_type.hpp"
#include "protocol/value_decoders.hpp"

namespace sluice::protocol::detail {
namespace {

constexpr std::int64_t one_24 = std::int64_t{1} << 24;

void append_fraction(std::string& out, std::uint32_t micros, unsigned fsp) {
  if (fsp == 0) return;
  std::uint32_t scaled = micros;
  for (unsigned i = fsp; i < 6; ++i) scaled /= 10;
  out.push_back('.');
  append_padded(out, scaled, fsp);
}

void append_date(std::string& out, unsigned year, unsigned month, unsigned day) {
  append_padded(out, year, 4);
  out.push_back('-');
  append_padded(out, month, 2);
  out.push_back('-');
  append_padded(out, day, 2);
}

void append_clock(std::string& out, std::uint64_t hour, unsigned minute, unsigned second) {
  append_padded(out, hour, 2);
  out.push_back(':');
  append_padded(out, minute, 2);
  out.push_back(':');
  append_padded(out, second, 2);
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

temporal_cell time2_cell(std::int64_t packed, unsigned fsp) {
  const bool negative = packed < 0;
  const std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(0) - static_cast<std::uint64_t>(packed) : static_cast<std::uint64_t>(packed);
  const std::uint64_t hms = magnitude >> 24;
  temporal_cell out;
  if (negative) out.text.push_back('-');
  append_clock(out.text, (hms >> 12) % 1024, (hms >> 6) % 64, hms % 64);
  append_fraction(out.text, static_cast<std::uint32_t>(magnitude % static_cast<std::uint64_t>(one_24)), fsp);
  return out;
}

temporal_cell datetime2_cell(std::uint64_t int_part, std::uint32_t micros, unsigned fsp) {
  const std::uint64_t ymd = int_part >> 17;
  const std::uint64_t ym = ymd >> 5;
  const std::uint64_t hms = int_part % (1U << 17);
  temporal_cell out;
  append_date(out.text, static_cast<unsigned>(ym / 13), static_cast<unsigned>(ym % 13),
              static_cast<unsigned>(ymd % 32));
  out.text.push_back(' ');
  append_clock(out.text, hms >> 12, (hms >> 6) % 64, hms % 64);
  append_fraction(out.text, micros, fsp);
  return out;
}

}  // namespace

void append_padded(std::string& out, std::uint64_t value, std::size_t width) {
  char digits[20];
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (std::size_t i = n; i < width; ++i) out.push_back('0');
  while (n > 0) out.push_back(digits[--n]);
}

// Spec: MySQL internals "Rows_event" temporal formats; TIME2/DATETIME2/TIMESTAMP2 as in
// MySQL 5.6.4 my_time.cc (my_*_packed_from_binary), older ones as in log_event_print_value.
tl::expected<cell, decode_error> decode_temporal(byte_reader& r, std::uint8_t type,
                                                 std::uint16_t meta) {
  const unsigned fsp = meta;
  const bool fractional = type == column_type::timestamp2 || type == column_type::datetime2 ||
                          type == column_type::time2;
  if (fractional && fsp > 6) return tl::unexpected(decode_error::bad_value);

  cell value;
  switch (type) {
    case column_type::timestamp:
      value = timestamp_cell{static_cast<std::int64_t>(r.uint_le(4)), 0, 0};
      break;
    case column_type::timestamp2: {
      const auto seconds = static_cast<std::int64_t>(r.uint_be(4));
      value = timestamp_cell{seconds, read_micros(r, fsp), static_cast<std::uint8_t>(fsp)};
      break;
    }
    case column_type::date:
    case column_type::newdate: {
      const std::uint64_t v = r.uint_le(3);
      temporal_cell out;
      append_date(out.text, static_cast<unsigned>(v >> 9), (v >> 5) & 15U, v & 31U);
      value = std::move(out);
      break;
    }
    case column_type::datetime: {
      const std::uint64_t v = r.uint_le(8);
      const std::uint64_t date = v / 1000000;
      const std::uint64_t clock = v % 1000000;
      temporal_cell out;
      append_date(out.text, static_cast<unsigned>(date / 10000), (date / 100) % 100, date % 100);
      out.text.push_back(' ');
      append_clock(out.text, clock / 10000, (clock / 100) % 100, clock % 100);
      value = std::move(out);
      break;
    }
    case column_type::datetime2: {
      const std::uint64_t packed = r.uint_be(5);
      const std::uint32_t micros = read_micros(r, fsp);
      constexpr std::uint64_t sign_bit = std::uint64_t{1} << 39;
      if (r.ok() && (packed < sign_bit || micros > 999999)) return tl::unexpected(decode_error::bad_value);
      value = datetime2_cell(packed - sign_bit, micros, fsp);
      break;
    }
    case column_type::time: {
      const std::uint64_t raw = r.uint_le(3);
      const auto v = static_cast<std::int64_t>(raw << 40) >> 40;  // sign-extend 24 bits
      const std::uint64_t magnitude = static_cast<std::uint64_t>(v < 0 ? -v : v);
      temporal_cell out;
      if (v < 0) out.text.push_back('-');
      append_clock(out.text, magnitude / 10000, (magnitude % 10000) / 100, magnitude % 100);
      value = std::move(out);
      break;
    }
    case column_type::time2: {
      const std::int64_t packed = read_time2_packed(r, fsp);
      const std::uint64_t magnitude = packed < 0 ? static_cast<std::uint64_t>(0) - static_cast<std::uint64_t>(packed)
                                                 : static_cast<std::uint64_t>(packed);
      if (r.ok() && magnitude % static_cast<std::uint64_t>(one_24) > 999999)
        return tl::unexpected(decode_error::bad_value);
      value = time2_cell(packed, fsp);
      break;
    }
    case column_type::year: {
      const std::uint64_t v = r.uint_le(1);
      temporal_cell out;
      append_padded(out.text, v == 0 ? 0 : 1900 + v, 4);
      value = std::move(out);
      break;
    }
    default:
      return tl::unexpected(decode_error::unsupported_type);
  }
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  return value;
}

}  // namespace sluice::protocol::detail
