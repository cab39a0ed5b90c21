#include "pipeline/apply_scheduler.hpp"

#include <algorithm>

namespace sluice::pipeline {

apply_scheduler::apply_scheduler(std::size_t workers) : load_(std::max<std::size_t>(workers, 1), 0) {}

std::optional<std::size_t> apply_scheduler::place(const std::vector<std::uint64_t>& keys) const {
  std::optional<std::size_t> bound;
  for (auto key : keys) {
    auto it = owner_.find(key);
    if (it == owner_.end())
      continue;
    if (bound && *bound != it->second.worker)
      return std::nullopt;  // keys held on two workers: wait until one of them commits
    bound = it->second.worker;
  }
  if (bound)
    return bound;
  return static_cast<std::size_t>(std::min_element(load_.begin(), load_.end()) - load_.begin());
}

void apply_scheduler::assign(std::uint64_t seq, std::size_t worker, std::vector<std::uint64_t> keys,
                             std::size_t rows) {
  for (auto key : keys)
    owner_[key] = holder{worker, seq};
  load_[worker] += rows;
  txns_[seq] = in_flight{worker, rows, std::move(keys)};
}

void apply_scheduler::complete(std::uint64_t seq) {
  auto it = txns_.find(seq);
  if (it == txns_.end())
    return;
  for (auto key : it->second.keys) {
    auto o = owner_.find(key);
    if (o != owner_.end() && o->second.seq == seq)
      owner_.erase(o);
  }
  load_[it->second.worker] -= it->second.rows;
  txns_.erase(it);
}

}  // namespace sluice::pipeline
