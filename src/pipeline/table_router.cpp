#include "pipeline/table_router.hpp"

#include <algorithm>

namespace sluice::pipeline {

namespace {

std::string fold(std::string_view text, bool case_sensitive) {
  return case_sensitive ? std::string(text) : ascii_lower(text);
}

// A pattern that can only ever match itself (no wildcard characters, not a regex).
bool is_literal(std::string_view pattern) {
  return !pattern.empty() && pattern.front() != '~' && pattern.find_first_of("*?[") == std::string_view::npos;
}

tl::expected<std::shared_ptr<const std::regex>, std::string> compile_extractor(const config::route_extractor& e,
                                                                               std::string_view key) {
  if (e.target_column.empty())
    return tl::unexpected(std::string(key) + " has an empty target-column");
  if (!e.regexp.empty() && e.regexp.front() == '~')
    return tl::unexpected(std::string(key) + " regexp \"" + e.regexp +
                          "\" starts with '~': extractor regexps are plain regular expressions");
  auto re = compile_go_regex(e.regexp, false);
  if (!re)
    return tl::unexpected(std::string(key) + " regexp \"" + e.regexp + "\" is invalid: " + re.error());
  return std::make_shared<const std::regex>(std::move(*re));
}

}  // namespace

std::string table_router::describe(std::size_t index, const config::route_rule& rule) {
  std::string out = "route rule #" + std::to_string(index) + " (schema-pattern \"" + rule.schema_pattern + "\"";
  if (!rule.table_pattern.empty())
    out += ", table-pattern \"" + rule.table_pattern + "\"";
  return out + ")";
}

tl::expected<table_router::compiled_rule, std::string> table_router::compile(const config::route_rule& rule,
                                                                             bool case_sensitive) {
  if (rule.schema_pattern.empty())
    return tl::unexpected(std::string("schema-pattern is empty"));
  if (rule.target_schema.empty())
    return tl::unexpected(std::string("target-schema is empty"));
  auto schema = name_pattern::parse(rule.schema_pattern, case_sensitive);
  if (!schema)
    return tl::unexpected("schema-pattern: " + schema.error());
  compiled_rule out{rule, fold(rule.schema_pattern, case_sensitive), fold(rule.table_pattern, case_sensitive),
                    std::move(*schema), std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  if (!rule.table_pattern.empty()) {
    auto table = name_pattern::parse(rule.table_pattern, case_sensitive);
    if (!table)
      return tl::unexpected("table-pattern: " + table.error());
    out.table = std::move(*table);
  }
  struct source {
    const std::optional<config::route_extractor>& config;
    std::optional<extractor>& compiled;
    const char* key;
  };
  std::vector<std::string> columns;
  for (const source s : {source{rule.extract_table, out.extract_table, "extract-table"},
                         source{rule.extract_schema, out.extract_schema, "extract-schema"},
                         source{rule.extract_source, out.extract_source, "extract-source"}}) {
    if (!s.config)
      continue;
    auto re = compile_extractor(*s.config, s.key);
    if (!re)
      return tl::unexpected(re.error());
    if (std::find(columns.begin(), columns.end(), s.config->target_column) != columns.end())
      return tl::unexpected(std::string(s.key) + " target-column \"" + s.config->target_column +
                            "\" is already filled by another extractor of this rule");
    columns.push_back(s.config->target_column);
    s.compiled = extractor{s.config->target_column, std::move(*re)};
  }
  return out;
}

tl::expected<table_router, std::string> table_router::create(std::vector<config::route_rule> rules,
                                                             bool case_sensitive, std::string source_id) {
  table_router out;
  out.case_sensitive_ = case_sensitive;
  out.source_id_ = std::move(source_id);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    auto compiled = compile(rules[i], case_sensitive);
    if (!compiled)
      return tl::unexpected(describe(i, rules[i]) + ": " + compiled.error());
    for (std::size_t j = 0; j < out.rules_.size(); ++j) {
      const auto& other = out.rules_[j];
      if (other.folded_schema_pattern == compiled->folded_schema_pattern &&
          other.folded_table_pattern == compiled->folded_table_pattern)
        return tl::unexpected(describe(i, rules[i]) + " has the same patterns as " + describe(j, other.rule) +
                              ": a table can follow only one route");
    }
    out.rules_.push_back(std::move(*compiled));
  }
  return out;
}

std::string table_router::extract(const extractor& e, std::string_view text) {
  std::match_results<std::string_view::const_iterator> m;
  std::string out;
  if (std::regex_search(text.begin(), text.end(), m, *e.regex))
    for (std::size_t g = 1; g < m.size(); ++g)
      out += m[g].str();
  return out;
}

tl::expected<routed_table, std::string> table_router::route(const table_name& source) const {
  const auto schema = fold(source.schema, case_sensitive_);
  const auto table = fold(source.table, case_sensitive_);
  std::vector<std::size_t> schema_level;
  std::vector<std::size_t> table_level;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const auto& r = rules_[i];
    if (!r.schema.matches(schema))
      continue;
    if (!r.table)
      schema_level.push_back(i);
    else if (!source.table.empty() && r.table->matches(table))
      table_level.push_back(i);
  }
  const bool by_table = !table_level.empty();
  const auto& hits = by_table ? table_level : schema_level;
  if (hits.size() > 1) {
    std::string what = source.table.empty() ? quote_identifier(source.schema) : source.quoted();
    return tl::unexpected(what + " matches " + std::to_string(hits.size()) + (by_table ? " table" : " schema") +
                          "-level route rules, " + describe(hits[0], rules_[hits[0]].rule) + " and " +
                          describe(hits[1], rules_[hits[1]].rule) +
                          "; DM refuses an ambiguous route: make the patterns disjoint");
  }
  routed_table out{source, {}};
  if (hits.empty())
    return out;
  const auto& r = rules_[hits.front()];
  if (!r.rule.target_schema.empty())
    out.target.schema = r.rule.target_schema;
  if (!r.rule.target_table.empty() && !source.table.empty())
    out.target.table = r.rule.target_table;
  if (source.table.empty())
    return out;
  if (r.extract_table)
    out.extra_columns.push_back({r.extract_table->column, extract(*r.extract_table, source.table)});
  if (r.extract_schema)
    out.extra_columns.push_back({r.extract_schema->column, extract(*r.extract_schema, source.schema)});
  if (r.extract_source)
    out.extra_columns.push_back({r.extract_source->column, extract(*r.extract_source, source_id_)});
  return out;
}

tl::expected<table_name, std::string> table_router::target(const table_name& source) const {
  return route(source).map([](routed_table&& r) { return std::move(r.target); });
}

std::vector<std::string> table_router::conflicts() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const auto& a = rules_[i];
    const bool a_literal = is_literal(a.folded_schema_pattern) && (!a.table || is_literal(a.folded_table_pattern));
    if (!a_literal)
      continue;
    for (std::size_t j = 0; j < rules_.size(); ++j) {
      const auto& b = rules_[j];
      if (i == j || a.table.has_value() != b.table.has_value() || !b.schema.matches(a.folded_schema_pattern) ||
          (b.table && !b.table->matches(a.folded_table_pattern)))
        continue;
      const std::string name = a.table ? table_name{a.rule.schema_pattern, a.rule.table_pattern}.quoted()
                                       : quote_identifier(a.rule.schema_pattern);
      out.push_back(describe(i, a.rule) + " and " + describe(j, b.rule) + " both match " + name +
                    ": routing it will fail as ambiguous");
    }
  }
  return out;
}

}  // namespace sluice::pipeline
