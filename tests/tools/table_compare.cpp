#include "table_compare.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <map>

namespace sluice::tools {

namespace {

// A row as one byte string, so rows sort and compare as wholes: per cell 'N' for NULL, else
// 'V', a 4-byte length and the bytes (a NULL can never equal any text, not even "NULL").
std::string encode(const sql_row& row) {
  std::string out;
  for (const sql_cell& cell : row) {
    if (!cell) {
      out += 'N';
      continue;
    }
    const auto n = static_cast<std::uint32_t>(cell->size());
    out += 'V';
    for (int shift = 24; shift >= 0; shift -= 8)
      out += static_cast<char>((n >> shift) & 0xff);
    out += *cell;
  }
  return out;
}

sql_row decode(const std::string& bytes) {
  sql_row row;
  std::size_t i = 0;
  while (i < bytes.size()) {
    if (bytes[i++] == 'N') {
      row.emplace_back();
      continue;
    }
    std::uint32_t n = 0;
    for (int k = 0; k < 4; ++k)
      n = (n << 8) | static_cast<unsigned char>(bytes[i++]);
    row.emplace_back(bytes.substr(i, n));
    i += n;
  }
  return row;
}

// (1, 'abc', NULL): long values cut, control bytes shown as \xNN.
std::string show(const sql_row& row) {
  std::string out = "(";
  for (std::size_t c = 0; c < row.size(); ++c) {
    if (c > 0)
      out += ", ";
    if (!row[c]) {
      out += "NULL";
      continue;
    }
    out += '\'';
    const std::string& v = *row[c];
    for (std::size_t i = 0; i < v.size() && i < 60; ++i) {
      const auto b = static_cast<unsigned char>(v[i]);
      if (b < 0x20 || b == 0x7f) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02x", b);
        out += hex;
      } else {
        out += v[i];
      }
    }
    out += v.size() > 60 ? "...'" : "'";
  }
  return out + ")";
}

// ER_NO_SUCH_TABLE: a table missing downstream has lost all its rows.
constexpr unsigned no_such_table = 1146;

tl::expected<std::vector<std::string>, sql_status> read_rows(const table_side& side, std::size_t columns) {
  std::string sql = "SELECT * FROM " + sql_ident(side.schema) + "." + sql_ident(side.table) + " ORDER BY ";
  for (std::size_t c = 1; c <= columns; ++c)
    sql += (c > 1 ? "," : "") + std::to_string(c);
  std::vector<std::string> rows;
  sql_status st = side.session->query(sql, [&](const sql_row& row) { rows.push_back(encode(row)); });
  if (!st.ok()) {
    st.message = side.schema + "." + side.table + ": " + st.message;
    return tl::unexpected(std::move(st));
  }
  // Sorted again as bytes: the servers' collation order may tie rows that differ in bytes.
  std::sort(rows.begin(), rows.end());
  return rows;
}

tl::expected<std::string, std::string> checksum(const table_side& side) {
  auto rows = side.session->rows("CHECKSUM TABLE " + sql_ident(side.schema) + "." + sql_ident(side.table) +
                                 " EXTENDED");
  if (!rows)
    return tl::unexpected(side.schema + "." + side.table + ": " + rows.error().message);
  if (rows->size() != 1 || rows->front().size() != 2)
    return tl::unexpected(side.schema + "." + side.table + ": CHECKSUM TABLE returned no row");
  return rows->front()[1].value_or("NULL");
}

// Column positions (0-based) of the key that identifies a row, or empty when there is none.
tl::expected<std::vector<std::size_t>, std::string> key_columns(const table_side& side,
                                                                std::vector<std::string>& names) {
  const std::string where = " WHERE table_schema = " + sql_quote(side.schema) + " AND table_name = " +
                            sql_quote(side.table);
  auto columns = side.session->rows("SELECT column_name, is_nullable FROM information_schema.columns" + where +
                                    " ORDER BY ordinal_position");
  if (!columns)
    return tl::unexpected(columns.error().message);
  std::map<std::string, std::size_t> position;
  std::map<std::string, bool> nullable;
  for (const sql_row& c : *columns) {
    position[c[0].value_or("")] = names.size();
    nullable[c[0].value_or("")] = c[1].value_or("") == "YES";
    names.push_back(c[0].value_or(""));
  }
  auto indexes = side.session->rows("SELECT index_name, column_name FROM information_schema.statistics" + where +
                                    " AND non_unique = 0 ORDER BY index_name = 'PRIMARY' DESC, index_name, seq_in_index");
  if (!indexes)
    return tl::unexpected(indexes.error().message);
  std::map<std::string, std::vector<std::size_t>> keys;
  std::vector<std::string> order;
  std::map<std::string, bool> usable;
  for (const sql_row& i : *indexes) {
    const std::string index = i[0].value_or(""), column = i[1].value_or("");
    if (!keys.contains(index)) {
      order.push_back(index);
      usable[index] = true;
    }
    keys[index].push_back(position[column]);
    if (nullable[column])
      usable[index] = false;
  }
  for (const std::string& index : order) {
    if (usable[index])
      return keys[index];
  }
  return std::vector<std::size_t>{};
}

}  // namespace

