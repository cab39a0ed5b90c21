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

  std::vector<std::span<const std::byte>> frames;
  while (!r.empty()) {
    auto rest = r.rest();
    auto header = decode_event_header(rest);
    if (!header) return tl::unexpected(header.error());
    if (header->event_size > rest.size()) return tl::unexpected(decode_error::truncated);
    frames.push_back(rest.first(header->event_size));
    r = byte_reader(rest.subspan(header->event_size));
  }
  return frames;
}

}  // namespace sluice::protocol
