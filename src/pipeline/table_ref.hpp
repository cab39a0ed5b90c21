#pragma once
// A schema-qualified table name and its SQL quoting.

#include <compare>
#include <string>
#include <string_view>

namespace sluice::pipeline {

/// Value type. Names are kept exactly as the upstream wrote them.
struct table_name {
  std::string schema;
  std::string table;

  /// "`schema`.`table`" with backticks doubled inside names.
  std::string quoted() const;
  /// "schema.table", for messages and metric labels.
  std::string display() const { return schema + "." + table; }
  friend auto operator<=>(const table_name&, const table_name&) = default;
};

/// "`name`" with embedded backticks doubled.
std::string quote_identifier(std::string_view name);

}  // namespace sluice::pipeline
