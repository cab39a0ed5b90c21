// `sluicectl binlog decode`: --start-position/--stop-position, corrupt and unreadable files,
// bare frames, usage errors. Corrupt copies are made in a scratch directory, never in ../shared.
#include <cstring>

#include <doctest/doctest.h>

#include "binlog_decode_support.hpp"
#include "cli/event_json.hpp"
#include "protocol/frame.hpp"

using nlohmann::json;
using namespace sluice::cli::test;

namespace {

const std::string v01 = "01_rmc_mysql80_enum_set/mysql-enum-string-set.000001";

std::vector<std::uint64_t> positions(const decoded& d) {
  std::vector<std::uint64_t> out;
  for (const auto& line : d.lines) out.push_back(line["pos"]);
  return out;
}

std::string copy_with(const std::string& name, std::string bytes) {
  const std::string path = scratch_dir() + "/" + name;
  write_file(path, bytes);
  return path;
}

// Rewrites the CRC32 trailer of the frame at [start, end) after an edit inside it.
void fix_checksum(std::string& bytes, std::size_t start, std::size_t end) {
  const auto body = std::as_bytes(std::span(bytes.data() + start, end - start - 4));
  const std::uint32_t crc = sluice::protocol::crc32_of(body);
  for (std::size_t i = 0; i < 4; ++i) bytes[end - 4 + i] = static_cast<char>(crc >> (8 * i));
}

}  // namespace

TEST_CASE("positions: events before the start are decoded for state, not printed") {
  const std::string file = vector_path(v01);
  // WRITE_ROWS at 1077 needs the TABLE_MAP at 946, which is before the start.
  auto d = decode({"--start-position", "1077", "--stop-position", "1529", file});
  REQUIRE(d.exit_code == 0);
  REQUIRE(d.lines.size() == 1);
  CHECK(d.lines[0]["type"] == "WRITE_ROWS");
  CHECK(d.lines[0]["rows"][0]["after"][4] == "0123456789");

  d = decode({"--start-position=946", "--stop-position=1560", file});
  CHECK(positions(d) == std::vector<std::uint64_t>{946, 1077, 1529});
  d = decode({"--start-position", "1000", "--stop-position", "1530", file});  // between events
  CHECK(positions(d) == std::vector<std::uint64_t>{1077, 1529});
  d = decode({"--stop-position", "4", file});
  CHECK(d.exit_code == 0);
  CHECK(d.lines.empty());
  d = decode({"--start-position", "3300", file});
  CHECK(positions(d) == std::vector<std::uint64_t>{3300});
}

TEST_CASE("positions: the start applies to the first file, the stop to the last") {
  const auto d = decode({"--start-position", "1441", "--stop-position", "276",
                         vector_path("15_percona_mysql80_gtid/gtid_binlog.000001"),
                         vector_path("15_percona_mysql80_gtid/gtid_binlog.000002")});
  REQUIRE(d.exit_code == 0);
  CHECK(positions(d) == std::vector<std::uint64_t>{1441, 1472, 4, 126, 197});
}

TEST_CASE("a corrupt event: an error line with its offset and reason, exit 1, nothing after") {
  std::string bytes = read_file(vector_path(v01));
  bytes[1100] = static_cast<char>(bytes[1100] ^ 0x40);  // inside the WRITE_ROWS at 1077
  const std::string bad = copy_with("bad_crc.000001", bytes);
  const auto d = decode({bad, vector_path(v01)});
  CHECK(d.exit_code == 1);
  REQUIRE(d.lines.size() == 10);  // the 9 events before it, then the error; no second file
  CHECK(d.lines[8]["pos"] == 946);
  CHECK(d.lines.back() == json{{"error", "bad_checksum"}, {"pos", 1077}, {"file", bad}});
}

TEST_CASE("a file cut inside an event: truncated at that event's offset") {
  const std::string cut = copy_with("cut.000001", read_file(vector_path(v01)).substr(0, 1100));
  const auto d = decode({cut});
  CHECK(d.exit_code == 1);
  CHECK(d.lines.back() == json{{"error", "truncated"}, {"pos", 1077}, {"file", cut}});
}

TEST_CASE("a JSON value that does not decode stops the run with the column named") {
  std::string bytes = read_file(vector_path("03_rmc_mysql9_json_opaque/json-opaque.binlog"));
  // The WRITE_ROWS at [736, 792) ends with the JSON value: length(4) then the document.
  const std::size_t start = 736, end = 792, value_end = end - 4;
  std::size_t doc = 0;
  for (std::size_t p = start + 19; p + 4 < value_end; ++p) {
    std::uint32_t length;
    std::memcpy(&length, bytes.data() + p, 4);
    if (length == value_end - (p + 4)) doc = p + 4;
  }
  REQUIRE(doc != 0);
  bytes[doc] = '\x7f';  // no such JSON type
  fix_checksum(bytes, start, end);
  const std::string bad = copy_with("bad_json.binlog", bytes);
  const auto d = decode({bad});
  CHECK(d.exit_code == 1);
  REQUIRE_FALSE(d.lines.empty());
  CHECK(d.lines.back()["pos"] == 736);
  const std::string reason = d.lines.back()["error"];
  CHECK(reason.find("JSON column 1 of foo.test") != std::string::npos);
  CHECK(d.lines[d.lines.size() - 2]["type"] == "TABLE_MAP");
}

