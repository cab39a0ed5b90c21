#include "protocol/mysql_json_scalar.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

#include "protocol/byte_reader.hpp"
#include "protocol/column_type.hpp"
#include "protocol/value_decoders.hpp"

namespace sluice::protocol::detail {
namespace {

constexpr std::string_view hex_digits = "0123456789abcdef";
constexpr std::string_view base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// my_gcvt keeps the 'f' format only for 10^-15 <= |x| < 10^15 (or an integer below 10^16 with
// a fraction digit to show): MAX_DECPT_FOR_F_FORMAT = DBL_DIG.
constexpr int max_decpt_for_fixed = 15;

// Shortest round-trip digits of a finite |value| and the decimal point position, as dtoa mode 0
// gives them: value = 0.<digits> * 10^decpt.
void shortest_digits(double magnitude, std::string& digits, int& decpt) {
  char buffer[40];
  const auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, magnitude, std::chars_format::scientific);
  const std::string_view text(buffer, ec == std::errc{} ? static_cast<std::size_t>(end - buffer) : 0);
  const auto e = text.find('e');
  for (const char c : text.substr(0, e))
    if (c != '.') digits.push_back(c);
  int exponent = 0;
  if (e != std::string_view::npos && e + 2 <= text.size()) {
    const std::string_view exp_digits = text.substr(e + 2);
    std::from_chars(exp_digits.data(), exp_digits.data() + exp_digits.size(), exponent);
    if (text[e + 1] == '-') exponent = -exponent;
  }
  decpt = exponent + 1;
}

// MySQL's packed temporal longlong (TIME_from_longlong_{time,datetime}_packed): the integer
// part above bit 24, the microseconds below; printed by my_TIME_to_str with 6 digits.
tl::expected<void, decode_error> append_packed_temporal(std::string& out, std::uint8_t field_type,
                                                        std::span<const std::byte> data) {
  if (data.size() != 8) return tl::unexpected(decode_error::bad_value);
  byte_reader r(data);
  const auto packed = static_cast<std::int64_t>(r.u64());
  const bool negative = packed < 0;
  const std::uint64_t magnitude =
      negative ? std::uint64_t{0} - static_cast<std::uint64_t>(packed) : static_cast<std::uint64_t>(packed);
  const std::uint64_t micros = magnitude % (std::uint64_t{1} << 24);
  const std::uint64_t int_part = magnitude >> 24;
  if (micros > 999999 || (negative && field_type != column_type::time))
    return tl::unexpected(decode_error::bad_value);

  out.push_back('"');
  std::uint64_t hms = int_part;
  std::uint64_t hour = 0;
  if (field_type == column_type::time) {
    if (negative) out.push_back('-');
    hour = (hms >> 12) % 1024;
  } else {
    const std::uint64_t ymd = int_part >> 17;
    const std::uint64_t ym = ymd >> 5;
    hms = int_part % (std::uint64_t{1} << 17);
    hour = hms >> 12;
    append_padded(out, ym / 13, 4);
    out.push_back('-');
    append_padded(out, ym % 13, 2);
    out.push_back('-');
    append_padded(out, ymd % 32, 2);
    if (field_type != column_type::date) out.push_back(' ');
  }
  if (field_type != column_type::date) {
    append_padded(out, hour, 2);
    out.push_back(':');
    append_padded(out, (hms >> 6) % 64, 2);
    out.push_back(':');
    append_padded(out, hms % 64, 2);
    out.push_back('.');
    append_padded(out, micros, 6);
  }
  out.push_back('"');
  return {};
}

// Opaque DECIMAL payload: precision byte, scale byte, then the column's binary decimal.
tl::expected<void, decode_error> append_opaque_decimal(std::string& out, std::span<const std::byte> data) {
  if (data.size() < 2) return tl::unexpected(decode_error::truncated);
  byte_reader r(data);
  const std::uint16_t precision = r.u8();
  const std::uint16_t scale = r.u8();
  auto decoded = decode_newdecimal(r, static_cast<std::uint16_t>(precision << 8 | scale));
  if (!decoded) return tl::unexpected(decoded.error());
  if (!r.empty()) return tl::unexpected(decode_error::bad_length);
  out += std::get<decimal_cell>(*decoded).text;
  return {};
}

// MySQL's base64_encode: standard alphabet with padding, a newline after every 76 characters
// (written here as the JSON escape \n).
void append_base64(std::string& out, std::span<const std::byte> data) {
  std::size_t line = 0;
  for (std::size_t i = 0; i < data.size(); i += 3) {
    if (line == 76) {
      out += "\\n";
      line = 0;
    }
    const std::size_t left = data.size() - i;
    std::uint32_t group = std::to_integer<std::uint32_t>(data[i]) << 16;
    if (left > 1) group |= std::to_integer<std::uint32_t>(data[i + 1]) << 8;
    if (left > 2) group |= std::to_integer<std::uint32_t>(data[i + 2]);
    out.push_back(base64_alphabet[(group >> 18) & 63U]);
    out.push_back(base64_alphabet[(group >> 12) & 63U]);
    out.push_back(left > 1 ? base64_alphabet[(group >> 6) & 63U] : '=');
    out.push_back(left > 2 ? base64_alphabet[group & 63U] : '=');
    line += 4;
  }
}

}  // namespace

