// MySQL's GTID bookkeeping events, read far enough to name transactions and file GTID sets.
#include <array>
#include <bit>

#include "protocol/byte_reader.hpp"
#include "protocol/event_decoders.hpp"

namespace sluice::protocol {
namespace {

constexpr std::size_t sid_length = 16;
constexpr std::size_t tag_max_length = 32;  // mysql::gtid::tag_max_length

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

// Spec: MySQL libs/mysql/serialization/variable_length_integers.h: the number of trailing one
// bits of the first byte, plus one, is the encoded length (1-9 bytes); the remaining bits hold
// the value, little-endian. Signed values are zigzag-encoded (sign in bit 0).
std::uint64_t read_varlen(byte_reader& r) noexcept {
  const auto first = r.u8();
  const int length = std::countr_one(first) + 1;
  if (length == 1) return first >> 1U;
  const std::uint64_t rest = r.uint_le(static_cast<std::size_t>(length - 1));
  if (length == 9) return rest;
  return (static_cast<std::uint64_t>(first) >> length) | (rest << (8 - length));
}

std::int64_t read_varlen_signed(byte_reader& r) noexcept {
  const std::uint64_t zigzag = read_varlen(r);
  return static_cast<std::int64_t>((zigzag >> 1U) ^ (~(zigzag & 1U) + 1U));
}

// mysql::gtid::Tag: up to 32 of [A-Za-z_0-9], not starting with a digit.
bool valid_tag(std::string_view tag) noexcept {
  if (tag.size() > tag_max_length) return false;
  for (std::size_t i = 0; i < tag.size(); ++i) {
    const char c = tag[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

// A serialization-format string: varlen length, then the bytes. Clears `valid` for a tag MySQL
// would refuse; a short read fails `r`.
std::string read_tag(byte_reader& r, bool& valid) {
  const std::uint64_t length = read_varlen(r);
  if (!r.ok()) return {};
  if (length > tag_max_length) {
    valid = false;
    return {};
  }
  std::string tag = r.take_string(static_cast<std::size_t>(length));
  if (r.ok() && !valid_tag(tag)) valid = false;
  return tag;
}

// Gtid_event::define_fields (MySQL 8.4 control_events.h), in field-id order.
enum tagged_field : std::uint64_t {
  field_flags = 0,
  field_sid = 1,
  field_gno = 2,
  field_tag = 3,
  field_last_committed = 4,
  field_sequence_number = 5,
  // 6-11: commit timestamps, transaction length, server versions, commit group ticket
  field_last_known = 11,
};
constexpr std::uint64_t serialization_format_version = 1;

}  // namespace

std::string to_string(const mysql_gtid_event& gtid) {
  std::string out = gtid.sid;
  if (!gtid.tag.empty()) out += ':' + gtid.tag;
  return out + ':' + std::to_string(gtid.gno);
}

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

// Spec: MySQL 8.4 "GTID_TAGGED_LOG_EVENT" (Gtid_event::read_gtid_tagged_log_event and
// libs/mysql/serialization readme): a message = varlen format version (1), varlen message size
// (counted from the message start), varlen last non-ignorable field id, then (varlen field id,
// value) pairs in ascending id order; absent fields keep defaults. The UUID is 16 varlen bytes,
// the tag a varlen-length string, gno and the logical clock signed varlens. Fields past the
// known ones (a newer server's, ignorable by the header's promise) are skipped with the size.
tl::expected<mysql_gtid_event, decode_error> decode_mysql_tagged_gtid(std::span<const std::byte> body) {
  byte_reader r(body);
  const std::uint64_t version = read_varlen(r);
  const std::uint64_t message_size = read_varlen(r);
  const std::uint64_t last_non_ignorable = read_varlen(r);
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  const std::size_t envelope = body.size() - r.remaining();
  if (version != serialization_format_version || last_non_ignorable > field_last_known + 1)
    return tl::unexpected(decode_error::bad_value);
  if (message_size < envelope) return tl::unexpected(decode_error::bad_length);
  if (message_size > body.size()) return tl::unexpected(decode_error::truncated);

  byte_reader fields(body.subspan(envelope, static_cast<std::size_t>(message_size) - envelope));
  mysql_gtid_event ev{};
  bool valid = true;
  bool have_sid = false;
  bool have_gno = false;
  std::uint64_t next_id = 0;  // ids must ascend
  while (!fields.empty() && fields.ok() && valid) {
    const std::uint64_t id = read_varlen(fields);
    if (!fields.ok() || id > field_last_known) break;
    if (id < next_id) return tl::unexpected(decode_error::bad_value);
    next_id = id + 1;
    switch (id) {
      case field_flags: {
        const std::uint64_t flags = read_varlen(fields);
        valid = flags <= 0xff;
        ev.flags = static_cast<std::uint8_t>(flags);
        break;
      }
      case field_sid: {
        std::array<std::byte, sid_length> sid{};
        for (auto& b : sid) {
          const std::uint64_t v = read_varlen(fields);
          valid = valid && v <= 0xff;
          b = static_cast<std::byte>(v);
        }
        ev.sid = uuid_text(sid);
        have_sid = true;
        break;
      }
      case field_gno:
        ev.gno = read_varlen_signed(fields);
        have_gno = true;
        break;
      case field_tag: ev.tag = read_tag(fields, valid); break;
      case field_last_committed: ev.last_committed = read_varlen_signed(fields); break;
      case field_sequence_number: ev.sequence_number = read_varlen_signed(fields); break;
      default: read_varlen(fields); break;  // all unsigned varlens; not kept
    }
  }
  if (!fields.ok()) return tl::unexpected(decode_error::truncated);
  if (!valid || !have_sid || !have_gno || ev.gno < 1) return tl::unexpected(decode_error::bad_value);
  return ev;
}

// Spec: MySQL "Previous_gtids_event" / Gtid_set::encode: n_sids(8), then per sid: sid(16)
// n_intervals(8) and n_intervals pairs of start(8), end(8, exclusive). MySQL 8.4 marks a set
// with tagged GTIDs by format byte 1 in bits 56-63 (and 0-7), n_sids in bits 8-55, and writes a
// varlen-length tag after each sid. Text as MySQL prints it: "uuid:1-4:tag:1-3,uuid2:1-9".
tl::expected<previous_gtids_event, decode_error> decode_previous_gtids(std::span<const std::byte> body) {
  byte_reader r(body);
  const std::uint64_t head = r.u64();
  const std::uint64_t format = head >> 56U;
  if (format > 1) return tl::unexpected(decode_error::bad_length);  // not a count MySQL writes
  const bool tagged = format == 1;
  const std::uint64_t sids = tagged ? (head >> 8U) & 0xffff'ffff'ffffU : head;
  if (r.ok() && sids > r.remaining() / (sid_length + 8)) return tl::unexpected(decode_error::bad_length);
  previous_gtids_event ev;
  std::string previous_uuid;
  bool valid = true;
  for (std::uint64_t i = 0; i < sids && r.ok() && valid; ++i) {
    std::string uuid = uuid_text(r.take(sid_length));
    const std::string tag = tagged ? read_tag(r, valid) : std::string();
    if (i == 0 || uuid != previous_uuid) {
      if (i > 0) ev.gtid_set.push_back(',');
      ev.gtid_set += uuid;
    }
    if (!tag.empty()) ev.gtid_set += ':' + tag;
    previous_uuid = std::move(uuid);
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
  if (!valid) return tl::unexpected(decode_error::bad_value);
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
