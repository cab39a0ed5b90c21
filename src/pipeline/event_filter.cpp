#include "pipeline/event_filter.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <tuple>

#include "pipeline/ddl_rewrite.hpp"

namespace sluice::pipeline {

namespace {

enum class event_class : std::uint8_t { dml, ddl, incompatible_ddl, group };

struct event_info {
  std::string_view name;
  event_class cls;
};

// tiflow pkg/binlog-filter: toEventType (accepted names) and ClassifyEvent (their class).
constexpr std::array known_events{
    event_info{"all", event_class::group}, event_info{"all dml", event_class::group},
    event_info{"all ddl", event_class::group}, event_info{"none", event_class::group},
    event_info{"none dml", event_class::group}, event_info{"none ddl", event_class::group},
    event_info{"incompatible ddl changes", event_class::group},
    event_info{"insert", event_class::dml}, event_info{"update", event_class::dml},
    event_info{"delete", event_class::dml},
    event_info{"create database", event_class::ddl}, event_info{"alter database", event_class::ddl},
    event_info{"create table", event_class::ddl}, event_info{"create index", event_class::ddl},
    event_info{"create view", event_class::ddl}, event_info{"drop view", event_class::ddl},
    event_info{"alter table", event_class::ddl}, event_info{"add table partition", event_class::ddl},
    event_info{"drop database", event_class::incompatible_ddl},
    event_info{"drop table", event_class::incompatible_ddl},
    event_info{"drop index", event_class::incompatible_ddl},
    event_info{"rename table", event_class::incompatible_ddl},
    event_info{"truncate table", event_class::incompatible_ddl},
    event_info{"drop table partition", event_class::incompatible_ddl},
    event_info{"truncate table partition", event_class::incompatible_ddl},
    event_info{"add foreign key", event_class::incompatible_ddl},
    event_info{"drop foreign key", event_class::incompatible_ddl},
    event_info{"value range decrease", event_class::incompatible_ddl},
    event_info{"precision decrease", event_class::incompatible_ddl},
    event_info{"modify column", event_class::incompatible_ddl},
    event_info{"rename column", event_class::incompatible_ddl},
    event_info{"rename index", event_class::incompatible_ddl},
    event_info{"drop column", event_class::incompatible_ddl},
    event_info{"drop primary key", event_class::incompatible_ddl},
    event_info{"drop unique key", event_class::incompatible_ddl},
    event_info{"modify default value", event_class::incompatible_ddl},
    event_info{"modify constraint", event_class::incompatible_ddl},
    event_info{"modify columns order", event_class::incompatible_ddl},
    event_info{"modify charset", event_class::incompatible_ddl},
    event_info{"modify collation", event_class::incompatible_ddl},
    event_info{"remove auto increment", event_class::incompatible_ddl},
    event_info{"modify storage engine", event_class::incompatible_ddl},
    event_info{"reorganize table partition", event_class::incompatible_ddl},
    event_info{"rebuild table partition", event_class::incompatible_ddl},
    event_info{"coalesce table partition", event_class::incompatible_ddl},
    event_info{"split table partition", event_class::incompatible_ddl},
    event_info{"exchange table partition", event_class::incompatible_ddl},
    event_info{"modify schema charset and collate", event_class::incompatible_ddl},
    event_info{"modify table charset and collate", event_class::incompatible_ddl},
    event_info{"modify table comment", event_class::incompatible_ddl},
    event_info{"recover table", event_class::incompatible_ddl},
    event_info{"alter table partitioning", event_class::incompatible_ddl},
    event_info{"remove table partitioning", event_class::incompatible_ddl},
    event_info{"add column", event_class::incompatible_ddl},
    event_info{"set default value", event_class::incompatible_ddl},
    event_info{"rebase auto id", event_class::incompatible_ddl},
    event_info{"add primary key", event_class::incompatible_ddl},
    event_info{"alter index visibility", event_class::incompatible_ddl},
    event_info{"alter ttl info", event_class::incompatible_ddl},
    event_info{"alter ttl remove", event_class::incompatible_ddl},
    event_info{"multi schema change", event_class::incompatible_ddl},
};

std::optional<event_info> find_event(std::string_view name) {
  for (const auto& e : known_events)
    if (e.name == name)
      return e;
  return std::nullopt;
}

std::string canonical_event(std::string_view name) {
  auto lower = ascii_lower(name);
  if (lower == "create schema")
    return "create database";
  if (lower == "drop schema")
    return "drop database";
  if (lower == "alter schema")
    return "alter database";
  return lower;
}

const char* action_name(config::filter_action a) {
  switch (a) {
    case config::filter_action::do_: return "Do";
    case config::filter_action::ignore: return "Ignore";
    case config::filter_action::error: return "Error";
  }
  return "?";
}

// One pattern character class in DM's trie walk order: end < '*' < '?' < [set] < literal.
struct trie_step {
  int rank;
  int detail;  // the literal byte, or the first rule that put this [set] at this trie node
  friend auto operator<=>(const trie_step&, const trie_step&) = default;
};

// Splits a wildcard the way the trie stores it; `on_set(prefix_through_set)` names each [set].
template <typename OnSet>
std::vector<trie_step> trie_steps(std::string_view pattern, OnSet&& on_set) {
  std::vector<trie_step> out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    const auto close = c == '[' ? pattern.find(']', i + 1) : std::string_view::npos;
    if (c == '*') {
      out.push_back({0, 0});
    } else if (c == '?') {
      out.push_back({1, 0});
    } else if (close != std::string_view::npos) {
      out.push_back({2, on_set(pattern.substr(0, close + 1))});
      i = close;
    } else {
      out.push_back({3, static_cast<unsigned char>(c)});
    }
  }
  return out;
}

}  // namespace

