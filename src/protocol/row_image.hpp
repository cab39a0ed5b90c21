#pragma once

// Internal: decoding one row image (null bitmap + values of the present columns).

#include <cstddef>
#include <vector>

#include <tl/expected.hpp>

#include "protocol/byte_reader.hpp"
#include "protocol/decode_error.hpp"
#include "protocol/events.hpp"

namespace sluice::protocol::detail {

/// Which columns an image carries, computed once per rows event and reused for every row.
class row_image_plan {
 public:
  /// `table` must outlive the plan; `present` has one entry per table column.
  row_image_plan(const table_map_event& table, const std::vector<bool>& present);

  /// Reads one image into `out` (resized to the table width; absent columns hold null_cell).
  tl::expected<void, decode_error> decode(byte_reader& r, std::vector<cell>& out) const;

 private:
  const table_map_event& table_;
  // Indexes of the present columns, in order; left empty when every column is present (FULL
  // row images, the usual case), which then costs no allocation per rows event.
  std::vector<std::size_t> present_;
  std::size_t present_count_ = 0;
};

}  // namespace sluice::protocol::detail
