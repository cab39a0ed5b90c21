// String functions and LIKE. Text is UTF-8: lengths and positions count characters (a malformed
// byte counts as one), comparisons and searches are byte-wise, so case-sensitive (the binary
// collation DM evaluates with). UPPER/LOWER map ASCII letters only.

#include <algorithm>

#include "pipeline/sql_expression.hpp"
#include "pipeline/sql_functions.hpp"

namespace sluice::pipeline {

namespace {

using f = sql_function;

std::size_t char_size(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  const std::size_t n = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF8 ? 4 : 1;
  return std::min(n, s.size() - i);
}

std::size_t char_count(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); i += char_size(s, i))
    ++count;
  return count;
}

// The byte offset of character `chars` (or the size when the text is shorter).
std::size_t byte_offset(std::string_view s, std::size_t chars) {
  std::size_t i = 0;
  for (; i < s.size() && chars > 0; --chars)
    i += char_size(s, i);
  return i;
}

std::string ascii_case(std::string s, bool upper) {
  for (char& c : s) {
    if (upper && c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
    else if (!upper && c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// SUBSTRING(s, pos[, len]): 1-based characters; a negative pos counts from the end; pos 0 is ''.
std::string substring(std::string_view s, std::int64_t pos, std::int64_t len) {
  const auto count = static_cast<std::int64_t>(char_count(s));
  if (pos == 0 || len <= 0)
    return {};
  const std::int64_t start = pos > 0 ? pos - 1 : count + pos;
  if (start < 0 || start >= count)
    return {};
  const std::size_t from = byte_offset(s, static_cast<std::size_t>(start));
  const std::size_t to = from + byte_offset(s.substr(from), static_cast<std::size_t>(std::min(len, count)));
  return std::string(s.substr(from, to - from));
}

std::string trim(std::string_view s, std::string_view remove, bool leading, bool trailing) {
  if (remove.empty())
    return std::string(s);
  while (leading && s.size() >= remove.size() && s.substr(0, remove.size()) == remove)
    s.remove_prefix(remove.size());
  while (trailing && s.size() >= remove.size() && s.substr(s.size() - remove.size()) == remove)
    s.remove_suffix(remove.size());
  return std::string(s);
}

std::string replace_all(std::string_view s, std::string_view from, std::string_view to) {
  if (from.empty())
    return std::string(s);
  std::string out;
  std::size_t pos = 0;
  for (auto hit = s.find(from); hit != std::string_view::npos; hit = s.find(from, pos)) {
    out.append(s, pos, hit - pos);
    out += to;
    pos = hit + from.size();
  }
  out.append(s, pos);
  return out;
}

// LOCATE(needle, haystack, start): the 1-based character position of the first match at or after
// character `start`, 0 when there is none.
std::int64_t locate(std::string_view needle, std::string_view haystack, std::int64_t start) {
  const auto count = static_cast<std::int64_t>(char_count(haystack));
  if (start < 1 || start > count + 1)
    return 0;
  const std::size_t from = byte_offset(haystack, static_cast<std::size_t>(start - 1));
  const auto hit = haystack.find(needle, from);
  if (hit == std::string_view::npos)
    return 0;
  return static_cast<std::int64_t>(char_count(haystack.substr(0, hit))) + 1;
}

std::int64_t count_of(std::size_t n) { return static_cast<std::int64_t>(n); }

}  // namespace

bool like_match(std::string_view text, std::string_view pattern, unsigned escape) {
  std::size_t t = 0, p = 0;
  std::size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size()) {
      const char c = pattern[p];
      if (c == '%') {
        star_p = ++p;
        star_t = t;
        continue;
      }
      if (c == '_') {
        t += char_size(text, t);
        ++p;
        continue;
      }
      std::size_t lit = p;
      if (escape != expr_node::no_escape && static_cast<unsigned char>(c) == escape && p + 1 < pattern.size())
        lit = p + 1;
      const std::size_t n = char_size(pattern, lit);
      if (text.compare(t, n, pattern.substr(lit, n)) == 0) {
        t += n;
        p = lit + n;
        continue;
      }
    }
    if (star_p == std::string_view::npos)
      return false;
    star_t += char_size(text, star_t);  // let the last '%' swallow one more character
    t = star_t;
    p = star_p;
  }
  while (p < pattern.size() && pattern[p] == '%')
    ++p;
  return p == pattern.size();
}

namespace detail {

sql_value call_string_function(sql_function id, std::span<const sql_value> args) {
  if (id == f::concat_ws) {
    if (args[0].is_null())
      return {};
    std::string out;
    bool first = true;
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (args[i].is_null())
        continue;  // CONCAT_WS skips NULLs
      if (!first)
        out += to_text(args[0]);
      out += to_text(args[i]);
      first = false;
    }
    return sql_value(std::move(out));
  }
  if (std::any_of(args.begin(), args.end(), [](const sql_value& v) { return v.is_null(); }))
    return {};
  const std::string s = to_text(args[0]);
  switch (id) {
    case f::length: return sql_value(count_of(s.size()));
    case f::char_length: return sql_value(count_of(char_count(s)));
    case f::upper: return sql_value(ascii_case(s, true));
    case f::lower: return sql_value(ascii_case(s, false));
    case f::concat: {
      std::string out = s;
      for (std::size_t i = 1; i < args.size(); ++i)
        out += to_text(args[i]);
      return sql_value(std::move(out));
    }
    case f::substring:
      return sql_value(substring(s, to_int64(args[1]), args.size() > 2 ? to_int64(args[2]) : INT64_MAX));
    case f::trim_both:
    case f::trim_leading:
    case f::trim_trailing: {
      const std::string remove = args.size() > 1 ? to_text(args[1]) : " ";
      return sql_value(trim(s, remove, id != f::trim_trailing, id != f::trim_leading));
    }
    case f::left: {
      const std::int64_t n = to_int64(args[1]);
      return sql_value(n <= 0 ? std::string() : s.substr(0, byte_offset(s, static_cast<std::size_t>(n))));
    }
    case f::right: {
      const std::int64_t n = to_int64(args[1]);
      const auto count = count_of(char_count(s));
      if (n <= 0)
        return sql_value(std::string());
      return sql_value(n >= count ? s : s.substr(byte_offset(s, static_cast<std::size_t>(count - n))));
    }
    case f::replace: return sql_value(replace_all(s, to_text(args[1]), to_text(args[2])));
    case f::instr: return sql_value(locate(to_text(args[1]), s, 1));
    case f::locate: return sql_value(locate(s, to_text(args[1]), args.size() > 2 ? to_int64(args[2]) : 1));
    case f::strcmp: {
      const int c = s.compare(to_text(args[1]));
      return sql_value(std::int64_t{c < 0 ? -1 : (c > 0 ? 1 : 0)});
    }
    default: return {};
  }
}

}  // namespace detail

}  // namespace sluice::pipeline
