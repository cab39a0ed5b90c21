#pragma once
// Internal to src/config: typed, position-aware reading of yaml-cpp nodes. Every error
// becomes a config_error at the offending node's line and column; the first one wins.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config_error.hpp"

namespace sluice::config::detail {

/// State shared by one parse: the file name and the first error found. Later errors are
/// dropped because they are usually consequences of the first.
class parse_context {
 public:
  explicit parse_context(std::string_view file) : file_(file) {}

  bool ok() const noexcept { return !error_.has_value(); }
  void fail(const YAML::Mark& at, std::string message);
  const config_error& error() const { return *error_; }
  const std::string& file() const noexcept { return file_; }

 private:
  std::string file_;
  std::optional<config_error> error_;
};

/// "path: message", or just the message at the top level (empty path).
std::string with_path(std::string_view path, std::string_view message);
/// The text in double quotes for a message, escaped and shortened to 64 bytes.
std::string quote_value(std::string_view text);

/// "a.b[2].c": the key path used in messages.
std::string join_path(std::string_view parent, std::string_view key);
std::string index_path(std::string_view parent, std::size_t index);

/// How a node looks in an error message: the quoted scalar text (shortened), "a mapping",
/// "a list" or "nothing". Values of "password" and "ssl-key*" keys are never shown.
std::string describe(const YAML::Node& node, std::string_view path);

/// Scalar conversions for a node reached by `path`. On a wrong type they record
/// "<path>: expected <form>, got <value>" and return std::nullopt.
std::optional<std::string> to_string(parse_context& ctx, const YAML::Node& node, std::string_view path);
std::optional<bool> to_bool(parse_context& ctx, const YAML::Node& node, std::string_view path);
std::optional<std::int64_t> to_int(parse_context& ctx, const YAML::Node& node, std::string_view path,
                                   std::int64_t min, std::int64_t max);
std::optional<std::vector<std::string>> to_string_list(parse_context& ctx, const YAML::Node& node,
                                                       std::string_view path);

/// Reads one YAML mapping as DM does with yaml.UnmarshalStrict: each getter marks its key
/// as known, finish() rejects the keys nobody asked for (suggesting the closest known one).
/// Absent keys and keys with a null value leave the target unchanged. Merge keys ("<<")
/// are honoured, with explicit keys taking precedence. A reader must be finished.
class map_reader {
 public:
  map_reader(parse_context& ctx, const YAML::Node& node, std::string path);
  map_reader(map_reader&& other) noexcept;
  map_reader(const map_reader&) = delete;
  map_reader& operator=(const map_reader&) = delete;
  map_reader& operator=(map_reader&&) = delete;
  ~map_reader();

  void read(std::string_view key, std::string& out);
  void read(std::string_view key, bool& out);
  void read(std::string_view key, std::vector<std::string>& out);
  /// A string-to-string mapping (DB session variables); keys are lower-cased.
  void read(std::string_view key, std::map<std::string, std::string>& out);
  void read(std::string_view key, double& out);
  template <class Int>
  void read(std::string_view key, Int& out, std::int64_t min, std::int64_t max) {
    if (auto v = read_int(key, min, max))
      out = static_cast<Int>(*v);
  }
  /// A Go duration string ("60s", "5m"); negative durations are rejected.
  void read_duration(std::string_view key, std::chrono::nanoseconds& out);
  /// One of `choices`, compared case-insensitively and stored as the matching choice.
  void read_choice(std::string_view key, std::string& out, std::vector<std::string_view> choices);
  /// Like read(string) but the key must be present with a non-empty value.
  void read_required(std::string_view key, std::string& out);

  /// Accepts a key that DM still parses but that has no effect (deprecated keys).
  void ignore(std::string_view key);
  /// The mapping under `key`; absent or null gives an empty reader.
  map_reader child(std::string_view key);
  /// Each item of the list under `key` (absent or null: none).
  void for_each_item(std::string_view key,
                     const std::function<void(std::size_t, const YAML::Node&, const std::string&)>& fn);
  /// Each entry of a mapping from user-chosen names (rule sets such as `routes`).
  void for_each_named(std::string_view key,
                      const std::function<void(const std::string& name, const YAML::Node& value,
                                               const YAML::Mark& name_mark, const std::string& path)>& fn);

  /// The raw value under `key` (undefined when absent or null), marking the key as known:
  /// for sections that must be read after the rest of the mapping.
  YAML::Node take_node(std::string_view key);

  /// Present with a non-null value. Does not mark the key as known.
  bool has(std::string_view key) const;
  /// Written at all, even with no value. Does not mark the key as known.
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  /// Where to point for `key`: its value, else the key, else this mapping.
  YAML::Mark mark_of(std::string_view key) const;
  /// Where the key itself is written (this mapping's mark when absent).
  YAML::Mark key_mark_of(std::string_view key) const;
  YAML::Mark mark() const { return mark_; }
  std::string path_of(std::string_view key) const { return join_path(path_, key); }
  const std::string& path() const noexcept { return path_; }
  parse_context& context() const noexcept { return *ctx_; }

  void finish();

 private:
  struct entry {
    std::string key;
    YAML::Mark key_mark;
    YAML::Node value;
    bool merged = false;  // supplied by a "<<" merge key
    bool used = false;
  };

  /// Marks `key` known and returns its non-null value, if any.
  const entry* take(std::string_view key);
  const entry* find(std::string_view key) const;
  std::optional<std::int64_t> read_int(std::string_view key, std::int64_t min, std::int64_t max);
  void add_entries(const YAML::Node& node, bool merged);

  parse_context* ctx_;
  std::string path_;
  YAML::Mark mark_;
  std::vector<entry> entries_;
  std::vector<std::string> known_keys_;
  bool finished_ = false;
};

}  // namespace sluice::config::detail
