#pragma once
// Internal to parse_ddl (ddl_statement.cpp, ddl_alter.cpp): the recursive-descent reader that
// fills a ddl_statement from its tokens. Not for use outside src/pipeline.

#include <optional>
#include <string_view>
#include <vector>

#include "pipeline/ddl_statement.hpp"
#include "pipeline/ddl_tokenizer.hpp"

namespace sluice::pipeline::detail {

class ddl_parser {
 public:
  ddl_parser(ddl_statement& out, const std::vector<sql_token>& tokens) : d_(out), c_(tokens), tokens_(tokens) {}

  /// Fills kind, schema, tables, names and changes; leaves kind = not_ddl when unrecognised.
  void parse();

 private:
  // Statement forms (ddl_statement.cpp).
  void parse_create();
  void parse_drop();
  void parse_alter();
  void parse_rename();
  bool parse_database_name(ddl_kind kind);

  // ALTER TABLE changes (ddl_alter.cpp).
  void parse_alter_changes();
  void parse_one_change();
  alter_change classify_change(bool& runs_to_end);
  void split_column_list(const alter_change& shape, std::size_t change_begin);
  void scan_to_change_end(bool runs_to_end);

  // Names.
  std::optional<name_ref> qualified_name();
  /// Reads a qualified name and records it in names (and tables unless referenced).
  bool add_table(bool referenced = false);
  /// Records every "REFERENCES name" until the end of the statement.
  void add_references_to_end();
  std::size_t end_of_previous_token() const;

  ddl_statement& d_;
  sql_cursor c_;
  const std::vector<sql_token>& tokens_;
};

}  // namespace sluice::pipeline::detail
