#include "args.hpp"

#include <charconv>

namespace sluice::tools {

args::args(int argc, char** argv, std::set<std::string> valued, std::set<std::string> flags) {
  for (int i = 1; i < argc && error_.empty(); ++i) {
    std::string_view word = argv[i];
    if (!word.starts_with("--")) {
      error_ = "unexpected argument '" + std::string(word) + "'";
      break;
    }
    std::string name(word.substr(2));
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (flags.contains(name) && !inline_value) {
      flags_seen_.insert(name);
    } else if (valued.contains(name)) {
      if (inline_value) {
        values_[name] = *inline_value;
      } else if (i + 1 < argc) {
        values_[name] = argv[++i];
      } else {
        error_ = "--" + name + " needs a value";
      }
    } else {
      error_ = "unknown option --" + name;
    }
  }
}

bool args::has(std::string_view name) const {
  return values_.contains(name) || flags_seen_.contains(name);
}

std::string args::text(std::string_view name, std::string fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

std::int64_t args::integer(std::string_view name, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  auto it = values_.find(name);
  if (it == values_.end())
    return fallback;
  std::int64_t value = 0;
  const std::string& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || value < min || value > max) {
    if (error_.empty())
      error_ = "--" + std::string(name) + " must be an integer in [" + std::to_string(min) + ", " +
               std::to_string(max) + "], got '" + s + "'";
    return fallback;
  }
  return value;
}

void args::require(std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (!has(name) && error_.empty())
      error_ = "--" + std::string(name) + " is required";
  }
}

std::optional<host_port> host_port::parse(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return std::nullopt;
  unsigned port = 0;
  std::string_view digits = text.substr(colon + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc() || end != digits.data() + digits.size() || port == 0 || port > 65535)
    return std::nullopt;
  return host_port{std::string(text.substr(0, colon)), port};
}

}  // namespace sluice::tools
