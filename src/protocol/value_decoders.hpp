#pragma once

// Internal: decoding of one column value from a row image.

#include <cstdint>
#include <string>

#include <tl/expected.hpp>

#include "protocol/byte_reader.hpp"
#include "protocol/cell.hpp"
#include "protocol/decode_error.hpp"
#include "protocol/events.hpp"

namespace sluice::protocol::detail {

/// One non-NULL value of `column`, read from `r` into `value` (left unspecified on error).
tl::expected<void, decode_error> decode_cell(byte_reader& r, const column_def& column, cell& value);

/// DATE, DATETIME(2), TIME(2), TIMESTAMP(2), YEAR values, into `value`.
tl::expected<void, decode_error> decode_temporal(byte_reader& r, std::uint8_t type, std::uint16_t meta,
                                                 cell& value);
/// The same, returning the cell.
tl::expected<cell, decode_error> decode_temporal(byte_reader& r, std::uint8_t type, std::uint16_t meta);

/// NEWDECIMAL with meta = precision << 8 | scale.
tl::expected<cell, decode_error> decode_newdecimal(byte_reader& r, std::uint16_t meta);
/// The same, as its exact text into `text` (replacing what it held).
tl::expected<void, decode_error> read_newdecimal(byte_reader& r, std::uint16_t meta, std::string& text);

/// Appends `value` in decimal, left-padded with zeros to at least `width` digits.
void append_padded(std::string& out, std::uint64_t value, std::size_t width);

/// Writes `value` in decimal, left-padded with zeros to at least `width` (<= 20) digits, at
/// `out`, which must have room for max(width, 20) chars; returns the end of what it wrote.
char* put_padded(char* out, std::uint64_t value, std::size_t width) noexcept;

}  // namespace sluice::protocol::detail
