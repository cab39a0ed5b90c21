#pragma once
// DDL text for the downstream: table and database names replaced by their routed targets, and
// DM's splitting of statements that name several tables or make several ALTER changes
// (dm/pkg/parser/common.go SplitDDL), so each piece can be filtered and routed on its own.
//
// Unlike DM, which re-prints the statement from its AST, everything except the names stays
// byte-identical (comments, executable comments, spacing, options), and the split pieces do not
// gain IF [NOT] EXISTS: the executor treats "already exists"/"does not exist" as applied.

#include <functional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "pipeline/ddl_statement.hpp"
#include "pipeline/table_ref.hpp"

namespace sluice::pipeline {

/// Where a source name goes downstream. A name with an empty table is a database name (only the
/// schema of the result is used). An error message stops the rewrite.
using name_router = std::function<tl::expected<table_name, std::string>(const table_name&)>;

/// `ddl.query` with every name in `ddl.names` replaced by route(name), fully qualified and
/// backtick-quoted ("`db`.`t`"; a database name becomes "`db`"); all other bytes unchanged.
/// FOREIGN KEY ... REFERENCES parents are routed too (DM leaves them as written). A name whose
/// schema is unknown (no current schema) and routes to an empty schema stays unqualified.
tl::expected<std::string, std::string> rewrite_ddl(const ddl_statement& ddl, const name_router& route);

/// One statement per table for DROP TABLE a, b (-> DROP TABLE a; DROP TABLE b) and per pair for
/// RENAME TABLE a TO b, c TO d, keeping the text around the names; any other statement is
/// returned as the only element. Each piece is re-parsed, so its fields are complete.
std::vector<ddl_statement> split_tables(const ddl_statement& ddl);

/// One ALTER TABLE per change (ALTER TABLE t ADD a INT, DROP b -> two statements; an
/// ADD COLUMN (a INT, b INT) list is already one change per column). After a RENAME TO change,
/// later pieces name the new table, as DM does. Any other statement is returned as the only element.
/// Splitting loses the atomicity of the ALTER: use it only when the changes must be treated apart.
std::vector<ddl_statement> split_alter(const ddl_statement& ddl);

}  // namespace sluice::pipeline
