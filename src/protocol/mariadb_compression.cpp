#include "protocol/mariadb_compression.hpp"

#include <zlib.h>

#include "protocol/byte_reader.hpp"

namespace sluice::protocol::detail {
namespace {
// deflate never does better than about 1032:1, so a larger claim is a lie.
constexpr std::uint64_t max_zlib_ratio = 1032;
}  // namespace

// Spec: MariaDB sql/log_event.cc "Compressed Record" (binlog_buf_uncompress), MariaDB 10.2.3.
tl::expected<std::vector<std::byte>, decode_error> mariadb_uncompress(
    std::span<const std::byte> record) {
  byte_reader r(record);
  const std::uint8_t header = r.u8();
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  if ((header & 0x80U) == 0 || ((header >> 4) & 0x07U) != 0)  // not compressed, or not zlib
    return tl::unexpected(decode_error::bad_value);
  const std::size_t length_bytes = header & 0x07U;
  if (length_bytes < 1 || length_bytes > 4) return tl::unexpected(decode_error::bad_value);
  const std::uint64_t original = r.uint_be(length_bytes);
  const auto packed = r.rest();
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  if (original > (packed.size() + 64) * max_zlib_ratio) return tl::unexpected(decode_error::bad_length);

  std::vector<std::byte> out(original);
  uLongf out_size = static_cast<uLongf>(original);
  // An empty vector has no storage; zlib still wants a valid pointer.
  std::byte dummy{};
  const int rc = uncompress(reinterpret_cast<Bytef*>(out.empty() ? &dummy : out.data()), &out_size,
                            reinterpret_cast<const Bytef*>(packed.data()),
                            static_cast<uLong>(packed.size()));
  if (rc == Z_BUF_ERROR) return tl::unexpected(decode_error::bad_length);
  if (rc != Z_OK) return tl::unexpected(decode_error::bad_value);
  if (out_size != original) return tl::unexpected(decode_error::bad_length);
  return out;
}

}  // namespace sluice::protocol::detail
