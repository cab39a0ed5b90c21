#include "random_values.hpp"

#include <array>
#include <cstdio>
#include <string_view>

#include "sql_session.hpp"

namespace sluice::tools {

namespace {

constexpr std::uint64_t golden = 0x9e3779b97f4a7c15ULL;

// Few distinct words, so rows without keys often come out identical.
constexpr std::array<std::string_view, 10> words = {
    "alpha", "beta", "o'brien", "naïve", "日本語", "", "back\\slash", "tab\there", "x", "zeta",
};

}  // namespace

random_source::random_source(std::uint64_t seed, std::uint64_t stream) noexcept
    : state_(seed * golden + (stream + 1) * 0xbf58476d1ce4e5b9ULL) {
  next();
}

std::uint64_t random_source::next() noexcept {
  std::uint64_t z = (state_ += golden);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string random_source::text_literal(bool nullable) {
  if (nullable && chance(10))
    return "NULL";
  std::string text(words[below(words.size())]);
  if (chance(50))
    text += std::to_string(below(20));
  return sql_quote(text);
}

std::string random_source::decimal_literal(bool nullable) {
  if (nullable && chance(10))
    return "NULL";
  const std::int64_t whole = between(-99999, 999999);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld.%03u", static_cast<long long>(whole), static_cast<unsigned>(below(1000)));
  return buf;
}

std::string random_source::datetime_literal(bool nullable) {
  if (nullable && chance(10))
    return "NULL";
  char buf[48];
  std::snprintf(buf, sizeof buf, "'%04u-%02u-%02u %02u:%02u:%02u.%03u'", static_cast<unsigned>(between(2000, 2030)),
                static_cast<unsigned>(between(1, 12)), static_cast<unsigned>(between(1, 28)),
                static_cast<unsigned>(below(24)), static_cast<unsigned>(below(60)), static_cast<unsigned>(below(60)),
                static_cast<unsigned>(below(1000)));
  return buf;
}

std::string random_source::date_literal(bool nullable) {
  if (nullable && chance(10))
    return "NULL";
  char buf[24];
  std::snprintf(buf, sizeof buf, "'%04u-%02u-%02u'", static_cast<unsigned>(between(2000, 2030)),
                static_cast<unsigned>(between(1, 12)), static_cast<unsigned>(between(1, 28)));
  return buf;
}

std::string random_source::int_literal(std::int64_t lo, std::int64_t hi, bool nullable) {
  if (nullable && chance(10))
    return "NULL";
  return std::to_string(between(lo, hi));
}

}  // namespace sluice::tools
