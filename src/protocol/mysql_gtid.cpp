// MySQL's GTID bookkeeping events, read far enough to name transactions and file GTID sets.
#include "protocol/byte_reader.hpp"
#include "protocol/event_decoders.hpp"

namespace sluice::protocol {
namespace {

constexpr std::size_t sid_length = 16;

std::string uuid_text(std::span<const std::byte> sid) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < sid.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    const auto b = std::to_integer<unsigned>(sid[i]);
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xfU]);
  }
  return out;
}

}  // namespace

std::string to_string(const mysql_gtid_event& gtid) { return gtid.sid + ':' + std::to_string(gtid.gno); }

namespace detail {

// Spec: MySQL "Gtid_event" (binlog_event.h, control_events.h): flags(1) sid(16) gno(8), then
// since 5.7 logical-clock typecode(1) = 2, last_committed(8), sequence_number(8), then
// commit timestamps and lengths (not read here).
tl::expected<mysql_gtid_event, decode_error> decode_mysql_gtid(std::span<const std::byte> body,
                                                               bool anonymous) {
  byte_reader r(body);
  mysql_gtid_event ev{};
  ev.anonymous = anonymous;
  ev.flags = r.u8();
  ev.sid = uuid_text(r.take(sid_length));
  ev.gno = static_cast<std::int64_t>(r.u64());
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  if (r.remaining() >= 17 && r.u8() == 2) {
    ev.last_committed = static_cast<std::int64_t>(r.u64());
    ev.sequence_number = static_cast<std::int64_t>(r.u64());
  }
  return ev;
}

// Spec: MySQL "Previous_gtids_event": n_sids(8), then per sid: sid(16) n_intervals(8) and
// n_intervals pairs of start(8), end(8, exclusive).
tl::expected<previous_gtids_event, decode_error> decode_previous_gtids(std::span<const std::byte> body) {
  byte_reader r(body);
  const std::uint64_t sids = r.u64();
  if (r.ok() && sids > r.remaining() / (sid_length + 8)) return tl::unexpected(decode_error::bad_length);
  previous_gtids_event ev;
  for (std::uint64_t i = 0; i < sids && r.ok(); ++i) {
    if (i > 0) ev.gtid_set.push_back(',');
    ev.gtid_set += uuid_text(r.take(sid_length));
    const std::uint64_t intervals = r.u64();
    if (r.ok() && intervals > r.remaining() / 16) return tl::unexpected(decode_error::bad_length);
    for (std::uint64_t k = 0; k < intervals && r.ok(); ++k) {
      const std::uint64_t start = r.u64();
      const std::uint64_t end = r.u64();
      if (r.ok() && end <= start) return tl::unexpected(decode_error::bad_value);
      ev.gtid_set += ':' + std::to_string(start);
      if (end - 1 != start) ev.gtid_set += '-' + std::to_string(end - 1);
    }
  }
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  return ev;
}

// Spec: MySQL "Rows_query_log_event" (29): a 1-byte length (the query is truncated to 255
// there, so it is ignored), then the full query to the end of the body.
tl::expected<rows_query_event, decode_error> decode_rows_query(std::span<const std::byte> body) {
  byte_reader r(body);
  r.skip(1);
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  return rows_query_event{to_std_string(r.rest())};
}

}  // namespace detail
}  // namespace sluice::protocol
