#pragma once
// Compares one table's rows on two servers as multisets, and pairs the differences by key.

#include <cstddef>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "sql_session.hpp"

namespace sluice::tools {

/// The comparison of one table; `samples` shows a few of the differences, for a human.
struct table_comparison {
  std::size_t upstream_rows = 0;
  std::size_t downstream_rows = 0;
  std::size_t lost = 0;       // upstream rows with no equal row downstream (and no row with their key)
  std::size_t extra = 0;      // downstream rows with no equal row upstream: duplicated or spurious
  std::size_t differing = 0;  // same key on both sides, other columns differ
  std::string upstream_checksum;
  std::string downstream_checksum;
  std::vector<std::string> samples;

  bool rows_equal() const noexcept { return lost == 0 && extra == 0 && differing == 0; }
  bool checksums_equal() const noexcept { return upstream_checksum == downstream_checksum; }
};

/// One side of a comparison: a session and the qualified name of the table on it.
struct table_side {
  sql_session* session;
  std::string schema;
  std::string table;
};

/// Reads every row of both tables (ORDER BY every column), compares them as multisets and runs
/// CHECKSUM TABLE ... EXTENDED on both. Rows that differ are paired by the upstream table's
/// primary key, else its first unique key over NOT NULL columns; without one they count as lost
/// and extra. A table missing downstream compares as empty (all rows lost, checksum "no table").
/// At most `max_samples` differences are described. Any other error is returned as a message.
tl::expected<table_comparison, std::string> compare_table(const table_side& up, const table_side& down,
                                                          std::size_t max_samples);

/// The upstream schema's base tables, sorted by name.
tl::expected<std::vector<std::string>, std::string> base_tables(sql_session& session, const std::string& schema);

}  // namespace sluice::tools
