#pragma once
// Causality keys (DM's term): which rows must stay in binlog order relative to each other. A row
// yields one key per downstream PRIMARY/UNIQUE key whose values its before or after image holds, so
// two rows that could touch the same downstream row, or collide on a unique key, share a key.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "pipeline/table_schema.hpp"
#include "pipeline/transaction.hpp"

namespace sluice::pipeline {

/// 64-bit hashes stand in for the key values: a collision only orders two rows that did not need
/// it. Strings are folded to lower case without trailing spaces first, so values a case- or
/// pad-insensitive collation treats as equal share their key.
class causality_keys {
 public:
  /// The downstream definition of a target table; null when unknown (then every row of that
  /// table shares one key: the table applies in binlog order).
  using schema_lookup = std::function<const table_schema*(const table_name&)>;

  explicit causality_keys(schema_lookup lookup);

  /// The distinct keys of every row of `txn`, sorted.
  std::vector<std::uint64_t> of(const transaction& txn);
  /// Forgets cached definitions (after DDL).
  void clear() { cache_.clear(); }
  /// While on, each row's only key is its table: used while a DDL that may change the keys
  /// is on its way downstream and the downstream definition cannot be trusted yet.
  void hold_table_order(bool on) { table_order_ = on; }
  bool holds_table_order() const noexcept { return table_order_; }

 private:
  struct table_keys {
    std::shared_ptr<const protocol::table_map_event> mapped;  // the TABLE_MAP `keys` were made for
    bool known = false;                               // false: one key for the whole table
    std::vector<std::vector<std::size_t>> keys;       // per usable downstream key: upstream columns
  };
  const table_keys& keys_for(const row_op& op);
  void add_image(const row_op& op, const table_keys& tk, const std::vector<protocol::cell>& image, bool after,
                 std::vector<std::uint64_t>& out) const;

  schema_lookup lookup_;
  std::map<table_name, table_keys> cache_;
  bool table_order_ = false;
};

/// The hash of one cell as causality_keys folds it (exposed for tests).
std::uint64_t hash_cell(const protocol::cell& c, std::uint64_t seed);

}  // namespace sluice::pipeline
