#pragma once

// Internal: the after image of a MySQL PARTIAL_UPDATE_ROWS row, whose JSON columns may carry
// diffs (binlog_row_value_options=PARTIAL_JSON) instead of whole documents.

#include <vector>

#include <tl/expected.hpp>

#include "protocol/byte_reader.hpp"
#include "protocol/cell.hpp"
#include "protocol/decode_error.hpp"
#include "protocol/events.hpp"

namespace sluice::protocol::detail {

/// One Json_diff_vector: a 4-byte length, then diffs of operation byte, length-encoded path
/// and (unless remove) length-encoded binary JSON value.
tl::expected<std::vector<json_diff>, decode_error> decode_json_diffs(byte_reader& r);

/// Reads the shared image (value_options, and with PARTIAL_JSON_UPDATES one bit per JSON column
/// of the table) and then the after image proper into `out` (resized to the table width; absent
/// columns hold null_cell). `present` has one entry per table column. A JSON column whose bit is
/// set becomes json_cell{binary empty, diffs, partial = true}.
tl::expected<void, decode_error> decode_partial_after_image(byte_reader& r,
                                                            const table_map_event& table,
                                                            const std::vector<bool>& present,
                                                            std::vector<cell>& out);

}  // namespace sluice::protocol::detail
