#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <tl/expected.hpp>

#include "protocol/decode_error.hpp"
#include "protocol/events.hpp"

namespace sluice::protocol {

/// Size of the v4 common event header.
inline constexpr std::size_t event_header_size = 19;
/// Size of the CRC32 trailer when the FDE says crc32.
inline constexpr std::size_t checksum_size = 4;

/// Reads the 19-byte common header at the start of `bytes`. Fails with truncated when fewer
/// than 19 bytes are given and bad_length when event_size is below 19; it does not compare
/// event_size with bytes.size() (see binlog_decoder::decode and split_binlog_file).
tl::expected<event_header, decode_error> decode_event_header(std::span<const std::byte> bytes);

/// zlib's CRC-32 (the binlog checksum) of `bytes` (crc32.cpp).
std::uint32_t crc32_of(std::span<const std::byte> bytes) noexcept;
/// The CRC-32 of earlier bytes whose CRC was `crc`, followed by `bytes` (zlib's crc32()).
std::uint32_t crc32_update(std::uint32_t crc, std::span<const std::byte> bytes) noexcept;

/// Header flag a server sets on the FDE of the binlog file it is writing and clears on close.
inline constexpr std::uint16_t log_event_binlog_in_use_f = 0x01;

/// True when `frame` ends with the CRC32 of everything before it. For a FORMAT_DESCRIPTION the
/// server computes that CRC with LOG_EVENT_BINLOG_IN_USE_F clear (the flag changes when the file
/// is closed), so that flag is ignored for it.
bool has_valid_checksum(std::span<const std::byte> frame) noexcept;

}  // namespace sluice::protocol
