// Every frame of every binlog we have (the public vectors, read in place, and our own
// tests/data/protocol files), cut at every length, through a decoder primed with the file's
// earlier events:
//  (a) a prefix of the frame is always `truncated`;
//  (b) the body cut at every length, with event_size and the CRC32 made to match, is an error
//      (truncated, bad_length or bad_value) or, only for event types whose body may legally be
//      shorter, a decoded event. Never a crash, another error, or a poisoned decoder.
// SLUICE_TRUNCATION_REPORT=1 prints the outcome counts per event type.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>

#include <doctest/doctest.h>

#include "protocol/binlog_file.hpp"
#include "protocol/event_type.hpp"
#include "protocol/frame.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {

namespace {

namespace fs = std::filesystem;

// Outcome slots: the three errors a cut may give, then "decoded".
constexpr std::array<decode_error, 3> cut_errors{decode_error::truncated, decode_error::bad_length,
                                                 decode_error::bad_value};
constexpr std::size_t decoded_slot = cut_errors.size();
using outcome_counts = std::array<std::size_t, cut_errors.size() + 1>;

// The shortest body (bytes after the common header) at which an event of this type cut short
// is still a valid event: what follows is optional or "the rest of the body" (fewer rows, a
// shorter query, no optional metadata, no trailing GTID fields...). nullopt: never valid.
std::optional<std::size_t> shortest_legal_body(std::uint8_t type) {
  using namespace event_type;
  switch (type) {
    case query: case rotate: case user_var: case format_description: case table_map:
    case write_rows_v1: case update_rows_v1: case delete_rows_v1:
    case write_rows_v2: case update_rows_v2: case delete_rows_v2: case partial_update_rows:
    case rows_query: case mysql_gtid: case mysql_anonymous_gtid: case heartbeat: case annotate_rows:
      return 0;
    case event_type::mariadb_gtid: return 19;      // the post-header; XA xid and extra flags are optional
    case mariadb_gtid_list: return 4;  // MariaDB ignores bytes after the entries it counts
    default: return std::nullopt;
  }
}

// Known leniency of rows_event.cpp (reported to its owner): a MariaDB *_ROWS_COMPRESSED event
// cut right after its column bitmaps decodes as a zero-row event, where MariaDB refuses the
// missing compressed record.
bool known_lenient(std::uint8_t type, const event& ev) {
  const auto* rows = std::get_if<rows_event>(&ev.body);
  return type >= event_type::write_rows_compressed_v1 && type <= event_type::delete_rows_compressed_v2 &&
         rows != nullptr && rows->rows.empty();
}

struct binlog_source {
  std::string name;
  std::vector<std::byte> bytes;
  std::vector<std::span<const std::byte>> frames;
};

bool has_magic(const std::vector<std::byte>& bytes) {
  return bytes.size() >= binlog_magic_size && bytes[0] == std::byte{0xfe} && bytes[1] == std::byte{'b'} &&
         bytes[2] == std::byte{'i'} && bytes[3] == std::byte{'n'};
}

void put_u32(std::vector<std::byte>& frame, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) frame[at + i] = static_cast<std::byte>((v >> (8 * i)) & 0xffU);
}

// Binlog files of the vectors and of tests/data/protocol; a bare single event (vector 14,
// no magic, no CRC, event_size 4 bytes too large) with its event_size fixed.
std::vector<binlog_source> all_sources() {
  std::vector<binlog_source> out;
  std::vector<fs::path> paths;
  for (const auto& root : {fs::path(vector_path("")), fs::path(project_data_path("protocol"))})
    for (const auto& entry : fs::recursive_directory_iterator(root))
      if (entry.is_regular_file()) paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    binlog_source source{path.parent_path().filename().string() + "/" + path.filename().string(),
                         read_file(path.string()), {}};
    if (has_magic(source.bytes)) {
      out.push_back(std::move(source));  // moving keeps the byte buffer: the spans stay valid
      auto frames = split_binlog_file(out.back().bytes);
      REQUIRE_MESSAGE(frames.has_value(), out.back().name);
      out.back().frames = std::move(*frames);
    } else if (path.extension() == ".bin" && source.bytes.size() >= event_header_size) {
      put_u32(source.bytes, 9, static_cast<std::uint32_t>(source.bytes.size()));
      out.push_back(std::move(source));
      out.back().frames = {std::span<const std::byte>(out.back().bytes)};
    }
  }
  return out;
}

