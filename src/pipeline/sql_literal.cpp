#include "pipeline/sql_literal.hpp"

#include <array>
#include <charconv>
#include <cstring>
#include <chrono>
#include <cstdio>
#include <type_traits>
#include <vector>

#include "protocol/mysql_json.hpp"

namespace sluice::pipeline {

namespace {

using result = tl::expected<void, std::string>;

void append_quoted(std::string& out, const std::string& text) {
  out.push_back('\'');
  for (char c : text) {
    if (c == '\'' || c == '\\')
      out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
}

// "00".."FF": the two hex digits of every byte value, side by side.
constexpr auto hex_pairs = [] {
  std::array<char, 512> pairs{};
  constexpr char digits[] = "0123456789ABCDEF";
  for (std::size_t b = 0; b < 256; ++b) {
    pairs[2 * b] = digits[b >> 4];
    pairs[2 * b + 1] = digits[b & 0x0F];
  }
  return pairs;
}();

void append_hex_digits(std::string& out, std::string_view bytes) {
  const auto at = out.size();
  out.resize(at + 2 * bytes.size() + 3);  // one growth for X'...'
  char* p = out.data() + at;
  *p++ = 'X';
  *p++ = '\'';
  for (unsigned char b : bytes) {
    std::memcpy(p, &hex_pairs[2 * std::size_t{b}], 2);
    p += 2;
  }
  *p = '\'';
}

void append_hex(std::string& out, const std::string& bytes) {
  if (bytes.empty())
    out += "''";
  else
    append_hex_digits(out, bytes);
}

// Text in utf8mb4 whatever the session's character set and sql_mode (no escaping involved).
void append_utf8mb4(std::string& out, std::string_view text) {
  if (text.empty()) {
    out += "_utf8mb4''";
    return;
  }
  out += "_utf8mb4 ";
  append_hex_digits(out, text);
}

// The shortest text that reads back as exactly `v`, as an approximate-number literal: a bare
// "3" or "-0" would be read as an exact number first (and -0 would lose its sign).
void append_double(std::string& out, double v) {
  char buf[32];  // the longest shortest-form double, "-2.2250738585072014e-308", has 24
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  std::string_view text(buf, static_cast<std::size_t>(end - buf));
  out += text;
  if (text.find('e') == std::string_view::npos)
    out += "e0";
}

tl::expected<std::string, std::string> json_text(std::string_view binary) {
  auto text = protocol::mysql_json_to_text(binary);
  if (!text)
    return tl::unexpected("a MySQL binary JSON value does not decode (" +
                          std::string(protocol::to_string(text.error())) + ")");
  return std::move(*text);
}

// MySQL JSON paths name object members as .key or ."key"; only an array leg ends with ']'.
bool ends_in_array_index(std::string_view path) {
  return !path.empty() && path.back() == ']';
}

}  // namespace

std::string format_utc_timestamp(std::int64_t seconds, std::uint32_t micros, std::uint8_t fsp) {
  std::string text;
  if (seconds == 0 && micros == 0) {
    text = "0000-00-00 00:00:00";
  } else {
    using namespace std::chrono;
    auto tp = sys_seconds{std::chrono::seconds{seconds}};
    auto day = floor<days>(tp);
    year_month_day ymd{day};
    hh_mm_ss hms{tp - day};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02ld:%02ld:%02lld", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                  static_cast<long long>(hms.seconds().count()));
    text = buf;
  }
  if (fsp > 0) {
    char frac[8];
    std::snprintf(frac, sizeof frac, "%06u", micros % 1000000);
    text.push_back('.');
    text.append(frac, fsp > 6 ? 6 : fsp);
  }
  return text;
}

tl::expected<void, std::string> append_literal(std::string& out, const protocol::cell& value) {
  using namespace protocol;
  return std::visit(
      [&](const auto& v) -> result {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, null_cell>) {
          out += "NULL";
        } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint64_t>) {
          out += std::to_string(v);
        } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
          // A float widens to double exactly; the column narrows it back without rounding.
          append_double(out, static_cast<double>(v));
        } else if constexpr (std::is_same_v<T, decimal_cell>) {
          out += v.text;
        } else if constexpr (std::is_same_v<T, std::string>) {
          append_hex(out, v);
        } else if constexpr (std::is_same_v<T, temporal_cell>) {
          append_quoted(out, v.text);
        } else if constexpr (std::is_same_v<T, timestamp_cell>) {
          append_quoted(out, format_utc_timestamp(v.seconds, v.micros, v.fsp));
        } else if constexpr (std::is_same_v<T, bit_cell>) {
          out += std::to_string(v.bits);
        } else if constexpr (std::is_same_v<T, enum_cell>) {
          // An index stores exactly the member the upstream stored; 0 is the empty error value.
          if (v.index == 0)
            out += "''";
          else
            out += std::to_string(v.index);
        } else if constexpr (std::is_same_v<T, set_cell>) {
          out += std::to_string(v.bits);
        } else if constexpr (std::is_same_v<T, json_cell>) {
          if (v.partial)
            return tl::unexpected(std::string(
                "a partial JSON update (MySQL binlog_row_value_options=PARTIAL_JSON) carries only "
                "the changes, not the document, and cannot be written as a value (safe mode's "
                "REPLACE, or an UPDATE that does not apply the diffs); set "
                "binlog_row_value_options='' on the upstream"));
          auto text = json_text(v.binary);
          if (!text)
            return tl::unexpected(text.error());
          append_utf8mb4(out, *text);
        }
        return {};
      },
      value);
}

tl::expected<void, std::string> append_json_diff_expression(std::string& out, std::string_view column,
                                                            const protocol::json_cell& value) {
  using op = protocol::json_diff::operation;
  if (!value.partial)
    return tl::unexpected(std::string("not a partial JSON update: write the document as a value"));
  if (value.diffs.empty())
    return tl::unexpected(std::string("a partial JSON update without any change"));
  // Decode every value first: nothing is appended on failure.
  std::vector<std::string> texts;
  for (const auto& diff : value.diffs) {
    if (diff.op == op::remove) {
      texts.emplace_back();
      continue;
    }
    auto text = json_text(diff.value);
    if (!text)
      return tl::unexpected(text.error() + " in a partial JSON update of " + std::string(column));
    texts.push_back(std::move(*text));
  }
  // The first diff applies innermost: open the calls last to first, then close them in order.
  for (auto it = value.diffs.rbegin(); it != value.diffs.rend(); ++it) {
    switch (it->op) {
      case op::replace:
        out += "JSON_REPLACE(";
        break;
      case op::insert:
        out += ends_in_array_index(it->path) ? "JSON_ARRAY_INSERT(" : "JSON_INSERT(";
        break;
      case op::remove:
        out += "JSON_REMOVE(";
        break;
    }
  }
  out += column;
  for (std::size_t i = 0; i < value.diffs.size(); ++i) {
    out += ", ";
    append_utf8mb4(out, value.diffs[i].path);
    if (value.diffs[i].op != op::remove) {
      // JSON_EXTRACT(text, '$') is the value as JSON (not a string) in MySQL, TiDB and MariaDB.
      out += ", JSON_EXTRACT(";
      append_utf8mb4(out, texts[i]);
      out += ", '$')";
    }
    out.push_back(')');
  }
  return {};
}

}  // namespace sluice::pipeline
