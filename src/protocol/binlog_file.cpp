#include "protocol/binlog_file.hpp"

#include <array>

#include "protocol/byte_reader.hpp"
#include "protocol/frame.hpp"

namespace sluice::protocol {

// Spec: MySQL internals "Binlog File": magic \xfebin, then events; each event's size is in its
// common header.
tl::expected<std::vector<std::span<const std::byte>>, decode_error> split_binlog_file(
    std::span<const std::byte> file) {
  constexpr std::array<std::byte, binlog_magic_size> magic{std::byte{0xfe}, std::byte{'b'},
                                                          std::byte{'i'}, std::byte{'n'}};
  byte_reader r(file);
  const auto head = r.take(binlog_magic_size);
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  if (!std::equal(head.begin(), head.end(), magic.begin())) return tl::unexpected(decode_error::bad_magic);

  // Only event_size matters here; each frame's header is decoded again by binlog_decoder.
  constexpr std::size_t event_size_offset = 9;
  std::vector<std::span<const std::byte>> frames;
  auto rest = r.rest();
  while (!rest.empty()) {
    if (rest.size() < event_header_size) return tl::unexpected(decode_error::truncated);
    byte_reader size_field(rest.subspan(event_size_offset, 4));
    const std::uint32_t event_size = size_field.u32();
    if (event_size < event_header_size) return tl::unexpected(decode_error::bad_length);
    if (event_size > rest.size()) return tl::unexpected(decode_error::truncated);
    frames.push_back(rest.first(event_size));
    rest = rest.subspan(event_size);
  }
  return frames;
}

}  // namespace sluice::protocol
