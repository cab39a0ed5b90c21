#pragma once
// The downstream definition of a target table, and how upstream row images map onto it.

#include <cstddef>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "pipeline/table_ref.hpp"
#include "protocol/events.hpp"

namespace sluice::pipeline {

struct column_info {
  std::string name;
  bool nullable = true;
  bool generated = false;  // VIRTUAL/STORED generated columns cannot be written
  bool is_unsigned = false;  // an UNSIGNED integer column
};

/// Read from the downstream (db layer) when a sink first meets a table; refreshed after DDL.
struct table_schema {
  table_name name;
  std::vector<column_info> columns;                 // in ordinal order
  std::vector<std::vector<std::size_t>> unique_keys;  // PRIMARY first, then UNIQUE keys (column positions)
  bool has_primary_key = false;
};

/// How the cells of one upstream TABLE_MAP land in the downstream table.
struct column_mapping {
  std::vector<std::string> names;  // per upstream column: the downstream column, "" when not written
  std::vector<std::size_t> key;    // upstream column indexes identifying a row; empty: the whole row
  bool only_unique_key = false;    // `key` is the downstream table's one and only PRIMARY/UNIQUE key
  /// Per upstream column: the integer width in bits when the binlog value arrives signed but the
  /// column is UNSIGNED (MariaDB logs no signedness without binlog_row_metadata=FULL); else 0.
  std::vector<std::uint8_t> unsigned_bits;
};

/// Matches columns by name when the binlog carries names (binlog_row_metadata=FULL), else by position.
/// The identity is the downstream primary key, else the first UNIQUE key of NOT NULL columns.
tl::expected<column_mapping, std::string> map_columns(const protocol::table_map_event& upstream,
                                                      const table_schema& downstream);

}  // namespace sluice::pipeline
