#pragma once
// What a statement from a QUERY event is, for replication: whether it is DDL at all, which
// tables or schema it names (and where in the text, so routing can rewrite them), and for
// ALTER TABLE each change with the binlog-filter event type DM gives it.
//
// Not DDL (never replicated, as DM's built-in skip list): SAVEPOINT, FLUSH, ANALYZE/OPTIMIZE/
// REPAIR/CHECK TABLE, temporary tables, views, triggers, procedures, functions, events,
// tablespaces, users, roles, GRANT/REVOKE, SET PASSWORD, sequences, servers, and anything this
// parser does not recognise.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/ddl_tokenizer.hpp"
#include "pipeline/table_ref.hpp"

namespace sluice::pipeline {

enum class ddl_kind : std::uint8_t {
  not_ddl,  // administrative or unsupported statement: never replicated (DM's built-in skips)
  create_database,
  drop_database,
  alter_database,
  create_table,
  alter_table,
  drop_table,
  truncate_table,
  rename_table,
  create_index,
  drop_index,
};

/// One place in `query` where a schema or table name is written.
struct name_ref {
  std::size_t begin = 0;  // byte range in query; begin == end is the point where ALTER DATABASE
  std::size_t end = 0;    // left its name out (the rewrite inserts the routed name there)
  table_name name;        // table is empty for a database name
  /// FOREIGN KEY ... REFERENCES parent: rewritten by routing, but not one of `tables` (as in DM,
  /// the block-allow list and the event filter do not look at it).
  bool referenced = false;
};

/// One change of an ALTER TABLE (the comma-separated list after the table name).
struct alter_change {
  /// The binlog-filter event type DM gives this change (dm/syncer/ddl.go AstToDDLEvent):
  /// "drop column", "rename index", "modify constraint", ... or "alter table".
  std::string event;
  /// Further event names that also select it, e.g. "add column" or "add primary key".
  std::vector<std::string> aliases;
  /// The change as it would stand alone after "ALTER TABLE t ".
  std::string text;
  bool alters_columns = false;  // columns added, dropped, renamed, retyped or re-charset
  bool alters_keys = false;     // primary key, unique keys or indexes added, dropped or renamed
  std::optional<table_name> renamed_to;  // RENAME [TO|AS] new name
};

/// A statement from a QUERY event, with the session's default schema when it ran.
/// A value type; parse_ddl() fills every field consistently with `query`.
struct ddl_statement {
  ddl_kind kind = ddl_kind::not_ddl;
  std::string current_schema;
  std::string query;
  std::string schema;  // the schema a database-level statement names (current_schema if omitted)
  /// The tables a table-level statement names, schema resolved, in DM's order (FetchDDLTables):
  /// RENAME gives old1, new1, old2, new2...; CREATE TABLE ... LIKE gives the new table, then the
  /// source; ALTER TABLE ... RENAME TO and EXCHANGE PARTITION add the other table.
  std::vector<table_name> tables;
  /// Every schema/table name written in `query`, in text order (also the referenced ones).
  std::vector<name_ref> names;
  /// ALTER TABLE only: its changes, and the byte range of the whole change list in `query`.
  std::vector<alter_change> changes;
  std::size_t changes_begin = 0;
  std::size_t changes_end = 0;
  sql_lexing lexing;  // how `query` was lexed (kept so split statements are re-read the same way)

  bool is_replicable() const noexcept { return kind != ddl_kind::not_ddl; }
  bool is_database_level() const noexcept {
    return kind == ddl_kind::create_database || kind == ddl_kind::drop_database ||
           kind == ddl_kind::alter_database;
  }
  /// True when rows written after this statement may carry a different column list or types
  /// for the table (ALTER TABLE adding/dropping/renaming/retyping columns): refresh the model.
  bool alters_columns() const noexcept;
  /// True when the table's primary key, unique keys or indexes change (ALTER TABLE, CREATE/DROP INDEX).
  bool alters_keys() const noexcept;
  /// The DM binlog-filter event type of each part: one per ALTER TABLE change, one otherwise
  /// ("create table", "drop database", ...). Empty for not_ddl.
  std::vector<std::string> events() const;
};

/// Classifies `query`; anything it does not recognise as DDL has kind not_ddl.
ddl_statement parse_ddl(std::string_view current_schema, std::string_view query,
                        const sql_lexing& lexing = {});

/// DM's event type for a statement kind ("create table", ...); "" for not_ddl.
std::string_view ddl_event_name(ddl_kind kind) noexcept;

}  // namespace sluice::pipeline
