#pragma once
// Random transactions over the workload tables (workload_schema.hpp). The statements depend only
// on (seed, connection, keys): they never read the data first, so the same seed replays the same
// SQL, while what it does to the rows depends on how the connections interleave.

#include <cstdint>
#include <string>
#include <vector>

#include "random_values.hpp"

namespace sluice::tools {

/// One statement of a generated transaction.
struct workload_statement {
  std::string sql;
  /// Part of a multi-statement step (a swap through a temporary value): if it fails, the whole
  /// transaction is rolled back instead of carrying on without it.
  bool all_or_nothing = false;
};

/// One generated transaction.
struct workload_transaction {
  std::vector<workload_statement> statements;
  /// Run each statement on its own in autocommit mode (no BEGIN/COMMIT).
  bool autocommit = false;
  /// End with ROLLBACK instead of COMMIT (nothing of it may reach the downstream).
  bool rollback = false;
};

/// Produces the transactions of one workload connection; owned by that connection's thread.
class txn_generator {
 public:
  /// `keys` sizes the key ranges: small values make transactions collide more often.
  txn_generator(std::uint64_t seed, unsigned connection, int keys);

  /// 1-10 statements over 1-3 tables.
  workload_transaction next();

 private:
  using statements = std::vector<workload_statement>;
  void pk_step(statements& out);
  void composite_step(statements& out);
  void uk_only_step(statements& out);
  void nokey_step(statements& out);
  void multi_uk_step(statements& out);
  /// Index into `weights`, drawn in proportion to the weights.
  unsigned pick(std::initializer_list<unsigned> weights);
  /// Swaps column `col` between the rows `id_col = a` and `id_col = b` through `temp`
  /// (an expression unique to row a), all three moves inside the current transaction.
  void swap_column(statements& out, const char* table, const char* col, const char* id_col, std::int64_t a,
                   std::int64_t b, const std::string& temp);

  std::string pk_row(std::int64_t id, const std::string& u);
  std::string composite_row(std::int64_t a, std::int64_t b);
  std::string nokey_row();
  std::string multi_uk_row(std::int64_t id);

  random_source rng_;
  int keys_;
};

}  // namespace sluice::tools
