#pragma once
// DM's binlog event filter (task.yaml `filters`, source.yaml `filters`; tiflow pkg/binlog-filter
// filter.go, applied as dm/syncer/filter.go does).
//
// Evaluation of one event (type E, optional query Q) on schema.table, as DM's Filter():
//  - the rules whose patterns match are taken in DM's trie order: schema-level rules (empty
//    table-pattern) before table-level ones; within a level, patterns compare character by
//    character with end-of-pattern < '*' < '?' < "[set]" < literal (sets in the order they first
//    appear in the rule list);
//  - for each rule in turn: if its events select E, Ignore returns ignore and Error returns error;
//    if they do not, a Do rule returns ignore (Do is a whitelist). Then, only when Q is given
//    (DDL) and the rule has sql-patterns: a match returns ignore/error for Ignore/Error, no match
//    under Do returns ignore. So a Do rule with events and sql-patterns needs both, and a Do rule
//    with sql-patterns but no events ignores everything it covers, exactly as in DM;
//  - no rule returning: the event passes (the default is Do).
// So Ignore does not beat Error by rank: when both apply, the rule met first decides.
// Events: "all", "all dml", "all ddl", "none" / "none dml" / "none ddl" (stop the rule's list:
// the event is not selected), "incompatible ddl changes" (DM's incompatible DDL class), and the
// single types (insert, update, delete, create/drop/alter database, create/drop/truncate/rename
// table, create/drop index, alter table, "add column", "drop column", "rename column",
// "drop primary key", "modify constraint", "drop table partition", ...; "create/drop/alter schema"
// are aliases). sql-pattern: Go regexps, OR-ed, case-insensitive, searched in the whole query.
// Patterns are DM wildcards only ("~regex" is refused: DM's event filter has no regex form).
//
// Deliberate differences: an ALTER TABLE change is also selected by "alter table" whatever its
// finer type (DM gives ALTER TABLE DROP COLUMN the type "drop column", which an "alter table"
// rule then misses), and by the obvious names DM defines but never raises ("add column",
// "add primary key", "add foreign key", "drop foreign key", "modify column", "create index" for
// ADD INDEX...). Two rules with the same patterns are refused (DM logs and drops the second).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "config/rules.hpp"
#include "pipeline/ddl_statement.hpp"
#include "pipeline/table_ref.hpp"
#include "pipeline/transaction.hpp"
#include "pipeline/wildcard.hpp"

namespace sluice::pipeline {

enum class filter_verdict : std::uint8_t { pass, ignore, error };

struct filter_decision {
  filter_verdict verdict = filter_verdict::pass;
  /// For ignore and error: which rule decided, on which event and table (for logs and the
  /// task's error message).
  std::string reason;

  bool passes() const noexcept { return verdict == filter_verdict::pass; }
};

/// One statement to apply (or skip) after filtering, with its verdict.
struct ddl_piece {
  ddl_statement statement;
  filter_decision decision;
};

/// Compiled event filter rules of one source (task filters followed by source filters). Built
/// once per subtask, then only read: the const methods may be called from several threads.
class event_filter {
 public:
  /// Fails naming the rule: empty schema-pattern, a bad or "~" pattern, an unknown event name,
  /// an invalid sql-pattern, or two rules with the same patterns.
  static tl::expected<event_filter, std::string> create(std::vector<config::event_filter_rule> rules,
                                                       bool case_sensitive);

  /// A row event (DM gives rows no query, so sql-patterns do not apply).
  filter_decision decide_row(const table_name& table, row_kind kind) const;
  /// A whole statement: every table it names (DM's order) and every ALTER change is checked; the
  /// first one not passed decides. Database-level DDL is checked as (schema, "").
  filter_decision decide_ddl(const ddl_statement& ddl) const;
  /// What DM does with a statement: multi-table DROP/RENAME split per table, each decided on its
  /// own; an ALTER TABLE whose changes get different verdicts split per change (otherwise kept
  /// whole, keeping its atomicity). sql-patterns always see the original query, as in DM.
  std::vector<ddl_piece> filter_ddl(const ddl_statement& ddl) const;

  bool empty() const noexcept { return rules_.empty(); }
  /// True for the event names rules may list (canonical names and the "schema" aliases).
  static bool is_event_name(std::string_view name);

 private:
  struct compiled_rule;
  struct event_ref {
    std::string_view event;
    const std::vector<std::string>* aliases;  // nullable
    bool alter_change;
  };

  event_filter() = default;
  filter_decision decide(const table_name& table, const event_ref& event, std::string_view query) const;
  filter_decision decide_statement(const ddl_statement& ddl, std::string_view query) const;

  std::vector<std::shared_ptr<const compiled_rule>> rules_;  // in DM's trie order
  bool case_sensitive_ = false;
};

}  // namespace sluice::pipeline
