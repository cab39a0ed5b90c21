#include "protocol/mysql_json.hpp"

#include <bit>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <span>

#include "protocol/byte_reader.hpp"
#include "protocol/mysql_json_scalar.hpp"
#include "protocol/value_decoders.hpp"

namespace sluice::protocol {
namespace {

using result = tl::expected<void, decode_error>;
using bytes_view = std::span<const std::byte>;

// The type byte before every value (json_binary.h "type ::=").
namespace jsonb {
constexpr std::uint8_t small_object = 0x00;
constexpr std::uint8_t large_object = 0x01;
constexpr std::uint8_t small_array = 0x02;
constexpr std::uint8_t large_array = 0x03;
constexpr std::uint8_t literal = 0x04;
constexpr std::uint8_t int16 = 0x05;
constexpr std::uint8_t uint16 = 0x06;
constexpr std::uint8_t int32 = 0x07;
constexpr std::uint8_t uint32 = 0x08;
constexpr std::uint8_t int64 = 0x09;
constexpr std::uint8_t uint64 = 0x0a;
constexpr std::uint8_t double_ = 0x0b;
constexpr std::uint8_t string = 0x0c;
constexpr std::uint8_t opaque = 0x0f;
}  // namespace jsonb

constexpr unsigned max_depth = 100;  // MySQL's JSON_DOCUMENT_MAX_DEPTH

// Every legitimate value prints in fewer than 8 characters per stored byte (an escaped control
// character is the worst: 6). Far more output means values reached twice through shared
// offsets, which MySQL never writes and which could blow up exponentially.
constexpr std::size_t output_per_input_byte = 16;
constexpr std::size_t output_slack = 1024;

// Small containers inline literals and 16-bit integers in the value entry; large ones also
// 32-bit integers.
bool inlined(std::uint8_t type, bool large) noexcept {
  return type == jsonb::literal || type == jsonb::int16 || type == jsonb::uint16 ||
         (large && (type == jsonb::int32 || type == jsonb::uint32));
}

// json_binary.h "data-length": 7 bits per byte, least significant group first, the high bit
// set on every byte but the last; at most 5 bytes, at most 32 bits.
tl::expected<std::uint32_t, decode_error> read_data_length(byte_reader& r) {
  std::uint64_t length = 0;
  for (unsigned i = 0; i < 5; ++i) {
    const std::uint8_t b = r.u8();
    if (!r.ok()) return tl::unexpected(decode_error::truncated);
    length |= std::uint64_t{b & 0x7fU} << (7 * i);
    if ((b & 0x80U) == 0) {
      if (length > UINT32_MAX) return tl::unexpected(decode_error::bad_value);
      return static_cast<std::uint32_t>(length);
    }
  }
  return tl::unexpected(decode_error::bad_value);
}

template <typename T>
void append_integer(std::string& out, T value) {
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, ec == std::errc{} ? end : buffer);
}

/// Walks one document, appending its text. Owns nothing but the output.
class json_text_writer {
 public:
  explicit json_text_writer(std::size_t budget) : budget_(budget) {}

  // A value of `type` whose bytes start at data[0]; `data` ends where the enclosing container
  // (or the document) ends. `depth` counts the containers around the value.
  result value(std::uint8_t type, bytes_view data, unsigned depth);
  std::string take() { return std::move(out_); }

 private:
  result container(bytes_view data, bool object, bool large, unsigned depth);
  result element(bytes_view self, std::size_t entry, bool large, unsigned depth);
  result scalar(std::uint8_t type, byte_reader& r);

