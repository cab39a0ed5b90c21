// MySQL 8.0.20+ binlog transaction compression: one TRANSACTION_PAYLOAD event holds the whole
// transaction's events, zstd-compressed. The inner events are decoded with the outer stream's
// state, so a TABLE_MAP inside the payload serves the rows events after it.
#include <algorithm>
#include <memory>
#include <vector>

#include <zstd.h>

#include "protocol/binlog_decoder.hpp"
#include "protocol/byte_reader.hpp"
#include "protocol/event_decoders.hpp"
#include "protocol/event_type.hpp"
#include "protocol/frame.hpp"

namespace sluice::protocol {
namespace detail {
namespace {

// binary_log::codecs::binary::Transaction_payload field types.
constexpr std::uint64_t header_end_mark = 0;
constexpr std::uint64_t payload_size_field = 1;
constexpr std::uint64_t compression_type_field = 2;
constexpr std::uint64_t uncompressed_size_field = 3;

constexpr std::uint8_t compression_zstd = 0;
constexpr std::uint8_t compression_none = 255;

struct zstd_dctx_deleter {
  void operator()(ZSTD_DCtx* ctx) const noexcept { ZSTD_freeDCtx(ctx); }
};

// Decompresses into a buffer that grows with the output actually produced (never to the
// declared size up front), so a lying header costs no more memory than the real data.
tl::expected<std::vector<std::byte>, decode_error> zstd_decompress(std::span<const std::byte> packed,
                                                                   std::uint64_t declared) {
  const std::unique_ptr<ZSTD_DCtx, zstd_dctx_deleter> ctx(ZSTD_createDCtx());
  if (!ctx) return tl::unexpected(decode_error::bad_value);
  // One byte beyond the declared size lets an oversized stream show itself.
  const std::size_t limit = static_cast<std::size_t>(declared) + 1;
  std::vector<std::byte> out(std::min<std::size_t>(limit, std::max<std::size_t>(packed.size() * 4, 4096)));
  ZSTD_inBuffer in{packed.data(), packed.size(), 0};
  std::size_t produced = 0;
  std::size_t pending = 1;  // ZSTD_decompressStream's "frame not finished" hint
  while (in.pos < in.size || pending != 0) {
    if (produced == out.size()) {
      if (out.size() == limit) return tl::unexpected(decode_error::bad_length);
      out.resize(std::min(limit, out.size() * 2));
    }
    ZSTD_outBuffer o{out.data(), out.size(), produced};
    const std::size_t consumed_before = in.pos;
    pending = ZSTD_decompressStream(ctx.get(), &o, &in);
    if (ZSTD_isError(pending)) return tl::unexpected(decode_error::bad_value);
    const bool progressed = o.pos != produced || in.pos != consumed_before;
    produced = o.pos;
    if (produced > declared) return tl::unexpected(decode_error::bad_length);
    if (pending != 0 && in.pos == in.size && produced < out.size())
      return tl::unexpected(decode_error::truncated);  // the frame needs input that is not there
    if (!progressed) return tl::unexpected(decode_error::bad_value);
  }
  if (produced != declared) return tl::unexpected(decode_error::bad_length);
  out.resize(produced);
  return out;
}

}  // namespace

// Spec: MySQL binary_log::codecs::binary::Transaction_payload::decode (codecs/binary.cpp): no
// post-header; the body starts with (type, length, value) fields whose three parts are packed
// integers, ended by type 0; unknown types are skipped by their length. The compressed payload
// (payload_size bytes) follows. An absent uncompressed size means "same as the payload".
tl::expected<unpacked_payload, decode_error> unpack_transaction_payload(std::span<const std::byte> body) {
  byte_reader r(body);
  std::optional<std::uint64_t> payload_size;
  std::optional<std::uint64_t> uncompressed_size;
  std::uint64_t compression = compression_zstd;
  for (;;) {
    const std::uint64_t type = r.lenenc();
    if (!r.ok()) return tl::unexpected(decode_error::truncated);
    if (type == header_end_mark) break;
    const std::uint64_t length = r.lenenc();
    if (r.ok() && length > r.remaining()) return tl::unexpected(decode_error::bad_length);
    byte_reader field(r.take(static_cast<std::size_t>(length)));
    if (!r.ok()) return tl::unexpected(decode_error::truncated);
    if (type != payload_size_field && type != compression_type_field && type != uncompressed_size_field)
      continue;  // a field from a newer server
    const std::uint64_t value = field.lenenc();
    if (!field.ok() || !field.empty()) return tl::unexpected(decode_error::bad_length);
    if (type == payload_size_field) payload_size = value;
    if (type == compression_type_field) compression = value;
    if (type == uncompressed_size_field) uncompressed_size = value;
  }
  const auto packed = r.rest();
  if (payload_size && *payload_size != packed.size())
    return tl::unexpected(*payload_size > packed.size() ? decode_error::truncated : decode_error::bad_length);

  unpacked_payload out;
  out.uncompressed_size = uncompressed_size.value_or(packed.size());
  if (out.uncompressed_size > max_uncompressed_payload) return tl::unexpected(decode_error::bad_length);
  if (compression == compression_none) {
    if (out.uncompressed_size != packed.size()) return tl::unexpected(decode_error::bad_length);
    out.compression_type = compression_none;
    out.bytes.assign(packed.begin(), packed.end());
    return out;
  }
  if (compression != compression_zstd) return tl::unexpected(decode_error::bad_value);
  out.compression_type = compression_zstd;
  auto bytes = zstd_decompress(packed, out.uncompressed_size);
  if (!bytes) return tl::unexpected(bytes.error());
  out.bytes = std::move(*bytes);
  return out;
}

}  // namespace detail

// The inner events are whole events (common header + body) without CRC32 trailers, back to back.
tl::expected<event_body, decode_error> binlog_decoder::decode_transaction_payload(
    std::span<const std::byte> body) {
  auto unpacked = detail::unpack_transaction_payload(body);
  if (!unpacked) return tl::unexpected(unpacked.error());
  transaction_payload_event payload{unpacked->compression_type, unpacked->uncompressed_size, {}};
  const std::size_t header_length = fde_ ? fde_->common_header_length : event_header_size;
  std::span<const std::byte> rest(unpacked->bytes);
  while (!rest.empty()) {
    auto header = decode_event_header(rest);
    if (!header) return tl::unexpected(header.error());
    if (header->event_size > rest.size()) return tl::unexpected(decode_error::truncated);
    if (header->event_size < header_length) return tl::unexpected(decode_error::bad_length);
    // A payload holds one transaction's events: never a FORMAT_DESCRIPTION or another payload.
    if (header->type_code == event_type::transaction_payload ||
        header->type_code == event_type::format_description)
      return tl::unexpected(decode_error::bad_value);
    const auto frame = rest.first(header->event_size);
    auto inner = decode_body(frame.subspan(header_length), *header);
    if (!inner) return tl::unexpected(inner.error());
    payload.events.push_back(event{*header, std::move(*inner)});
    rest = rest.subspan(header->event_size);
  }
  return event_body{std::move(payload)};
}

}  // namespace sluice::protocol