struct event_filter::compiled_rule {
  std::size_t index = 0;
  config::event_filter_rule rule;
  wildcard schema;
  std::optional<wildcard> table;
  std::vector<std::string> events;  // canonical names
  std::vector<std::regex> sql;
  std::vector<trie_step> schema_order;
  std::vector<trie_step> table_order;

  std::string describe() const {
    std::string out = "binlog event filter rule #" + std::to_string(index) + " (schema-pattern \"" +
                      rule.schema_pattern + "\"";
    if (!rule.table_pattern.empty())
      out += ", table-pattern \"" + rule.table_pattern + "\"";
    return out + ", action " + action_name(rule.action) + ")";
  }
};

bool event_filter::is_event_name(std::string_view name) { return find_event(canonical_event(name)).has_value(); }

tl::expected<event_filter, std::string> event_filter::create(std::vector<config::event_filter_rule> rules,
                                                             bool case_sensitive) {
  event_filter out;
  out.case_sensitive_ = case_sensitive;
  std::vector<std::shared_ptr<compiled_rule>> compiled;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    auto r = std::make_shared<compiled_rule>(compiled_rule{i, std::move(rules[i]), {}, {}, {}, {}, {}, {}});
    auto fail = [&](const std::string& why) {
      return tl::unexpected(r->describe() + ": " + why);
    };
    const auto& rule = r->rule;
    for (const auto* p : {&rule.schema_pattern, &rule.table_pattern})
      if (!p->empty() && p->front() == '~')
        return fail("\"" + *p + "\": binlog event filter patterns are wildcards, DM has no regex form here");
    auto schema = wildcard::parse(case_sensitive ? rule.schema_pattern : ascii_lower(rule.schema_pattern));
    if (!schema)
      return fail("schema-pattern: " + schema.error());
    r->schema = std::move(*schema);
    if (!rule.table_pattern.empty()) {
      auto table = wildcard::parse(case_sensitive ? rule.table_pattern : ascii_lower(rule.table_pattern));
      if (!table)
        return fail("table-pattern: " + table.error());
      r->table = std::move(*table);
    }
    for (const auto& e : rule.events) {
      auto name = canonical_event(e);
      if (!find_event(name))
        return fail("unknown event \"" + e + "\"");
      r->events.push_back(std::move(name));
    }
    for (const auto& p : rule.sql_patterns) {
      auto re = compile_go_regex(p, true);
      if (!re)
        return fail("sql-pattern \"" + p + "\": " + re.error());
      r->sql.push_back(std::move(*re));
    }
    for (const auto& other : compiled)
      if (other->schema.text() == r->schema.text() &&
          (other->table ? other->table->text() : "") == (r->table ? r->table->text() : ""))
        return fail("same patterns as " + other->describe() + ": one rule per pattern pair");
    compiled.push_back(std::move(r));
  }
  // The order DM's trie selector returns matching rules in (see the header).
  std::map<std::string, int> set_owner;
  for (auto& r : compiled) {
    const auto& schema_text = r->schema.text();
    auto owner = [&](std::string key) {
      return set_owner.emplace(std::move(key), static_cast<int>(r->index)).first->second;
    };
    r->schema_order = trie_steps(schema_text, [&](std::string_view p) { return owner("s" + std::string(p)); });
    if (r->table)
      r->table_order = trie_steps(r->table->text(), [&](std::string_view p) {
        return owner("t" + schema_text + '\0' + std::string(p));
      });
  }
  std::stable_sort(compiled.begin(), compiled.end(), [](const auto& a, const auto& b) {
    const bool a_table_level = a->table.has_value();
    const bool b_table_level = b->table.has_value();
    return std::tie(a_table_level, a->schema_order, a->table_order) <
           std::tie(b_table_level, b->schema_order, b->table_order);
  });
  out.rules_.assign(compiled.begin(), compiled.end());
  return out;
}

