#include "protocol/row_image.hpp"

#include "protocol/value_decoders.hpp"

namespace sluice::protocol::detail {

row_image_plan::row_image_plan(const table_map_event& table, const std::vector<bool>& present)
    : table_(table) {
  for (std::size_t i = 0; i < present.size() && i < table.columns.size(); ++i)
    if (present[i]) present_.push_back(i);
}

// Spec: MySQL internals "Rows_event" row format: a NULL bitmap with one bit per present column,
// then the values of the present non-NULL columns in column order.
tl::expected<void, decode_error> row_image_plan::decode(byte_reader& r, std::vector<cell>& out) const {
  out.assign(table_.columns.size(), null_cell{});
  const auto nulls = r.take((present_.size() + 7) / 8);
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  for (std::size_t i = 0; i < present_.size(); ++i) {
    if (((std::to_integer<unsigned>(nulls[i / 8]) >> (i % 8)) & 1U) != 0) continue;
    const std::size_t column = present_[i];
    auto decoded = decode_cell(r, table_.columns[column], out[column]);
    if (!decoded) return decoded;
  }
  return {};
}

}  // namespace sluice::protocol::detail
