#include "pipeline/causality_keys.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>
#include <variant>

namespace sluice::pipeline {

namespace {

constexpr std::uint64_t fnv_prime = 0x100000001b3ULL;

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  // splitmix-style finalizer over an FNV-like accumulation: cheap and well spread.
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h *= fnv_prime;
  return h ^ (h >> 29);
}

std::uint64_t hash_bytes(std::string_view s, std::uint64_t h) {
  for (unsigned char c : s)
    h = (h ^ c) * fnv_prime;
  return mix(h, s.size());
}

// Lower-cased ASCII without trailing spaces: equal under the usual _ci and PAD SPACE collations.
std::uint64_t hash_folded(std::string_view s, std::uint64_t h) {
  while (!s.empty() && s.back() == ' ')
    s.remove_suffix(1);
  for (unsigned char c : s)
    h = (h ^ (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)) * fnv_prime;
  return mix(h, s.size());
}

std::uint64_t hash_name(const table_name& t) {
  return hash_folded(t.table, hash_folded(t.schema, 0xcbf29ce484222325ULL));
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

}  // namespace

std::uint64_t hash_cell(const protocol::cell& c, std::uint64_t seed) {
  return std::visit(
      [&](const auto& v) -> std::uint64_t {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, protocol::null_cell>)
          return mix(seed, 0x6e756c6cULL);
        else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint64_t>)
          return mix(seed, static_cast<std::uint64_t>(v));
        else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
          double d = v == 0 ? 0.0 : static_cast<double>(v);  // -0 == 0
          std::uint64_t bits;
          std::memcpy(&bits, &d, sizeof bits);
          return mix(seed, bits);
        } else if constexpr (std::is_same_v<T, std::string>)
          return hash_folded(v, seed);
        else if constexpr (std::is_same_v<T, protocol::decimal_cell> || std::is_same_v<T, protocol::temporal_cell>)
          return hash_bytes(v.text, seed);
        else if constexpr (std::is_same_v<T, protocol::timestamp_cell>)
          return mix(mix(seed, static_cast<std::uint64_t>(v.seconds)), v.micros);
        else if constexpr (std::is_same_v<T, protocol::bit_cell> || std::is_same_v<T, protocol::set_cell>)
          return mix(seed, v.bits);
        else if constexpr (std::is_same_v<T, protocol::enum_cell>)
          return mix(seed, v.index);
        else
          return hash_bytes(v.binary, seed);
      },
      c);
}

causality_keys::causality_keys(schema_lookup lookup) : lookup_(std::move(lookup)) {}

const causality_keys::table_keys& causality_keys::keys_for(const row_op& op) {
  auto& tk = cache_[op.target];
  if (tk.mapped == op.table && tk.mapped)
    return tk;
  tk = table_keys{};
  tk.mapped = op.table;
  const table_schema* schema = lookup_ ? lookup_(op.target) : nullptr;
  if (!schema || !op.table)
    return tk;
  auto mapping = map_columns(*op.table, *schema);
  if (!mapping)
    return tk;
  tk.known = true;
  for (const auto& key : schema->unique_keys) {
    std::vector<std::size_t> upstream;
    for (auto down : key) {
      const auto& name = schema->columns[down].name;
      auto it = std::find_if(mapping->names.begin(), mapping->names.end(),
                             [&](const std::string& n) { return same_name(n, name); });
      if (it == mapping->names.end())
        break;
      upstream.push_back(static_cast<std::size_t>(it - mapping->names.begin()));
    }
    // A key with a column the binlog does not carry (a downstream-only column) cannot be known
    // from the row: leave it out; the remaining keys and the table's own order still hold.
    if (upstream.size() == key.size())
      tk.keys.push_back(std::move(upstream));
  }
  return tk;
}

void causality_keys::add_image(const row_op& op, const table_keys& tk, const std::vector<protocol::cell>& image,
                               bool after, std::vector<std::uint64_t>& out) const {
  const auto table_hash = hash_name(op.target);
  auto has = [&](std::size_t column) { return after ? op.after_has(column) : op.before_has(column); };
  if (tk.keys.empty()) {
    // No usable key: the whole image is the key, as DM does for tables without keys.
    std::uint64_t h = mix(table_hash, 0xa11);
    for (std::size_t i = 0; i < image.size(); ++i)
      if (has(i))
        h = hash_cell(image[i], mix(h, i));
    out.push_back(h);
    return;
  }
  for (std::size_t k = 0; k < tk.keys.size(); ++k) {
    std::uint64_t h = mix(table_hash, k + 1);
    bool usable = true;
    for (auto column : tk.keys[k]) {
      if (column >= image.size() || !has(column) || std::holds_alternative<protocol::null_cell>(image[column])) {
        usable = false;  // NULLs never collide in a UNIQUE key; an absent column gives no value
        break;
      }
      h = hash_cell(image[column], h);
    }
    if (usable)
      out.push_back(h);
  }
}

std::vector<std::uint64_t> causality_keys::of(const transaction& txn) {
  std::vector<std::uint64_t> out;
  for (const auto& op : txn.rows) {
    if (table_order_) {
      out.push_back(hash_name(op.target));
      continue;
    }
    const auto& tk = keys_for(op);
    if (!tk.known) {
      out.push_back(hash_name(op.target));
      continue;
    }
    if (!op.before.empty())
      add_image(op, tk, op.before, false, out);
    if (!op.after.empty())
      add_image(op, tk, op.after, true, out);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace sluice::pipeline
