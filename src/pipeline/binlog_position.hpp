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

/// The numeric suffix of a binlog file name, or 0 when it has none.
std::uint64_t binlog_file_index(const std::string& file) noexcept;

}  // namespace sluice::pipeline
