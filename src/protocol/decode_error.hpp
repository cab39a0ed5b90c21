#pragma once

#include <cstdint>
#include <string_view>

namespace sluice::protocol {

/// Why a frame could not be decoded. Every decoder in this folder reports one of these
/// instead of throwing; the caller decides whether to skip, retry or stop.
enum class decode_error : std::uint8_t {
  truncated,         // the bytes end before the structure does
  bad_magic,         // a binlog file that does not start with \xfebin
  bad_checksum,      // the CRC32 trailer does not match the event bytes
  bad_length,        // a length field contradicts the frame (event_size, counts, prefixes)
  bad_value,         // a field holds a value the format does not allow
  unknown_table,     // a rows event names a table id no TABLE_MAP announced
  unsupported_type,  // a column type this decoder cannot read
  encrypted,         // the bytes follow a START_ENCRYPTION event (encrypted binlog file)
};

std::string_view to_string(decode_error e) noexcept;

}  // namespace sluice::protocol
