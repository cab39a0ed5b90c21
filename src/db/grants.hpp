#pragma once
// Reading SHOW GRANTS output: which global privileges an account holds.

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::db {

/// The upper-case privilege names granted ON *.* by `grants` (SHOW GRANTS rows); "ALL PRIVILEGES"
/// stands for every privilege. Grants on single schemas or tables are ignored.
std::set<std::string> global_privileges(const std::vector<std::string>& grants);

/// The privileges of `wanted` that `held` lacks, in `wanted`'s order. An entry "A|B" is satisfied
/// by either name (MariaDB 10.5 renamed REPLICATION CLIENT to BINLOG MONITOR).
std::vector<std::string> missing_privileges(const std::set<std::string>& held,
                                            const std::vector<std::string_view>& wanted);

}  // namespace sluice::db
