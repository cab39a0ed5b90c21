#include "pipeline/checkpoint_tracker.hpp"

namespace sluice::pipeline {

checkpoint_tracker::checkpoint_tracker(binlog_position start, std::string gtid)
    : safe_(std::move(start)), safe_gtid_(std::move(gtid)) {}

void checkpoint_tracker::begin(std::uint64_t seq, binlog_position end, std::string gtid,
                               std::uint32_t timestamp, std::size_t parts) {
  pending_.emplace(seq, entry{parts, std::move(end), std::move(gtid), timestamp});
  advance();
}

bool checkpoint_tracker::complete(std::uint64_t seq) {
  auto it = pending_.find(seq);
  if (it == pending_.end() || it->second.remaining == 0)
    return false;
  bool finished = --it->second.remaining == 0;
  advance();
  return finished;
}

void checkpoint_tracker::advance() {
  while (!pending_.empty() && pending_.begin()->second.remaining == 0) {
    auto& e = pending_.begin()->second;
    safe_ = std::move(e.end);
    if (!e.gtid.empty())
      safe_gtid_ = std::move(e.gtid);
    pending_.erase(pending_.begin());
  }
}

std::uint32_t checkpoint_tracker::oldest_timestamp() const noexcept {
  for (const auto& [seq, e] : pending_)
    if (e.timestamp != 0)
      return e.timestamp;
  return 0;
}

}  // namespace sluice::pipeline
