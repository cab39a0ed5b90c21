#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "protocol/events.hpp"

namespace sluice::protocol {

/// Inclusive range of MySQL transaction numbers [first, last], 1 <= first <= last.
struct gno_interval {
  std::int64_t first;
  std::int64_t last;
  friend bool operator==(const gno_interval&, const gno_interval&) = default;
};

/// Where MySQL GTIDs come from: a server UUID (lowercase, dashed) and a MySQL 8.4 tag
/// (lowercase; empty for untagged GTIDs). Orders untagged before tagged, as MySQL prints.
struct gtid_source {
  std::string uuid;
  std::string tag;
  friend auto operator<=>(const gtid_source&, const gtid_source&) = default;
};

/// A MySQL GTID set (@@gtid_executed, PREVIOUS_GTIDS, DM's binlog-gtid): per source, sorted
/// disjoint inclusive intervals; adjacent intervals are merged (1-3 plus 4 is 1-4).
/// Text form: "uuid:1-5:7,uuid2:1-9", tagged "uuid:1-5:tag1:1-3". A value type.
class gtid_set {
 public:
  /// Largest transaction number MySQL allows (GNO_END - 1).
  static constexpr std::int64_t max_gno = INT64_MAX - 1;

  /// Parses MySQL's text: UUIDs in any case, with or without dashes; entries separated by
  /// commas with optional whitespace and newlines (as SHOW MASTER STATUS prints them); after
  /// a UUID, ":"-separated intervals ("N" or "N-M") and tags, a tag applying to the intervals
  /// after it. "" is the empty set. An error names the offending text and its offset.
  static tl::expected<gtid_set, std::string> parse(std::string_view text);
  /// The set a PREVIOUS_GTIDS event names (its text is MySQL's format).
  static tl::expected<gtid_set, std::string> from(const previous_gtids_event& event);

  /// Canonical text: lowercase, sources sorted, "uuid:1-5:7:tag:1-3", entries joined by
  /// `separator` ("," as DM prints it; MySQL itself prints ",\n").
  std::string to_string(std::string_view separator = ",") const;

  /// Adds one transaction. False (and nothing added) for a malformed UUID or tag, or a gno
  /// outside 1..max_gno.
  bool add(std::string_view uuid, std::int64_t gno);
  bool add(std::string_view uuid, std::string_view tag, std::int64_t gno);
  /// Adds the transactions first..last; false as above, or when last < first.
  bool add(std::string_view uuid, std::string_view tag, gno_interval interval);
  /// Adds the transaction of a GTID event; false for an anonymous one.
  bool add(const mysql_gtid_event& gtid);
  /// Union with `other`.
  void add(const gtid_set& other);
  /// Removes every transaction of `other` (intervals are split where needed).
  void subtract(const gtid_set& other);

  bool contains(std::string_view uuid, std::int64_t gno) const;
  bool contains(std::string_view uuid, std::string_view tag, std::int64_t gno) const;
  /// True when every transaction of `other` is in this set.
  bool contains(const gtid_set& other) const;

  bool empty() const noexcept { return sources_.empty(); }
  /// Every source with its intervals, in canonical order; no source has an empty list.
  const std::map<gtid_source, std::vector<gno_interval>>& sources() const noexcept { return sources_; }

  friend bool operator==(const gtid_set&, const gtid_set&) = default;

 private:
  void add_interval(const gtid_source& source, gno_interval interval);

  std::map<gtid_source, std::vector<gno_interval>> sources_;
};

/// Canonical lowercase dashed UUID text, or "" when `text` is not a UUID (32 hex digits, with
/// or without the 8-4-4-4-12 dashes).
std::string normalize_uuid(std::string_view text);
/// Lowercase tag, or "" when `text` is not a MySQL GTID tag (1-32 of [A-Za-z0-9_], not
/// starting with a digit).
std::string normalize_gtid_tag(std::string_view text);

}  // namespace sluice::protocol
