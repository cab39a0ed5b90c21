#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "cli/charset.hpp"
#include "protocol/cell.hpp"
#include "protocol/decode_error.hpp"
#include "protocol/events.hpp"

namespace sluice::cli {

/// What writing a column's cells needs to know about the column, resolved once per TABLE_MAP.
struct column_format {
  std::uint8_t real_type = 0;          // column_real_type(): ENUM/SET/STRING for STRING columns
  std::optional<charset_id> charset;   // from the collation id; empty when unknown
  /// BINARY(n) / CHAR(n) of the binary charset: the declared byte length. The server strips the
  /// trailing 0x00 pad from the row image; SELECT shows it, so the decoder puts it back.
  std::uint16_t binary_length = 0;
};
column_format format_of(const protocol::column_def& column) noexcept;

/// Appends `text` as a JSON string (quotes and escapes added). `text` must be valid UTF-8.
void append_json_string(std::string& out, std::string_view text);

/// Appends {"hex": "<lowercase hex of bytes>"}.
void append_hex_object(std::string& out, std::string_view bytes);

/// Appends bytes of a known or unknown character set: a JSON string of their UTF-8 form, or
/// {"hex": ...} when they are binary, not valid in `charset`, or (charset unknown) not UTF-8.
void append_text(std::string& out, std::string_view bytes, std::optional<charset_id> charset,
                 utf8_converter& converter);

/// Appends a TIMESTAMP as "YYYY-MM-DD HH:MM:SS[.fraction to fsp]" in UTC; 0 is the zero date.
void append_utc_timestamp(std::string& out, std::int64_t seconds, std::uint32_t micros,
                          std::uint8_t fsp);

/// Appends one cell as a JSON value (see README.md for the shape of each type). Fails only
/// when a JSON column's binary value (or a partial-update diff's value) does not decode.
tl::expected<void, protocol::decode_error> append_cell(std::string& out, const protocol::cell& value,
                                                       const column_format& format,
                                                       utf8_converter& converter);

}  // namespace sluice::cli
