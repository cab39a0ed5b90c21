#pragma once

// Reads mysqlbinlog / mariadb-binlog "-v" / "-vv" row output ("### INSERT INTO ...") and
// checks decoded rows against it.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/events.hpp"

namespace sluice::protocol::test {

struct oracle_row {
  std::string verb;   // "INSERT INTO", "UPDATE" or "DELETE FROM"
  std::string table;  // "schema.table", without backticks
  std::vector<std::pair<int, std::string>> where;  // (1-based column, printed value)
  std::vector<std::pair<int, std::string>> set;
};

/// Every "### " row statement in `text`, in order.
std::vector<oracle_row> parse_oracle(std::string_view text);

/// True when `value` is what mysqlbinlog prints as `printed` for `column`.
bool cell_matches(const cell& value, const column_def& column, std::string_view printed);

/// Compares every row of every rows event in `events` with `oracle`, in order (doctest CHECKs).
/// Returns the number of rows compared.
std::size_t check_against_oracle(const std::vector<event>& events, const std::vector<oracle_row>& oracle);

}  // namespace sluice::protocol::test
