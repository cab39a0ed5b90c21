#pragma once
// Renders decoded cells as SQL literals that reproduce the upstream value exactly downstream.

#include <string>

#include <tl/expected.hpp>

#include "protocol/cell.hpp"

namespace sluice::pipeline {

/// Appends the literal for `value` to `out`. Strings become hex literals (X'...'), which are
/// charset-neutral: the bytes land unchanged in the column's own character set. TIMESTAMP values are
/// rendered in UTC, so the applying session must run with time_zone='+00:00'.
/// Fails only for values this build cannot express (MySQL binary JSON).
tl::expected<void, std::string> append_literal(std::string& out, const protocol::cell& value);

/// "YYYY-MM-DD HH:MM:SS[.f...]" in UTC with `fsp` fraction digits; the epoch 0 is the zero date.
std::string format_utc_timestamp(std::int64_t seconds, std::uint32_t micros, std::uint8_t fsp);

}  // namespace sluice::pipeline
