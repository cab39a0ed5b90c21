#pragma once
// Which upstream position is safe to resume from: the end of the longest prefix of transactions
// that are fully committed downstream (DESIGN.md: "the minimum over in-flight work").

#include <cstdint>
#include <map>
#include <string>

#include "pipeline/binlog_position.hpp"

namespace sluice::pipeline {

/// Owned by the dispatcher. Transactions enter with the number of acknowledgements they need
/// (one per sink batch they were split into) and leave when all have arrived.
class checkpoint_tracker {
 public:
  explicit checkpoint_tracker(binlog_position start, std::string gtid = {});

  /// Registers transaction `seq` (strictly increasing) needing `parts` acks; 0 parts is done at once.
  void begin(std::uint64_t seq, binlog_position end, std::string gtid, std::uint32_t timestamp,
             std::size_t parts);
  /// One part of `seq` committed; true when that was its last part. Unknown numbers are ignored.
  bool complete(std::uint64_t seq);

  const binlog_position& safe_point() const noexcept { return safe_; }
  const std::string& safe_gtid() const noexcept { return safe_gtid_; }
  std::size_t in_flight() const noexcept { return pending_.size(); }
  /// Upstream timestamp of the oldest unfinished transaction, 0 when none.
  std::uint32_t oldest_timestamp() const noexcept;

 private:
  struct entry {
    std::size_t remaining;
    binlog_position end;
    std::string gtid;
    std::uint32_t timestamp;
  };
  void advance();

  std::map<std::uint64_t, entry> pending_;
  binlog_position safe_;
  std::string safe_gtid_;
};

}  // namespace sluice::pipeline
