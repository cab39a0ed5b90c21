#include "config/duration.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <utility>

namespace sluice::config {

namespace {

struct unit {
  std::string_view name;
  std::uint64_t nanoseconds;
};

// The longest name that matches wins, so "ms" is not read as "m" followed by garbage.
constexpr std::array<unit, 8> units = {{{"ns", 1},
                                        {"us", 1'000},
                                        {"\xC2\xB5s", 1'000},  // U+00B5 micro sign
                                        {"\xCE\xBCs", 1'000},  // U+03BC Greek mu
                                        {"ms", 1'000'000},
                                        {"s", 1'000'000'000},
                                        {"m", 60'000'000'000},
                                        {"h", 3'600'000'000'000}}};

constexpr std::uint64_t max_nanoseconds = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

tl::expected<std::chrono::nanoseconds, std::string> parse_go_duration(std::string_view text) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s == "0")
    return std::chrono::nanoseconds{0};
  if (s.empty())
    return tl::unexpected(std::string("empty duration"));

  std::uint64_t total = 0;
  while (!s.empty()) {
    std::uint64_t whole = 0;
    bool overflow = false;
    std::size_t digits = 0;
    while (!s.empty() && is_digit(s.front())) {
      const auto d = static_cast<std::uint64_t>(s.front() - '0');
      if (whole > (max_nanoseconds - d) / 10)
        overflow = true;
      else
        whole = whole * 10 + d;
      s.remove_prefix(1);
      ++digits;
    }
    std::uint64_t fraction = 0;
    std::uint64_t scale = 1;
    if (!s.empty() && s.front() == '.') {
      s.remove_prefix(1);
      while (!s.empty() && is_digit(s.front())) {
        // Digits beyond nanosecond precision of an hour cannot change the result.
        if (scale < 1'000'000'000'000'000'000ULL) {
          fraction = fraction * 10 + static_cast<std::uint64_t>(s.front() - '0');
          scale *= 10;
        }
        s.remove_prefix(1);
        ++digits;
      }
    }
    if (digits == 0)
      return tl::unexpected(std::string("expected a number"));
    if (overflow)
      return tl::unexpected(std::string("the duration is too large"));

    const unit* found = nullptr;
    for (const unit& u : units) {
      if (s.substr(0, u.name.size()) == u.name && (found == nullptr || u.name.size() > found->name.size()))
        found = &u;
    }
    if (found == nullptr) {
      if (s.empty() || is_digit(s.front()) || s.front() == '.')
        return tl::unexpected(std::string("missing unit (ns, us, ms, s, m or h)"));
      return tl::unexpected(std::string("unknown unit (expected ns, us, ms, s, m or h)"));
    }
    s.remove_prefix(found->name.size());

    if (whole > max_nanoseconds / found->nanoseconds)
      return tl::unexpected(std::string("the duration is too large"));
    std::uint64_t value = whole * found->nanoseconds;
    // fraction/scale < 1, so fraction * unit / scale < unit; compute in long double to avoid
    // overflowing fraction * unit when many fractional digits were given.
    value += static_cast<std::uint64_t>(static_cast<long double>(fraction) *
                                        static_cast<long double>(found->nanoseconds) /
                                        static_cast<long double>(scale));
    if (value > max_nanoseconds || total > max_nanoseconds - value)
      return tl::unexpected(std::string("the duration is too large"));
    total += value;
  }
  const auto signed_total = static_cast<std::int64_t>(total);
  return std::chrono::nanoseconds{negative ? -signed_total : signed_total};
}

namespace {

// Appends "<whole>[.<fraction>]" for value / 10^precision, trimming trailing zeros.
void append_fixed(std::string& out, std::uint64_t value, int precision) {
  std::uint64_t divisor = 1;
  for (int i = 0; i < precision; ++i)
    divisor *= 10;
  out += std::to_string(value / divisor);
  std::uint64_t rest = value % divisor;
  if (rest == 0)
    return;
  std::string digits = std::to_string(rest);
  digits.insert(0, static_cast<std::size_t>(precision) - digits.size(), '0');
  while (!digits.empty() && digits.back() == '0')
    digits.pop_back();
  out += '.' + digits;
}

}  // namespace

std::string format_go_duration(std::chrono::nanoseconds d) {
  const std::int64_t count = d.count();
  if (count == 0)
    return "0s";
  std::string out;
  // Negate through unsigned arithmetic so INT64_MIN does not overflow.
  std::uint64_t ns = static_cast<std::uint64_t>(count);
  if (count < 0) {
    out += '-';
    ns = ~ns + 1;
  }
  if (ns < 1'000) {
    out += std::to_string(ns) + "ns";
  } else if (ns < 1'000'000) {
    append_fixed(out, ns, 3);
    out += "\xC2\xB5s";
  } else if (ns < 1'000'000'000) {
    append_fixed(out, ns, 6);
    out += "ms";
  } else {
    const std::uint64_t hours = ns / 3'600'000'000'000ULL;
    const std::uint64_t minutes = ns / 60'000'000'000ULL % 60;
    if (hours > 0)
      out += std::to_string(hours) + "h";
    if (hours > 0 || minutes > 0)
      out += std::to_string(minutes) + "m";
    append_fixed(out, ns % 60'000'000'000ULL, 9);
    out += 's';
  }
  return out;
}

}  // namespace sluice::config
