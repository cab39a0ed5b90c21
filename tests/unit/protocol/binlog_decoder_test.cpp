#include <doctest/doctest.h>

#include "protocol/binlog_file.hpp"
#include "protocol/event_type.hpp"
#include "protocol/frame.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {
namespace {

const char* const crc_files[] = {
    "protocol/mariadb1011_all_types.binlog",
};
const char* const crc_vectors[] = {
    "08_rmc_mariadb105_full_metadata/mariadb-bin.000001",
    "10_osheroff_mysql57_crc32_types/mysql-bin.checksum-crc32",
    "01_rmc_mysql80_enum_set/mysql-enum-string-set.000001",
    "12_zalora_mysqlbinlog_vv_oracle/mysql-bin.01",
};

std::vector<std::string> crc_paths() {
  std::vector<std::string> out;
  for (const char* f : crc_files) out.push_back(project_data_path(f));
  for (const char* v : crc_vectors) out.push_back(vector_path(v));
  return out;
}

std::vector<std::string> all_paths() {
  auto out = crc_paths();
  out.push_back(project_data_path("protocol/mariadb1011_compressed_nocrc.binlog"));
  for (const char* v : {"13_mysqltest_ndb_partial_rows/update-partial-row.binlog", "02_rmc_mysql80_bit/mysql_type_bit.000001",
                        "15_percona_mysql80_gtid/gtid_binlog.000002", "04_rmc_mysql80_json_partial_update/json.binlog.000001",
                        "12_zalora_mysqlbinlog_vv_oracle/mysql-bin.07"})
    out.push_back(vector_path(v));
  return out;
}

void put_u32(std::vector<std::byte>& frame, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) frame[at + i] = static_cast<std::byte>((v >> (8 * i)) & 0xff);
}

}  // namespace

TEST_CASE("a corrupted byte anywhere after the header fails the CRC32 check") {
  for (const auto& path : crc_paths()) {
    INFO(path);
    const auto file = decode_file(path);
    binlog_decoder decoder;
    for (const auto frame : file.frames) {
      for (const std::size_t at : {event_header_size, frame.size() / 2, frame.size() - 5, frame.size() - 1}) {
        if (at < event_header_size || at >= frame.size()) continue;
        std::vector<std::byte> damaged(frame.begin(), frame.end());
        damaged[at] ^= std::byte{0x20};
        binlog_decoder copy = decoder;
        auto ev = copy.decode(damaged);
        CHECK_MESSAGE(!ev.has_value(), "type " << std::to_integer<int>(frame[4]) << " byte " << at);
        if (!ev) CHECK(ev.error() == (std::to_integer<int>(frame[4]) == event_type::format_description && at == frame.size() - 5
                                          ? decode_error::bad_value  // the algorithm byte itself
                                          : decode_error::bad_checksum));
      }
      REQUIRE(decoder.decode(frame).has_value());
    }
  }
}

TEST_CASE("every frame cut at every length is an error, never a crash") {
  for (const auto& path : all_paths()) {
    INFO(path);
    const auto file = decode_file(path);
    binlog_decoder decoder;
    for (const auto frame : file.frames) {
      for (std::size_t cut = 0; cut < frame.size(); ++cut) {
        binlog_decoder copy = decoder;
        auto ev = copy.decode(frame.first(cut));
        REQUIRE_FALSE(ev.has_value());
        CHECK(ev.error() == decode_error::truncated);
      }
      REQUIRE(decoder.decode(frame).has_value());
    }
  }
}

