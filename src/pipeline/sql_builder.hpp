#pragma once
// Turns statements-to-be into SQL text for one target table: runs of INSERT/REPLACE become one
// multi-row statement (bounded in size); UPDATE/DELETE address one row by its identity.

#include <span>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "pipeline/row_rewrite.hpp"

namespace sluice::pipeline {

/// Builds the SQL for `dmls` (in order) against `target`. Each statement stays under
/// `max_statement_bytes` unless a single row alone is larger.
tl::expected<std::vector<std::string>, std::string> build_statements(const table_name& target,
                                                                     std::span<const dml> dmls,
                                                                     std::size_t max_statement_bytes);

}  // namespace sluice::pipeline
