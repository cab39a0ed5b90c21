#include "test_support.hpp"

#include <fstream>
#include <iterator>

#include <doctest/doctest.h>

#include "protocol/binlog_file.hpp"
#include "protocol/frame.hpp"

namespace sluice::protocol::test {

std::string vector_path(std::string_view relative) {
  return std::string(SLUICE_TESTDATA) + "/binlog-vectors/" + std::string(relative);
}

std::string project_data_path(std::string_view relative) {
  return std::string(SLUICE_PROJECT_TESTDATA) + "/" + std::string(relative);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::byte> read_file(const std::string& path) {
  const std::string text = read_text(path);
  std::vector<std::byte> out(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) out[i] = static_cast<std::byte>(text[i]);
  return out;
}

decoded_file decode_file(const std::string& path) {
  decoded_file file;
  file.bytes = read_file(path);
  auto frames = split_binlog_file(file.bytes);
  REQUIRE_MESSAGE(frames.has_value(), path << ": " << to_string(frames.error()));
  file.frames = std::move(*frames);
  binlog_decoder decoder;
  std::size_t offset = binlog_magic_size;
  for (const auto frame : file.frames) {
    auto ev = decoder.decode(frame);
    REQUIRE_MESSAGE(ev.has_value(), path << " at " << offset << " (type "
                                         << int(std::to_integer<int>(frame[4]))
                                         << "): " << to_string(ev.error()));
    file.events.push_back(std::move(*ev));
    offset += frame.size();
  }
  return file;
}

std::vector<std::byte> bytes_of(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (const int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

std::vector<std::byte> make_frame(std::uint8_t type, std::span<const std::byte> body, bool crc,
                                  std::uint16_t flags) {
  const std::uint32_t size = static_cast<std::uint32_t>(event_header_size + body.size() + (crc ? 4 : 0));
  std::vector<std::byte> out;
  const auto put = [&out](std::uint64_t v, int width) {
    for (int i = 0; i < width; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
  };
  put(1700000000, 4);
  put(type, 1);
  put(7, 4);
  put(size, 4);
  put(1000 + size, 4);
  put(flags, 2);
  out.insert(out.end(), body.begin(), body.end());
  if (crc) put(crc32_of(out), 4);
  return out;
}

}  // namespace sluice::protocol::test
