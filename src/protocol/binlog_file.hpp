#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include <tl/expected.hpp>

#include "protocol/decode_error.hpp"

namespace sluice::protocol {

/// The 4-byte magic every binlog file starts with: \xfe 'b' 'i' 'n'.
inline constexpr std::size_t binlog_magic_size = 4;

/// Splits a binlog FILE (4-byte magic then events back to back) into one frame per event,
/// using each header's event_size. The frames point into `file`. A file that ends inside an
/// event (e.g. one still being written) fails with truncated.
tl::expected<std::vector<std::span<const std::byte>>, decode_error> split_binlog_file(
    std::span<const std::byte> file);

}  // namespace sluice::protocol
