#pragma once
// DM's safe-mode rewrite: turns row changes into the statements that apply them, idempotently
// when safe mode is on (INSERT -> REPLACE; UPDATE -> DELETE + REPLACE, or REPLACE alone when the
// row's identity is unchanged; DELETE unchanged).

#include <vector>

#include "pipeline/table_schema.hpp"
#include "pipeline/transaction.hpp"

namespace sluice::pipeline {

/// upsert: write the after image whether or not the row exists (compaction's result).
enum class dml_kind : std::uint8_t { insert, replace, update, erase, upsert };

/// One statement-to-be. Points into the row_op and mapping it was made from; both must outlive it.
struct dml {
  dml_kind kind = dml_kind::insert;
  const row_op* op = nullptr;
  const column_mapping* map = nullptr;
  bool key_from_after = false;  // an erase that finds its row by the op's after image (compactor)
};

/// Appends the statements for `op` to `out`.
void rewrite_row(const row_op& op, const column_mapping& map, bool safe_mode, std::vector<dml>& out);

/// True when the before and after images agree on every identity column (whole row without a key).
bool identity_unchanged(const row_op& op, const column_mapping& map);

}  // namespace sluice::pipeline
