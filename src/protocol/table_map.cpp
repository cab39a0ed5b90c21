#include "protocol/byte_reader.hpp"
#include "protocol/column_type.hpp"
#include "protocol/event_decoders.hpp"
#include "protocol/event_type.hpp"

namespace sluice::protocol {

std::uint8_t column_real_type(const column_def& column) noexcept {
  if (column.type != column_type::string) return column.type;
  const auto real = static_cast<std::uint8_t>(column.meta >> 8);
  // CHAR(n) with n*mbmaxlen > 255 keeps two length bits in the real-type byte (bug#37426);
  // the real type then has those bits cleared, so set them back.
  return static_cast<std::uint8_t>(real | 0x30U);
}

bool is_binary(const column_def& column) noexcept { return column.charset == 63; }

namespace detail {
namespace {

// MySQL caps a table at 4096 columns (MariaDB too); anything wider is not a real table map.
constexpr std::uint64_t max_columns = 4096;

enum class meta_layout { none, one_byte, two_bytes_be, two_bytes_le, unknown };

meta_layout layout_of(std::uint8_t type) noexcept {
  switch (type) {
    case column_type::float_:
    case column_type::double_:
    case column_type::tiny_blob:
    case column_type::medium_blob:
    case column_type::long_blob:
    case column_type::blob:
    case column_type::geometry:
    case column_type::json:
    case column_type::time2:
    case column_type::datetime2:
    case column_type::timestamp2:
    case column_type::mariadb_blob_compressed:
      return meta_layout::one_byte;
    case column_type::newdecimal:  // precision, scale
    case column_type::string:      // real type, length
    case column_type::enum_:
    case column_type::set:
      return meta_layout::two_bytes_be;
    case column_type::varchar:  // max length in bytes
    case column_type::var_string:
    case column_type::bit:  // bits % 8, bytes
    case column_type::mariadb_varchar_compressed:
      return meta_layout::two_bytes_le;
    case column_type::decimal:
    case column_type::tiny:
    case column_type::short_:
    case column_type::long_:
    case column_type::null:
    case column_type::timestamp:
    case column_type::longlong:
    case column_type::int24:
    case column_type::date:
    case column_type::time:
    case column_type::datetime:
    case column_type::year:
    case column_type::newdate:
      return meta_layout::none;
    default:
      return meta_layout::unknown;
  }
}

}  // namespace

// Spec: MySQL internals "TABLE_MAP_EVENT" (binlog v4): post-header table_id(6, or 4 when the
// FDE says 6) flags(2); schema, table, column count, types, metadata block, null bitmap, then
// the optional metadata TLVs (MySQL 8.0.1 / MariaDB 10.5, binlog_row_metadata).
tl::expected<table_map_event, decode_error> decode_table_map(std::span<const std::byte> body,
                                                             const decode_context& ctx) {
  const std::uint8_t post_header = ctx.post_header_length(event_type::table_map, 8);
  if (post_header != 6 && post_header < 8) return tl::unexpected(decode_error::bad_value);
  byte_reader r(body);
  table_map_event ev{};
  ev.table_id = r.uint_le(post_header == 6 ? 4 : 6);
  ev.flags = r.u16();
  if (post_header > 8) r.skip(post_header - 8U);
  ev.schema = r.take_string(r.u8());
  r.skip(1);  // NUL
  ev.table = r.take_string(r.u8());
  r.skip(1);  // NUL
  const std::uint64_t count = r.lenenc();
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  if (count > max_columns) return tl::unexpected(decode_error::bad_length);
  const auto types = r.take(count);
  const std::uint64_t meta_length = r.lenenc();
  if (r.ok() && meta_length > r.remaining()) return tl::unexpected(decode_error::truncated);
  byte_reader meta(r.take(meta_length));
  const auto null_bits = r.take((count + 7) / 8);
  if (!r.ok()) return tl::unexpected(decode_error::truncated);

  ev.columns.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    column_def& column = ev.columns[i];
    column.type = std::to_integer<std::uint8_t>(types[i]);
    column.nullable = ((std::to_integer<unsigned>(null_bits[i / 8]) >> (i % 8)) & 1U) != 0;
    switch (layout_of(column.type)) {
      case meta_layout::none: column.meta = 0; break;
      case meta_layout::one_byte: column.meta = meta.u8(); break;
      case meta_layout::two_bytes_be: column.meta = static_cast<std::uint16_t>(meta.uint_be(2)); break;
      case meta_layout::two_bytes_le: column.meta = meta.u16(); break;
      case meta_layout::unknown: return tl::unexpected(decode_error::unsupported_type);
    }
  }
  if (!meta.ok() || !meta.empty()) return tl::unexpected(decode_error::bad_length);

  auto applied = apply_optional_metadata(r.rest(), ctx.mariadb(), ev);
  if (!applied) return tl::unexpected(applied.error());
  return ev;
}

}  // namespace detail
}  // namespace sluice::protocol
