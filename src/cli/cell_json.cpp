#include "cli/cell_json.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <variant>

#include "protocol/column_type.hpp"
#include "protocol/mysql_json.hpp"

namespace sluice::cli {
namespace {

namespace ct = protocol::column_type;

constexpr char hex_digits[] = "0123456789abcdef";

// Spec: "Bit Twiddling Hacks" (Sean Anderson), "Determine if a word has a byte less than n" and
// "... has a zero byte": exact for "some byte", which is all the fast path needs.
constexpr std::uint64_t ones = 0x0101010101010101ULL;
constexpr std::uint64_t highs = 0x8080808080808080ULL;
constexpr bool has_zero_byte(std::uint64_t v) noexcept { return ((v - ones) & ~v & highs) != 0; }
constexpr bool needs_escape(std::uint64_t v) noexcept {
  const bool control = ((v - ones * 0x20) & ~v & highs) != 0;  // a byte below 0x20
  return control || has_zero_byte(v ^ (ones * '"')) || has_zero_byte(v ^ (ones * '\\'));
}

template <typename T>
void append_number(std::string& out, T value) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, result.ptr);
}

// JSON has no NaN or infinity; MySQL cannot store them either, but bytes can say so.
template <typename T>
void append_floating(std::string& out, T value) {
  if (std::isnan(value)) {
    out += "\"NaN\"";
  } else if (std::isinf(value)) {
    out += value < 0 ? "\"-Infinity\"" : "\"Infinity\"";
  } else {
    append_number(out, value);
  }
}

void append_padded(std::string& out, std::uint64_t value, std::size_t width) {
  char buf[24];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  const auto digits = static_cast<std::size_t>(result.ptr - buf);
  if (digits < width) out.append(width - digits, '0');
  out.append(buf, result.ptr);
}

// YEAR arrives as temporal text ("2024", "0000"): print it as the number it is.
void append_year(std::string& out, std::string_view text) {
  const std::size_t first = text.find_first_not_of('0');
  if (first == std::string_view::npos) {
    out.push_back('0');
  } else {
    out.append(text.substr(first));
  }
}

// Spec: Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil's inverse.
void append_civil_date(std::string& out, std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<std::uint64_t>(days - era * 146097);
  const std::uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::uint64_t mp = (5 * doy + 2) / 153;
  const std::uint64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::uint64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
  append_padded(out, static_cast<std::uint64_t>(year), 4);
  out.push_back('-');
  append_padded(out, month, 2);
  out.push_back('-');
  append_padded(out, day, 2);
}

tl::expected<void, protocol::decode_error> append_json_document(std::string& out,
                                                                std::string_view binary) {
  // MySQL reads an empty JSON value as the JSON null literal (Field_json::val_json).
  if (binary.empty()) {
    out += "null";
    return {};
  }
  auto text = protocol::mysql_json_to_text(binary);
  if (!text) return tl::unexpected(text.error());
  out += *text;  // already JSON text: embedded verbatim so 9.00 stays 9.00
  return {};
}

const char* diff_operation(protocol::json_diff::operation op) noexcept {
  switch (op) {
    case protocol::json_diff::operation::replace: return "replace";
    case protocol::json_diff::operation::insert: return "insert";
    case protocol::json_diff::operation::remove: return "remove";
  }
  return "unknown";
}

tl::expected<void, protocol::decode_error> append_json_cell(std::string& out,
                                                            const protocol::json_cell& value) {
  if (!value.partial) return append_json_document(out, value.binary);
  out += "{\"json_diff\":[";
  bool first = true;
  for (const auto& diff : value.diffs) {
    if (!first) out.push_back(',');
    first = false;
    out += "{\"op\":\"";
    out += diff_operation(diff.op);
    out += "\",\"path\":";
    if (is_valid_utf8(diff.path)) {
      append_json_string(out, diff.path);
    } else {
      append_hex_object(out, diff.path);
    }
    if (diff.op != protocol::json_diff::operation::remove) {
      out += ",\"value\":";
      if (auto ok = append_json_document(out, diff.value); !ok) return ok;
    }
    out.push_back('}');
  }
  out += "]}";
  return {};
}

}  // namespace

