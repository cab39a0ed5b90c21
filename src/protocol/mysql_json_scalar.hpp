#pragma once

// Internal: how MySQL prints the scalars of a binary JSON document (Json_wrapper::to_string).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include <tl/expected.hpp>

#include "protocol/decode_error.hpp"

namespace sluice::protocol::detail {

/// Appends `bytes` as a quoted JSON string, escaped as MySQL's double_quote() does: `"`, `\`,
/// \b \f \n \r \t by name, other bytes below 0x20 as \u00xx; everything else verbatim.
void append_json_string(std::string& out, std::span<const std::byte> bytes);

/// Appends a double as MySQL's my_gcvt(MY_GCVT_MAX_FIELD_WIDTH) does, plus ".0" when that
/// gives neither a point nor an exponent. False (nothing appended) for NaN and infinities.
bool append_mysql_double(std::string& out, double value);

/// Appends an OPAQUE scalar (`field_type` = MySQL column type code, `data` its payload).
tl::expected<void, decode_error> append_opaque(std::string& out, std::uint8_t field_type,
                                               std::span<const std::byte> data);

}  // namespace sluice::protocol::detail