  std::string out_;
  std::size_t budget_;
};

result json_text_writer::value(std::uint8_t type, bytes_view data, unsigned depth) {
  switch (type) {
    case jsonb::small_object: return container(data, true, false, depth);
    case jsonb::large_object: return container(data, true, true, depth);
    case jsonb::small_array: return container(data, false, false, depth);
    case jsonb::large_array: return container(data, false, true, depth);
    default: {
      byte_reader r(data);
      return scalar(type, r);
    }
  }
}

// Spec: MySQL json_binary.h: object ::= element-count size key-entry* value-entry* key* value*,
// array ::= element-count size value-entry* value*; counts, sizes and offsets are 2 bytes in
// the small format and 4 in the large one, offsets count from the element-count field, a key
// entry is offset + 2-byte length, a value entry is type + offset-or-inlined-value.
result json_text_writer::container(bytes_view data, bool object, bool large, unsigned depth) {
  if (depth >= max_depth) return tl::unexpected(decode_error::bad_value);
  const std::size_t width = large ? 4 : 2;
  byte_reader header(data);
  const std::uint64_t count = header.uint_le(width);
  const std::uint64_t size = header.uint_le(width);
  if (!header.ok() || size > data.size()) return tl::unexpected(decode_error::truncated);
  const std::size_t key_entry = width + 2;
  const std::size_t value_entry = 1 + width;
  const std::uint64_t keys_end = 2 * width + (object ? count * key_entry : 0);
  if (keys_end + count * value_entry > size) return tl::unexpected(decode_error::bad_length);
  const bytes_view self = data.first(size);

  out_.push_back(object ? '{' : '[');
  for (std::uint64_t i = 0; i < count; ++i) {
    if (out_.size() > budget_) return tl::unexpected(decode_error::bad_value);
    if (i != 0) out_ += ", ";
    if (object) {
      byte_reader key(self.subspan(2 * width + i * key_entry, key_entry));
      const std::uint64_t key_offset = key.uint_le(width);
      const std::uint64_t key_length = key.u16();
      if (key_offset > size || key_length > size - key_offset)
        return tl::unexpected(decode_error::bad_length);
      detail::append_json_string(out_, self.subspan(key_offset, key_length));
      out_ += ": ";
    }
    auto ok = element(self, keys_end + i * value_entry, large, depth);
    if (!ok) return ok;
  }
  out_.push_back(object ? '}' : ']');
  return {};
}

// One value entry of container `self` (whose size covers the entry).
result json_text_writer::element(bytes_view self, std::size_t entry, bool large, unsigned depth) {
  const std::size_t width = large ? 4 : 2;
  byte_reader r(self.subspan(entry, 1 + width));
  const std::uint8_t type = r.u8();
  if (inlined(type, large)) return scalar(type, r);
  const std::uint64_t offset = r.uint_le(width);
  if (offset >= self.size()) return tl::unexpected(decode_error::bad_length);
  return value(type, self.subspan(offset), depth + 1);
}

// Spec: MySQL json_binary.h scalars: literal ::= 0 null | 1 true | 2 false; little-endian
// integers; IEEE double; string ::= data-length utf8mb4-data; custom-data ::= field-type
// data-length binary-data.
result json_text_writer::scalar(std::uint8_t type, byte_reader& r) {
  switch (type) {
    case jsonb::literal:
      switch (r.u8()) {
        case 0: out_ += "null"; break;
        case 1: out_ += "true"; break;
        case 2: out_ += "false"; break;
        default:
          if (!r.ok()) return tl::unexpected(decode_error::truncated);
          return tl::unexpected(decode_error::bad_value);
      }
      break;
    case jsonb::int16: append_integer(out_, static_cast<std::int16_t>(r.u16())); break;
    case jsonb::uint16: append_integer(out_, r.u16()); break;
    case jsonb::int32: append_integer(out_, static_cast<std::int32_t>(r.u32())); break;
    case jsonb::uint32: append_integer(out_, r.u32()); break;
    case jsonb::int64: append_integer(out_, static_cast<std::int64_t>(r.u64())); break;
    case jsonb::uint64: append_integer(out_, r.u64()); break;
    case jsonb::double_: {
      const double d = std::bit_cast<double>(r.u64());
      if (r.ok() && !detail::append_mysql_double(out_, d)) return tl::unexpected(decode_error::bad_value);
      break;
    }
    case jsonb::string: {
      auto length = read_data_length(r);
      if (!length) return tl::unexpected(length.error());
      detail::append_json_string(out_, r.take(*length));
      break;
    }
    case jsonb::opaque: {
      const std::uint8_t field_type = r.u8();
      auto length = read_data_length(r);
      if (!length) return tl::unexpected(length.error());
      const auto payload = r.take(*length);
      if (!r.ok()) return tl::unexpected(decode_error::truncated);
      return detail::append_opaque(out_, field_type, payload);
    }
    default:
      return tl::unexpected(decode_error::bad_value);
  }
  if (!r.ok()) return tl::unexpected(decode_error::truncated);
  return {};
}

}  // namespace

// Spec: MySQL sql-common/json_binary.h (doc ::= type value) printed as json_dom.cc
// Json_wrapper::to_string does.
tl::expected<std::string, decode_error> mysql_json_to_text(std::string_view binary) {
  if (binary.empty()) return std::string("null");
  const bytes_view bytes = std::as_bytes(std::span(binary.data(), binary.size()));
  json_text_writer writer(bytes.size() * output_per_input_byte + output_slack);
  auto ok = writer.value(std::to_integer<std::uint8_t>(bytes[0]), bytes.subspan(1), 0);
  if (!ok) return tl::unexpected(ok.error());
  return writer.take();
}

}  // namespace sluice::protocol
