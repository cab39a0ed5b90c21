#pragma once
// Command-line options of the test tools: `--name value` pairs and bare `--flag`s.

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace sluice::tools {

/// Parsed options of one tool invocation; built once in main() and read only afterwards.
class args {
 public:
  /// Parses argv[1..]. `valued` names the options that take a value, `flags` those that do not.
  /// On an unknown option, a missing value or a stray word, `error()` says which.
  args(int argc, char** argv, std::set<std::string> valued, std::set<std::string> flags);

  const std::string& error() const noexcept { return error_; }
  bool has(std::string_view name) const;
  /// The value of `--name`, or `fallback` when absent.
  std::string text(std::string_view name, std::string fallback = {}) const;
  /// The value of `--name` as an integer in [min, max]; records an error otherwise.
  std::int64_t integer(std::string_view name, std::int64_t fallback, std::int64_t min, std::int64_t max);
  /// Records an error unless every name in `names` was given.
  void require(std::initializer_list<std::string_view> names);

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::set<std::string, std::less<>> flags_seen_;
  std::string error_;
};

/// "host:port" split in two; nullopt when the port is missing or not a number.
struct host_port {
  std::string host;
  unsigned port = 0;
  static std::optional<host_port> parse(std::string_view text);
};

}  // namespace sluice::tools
