#pragma once
// A point in the upstream binlog: file name plus byte offset, optionally with the GTID set reached there.

#include <compare>
#include <cstdint>
#include <string>

namespace sluice::pipeline {

/// A value type; ordering follows the file's numeric suffix, then the offset.
struct binlog_position {
  std::string file;
  std::uint32_t pos = 0;

  bool empty() const noexcept { return file.empty(); }
  /// DM's text form: "(mysql-bin.000001, 2022)".
  std::string to_string() const;
  friend bool operator==(const binlog_position&, const binlog_position&) = default;
};

/// Compares file suffixes numerically ("mysql-bin.000010" > "mysql-bin.000009"), then offsets.
std::strong_ordering compare(const binlog_position& a, const binlog_position& b) noexcept;
inline bool operator<(const binlog_position& a, const binlog_position& b) noexcept {
  return compare(a, b) < 0;
}
inline bool operator<=(const binlog_position& a, const binlog_position& b) noexcept {
  return compare(a, b) <= 0;
}

/// A binlog position plus the GTID set reached there, as DM keeps a location (checkpoint rows
/// binlog_name/binlog_pos/binlog_gtid; query-status syncerBinlog + syncerBinlogGtid).
/// `gtid_set` is the canonical text of a protocol::gtid_set (MySQL, "uuid:1-5") or
/// protocol::mariadb_gtid_set (MariaDB, "0-1-5"); empty when GTIDs are not used.
struct binlog_point {
  binlog_position pos;
  std::string gtid_set;

  bool empty() const noexcept { return pos.empty(); }
  /// DM's location text (binlog.Location.String):
  /// "position: (mysql-bin.000001, 1234), gtid-set: 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5".
  std::string to_string() const { return "position: " + pos.to_string() + ", gtid-set: " + gtid_set; }
  friend bool operator==(const binlog_point&, const binlog_point&) = default;
};

/// The numeric suffix of a binlog file name, or 0 when it has none.
std::uint64_t binlog_file_index(const std::string& file) noexcept;

}  // namespace sluice::pipeline
