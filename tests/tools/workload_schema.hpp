#pragma once
// The fixed tables of the randomized workload and their starting rows.

#include <cstdint>
#include <string>
#include <vector>

namespace sluice::tools {

/// Names of the workload's tables, in creation order.
inline constexpr const char* workload_tables[] = {"t_pk", "t_composite", "t_uk_only", "t_nokey", "t_multi_uk"};

/// Statements that (re)create `schema` with the workload's tables, empty: CREATE DATABASE IF NOT
/// EXISTS, then DROP TABLE IF EXISTS and CREATE TABLE for each table.
std::vector<std::string> workload_ddl(const std::string& schema);

/// INSERT statements filling the tables with their starting rows. The rows depend on `seed` and
/// `keys` only, so running setup on two servers gives both the same data.
std::vector<std::string> workload_seed_rows(std::uint64_t seed, int keys);

}  // namespace sluice::tools
