#pragma once
// A MySQL/MariaDB lexer just deep enough to find names in DDL: it knows the quoting rules
// (`identifiers`, 'strings', "strings", ANSI_QUOTES, backslash escapes), skips comments
// (/* */, "-- ", #) and reads the code inside executable comments (/*!50100 ... */, /*M! ... */).
// Every token keeps its byte range in the query, so a rewrite can replace exactly those bytes.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::pipeline {

/// The parts of the upstream sql_mode that change how a statement is lexed.
struct sql_lexing {
  bool ansi_quotes = false;           // "x" is an identifier, not a string
  bool no_backslash_escapes = false;  // '\' is an ordinary character inside strings

  /// From the sql_mode bit set a QUERY event carries (MODE_ANSI_QUOTES = 1<<2, MODE_ANSI = 1<<18,
  /// MODE_NO_BACKSLASH_ESCAPES = 1<<20, same bits in MySQL and MariaDB).
  static sql_lexing from_sql_mode(std::uint64_t sql_mode) noexcept;
};

enum class sql_token_kind : std::uint8_t {
  word,         // unquoted identifier, keyword or number
  quoted_name,  // `name` (or "name" under ANSI_QUOTES); text has the quotes removed and doubling undone
  string,       // 'text' or "text"; text is the raw source, quotes included
  symbol,       // one punctuation character
};

struct sql_token {
  sql_token_kind kind = sql_token_kind::word;
  std::string text;
  std::size_t begin = 0;  // byte offsets into the query, end exclusive
  std::size_t end = 0;
};

/// Splits `sql` into tokens; never fails (an unterminated quote runs to the end of the input).
std::vector<sql_token> tokenize_sql(std::string_view sql, const sql_lexing& lexing = {});

/// Walks a token list. Keyword tests are case-insensitive ASCII and never match quoted names.
/// A cheap value type over a borrowed vector: the tokens must outlive it.
class sql_cursor {
 public:
  explicit sql_cursor(const std::vector<sql_token>& tokens) : tokens_(&tokens) {}

  bool at_end() const noexcept { return i_ >= tokens_->size(); }
  std::size_t position() const noexcept { return i_; }
  void seek(std::size_t i) noexcept { i_ = i; }
  /// The token `ahead` places on, or nullptr past the end.
  const sql_token* peek(std::size_t ahead = 0) const noexcept;

  bool is_keyword(std::string_view upper_keyword, std::size_t ahead = 0) const noexcept;
  bool is_symbol(char c, std::size_t ahead = 0) const noexcept;
  bool accept(std::string_view upper_keyword) noexcept;
  /// All of the keywords in order, or none of them (the cursor does not move).
  bool accept_all(std::initializer_list<std::string_view> upper_keywords) noexcept;
  bool accept_symbol(char c) noexcept;
  /// A word or quoted name (strings are not identifiers).
  std::optional<sql_token> identifier() noexcept;
  /// Moves past one token; at '(' past the whole balanced group.
  void skip_one() noexcept;

 private:
  const std::vector<sql_token>* tokens_;
  std::size_t i_ = 0;
};

/// ASCII case-insensitive equality, for keywords and index/column names.
bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace sluice::pipeline
