#include "pipeline/expression_filter.hpp"

#include <utility>

namespace sluice::pipeline {

namespace {

std::string where(const std::string& rule, const char* key, const std::string& text) {
  return "expression-filter \"" + rule + "\" " + key + " \"" + text + "\": ";
}

tl::expected<std::shared_ptr<const sql_expression>, std::string> parse_key(const std::string& rule, const char* key,
                                                                           const std::string& text) {
  if (text.empty())
    return nullptr;
  auto parsed = parse_expression(text);
  if (!parsed)
    return tl::unexpected(where(rule, key, text) + describe(parsed.error(), text));
  return std::move(*parsed);
}

struct bound_key {
  std::optional<bound_expression> expression;
  bool unknown_column = false;  // refused for a missing column: the caller's policy decides
};

tl::expected<bound_key, std::string> bind_key(const std::string& rule, const char* key,
                                              const std::shared_ptr<const sql_expression>& e,
                                              const std::vector<expression_column>& columns, std::string& message) {
  if (!e)
    return bound_key{};
  auto bound = bound_expression::bind(e, columns);
  if (bound)
    return bound_key{std::move(*bound), false};
  message = where(rule, key, e->text) + describe(bound.error(), e->text);
  if (bound.error().code == expression_error::kind::unknown_column)
    return bound_key{std::nullopt, true};
  return tl::unexpected(message);
}

// Whether an optional expression holds for a row; an absent one holds (DM's expression.NewOne()).
tl::expected<bool, std::string> holds(const std::optional<bound_expression>& e, const char* key,
                                      const std::string& rule, const std::vector<protocol::cell>& row,
                                      const sql_context& context, const table_name& table) {
  if (!e)
    return true;
  auto r = e->matches(row, context);
  if (!r)
    return tl::unexpected(where(rule, key, e->expression().text) + describe(r.error(), e->expression().text) +
                          " on a row of " + table.display());
  return *r;
}

}  // namespace

std::vector<expression_column> expression_columns(const protocol::table_map_event& upstream,
                                                  const table_schema* downstream) {
  std::vector<expression_column> out;
  out.reserve(upstream.columns.size());
  for (std::size_t i = 0; i < upstream.columns.size(); ++i) {
    const protocol::column_def& def = upstream.columns[i];
    expression_column c;
    if (def.name)
      c.name = *def.name;
    else if (downstream && i < downstream->columns.size())
      c.name = downstream->columns[i].name;
    c.type = protocol::column_real_type(def);
    c.enum_values = def.enum_values;
    c.set_values = def.set_values;
    out.push_back(std::move(c));
  }
  return out;
}

tl::expected<bool, std::string> table_expression_filter::drops(row_kind kind, const std::vector<protocol::cell>& before,
                                                               const std::vector<protocol::cell>& after) const {
  for (const bound_rule& rule : rules_) {
    tl::expected<bool, std::string> hit = false;
    switch (kind) {
      case row_kind::insert:
        if (rule.insert)
          hit = holds(rule.insert, "insert-value-expr", rule.name, after, context_, table_);
        break;
      case row_kind::erase:
        if (rule.erase)
          hit = holds(rule.erase, "delete-value-expr", rule.name, before, context_, table_);
        break;
      case row_kind::update:
        if (rule.update_old || rule.update_new) {
          hit = holds(rule.update_old, "update-old-value-expr", rule.name, before, context_, table_);
          if (hit && *hit)
            hit = holds(rule.update_new, "update-new-value-expr", rule.name, after, context_, table_);
        }
        break;
    }
    if (!hit || *hit)
      return hit;
  }
  return false;
}

tl::expected<expression_filter, std::string> expression_filter::create(std::vector<expression_filter_spec> rules,
                                                                       options opts) {
  expression_filter out;
  out.options_ = opts;
  for (auto& spec : rules) {
    const int kinds = (spec.insert_value_expr.empty() ? 0 : 1) +
                      (spec.update_old_value_expr.empty() && spec.update_new_value_expr.empty() ? 0 : 1) +
                      (spec.delete_value_expr.empty() ? 0 : 1);
    if (kinds != 1)
      return tl::unexpected("expression-filter \"" + spec.name +
                            "\": set exactly one of insert-value-expr, "
                            "update-old-value-expr/update-new-value-expr or delete-value-expr");
    parsed_rule rule;
    auto insert = parse_key(spec.name, "insert-value-expr", spec.insert_value_expr);
    auto update_old = parse_key(spec.name, "update-old-value-expr", spec.update_old_value_expr);
    auto update_new = parse_key(spec.name, "update-new-value-expr", spec.update_new_value_expr);
    auto erase = parse_key(spec.name, "delete-value-expr", spec.delete_value_expr);
    for (auto* parsed : {&insert, &update_old, &update_new, &erase})
      if (!*parsed)
        return tl::unexpected(parsed->error());
    rule.insert = std::move(*insert);
    rule.update_old = std::move(*update_old);
    rule.update_new = std::move(*update_new);
    rule.erase = std::move(*erase);
    rule.spec = std::move(spec);
    out.rules_.push_back(std::move(rule));
  }
  return out;
}

bool expression_filter::same_table(const parsed_rule& rule, const table_name& source) const {
  if (options_.case_sensitive)
    return rule.spec.schema == source.schema && rule.spec.table == source.table;
  return name_equals(rule.spec.schema, source.schema) && name_equals(rule.spec.table, source.table);
}

bool expression_filter::has_rules_for(const table_name& source) const {
  for (const auto& rule : rules_)
    if (same_table(rule, source))
      return true;
  return false;
}

tl::expected<table_expression_filter, std::string> expression_filter::bind(
    const table_name& source, const std::vector<expression_column>& columns) const {
  table_expression_filter out;
  out.table_ = source;
  out.context_.time_zone_offset = options_.time_zone_offset;
  for (const auto& rule : rules_) {
    if (!same_table(rule, source))
      continue;
    const std::string& name = rule.spec.name;
    std::string message;
    auto insert = bind_key(name, "insert-value-expr", rule.insert, columns, message);
    auto update_old = bind_key(name, "update-old-value-expr", rule.update_old, columns, message);
    auto update_new = bind_key(name, "update-new-value-expr", rule.update_new, columns, message);
    auto erase = bind_key(name, "delete-value-expr", rule.erase, columns, message);
    bool unknown_column = false;
    for (auto* bound : {&insert, &update_old, &update_new, &erase}) {
      if (!*bound)
        return tl::unexpected(bound->error() + " (table " + source.display() + ")");
      unknown_column = unknown_column || (*bound)->unknown_column;
    }
    if (unknown_column) {
      if (options_.unknown_columns == unknown_column_policy::refuse)
        return tl::unexpected(message + " (table " + source.display() + ")");
      // DM's FALSE expression: with an update rule's other half TRUE at most, the rule matches nothing.
      out.warnings_.push_back(message + " (table " + source.display() + "): the rule matches no rows of this table");
      continue;
    }
    out.rules_.push_back({name, std::move(insert->expression), std::move(update_old->expression),
                          std::move(update_new->expression), std::move(erase->expression)});
  }
  return out;
}

tl::expected<bool, std::string> expression_filter::drops(const row_op& row, const table_schema* downstream) {
  if (!row.table || !has_rules_for(row.source))
    return false;
  auto it = bindings_.find(row.source);
  if (it == bindings_.end() || it->second.table_map != row.table) {
    std::vector<expression_column> columns = expression_columns(*row.table, downstream);
    if (it == bindings_.end() || it->second.columns != columns) {
      binding fresh{row.table, columns, bind(row.source, columns)};
      if (fresh.filter)
        pending_warnings_.insert(pending_warnings_.end(), fresh.filter->warnings().begin(),
                                 fresh.filter->warnings().end());
      if (it == bindings_.end())
        it = bindings_.emplace(row.source, std::move(fresh)).first;
      else
        it->second = std::move(fresh);
    } else {
      it->second.table_map = row.table;
    }
  }
  const auto& filter = it->second.filter;
  if (!filter)
    return tl::unexpected(filter.error());
  return filter->drops(row.kind, row.before, row.after);
}

std::vector<std::string> expression_filter::take_warnings() { return std::exchange(pending_warnings_, {}); }

}  // namespace sluice::pipeline
