#pragma once
// Which apply worker a transaction goes to (DM's causality, made exact): a transaction that shares
// a causality key with one still in flight goes to that transaction's worker, behind it; one that
// shares keys with transactions in flight on two or more workers waits until at most one of those
// workers still holds them; one that shares nothing goes to the least loaded worker.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace sluice::pipeline {

/// Owned by the dispatcher; pure bookkeeping over transaction numbers and key hashes.
class apply_scheduler {
 public:
  explicit apply_scheduler(std::size_t workers);

  /// The worker a transaction with `keys` may be sent to now; nullopt while it must wait.
  std::optional<std::size_t> place(const std::vector<std::uint64_t>& keys) const;
  /// Records that transaction `seq` (with `rows` rows) went to `worker`.
  void assign(std::uint64_t seq, std::size_t worker, std::vector<std::uint64_t> keys, std::size_t rows);
  /// `seq` committed: its keys no longer bind later transactions. Unknown numbers are ignored.
  void complete(std::uint64_t seq);

  std::size_t workers() const noexcept { return load_.size(); }
  /// Rows sent to `worker` and not yet committed.
  std::size_t load(std::size_t worker) const { return load_[worker]; }
  std::size_t keys_in_flight() const noexcept { return owner_.size(); }

 private:
  struct holder {
    std::size_t worker;
    std::uint64_t seq;  // the latest transaction in flight with this key
  };
  struct in_flight {
    std::size_t worker;
    std::size_t rows;
    std::vector<std::uint64_t> keys;
  };
  std::unordered_map<std::uint64_t, holder> owner_;
  std::unordered_map<std::uint64_t, in_flight> txns_;
  std::vector<std::size_t> load_;
};

}  // namespace sluice::pipeline
