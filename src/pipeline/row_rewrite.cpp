#include "pipeline/row_rewrite.hpp"

#include "pipeline/sql_literal.hpp"

namespace sluice::pipeline {

namespace {

bool same_cell(const protocol::cell& a, const protocol::cell& b) {
  if (a.index() != b.index())
    return false;
  std::string la, lb;
  // Literals are exact renderings of the values, so equal literals mean equal values.
  if (!append_literal(la, a) || !append_literal(lb, b))
    return false;
  return la == lb;
}

}  // namespace

bool identity_unchanged(const row_op& op, const column_mapping& map) {
  if (op.before.size() != op.after.size())
    return false;
  if (map.key.empty()) {
    for (std::size_t i = 0; i < op.before.size(); ++i)
      if (!same_cell(op.before[i], op.after[i]))
        return false;
    return true;
  }
  for (auto i : map.key)
    if (i >= op.before.size() || !same_cell(op.before[i], op.after[i]))
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
      if (!safe_mode) {
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
