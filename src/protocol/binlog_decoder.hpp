#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>

#include <tl/expected.hpp>

#include "protocol/decode_error.hpp"
#include "protocol/events.hpp"
#include "protocol/table_map_cache.hpp"

namespace sluice::protocol {

/// Stateful decoder for one binlog stream (a file, or one replication connection). It remembers
/// the current FORMAT_DESCRIPTION (checksum algorithm, post-header lengths) and the TABLE_MAPs of
/// the current statement by table id. Owned by the stream's reader; not thread-safe; call
/// reset() for a new connection or file. Errors never poison it: the next frame decodes afresh.
class binlog_decoder {
 public:
  /// frame = exactly one event: 19-byte header through the end (incl. the CRC32 trailer when the
  /// current FDE says crc32). Unknown event types decode to unknown_event. A TRANSACTION_PAYLOAD
  /// decodes to its inner events. START_ENCRYPTION fails with decode_error::encrypted, and so
  /// does every later frame until reset() or a new FORMAT_DESCRIPTION (an encrypted file).
  tl::expected<event, decode_error> decode(std::span<const std::byte> frame);

  /// The TABLE_MAP announced for `table_id` in the current statement, or null.
  std::shared_ptr<const table_map_event> table(std::uint64_t table_id) const;

  /// Forgets the FDE, the negotiated checksum and every table (new connection / new file).
  void reset();

  /// The checksum algorithm negotiated on a replication connection (@master_binlog_checksum),
  /// used for events that arrive before the first FDE. Without it such events are checked
  /// by whether their last four bytes are a matching CRC32.
  void set_checksum(checksum_alg alg) noexcept { negotiated_ = alg; }

  /// The current FORMAT_DESCRIPTION, or null before the first one.
  const format_description_event* format() const noexcept { return fde_ ? &*fde_ : nullptr; }

 private:
  tl::expected<event, decode_error> decode_frame(std::span<const std::byte> frame,
                                                 const event_header& header);
  tl::expected<event, decode_error> decode_format(std::span<const std::byte> frame,
                                                  const event_header& header);
  tl::expected<event_body, decode_error> decode_body(std::span<const std::byte> body,
                                                     const event_header& header);
  tl::expected<event_body, decode_error> decode_table_map(std::span<const std::byte> body);
  tl::expected<event_body, decode_error> decode_rows(std::span<const std::byte> body,
                                                     const event_header& header);
  // Defined in transaction_payload.cpp: decodes the inner events with this decoder's state.
  tl::expected<event_body, decode_error> decode_transaction_payload(std::span<const std::byte> body);

  std::optional<format_description_event> fde_;
  checksum_alg negotiated_ = checksum_alg::undefined;
  std::unordered_map<std::uint64_t, std::shared_ptr<const table_map_event>> tables_;
  detail::table_map_cache table_cache_;  // decoded TABLE_MAPs, reused while their bytes repeat
  bool statement_ended_ = false;  // the next TABLE_MAP starts a new statement: drop old maps
  bool encrypted_ = false;        // after START_ENCRYPTION: ciphertext until reset() or a new FDE
};

}  // namespace sluice::protocol
