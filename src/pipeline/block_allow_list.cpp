#include "pipeline/block_allow_list.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace sluice::pipeline {

namespace {

tl::expected<name_pattern, std::string> compile_entry(std::string_view list, std::size_t index,
                                                      std::string_view field, const std::string& text,
                                                      bool case_sensitive) {
  auto where = [&] {
    std::string out(list);
    out += '[' + std::to_string(index) + ']';
    if (!field.empty())
      out += '.' + std::string(field);
    return out;
  };
  if (text.empty())
    return tl::unexpected(where() + ": must not be empty");
  auto pattern = name_pattern::parse(text, case_sensitive);
  if (!pattern)
    return tl::unexpected(where() + " \"" + text + "\": " + pattern.error());
  return pattern;
}

}  // namespace

tl::expected<block_allow_list, std::string> block_allow_list::create(block_allow_rule rule,
                                                                      bool case_sensitive) {
  block_allow_list out;
  out.case_sensitive_ = case_sensitive;
  auto compile_dbs = [&](std::string_view list, const std::vector<std::string>& in,
                         std::vector<name_pattern>& compiled) -> tl::expected<void, std::string> {
    for (std::size_t i = 0; i < in.size(); ++i) {
      auto p = compile_entry(list, i, "", in[i], case_sensitive);
      if (!p)
        return tl::unexpected(p.error());
      compiled.push_back(std::move(*p));
    }
    return {};
  };
  auto compile_tables = [&](std::string_view list, const std::vector<table_pattern>& in,
                            std::vector<compiled_table>& compiled) -> tl::expected<void, std::string> {
    for (std::size_t i = 0; i < in.size(); ++i) {
      auto db = compile_entry(list, i, "db-name", in[i].db_name, case_sensitive);
      if (!db)
        return tl::unexpected(db.error());
      auto table = compile_entry(list, i, "tbl-name", in[i].tbl_name, case_sensitive);
      if (!table)
        return tl::unexpected(table.error());
      compiled.push_back({std::move(*db), std::move(*table)});
    }
    return {};
  };
  if (auto r = compile_dbs("do-dbs", rule.do_dbs, out.do_dbs_); !r)
    return tl::unexpected(r.error());
  if (auto r = compile_dbs("ignore-dbs", rule.ignore_dbs, out.ignore_dbs_); !r)
    return tl::unexpected(r.error());
  if (auto r = compile_tables("do-tables", rule.do_tables, out.do_tables_); !r)
    return tl::unexpected(r.error());
  if (auto r = compile_tables("ignore-tables", rule.ignore_tables, out.ignore_tables_); !r)
    return tl::unexpected(r.error());
  out.rule_ = std::move(rule);
  return out;
}

block_allow_list::block_allow_list(block_allow_rule rule, bool case_sensitive) {
  auto built = create(std::move(rule), case_sensitive);
  if (!built)
    throw std::invalid_argument("block-allow-list: " + built.error());
  *this = std::move(*built);
}

bool block_allow_list::is_system_schema(std::string_view db) {
  // tidb pkg/util/filter/schema.go IsSystemSchema, compared case-insensitively.
  static constexpr std::array<std::string_view, 7> system_schemas = {
      "dm_heartbeat", "sys", "mysql", "information_schema", "inspection_schema", "performance_schema",
      "metrics_schema"};
  const std::string folded = ascii_lower(db);
  return std::find(system_schemas.begin(), system_schemas.end(), folded) != system_schemas.end();
}

bool block_allow_list::allows_schema(std::string_view db) const {
  if (is_system_schema(db))
    return false;
  return schema_passes(case_sensitive_ ? std::string(db) : ascii_lower(db));
}

bool block_allow_list::allows_table(std::string_view db, std::string_view table) const {
  if (is_system_schema(db))
    return false;
  const std::string folded_db = case_sensitive_ ? std::string(db) : ascii_lower(db);
  if (!schema_passes(folded_db))
    return false;
  if (table.empty())
    return true;
  return table_passes(folded_db, case_sensitive_ ? std::string(table) : ascii_lower(table));
}

bool block_allow_list::schema_passes(std::string_view folded_db) const {
  if (!do_dbs_.empty())
    return any_matches(do_dbs_, folded_db);
  return !any_matches(ignore_dbs_, folded_db);
}

bool block_allow_list::table_passes(std::string_view folded_db, std::string_view folded_table) const {
  if (any_matches(do_tables_, folded_db, folded_table))
    return true;
  if (any_matches(ignore_tables_, folded_db, folded_table))
    return false;
  return do_tables_.empty();
}

bool block_allow_list::any_matches(const std::vector<name_pattern>& patterns, std::string_view name) {
  return std::any_of(patterns.begin(), patterns.end(), [name](const name_pattern& p) { return p.matches(name); });
}

bool block_allow_list::any_matches(const std::vector<compiled_table>& patterns, std::string_view db,
                                   std::string_view table) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const compiled_table& p) {
    return p.db.matches(db) && p.table.matches(table);
  });
}

}  // namespace sluice::pipeline
