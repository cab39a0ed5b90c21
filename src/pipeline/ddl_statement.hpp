#pragma once
// Just enough understanding of a DDL statement to filter it and to know which tables it touches.
// Full DDL parsing, splitting and routing belong to the DDL issue; this recognises the common forms.

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/table_ref.hpp"

namespace sluice::pipeline {

enum class ddl_kind : std::uint8_t {
  not_ddl,          // administrative or unsupported statement: never replicated (DM's built-in skips)
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

/// A statement from a QUERY event, with the session's default schema when it ran.
struct ddl_statement {
  ddl_kind kind = ddl_kind::not_ddl;
  std::string current_schema;
  std::string query;
  std::string schema;              // the schema a database-level statement names
  std::vector<table_name> tables;  // the tables a table-level statement names, schema resolved

  bool is_replicable() const noexcept { return kind != ddl_kind::not_ddl; }
  bool is_database_level() const noexcept {
    return kind == ddl_kind::create_database || kind == ddl_kind::drop_database ||
           kind == ddl_kind::alter_database;
  }
};

/// Classifies `query`; anything it does not recognise as DDL has kind not_ddl.
ddl_statement parse_ddl(std::string_view current_schema, std::string_view query);

}  // namespace sluice::pipeline
