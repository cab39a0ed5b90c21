#include "pipeline/row_rewrite.hpp"

namespace sluice::pipeline {

bool identity_unchanged(const row_op& op, const column_mapping& map) {
  if (op.before.size() != op.after.size())
    return false;
  if (map.key.empty()) {
    for (std::size_t i = 0; i < op.before.size(); ++i)
      if (op.before[i] != op.after[i])
        return false;
    return true;
  }
  for (auto i : map.key)
    if (i >= op.before.size() || op.before[i] != op.after[i])
      return false;
  return true;
}

void rewrite_row(const row_op& op, const column_mapping& map, bool safe_mode, std::vector<dml>& out) {
  switch (op.kind) {
    case row_kind::insert:
      out.push_back({safe_mode ? dml_kind::replace : dml_kind::insert, &op, &map});
      return;
    case row_kind::erase:
      out.push_back({dml_kind::erase, &op, &map});
      return;
    case row_kind::update:
      if (!safe_mode || op.after_present) {
        // A partial after image (MINIMAL) cannot become a REPLACE: the columns it lacks would be
        // reset to their defaults. UPDATE ... SET of the logged columns is idempotent already.
        out.push_back({dml_kind::update, &op, &map});
      } else if (!map.key.empty() && identity_unchanged(op, map)) {
        out.push_back({dml_kind::replace, &op, &map});
      } else {
        // The identity moved (or there is none): remove the old row, then write the new one.
        out.push_back({dml_kind::erase, &op, &map});
        out.push_back({dml_kind::replace, &op, &map});
      }
      return;
  }
}

}  // namespace sluice::pipeline