void append_json_string(std::string& out, std::span<const std::byte> bytes) {
  out.push_back('"');
  for (const std::byte b : bytes) {
    const auto c = static_cast<char>(b);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (std::to_integer<unsigned>(b) < 0x20) {
          out += "\\u00";
          out.push_back(hex_digits[std::to_integer<unsigned>(b) >> 4]);
          out.push_back(hex_digits[std::to_integer<unsigned>(b) & 15U]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

// Spec: MySQL strings/dtoa.cc my_gcvt with width MY_GCVT_MAX_FIELD_WIDTH (34) and json_dom.cc
// Json_wrapper::to_string (J_DOUBLE). dtoa mode 4 with 34 digits returns the shortest
// round-trip digits (at most 17), so the field never truncates and the choice between 'f' and
// 'e' reduces to the MAX_DECPT_FOR_F_FORMAT rule.
bool append_mysql_double(std::string& out, double value) {
  if (!std::isfinite(value)) return false;
  std::string digits;
  int decpt = 0;
  shortest_digits(std::fabs(value), digits, decpt);
  if (digits.empty()) return false;
  const auto length = static_cast<int>(digits.size());
  const std::size_t start = out.size();
  if (std::signbit(value)) out.push_back('-');
  if (decpt >= 1 - max_decpt_for_fixed && (decpt <= max_decpt_for_fixed || length > decpt)) {
    if (decpt <= 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-decpt), '0');
      out += digits;
    } else {
      for (int i = 0; i < length; ++i) {
        out.push_back(digits[static_cast<std::size_t>(i)]);
        if (i + 1 == decpt && i + 1 < length) out.push_back('.');
      }
      if (decpt > length) out.append(static_cast<std::size_t>(decpt - length), '0');
    }
    if (out.find('.', start) == std::string::npos) out += ".0";
    return true;
  }
  out.push_back(digits[0]);
  if (length > 1) {
    out.push_back('.');
    out.append(digits, 1);
  }
  out.push_back('e');
  const int exponent = decpt - 1;
  if (exponent < 0) out.push_back('-');
  append_padded(out, static_cast<std::uint64_t>(exponent < 0 ? -exponent : exponent), 1);
  return true;
}

// Spec: MySQL json_dom.cc Json_wrapper::to_string (J_DATE/J_TIME/J_DATETIME/J_TIMESTAMP,
// J_DECIMAL, J_OPAQUE) over the opaque types json_binary.cc recognises.
tl::expected<void, decode_error> append_opaque(std::string& out, std::uint8_t field_type,
                                               std::span<const std::byte> data) {
  switch (field_type) {
    case column_type::date:
    case column_type::time:
    case column_type::datetime:
    case column_type::timestamp:
      return append_packed_temporal(out, field_type, data);
    case column_type::newdecimal:
      return append_opaque_decimal(out, data);
    default:
      out += "\"base64:type";
      append_padded(out, field_type, 1);
      out.push_back(':');
      append_base64(out, data);
      out.push_back('"');
      return {};
  }
}

}  // namespace sluice::protocol::detail