filter_decision event_filter::decide(const table_name& table, const event_ref& event, std::string_view query) const {
  if (rules_.empty())
    return {};
  const auto schema = case_sensitive_ ? table.schema : ascii_lower(table.schema);
  const auto name = case_sensitive_ ? table.table : ascii_lower(table.table);
  const auto cls = find_event(event.event).value_or(event_info{event.event, event_class::ddl}).cls;
  // Only a decision that drops or refuses names the event: build the text then, not per row.
  const auto what = [&] {
    return std::string(event.event) + " on " + (table.table.empty() ? quote_identifier(table.schema) : table.quoted());
  };
  auto selects = [&](const std::string& listed) {
    return listed == event.event || (event.alter_change && listed == "alter table") ||
           (event.aliases != nullptr &&
            std::find(event.aliases->begin(), event.aliases->end(), listed) != event.aliases->end());
  };
  for (const auto& r : rules_) {
    if (!r->schema.matches(schema) || (r->table && !r->table->matches(name)))
      continue;
    bool matched = false;
    for (const auto& listed : r->events) {
      const bool is_ddl = cls == event_class::ddl || cls == event_class::incompatible_ddl;
      if (listed == "all" || (is_ddl && listed == "all ddl") || (cls == event_class::dml && listed == "all dml") ||
          (cls == event_class::incompatible_ddl && listed == "incompatible ddl changes") || selects(listed)) {
        matched = true;
        break;
      }
      if (listed == "none" || (is_ddl && listed == "none ddl") || (cls == event_class::dml && listed == "none dml"))
        break;
    }
    const auto action = r->rule.action;
    if (matched && action == config::filter_action::ignore)
      return {filter_verdict::ignore, r->describe() + " ignores " + what()};
    if (matched && action == config::filter_action::error)
      return {filter_verdict::error, r->describe() + " refuses " + what()};
    if (!matched && action == config::filter_action::do_)
      return {filter_verdict::ignore, what() + " is not among the events of " + r->describe()};
    if (query.empty() || r->sql.empty())
      continue;
    const bool sql_matched = std::any_of(r->sql.begin(), r->sql.end(), [&](const std::regex& re) {
      return std::regex_search(query.begin(), query.end(), re);
    });
    if (sql_matched && action == config::filter_action::ignore)
      return {filter_verdict::ignore, r->describe() + " ignores " + what() + ": the query matches its sql-pattern"};
    if (sql_matched && action == config::filter_action::error)
      return {filter_verdict::error, r->describe() + " refuses " + what() + ": the query matches its sql-pattern"};
    if (!sql_matched && action == config::filter_action::do_)
      return {filter_verdict::ignore, what() + ": the query matches no sql-pattern of " + r->describe()};
  }
  return {};
}

filter_decision event_filter::decide_row(const table_name& table, row_kind kind) const {
  std::string_view name = kind == row_kind::insert ? "insert" : kind == row_kind::update ? "update" : "delete";
  return decide(table, event_ref{name, nullptr, false}, {});
}

filter_decision event_filter::decide_statement(const ddl_statement& ddl, std::string_view query) const {
  if (!ddl.is_replicable() || rules_.empty())
    return {};
  std::vector<event_ref> events;
  if (ddl.kind == ddl_kind::alter_table && !ddl.changes.empty()) {
    for (const auto& c : ddl.changes)
      events.push_back({c.event, &c.aliases, true});
  } else {
    events.push_back({ddl_event_name(ddl.kind), nullptr, ddl.kind == ddl_kind::alter_table});
  }
  std::vector<table_name> targets = ddl.tables;
  if (ddl.is_database_level())
    targets = {table_name{ddl.schema, ""}};
  for (const auto& t : targets)
    for (const auto& e : events)
      if (auto d = decide(t, e, query); !d.passes())
        return d;
  return {};
}

filter_decision event_filter::decide_ddl(const ddl_statement& ddl) const { return decide_statement(ddl, ddl.query); }

std::vector<ddl_piece> event_filter::filter_ddl(const ddl_statement& ddl) const {
  std::vector<ddl_piece> out;
  for (auto& piece : split_tables(ddl)) {
    if (piece.kind == ddl_kind::alter_table && piece.changes.size() > 1 && !rules_.empty()) {
      // Decide each change alone; keep the statement whole when they all agree.
      bool agree = true;
      std::optional<filter_decision> first;
      for (const auto& change : piece.changes) {
        ddl_statement one = piece;
        one.changes = {change};
        auto d = decide_statement(one, ddl.query);
        if (first && first->verdict != d.verdict)
          agree = false;
        if (!first || (first->passes() && !d.passes()))
          first = std::move(d);
      }
      if (!agree) {
        for (auto& sub : split_alter(piece)) {
          auto d = decide_statement(sub, ddl.query);
          out.push_back({std::move(sub), std::move(d)});
        }
        continue;
      }
      out.push_back({std::move(piece), std::move(*first)});
      continue;
    }
    auto d = decide_statement(piece, ddl.query);
    out.push_back({std::move(piece), std::move(d)});
  }
  return out;
}

}  // namespace sluice::pipeline