tl::expected<std::vector<std::string>, std::string> base_tables(sql_session& session, const std::string& schema) {
  auto rows = session.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = " +
                           sql_quote(schema) + " AND table_type = 'BASE TABLE' ORDER BY table_name");
  if (!rows)
    return tl::unexpected(rows.error().message);
  std::vector<std::string> names;
  for (const sql_row& r : *rows)
    names.push_back(r[0].value_or(""));
  return names;
}

tl::expected<table_comparison, std::string> compare_table(const table_side& up, const table_side& down,
                                                          std::size_t max_samples) {
  std::vector<std::string> names;
  auto key = key_columns(up, names);
  if (!key)
    return tl::unexpected(key.error());
  auto up_rows = read_rows(up, names.size());
  if (!up_rows)
    return tl::unexpected(up_rows.error().message);
  auto down_rows = read_rows(down, names.size());
  const bool down_missing = !down_rows && down_rows.error().code == no_such_table;
  if (down_missing)
    down_rows = std::vector<std::string>{};
  else if (!down_rows)
    return tl::unexpected(down_rows.error().message);

  table_comparison out;
  out.upstream_rows = up_rows->size();
  out.downstream_rows = down_rows->size();
  std::vector<std::string> missing, extra;
  std::set_difference(up_rows->begin(), up_rows->end(), down_rows->begin(), down_rows->end(),
                      std::back_inserter(missing));
  std::set_difference(down_rows->begin(), down_rows->end(), up_rows->begin(), up_rows->end(),
                      std::back_inserter(extra));

  // Pair a missing and an extra row with the same key: one row whose values differ.
  auto key_of = [&](const sql_row& row) {
    sql_row k;
    for (std::size_t c : *key)
      k.push_back(c < row.size() ? row[c] : sql_cell{});
    return encode(k);
  };
  std::multimap<std::string, std::string> extra_by_key;
  if (!key->empty()) {
    for (const std::string& e : extra)
      extra_by_key.emplace(key_of(decode(e)), e);
  }
  auto sample = [&](std::string line) {
    if (out.samples.size() < max_samples)
      out.samples.push_back(std::move(line));
  };
  for (const std::string& m : missing) {
    const sql_row row = decode(m);
    auto it = key->empty() ? extra_by_key.end() : extra_by_key.find(key_of(row));
    if (it != extra_by_key.end()) {
      ++out.differing;
      sample("differs: upstream " + show(row) + " downstream " + show(decode(it->second)));
      extra_by_key.erase(it);
    } else {
      ++out.lost;
      sample("lost: " + show(row));
    }
  }
  out.extra = key->empty() ? extra.size() : extra_by_key.size();
  for (const std::string& e : extra) {
    if (out.samples.size() >= max_samples)
      break;
    const sql_row row = decode(e);
    if (key->empty())
      sample("extra: " + show(row));
    else if (auto range = extra_by_key.equal_range(key_of(row));
             std::any_of(range.first, range.second, [&](const auto& kv) { return kv.second == e; }))
      sample("extra: " + show(row));
  }

  auto up_sum = checksum(up);
  if (!up_sum)
    return tl::unexpected(up_sum.error());
  auto down_sum = down_missing ? tl::expected<std::string, std::string>("no table") : checksum(down);
  if (!down_sum)
    return tl::unexpected(down_sum.error());
  out.upstream_checksum = *up_sum;
  out.downstream_checksum = *down_sum;
  return out;
}

}  // namespace sluice::tools
