#include <bit>

#include "protocol/column_type.hpp"
#include "protocol/value_decoders.hpp"

// Every value is put straight into the caller's cell (emplace of a nothrow construction), never
// built as a temporary cell and moved: this runs once per column of every row.

namespace sluice::protocol::detail {
namespace {

void put_integer(cell& value, std::uint64_t raw, std::size_t width, bool is_unsigned) {
  if (is_unsigned) {
    value.emplace<std::uint64_t>(raw);
    return;
  }
  const unsigned shift = static_cast<unsigned>(64 - 8 * width);
  // Sign-extend through the top bit of the stored width.
  value.emplace<std::int64_t>(static_cast<std::int64_t>(raw << shift) >> shift);
}

// A length prefix of `width` bytes followed by that many bytes.
std::span<const std::byte> prefixed_bytes(byte_reader& r, std::size_t width) {
  const std::uint64_t length = r.uint_le(width);
  if (length > r.remaining()) {
    r.fail();
    return {};
  }
  return r.take(length);
}

// Built first and moved in: emplace<std::string>(ptr, size) itself may throw, so the variant
// would build a whole temporary variant and move-assign it to stay never-valueless.
void put_bytes(cell& value, std::span<const std::byte> bytes) {
  std::string text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  value.emplace<std::string>(std::move(text));
}

tl::expected<void, decode_error> string_column(byte_reader& r, const column_def& column, cell& value) {
  const auto real = column_real_type(column);
  const auto high = static_cast<unsigned>(column.meta >> 8);
  const auto low = static_cast<unsigned>(column.meta & 0xffU);
  if (real == column_type::enum_) {
    if (low != 1 && low != 2) return tl::unexpected(decode_error::bad_value);
    value.emplace<enum_cell>(enum_cell{static_cast<std::uint32_t>(r.uint_le(low))});
    return {};
  }
  if (real == column_type::set) {
    if (low < 1 || low > 8) return tl::unexpected(decode_error::bad_value);
    value.emplace<set_cell>(set_cell{r.uint_le(low)});
    return {};
  }
  if (real != column_type::string) return tl::unexpected(decode_error::unsupported_type);
  // Bug#37426: lengths above 255 borrow two bits of the real-type byte.
  const unsigned length = (high & 0x30U) == 0x30U ? low : low | (((high & 0x30U) ^ 0x30U) << 4);
  put_bytes(value, prefixed_bytes(r, length > 255 ? 2 : 1));
  return {};
}

tl::expected<void, decode_error> bit_column(byte_reader& r, std::uint16_t meta, cell& value) {
  const unsigned extra_bits = meta & 0xffU;
  const unsigned whole_bytes = meta >> 8;
  const unsigned width = whole_bytes * 8 + extra_bits;
  if (extra_bits > 7 || width > 64) return tl::unexpected(decode_error::bad_value);
  const std::size_t bytes = (width + 7) / 8;
  const std::uint64_t bits = bytes == 0 ? 0 : r.uint_be(bytes);
  value.emplace<bit_cell>(bit_cell{bits, static_cast<std::uint16_t>(width)});
  return {};
}

}  // namespace

// Spec: MySQL internals "Rows_event" value formats (log_event_print_value in
// mysqlbinlog / MariaDB's log_event_client.cc), one case per TABLE_MAP type code.
tl::expected<void, decode_error> decode_cell(byte_reader& r, const column_def& column, cell& value) {
  switch (column.type) {
    case column_type::tiny: put_integer(value, r.uint_le(1), 1, column.is_unsigned); break;
    case column_type::short_: put_integer(value, r.uint_le(2), 2, column.is_unsigned); break;
    case column_type::int24: put_integer(value, r.uint_le(3), 3, column.is_unsigned); break;
    case column_type::long_: put_integer(value, r.uint_le(4), 4, column.is_unsigned); break;
    case column_type::longlong: put_integer(value, r.uint_le(8), 8, column.is_unsigned); break;
    case column_type::float_:
      value.emplace<float>(std::bit_cast<float>(static_cast<std::uint32_t>(r.uint_le(4))));
      break;
    case column_type::double_: value.emplace<double>(std::bit_cast<double>(r.uint_le(8))); break;
    case column_type::null: value.emplace<null_cell>(); break;
    case column_type::newdecimal: {
      auto ok = read_newdecimal(r, column.meta, value.emplace<decimal_cell>().text);
      if (!ok) return ok;
      break;
    }
    case column_type::varchar:
    case column_type::var_string: put_bytes(value, prefixed_bytes(r, column.meta > 255 ? 2 : 1)); break;
    case column_type::string:
    case column_type::enum_:
    case column_type::set: {
      auto ok = string_column(r, column, value);
      if (!ok) return ok;
      break;
    }
    case column_type::tiny_blob:
    case column_type::medium_blob:
    case column_type::long_blob:
    case column_type::blob:
    case column_type::geometry:
    case column_type::json: {
      if (column.meta < 1 || column.meta > 4) return tl::unexpected(decode_error::bad_value);
      const auto bytes = prefixed_bytes(r, column.meta);
      if (column.type == column_type::json)
        value.emplace<json_cell>().binary.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      else
        put_bytes(value, bytes);
      break;
    }
    case column_type::bit: {
      auto ok = bit_column(r, column.meta, value);
      if (!ok) return ok;
      break;
    }
    case column_type::timestamp:
    case column_type::timestamp2:
    case column_type::date:
    case column_type::newdate:
    case column_type::time:
    case column_type::time2:
    case column_type::datetime:
    case column_type::datetime2:
    case column_type::year:
      return decode_temporal(r, column.type, column.meta, value);
    default:
      return tl::unexpected(decode_error::unsupported_type);
  }
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  return {};
}

}  // namespace sluice::protocol::detail