// Whether the frame carries a CRC32 trailer under the decoder's current state.
bool carries_crc(std::span<const std::byte> frame, const binlog_decoder& decoder) {
  if (std::to_integer<std::uint8_t>(frame[4]) == event_type::format_description)
    return frame.size() >= event_header_size + 5 && frame[frame.size() - 5] == std::byte{1};
  if (decoder.format() != nullptr) return decoder.format()->checksum == checksum_alg::crc32;
  return has_valid_checksum(frame);
}

// Header + the first `length` body bytes [+ a CRC32 recomputed the way the server would].
std::vector<std::byte> cut_body(std::span<const std::byte> frame, std::size_t length, bool crc) {
  const auto kept = frame.first(event_header_size + length);
  std::vector<std::byte> out(kept.begin(), kept.end());
  if (crc) out.resize(out.size() + checksum_size);
  put_u32(out, 9, static_cast<std::uint32_t>(out.size()));
  if (crc) {
    std::vector<std::byte> covered(out.begin(), out.end() - static_cast<std::ptrdiff_t>(checksum_size));
    if (std::to_integer<std::uint8_t>(out[4]) == event_type::format_description)
      covered[17] &= ~std::byte{log_event_binlog_in_use_f};
    put_u32(out, out.size() - checksum_size, crc32_of(covered));
  }
  return out;
}

void print_report(const std::map<std::uint8_t, outcome_counts>& counts) {
  if (std::getenv("SLUICE_TRUNCATION_REPORT") == nullptr) return;
  std::printf("%-6s %10s %10s %10s %10s\n", "type", "truncated", "bad_length", "bad_value", "decoded");
  for (const auto& [type, c] : counts)
    std::printf("%-6u %10zu %10zu %10zu %10zu\n", unsigned{type}, c[0], c[1], c[2], c[3]);
}

}  // namespace

TEST_CASE("every frame cut at every length: truncated or a clean error, never a crash") {
  const auto sources = all_sources();
  REQUIRE(sources.size() >= 20);
  std::map<std::uint8_t, outcome_counts> counts;  // body cuts, by event type
  std::size_t frames = 0;
  std::size_t prefixes = 0;
  for (const auto& source : sources) {
    binlog_decoder decoder;
    for (const auto frame : source.frames) {
      const auto type = std::to_integer<std::uint8_t>(frame[4]);
      INFO(source.name << " frame " << frames << " (type " << unsigned{type} << ", " << frame.size()
                       << " bytes)");
      // (a) prefixes: always truncated, and the decoder is none the worse for them.
      for (std::size_t length = 0; length < frame.size(); ++length, ++prefixes) {
        auto ev = decoder.decode(frame.first(length));
        REQUIRE_MESSAGE(!ev.has_value(), "a " << length << "-byte prefix decoded");
        REQUIRE_MESSAGE(ev.error() == decode_error::truncated,
                        length << "-byte prefix: " << to_string(ev.error()));
      }
      // (b) the body cut at every length, event_size and CRC32 made consistent.
      const bool crc = carries_crc(frame, decoder);
      const std::size_t body = frame.size() - event_header_size - (crc ? checksum_size : 0);
      const bool unknown = [&] {
        binlog_decoder probe = decoder;
        auto ev = probe.decode(frame);
        return ev.has_value() && std::holds_alternative<unknown_event>(ev->body);
      }();
      for (std::size_t length = 0; length < body; ++length) {
        binlog_decoder copy = decoder;
        auto ev = copy.decode(cut_body(frame, length, crc));
        auto& slot = counts[type];
        if (ev.has_value()) {
          ++slot[decoded_slot];
          const auto legal = shortest_legal_body(type);
          CHECK_MESSAGE((unknown || (legal && length >= *legal) || known_lenient(type, *ev)),
                        "body cut to " << length << " bytes decoded");
          continue;
        }
        const auto it = std::find(cut_errors.begin(), cut_errors.end(), ev.error());
        CHECK_MESSAGE(it != cut_errors.end(),
                      "body cut to " << length << " bytes: " << to_string(ev.error()));
        if (it != cut_errors.end()) ++slot[static_cast<std::size_t>(it - cut_errors.begin())];
      }
      // The whole frame still decodes after all of that.
      auto ev = decoder.decode(frame);
      REQUIRE_MESSAGE(ev.has_value(), "the whole frame failed: " << to_string(ev.error()));
      ++frames;
    }
  }
  MESSAGE(frames << " frames from " << sources.size() << " files, " << prefixes << " prefixes");
  CHECK(frames > 500);
  print_report(counts);
}

}  // namespace sluice::protocol::test
