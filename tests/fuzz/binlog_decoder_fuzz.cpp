// libFuzzer target for src/protocol: feeds a sequence of binlog events through one
// binlog_decoder, so TABLE_MAP state reaches the rows decoders and every column type.
//
// Input: one mode byte, then data.
//   bit 0     rewrite CRC32 trailers to match, so mutations get past the checksum to the bodies
//   bits 1-2  a built-in FORMAT_DESCRIPTION fed first: 0 none (the data brings its own),
//             1 MySQL 8.0, 2 MariaDB 10.5, 3 MySQL 5.7; the data is then e.g. TABLE_MAP + rows
//   bit 3     that built-in FDE announces no checksum (CRC32 otherwise)
//   bit 4     the data is one MySQL binary JSON document for mysql_json_to_text instead
//   bit 5     the data is GTID set text for both GTID set parsers and the set algebra instead
// The data is binlog events back to back (the \xfebin magic is optional); each is cut at its
// header's event_size or at the end of the input. Decoded GTID texts go through the GTID set
// parsers (and back), decoded JSON cells and JSON diff values through the JSON printer.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "protocol/binlog_decoder.hpp"
#include "protocol/binlog_file.hpp"
#include "protocol/byte_reader.hpp"
#include "protocol/event_type.hpp"
#include "protocol/frame.hpp"
#include "protocol/gtid_set.hpp"
#include "protocol/mariadb_gtid_set.hpp"
#include "protocol/mysql_json.hpp"

namespace {

using namespace sluice::protocol;

void put_uint(std::vector<std::byte>& out, std::uint64_t v, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xffU));
}

void put_u32_at(std::vector<std::byte>& frame, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) frame[at + i] = static_cast<std::byte>((v >> (8 * i)) & 0xffU);
}

struct server_family {
  const char* version;
  std::size_t event_types;  // length of the post-header table
  std::vector<std::pair<std::uint8_t, std::uint8_t>> post_headers;  // (type, length), rest 0
};

// Post-header lengths as these servers announce them in their FDE (protocol constants).
const server_family& family(unsigned choice) {
  static const server_family mysql80{
      "8.0.36", 41,
      {{2, 13}, {4, 8}, {9, 4}, {11, 4}, {15, 98}, {17, 4}, {18, 26}, {19, 8}, {23, 8}, {24, 8},
       {25, 8}, {26, 2}, {30, 10}, {31, 10}, {32, 10}, {33, 42}, {34, 42}, {36, 18}, {37, 52},
       {39, 10}, {40, 40}}};
  static const server_family mariadb105{
      "10.5.15-MariaDB-log", 171,
      {{1, 56}, {2, 13}, {4, 8}, {6, 18}, {8, 4}, {9, 4}, {10, 4}, {11, 4}, {12, 18}, {15, 228},
       {17, 4}, {18, 26}, {19, 8}, {23, 8}, {24, 8}, {25, 8}, {26, 2}, {30, 10}, {31, 10},
       {32, 10}, {161, 4}, {162, 19}, {163, 4}, {165, 13}, {166, 8}, {167, 8}, {168, 8},
       {169, 10}, {170, 10}, {171, 10}}};
  static const server_family mysql57{
      "5.7.21-log", 38,
      {{1, 56}, {2, 13}, {4, 8}, {6, 18}, {8, 4}, {9, 4}, {10, 4}, {11, 4}, {12, 18}, {15, 95},
       {17, 4}, {18, 26}, {19, 8}, {23, 8}, {24, 8}, {25, 8}, {26, 2}, {30, 10}, {31, 10},
       {32, 10}, {33, 42}, {34, 42}, {36, 18}, {37, 52}}};
  return choice == 1 ? mysql80 : choice == 2 ? mariadb105 : mysql57;
}

// A whole FORMAT_DESCRIPTION frame for one server family, CRC32 or no checksum.
std::vector<std::byte> built_in_fde(unsigned choice, bool crc) {
  const server_family& f = family(choice);
  std::vector<std::byte> body;
  put_uint(body, 4, 2);  // binlog version
  const std::string version(f.version);
  for (std::size_t i = 0; i < 50; ++i)  // NUL-padded to ST_SERVER_VER_LEN
    body.push_back(static_cast<std::byte>(i < version.size() ? version[i] : 0));
  put_uint(body, 1700000000, 4);
  body.push_back(static_cast<std::byte>(event_header_size));
  std::vector<std::byte> lengths(f.event_types, std::byte{0});
  for (const auto& [type, length] : f.post_headers) lengths[type - 1U] = static_cast<std::byte>(length);
  body.insert(body.end(), lengths.begin(), lengths.end());
  body.push_back(std::byte{crc ? std::uint8_t{1} : std::uint8_t{0}});

  std::vector<std::byte> frame;
  const std::size_t size = event_header_size + body.size() + checksum_size;
  put_uint(frame, 1700000000, 4);
  put_uint(frame, event_type::format_description, 1);
  put_uint(frame, 1, 4);
  put_uint(frame, size, 4);
  put_uint(frame, binlog_magic_size + size, 4);
  put_uint(frame, 0, 2);
  frame.insert(frame.end(), body.begin(), body.end());
  put_uint(frame, crc ? crc32_of(frame) : 0, 4);
  return frame;
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
  put_u32_at(frame, frame.size() - checksum_size, crc32_of(covered));
}

