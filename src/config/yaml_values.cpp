// Scalar conversions and message helpers declared in yaml_reader.hpp.

#include "config/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace sluice::config::detail {

namespace {

int one_based(int zero_based) { return zero_based >= 0 ? zero_based + 1 : 0; }

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::string digits;
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    // YAML 1.1 integers may group digits with '_', as in 1_000_000.
    if (text[i] == '_' && i > 0 && i + 1 < text.size())
      continue;
    digits += text[i];
  }
  if (digits.empty())
    return std::nullopt;
  std::uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec != std::errc() || end != digits.data() + digits.size())
    return std::nullopt;
  constexpr auto max_positive = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (magnitude > max_positive + (negative ? 1 : 0))
    return std::nullopt;
  if (negative)
    return magnitude == max_positive + 1 ? std::numeric_limits<std::int64_t>::min()
                                         : -static_cast<std::int64_t>(magnitude);
  return static_cast<std::int64_t>(magnitude);
}

std::string integer_form(std::int64_t min, std::int64_t max) {
  if (max == std::numeric_limits<std::int64_t>::max() || max == std::numeric_limits<std::int32_t>::max())
    return "an integer >= " + std::to_string(min);
  return "an integer " + std::to_string(min) + "-" + std::to_string(max);
}

}  // namespace

std::string with_path(std::string_view path, std::string_view message) {
  if (path.empty())
    return std::string(message);
  return std::string(path) + ": " + std::string(message);
}

std::string quote_value(std::string_view text) {
  constexpr std::size_t max_shown = 64;
  bool cut = false;
  if (text.size() > max_shown) {
    std::size_t end = max_shown;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      --end;  // do not split a UTF-8 sequence
    text = text.substr(0, end);
    cut = true;
  }
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += c == '\n' ? "\\n" : c == '\t' ? "\\t" : "?";
    } else {
      out += c;
    }
  }
  return out + (cut ? "...\"" : "\"");
}

void parse_context::fail(const YAML::Mark& at, std::string message) {
  if (error_)
    return;
  error_ = config_error{file_, one_based(at.line), one_based(at.column), std::move(message)};
}

std::string join_path(std::string_view parent, std::string_view key) {
  if (parent.empty())
    return std::string(key);
  return std::string(parent) + "." + std::string(key);
}

std::string index_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

std::string describe(const YAML::Node& node, std::string_view path) {
  const std::size_t dot = path.find_last_of('.');
  const std::string_view last = dot == std::string_view::npos ? path : path.substr(dot + 1);
  // Secrets never reach a message: passwords and TLS private keys.
  if (last == "password" || last.substr(0, 7) == "ssl-key")
    return "a value that is not shown";
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return quote_value(node.Scalar());
    default:
      return "nothing";
  }
}

std::optional<std::string> to_string(parse_context& ctx, const YAML::Node& node, std::string_view path) {
  if (!node.IsDefined() || node.IsNull())
    return std::string();
  if (!node.IsScalar()) {
    ctx.fail(node.Mark(), with_path(path, "expected a string, got " + describe(node, path)));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<bool> to_bool(parse_context& ctx, const YAML::Node& node, std::string_view path) {
  if (node.IsScalar()) {
    // YAML 1.1 booleans, as Go's yaml.v2 reads them.
    static const std::vector<std::string_view> yes = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
    static const std::vector<std::string_view> no = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};
    const std::string& text = node.Scalar();
    if (std::find(yes.begin(), yes.end(), text) != yes.end())
      return true;
    if (std::find(no.begin(), no.end(), text) != no.end())
      return false;
  }
  ctx.fail(node.Mark(), with_path(path, "expected true or false, got " + describe(node, path)));
  return std::nullopt;
}

std::optional<std::int64_t> to_int(parse_context& ctx, const YAML::Node& node, std::string_view path,
                                   std::int64_t min, std::int64_t max) {
  if (node.IsScalar()) {
    if (auto v = parse_integer(node.Scalar()); v && *v >= min && *v <= max)
      return v;
  }
  ctx.fail(node.Mark(), with_path(path, "expected " + integer_form(min, max) + ", got " + describe(node, path)));
  return std::nullopt;
}

std::optional<std::vector<std::string>> to_string_list(parse_context& ctx, const YAML::Node& node,
                                                       std::string_view path) {
  std::vector<std::string> out;
  if (!node.IsDefined() || node.IsNull())
    return out;
  if (!node.IsSequence()) {
    ctx.fail(node.Mark(), with_path(path, "expected a list of strings, got " + describe(node, path)));
    return std::nullopt;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    auto item = to_string(ctx, node[i], index_path(path, i));
    if (!item)
      return std::nullopt;
    out.push_back(std::move(*item));
  }
  return out;
}

}  // namespace sluice::config::detail
