#pragma once

// Internal: MariaDB's log_bin_compress record format, used by QUERY_COMPRESSED and the
// *_ROWS_COMPRESSED events.

#include <cstddef>
#include <span>
#include <vector>

#include <tl/expected.hpp>

#include "protocol/decode_error.hpp"

namespace sluice::protocol::detail {

/// Inflates one compressed record: header byte (0x80 | algorithm << 4 | n), n-byte big-endian
/// original length, zlib stream. The claimed length is capped by zlib's best possible ratio
/// before anything is allocated.
tl::expected<std::vector<std::byte>, decode_error> mariadb_uncompress(
    std::span<const std::byte> record);

}  // namespace sluice::protocol::detail