TEST_CASE("bodies cut short behind a consistent header and CRC fail cleanly") {
  // The header claims the shorter size and the CRC matches, so only the body decoders can
  // notice: each must return an error or a value, never read past the end.
  for (const auto& path : crc_paths()) {
    INFO(path);
    const auto file = decode_file(path);
    binlog_decoder decoder;
    std::size_t errors = 0;
    for (const auto frame : file.frames) {
      const bool is_fde = std::to_integer<int>(frame[4]) == event_type::format_description;
      for (std::size_t body = 0; !is_fde && body + event_header_size + checksum_size < frame.size(); ++body) {
        std::vector<std::byte> cut(frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(event_header_size + body));
        cut.resize(cut.size() + checksum_size);
        put_u32(cut, 9, static_cast<std::uint32_t>(cut.size()));
        put_u32(cut, cut.size() - checksum_size, crc32_of(std::span(cut).first(cut.size() - checksum_size)));
        binlog_decoder copy = decoder;
        if (!copy.decode(cut)) ++errors;
      }
      REQUIRE(decoder.decode(frame).has_value());
    }
    CHECK(errors > 0);
  }
}

TEST_CASE("a frame longer than its event_size is bad_length") {
  const auto bytes = read_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  const auto frame = std::span<const std::byte>(bytes).subspan(4, 253);  // FDE is 252 bytes
  CHECK(binlog_decoder{}.decode(frame).error() == decode_error::bad_length);
}

TEST_CASE("unknown event types are skipped as unknown_event") {
  // MariaDB XA_PREPARE (38); MySQL's TRANSACTION_PAYLOAD and PARTIAL_UPDATE_ROWS now decode.
  std::vector<std::uint8_t> seen;
  for (const auto& path : {vector_path("05_rmc_mysql80_tx_compression/transaction_compression.000001"),
                           vector_path("04_rmc_mysql80_json_partial_update/json.binlog.000001"),
                           project_data_path("protocol/mariadb1011_all_types.binlog")}) {
    for (const auto& ev : decode_file(path).events) {
      if (const auto* u = std::get_if<unknown_event>(&ev.body)) {
        CHECK(u->type_code == ev.header.type_code);
        CHECK(u->size == ev.header.event_size);
        seen.push_back(u->type_code);
      }
    }
  }
  CHECK(seen == std::vector<std::uint8_t>{38});

  binlog_decoder decoder;
  const auto body = bytes_of({1, 2, 3});
  auto ev = decoder.decode(make_frame(200, body, false));
  REQUIRE(ev.has_value());
  CHECK(std::get<unknown_event>(ev->body).type_code == 200);
  CHECK(std::get<unknown_event>(ev->body).size == 22);
}

TEST_CASE("before the first FDE a trailing CRC32 is recognised by value or by negotiation") {
  // A fake ROTATE as a replication connection starts with: artificial, position 4, a name.
  auto body = bytes_of({4, 0, 0, 0, 0, 0, 0, 0, 'b', 'i', 'n', '.', '0', '0', '1'});
  for (const bool crc : {false, true}) {
    binlog_decoder decoder;
    auto ev = decoder.decode(make_frame(event_type::rotate, body, crc, log_event_artificial_f));
    REQUIRE(ev.has_value());
    CHECK(std::get<rotate_event>(ev->body).next_file == "bin.001");
    CHECK(std::get<rotate_event>(ev->body).position == 4);
  }
  binlog_decoder negotiated;
  negotiated.set_checksum(checksum_alg::crc32);
  auto plain = make_frame(event_type::rotate, body, true);
  CHECK(std::get<rotate_event>(negotiated.decode(plain)->body).next_file == "bin.001");
  plain[25] ^= std::byte{1};
  CHECK(negotiated.decode(plain).error() == decode_error::bad_checksum);
  binlog_decoder off;
  off.set_checksum(checksum_alg::off);
  CHECK(std::get<rotate_event>(off.decode(make_frame(event_type::rotate, body, false))->body).next_file == "bin.001");
}

