#include "pipeline/sql_lexer.hpp"

#include <array>

namespace sluice::pipeline {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
// MySQL identifiers: letters, digits, '_', '$' and any non-ASCII (UTF-8) byte.
bool is_name_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

int hex_value(char c) {
  if (is_digit(c))
    return c - '0';
  return (c | 0x20) - 'a' + 10;
}

std::string hex_to_bytes(std::string_view digits) {
  std::string padded = digits.size() % 2 ? "0" + std::string(digits) : std::string(digits);
  std::string out;
  for (std::size_t i = 0; i < padded.size(); i += 2)
    out.push_back(static_cast<char>(hex_value(padded[i]) * 16 + hex_value(padded[i + 1])));
  return out;
}

// Character-set introducers that may prefix a string literal (_utf8mb4'text'); the text is kept.
bool is_introducer(std::string_view word) {
  static constexpr std::array<std::string_view, 7> names = {"_utf8mb4", "_utf8",  "_utf8mb3", "_latin1",
                                                            "_binary",  "_ascii", "_gbk"};
  for (auto name : names)
    if (name_equals(word, name))
      return true;
  return false;
}

class lexer {
 public:
  explicit lexer(std::string_view text) : text_(text) {}

  tl::expected<std::vector<expr_token>, expression_error> run() {
    while (error_.message.empty()) {
      skip_blanks();
      if (!error_.message.empty())
        break;
      if (pos_ >= text_.size()) {
        tokens_.push_back({expr_token_kind::end, {}, text_.size()});
        return std::move(tokens_);
      }
      next_token();
    }
    return tl::unexpected(error_);
  }

 private:
  void fail(std::size_t at, std::string message) {
    if (error_.message.empty())
      error_ = {at, std::move(message)};
  }

  char at(std::size_t i) const { return i < text_.size() ? text_[i] : '\0'; }

  void skip_blanks() {
    for (;;) {
      if (pos_ < text_.size() && is_space(text_[pos_])) {
        ++pos_;
      } else if (at(pos_) == '#' || (at(pos_) == '-' && at(pos_ + 1) == '-' &&
                                     (pos_ + 2 >= text_.size() || is_space(at(pos_ + 2)) ||
                                      static_cast<unsigned char>(at(pos_ + 2)) < 0x20))) {
        while (pos_ < text_.size() && text_[pos_] != '\n')
          ++pos_;
      } else if (at(pos_) == '/' && at(pos_ + 1) == '*') {
        if (at(pos_ + 2) == '!' || at(pos_ + 2) == '+')
          return fail(pos_, "versioned comments and optimizer hints are not supported");
        const auto close = text_.find("*/", pos_ + 2);
        if (close == std::string_view::npos)
          return fail(pos_, "unterminated comment");
        pos_ = close + 2;
      } else {
        return;
      }
    }
  }

  void push(expr_token_kind kind, std::string text, std::size_t start) {
    if (kind == expr_token_kind::string && !tokens_.empty() && tokens_.back().kind == expr_token_kind::string) {
      tokens_.back().text += text;  // 'a' 'b' is 'ab', as in MySQL
      return;
    }
    tokens_.push_back({kind, std::move(text), start});
  }

  void next_token() {
    const std::size_t start = pos_;
    const char c = text_[pos_];
    if (c == '\'' || c == '"')
      return quoted_string(start);
    if (c == '`')
      return quoted_name(start);
    if (is_digit(c) || (c == '.' && is_digit(at(pos_ + 1))))
      return number(start);
    if (is_name_char(c))
      return word(start);
    if (c == '@')
      return fail(start,
                  at(pos_ + 1) == '@' ? "system variables are not supported" : "user variables are not supported");
    if (c == '?')
      return fail(start, "placeholders are not supported");
    if (c == ';')
      return fail(start, "only one expression is allowed (found ';')");
    if (c == ':' && at(pos_ + 1) == '=')
      return fail(start, "assignments are not supported");
    if (c == '-' && at(pos_ + 1) == '>')
      return fail(start, "JSON path operators are not supported");
    static constexpr std::array<std::string_view, 10> two_or_three = {
        "<=>", "<=", ">=", "<>", "!=", "<<", ">>", "&&", "||", ":="};
    for (auto op : two_or_three) {
      if (text_.substr(pos_, op.size()) == op) {
        pos_ += op.size();
        return push(expr_token_kind::symbol, std::string(op), start);
      }
    }
    if (std::string_view("(),+-*/%=<>!~^|&.").find(c) != std::string_view::npos) {
      ++pos_;
      return push(expr_token_kind::symbol, std::string(1, c), start);
    }
    fail(start, std::string("unexpected character '") + c + "'");
  }

