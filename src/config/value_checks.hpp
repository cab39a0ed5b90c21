#pragma once
// Internal to src/config: syntax checks for values whose form DM checks (or whose misuse
// would only fail much later, at connect or replication time).

#include <string_view>

namespace sluice::config::detail {

/// "<base>.<sequence>" with a positive decimal sequence, e.g. "mysql-bin.000001"
/// (DM's utils.VerifyFilename: exactly one '.').
bool is_binlog_file_name(std::string_view name);

/// A MySQL GTID set ("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:7,<uuid>:1") or a MariaDB
/// GTID list ("0-1-100,1-2-3"). Empty is allowed (no GTID).
bool is_gtid_set(std::string_view text);

/// What DM's utils.ParseTimeZone accepts: "SYSTEM", "Local", "UTC", an IANA zone name such
/// as "Asia/Shanghai", or a UTC offset "+08:00" / "-6:00". Zone names are checked for form
/// only, not against a tz database.
bool is_time_zone(std::string_view text);

}  // namespace sluice::config::detail
