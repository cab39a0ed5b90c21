#include <algorithm>
#include <array>

#include "protocol/byte_reader.hpp"
#include "protocol/event_decoders.hpp"

namespace sluice::protocol {

bool format_description_event::is_mariadb() const noexcept {
  return server_version.find("MariaDB") != std::string::npos;
}

std::uint8_t format_description_event::post_header_length(std::uint8_t type_code,
                                                          std::uint8_t fallback) const noexcept {
  if (type_code == 0 || type_code > post_header_lengths.size()) return fallback;
  return post_header_lengths[type_code - 1U];
}

namespace detail {
namespace {

constexpr std::size_t server_version_length = 50;  // ST_SERVER_VER_LEN
constexpr std::size_t checksum_trailer = 1 + 4;    // algorithm byte + CRC32

// "10.11.19-MariaDB-log" -> {10, 11, 19}; missing parts are 0.
std::array<unsigned, 3> version_numbers(std::string_view version) noexcept {
  std::array<unsigned, 3> parts{0, 0, 0};
  std::size_t part = 0;
  for (const char c : version) {
    if (c >= '0' && c <= '9') {
      parts[part] = std::min(parts[part] * 10 + static_cast<unsigned>(c - '0'), 100000U);
    } else if (c == '.' && part < 2) {
      ++part;
    } else {
      break;
    }
  }
  return parts;
}

}  // namespace

bool server_writes_checksum(std::string_view server_version) noexcept {
  const auto v = version_numbers(server_version);
  // MariaDB added binlog checksums in 5.3, MySQL in 5.6.1.
  const std::array<unsigned, 3> first = server_version.find("MariaDB") != std::string_view::npos
                                            ? std::array<unsigned, 3>{5, 3, 0}
                                            : std::array<unsigned, 3>{5, 6, 1};
  return v >= first;
}

// Spec: MySQL internals "FORMAT_DESCRIPTION_EVENT" (binlog v4), with the checksum-algorithm
// byte and CRC32 that MySQL 5.6.1 / MariaDB 5.3 append ("Binlog Checksums", WL#2540).
tl::expected<format_description_event, decode_error> decode_format_description(
    std::span<const std::byte> body) {
  byte_reader r(body);
  format_description_event fde{};
  fde.binlog_version = r.u16();
  const auto version = r.take(server_version_length);
  fde.create_timestamp = r.u32();
  fde.common_header_length = r.u8();
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  if (fde.binlog_version != 4 || fde.common_header_length < 19)
    return tl::unexpected(decode_error::bad_value);

  fde.server_version = to_std_string(version);
  fde.server_version.resize(std::min(fde.server_version.find('\0'), fde.server_version.size()));

  auto rest = r.rest();
  fde.checksum = checksum_alg::off;
  if (server_writes_checksum(fde.server_version)) {
    if (rest.size() < checksum_trailer) return tl::unexpected(decode_error::truncated);
    const auto alg = std::to_integer<std::uint8_t>(rest[rest.size() - checksum_trailer]);
    switch (alg) {
      case 0: fde.checksum = checksum_alg::off; break;
      case 1: fde.checksum = checksum_alg::crc32; break;
      case 255: fde.checksum = checksum_alg::undefined; break;
      default: return tl::unexpected(decode_error::bad_value);
    }
    rest = rest.first(rest.size() - checksum_trailer);
  }
  fde.post_header_lengths.reserve(rest.size());
  for (const std::byte b : rest) fde.post_header_lengths.push_back(std::to_integer<std::uint8_t>(b));
  return fde;
}

}  // namespace detail
}  // namespace sluice::protocol
