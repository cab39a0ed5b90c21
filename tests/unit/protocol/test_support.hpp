#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/binlog_decoder.hpp"
#include "protocol/events.hpp"

namespace sluice::protocol::test {

/// Path of a public vector file: SLUICE_TESTDATA/binlog-vectors/<relative>.
std::string vector_path(std::string_view relative);
/// Path of one of our own generated files: SLUICE_PROJECT_TESTDATA/<relative>.
std::string project_data_path(std::string_view relative);
/// Whole file as bytes; fails the current test when it cannot be read.
std::vector<std::byte> read_file(const std::string& path);
std::string read_text(const std::string& path);

/// Every event of a binlog file, decoded with one binlog_decoder; fails the test on any error.
struct decoded_file {
  std::vector<std::byte> bytes;
  std::vector<std::span<const std::byte>> frames;
  std::vector<event> events;
};
decoded_file decode_file(const std::string& path);

template <typename T>
std::vector<const T*> bodies(const std::vector<event>& events) {
  std::vector<const T*> out;
  for (const auto& ev : events)
    if (const auto* body = std::get_if<T>(&ev.body)) out.push_back(body);
  return out;
}

/// Bytes from a literal list, for hand-built frames.
std::vector<std::byte> bytes_of(std::initializer_list<int> values);
/// A frame around `body`: 19-byte header (event_size filled in) + body [+ CRC32].
std::vector<std::byte> make_frame(std::uint8_t type, std::span<const std::byte> body, bool crc,
                                  std::uint16_t flags = 0);

}  // namespace sluice::protocol::test
