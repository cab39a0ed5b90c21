// Small fixed-layout events: ROTATE, XID, BINLOG_CHECKPOINT, ANNOTATE_ROWS, HEARTBEAT.
#include "protocol/byte_reader.hpp"
#include "protocol/event_decoders.hpp"
#include "protocol/event_type.hpp"

namespace sluice::protocol::detail {

// Spec: MySQL internals "ROTATE_EVENT": post-header position(8), then the next file name up
// to the end of the body (the CRC32 trailer is already cut off by the caller).
tl::expected<rotate_event, decode_error> decode_rotate(std::span<const std::byte> body,
                                                       const decode_context& ctx) {
  const std::uint8_t post_header = ctx.post_header_length(event_type::rotate, 8);
  if (post_header < 8) return tl::unexpected(decode_error::bad_value);
  byte_reader r(body);
  rotate_event ev{};
  ev.position = r.u64();
  r.skip(post_header - 8U);
  ev.next_file = to_std_string(r.rest());
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  return ev;
}

// Spec: MySQL internals "XID_EVENT": the 8-byte transaction id.
tl::expected<xid_event, decode_error> decode_xid(std::span<const std::byte> body) {
  byte_reader r(body);
  xid_event ev{r.u64()};
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  return ev;
}

// Spec: MariaDB "BINLOG_CHECKPOINT_EVENT" (161): file name length(4), then the file name.
tl::expected<binlog_checkpoint_event, decode_error> decode_binlog_checkpoint(
    std::span<const std::byte> body, const decode_context& ctx) {
  const std::uint8_t post_header = ctx.post_header_length(event_type::binlog_checkpoint, 4);
  if (post_header < 4) return tl::unexpected(decode_error::bad_value);
  byte_reader r(body);
  const std::uint32_t length = r.u32();
  r.skip(post_header - 4U);
  if (r.ok() && length > r.remaining()) return tl::unexpected(decode_error::bad_length);
  binlog_checkpoint_event ev{r.take_string(length)};
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  return ev;
}

// Spec: MariaDB "ANNOTATE_ROWS_EVENT" (160): the statement text fills the body.
tl::expected<annotate_rows_event, decode_error> decode_annotate_rows(std::span<const std::byte> body) {
  return annotate_rows_event{to_std_string(body)};
}

// Spec: MySQL internals "HEARTBEAT_EVENT" (27): the current binlog file name fills the body.
tl::expected<heartbeat_event, decode_error> decode_heartbeat(std::span<const std::byte> body) {
  return heartbeat_event{to_std_string(body)};
}

}  // namespace sluice::protocol::detail
