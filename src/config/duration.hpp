#pragma once
// Go's time.Duration text form, which DM uses for safe-mode-duration, the checker's
// backoffs and the validator's intervals: "60s", "5m", "1h30m", "1.5s", "300ms".

#include <chrono>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace sluice::config {

/// Parses Go's time.ParseDuration syntax: an optional sign, then one or more
/// "<decimal number><unit>" with units ns, us (or µs/μs), ms, s, m, h. "0" needs no unit.
/// The error says what was wrong (missing unit, unknown unit, overflow).
tl::expected<std::chrono::nanoseconds, std::string> parse_go_duration(std::string_view text);

/// Go's Duration.String(): "1h30m0s", "1m0s", "1.5s", "300ms", "0s".
std::string format_go_duration(std::chrono::nanoseconds d);

}  // namespace sluice::config