void trap_unless(bool condition) {
  if (!condition) __builtin_trap();
}

std::size_t read_cell(const cell& value) {
  std::size_t size = to_display(value).size();
  if (const auto* json = std::get_if<json_cell>(&value)) {
    if (auto text = mysql_json_to_text(json->binary)) size += text->size();
    for (const auto& diff : json->diffs)
      if (auto text = mysql_json_to_text(diff.value)) size += text->size();
  }
  return size;
}

// Reads every value, and checks that GTID texts survive a parse/print round trip.
void consume(const event& ev) {
  if (const auto* rows = std::get_if<rows_event>(&ev.body)) {
    std::size_t total = 0;
    for (const auto& row : rows->rows) {
      for (const auto& value : row.before) total += read_cell(value);
      for (const auto& value : row.after) total += read_cell(value);
    }
    trap_unless(total != static_cast<std::size_t>(-1));  // keep the work observable
  } else if (const auto* previous = std::get_if<previous_gtids_event>(&ev.body)) {
    if (auto set = gtid_set::parse(previous->gtid_set)) {
      auto again = gtid_set::parse(set->to_string());
      trap_unless(again.has_value() && *again == *set);
    }
  } else if (const auto* list = std::get_if<gtid_list_event>(&ev.body)) {
    const auto set = mariadb_gtid_set::from(*list);
    auto again = mariadb_gtid_set::parse(set.to_string());
    trap_unless(again.has_value() && *again == set);
  } else if (const auto* payload = std::get_if<transaction_payload_event>(&ev.body)) {
    for (const auto& inner : payload->events) consume(inner);
  }
}

// Parses the two parts of "A|B" (or the halves of a text without '|') as MySQL GTID sets and
// checks union, subtraction, inclusion and the printed form against each other; each part
// also goes through the MariaDB GTID list parser and back.
void check_gtid_text(std::string_view text) {
  const std::size_t bar = text.find('|');
  const std::size_t cut = bar == std::string_view::npos ? text.size() / 2 : bar;
  const std::string_view first = text.substr(0, cut);
  const std::string_view second = text.substr(bar == std::string_view::npos ? cut : cut + 1);
  const auto a = gtid_set::parse(first);
  const auto b = gtid_set::parse(second);
  if (a && b) {
    auto both = *a;
    both.add(*b);
    trap_unless(both.contains(*a) && both.contains(*b));
    auto only_a = *a;
    only_a.subtract(*b);
    trap_unless(a->contains(only_a));
    auto rebuilt = only_a;
    rebuilt.add(*b);
    trap_unless(rebuilt == both);
    const auto again = gtid_set::parse(both.to_string());
    trap_unless(again.has_value() && *again == both);
  }
  for (const auto part : {first, second}) {
    if (const auto list = mariadb_gtid_set::parse(part)) {
      const auto again = mariadb_gtid_set::parse(list->to_string());
      trap_unless(again.has_value() && *again == *list);
    }
  }
}

void feed(binlog_decoder& decoder, std::vector<std::byte> frame, bool fix_crc) {
  if (fix_crc) fix_checksum(frame, decoder);
  if (auto ev = decoder.decode(frame)) consume(*ev);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = std::as_bytes(std::span<const std::uint8_t>(data, size));
  if (input.empty()) return 0;
  const unsigned mode = std::to_integer<unsigned>(input[0]);
  const bool fix_crc = (mode & 1U) != 0;
  const unsigned preamble = (mode >> 1) & 3U;
  auto rest = input.subspan(1);
  const std::string_view text(reinterpret_cast<const char*>(rest.data()), rest.size());
  if ((mode & 32U) != 0) {
    check_gtid_text(text);
    return 0;
  }
  if ((mode & 16U) != 0) {
    if (auto json = mysql_json_to_text(text)) trap_unless(!json->empty());
    return 0;
  }

  binlog_decoder decoder;
  if (preamble != 0) {
    feed(decoder, built_in_fde(preamble, (mode & 8U) == 0), false);
  } else if (auto frames = split_binlog_file(rest)) {
    binlog_decoder whole;
    for (const auto frame : *frames)
      if (auto ev = whole.decode(frame)) consume(*ev);
  }

  if (rest.size() >= binlog_magic_size && rest[0] == std::byte{0xfe} && rest[1] == std::byte{'b'})
    rest = rest.subspan(binlog_magic_size);
  while (rest.size() >= event_header_size) {
    byte_reader size_field(rest.subspan(9, 4));
    const std::size_t event_size = size_field.u32();
    const std::size_t take = std::min(std::max(event_size, event_header_size), rest.size());
    const auto frame = rest.first(take);
    feed(decoder, std::vector<std::byte>(frame.begin(), frame.end()), fix_crc);
    rest = rest.subspan(take);
  }
  return 0;
}