TEST_CASE("unreadable files and garbage") {
  auto d = decode({scratch_dir() + "/no-such-file"});
  CHECK(d.exit_code == 1);
  REQUIRE(d.lines.size() == 1);
  CHECK(d.lines[0]["error"].get<std::string>().find("cannot read the file") == 0);

  // No magic, so bare frames: the "header" claims a size the file does not have.
  const std::string garbage = copy_with("garbage", "this is not a binlog file at all, just text\n");
  d = decode({garbage});
  CHECK(d.exit_code == 1);
  REQUIRE(d.lines.size() == 1);
  CHECK(d.lines[0]["pos"] == 0);
  CHECK(d.lines[0].contains("error"));

  const std::string empty = copy_with("empty", "");
  d = decode({empty});
  CHECK(d.exit_code == 1);
  CHECK(d.lines.back() == json{{"error", "truncated"}, {"pos", 0}, {"file", empty}});

  const std::string tiny = copy_with("tiny", "\xfe" "bin" "abc");
  d = decode({tiny});
  CHECK(d.exit_code == 1);
  CHECK(d.lines.back() == json{{"error", "truncated"}, {"pos", 4}, {"file", tiny}});
}

TEST_CASE("bare frames: only a last frame 4 bytes short with no FDE is read without CRC32") {
  // Vector 05 without its magic: bare frames at offsets shifted by 4.
  const std::string frames = read_file(vector_path("05_rmc_mysql80_tx_compression/transaction_compression.000001")).substr(4);
  auto d = decode({copy_with("bare05", frames)});
  REQUIRE(d.exit_code == 0);
  CHECK(d.lines.front()["pos"] == 0);
  CHECK(d.lines.back()["type"] == "ROTATE");
  CHECK(d.lines.back()["pos"] == 427);
  // The same without the ROTATE's CRC32: an FDE came first, so this is a truncated file.
  const std::string short_path = copy_with("bare05_short", frames.substr(0, frames.size() - 4));
  d = decode({short_path});
  CHECK(d.exit_code == 1);
  CHECK(d.lines.back() == json{{"error", "truncated"}, {"pos", 427}, {"file", short_path}});
  // Vector 14 is already 4 bytes short; 5 short is a truncated frame.
  const std::string v14 = read_file(vector_path("14_vitess_mysql80_tx_payload_event/mysql80_tx_payload_event_small.bin"));
  const std::string five_short = copy_with("v14_short", v14.substr(0, v14.size() - 1));
  d = decode({five_short});
  CHECK(d.exit_code == 1);
  CHECK(d.lines.back() == json{{"error", "truncated"}, {"pos", 0}, {"file", five_short}});
}

TEST_CASE("usage errors exit 2 before reading anything") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {}, {"--start-position", "x", "f"}, {"--stop-position"}, {"--frobnicate", "f"}, {"--start-position=-1", "f"}}) {
    INFO("args: ", json(args).dump());
    const auto d = decode(args);
    CHECK(d.exit_code == 2);
    CHECK(d.lines.empty());
    CHECK(d.err.rfind("sluicectl: binlog decode", 0) == 0);
  }
}

TEST_CASE("event type names: no version suffix, one name per kind") {
  using sluice::cli::event_type_name;
  CHECK(event_type_name(23) == "WRITE_ROWS");
  CHECK(event_type_name(30) == "WRITE_ROWS");
  CHECK(event_type_name(169) == "WRITE_ROWS");  // MariaDB compressed v2
  CHECK(event_type_name(24) == "UPDATE_ROWS");
  CHECK(event_type_name(171) == "DELETE_ROWS");
  CHECK(event_type_name(39) == "PARTIAL_UPDATE_ROWS");
  CHECK(event_type_name(165) == "QUERY");
  CHECK(event_type_name(33) == "GTID");
  CHECK(event_type_name(42) == "GTID");  // tagged
  CHECK(event_type_name(162) == "GTID");  // MariaDB
  CHECK(event_type_name(34) == "ANONYMOUS_GTID");
  CHECK(event_type_name(41) == "HEARTBEAT");
  CHECK(event_type_name(164) == "START_ENCRYPTION");
  CHECK(event_type_name(99) == "UNKNOWN");
}
