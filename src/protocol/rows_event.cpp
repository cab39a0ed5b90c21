#include "protocol/byte_reader.hpp"
#include "protocol/event_decoders.hpp"
#include "protocol/event_type.hpp"
#include "protocol/json_diff.hpp"
#include "protocol/mariadb_compression.hpp"
#include "protocol/row_image.hpp"

namespace sluice::protocol {

bool rows_event::end_of_statement() const noexcept { return (flags & 0x0001U) != 0; }

namespace detail {
namespace {

struct rows_type_info {
  rows_kind kind;
  bool v2;
  bool compressed;
};

bool classify(std::uint8_t type_code, rows_type_info& info) noexcept {
  using namespace event_type;
  switch (type_code) {
    case write_rows_v1: info = {rows_kind::write, false, false}; return true;
    case update_rows_v1: info = {rows_kind::update, false, false}; return true;
    case delete_rows_v1: info = {rows_kind::delete_, false, false}; return true;
    case write_rows_v2: info = {rows_kind::write, true, false}; return true;
    case update_rows_v2: info = {rows_kind::update, true, false}; return true;
    case delete_rows_v2: info = {rows_kind::delete_, true, false}; return true;
    case write_rows_compressed_v1: info = {rows_kind::write, false, true}; return true;
    case update_rows_compressed_v1: info = {rows_kind::update, false, true}; return true;
    case delete_rows_compressed_v1: info = {rows_kind::delete_, false, true}; return true;
    case write_rows_compressed_v2: info = {rows_kind::write, true, true}; return true;
    case update_rows_compressed_v2: info = {rows_kind::update, true, true}; return true;
    case delete_rows_compressed_v2: info = {rows_kind::delete_, true, true}; return true;
    case partial_update_rows: info = {rows_kind::partial_update, true, false}; return true;
    default: return false;
  }
}

std::vector<bool> read_column_bitmap(byte_reader& r, std::size_t width) {
  const auto bytes = r.take((width + 7) / 8);
  std::vector<bool> present(width, false);
  if (!r.ok()) return present;
  for (std::size_t i = 0; i < width; ++i)
    present[i] = ((std::to_integer<unsigned>(bytes[i / 8]) >> (i % 8)) & 1U) != 0;
  return present;
}

// Every image is table-wide however few columns it carries, so a few bytes per row can cost
// kilobytes of cells. Real events hold far fewer (servers split them at
// binlog_row_event_max_size, 8 KiB by default); a bigger total is a hostile or corrupt event.
constexpr std::size_t max_cells_per_event = std::size_t{1} << 23;

tl::expected<void, decode_error> read_rows(byte_reader& r, rows_event& ev) {
  const row_image_plan before(*ev.table, ev.before_columns);
  const row_image_plan after(*ev.table, ev.after_columns);
  const bool has_before = ev.kind != rows_kind::write;
  const bool has_after = ev.kind != rows_kind::delete_;
  const std::size_t cells_per_row = ev.table->columns.size() * ((has_before ? 1 : 0) + (has_after ? 1 : 0));
  std::size_t cells = 0;
  while (!r.empty()) {
    const std::size_t left = r.remaining();
    cells += cells_per_row;
    if (cells > max_cells_per_event) return tl::unexpected(decode_error::bad_length);
    row_change change;
    if (has_before) {
      auto ok = before.decode(r, change.before);
      if (!ok) return ok;
    }
    if (has_after) {
      auto ok = ev.kind == rows_kind::partial_update
                    ? decode_partial_after_image(r, *ev.table, ev.after_columns, change.after)
                    : after.decode(r, change.after);
      if (!ok) return ok;
    }
    if (r.remaining() == left) return tl::unexpected(decode_error::bad_value);  // images with no columns
    ev.rows.push_back(std::move(change));
  }
  return {};
}

}  // namespace

bool is_rows_event(std::uint8_t type_code) noexcept {
  rows_type_info info{};
  return classify(type_code, info);
}

// Spec: MySQL internals "Rows_event" (ROWS_EVENT v1 types 23-25, v2 types 30-32): post-header
// table_id(6) flags(2) [v2: extra_data_length(2) counting itself, extra data]; then column count,
// column bitmaps and rows. MariaDB's *_COMPRESSED types (166-171) zlib the rows part.
tl::expected<rows_prefix, decode_error> decode_rows_prefix(std::span<const std::byte> body,
                                                           std::uint8_t type_code,
                                                           const decode_context& ctx) {
  rows_type_info info{};
  if (!classify(type_code, info)) return tl::unexpected(decode_error::unsupported_type);
  const std::uint8_t post_header = ctx.post_header_length(type_code, info.v2 ? 10 : 8);
  if (post_header != 6 && post_header < 8) return tl::unexpected(decode_error::bad_value);

  byte_reader r(body);
  rows_prefix prefix{};
  prefix.kind = info.kind;
  prefix.compressed = info.compressed;
  prefix.table_id = r.uint_le(post_header == 6 ? 4 : 6);
  prefix.flags = r.u16();
  if (info.v2 && post_header >= 10) {
    const std::uint16_t extra_length = r.u16();  // includes its own two bytes
    if (post_header > 10) r.skip(post_header - 10U);
    if (r.ok() && extra_length < 2) return tl::unexpected(decode_error::bad_value);
    r.skip(extra_length - 2U);  // NDB / partition info: not needed to read the rows
  } else if (post_header > 8) {
    r.skip(post_header - 8U);
  }
  prefix.rest = r.rest();
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  return prefix;
}

tl::expected<rows_event, decode_error> decode_rows(const rows_prefix& prefix,
                                                   std::shared_ptr<const table_map_event> table) {
  byte_reader r(prefix.rest);
  rows_event ev{};
  ev.kind = prefix.kind;
  ev.table_id = prefix.table_id;
  ev.flags = prefix.flags;
  const std::uint64_t width = r.lenenc();
  if (r.ok() && width > r.remaining() * 8) return tl::unexpected(decode_error::bad_length);
  if (ev.kind != rows_kind::write) ev.before_columns = read_column_bitmap(r, width);
  if (ev.kind != rows_kind::delete_) ev.after_columns = read_column_bitmap(r, width);
  if (!r.ok()) return tl::unexpected(decode_error::truncated);

  if (r.empty()) {  // no rows: legal even without a table (MySQL's dummy end-of-statement event)
    ev.table = std::move(table);
    return ev;
  }
  if (!table) return tl::unexpected(decode_error::unknown_table);
  if (width != table->columns.size()) return tl::unexpected(decode_error::bad_length);
  ev.table = std::move(table);

  if (!prefix.compressed) {
    auto ok = read_rows(r, ev);
    if (!ok) return tl::unexpected(ok.error());
    return ev;
  }
  auto inflated = mariadb_uncompress(r.rest());
  if (!inflated) return tl::unexpected(inflated.error());
  byte_reader rows(*inflated);
  auto ok = read_rows(rows, ev);
  if (!ok) return tl::unexpected(ok.error());
  return ev;
}

}  // namespace detail
}  // namespace sluice::protocol
