#pragma once
// Renders decoded cells as SQL literals that reproduce the upstream value exactly downstream.

#include <cstdint>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "protocol/cell.hpp"

namespace sluice::pipeline {

/// Appends the literal for `value` to `out`. Strings become hex literals (X'...'), which are
/// charset-neutral: the bytes land unchanged in the column's own character set. FLOAT and DOUBLE
/// become approximate-number literals (`3.0999999046325684e0`) holding exactly the stored binary
/// value, so they also match in a WHERE clause. TIMESTAMP values are rendered in UTC, so the
/// applying session must run with time_zone='+00:00'. MySQL binary JSON becomes its JSON text as
/// a utf8mb4 string (`_utf8mb4 X'...'`, independent of the session's charset and sql_mode).
/// Fails for a partial JSON cell (a PARTIAL_UPDATE_ROWS diff has no value of its own: see
/// append_json_diff_expression) and for binary JSON that does not decode.
tl::expected<void, std::string> append_literal(std::string& out, const protocol::cell& value);

/// For the SET clause of an UPDATE whose after image holds a partial JSON cell (MySQL
/// binlog_row_value_options=PARTIAL_JSON): appends the expression that applies the cell's diffs,
/// in order, to the current value of `column` (an already quoted identifier), e.g.
/// JSON_REPLACE(JSON_INSERT(`doc`, _utf8mb4 X'..', JSON_EXTRACT(_utf8mb4 X'..', '$')), ...).
/// Replace is JSON_REPLACE, remove JSON_REMOVE, insert JSON_ARRAY_INSERT when the path ends in
/// an array index, else JSON_INSERT: MySQL's own rules for applying the diffs on a replica.
/// Fails unless `value.partial` and every diff value decodes.
tl::expected<void, std::string> append_json_diff_expression(std::string& out, std::string_view column,
                                                            const protocol::json_cell& value);

/// "YYYY-MM-DD HH:MM:SS[.f...]" in UTC with `fsp` fraction digits; the epoch 0 is the zero date.
std::string format_utc_timestamp(std::int64_t seconds, std::uint32_t micros, std::uint8_t fsp);

}  // namespace sluice::pipeline