column_format format_of(const protocol::column_def& column) noexcept {
  column_format format;
  format.real_type = protocol::column_real_type(column);
  charset_id cs;
  if (charset_of_collation(column.charset, cs)) format.charset = cs;
  if (format.real_type == ct::string && format.charset == charset_id::binary) {
    // The STRING metadata's length, as the cell decoder reads it (lengths above 255 borrow two
    // bits of the real-type byte).
    const auto high = static_cast<unsigned>(column.meta >> 8);
    const auto low = static_cast<unsigned>(column.meta & 0xffU);
    format.binary_length =
        static_cast<std::uint16_t>((high & 0x30U) == 0x30U ? low : low | (((high & 0x30U) ^ 0x30U) << 4));
  }
  return format;
}

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  while (i < text.size()) {
    // Eight bytes at a time while none of them needs an escape (the common case).
    if (text.size() - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, sizeof word);
      if (!needs_escape(word)) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(text[i++]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - 1 - run);
    run = i;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out.push_back(hex_digits[c >> 4]);
        out.push_back(hex_digits[c & 0xF]);
    }
  }
  out.append(text.data() + run, text.size() - run);
  out.push_back('"');
}

void append_hex_object(std::string& out, std::string_view bytes) {
  out += "{\"hex\":\"";
  const std::size_t start = out.size();
  out.resize(start + 2 * bytes.size());
  char* p = out.data() + start;
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    *p++ = hex_digits[b >> 4];
    *p++ = hex_digits[b & 0xF];
  }
  out += "\"}";
}

void append_text(std::string& out, std::string_view bytes, std::optional<charset_id> charset,
                 utf8_converter& converter) {
  std::string_view utf8 = bytes;
  const bool ok = charset ? converter.convert(bytes, *charset, utf8) : is_valid_utf8(bytes);
  if (ok) {
    append_json_string(out, utf8);
  } else {
    append_hex_object(out, bytes);
  }
}

void append_utc_timestamp(std::string& out, std::int64_t seconds, std::uint32_t micros,
                          std::uint8_t fsp) {
  out.push_back('"');
  if (seconds == 0 && micros == 0) {
    out += "0000-00-00 00:00:00";  // MySQL stores the zero TIMESTAMP as 0
  } else {
    std::int64_t days = seconds / 86400;
    std::int64_t rest = seconds % 86400;
    if (rest < 0) {
      rest += 86400;
      --days;
    }
    append_civil_date(out, days);
    out.push_back(' ');
    const auto clock = static_cast<std::uint64_t>(rest);
    append_padded(out, clock / 3600, 2);
    out.push_back(':');
    append_padded(out, clock / 60 % 60, 2);
    out.push_back(':');
    append_padded(out, clock % 60, 2);
  }
  if (fsp > 0) {
    char fraction[8];
    std::uint32_t value = micros;
    for (int i = 5; i >= 0; --i) {
      fraction[i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
    out.push_back('.');
    out.append(fraction, fsp < 6 ? fsp : 6);
  }
  out.push_back('"');
}

tl::expected<void, protocol::decode_error> append_cell(std::string& out, const protocol::cell& value,
                                                       const column_format& format,
                                                       utf8_converter& converter) {
  using result = tl::expected<void, protocol::decode_error>;
  return std::visit(
      [&](const auto& v) -> result {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, protocol::null_cell>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint64_t>) {
          append_number(out, v);
        } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
          append_floating(out, v);
        } else if constexpr (std::is_same_v<T, protocol::decimal_cell>) {
          append_json_string(out, v.text);
        } else if constexpr (std::is_same_v<T, protocol::temporal_cell>) {
          if (format.real_type == ct::year) {
            append_year(out, v.text);
          } else {
            append_json_string(out, v.text);
          }
        } else if constexpr (std::is_same_v<T, protocol::timestamp_cell>) {
          append_utc_timestamp(out, v.seconds, v.micros, v.fsp);
        } else if constexpr (std::is_same_v<T, protocol::bit_cell> || std::is_same_v<T, protocol::set_cell>) {
          append_number(out, v.bits);
        } else if constexpr (std::is_same_v<T, protocol::enum_cell>) {
          append_number(out, v.index);
        } else if constexpr (std::is_same_v<T, protocol::json_cell>) {
          return append_json_cell(out, v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          if (format.real_type == ct::geometry) {
            append_hex_object(out, v);  // 4-byte SRID then WKB, as the server stores it
          } else if (format.binary_length > v.size()) {
            std::string padded = v;
            padded.resize(format.binary_length, '\0');
            append_hex_object(out, padded);
          } else {
            append_text(out, v, format.charset, converter);
          }
        } else {
          static_assert(!sizeof(T*), "every cell alternative is written");
        }
        return {};
      },
      value);
}

}  // namespace sluice::cli
