#include "pipeline/table_schema.hpp"

#include <algorithm>
#include <cctype>

namespace sluice::pipeline {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  // MySQL column names are case-insensitive.
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool all_named(const protocol::table_map_event& t) {
  return !t.columns.empty() &&
         std::all_of(t.columns.begin(), t.columns.end(), [](const auto& c) { return c.name.has_value(); });
}

// Width of the binlog's integer types (MYSQL_TYPE_TINY, SHORT, LONG, LONGLONG, INT24); 0 for others.
std::uint8_t integer_bits(std::uint8_t type) {
  switch (type) {
    case 1:
      return 8;
    case 2:
      return 16;
    case 9:
      return 24;
    case 3:
      return 32;
    case 8:
      return 64;
    default:
      return 0;
  }
}

}  // namespace

tl::expected<column_mapping, std::string> map_columns(const protocol::table_map_event& upstream,
                                                      const table_schema& downstream) {
  column_mapping map;
  const auto n = upstream.columns.size();
  map.names.resize(n);
  // downstream position -> upstream index, to translate keys
  std::vector<std::ptrdiff_t> upstream_of(downstream.columns.size(), -1);

  if (all_named(upstream)) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto& want = *upstream.columns[i].name;
      auto it = std::find_if(downstream.columns.begin(), downstream.columns.end(),
                             [&](const column_info& c) { return same_name(c.name, want); });
      if (it == downstream.columns.end())
        return tl::unexpected("column `" + want + "` of upstream table " + upstream.schema + "." +
                              upstream.table + " does not exist in downstream table " +
                              downstream.name.display());
      auto pos = static_cast<std::size_t>(it - downstream.columns.begin());
      upstream_of[pos] = static_cast<std::ptrdiff_t>(i);
      if (!it->generated)
        map.names[i] = it->name;
    }
  } else {
    // The binlog names no columns: they match downstream columns by position. Named columns
    // here are a route's extra columns (extract-table...): those match by name, and the
    // positions are counted over the remaining downstream columns.
    std::vector<bool> taken(downstream.columns.size(), false);
    std::size_t unnamed = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!upstream.columns[i].name) {
        ++unnamed;
        continue;
      }
      const auto& want = *upstream.columns[i].name;
      auto it = std::find_if(downstream.columns.begin(), downstream.columns.end(),
                             [&](const column_info& c) { return same_name(c.name, want); });
      if (it == downstream.columns.end())
        return tl::unexpected("column `" + want + "` (added by a route's extract rule) does not exist in downstream table " +
                              downstream.name.display());
      auto pos = static_cast<std::size_t>(it - downstream.columns.begin());
      taken[pos] = true;
      upstream_of[pos] = static_cast<std::ptrdiff_t>(i);
      map.names[i] = it->name;
    }
    std::vector<std::size_t> positional;
    for (std::size_t p = 0; p < downstream.columns.size(); ++p)
      if (!taken[p])
        positional.push_back(p);
    if (positional.size() != unnamed)
      return tl::unexpected("column count mismatch: upstream table " + upstream.schema + "." +
                            upstream.table + " has " + std::to_string(unnamed) +
                            " columns in the binlog, downstream table " + downstream.name.display() +
                            " has " + std::to_string(positional.size()) +
                            " (set binlog_row_metadata=FULL upstream to match columns by name)");
    std::size_t next = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (upstream.columns[i].name)
        continue;
      const auto pos = positional[next++];
      upstream_of[pos] = static_cast<std::ptrdiff_t>(i);
      if (!downstream.columns[pos].generated)
        map.names[i] = downstream.columns[pos].name;
    }
  }

  map.unsigned_bits.assign(n, 0);
  for (std::size_t pos = 0; pos < upstream_of.size(); ++pos) {
    if (upstream_of[pos] < 0 || !downstream.columns[pos].is_unsigned)
      continue;
    auto i = static_cast<std::size_t>(upstream_of[pos]);
    if (!upstream.columns[i].is_unsigned)
      map.unsigned_bits[i] = integer_bits(upstream.columns[i].type);
  }

  for (const auto& key : downstream.unique_keys) {
    bool usable = !key.empty();
    for (auto pos : key) {
      if (pos >= upstream_of.size() || upstream_of[pos] < 0) {
        usable = false;
        break;
      }
    }
    bool is_primary = downstream.has_primary_key && &key == &downstream.unique_keys.front();
    if (usable && !is_primary)
      usable = std::all_of(key.begin(), key.end(),
                           [&](std::size_t pos) { return !downstream.columns[pos].nullable; });
    if (usable) {
      for (auto pos : key)
        map.key.push_back(static_cast<std::size_t>(upstream_of[pos]));
      break;
    }
  }
  map.only_unique_key = !map.key.empty() && downstream.unique_keys.size() == 1;
  return map;
}

}  // namespace sluice::pipeline
