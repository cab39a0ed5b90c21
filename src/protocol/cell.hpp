#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace sluice::protocol {

/// SQL NULL (or, in a partial row image, a column the image does not carry).
struct null_cell {
  friend bool operator==(const null_cell&, const null_cell&) = default;
};
/// NEWDECIMAL as exact text, e.g. "-12.340": the scale's digits are always kept.
struct decimal_cell {
  std::string text;
  friend bool operator==(const decimal_cell&, const decimal_cell&) = default;
};
/// DATE "2024-01-31", DATETIME "2024-01-31 10:00:00.123456" (exactly fsp fraction digits),
/// TIME "-838:59:59.000", YEAR "2024"; zero dates stay zero ("0000-00-00 00:00:00").
struct temporal_cell {
  std::string text;
  friend bool operator==(const temporal_cell&, const temporal_cell&) = default;
};
/// TIMESTAMP: seconds since the UTC epoch plus microseconds; fsp is the column's precision.
struct timestamp_cell {
  std::int64_t seconds;
  std::uint32_t micros;
  std::uint8_t fsp;
  friend bool operator==(const timestamp_cell&, const timestamp_cell&) = default;
};
/// BIT(width): the value in the low `width` bits.
struct bit_cell {
  std::uint64_t bits;
  std::uint16_t width;
  friend bool operator==(const bit_cell&, const bit_cell&) = default;
};
/// ENUM as its 1-based index into the column's values; 0 is the empty (invalid) value ''.
struct enum_cell {
  std::uint32_t index;
  friend bool operator==(const enum_cell&, const enum_cell&) = default;
};
/// SET as a bitmap: bit i set = the column's i-th value (0-based) is a member.
struct set_cell {
  std::uint64_t bits;
  friend bool operator==(const set_cell&, const set_cell&) = default;
};
/// One change of a PARTIAL_UPDATE_ROWS JSON diff (MySQL binlog_row_value_options=PARTIAL_JSON),
/// applied to the column's document in the before image, in order.
struct json_diff {
  enum class operation : std::uint8_t { replace = 0, insert = 1, remove = 2 };
  operation op;
  std::string path;   // MySQL JSON path text, e.g. "$.a[1]"
  std::string value;  // the new value as MySQL binary JSON; empty for remove
  friend bool operator==(const json_diff&, const json_diff&) = default;
};
/// MySQL's binary JSON (type 245), kept as the raw bytes the server wrote. In the after image
/// of a PARTIAL_UPDATE_ROWS event a column may instead carry `diffs` (partial = true, binary empty).
struct json_cell {
  std::string binary;
  std::vector<json_diff> diffs;
  bool partial = false;
  friend bool operator==(const json_cell&, const json_cell&) = default;
};

/// One column value of a row image. Integers are int64 or uint64 depending on the column's
/// signedness; std::string carries CHAR/VARCHAR/TEXT/BLOB/BINARY/GEOMETRY bytes verbatim.
using cell = std::variant<null_cell, std::int64_t, std::uint64_t, float, double, decimal_cell,
                          std::string, temporal_cell, timestamp_cell, bit_cell, enum_cell,
                          set_cell, json_cell>;

/// Human-readable text for tests and debugging: strings verbatim, integers in decimal,
/// NULL as "NULL", timestamps as epoch seconds with fsp fraction digits, BIT as b'0101',
/// SET as its decimal bitmap, JSON as x'hex'.
std::string to_display(const cell& value);

}  // namespace sluice::protocol
