#include "protocol/cell.hpp"

#include <charconv>
#include <type_traits>

namespace sluice::protocol {
namespace {

template <typename T>
std::string number_text(T value) {
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

std::string fraction_text(std::uint32_t micros, std::uint8_t fsp) {
  std::string digits = number_text(micros);
  digits.insert(0, 6 - std::min<std::size_t>(6, digits.size()), '0');
  digits.resize(std::min<std::size_t>(fsp, 6));
  return digits;
}

std::string hex_text(const std::string& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out = "x'";
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xf]);
  }
  out.push_back('\'');
  return out;
}

}  // namespace

std::string to_display(const cell& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, null_cell>) {
          return "NULL";
        } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint64_t> ||
                             std::is_same_v<T, float> || std::is_same_v<T, double>) {
          return number_text(v);
        } else if constexpr (std::is_same_v<T, decimal_cell> || std::is_same_v<T, temporal_cell>) {
          return v.text;
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, timestamp_cell>) {
          std::string out = number_text(v.seconds);
          if (v.fsp > 0) out += "." + fraction_text(v.micros, v.fsp);
          return out;
        } else if constexpr (std::is_same_v<T, bit_cell>) {
          std::string out = "b'";
          for (int i = v.width; i > 0; --i) out.push_back((v.bits >> (i - 1)) & 1U ? '1' : '0');
          out.push_back('\'');
          return out;
        } else if constexpr (std::is_same_v<T, enum_cell>) {
          return number_text(v.index);
        } else if constexpr (std::is_same_v<T, set_cell>) {
          return number_text(v.bits);
        } else {
          static_assert(std::is_same_v<T, json_cell>);
          return hex_text(v.binary);
        }
      },
      value);
}

}  // namespace sluice::protocol
