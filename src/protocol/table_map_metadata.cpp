#include <functional>

#include "protocol/byte_reader.hpp"
#include "protocol/column_type.hpp"
#include "protocol/event_decoders.hpp"

namespace sluice::protocol::detail {
namespace {

// Optional metadata field types (MySQL Table_map_event::Optional_metadata_field_type).
enum field : std::uint8_t {
  signedness = 1,
  default_charset = 2,
  column_charset = 3,
  column_name = 4,
  set_str_value = 5,
  enum_str_value = 6,
  geometry_type = 7,
  simple_primary_key = 8,
  primary_key_with_prefix = 9,
  enum_and_set_default_charset = 10,
  enum_and_set_column_charset = 11,
  column_visibility = 12,
};

bool is_numeric(std::uint8_t type, bool mariadb) noexcept {
  switch (type) {
    case column_type::tiny:
    case column_type::short_:
    case column_type::int24:
    case column_type::long_:
    case column_type::longlong:
    case column_type::newdecimal:
    case column_type::float_:
    case column_type::double_:
      return true;
    case column_type::year:  // MariaDB's Field_year is a Field_num and gets a signedness bit
    case column_type::decimal:
      return mariadb;
    default:
      return false;
  }
}

bool is_character(std::uint8_t real_type, bool mariadb) noexcept {
  switch (real_type) {
    case column_type::string:
    case column_type::var_string:
    case column_type::varchar:
    case column_type::tiny_blob:
    case column_type::medium_blob:
    case column_type::long_blob:
    case column_type::blob:
      return true;
    case column_type::geometry:  // MariaDB's Field_geom is a Field_blob and gets a collation
      return mariadb;
    default:
      return false;
  }
}

bool is_enum(std::uint8_t real_type) noexcept { return real_type == column_type::enum_; }
bool is_set(std::uint8_t real_type) noexcept { return real_type == column_type::set; }

using column_filter = std::function<bool(const column_def&)>;

std::vector<column_def*> select(table_map_event& table, const column_filter& keep) {
  std::vector<column_def*> out;
  for (auto& column : table.columns)
    if (keep(column)) out.push_back(&column);
  return out;
}

// A bitmap with one bit per selected column, most significant bit first.
template <typename Apply>
bool read_bitmap(byte_reader& r, const std::vector<column_def*>& columns, Apply apply) {
  const auto bits = r.rest();
  if (bits.size() < (columns.size() + 7) / 8) return false;
  for (std::size_t i = 0; i < columns.size(); ++i)
    apply(*columns[i], ((std::to_integer<unsigned>(bits[i / 8]) >> (7 - i % 8)) & 1U) != 0);
  return true;
}

bool set_charset(column_def& column, std::uint64_t collation) {
  if (collation > 0xffff) return false;
  column.charset = static_cast<std::uint16_t>(collation);
  return true;
}

// DEFAULT_CHARSET: the default collation, then (index among the selected columns, collation)
// pairs for the columns that differ.
bool read_default_charset(byte_reader& r, const std::vector<column_def*>& columns) {
  const std::uint64_t fallback = r.lenenc();
  for (column_def* column : columns)
    if (!set_charset(*column, fallback)) return false;
  while (r.ok() && !r.empty()) {
    const std::uint64_t index = r.lenenc();
    const std::uint64_t collation = r.lenenc();
    if (index >= columns.size() || !set_charset(*columns[index], collation)) return false;
  }
  return r.ok();
}

// COLUMN_CHARSET: one collation per selected column.
bool read_column_charsets(byte_reader& r, const std::vector<column_def*>& columns) {
  for (column_def* column : columns)
    if (!set_charset(*column, r.lenenc())) return false;
  return r.ok() && r.empty();
}

bool read_string_lists(byte_reader& r, const std::vector<column_def*>& columns,
                       std::vector<std::string> column_def::*values) {
  for (column_def* column : columns) {
    const std::uint64_t count = r.lenenc();
    if (count > r.remaining()) return false;  // each value costs at least one byte
    auto& list = column->*values;
    list.clear();
    list.reserve(count);
    for (std::uint64_t i = 0; i < count && r.ok(); ++i) {
      const std::uint64_t length = r.lenenc();
      if (length > r.remaining()) return false;
      list.push_back(r.take_string(length));
    }
  }
  return r.ok() && r.empty();
}

bool read_primary_key(byte_reader& r, table_map_event& table, bool with_prefix) {
  table.primary_key.clear();
  table.primary_key_prefix.clear();
  while (r.ok() && !r.empty()) {
    const std::uint64_t index = r.lenenc();
    const std::uint64_t prefix = with_prefix ? r.lenenc() : 0;
    if (index >= table.columns.size() || prefix > 0xffffffffU) return false;
    table.primary_key.push_back(static_cast<std::uint32_t>(index));
    table.primary_key_prefix.push_back(static_cast<std::uint32_t>(prefix));
  }
  return r.ok();
}

}  // namespace

// Spec: MySQL "Table_map_event optional metadata" (WL#4618, binlog_row_metadata, MySQL 8.0.1;
// MariaDB 10.5 writes fields 1-11): a sequence of type(1), lenenc length, value.
tl::expected<void, decode_error> apply_optional_metadata(std::span<const std::byte> tlvs,
                                                         bool mariadb, table_map_event& table) {
  const auto character = [mariadb](const column_def& c) { return is_character(column_real_type(c), mariadb); };
  const auto enum_or_set = [](const column_def& c) {
    const auto t = column_real_type(c);
    return is_enum(t) || is_set(t);
  };
  byte_reader outer(tlvs);
  while (outer.ok() && !outer.empty()) {
    const std::uint8_t type = outer.u8();
    const std::uint64_t length = outer.lenenc();
    if (outer.ok() && length > outer.remaining()) return tl::unexpected(decode_error::bad_length);
    byte_reader r(outer.take(length));
    if (!outer.ok()) return tl::unexpected(decode_error::truncated);

    bool good = true;
    switch (type) {
      case signedness:
        good = read_bitmap(r, select(table, [mariadb](const column_def& c) { return is_numeric(c.type, mariadb); }),
                           [](column_def& c, bool bit) { c.is_unsigned = bit; });
        break;
      case default_charset: good = read_default_charset(r, select(table, character)); break;
      case column_charset: good = read_column_charsets(r, select(table, character)); break;
      case enum_and_set_default_charset: good = read_default_charset(r, select(table, enum_or_set)); break;
      case enum_and_set_column_charset: good = read_column_charsets(r, select(table, enum_or_set)); break;
      case column_name:
        for (auto& column : table.columns) {
          const std::uint64_t name_length = r.lenenc();
          if (!r.ok() || name_length > r.remaining()) break;
          column.name = r.take_string(name_length);
        }
        good = r.ok() && r.empty();
        break;
      case set_str_value:
        good = read_string_lists(r, select(table, [](const column_def& c) { return is_set(column_real_type(c)); }),
                                 &column_def::set_values);
        break;
      case enum_str_value:
        good = read_string_lists(r, select(table, [](const column_def& c) { return is_enum(column_real_type(c)); }),
                                 &column_def::enum_values);
        break;
      case geometry_type:
        for (column_def* column : select(table, [](const column_def& c) { return c.type == column_type::geometry; })) {
          const std::uint64_t kind = r.lenenc();
          if (kind > 0xffffffffU) good = false;
          column->geometry_type = static_cast<std::uint32_t>(kind);
        }
        good = good && r.ok() && r.empty();
        break;
      case simple_primary_key: good = read_primary_key(r, table, false); break;
      case primary_key_with_prefix: good = read_primary_key(r, table, true); break;
      case column_visibility:
        good = read_bitmap(r, select(table, [](const column_def&) { return true; }),
                           [](column_def& c, bool bit) { c.visible = bit; });
        break;
      default:
        break;  // a field from a newer server: skip it
    }
    if (!good) return tl::unexpected(decode_error::bad_value);
  }
  if (!outer.ok()) return tl::unexpected(decode_error::truncated);
  return {};
}

}  // namespace sluice::protocol::detail
