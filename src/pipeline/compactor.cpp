#include "pipeline/compactor.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "pipeline/sql_literal.hpp"

namespace sluice::pipeline {

namespace {

bool whole_images(const dml& d) {
  return !d.op->before_present && !d.op->after_present;
}

bool compactable(const std::vector<dml>& dmls) {
  if (dmls.empty())
    return false;
  const auto* map = dmls.front().map;
  if (!map->only_unique_key)
    return false;
  return std::all_of(dmls.begin(), dmls.end(), [&](const dml& d) { return d.map == map && whole_images(d); });
}

// The identity of an image as text: equal for values a case- and pad-insensitive key treats as
// equal (folding more than the collation would only keeps two rows' changes apart).
std::string identity(const std::vector<protocol::cell>& image, const column_mapping& map) {
  std::string out;
  for (auto i : map.key) {
    std::string v;
    if (i < image.size())
      (void)append_literal(v, image[i]);
    while (!v.empty() && v.back() == ' ')
      v.pop_back();
    for (auto& c : v)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += v;
    out.push_back('\x1f');
  }
  return out;
}

struct row_fate {
  const row_op* seen = nullptr;  // the first change naming this identity
  bool seen_after = false;       // ... in its after image (an insert, or an update moving here)
  const row_op* last = nullptr;  // the change that wrote the final image, if the row ends present
  bool present = false;
  std::size_t order = 0;         // position of the last change, to keep upserts in binlog order
};

}  // namespace

std::vector<dml> compact(const std::vector<dml>& dmls) {
  if (!compactable(dmls))
    return dmls;
  const auto& map = *dmls.front().map;
  std::unordered_map<std::string, row_fate> fates;
  std::vector<std::string> first_seen;
  std::size_t order = 0;
  auto fate = [&](const std::string& key) -> row_fate& {
    auto [it, fresh] = fates.try_emplace(key);
    if (fresh)
      first_seen.push_back(key);
    return it->second;
  };
  for (const auto& d : dmls) {
    ++order;
    const auto& op = *d.op;
    // Safe mode writes an UPDATE as DELETE + REPLACE of the same row op: fold the row op once.
    if (d.kind == dml_kind::replace && op.kind == row_kind::update)
      continue;
    if (op.kind != row_kind::insert) {  // the row the before image names is gone
      auto& f = fate(identity(op.before, map));
      if (!f.seen)
        f.seen = &op;
      f.present = false;
      f.last = nullptr;
      f.order = order;
    }
    if (op.kind != row_kind::erase) {  // the after image is the row's new state
      auto& f = fate(identity(op.after, map));
      if (!f.seen) {
        f.seen = &op;
        f.seen_after = true;
      }
      f.present = true;
      f.last = &op;
      f.order = order;
    }
  }
  // A row that ends absent is deleted even when the batch inserted it first: in safe mode (or
  // after a restart) it may have been there already; deleting a missing row changes nothing.
  std::vector<dml> deletes;
  std::vector<std::pair<std::size_t, dml>> upserts;
  for (const auto& key : first_seen) {
    const auto& f = fates[key];
    if (f.present)
      upserts.push_back({f.order, dml{dml_kind::upsert, f.last, &map}});
    else
      deletes.push_back(dml{dml_kind::erase, f.seen, &map, f.seen_after});
  }
  std::sort(upserts.begin(), upserts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<dml> out = std::move(deletes);
  for (auto& u : upserts)
    out.push_back(u.second);
  return out;
}

}  // namespace sluice::pipeline
