#include "protocol/byte_reader.hpp"
#include "protocol/event_decoders.hpp"
#include "protocol/event_type.hpp"

namespace sluice::protocol {

std::string to_string(const mariadb_gtid& gtid) {
  return std::to_string(gtid.domain_id) + '-' + std::to_string(gtid.server_id) + '-' +
         std::to_string(gtid.sequence);
}

bool mariadb_gtid_event::standalone() const noexcept { return (flags & 0x01U) != 0; }

namespace detail {
namespace {
constexpr std::uint8_t fl_group_commit_id = 0x02;
constexpr std::size_t gtid_list_entry = 4 + 4 + 8;
}  // namespace

// Spec: MariaDB "GTID_EVENT" (162): seq_no(8) domain_id(4) flags2(1), then commit_id(8) when
// FL_GROUP_COMMIT_ID is set (else 6 zero bytes); XA xid and extra flags may follow (not kept).
// Like MariaDB's Gtid_log_event, a body shorter than the 19-byte post-header is refused.
tl::expected<mariadb_gtid_event, decode_error> decode_mariadb_gtid(std::span<const std::byte> body,
                                                                   const event_header& header,
                                                                   const decode_context& ctx) {
  if (body.size() < ctx.post_header_length(event_type::mariadb_gtid, 19))
    return tl::unexpected(decode_error::truncated);
  byte_reader r(body);
  mariadb_gtid_event ev{};
  ev.gtid.sequence = r.u64();
  ev.gtid.domain_id = r.u32();
  ev.gtid.server_id = header.server_id;
  ev.flags = r.u8();
  ev.commit_id = (ev.flags & fl_group_commit_id) != 0 ? r.u64() : 0;
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  return ev;
}

// Spec: MariaDB "GTID_LIST_EVENT" (163): count(4; low 28 bits, high 4 are flags), then count
// entries of domain_id(4) server_id(4) seq_no(8).
tl::expected<gtid_list_event, decode_error> decode_gtid_list(std::span<const std::byte> body,
                                                             const decode_context& ctx) {
  const std::uint8_t post_header = ctx.post_header_length(event_type::mariadb_gtid_list, 4);
  if (post_header < 4) return tl::unexpected(decode_error::bad_value);
  byte_reader r(body);
  const std::uint32_t count = r.u32() & 0x0fffffffU;
  r.skip(post_header - 4U);
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  if (count > r.remaining() / gtid_list_entry) return tl::unexpected(decode_error::bad_length);

  gtid_list_event ev;
  ev.gtids.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    mariadb_gtid gtid{};
    gtid.domain_id = r.u32();
    gtid.server_id = r.u32();
    gtid.sequence = r.u64();
    ev.gtids.push_back(gtid);
  }
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  return ev;
}

}  // namespace detail
}  // namespace sluice::protocol