TEST_CASE("artificial events and heartbeats after a CRC32 FDE may come with or without a trailer") {
  const auto bytes = read_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  binlog_decoder decoder;
  REQUIRE(decoder.decode(std::span<const std::byte>(bytes).subspan(4, 252)).has_value());
  const auto name = bytes_of({'m', 'y', 's', 'q', 'l', '-', 'b', 'i', 'n', '.', '0', '0', '0', '0', '0', '2'});
  for (const bool crc : {false, true}) {
    auto hb = decoder.decode(make_frame(event_type::heartbeat, name, crc));
    REQUIRE(hb.has_value());
    CHECK(std::get<heartbeat_event>(hb->body).file == "mysql-bin.000002");
  }
  // An ordinary event without its trailer is not accepted.
  CHECK(decoder.decode(make_frame(event_type::xid, bytes_of({1, 0, 0, 0, 0, 0, 0, 0}), false)).error() ==
        decode_error::bad_checksum);
}

TEST_CASE("rows events need their TABLE_MAP; maps are dropped when the next statement maps again") {
  const auto file = decode_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  binlog_decoder decoder;
  std::size_t rows_seen = 0;
  for (const auto frame : file.frames) {
    const int type = std::to_integer<int>(frame[4]);
    if (type == event_type::table_map && rows_seen == 3) {
      // Statement 4 maps pk_prefix (id 22) while all_types (id 18) is still known from statement 3.
      CHECK(decoder.table(18) != nullptr);
      REQUIRE(decoder.decode(frame).has_value());
      CHECK(decoder.table(18) == nullptr);
      CHECK(decoder.table(22) != nullptr);
      CHECK(decoder.table(22)->table == "pk_prefix");
      continue;
    }
    auto ev = decoder.decode(frame);
    REQUIRE(ev.has_value());
    if (const auto* rows = std::get_if<rows_event>(&ev->body)) {
      ++rows_seen;
      CHECK(rows->table == decoder.table(rows->table_id));
    }
  }

  binlog_decoder fresh;
  REQUIRE(fresh.decode(file.frames[0]).has_value());
  for (std::size_t i = 1; i < file.frames.size(); ++i) {
    if (std::to_integer<int>(file.frames[i][4]) != event_type::write_rows_v1) continue;
    CHECK(fresh.decode(file.frames[i]).error() == decode_error::unknown_table);
    break;
  }
  fresh.reset();
  CHECK(fresh.format() == nullptr);
}

TEST_CASE("START_ENCRYPTION and every event after it report encrypted") {
  binlog_decoder decoder;
  auto start = decoder.decode(make_frame(event_type::start_encryption, bytes_of({1, 0, 0, 0, 0, 0, 0, 0}), false));
  REQUIRE_FALSE(start.has_value());
  CHECK(start.error() == decode_error::encrypted);
  CHECK(decoder.decode(make_frame(event_type::xid, bytes_of({1, 2}), false)).error() == decode_error::encrypted);
  CHECK(decoder.decode(make_frame(event_type::xid, bytes_of({1, 2, 3, 4, 5, 6, 7, 8}), false)).error() ==
        decode_error::encrypted);
  binlog_decoder plain;
  CHECK(plain.decode(make_frame(event_type::xid, bytes_of({1, 2}), false)).error() == decode_error::truncated);
  decoder.reset();
  CHECK(decoder.decode(make_frame(event_type::xid, bytes_of({1, 2, 3, 4, 5, 6, 7, 8}), false)).has_value());

  // The next file starts with a plain FORMAT_DESCRIPTION: that ends the encrypted stretch.
  const auto file = decode_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  REQUIRE(decoder.decode(make_frame(event_type::start_encryption, bytes_of({1, 0, 0, 0, 0}), false)).error() ==
          decode_error::encrypted);
  CHECK(decoder.decode(file.frames[1]).error() == decode_error::encrypted);
  REQUIRE(decoder.decode(file.frames[0]).has_value());
  CHECK(decoder.decode(file.frames[1]).has_value());
}

TEST_CASE("decode_error names") {
  CHECK(to_string(decode_error::truncated) == "truncated");
  CHECK(to_string(decode_error::bad_checksum) == "bad_checksum");
  CHECK(to_string(decode_error::encrypted).starts_with("encrypted binlog (START_ENCRYPTION) is not supported"));
}

}  // namespace sluice::protocol::test
