// ALTER TABLE change list: one alter_change per comma-separated change, classified with the
// event type DM's binlog filter gives it (dm/syncer/ddl.go AstToDDLEvent; a MODIFY/CHANGE that
// DM would refine with the schema tracker stays "alter table" here, as DM does without one).

#include <algorithm>
#include <initializer_list>

#include "pipeline/ddl_parser.hpp"

namespace sluice::pipeline::detail {

namespace {

alter_change change(std::string event, std::initializer_list<const char*> aliases = {}, bool columns = false,
                    bool keys = false) {
  alter_change out;
  out.event = std::move(event);
  for (const char* a : aliases)
    out.aliases.emplace_back(a);
  out.alters_columns = columns;
  out.alters_keys = keys;
  return out;
}

std::string text_between(const std::string& query, std::size_t begin, std::size_t end) {
  return end > begin ? query.substr(begin, end - begin) : std::string();
}

}  // namespace

// Classifies the change at the cursor by its leading keywords, moving the cursor only past the
// names it records (RENAME TO, EXCHANGE ... WITH TABLE). Partition operations take the rest of
// the statement: their own comma lists ("DROP PARTITION p1, p2") are not change separators.
alter_change ddl_parser::classify_change(bool& runs_to_end) {
  auto kw = [&](std::string_view k, std::size_t ahead) { return c_.is_keyword(k, ahead); };
  auto any = [&](std::initializer_list<std::string_view> ks, std::size_t ahead) {
    for (auto k : ks)
      if (kw(k, ahead))
        return true;
    return false;
  };
  runs_to_end = false;
  if (kw("ADD", 0)) {
    if (kw("PARTITION", 1)) {
      runs_to_end = true;
      return change("alter table", {"add table partition"});
    }
    std::size_t i = 1;
    if (kw("CONSTRAINT", 1))
      i = any({"PRIMARY", "UNIQUE", "FOREIGN", "CHECK"}, 2) ? 2 : 3;
    if (kw("PRIMARY", i))
      return change("modify constraint", {"add primary key"}, false, true);
    if (any({"INDEX", "KEY", "FULLTEXT", "SPATIAL", "UNIQUE"}, i))
      return change("modify constraint", {"create index"}, false, true);
    if (kw("FOREIGN", i))
      return change("modify constraint", {"add foreign key"});
    if (kw("CHECK", i))
      return change("modify constraint");
    if (kw("SYSTEM", 1))
      return change("alter table", {}, true);
    if (kw("PERIOD", 1))
      return change("alter table");
    return change("alter table", {"add column"}, true);
  }
  if (kw("DROP", 0)) {
    if (kw("PARTITION", 1)) {
      runs_to_end = true;
      return change("drop table partition");
    }
    if (kw("PRIMARY", 1))
      return change("drop primary key", {}, false, true);
    if (any({"INDEX", "KEY"}, 1))
      return change("drop index", {}, false, true);
    if (kw("FOREIGN", 1))
      return change("alter table", {"drop foreign key"});
    if (kw("CONSTRAINT", 1))
      return change("alter table", {}, false, true);  // may name a unique key (MySQL 8.0.19+)
    if (kw("CHECK", 1) || kw("PERIOD", 1))
      return change("alter table");
    if (kw("SYSTEM", 1))
      return change("alter table", {}, true);
    return change("drop column", {}, true);
  }
  if (kw("MODIFY", 0))
    return change("alter table", {"modify column"}, true);
  if (kw("CHANGE", 0)) {
    std::size_t i = kw("COLUMN", 1) ? 2 : 1;
    if (kw("IF", i) && kw("EXISTS", i + 1))
      i += 2;
    const auto* from = c_.peek(i);
    const auto* to = c_.peek(i + 1);
    if (from != nullptr && to != nullptr && !iequals(from->text, to->text))
      return change("rename column", {"modify column"}, true);
    return change("alter table", {"modify column"}, true);
  }
  if (kw("RENAME", 0)) {
    if (kw("COLUMN", 1))
      return change("rename column", {}, true);
    if (any({"INDEX", "KEY"}, 1))
      return change("rename index", {}, false, true);
    c_.accept("RENAME");
    if (!c_.accept("TO"))
      c_.accept("AS");
    auto out = change("rename table");
    if (auto name = qualified_name()) {
      out.renamed_to = name->name;
      d_.tables.push_back(name->name);
      d_.names.push_back(std::move(*name));
    }
    return out;
  }
  if (kw("ALTER", 0)) {
    if (any({"INDEX", "KEY"}, 1))
      return change("alter index visibility");
    if (any({"CHECK", "CONSTRAINT"}, 1))
      return change("alter table");
    return change("modify default value");
  }
  if (kw("CONVERT", 0))
    return change("modify charset", {}, true);
  const std::size_t option = kw("DEFAULT", 0) ? 1 : 0;
  if (any({"CHARACTER", "CHARSET"}, option))
    return change("modify charset");
  if (kw("COLLATE", option))
    return change("modify collation");
  if (kw("ENGINE", 0))
    return change("modify storage engine");
  if (kw("COMMENT", 0))
    return change("alter table", {"modify table comment"});
  if (kw("AUTO_INCREMENT", 0))
    return change("alter table", {"rebase auto id"});
  if (kw("PARTITION", 0) && kw("BY", 1)) {
    runs_to_end = true;
    return change("alter table", {"alter table partitioning"});
  }
  if (kw("REMOVE", 0) && kw("PARTITIONING", 1)) {
    runs_to_end = true;
    return change("alter table", {"remove table partitioning"});
  }
  if (kw("PARTITION", 1)) {
    runs_to_end = true;
    if (kw("TRUNCATE", 0))
      return change("truncate table partition");
    if (kw("REORGANIZE", 0))
      return change("reorganize table partition");
    if (kw("REBUILD", 0))
      return change("rebuild table partition");
    if (kw("COALESCE", 0))
      return change("coalesce table partition");
    if (kw("EXCHANGE", 0)) {
      while (!c_.at_end() && !c_.is_keyword("WITH"))
        c_.skip_one();
      if (c_.accept("WITH") && c_.accept("TABLE"))
        add_table();
      return change("exchange table partition");
    }
    return change("alter table");  // ANALYZE/CHECK/OPTIMIZE/REPAIR/DISCARD/IMPORT PARTITION
  }
  return change("alter table");  // ALGORITHM, LOCK, FORCE, ORDER BY, table options, ...
}

// Moves to the end of the current change, recording "REFERENCES parent" at any depth.
void ddl_parser::scan_to_change_end(bool runs_to_end) {
  int depth = 0;
  while (!c_.at_end()) {
    if (depth == 0 && !runs_to_end && (c_.is_symbol(',') || c_.is_symbol(')')))
      return;
    if (c_.accept("REFERENCES")) {
      add_table(true);
      continue;
    }
    if (c_.is_symbol('('))
      ++depth;
    else if (c_.is_symbol(')') && depth > 0)
      --depth;
    c_.seek(c_.position() + 1);
  }
}

// ADD [COLUMN] (a INT, b INT) becomes one "ADD [COLUMN] a INT" change per column, as DM splits it.
void ddl_parser::split_column_list(const alter_change& shape, std::size_t change_begin) {
  const auto& query = d_.query;
  std::string head = query.substr(change_begin, c_.peek()->begin - change_begin);
  while (!head.empty() && (head.back() == ' ' || head.back() == '\t' || head.back() == '\n' || head.back() == '\r'))
    head.pop_back();
  c_.accept_symbol('(');
  while (!c_.at_end() && !c_.is_symbol(')')) {
    const auto begin = c_.peek()->begin;
    scan_to_change_end(false);
    const auto end = end_of_previous_token();
    auto one = shape;
    one.text = head + " " + text_between(query, begin, end);
    d_.changes.push_back(std::move(one));
    if (!c_.accept_symbol(','))
      break;
  }
  c_.accept_symbol(')');
}

void ddl_parser::parse_one_change() {
  const auto start = c_.position();
  const auto change_begin = c_.peek()->begin;
  bool runs_to_end = false;
  auto one = classify_change(runs_to_end);
  if (one.event == "alter table" && !one.aliases.empty() && one.aliases.front() == "add column") {
    // Skip "ADD [COLUMN] [IF NOT EXISTS]" to see whether a parenthesised column list follows.
    c_.accept("ADD");
    c_.accept("COLUMN");
    c_.accept_all({"IF", "NOT", "EXISTS"});
    if (c_.is_symbol('(')) {
      split_column_list(one, change_begin);
      scan_to_change_end(false);
      return;
    }
    c_.seek(start);
  }
  scan_to_change_end(runs_to_end);
  one.text = text_between(d_.query, change_begin, end_of_previous_token());
  d_.changes.push_back(std::move(one));
}

void ddl_parser::parse_alter_changes() {
  if (c_.accept("WAIT"))
    c_.skip_one();
  else
    c_.accept("NOWAIT");
  if (c_.at_end()) {
    d_.changes_begin = d_.changes_end = end_of_previous_token();
    return;
  }
  d_.changes_begin = c_.peek()->begin;
  while (!c_.at_end() && !c_.is_symbol(')')) {
    parse_one_change();
    if (!c_.accept_symbol(','))
      break;
  }
  d_.changes_end = std::max(d_.changes_begin, end_of_previous_token());
}

}  // namespace sluice::pipeline::detail
