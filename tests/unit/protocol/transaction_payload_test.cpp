#include <doctest/doctest.h>

#include <algorithm>

#include <zstd.h>

#include "protocol/binlog_file.hpp"
#include "protocol/event_decoders.hpp"
#include "protocol/event_type.hpp"
#include "protocol/frame.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {
namespace {

std::vector<std::uint8_t> types_of(const std::vector<event>& events) {
  std::vector<std::uint8_t> out;
  for (const auto& ev : events) out.push_back(ev.header.type_code);
  return out;
}

const transaction_payload_event& only_payload(const decoded_file& file) {
  const auto payloads = bodies<transaction_payload_event>(file.events);
  REQUIRE(payloads.size() == 1);
  return *payloads[0];
}

// A TRANSACTION_PAYLOAD body as MySQL writes it: compression type, uncompressed size (unless
// none), payload size, end mark, payload. Every field value here fits a one-byte packed int.
std::vector<std::byte> payload_body(std::uint8_t compression, std::span<const std::byte> inner,
                                    std::span<const std::byte> packed) {
  std::vector<std::byte> body;
  const auto field = [&body](int type, std::uint64_t value) {
    body.push_back(static_cast<std::byte>(type));
    if (value < 251) {
      body.push_back(std::byte{1});
      body.push_back(static_cast<std::byte>(value));
    } else {
      body.push_back(std::byte{3});
      body.push_back(std::byte{0xfc});
      body.push_back(static_cast<std::byte>(value & 0xff));
      body.push_back(static_cast<std::byte>(value >> 8));
    }
  };
  field(2, compression);
  if (compression != 255) field(3, inner.size());
  field(1, packed.size());
  body.push_back(std::byte{0});
  body.insert(body.end(), packed.begin(), packed.end());
  return body;
}

std::vector<std::byte> zstd_of(std::span<const std::byte> raw) {
  std::vector<std::byte> out(ZSTD_compressBound(raw.size()));
  const std::size_t n = ZSTD_compress(out.data(), out.size(), raw.data(), raw.size(), 3);
  REQUIRE_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

// XID frames without CRC, as they sit inside a payload.
std::vector<std::byte> inner_xids(int count) {
  std::vector<std::byte> out;
  for (int i = 0; i < count; ++i) {
    const auto xid = make_frame(event_type::xid, bytes_of({i + 1, 0, 0, 0, 0, 0, 0, 0}), false);
    out.insert(out.end(), xid.begin(), xid.end());
  }
  return out;
}

}  // namespace

TEST_CASE("vector 05: one zstd payload of 179 bytes: BEGIN, TABLE_MAP test.tb1, WRITE_ROWS 1, XID") {
  const auto file = decode_file(vector_path("05_rmc_mysql80_tx_compression/transaction_compression.000001"));
  REQUIRE(bodies<mysql_gtid_event>(file.events).size() == 1);
  CHECK(bodies<mysql_gtid_event>(file.events)[0]->anonymous);
  const auto& payload = only_payload(file);
  CHECK(payload.compression_type == 0);
  CHECK(payload.uncompressed_size == 179);
  CHECK(types_of(payload.events) == std::vector<std::uint8_t>{event_type::query, event_type::table_map,
                                                              event_type::write_rows_v2, event_type::xid});
  CHECK(std::get<query_event>(payload.events[0].body).query == "BEGIN");
  const auto& map = std::get<table_map_event>(payload.events[1].body);
  CHECK(map.schema == "test");
  CHECK(map.table == "tb1");
  REQUIRE(map.columns.size() == 1);
  CHECK(map.columns[0].type == 3);  // LONG
  const auto& rows = std::get<rows_event>(payload.events[2].body);
  REQUIRE(rows.table != nullptr);
  CHECK(rows.table->table == "tb1");
  REQUIRE(rows.rows.size() == 1);
  CHECK(rows.rows[0].after == std::vector<cell>{std::int64_t{1}});
  CHECK(std::holds_alternative<xid_event>(payload.events[3].body));
  // Inner events carry no CRC32 trailer: an XID is 19 + 8 bytes, and the sizes add up.
  CHECK(payload.events[3].header.event_size == 27);
  std::uint64_t total = 0;
  for (const auto& inner : payload.events) total += inner.header.event_size;
  CHECK(total == payload.uncompressed_size);
  CHECK(types_of(file.events) ==
        std::vector<std::uint8_t>{event_type::format_description, event_type::mysql_previous_gtids,
                                  event_type::mysql_anonymous_gtid, event_type::transaction_payload,
                                  event_type::rotate});
}

TEST_CASE("vector 09: five top-level events; the payload updates demo.movies") {
  const auto file = decode_file(vector_path("09_osheroff_mysql80_tx_compression/mysql-bin.compressed"));
  CHECK(types_of(file.events) ==
        std::vector<std::uint8_t>{event_type::format_description, event_type::mysql_previous_gtids,
                                  event_type::mysql_anonymous_gtid, event_type::transaction_payload,
                                  event_type::rotate});
  const auto& payload = only_payload(file);
  CHECK(payload.uncompressed_size == 960);
  CHECK(file.events[3].header.event_size - event_header_size - checksum_size > 451);  // header + 451
  CHECK(types_of(payload.events) == std::vector<std::uint8_t>{event_type::query, event_type::table_map,
                                                              event_type::update_rows_v2, event_type::xid});
  CHECK(std::get<query_event>(payload.events[0].body).query == "BEGIN");
  const auto& map = std::get<table_map_event>(payload.events[1].body);
  CHECK(map.schema == "demo");
  CHECK(map.table == "movies");
  CHECK(map.columns.size() == 11);
  const auto& rows = std::get<rows_event>(payload.events[2].body);
  REQUIRE_FALSE(rows.rows.empty());
  std::vector<std::string> texts;
  for (const auto& row : rows.rows)
    for (const auto* image : {&row.before, &row.after})
      for (const auto& value : *image)
        if (const auto* s = std::get_if<std::string>(&value)) texts.push_back(*s);
  for (const char* expected : {"Once Upon a Time in the West", "Italy", "Western"})
    CHECK_MESSAGE(std::find(texts.begin(), texts.end(), expected) != texts.end(), expected);
}

TEST_CASE("vector 11: eight top-level events; ROWS_QUERY texts inside two payloads") {
  const auto file = decode_file(vector_path("11_apecloud_mysql80_compressed_rowsquery/mysql-bin.000057"));
  CHECK(file.events.size() == 8);
  const auto payloads = bodies<transaction_payload_event>(file.events);
  REQUIRE(payloads.size() == 2);
  const auto queries = [](const transaction_payload_event& payload) {
    std::vector<std::string> out;
    for (const auto* q : bodies<rows_query_event>(payload.events)) out.push_back(q->query);
    return out;
  };
  CHECK(queries(*payloads[0]) == std::vector<std::string>{"insert into b values(1)"});
  const auto second = queries(*payloads[1]);
  REQUIRE(second.size() == 2);
  CHECK(second[0].find("test_table_3") != std::string::npos);
  CHECK(second[0].find("product_item_2='product_3_value'") != std::string::npos);
  CHECK(second[1].find("6666") != std::string::npos);
  CHECK(second[1].find("'product_item_value_2'") != std::string::npos);
  // The insert's first two values, from the row image itself.
  const auto rows = bodies<rows_event>(payloads[1]->events);
  REQUIRE_FALSE(rows.empty());
  const auto& insert = *rows.back();
  REQUIRE(insert.kind == rows_kind::write);
  REQUIRE(insert.rows.size() == 1);
  CHECK(insert.rows[0].after.at(0) == cell{std::int64_t{6666}});
  CHECK(insert.rows[0].after.at(1) == cell{std::string("product_item_value_2")});
}

TEST_CASE("vector 14: a bare payload frame decodes without an FDE once its size is patched") {
  auto bytes = read_file(vector_path("14_vitess_mysql80_tx_payload_event/mysql80_tx_payload_event_small.bin"));
  REQUIRE(bytes.size() == 215);
  binlog_decoder decoder;
  CHECK(decoder.decode(bytes).error() == decode_error::truncated);  // the header says 219
  bytes[9] = std::byte{215};
  auto ev = decoder.decode(bytes);
  REQUIRE_MESSAGE(ev.has_value(), to_string(ev.error()));
  const auto& payload = std::get<transaction_payload_event>(ev->body);
  CHECK(payload.compression_type == 0);
  CHECK(payload.uncompressed_size == 254);
  CHECK(types_of(payload.events) == std::vector<std::uint8_t>{event_type::query, event_type::table_map,
                                                              event_type::write_rows_v2, event_type::xid});
  CHECK(std::get<query_event>(payload.events[0].body).query == "BEGIN");
  const auto& map = std::get<table_map_event>(payload.events[1].body);
  CHECK(map.schema == "vt_commerce");
  CHECK(map.table == "customer");
  REQUIRE(map.columns.size() == 2);
  CHECK(map.columns[0].type == 8);   // LONGLONG
  CHECK(map.columns[1].type == 15);  // VARCHAR
  const auto& rows = std::get<rows_event>(payload.events[2].body);
  REQUIRE(rows.rows.size() == 2);
  CHECK(rows.rows[0].after == std::vector<cell>{std::int64_t{1}, std::string("mlord@planetscale.com")});
  CHECK(rows.rows[1].after == std::vector<cell>{std::int64_t{2}, std::string("sup@planetscale.com")});
  CHECK(decoder.table(map.table_id) != nullptr);  // the inner TABLE_MAP is the stream's
}

TEST_CASE("payload: NONE compression, several frames, and a zstd payload built here") {
  const auto inner = inner_xids(3);
  binlog_decoder decoder;
  auto none = decoder.decode(make_frame(event_type::transaction_payload, payload_body(255, inner, inner), false));
  REQUIRE(none.has_value());
  const auto& plain = std::get<transaction_payload_event>(none->body);
  CHECK(plain.compression_type == 255);
  REQUIRE(plain.events.size() == 3);
  CHECK(std::get<xid_event>(plain.events[2].body).xid == 3);

  const auto packed = zstd_of(inner);
  auto zstd = decoder.decode(make_frame(event_type::transaction_payload, payload_body(0, inner, packed), true));
  REQUIRE(zstd.has_value());
  CHECK(std::get<transaction_payload_event>(zstd->body).events.size() == 3);
}

TEST_CASE("payload: sizes that disagree with the data, and hostile contents, are refused") {
  const auto inner = inner_xids(2);
  const auto packed = zstd_of(inner);
  const auto decode = [](std::vector<std::byte> body) {
    binlog_decoder decoder;
    return decoder.decode(make_frame(event_type::transaction_payload, body, false));
  };
  // Declared uncompressed size one short and one long of the real 2 * 27 bytes.
  auto body = payload_body(0, inner, packed);
  body[5] = static_cast<std::byte>(inner.size() - 1);
  CHECK(decode(body).error() == decode_error::bad_length);
  body[5] = static_cast<std::byte>(inner.size() + 1);
  CHECK(decode(body).error() == decode_error::bad_length);
  // Above the 1 GiB cap: refused before any allocation.
  auto huge = bytes_of({2, 1, 0, 3, 9, 0xfe, 1, 0, 0, 0x40, 0, 0, 0, 0, 0});  // 2^30 + 1
  huge.insert(huge.end(), packed.begin(), packed.end());
  CHECK(decode(huge).error() == decode_error::bad_length);
  // Unknown compression, payload size beyond the data, corrupt zstd, no end mark.
  CHECK(decode(payload_body(7, inner, packed)).error() == decode_error::bad_value);
  auto longer = payload_body(0, inner, packed);
  longer.pop_back();
  CHECK(decode(longer).error() == decode_error::truncated);
  auto corrupt = payload_body(0, inner, packed);
  corrupt[corrupt.size() - packed.size() + 1] ^= std::byte{0x55};
  CHECK_FALSE(decode(corrupt).has_value());
  CHECK(decode(bytes_of({2, 1, 0})).error() == decode_error::truncated);
  // An inner frame whose event_size runs past the payload, and a nested payload.
  auto overlong = inner;
  overlong[9] = std::byte{200};
  CHECK(decode(payload_body(255, overlong, overlong)).error() == decode_error::truncated);
  const auto nested = make_frame(event_type::transaction_payload, payload_body(255, inner, inner), false);
  CHECK(decode(payload_body(255, nested, nested)).error() == decode_error::bad_value);
}

TEST_CASE("payload: unknown header fields are skipped by their length") {
  const auto inner = inner_xids(1);
  auto body = bytes_of({9, 2, 0xaa, 0xbb});  // field type 9, two bytes
  const auto rest = payload_body(255, inner, inner);
  body.insert(body.end(), rest.begin(), rest.end());
  binlog_decoder decoder;
  auto ev = decoder.decode(make_frame(event_type::transaction_payload, body, false));
  REQUIRE(ev.has_value());
  CHECK(std::get<transaction_payload_event>(ev->body).events.size() == 1);
}

TEST_CASE("payload vectors: every body cut short fails cleanly, every frame cut is truncated") {
  for (const char* path : {"05_rmc_mysql80_tx_compression/transaction_compression.000001",
                           "09_osheroff_mysql80_tx_compression/mysql-bin.compressed",
                           "11_apecloud_mysql80_compressed_rowsquery/mysql-bin.000057"}) {
    INFO(path);
    const auto file = decode_file(vector_path(path));
    binlog_decoder decoder;
    for (const auto frame : file.frames) {
      if (std::to_integer<int>(frame[4]) == event_type::transaction_payload) {
        const bool crc = decoder.format() && decoder.format()->checksum == checksum_alg::crc32;
        const std::size_t trailer = crc ? checksum_size : 0;
        const auto body = frame.subspan(event_header_size, frame.size() - event_header_size - trailer);
        for (std::size_t cut = 0; cut < body.size(); ++cut) {
          binlog_decoder copy = decoder;
          CHECK_FALSE(copy.decode(make_frame(event_type::transaction_payload, body.first(cut), crc)).has_value());
        }
        for (std::size_t cut = 0; cut < frame.size(); ++cut) {
          binlog_decoder copy = decoder;
          CHECK(copy.decode(frame.first(cut)).error() == decode_error::truncated);
        }
      }
      REQUIRE(decoder.decode(frame).has_value());
    }
  }
}

}  // namespace sluice::protocol::test
