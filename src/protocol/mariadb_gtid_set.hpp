#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "protocol/events.hpp"

namespace sluice::protocol {

/// A MariaDB GTID position (@@gtid_binlog_pos, @@gtid_slave_pos, DM's binlog-gtid): per
/// replication domain the last GTID (server_id, seq_no) reached. Text form "0-1-100,1-2-5",
/// sorted by domain. A value type.
class mariadb_gtid_set {
 public:
  /// Parses "domain-server-seq" entries separated by commas, whitespace allowed around them;
  /// "" is the empty set. Two entries for one domain are an error. An error names the
  /// offending text and its offset.
  static tl::expected<mariadb_gtid_set, std::string> parse(std::string_view text);
  /// The position a GTID_LIST event names. Where it lists a domain more than once (one entry
  /// per server_id of the binlog state), the last entry is the domain's latest and wins.
  static mariadb_gtid_set from(const gtid_list_event& event);

  /// "0-1-100,1-2-5": one entry per domain, by domain.
  std::string to_string() const;

  /// Moves `gtid`'s domain to `gtid` (the stream's order is the truth, so this also replaces
  /// a higher seq_no, e.g. after a failover).
  void update(const mariadb_gtid& gtid);
  /// True when `gtid`'s domain has reached its seq_no (the domain's seq_no >= gtid's).
  bool contains(const mariadb_gtid& gtid) const noexcept;

  bool empty() const noexcept { return domains_.empty(); }
  /// The last GTID of every domain, by domain id.
  const std::map<std::uint32_t, mariadb_gtid>& domains() const noexcept { return domains_; }

  friend bool operator==(const mariadb_gtid_set&, const mariadb_gtid_set&) = default;

 private:
  std::map<std::uint32_t, mariadb_gtid> domains_;
};

}  // namespace sluice::protocol
