#pragma once
// Groups decoded binlog events into whole transactions and tracks the resume position.

#include <optional>

#include "pipeline/transaction.hpp"
#include "protocol/events.hpp"

namespace sluice::pipeline {

/// Owned by the binlog reader, one per stream. Feed it every decoded event in order; it returns a
/// transaction when an event completes one (XID, COMMIT, a DDL statement), or a bare position
/// advance when the stream moved on outside any transaction (rotation, heartbeat).
class transaction_builder {
 public:
  explicit transaction_builder(binlog_position start);

  std::optional<transaction> on_event(const protocol::event& ev);

  /// Where reading would resume if the stream stopped now (the end of the last complete unit).
  const binlog_position& position() const noexcept { return emitted_; }
  bool in_transaction() const noexcept { return open_.has_value(); }

 private:
  std::optional<transaction> finish(std::uint32_t next_pos);
  void advance_outside_transaction(std::uint32_t next_pos);
  std::optional<transaction> on_event_at(const protocol::event& ev, std::uint32_t next_pos);
  void on_query(const protocol::event& ev, std::uint32_t next_pos, const protocol::query_event& q,
                std::optional<transaction>& out);
  void on_payload(const protocol::transaction_payload_event& payload, std::uint32_t next_pos,
                  std::optional<transaction>& out);
  void append_rows(const protocol::rows_event& rows, std::uint32_t event_pos);

  std::string file_;             // file the stream currently reads
  binlog_position emitted_;      // end of the last unit handed out
  std::uint32_t reached_ = 0;    // end of the last event seen in file_
  std::optional<transaction> open_;
  bool standalone_ = false;      // the open GTID group has no COMMIT (DDL)
};

}  // namespace sluice::pipeline
