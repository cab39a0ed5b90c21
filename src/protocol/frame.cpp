#include "protocol/frame.hpp"

#include "protocol/byte_reader.hpp"

namespace sluice::protocol {

// Spec: MySQL internals "Binlog Event header" (binlog v4): timestamp(4) type(1) server_id(4)
// event_size(4) log_pos(4) flags(2), little-endian.
tl::expected<event_header, decode_error> decode_event_header(std::span<const std::byte> bytes) {
  if (bytes.size() < event_header_size) return tl::unexpected(decode_error::truncated);
  byte_reader r(bytes);  // 19 bytes are there: every read below succeeds
  event_header header{};
  header.timestamp = r.u32();
  header.type_code = r.u8();
  header.server_id = r.u32();
  header.event_size = r.u32();
  header.next_pos = r.u32();
  header.flags = r.u16();
  if (header.event_size < event_header_size) return tl::unexpected(decode_error::bad_length);
  return header;
}

bool has_valid_checksum(std::span<const std::byte> frame) noexcept {
  if (frame.size() < event_header_size + checksum_size) return false;
  constexpr std::size_t flags_offset = 17;
  constexpr std::uint8_t format_description_type = 15;
  const auto covered = frame.first(frame.size() - checksum_size);
  std::uint32_t expected = 0;  // little-endian trailer
  for (std::size_t i = checksum_size; i > 0; --i)
    expected = (expected << 8) | std::to_integer<std::uint32_t>(frame[frame.size() - checksum_size + i - 1]);
  if (std::to_integer<std::uint8_t>(frame[4]) != format_description_type) return crc32_of(covered) == expected;

  const std::byte flags_low = frame[flags_offset] & ~std::byte{log_event_binlog_in_use_f};
  std::uint32_t crc = crc32_update(0, covered.first(flags_offset));
  crc = crc32_update(crc, std::span<const std::byte>(&flags_low, 1));
  crc = crc32_update(crc, covered.subspan(flags_offset + 1));
  return crc == expected;
}

}  // namespace sluice::protocol
