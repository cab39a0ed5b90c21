#include "pipeline/wildcard.hpp"

#include <algorithm>

namespace sluice::pipeline {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool wildcard::element::matches(unsigned char c) const noexcept {
  switch (what) {
    case kind::literal:
      return c == byte;
    case kind::any_byte:
      return true;
    case kind::byte_set:
      break;
  }
  const bool in_set = std::any_of(ranges.begin(), ranges.end(),
                                  [c](const byte_range& r) { return r.first <= c && c <= r.last; });
  return in_set != negated;
}

tl::expected<wildcard, std::string> wildcard::parse(std::string_view pattern) {
  if (pattern.empty())
    return tl::unexpected(std::string("the pattern is empty"));
  wildcard out;
  out.text_ = std::string(pattern);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const auto c = static_cast<unsigned char>(pattern[i]);
    if (c == '*') {
      if (i + 1 != pattern.size())
        return tl::unexpected(std::string("'*' is only allowed as the last character"));
      out.trailing_star_ = true;
      break;
    }
    element e;
    if (c == '?') {
      e.what = element::kind::any_byte;
    } else if (c == '[' && pattern.find(']', i + 1) != std::string_view::npos) {
      // Same reading as table-rule-selector's getRangeItem: the set ends at the first ']',
      // "x-y" is a range unless the '-' is the set's last byte, "[!]" means the byte '!'.
      const std::size_t close = pattern.find(']', i + 1);
      std::size_t j = i + 1;
      e.what = element::kind::byte_set;
      if (j < close && pattern[j] == '!') {
        e.negated = true;
        ++j;
      }
      for (; j < close; ++j) {
        const auto first = static_cast<unsigned char>(pattern[j]);
        if (pattern[j + 1] == '-' && j + 2 < close) {
          e.ranges.push_back({first, static_cast<unsigned char>(pattern[j + 2])});
          j += 2;
        } else {
          e.ranges.push_back({first, first});
        }
      }
      if (e.ranges.empty() && e.negated) {
        e.negated = false;
        e.ranges.push_back({'!', '!'});
      }
      i = close;
    } else {
      e.byte = c;
    }
    out.elements_.push_back(std::move(e));
  }
  return out;
}

bool wildcard::matches(std::string_view name) const noexcept {
  if (trailing_star_ ? name.size() < elements_.size() : name.size() != elements_.size())
    return false;
  for (std::size_t i = 0; i < elements_.size(); ++i) {
    if (!elements_[i].matches(static_cast<unsigned char>(name[i])))
      return false;
  }
  return true;
}

bool wildcard::is_literal() const noexcept {
  return !trailing_star_ && std::all_of(elements_.begin(), elements_.end(), [](const element& e) {
    return e.what == element::kind::literal;
  });
}

tl::expected<std::regex, std::string> compile_go_regex(std::string_view pattern, bool icase) {
  std::string_view rest = pattern;
  if (rest.substr(0, 4) == "(?i)") {
    icase = true;
    rest.remove_prefix(4);
  }
  std::string translated;
  translated.reserve(rest.size());
  bool in_class = false;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c == '\\' && i + 1 < rest.size()) {
      const char next = rest[i + 1];
      if (!in_class && next == 'A') {
        translated += '^';
      } else if (!in_class && next == 'z') {
        translated += '$';
      } else if (next == 'p' || next == 'P') {
        return tl::unexpected(std::string("Unicode classes (\\p, \\P) are not supported"));
      } else {
        translated += c;
        translated += next;
      }
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']')
        in_class = false;
      translated += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      translated += c;
      // In Go a ']' right after "[" or "[^" is a literal member; ECMAScript needs it escaped.
      if (i + 1 < rest.size() && rest[i + 1] == '^')
        translated += rest[++i];
      if (i + 1 < rest.size() && rest[i + 1] == ']') {
        translated += "\\]";
        ++i;
      }
      continue;
    }
    if (c == '(' && rest.substr(i, 4) == "(?P<") {
      const std::size_t close = rest.find('>', i);
      if (close == std::string_view::npos)
        return tl::unexpected(std::string("unterminated group name"));
      translated += '(';
      i = close;
      continue;
    }
    if (c == '(' && rest.substr(i, 3) == "(?<" && rest.substr(i, 4) != "(?<=" && rest.substr(i, 4) != "(?<!") {
      const std::size_t close = rest.find('>', i);
      if (close == std::string_view::npos)
        return tl::unexpected(std::string("unterminated group name"));
      translated += '(';
      i = close;
      continue;
    }
    translated += c;
  }
  auto flags = std::regex::ECMAScript | std::regex::optimize;
  if (icase)
    flags |= std::regex::icase;
  try {
    return std::regex(translated, flags);
  } catch (const std::regex_error& e) {
    return tl::unexpected(std::string(e.what()));
  }
}

tl::expected<name_pattern, std::string> name_pattern::parse(std::string_view text, bool case_sensitive) {
  if (!text.empty() && text.front() == '~') {
    auto re = compile_go_regex(text.substr(1), !case_sensitive);
    if (!re)
      return tl::unexpected("invalid regular expression: " + re.error());
    return name_pattern(std::make_shared<const std::regex>(std::move(*re)));
  }
  auto w = wildcard::parse(case_sensitive ? std::string(text) : ascii_lower(text));
  if (!w)
    return tl::unexpected(w.error());
  return name_pattern(std::move(*w));
}

bool name_pattern::matches(std::string_view name) const {
  if (const auto* w = std::get_if<wildcard>(&matcher_))
    return w->matches(name);
  const auto& re = *std::get<regex_ptr>(matcher_);
  return std::regex_search(name.begin(), name.end(), re);
}

}  // namespace sluice::pipeline
