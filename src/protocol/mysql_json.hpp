#pragma once

#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "protocol/decode_error.hpp"

namespace sluice::protocol {

/// MySQL's binary JSON (a JSON column value, type 245, or a PARTIAL_UPDATE_ROWS diff value) as
/// the JSON text MySQL itself prints for it: `{"a": 1, "b": [true, null]}` with ", " and ": ",
/// keys in stored order, doubles in shortest round-trip form (`123.456`, `1e300`, `1.0`),
/// opaque DATE/TIME/DATETIME/TIMESTAMP as quoted strings with six fraction digits, opaque
/// DECIMAL as a bare number keeping its scale (`9.00`), any other opaque value as
/// `"base64:typeNN:..."`. An empty input is `null` (the server writes one for JSON null).
///
/// The bytes are untrusted: every offset is checked, nesting deeper than 100 containers and
/// output much larger than the input (shared offsets) are refused; never throws on bad input.
/// Where MySQL's base64 puts a raw newline every 76 characters, the text has `\n` so that it
/// stays valid JSON.
tl::expected<std::string, decode_error> mysql_json_to_text(std::string_view binary);

}  // namespace sluice::protocol
