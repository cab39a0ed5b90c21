#pragma once
// Reads a downstream table's definition (columns, primary and unique keys) from information_schema.

#include <optional>

#include <tl/expected.hpp>

#include "db/connection.hpp"
#include "pipeline/table_schema.hpp"

namespace sluice::db {

/// nullopt when the table does not exist.
tl::expected<std::optional<pipeline::table_schema>, db_error> load_table_schema(connection& conn,
                                                                               const pipeline::table_name& name);

}  // namespace sluice::db
