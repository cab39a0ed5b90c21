#include "pipeline/ddl_statement.hpp"

#include <algorithm>

#include "pipeline/ddl_parser.hpp"

namespace sluice::pipeline {

namespace detail {

std::optional<name_ref> ddl_parser::qualified_name() {
  const auto saved = c_.position();
  auto first = c_.identifier();
  if (!first)
    return std::nullopt;
  name_ref out;
  out.begin = first->begin;
  out.end = first->end;
  if (c_.accept_symbol('.')) {
    auto second = c_.identifier();
    if (!second) {
      c_.seek(saved);
      return std::nullopt;
    }
    out.name = table_name{first->text, second->text};
    out.end = second->end;
  } else {
    out.name = table_name{d_.current_schema, first->text};
  }
  return out;
}

bool ddl_parser::add_table(bool referenced) {
  auto name = qualified_name();
  if (!name)
    return false;
  name->referenced = referenced;
  if (!referenced)
    d_.tables.push_back(name->name);
  d_.names.push_back(std::move(*name));
  return true;
}

void ddl_parser::add_references_to_end() {
  while (!c_.at_end()) {
    if (!(c_.accept("REFERENCES") && add_table(true)))
      c_.seek(c_.position() + 1);
  }
}

std::size_t ddl_parser::end_of_previous_token() const {
  return c_.position() == 0 ? 0 : tokens_[c_.position() - 1].end;
}

bool ddl_parser::parse_database_name(ddl_kind kind) {
  auto name = c_.identifier();
  if (!name)
    return false;
  d_.kind = kind;
  d_.schema = name->text;
  d_.names.push_back(name_ref{name->begin, name->end, table_name{name->text, ""}, false});
  return true;
}

void ddl_parser::parse_create() {
  c_.accept_all({"OR", "REPLACE"});
  if (c_.accept("TEMPORARY"))
    return;  // session-local, never replicated (DM skips temporary tables too)
  if (c_.accept("DATABASE") || c_.accept("SCHEMA")) {
    c_.accept_all({"IF", "NOT", "EXISTS"});
    parse_database_name(ddl_kind::create_database);
    return;
  }
  if (c_.accept("TABLE")) {
    c_.accept_all({"IF", "NOT", "EXISTS"});
    if (!add_table())
      return;
    d_.kind = ddl_kind::create_table;
    if (c_.accept("LIKE") || (c_.is_symbol('(') && c_.is_keyword("LIKE", 1) && c_.accept_symbol('(') &&
                              c_.accept("LIKE"))) {
      add_table();
      return;
    }
    add_references_to_end();
    return;
  }
  if (!c_.accept("ONLINE"))
    c_.accept("OFFLINE");
  if (!c_.accept("UNIQUE") && !c_.accept("FULLTEXT"))
    c_.accept("SPATIAL");
  if (!c_.accept("INDEX"))
    return;  // views, triggers, procedures, functions, events, users...: not replicated
  c_.accept_all({"IF", "NOT", "EXISTS"});
  if (!c_.identifier())
    return;
  while (!c_.at_end() && !c_.is_keyword("ON"))
    c_.skip_one();  // USING BTREE may come before ON
  if (c_.accept("ON") && add_table())
    d_.kind = ddl_kind::create_index;
}

void ddl_parser::parse_drop() {
  if (c_.accept("TEMPORARY"))
    return;
  if (c_.accept("DATABASE") || c_.accept("SCHEMA")) {
    c_.accept_all({"IF", "EXISTS"});
    parse_database_name(ddl_kind::drop_database);
    return;
  }
  if (c_.accept("TABLE") || c_.accept("TABLES")) {
    c_.accept_all({"IF", "EXISTS"});
    do {
      if (!add_table())
        break;
    } while (c_.accept_symbol(','));
    if (!d_.tables.empty())
      d_.kind = ddl_kind::drop_table;
    return;
  }
  if (!c_.accept("ONLINE"))
    c_.accept("OFFLINE");
  if (c_.accept("INDEX")) {
    c_.accept_all({"IF", "EXISTS"});
    if (c_.identifier() && c_.accept("ON") && add_table())
      d_.kind = ddl_kind::drop_index;
  }
}

void ddl_parser::parse_alter() {
  if (!c_.accept("ONLINE"))
    c_.accept("OFFLINE");
  c_.accept("IGNORE");
  if (c_.accept("DATABASE") || c_.accept("SCHEMA")) {
    // The name is optional: ALTER DATABASE CHARACTER SET x alters the current schema.
    static constexpr std::string_view options[] = {"DEFAULT", "CHARACTER", "CHARSET", "COLLATE",
                                                   "ENCRYPTION", "READ", "COMMENT"};
    const bool named = !c_.at_end() && std::none_of(std::begin(options), std::end(options),
                                                     [&](std::string_view o) { return c_.is_keyword(o); });
    if (named) {
      parse_database_name(ddl_kind::alter_database);
    } else if (!d_.current_schema.empty()) {
      const auto at = end_of_previous_token();
      d_.kind = ddl_kind::alter_database;
      d_.schema = d_.current_schema;
      d_.names.push_back(name_ref{at, at, table_name{d_.current_schema, ""}, false});
    }
    return;
  }
  if (!c_.accept("TABLE"))
    return;
  c_.accept_all({"IF", "EXISTS"});
  if (!add_table())
    return;
  d_.kind = ddl_kind::alter_table;
  parse_alter_changes();
}

void ddl_parser::parse_rename() {
  if (!c_.accept("TABLE") && !c_.accept("TABLES"))
    return;  // RENAME USER
  c_.accept_all({"IF", "EXISTS"});
  const auto tables_before = d_.tables.size();
  do {
    const auto saved_tables = d_.tables.size();
    const auto saved_names = d_.names.size();
    if (!add_table())
      break;
    if (c_.accept("WAIT"))
      c_.skip_one();
    else
      c_.accept("NOWAIT");
    if (!c_.accept("TO") || !add_table()) {
      d_.tables.resize(saved_tables);
      d_.names.resize(saved_names);
      break;
    }
  } while (c_.accept_symbol(','));
  if (d_.tables.size() > tables_before)
    d_.kind = ddl_kind::rename_table;
}

void ddl_parser::parse() {
  if (c_.accept("CREATE")) {
    parse_create();
  } else if (c_.accept("DROP")) {
    parse_drop();
  } else if (c_.accept("ALTER")) {
    parse_alter();
  } else if (c_.accept("TRUNCATE")) {
    c_.accept("TABLE");
    if (add_table())
      d_.kind = ddl_kind::truncate_table;
  } else if (c_.accept("RENAME")) {
    parse_rename();
  }
  if (d_.kind == ddl_kind::not_ddl) {
    d_.tables.clear();
    d_.names.clear();
    d_.changes.clear();
    d_.schema.clear();
  }
}

}  // namespace detail

std::string_view ddl_event_name(ddl_kind kind) noexcept {
  switch (kind) {
    case ddl_kind::not_ddl: return "";
    case ddl_kind::create_database: return "create database";
    case ddl_kind::drop_database: return "drop database";
    case ddl_kind::alter_database: return "alter database";
    case ddl_kind::create_table: return "create table";
    case ddl_kind::alter_table: return "alter table";
    case ddl_kind::drop_table: return "drop table";
    case ddl_kind::truncate_table: return "truncate table";
    case ddl_kind::rename_table: return "rename table";
    case ddl_kind::create_index: return "create index";
    case ddl_kind::drop_index: return "drop index";
  }
  return "";
}

bool ddl_statement::alters_columns() const noexcept {
  return std::any_of(changes.begin(), changes.end(), [](const alter_change& c) { return c.alters_columns; });
}

bool ddl_statement::alters_keys() const noexcept {
  return kind == ddl_kind::create_index || kind == ddl_kind::drop_index ||
         std::any_of(changes.begin(), changes.end(), [](const alter_change& c) { return c.alters_keys; });
}

std::vector<std::string> ddl_statement::events() const {
  std::vector<std::string> out;
  if (kind == ddl_kind::alter_table && !changes.empty()) {
    for (const auto& c : changes)
      out.push_back(c.event);
  } else if (kind != ddl_kind::not_ddl) {
    out.emplace_back(ddl_event_name(kind));
  }
  return out;
}

ddl_statement parse_ddl(std::string_view current_schema, std::string_view query, const sql_lexing& lexing) {
  ddl_statement d;
  d.current_schema = std::string(current_schema);
  d.query = std::string(query);
  d.lexing = lexing;
  const auto tokens = tokenize_sql(query, lexing);
  detail::ddl_parser(d, tokens).parse();
  return d;
}

}  // namespace sluice::pipeline
