#pragma once
// Tokens of one MySQL expression (the text of a DM expression-filter rule), each with its offset.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace sluice::pipeline {

/// Why an expression was refused, and where: `position` is a byte offset into its text.
struct expression_error {
  enum class kind : std::uint8_t {
    syntax,             // parsing: the text is not a supported expression
    unknown_column,     // binding: the table has no such column
    unreadable_column,  // binding: JSON, GEOMETRY, ENUM/SET without members
    evaluation,         // a row: out-of-range result, unreadable cell
  };
  std::size_t position = 0;
  std::string message;
  kind code = kind::syntax;
};

enum class expr_token_kind : std::uint8_t {
  end,          // after the last token; position = text size
  word,         // identifier or keyword as written: AND, c, DATE_FORMAT
  quoted_name,  // `backticked` identifier, backticks removed and `` undoubled
  integer,      // 123 (digits)
  decimal,      // 1.5, .5, 5. (digits and point)
  real,         // 1e3, 1.5E-2
  string,       // 'text' or "text" with escapes decoded; adjacent literals already joined
  hex,          // X'4142' or 0x4142, decoded to bytes
  bits,         // b'0101' or 0b0101, as the binary digits
  symbol,       // ( ) , + - * / % = <=> != <> < <= > >= && || ! ~ ^ | & << >> .
};

struct expr_token {
  expr_token_kind kind = expr_token_kind::end;
  std::string text;
  std::size_t position = 0;
};

/// Splits `text` into tokens ending with one expr_token_kind::end. Comments (#, "-- ", /* */) are
/// skipped. Refused, with the offending position: unterminated strings, names and comments, user
/// and system variables (@x, @@x), placeholders (?), versioned comments (/*! */), assignments
/// (:=), statement separators (;), JSON arrows (->, ->>) and characters that start no token.
tl::expected<std::vector<expr_token>, expression_error> tokenize_expression(std::string_view text);

/// Case-insensitive (ASCII) comparison, for keywords, function and column names.
bool name_equals(std::string_view a, std::string_view b) noexcept;

}  // namespace sluice::pipeline
