#include "pipeline/sql_literal.hpp"

#include <chrono>
#include <cstdio>
#include <type_traits>

namespace sluice::pipeline {

namespace {

void append_quoted(std::string& out, const std::string& text) {
  out.push_back('\'');
  for (char c : text) {
    if (c == '\'' || c == '\\')
      out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
}

void append_hex(std::string& out, const std::string& bytes) {
  if (bytes.empty()) {
    out += "''";
    return;
  }
  static constexpr char digits[] = "0123456789ABCDEF";
  out += "X'";
  for (unsigned char b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0x0F]);
  }
  out.push_back('\'');
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
      [&](const auto& v) -> tl::expected<void, std::string> {
        using T = std::decay_t<decltype(v)>;
        char buf[40];
        if constexpr (std::is_same_v<T, null_cell>) {
          out += "NULL";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          out += std::to_string(v);
        } else if constexpr (std::is_same_v<T, std::uint64_t>) {
          out += std::to_string(v);
        } else if constexpr (std::is_same_v<T, float>) {
          std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
          out += buf;
        } else if constexpr (std::is_same_v<T, double>) {
          std::snprintf(buf, sizeof buf, "%.17g", v);
          out += buf;
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
          return tl::unexpected(std::string(
              "MySQL binary JSON values cannot be applied by this build (JSON decoding comes with "
              "the MySQL decoder issue)"));
        }
        return {};
      },
      value);
}

}  // namespace sluice::pipeline
