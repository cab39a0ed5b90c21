#include "protocol/row_image.hpp"

#include <algorithm>

#include "protocol/value_decoders.hpp"

namespace sluice::protocol::detail {

row_image_plan::row_image_plan(const table_map_event& table, const std::vector<bool>& present)
    : table_(table) {
  const std::size_t width = std::min(present.size(), table.columns.size());
  for (std::size_t i = 0; i < width; ++i) present_count_ += present[i] ? 1 : 0;
  if (present_count_ == table.columns.size()) return;  // every column: no index list needed
  present_.reserve(present_count_);
  for (std::size_t i = 0; i < width; ++i)
    if (present[i]) present_.push_back(i);
}

// Spec: MySQL internals "Rows_event" row format: a NULL bitmap with one bit per present column,
// then the values of the present non-NULL columns in column order.
tl::expected<void, decode_error> row_image_plan::decode(byte_reader& r, std::vector<cell>& out) const {
  out.clear();
  out.resize(table_.columns.size());  // value-initialised cells are null_cell
  const auto nulls = r.take((present_count_ + 7) / 8);
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  const bool all = present_.empty();
  for (std::size_t i = 0; i < present_count_; ++i) {
    if (((std::to_integer<unsigned>(nulls[i / 8]) >> (i % 8)) & 1U) != 0) continue;
    const std::size_t column = all ? i : present_[i];
    auto decoded = decode_cell(r, table_.columns[column], out[column]);
    if (!decoded) return decoded;
  }
  return {};
}

}  // namespace sluice::protocol::detail