  // A string literal whose opening quote is at pos_; `start` is where its token begins (an
  // introducer or N prefix may come first).
  void quoted_string(std::size_t start) {
    const char quote = text_[pos_++];
    std::string out;
    for (;;) {
      if (pos_ >= text_.size())
        return fail(start, "unterminated string");
      const char c = text_[pos_++];
      if (c == quote) {
        if (at(pos_) != quote)
          break;
        ++pos_;
        out.push_back(quote);
      } else if (c == '\\' && pos_ < text_.size()) {
        const char e = text_[pos_++];
        switch (e) {
          case '0': out.push_back('\0'); break;
          case 'b': out.push_back('\b'); break;
          case 'n': out.push_back('\n'); break;
          case 'r': out.push_back('\r'); break;
          case 't': out.push_back('\t'); break;
          case 'Z': out.push_back('\x1A'); break;
          case '%':
          case '_':
            out.push_back('\\');
            out.push_back(e);
            break;  // kept for LIKE
          default: out.push_back(e); break;
        }
      } else {
        out.push_back(c);
      }
    }
    push(expr_token_kind::string, std::move(out), start);
  }

  void quoted_name(std::size_t start) {
    ++pos_;
    std::string out;
    for (;;) {
      if (pos_ >= text_.size())
        return fail(start, "unterminated quoted name");
      const char c = text_[pos_++];
      if (c == '`') {
        if (at(pos_) != '`')
          break;
        ++pos_;
      }
      out.push_back(c);
    }
    if (out.empty())
      return fail(start, "empty quoted name");
    push(expr_token_kind::quoted_name, std::move(out), start);
  }

  void number(std::size_t start) {
    if (text_[pos_] == '0' && (at(pos_ + 1) == 'x' || at(pos_ + 1) == 'b')) {
      const bool hex = at(pos_ + 1) == 'x';
      std::size_t end = pos_ + 2;
      while (end < text_.size() && (hex ? is_hex_digit(text_[end]) : (text_[end] == '0' || text_[end] == '1')))
        ++end;
      if (end > pos_ + 2 && !is_name_char(at(end))) {
        std::string digits(text_.substr(pos_ + 2, end - pos_ - 2));
        pos_ = end;
        return push(hex ? expr_token_kind::hex : expr_token_kind::bits, hex ? hex_to_bytes(digits) : digits, start);
      }
      return word(start);  // 0xyz is an identifier in MySQL
    }
    std::size_t end = pos_;
    while (is_digit(at(end)))
      ++end;
    expr_token_kind kind = expr_token_kind::integer;
    if (at(end) == '.') {
      kind = expr_token_kind::decimal;
      ++end;
      while (is_digit(at(end)))
        ++end;
    }
    if ((at(end) == 'e' || at(end) == 'E') &&
        (is_digit(at(end + 1)) || ((at(end + 1) == '-' || at(end + 1) == '+') && is_digit(at(end + 2))))) {
      kind = expr_token_kind::real;
      end += 2;
      while (is_digit(at(end)))
        ++end;
    }
    if (is_name_char(at(end))) {
      if (kind == expr_token_kind::integer)
        return word(start);  // identifiers may start with digits: 2fa_enabled
      return fail(start, "malformed number");
    }
    push(kind, std::string(text_.substr(pos_, end - pos_)), start);
    pos_ = end;
  }

  void word(std::size_t start) {
    std::size_t end = pos_;
    while (is_name_char(at(end)))
      ++end;
    const std::string_view name = text_.substr(pos_, end - pos_);
    if (at(end) == '\'' && name.size() == 1) {
      const char prefix = static_cast<char>(name[0] | 0x20);
      if (prefix == 'x' || prefix == 'b' || prefix == 'n') {
        pos_ = end;
        return prefixed_literal(prefix, start);
      }
    }
    std::size_t after = end;
    while (is_space(at(after)))
      ++after;
    if (is_introducer(name) && (at(after) == '\'' || at(after) == '"')) {
      pos_ = after;
      return quoted_string(start);
    }
    pos_ = end;
    push(expr_token_kind::word, std::string(name), start);
  }

  // X'hex', B'bits', N'national string' with pos_ on the quote.
  void prefixed_literal(char prefix, std::size_t start) {
    if (prefix == 'n')
      return quoted_string(start);
    const auto close = text_.find('\'', pos_ + 1);
    if (close == std::string_view::npos)
      return fail(start, "unterminated string");
    const std::string_view digits = text_.substr(pos_ + 1, close - pos_ - 1);
    for (char d : digits)
      if (prefix == 'x' ? !is_hex_digit(d) : (d != '0' && d != '1'))
        return fail(start, prefix == 'x' ? "invalid hexadecimal literal" : "invalid bit literal");
    if (prefix == 'x' && digits.size() % 2)
      return fail(start, "a hexadecimal literal X'...' needs an even number of digits");
    pos_ = close + 1;
    push(prefix == 'x' ? expr_token_kind::hex : expr_token_kind::bits,
         prefix == 'x' ? hex_to_bytes(digits) : std::string(digits), start);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::vector<expr_token> tokens_;
  expression_error error_;
};

}  // namespace

bool name_equals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = static_cast<char>(x | 0x20);
    if (y >= 'A' && y <= 'Z')
      y = static_cast<char>(y | 0x20);
    if (x != y)
      return false;
  }
  return true;
}

tl::expected<std::vector<expr_token>, expression_error> tokenize_expression(std::string_view text) {
  return lexer(text).run();
}

}  // namespace sluice::pipeline
