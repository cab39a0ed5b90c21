#include "pipeline/sql_builder.hpp"

#include <algorithm>

#include "pipeline/sql_literal.hpp"

namespace sluice::pipeline {

namespace {

using result = tl::expected<void, std::string>;

// Appends column i's value, reading a negative integer as UNSIGNED where the mapping says so.
result append_value(std::string& out, const std::vector<protocol::cell>& image, const column_mapping& map,
                    std::size_t i) {
  const auto& value = image[i];
  if (i < map.unsigned_bits.size() && map.unsigned_bits[i] != 0) {
    if (const auto* v = std::get_if<std::int64_t>(&value); v && *v < 0) {
      auto bits = map.unsigned_bits[i];
      auto u = static_cast<std::uint64_t>(*v);
      if (bits < 64)
        u &= (std::uint64_t{1} << bits) - 1;
      out += std::to_string(u);
      return {};
    }
  }
  return append_literal(out, value);
}

result append_values(std::string& out, const row_op& op, const column_mapping& map) {
  const auto& image = op.after;
  out.push_back('(');
  bool first = true;
  for (std::size_t i = 0; i < map.names.size(); ++i) {
    if (map.names[i].empty() || !op.after_has(i))
      continue;
    if (!first)
      out.push_back(',');
    first = false;
    if (i >= image.size())
      return tl::unexpected(std::string("row image is narrower than the table map"));
    if (auto r = append_value(out, image, map, i); !r)
      return r;
  }
  out.push_back(')');
  return {};
}

// The written columns of an INSERT: mapped, and carried by the after image.
std::string column_list(const row_op& op, const column_mapping& map) {
  std::string out = "(";
  bool first = true;
  for (std::size_t i = 0; i < map.names.size(); ++i) {
    if (map.names[i].empty() || !op.after_has(i))
      continue;
    if (!first)
      out.push_back(',');
    first = false;
    out += quote_identifier(map.names[i]);
  }
  out.push_back(')');
  return out;
}

// "WHERE k1 = v1 AND k2 IS NULL ... LIMIT 1", over the identity or, without one, every column
// the before image carries.
result append_where(std::string& out, const row_op& op, const column_mapping& map) {
  const auto& image = op.before;
  out += " WHERE ";
  bool first = true;
  auto add = [&](std::size_t i) -> result {
    if (i >= image.size() || i >= map.names.size() || map.names[i].empty())
      return {};
    if (!op.before_has(i)) {
      if (map.key.empty())
        return {};
      return tl::unexpected("the before image lacks key column `" + map.names[i] +
                            "` (binlog_row_image=MINIMAL and a downstream key the upstream does not have)");
    }
    if (!first)
      out += " AND ";
    first = false;
    out += quote_identifier(map.names[i]);
    if (std::holds_alternative<protocol::null_cell>(image[i])) {
      out += " IS NULL";
      return {};
    }
    out += " = ";
    return append_value(out, image, map, i);
  };
  if (!map.key.empty()) {
    for (auto i : map.key)
      if (auto r = add(i); !r)
        return r;
  } else {
    for (std::size_t i = 0; i < image.size(); ++i)
      if (auto r = add(i); !r)
        return r;
  }
  if (first)
    return tl::unexpected(std::string("no column identifies the row"));
  out += " LIMIT 1";
  return {};
}

result append_set(std::string& out, const row_op& op, const column_mapping& map) {
  const auto& image = op.after;
  out += " SET ";
  bool first = true;
  for (std::size_t i = 0; i < map.names.size() && i < image.size(); ++i) {
    if (map.names[i].empty() || !op.after_has(i))
      continue;
    if (!first)
      out.push_back(',');
    first = false;
    out += quote_identifier(map.names[i]);
    out += '=';
    if (auto r = append_value(out, image, map, i); !r)
      return r;
  }
  return {};
}

// A DELETE that can join a multi-row `WHERE (key) IN (...)`: the table has an identity and the
// before image holds all of it, none NULL.
const std::vector<protocol::cell>& key_image(const dml& d) {
  return d.key_from_after ? d.op->after : d.op->before;
}

bool deletes_by_key(const dml& d) {
  if (d.kind != dml_kind::erase || d.map->key.empty())
    return false;
  const auto& image = key_image(d);
  for (auto i : d.map->key)
    if (i >= image.size() || !(d.key_from_after ? d.op->after_has(i) : d.op->before_has(i)) ||
        d.map->names[i].empty() || std::holds_alternative<protocol::null_cell>(image[i]))
      return false;
  return true;
}

// An UPDATE that INSERT ... ON DUPLICATE KEY UPDATE applies the same way: the identity is unchanged
// and the after image is whole, so the new tuple meets exactly its own row (the upstream accepted
// it, and rows sharing a key arrive in binlog order), and some column besides the key is written.
bool updates_in_place(const dml& d) {
  if (d.kind == dml_kind::upsert)
    return true;
  if (d.kind != dml_kind::update || d.map->key.empty() || d.op->after_present || d.op->before_present ||
      !identity_unchanged(*d.op, *d.map))
    return false;
  for (std::size_t i = 0; i < d.map->names.size(); ++i)
    if (!d.map->names[i].empty() && std::find(d.map->key.begin(), d.map->key.end(), i) == d.map->key.end())
      return true;
  return false;
}

result append_key_tuple(std::string& out, const dml& d) {
  const bool composite = d.map->key.size() > 1;
  if (composite)
    out.push_back('(');
  bool first = true;
  for (auto i : d.map->key) {
    if (!first)
      out.push_back(',');
    first = false;
    if (auto r = append_value(out, key_image(d), *d.map, i); !r)
      return r;
  }
  if (composite)
    out.push_back(')');
  return {};
}

std::string key_columns(const column_mapping& map) {
  std::string out = map.key.size() > 1 ? "(" : "";
  for (std::size_t k = 0; k < map.key.size(); ++k)
    out += (k ? "," : "") + quote_identifier(map.names[map.key[k]]);
  return out + (map.key.size() > 1 ? ")" : "");
}

// Empty when every written column is part of the key (then INSERT IGNORE is the upsert).
std::string update_clause(const column_mapping& map) {
  std::string out = " ON DUPLICATE KEY UPDATE ";
  bool first = true;
  for (std::size_t i = 0; i < map.names.size(); ++i) {
    if (map.names[i].empty() || std::find(map.key.begin(), map.key.end(), i) != map.key.end())
      continue;
    if (!first)
      out.push_back(',');
    first = false;
    const auto column = quote_identifier(map.names[i]);
    out += column + "=VALUES(" + column + ")";
  }
  return first ? std::string() : out;
}

}  // namespace

tl::expected<std::vector<std::string>, std::string> build_statements(const table_name& target,
                                                                     std::span<const dml> dmls,
                                                                     std::size_t max_statement_bytes) {
  std::vector<std::string> out;
  const std::string quoted = target.quoted();
  std::size_t i = 0;
  while (i < dmls.size()) {
    const auto& d = dmls[i];
    std::string sql;
    if (d.kind == dml_kind::insert || d.kind == dml_kind::replace) {
      sql = d.kind == dml_kind::insert ? "INSERT INTO " : "REPLACE INTO ";
      sql += quoted;
      sql += ' ';
      sql += column_list(*d.op, *d.map);
      sql += " VALUES ";
      if (auto r = append_values(sql, *d.op, *d.map); !r)
        return tl::unexpected(r.error());
      ++i;
      // Extend with the following rows of the same kind and shape while the statement has room.
      while (i < dmls.size() && dmls[i].kind == d.kind && dmls[i].map == d.map &&
             dmls[i].op->after_present == d.op->after_present) {
        const auto mark = sql.size();  // the row goes straight in; taken back when it does not fit
        sql.push_back(',');
        if (auto r = append_values(sql, *dmls[i].op, *d.map); !r)
          return tl::unexpected(r.error());
        if (sql.size() > max_statement_bytes) {
          sql.resize(mark);
          break;
        }
        ++i;
      }
    } else if (d.kind == dml_kind::upsert || (updates_in_place(d) && i + 1 < dmls.size() &&
                                               dmls[i + 1].map == d.map && updates_in_place(dmls[i + 1]))) {
      // Updates that keep their identity (and compacted rows), many rows per statement.
      const auto tail = update_clause(*d.map);
      sql = (tail.empty() ? "INSERT IGNORE INTO " : "INSERT INTO ") + quoted + ' ' + column_list(*d.op, *d.map) +
            " VALUES ";
      if (auto r = append_values(sql, *d.op, *d.map); !r)
        return tl::unexpected(r.error());
      ++i;
      while (i < dmls.size() && dmls[i].map == d.map && updates_in_place(dmls[i])) {
        const auto mark = sql.size();
        sql.push_back(',');
        if (auto r = append_values(sql, *dmls[i].op, *d.map); !r)
          return tl::unexpected(r.error());
        if (sql.size() + tail.size() > max_statement_bytes) {
          sql.resize(mark);
          break;
        }
        ++i;
      }
      sql += tail;
    } else if (deletes_by_key(d) && (d.key_from_after || (i + 1 < dmls.size() && dmls[i + 1].map == d.map &&
                                                          deletes_by_key(dmls[i + 1])))) {
      sql = "DELETE FROM " + quoted + " WHERE " + key_columns(*d.map) + " IN (";
      if (auto r = append_key_tuple(sql, d); !r)
        return tl::unexpected(r.error());
      ++i;
      while (i < dmls.size() && dmls[i].map == d.map && deletes_by_key(dmls[i])) {
        const auto mark = sql.size();
        sql.push_back(',');
        if (auto r = append_key_tuple(sql, dmls[i]); !r)
          return tl::unexpected(r.error());
        if (sql.size() + 1 > max_statement_bytes) {
          sql.resize(mark);
          break;
        }
        ++i;
      }
      sql.push_back(')');
    } else if (d.kind == dml_kind::update) {
      sql = "UPDATE " + quoted;
      if (auto r = append_set(sql, *d.op, *d.map); !r)
        return tl::unexpected(r.error());
      if (auto r = append_where(sql, *d.op, *d.map); !r)
        return tl::unexpected(r.error());
      ++i;
    } else {
      sql = "DELETE FROM " + quoted;
      if (auto r = append_where(sql, *d.op, *d.map); !r)
        return tl::unexpected(r.error());
      ++i;
    }
    out.push_back(std::move(sql));
  }
  return out;
}

}  // namespace sluice::pipeline
