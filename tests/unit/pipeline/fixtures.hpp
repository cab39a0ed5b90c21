#pragma once
// Small builders for pipeline tests: table maps, row ops, events.

#include <memory>
#include <string>
#include <vector>

#include "pipeline/table_schema.hpp"
#include "pipeline/transaction.hpp"
#include "protocol/events.hpp"

namespace fixtures {

namespace p = sluice::protocol;
namespace pl = sluice::pipeline;

inline std::shared_ptr<const p::table_map_event> table_map(std::string schema, std::string table,
                                                           std::vector<std::string> names, bool with_names) {
  auto t = std::make_shared<p::table_map_event>();
  t->table_id = 7;
  t->schema = std::move(schema);
  t->table = std::move(table);
  for (auto& n : names) {
    p::column_def c{};
    c.type = 3;  // LONG
    if (with_names)
      c.name = n;
    t->columns.push_back(c);
  }
  return t;
}

inline pl::table_schema downstream(std::string schema, std::string table, std::vector<std::string> names,
                                   std::vector<std::vector<std::size_t>> keys, bool primary) {
  pl::table_schema s;
  s.name = {std::move(schema), std::move(table)};
  for (auto& n : names)
    s.columns.push_back({n, true, false});
  s.unique_keys = std::move(keys);
  s.has_primary_key = primary;
  if (primary)
    for (auto i : s.unique_keys.front())
      s.columns[i].nullable = false;
  return s;
}

inline pl::row_op op(pl::row_kind kind, std::shared_ptr<const p::table_map_event> t, std::vector<p::cell> before,
                     std::vector<p::cell> after) {
  pl::row_op o;
  o.kind = kind;
  o.source = o.target = {t->schema, t->table};
  o.table = std::move(t);
  o.before = std::move(before);
  o.after = std::move(after);
  return o;
}

inline p::event make_event(std::uint32_t next_pos, p::event_body body, std::uint32_t timestamp = 1000) {
  p::event e;
  e.header = p::event_header{timestamp, 0, 1, 0, next_pos, 0};
  e.body = std::move(body);
  return e;
}

}  // namespace fixtures
