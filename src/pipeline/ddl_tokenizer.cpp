#include "pipeline/ddl_tokenizer.hpp"

namespace sluice::pipeline {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
         u == '$' || u >= 0x80;
}

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// The end of a quoted run starting at `open` (the quote byte). Doubling the quote escapes it;
// inside strings a backslash escapes the next byte unless NO_BACKSLASH_ESCAPES is set.
std::size_t quoted_end(std::string_view sql, std::size_t open, bool backslash_escapes) {
  const char quote = sql[open];
  std::size_t i = open + 1;
  while (i < sql.size()) {
    if (backslash_escapes && sql[i] == '\\') {
      i += 2;
    } else if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        i += 2;
      } else {
        return i + 1;
      }
    } else {
      ++i;
    }
  }
  return sql.size();
}

std::string unquote_name(std::string_view quoted) {
  const char quote = quoted.front();
  const bool closed = quoted.size() >= 2 && quoted.back() == quote;
  std::string_view body = quoted.substr(1, quoted.size() - (closed ? 2 : 1));
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    out.push_back(body[i]);
    if (body[i] == quote && i + 1 < body.size() && body[i + 1] == quote)
      ++i;
  }
  return out;
}

}  // namespace

sql_lexing sql_lexing::from_sql_mode(std::uint64_t sql_mode) noexcept {
  sql_lexing out;
  out.ansi_quotes = (sql_mode & (std::uint64_t{1} << 2)) != 0 || (sql_mode & (std::uint64_t{1} << 18)) != 0;
  out.no_backslash_escapes = (sql_mode & (std::uint64_t{1} << 20)) != 0;
  return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (upper(a[i]) != upper(b[i]))
      return false;
  return true;
}

std::vector<sql_token> tokenize_sql(std::string_view sql, const sql_lexing& lexing) {
  std::vector<sql_token> out;
  const std::size_t n = sql.size();
  std::size_t i = 0;
  bool in_executable_comment = false;
  auto at = [&](std::size_t k) { return k < n ? sql[k] : '\0'; };
  while (i < n) {
    const char c = sql[i];
    if (is_space(c)) {
      ++i;
    } else if (c == '/' && at(i + 1) == '*') {
      // "/*!50100 code */" and MariaDB's "/*M!100100 code */" hold code that the server runs:
      // read what is inside and drop only the markers. Anything else is a comment.
      std::size_t code = 0;
      if (at(i + 2) == '!')
        code = i + 3;
      else if (at(i + 2) == 'M' && at(i + 3) == '!')
        code = i + 4;
      if (code != 0 && !in_executable_comment) {
        for (int digits = 0; digits < 6 && at(code) >= '0' && at(code) <= '9'; ++digits)
          ++code;
        in_executable_comment = true;
        i = code;
      } else {
        const auto close = sql.find("*/", i + 2);
        i = close == std::string_view::npos ? n : close + 2;
      }
    } else if (in_executable_comment && c == '*' && at(i + 1) == '/') {
      in_executable_comment = false;
      i += 2;
    } else if (c == '#' || (c == '-' && at(i + 1) == '-' &&
                            (i + 2 >= n || is_space(sql[i + 2]) ||
                             static_cast<unsigned char>(sql[i + 2]) < 0x20))) {
      const auto eol = sql.find('\n', i);
      i = eol == std::string_view::npos ? n : eol + 1;
    } else if (c == '`' || (c == '"' && lexing.ansi_quotes)) {
      const auto end = quoted_end(sql, i, false);
      out.push_back({sql_token_kind::quoted_name, unquote_name(sql.substr(i, end - i)), i, end});
      i = end;
    } else if (c == '\'' || c == '"') {
      const auto end = quoted_end(sql, i, !lexing.no_backslash_escapes);
      out.push_back({sql_token_kind::string, std::string(sql.substr(i, end - i)), i, end});
      i = end;
    } else if (is_word_byte(c)) {
      auto end = i;
      while (end < n && is_word_byte(sql[end]))
        ++end;
      out.push_back({sql_token_kind::word, std::string(sql.substr(i, end - i)), i, end});
      i = end;
    } else {
      out.push_back({sql_token_kind::symbol, std::string(1, c), i, i + 1});
      ++i;
    }
  }
  return out;
}

const sql_token* sql_cursor::peek(std::size_t ahead) const noexcept {
  return i_ + ahead < tokens_->size() ? &(*tokens_)[i_ + ahead] : nullptr;
}

bool sql_cursor::is_keyword(std::string_view upper_keyword, std::size_t ahead) const noexcept {
  const auto* t = peek(ahead);
  return t != nullptr && t->kind == sql_token_kind::word && iequals(t->text, upper_keyword);
}

bool sql_cursor::is_symbol(char c, std::size_t ahead) const noexcept {
  const auto* t = peek(ahead);
  return t != nullptr && t->kind == sql_token_kind::symbol && t->text[0] == c;
}

bool sql_cursor::accept(std::string_view upper_keyword) noexcept {
  if (!is_keyword(upper_keyword))
    return false;
  ++i_;
  return true;
}

bool sql_cursor::accept_all(std::initializer_list<std::string_view> upper_keywords) noexcept {
  std::size_t ahead = 0;
  for (auto keyword : upper_keywords)
    if (!is_keyword(keyword, ahead++))
      return false;
  i_ += ahead;
  return true;
}

bool sql_cursor::accept_symbol(char c) noexcept {
  if (!is_symbol(c))
    return false;
  ++i_;
  return true;
}

std::optional<sql_token> sql_cursor::identifier() noexcept {
  const auto* t = peek();
  if (t == nullptr || (t->kind != sql_token_kind::word && t->kind != sql_token_kind::quoted_name))
    return std::nullopt;
  ++i_;
  return *t;
}

void sql_cursor::skip_one() noexcept {
  if (!accept_symbol('(')) {
    if (!at_end())
      ++i_;
    return;
  }
  int depth = 1;
  while (!at_end() && depth > 0) {
    if (is_symbol('('))
      ++depth;
    else if (is_symbol(')'))
      --depth;
    ++i_;
  }
}

}  // namespace sluice::pipeline
