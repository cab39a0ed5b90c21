#include "config/rules.hpp"

#include <algorithm>
#include <iterator>

#include "config/section_readers.hpp"
#include "pipeline/wildcard.hpp"

namespace sluice::config::detail {

namespace {

// tiflow pkg/binlog-filter/util.go toEventType: the accepted names, lower-case.
constexpr std::string_view event_names[] = {
    "all", "all ddl", "all dml", "none", "none ddl", "none dml", "insert", "update", "delete",
    "create database", "drop database", "alter database", "create table", "drop table", "truncate table",
    "rename table", "create index", "drop index", "create view", "drop view", "alter table",
    "add table partition", "drop table partition", "truncate table partition", "incompatible ddl changes",
    "value range decrease", "precision decrease", "modify column", "rename column", "rename index",
    "drop column", "drop primary key", "drop unique key", "modify default value", "modify constraint",
    "modify columns order", "modify charset", "modify collation", "remove auto increment",
    "modify storage engine", "reorganize table partition", "rebuild table partition",
    "coalesce table partition", "split table partition", "exchange table partition", "add foreign key",
    "drop foreign key", "modify schema charset and collate", "modify table charset and collate",
    "modify table comment", "recover table", "alter table partitioning", "remove table partitioning",
    "add column", "set default value", "rebase auto id", "add primary key", "alter index visibility",
    "alter ttl info", "alter ttl remove", "multi schema change", "create schema", "drop schema",
    "alter schema"};

std::string canonical_event(const std::string& lower) {
  if (lower == "create schema")
    return "create database";
  if (lower == "drop schema")
    return "drop database";
  if (lower == "alter schema")
    return "alter database";
  return lower;
}

void check_wildcard(map_reader& in, std::string_view key, const std::string& value) {
  if (value.empty() || !in.context().ok())
    return;
  if (auto w = pipeline::wildcard::parse(value); !w)
    in.context().fail(in.mark_of(key), in.path_of(key) + ": invalid pattern \"" + value + "\": " + w.error());
}

void check_regex(map_reader& in, std::string_view key, const std::string& value, bool icase) {
  if (!in.context().ok())
    return;
  if (auto re = pipeline::compile_go_regex(value, icase); !re)
    in.context().fail(in.mark_of(key), in.path_of(key) + ": invalid regular expression \"" + value + "\": " + re.error());
}

std::optional<route_extractor> read_extractor(map_reader& parent, std::string_view key, std::string_view regexp_key) {
  if (!parent.has(key)) {
    parent.ignore(key);
    return std::nullopt;
  }
  map_reader in = parent.child(key);
  route_extractor out;
  in.read(regexp_key, out.regexp);
  check_regex(in, regexp_key, out.regexp, false);
  in.read_required("target-column", out.target_column);
  in.finish();
  return out;
}

// A do-dbs / ignore-dbs entry or one side of a do-tables / ignore-tables entry.
void check_name_pattern(parse_context& ctx, const YAML::Mark& at, const std::string& path, const std::string& text,
                        bool case_sensitive) {
  if (!ctx.ok())
    return;
  if (text.empty()) {
    ctx.fail(at, path + ": must not be empty");
    return;
  }
  if (auto p = pipeline::name_pattern::parse(text, case_sensitive); !p)
    ctx.fail(at, path + ": invalid pattern \"" + text + "\": " + p.error());
}

void read_db_patterns(map_reader& in, std::string_view key, bool case_sensitive, std::vector<std::string>& out) {
  in.for_each_item(key, [&](std::size_t, const YAML::Node& node, const std::string& path) {
    auto text = to_string(in.context(), node, path);
    if (!text)
      return;
    check_name_pattern(in.context(), node.Mark(), path, *text, case_sensitive);
    out.push_back(std::move(*text));
  });
}

void read_table_patterns(map_reader& in, std::string_view key, bool case_sensitive,
                         std::vector<pipeline::table_pattern>& out) {
  in.for_each_item(key, [&](std::size_t, const YAML::Node& node, const std::string& path) {
    map_reader item(in.context(), node, path);
    pipeline::table_pattern pattern;
    item.read_required("db-name", pattern.db_name);
    item.read_required("tbl-name", pattern.tbl_name);
    check_name_pattern(in.context(), item.mark_of("db-name"), item.path_of("db-name"), pattern.db_name, case_sensitive);
    check_name_pattern(in.context(), item.mark_of("tbl-name"), item.path_of("tbl-name"), pattern.tbl_name,
                       case_sensitive);
    item.finish();
    out.push_back(std::move(pattern));
  });
}

}  // namespace

void read_event_filter_rule(map_reader& in, event_filter_rule& out) {
  in.read_required("schema-pattern", out.schema_pattern);
  check_wildcard(in, "schema-pattern", out.schema_pattern);
  in.read("table-pattern", out.table_pattern);
  check_wildcard(in, "table-pattern", out.table_pattern);

  in.for_each_item("events", [&](std::size_t, const YAML::Node& node, const std::string& path) {
    auto text = to_string(in.context(), node, path);
    if (!text)
      return;
    const std::string lower = pipeline::ascii_lower(*text);
    if (std::find(std::begin(event_names), std::end(event_names), lower) == std::end(event_names)) {
      in.context().fail(node.Mark(), path + ": unknown event type \"" + *text +
                                         "\" (expected e.g. \"all\", \"all dml\", \"all ddl\", \"insert\", "
                                         "\"truncate table\", \"drop column\")");
      return;
    }
    out.events.push_back(canonical_event(lower));
  });

  in.for_each_item("sql-pattern", [&](std::size_t, const YAML::Node& node, const std::string& path) {
    auto text = to_string(in.context(), node, path);
    if (!text)
      return;
    if (auto re = pipeline::compile_go_regex(*text, true); !re) {
      in.context().fail(node.Mark(), path + ": invalid regular expression \"" + *text + "\": " + re.error());
      return;
    }
    out.sql_patterns.push_back(std::move(*text));
  });

  std::string action;
  if (in.has("action")) {
    in.read_choice("action", action, {"Do", "Ignore", "Error"});
  } else {
    in.ignore("action");
    in.context().fail(in.mark(), in.path() + ": missing required key \"action\" (Do, Ignore or Error)");
  }
  out.action = action == "Ignore" ? filter_action::ignore : action == "Error" ? filter_action::error : filter_action::do_;
}

void read_route_rule(map_reader& in, route_rule& out) {
  in.read_required("schema-pattern", out.schema_pattern);
  check_wildcard(in, "schema-pattern", out.schema_pattern);
  in.read("table-pattern", out.table_pattern);
  check_wildcard(in, "table-pattern", out.table_pattern);
  in.read_required("target-schema", out.target_schema);
  in.read("target-table", out.target_table);
  out.extract_table = read_extractor(in, "extract-table", "table-regexp");
  out.extract_schema = read_extractor(in, "extract-schema", "schema-regexp");
  out.extract_source = read_extractor(in, "extract-source", "source-regexp");
}

void read_expression_filter(map_reader& in, expression_filter_rule& out) {
  in.read_required("schema", out.schema);
  in.read_required("table", out.table);
  in.read("insert-value-expr", out.insert_value_expr);
  in.read("update-old-value-expr", out.update_old_value_expr);
  in.read("update-new-value-expr", out.update_new_value_expr);
  in.read("delete-value-expr", out.delete_value_expr);
  const int kinds = (out.insert_value_expr.empty() ? 0 : 1) +
                    (out.update_old_value_expr.empty() && out.update_new_value_expr.empty() ? 0 : 1) +
                    (out.delete_value_expr.empty() ? 0 : 1);
  if (in.context().ok() && kinds > 1)
    in.context().fail(in.mark(), in.path() + ": set only one of insert-value-expr, update-old-value-expr/"
                                             "update-new-value-expr or delete-value-expr");
}

void read_block_allow_rule(map_reader& in, bool case_sensitive, pipeline::block_allow_rule& out) {
  read_db_patterns(in, "do-dbs", case_sensitive, out.do_dbs);
  read_db_patterns(in, "ignore-dbs", case_sensitive, out.ignore_dbs);
  read_table_patterns(in, "do-tables", case_sensitive, out.do_tables);
  read_table_patterns(in, "ignore-tables", case_sensitive, out.ignore_tables);
}

}  // namespace sluice::config::detail
