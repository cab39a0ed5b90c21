// libFuzzer target for src/protocol: feeds a sequence of binlog events through one
// binlog_decoder, so TABLE_MAP state reaches the rows decoders.
//
// Input: one flags byte, then a binlog file body (the \xfebin magic is optional). Each event is
// cut at its header's event_size (or at the end of the input). With flags bit 0 set the harness
// rewrites CRC32 trailers to match, so mutations get past the checksum to the body decoders.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "protocol/binlog_decoder.hpp"
#include "protocol/binlog_file.hpp"
#include "protocol/byte_reader.hpp"
#include "protocol/event_type.hpp"
#include "protocol/frame.hpp"

namespace {

using namespace sluice::protocol;

void put_u32(std::vector<std::byte>& frame, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) frame[at + i] = static_cast<std::byte>((v >> (8 * i)) & 0xffU);
}

// Makes the trailer the CRC32 the decoder will check, including the FDE's in-use-flag rule.
void fix_checksum(std::vector<std::byte>& frame, const binlog_decoder& decoder) {
  if (frame.size() < event_header_size + checksum_size) return;
  const bool is_fde = std::to_integer<std::uint8_t>(frame[4]) == event_type::format_description;
  const bool crc = is_fde ? frame[frame.size() - checksum_size - 1] == std::byte{1}
                          : decoder.format() != nullptr && decoder.format()->checksum == checksum_alg::crc32;
  if (!crc) return;
  std::vector<std::byte> covered(frame.begin(), frame.end() - static_cast<std::ptrdiff_t>(checksum_size));
  if (is_fde) covered[17] &= ~std::byte{log_event_binlog_in_use_f};
  put_u32(frame, frame.size() - checksum_size, crc32_of(covered));
}

void consume(const event& ev) {
  if (const auto* rows = std::get_if<rows_event>(&ev.body)) {
    std::size_t total = 0;
    for (const auto& row : rows->rows) {
      for (const auto& value : row.before) total += to_display(value).size();
      for (const auto& value : row.after) total += to_display(value).size();
    }
    if (total == static_cast<std::size_t>(-1)) __builtin_trap();  // keep the work observable
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = std::as_bytes(std::span<const std::uint8_t>(data, size));
  if (input.empty()) return 0;
  const bool fix_crc = (std::to_integer<unsigned>(input[0]) & 1U) != 0;
  auto rest = input.subspan(1);

  if (auto frames = split_binlog_file(rest)) {
    binlog_decoder whole;
    for (const auto frame : *frames)
      if (auto ev = whole.decode(frame)) consume(*ev);
  }

  if (rest.size() >= binlog_magic_size && rest[0] == std::byte{0xfe} && rest[1] == std::byte{'b'})
    rest = rest.subspan(binlog_magic_size);
  binlog_decoder decoder;
  while (rest.size() >= event_header_size) {
    byte_reader size_field(rest.subspan(9, 4));
    const std::size_t event_size = size_field.u32();
    const std::size_t take = std::min(std::max(event_size, event_header_size), rest.size());
    std::vector<std::byte> frame(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(take));
    if (fix_crc) fix_checksum(frame, decoder);
    if (auto ev = decoder.decode(frame)) consume(*ev);
    rest = rest.subspan(take);
  }
  return 0;
}
