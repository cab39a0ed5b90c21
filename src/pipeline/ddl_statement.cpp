#include "pipeline/ddl_statement.hpp"

#include <cctype>
#include <optional>

namespace sluice::pipeline {

namespace {

struct token {
  std::string text;
  bool quoted = false;  // a `backticked` identifier: never a keyword
};

// Splits SQL into words, `quoted` identifiers and single punctuation characters; drops comments.
std::vector<token> tokenize(std::string_view sql) {
  std::vector<token> out;
  std::size_t i = 0;
  auto n = sql.size();
  while (i < n) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? n : end + 2;
    } else if (c == '#' || (c == '-' && i + 2 < n && sql[i + 1] == '-' && sql[i + 2] == ' ')) {
      auto end = sql.find('\n', i);
      i = end == std::string_view::npos ? n : end + 1;
    } else if (c == '`') {
      token t{{}, true};
      ++i;
      while (i < n) {
        if (sql[i] == '`') {
          if (i + 1 < n && sql[i + 1] == '`') {
            t.text.push_back('`');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        t.text.push_back(sql[i++]);
      }
      out.push_back(std::move(t));
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
               static_cast<unsigned char>(c) >= 0x80) {
      token t;
      while (i < n && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' ||
                       sql[i] == '$' || static_cast<unsigned char>(sql[i]) >= 0x80))
        t.text.push_back(sql[i++]);
      out.push_back(std::move(t));
    } else {
      out.push_back(token{std::string(1, c), false});
      ++i;
    }
  }
  return out;
}

/// Walks the token list; keyword matches are case-insensitive and never match quoted names.
class cursor {
 public:
  explicit cursor(std::vector<token> tokens) : tokens_(std::move(tokens)) {}

  bool accept(std::string_view keyword) {
    if (at_end() || tokens_[i_].quoted)
      return false;
    const auto& t = tokens_[i_].text;
    if (t.size() != keyword.size())
      return false;
    for (std::size_t k = 0; k < t.size(); ++k)
      if (std::toupper(static_cast<unsigned char>(t[k])) != keyword[k])
        return false;
    ++i_;
    return true;
  }
  bool accept_all(std::initializer_list<std::string_view> words) {
    auto saved = i_;
    for (auto w : words)
      if (!accept(w)) {
        i_ = saved;
        return false;
      }
    return true;
  }
  std::optional<std::string> identifier() {
    if (at_end())
      return std::nullopt;
    const auto& t = tokens_[i_];
    if (!t.quoted && (t.text.empty() || !(std::isalnum(static_cast<unsigned char>(t.text[0])) ||
                                          t.text[0] == '_' || t.text[0] == '$' ||
                                          static_cast<unsigned char>(t.text[0]) >= 0x80)))
      return std::nullopt;
    ++i_;
    return t.text;
  }
  std::optional<table_name> qualified_name(std::string_view current_schema) {
    auto first = identifier();
    if (!first)
      return std::nullopt;
    if (accept(".")) {
      auto second = identifier();
      if (!second)
        return std::nullopt;
      return table_name{*first, *second};
    }
    return table_name{std::string(current_schema), *first};
  }
  bool at_end() const { return i_ >= tokens_.size(); }

 private:
  std::vector<token> tokens_;
  std::size_t i_ = 0;
};

void parse_create(cursor& c, ddl_statement& d) {
  c.accept_all({"OR", "REPLACE"});
  if (c.accept("TEMPORARY"))
    return;  // temporary tables are session-local and never replicated (DM skips them too)
  if (c.accept("DATABASE") || c.accept("SCHEMA")) {
    c.accept_all({"IF", "NOT", "EXISTS"});
    if (auto name = c.identifier()) {
      d.kind = ddl_kind::create_database;
      d.schema = *name;
    }
    return;
  }
  if (c.accept("TABLE")) {
    c.accept_all({"IF", "NOT", "EXISTS"});
    if (auto name = c.qualified_name(d.current_schema)) {
      d.kind = ddl_kind::create_table;
      d.tables.push_back(*name);
    }
    return;
  }
  c.accept("ONLINE") || c.accept("OFFLINE");
  c.accept("UNIQUE") || c.accept("FULLTEXT") || c.accept("SPATIAL");
  if (c.accept("INDEX")) {
    c.accept_all({"IF", "NOT", "EXISTS"});
    if (c.identifier() && c.accept("ON"))
      if (auto name = c.qualified_name(d.current_schema)) {
        d.kind = ddl_kind::create_index;
        d.tables.push_back(*name);
      }
  }
}

void parse_drop(cursor& c, ddl_statement& d) {
  if (c.accept("TEMPORARY"))
    return;
  if (c.accept("DATABASE") || c.accept("SCHEMA")) {
    c.accept_all({"IF", "EXISTS"});
    if (auto name = c.identifier()) {
      d.kind = ddl_kind::drop_database;
      d.schema = *name;
    }
    return;
  }
  if (c.accept("TABLE")) {
    c.accept_all({"IF", "EXISTS"});
    do {
      auto name = c.qualified_name(d.current_schema);
      if (!name)
        break;
      d.tables.push_back(*name);
    } while (c.accept(","));
    if (!d.tables.empty())
      d.kind = ddl_kind::drop_table;
    return;
  }
  c.accept("ONLINE") || c.accept("OFFLINE");
  if (c.accept("INDEX")) {
    c.accept_all({"IF", "EXISTS"});
    if (c.identifier() && c.accept("ON"))
      if (auto name = c.qualified_name(d.current_schema)) {
        d.kind = ddl_kind::drop_index;
        d.tables.push_back(*name);
      }
  }
}

}  // namespace

ddl_statement parse_ddl(std::string_view current_schema, std::string_view query) {
  ddl_statement d;
  d.current_schema = std::string(current_schema);
  d.query = std::string(query);
  cursor c(tokenize(query));
  if (c.accept("CREATE")) {
    parse_create(c, d);
  } else if (c.accept("DROP")) {
    parse_drop(c, d);
  } else if (c.accept("ALTER")) {
    c.accept("ONLINE");
    c.accept("IGNORE");
    if (c.accept("DATABASE") || c.accept("SCHEMA")) {
      d.kind = ddl_kind::alter_database;
      auto saved_schema = c.identifier();
      d.schema = saved_schema ? *saved_schema : d.current_schema;
    } else if (c.accept("TABLE")) {
      if (auto name = c.qualified_name(d.current_schema)) {
        d.kind = ddl_kind::alter_table;
        d.tables.push_back(*name);
      }
    }
  } else if (c.accept("TRUNCATE")) {
    c.accept("TABLE");
    if (auto name = c.qualified_name(d.current_schema)) {
      d.kind = ddl_kind::truncate_table;
      d.tables.push_back(*name);
    }
  } else if (c.accept("RENAME")) {
    if (c.accept("TABLE")) {
      do {
        auto from = c.qualified_name(d.current_schema);
        if (!from || !c.accept("TO"))
          break;
        auto to = c.qualified_name(d.current_schema);
        if (!to)
          break;
        d.tables.push_back(*from);
        d.tables.push_back(*to);
      } while (c.accept(","));
      if (!d.tables.empty())
        d.kind = ddl_kind::rename_table;
    }
  }
  return d;
}

}  // namespace sluice::pipeline
