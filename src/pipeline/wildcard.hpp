#pragma once
// Schema/table name patterns as DM writes them: the wildcard syntax of tidb's
// pkg/util/table-rule-selector (used by block-allow lists, table routes and binlog event
// filters) and the "~regex" form that block-allow lists add (tidb pkg/util/filter).

#include <memory>
// GCC 12 with sanitizers reports a false -Wmaybe-uninitialized inside libstdc++'s regex
// compiler (std::function in _StateT); the pragma covers that header's code only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#else
#include <regex>
#endif
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <tl/expected.hpp>

namespace sluice::pipeline {

/// ASCII lower-casing, which is how names and patterns are folded when a task is not
/// case-sensitive. (DM folds with Go's Unicode-aware strings.ToLower; non-ASCII letters
/// are left unchanged here.)
std::string ascii_lower(std::string_view text);

/// A compiled DM wildcard. '*' matches any (possibly empty) suffix and is only allowed as
/// the last character; '?' matches one byte; "[a-z_]" matches one byte in the set and
/// "[!a-z]" one byte outside it; a '[' with no closing ']' and every other byte match
/// themselves. Matching is byte-wise and exact-case: fold both sides first when needed.
/// Immutable value type; safe to share between threads.
class wildcard {
 public:
  /// Fails with a reason on an empty pattern or a '*' that is not last.
  static tl::expected<wildcard, std::string> parse(std::string_view pattern);

  bool matches(std::string_view name) const noexcept;
  const std::string& text() const noexcept { return text_; }
  /// True when the pattern has no wildcard characters at all.
  bool is_literal() const noexcept;

 private:
  struct byte_range {
    unsigned char first;
    unsigned char last;
  };
  struct element {
    enum class kind { literal, any_byte, byte_set } what = kind::literal;
    unsigned char byte = 0;          // kind::literal
    bool negated = false;            // kind::byte_set
    std::vector<byte_range> ranges;  // kind::byte_set
    bool matches(unsigned char c) const noexcept;
  };

  std::string text_;
  std::vector<element> elements_;
  bool trailing_star_ = false;
};

/// Compiles a Go (RE2) regular expression into std::regex (ECMAScript) for the subset of
/// syntax DM users write: a leading "(?i)" becomes the icase flag, "(?P<name>" and
/// "(?<name>" become plain groups, "\A" and "\z" become '^' and '$'. Other RE2-only syntax
/// (\pL, inline flags elsewhere) is reported as an error rather than silently misread.
tl::expected<std::regex, std::string> compile_go_regex(std::string_view pattern, bool icase);

/// One block-allow-list name: "~regex" (a Go regexp searched anywhere in the name,
/// case-insensitive unless case_sensitive) or a wildcard (folded to lower case unless
/// case_sensitive). Immutable after parse; safe to share between threads.
class name_pattern {
 public:
  static tl::expected<name_pattern, std::string> parse(std::string_view text, bool case_sensitive);

  /// `name` must already be folded with ascii_lower() when the pattern is not case-sensitive.
  bool matches(std::string_view name) const;
  bool is_regex() const noexcept { return std::holds_alternative<regex_ptr>(matcher_); }

 private:
  using regex_ptr = std::shared_ptr<const std::regex>;
  explicit name_pattern(std::variant<wildcard, regex_ptr> matcher) : matcher_(std::move(matcher)) {}

  std::variant<wildcard, regex_ptr> matcher_;
};

}  // namespace sluice::pipeline
