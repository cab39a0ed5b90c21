// Statement-based replication context events: INTVAR, RAND and USER_VAR carry the session
// values the next QUERY event reads. Row-based replication does not need them; they are decoded
// so statement-format streams stay readable.
#include "protocol/byte_reader.hpp"
#include "protocol/event_decoders.hpp"

namespace sluice::protocol::detail {
namespace {

constexpr std::uint8_t last_insert_id_event = 1;
constexpr std::uint8_t insert_id_event = 2;
constexpr std::uint8_t decimal_result = 4;  // highest Item_result a server writes

}  // namespace

// Spec: MySQL statement_events.h "Intvar_event": type(1) value(8), no post-header.
tl::expected<intvar_event, decode_error> decode_intvar(std::span<const std::byte> body) {
  byte_reader r(body);
  intvar_event ev{};
  ev.type = r.u8();
  ev.value = r.u64();
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  if (!r.empty()) return tl::unexpected(decode_error::bad_length);
  if (ev.type != last_insert_id_event && ev.type != insert_id_event)
    return tl::unexpected(decode_error::bad_value);
  return ev;
}

// Spec: MySQL statement_events.h "Rand_event": seed1(8) seed2(8), no post-header.
tl::expected<rand_event, decode_error> decode_rand(std::span<const std::byte> body) {
  byte_reader r(body);
  rand_event ev{};
  ev.seed1 = r.u64();
  ev.seed2 = r.u64();
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  if (!r.empty()) return tl::unexpected(decode_error::bad_length);
  return ev;
}

// Spec: MySQL statement_events.h "User_var_event": name_len(4) name is_null(1); unless null:
// type(1) charset(4) value_len(4) value, then flags(1) when the server writes it (MySQL 5.5+,
// MariaDB). Bytes after the flags are ignored, as the server does.
tl::expected<user_var_event, decode_error> decode_user_var(std::span<const std::byte> body) {
  byte_reader r(body);
  user_var_event ev{};
  const std::uint32_t name_length = r.u32();
  if (r.ok() && name_length > r.remaining()) return tl::unexpected(decode_error::bad_length);
  ev.name = r.take_string(name_length);
  ev.is_null = r.u8() != 0;
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  if (ev.is_null) return ev;

  ev.value_type = r.u8();
  ev.charset = r.u32();
  const std::uint32_t value_length = r.u32();
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  if (value_length > r.remaining()) return tl::unexpected(decode_error::bad_length);
  if (ev.value_type > decimal_result) return tl::unexpected(decode_error::bad_value);
  ev.value = r.take_string(value_length);
  if (!r.empty()) ev.flags = r.u8();
  return ev;
}

}  // namespace sluice::protocol::detail
