#include "protocol/json_diff.hpp"

#include "protocol/column_type.hpp"
#include "protocol/value_decoders.hpp"

namespace sluice::protocol::detail {
namespace {

constexpr std::uint64_t partial_json_updates = 1;  // the only value_options bit MySQL defines

bool bit_at(std::span<const std::byte> bits, std::size_t i) {
  return ((std::to_integer<unsigned>(bits[i / 8]) >> (i % 8)) & 1U) != 0;
}

// A length-encoded byte string that must fit in what is left of `r`.
std::string lenenc_bytes(byte_reader& r) {
  const std::uint64_t length = r.lenenc();
  if (length > r.remaining()) {
    r.fail();
    return {};
  }
  return r.take_string(length);
}

// Which table columns the after image carries as diffs: partial_bits has one bit per JSON
// column of the table, in column order, whether or not the image carries the column.
tl::expected<std::vector<bool>, decode_error> read_shared_image(byte_reader& r,
                                                                const table_map_event& table) {
  const std::uint64_t value_options = r.lenenc();
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  if ((value_options & ~partial_json_updates) != 0) return tl::unexpected(decode_error::bad_value);
  std::vector<bool> partial(table.columns.size(), false);
  if (value_options == 0) return partial;
  std::size_t json_columns = 0;
  for (const auto& column : table.columns)
    if (column.type == column_type::json) ++json_columns;
  const auto bits = r.take((json_columns + 7) / 8);
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  std::size_t json_index = 0;
  for (std::size_t i = 0; i < table.columns.size(); ++i)
    if (table.columns[i].type == column_type::json) partial[i] = bit_at(bits, json_index++);
  return partial;
}

}  // namespace

// Spec: MySQL sql/json_diff.cc Json_diff_vector::write_binary / read_binary.
tl::expected<std::vector<json_diff>, decode_error> decode_json_diffs(byte_reader& r) {
  const std::uint32_t length = r.u32();
  const auto body = r.take(length);
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  byte_reader d(body);
  std::vector<json_diff> diffs;
  while (!d.empty()) {
    const std::uint8_t op = d.u8();
    if (op > static_cast<std::uint8_t>(json_diff::operation::remove))
      return tl::unexpected(decode_error::bad_value);
    json_diff diff{static_cast<json_diff::operation>(op), lenenc_bytes(d), {}};
    if (diff.op != json_diff::operation::remove) diff.value = lenenc_bytes(d);
    if (!d.ok()) return tl::unexpected(decode_error::truncated);
    diffs.push_back(std::move(diff));
  }
  return diffs;
}

// Spec: MySQL sql/rpl_record.h (unpack_row): a PARTIAL_UPDATE_ROWS row is before-image,
// shared-image, after-image; the after image is the usual NULL bitmap over the present columns
// followed by their values, a partial JSON column holding a Json_diff_vector.
tl::expected<void, decode_error> decode_partial_after_image(byte_reader& r,
                                                            const table_map_event& table,
                                                            const std::vector<bool>& present,
                                                            std::vector<cell>& out) {
  auto partial = read_shared_image(r, table);
  if (!partial) return tl::unexpected(partial.error());
  out.assign(table.columns.size(), null_cell{});
  std::size_t carried = 0;
  for (std::size_t i = 0; i < present.size() && i < table.columns.size(); ++i)
    if (present[i]) ++carried;
  const auto nulls = r.take((carried + 7) / 8);
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  std::size_t image_index = 0;
  for (std::size_t i = 0; i < present.size() && i < table.columns.size(); ++i) {
    if (!present[i]) continue;
    if (bit_at(nulls, image_index++)) continue;
    if ((*partial)[i]) {
      auto diffs = decode_json_diffs(r);
      if (!diffs) return tl::unexpected(diffs.error());
      out[i] = json_cell{{}, std::move(*diffs), true};
      continue;
    }
    auto decoded = decode_cell(r, table.columns[i], out[i]);
    if (!decoded) return decoded;
  }
  return {};
}

}  // namespace sluice::protocol::detail
