#include "protocol/byte_reader.hpp"
#include "protocol/event_decoders.hpp"
#include "protocol/event_type.hpp"
#include "protocol/mariadb_compression.hpp"

namespace sluice::protocol::detail {

// Spec: MySQL internals "QUERY_EVENT" (binlog v4): post-header thread_id(4) exec_time(4)
// schema_length(1) error_code(2) status_vars_length(2); then status vars, schema, NUL, query.
// MariaDB's QUERY_COMPRESSED_EVENT (165) has the same layout with a compressed query.
tl::expected<query_event, decode_error> decode_query(std::span<const std::byte> body,
                                                     const decode_context& ctx, bool compressed) {
  const std::uint8_t type = compressed ? event_type::query_compressed : event_type::query;
  const std::uint8_t post_header = ctx.post_header_length(type, 13);
  if (post_header < 11) return tl::unexpected(decode_error::bad_value);

  byte_reader r(body);
  query_event ev{};
  ev.thread_id = r.u32();
  ev.exec_time = r.u32();
  const std::uint8_t schema_length = r.u8();
  ev.error_code = r.u16();
  const std::uint16_t status_length = post_header >= 13 ? r.u16() : 0;
  if (post_header > 13) r.skip(post_header - 13U);
  r.skip(status_length);  // session variables at execution time: not interpreted here
  ev.schema = r.take_string(schema_length);
  r.skip(1);  // the schema's NUL terminator
  const auto query = r.rest();
  if (!r.ok()) return tl::unexpected(decode_error::truncated);

  if (!compressed) {
    ev.query = to_std_string(query);
    return ev;
  }
  auto inflated = mariadb_uncompress(query);
  if (!inflated) return tl::unexpected(inflated.error());
  ev.query = to_std_string(*inflated);
  return ev;
}

}  // namespace sluice::protocol::detail
