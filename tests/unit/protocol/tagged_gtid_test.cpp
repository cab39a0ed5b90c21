// MySQL 8.4 tagged GTIDs. No public binlog vector holds a GTID_TAGGED_LOG_EVENT, so these bytes
// are built here from the format MySQL documents (libs/mysql/serialization/readme.md,
// variable_length_integers.h, Gtid_event::define_fields in control_events.h, Gtid_set::encode).
#include <doctest/doctest.h>

#include <bit>

#include "protocol/event_decoders.hpp"
#include "protocol/event_type.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {
namespace {

using bytes = std::vector<std::byte>;

// mysql::serialization varlen: n-1 trailing one bits, a zero, then the value; 9 bytes = 0xff + 8.
bytes varlen(std::uint64_t v) {
  const int bits = std::bit_width(v);
  const int n = bits > 56 ? 9 : std::max(1, (bits + 6) / 7);
  bytes out;
  if (n == 9) {
    out.push_back(std::byte{0xff});
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
    return out;
  }
  out.push_back(static_cast<std::byte>((((1U << (n - 1)) - 1) | (v << n)) & 0xff));
  const std::uint64_t rest = v >> (8 - n);
  for (int i = 0; i < n - 1; ++i) out.push_back(static_cast<std::byte>((rest >> (8 * i)) & 0xff));
  return out;
}

bytes zigzag(std::int64_t v) {
  const auto u = static_cast<std::uint64_t>(v);
  return varlen(v < 0 ? ((~u) << 1) | 1 : u << 1);
}

bytes str(std::string_view s) {
  bytes out = varlen(s.size());
  for (const char c : s) out.push_back(static_cast<std::byte>(c));
  return out;
}

void append(bytes& out, const bytes& more) { out.insert(out.end(), more.begin(), more.end()); }

const std::uint8_t sid_bytes[16] = {0x3e, 0x11, 0xfa, 0x47, 0x71, 0xca, 0x11, 0xe1,
                                    0x9e, 0x33, 0xc8, 0x0a, 0xa9, 0x42, 0x95, 0x62};
const char* const sid_text = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

bytes sid_field() {
  bytes out;
  for (const auto b : sid_bytes) append(out, varlen(b));  // a fixed array of varlen uint8s
  return out;
}

// field id + data pairs -> version(1), self-inclusive message size, last non-ignorable id, fields.
bytes message(const std::vector<std::pair<std::uint64_t, bytes>>& fields, std::uint64_t last_non_ignorable = 0,
              std::uint64_t version = 1) {
  bytes body;
  for (const auto& [id, data] : fields) {
    append(body, varlen(id));
    append(body, data);
  }
  const std::size_t fixed = varlen(version).size() + varlen(last_non_ignorable).size() + body.size();
  std::size_t size = fixed + 1;
  while (fixed + varlen(size).size() != size) size = fixed + varlen(size).size();
  bytes out = varlen(version);
  append(out, varlen(size));
  append(out, varlen(last_non_ignorable));
  append(out, body);
  return out;
}

std::vector<std::pair<std::uint64_t, bytes>> typical_fields() {
  return {{0, varlen(1)},
          {1, sid_field()},
          {2, zigzag(42)},
          {3, str("domain_1")},
          {4, zigzag(10)},
          {5, zigzag(11)},
          {6, varlen(1'700'000'000'123'456)},
          {8, varlen(256)},
          {9, varlen(80400)}};
}

}  // namespace

TEST_CASE("varlen test encoder matches the examples in MySQL's serialization readme") {
  CHECK(varlen(65535) == bytes_of({0xfb, 0xff, 0x07}));   // "00000111 11111111 11111011"
  CHECK(zigzag(65535) == bytes_of({0xf3, 0xff, 0x0f}));   // "00001111 11111111 11110011"
  CHECK(zigzag(-65535) == bytes_of({0xeb, 0xff, 0x0f}));  // "00001111 11111111 11101011"
  CHECK(zigzag(-65536) == bytes_of({0xfb, 0xff, 0x0f}));  // "00001111 11111111 11111011"
}

TEST_CASE("GTID_TAGGED_LOG_EVENT decodes to uuid:tag:gno") {
  binlog_decoder decoder;
  auto ev = decoder.decode(make_frame(event_type::gtid_tagged, message(typical_fields()), true));
  REQUIRE_MESSAGE(ev.has_value(), to_string(ev.error()));
  const auto& gtid = std::get<mysql_gtid_event>(ev->body);
  CHECK_FALSE(gtid.anonymous);
  CHECK(gtid.flags == 1);
  CHECK(gtid.sid == sid_text);
  CHECK(gtid.tag == "domain_1");
  CHECK(gtid.gno == 42);
  CHECK(gtid.last_committed == 10);
  CHECK(gtid.sequence_number == 11);
  CHECK(to_string(gtid) == std::string(sid_text) + ":domain_1:42");
  mysql_gtid_event untagged = gtid;
  untagged.tag.clear();
  CHECK(to_string(untagged) == std::string(sid_text) + ":42");
}

TEST_CASE("GTID_TAGGED_LOG_EVENT: the readme's bytes, wide values, optional and future fields") {
  // gno 65535 and logical clocks -65535/-65536 written as the readme's literal bytes.
  auto ev = detail::decode_mysql_tagged_gtid(message({{1, sid_field()},
                                                      {2, bytes_of({0xf3, 0xff, 0x0f})},
                                                      {3, str("t")},
                                                      {4, bytes_of({0xeb, 0xff, 0x0f})},
                                                      {5, bytes_of({0xfb, 0xff, 0x0f})}}));
  REQUIRE(ev.has_value());
  CHECK(ev->gno == 65535);
  CHECK(ev->last_committed == -65535);
  CHECK(ev->sequence_number == -65536);
  CHECK(ev->flags == 0);

  // 6-, 8- and 9-byte varlens; original timestamp/version and commit ticket present; then a field
  // id 12 from a newer server, skipped by the message size.
  auto fields = typical_fields();
  fields[2].second = zigzag((std::int64_t{1} << 40) + 3);
  fields.insert(fields.begin() + 7, {7, varlen(std::uint64_t{1} << 55)});
  fields.emplace_back(10, varlen(80036));
  fields.emplace_back(11, varlen(~std::uint64_t{0}));
  fields.emplace_back(12, bytes_of({0x11, 0x22, 0x33}));
  auto body = message(fields);
  append(body, bytes_of({0xde, 0xad}));  // bytes after the message are not the message's
  ev = detail::decode_mysql_tagged_gtid(body);
  REQUIRE(ev.has_value());
  CHECK(ev->gno == (std::int64_t{1} << 40) + 3);
  CHECK(ev->tag == "domain_1");
}

TEST_CASE("GTID_TAGGED_LOG_EVENT: malformed messages are refused") {
  const auto decode = [](const bytes& body) { return detail::decode_mysql_tagged_gtid(body); };
  CHECK(decode(message(typical_fields(), 0, 2)).error() == decode_error::bad_value);   // format version
  CHECK(decode(message(typical_fields(), 13)).error() == decode_error::bad_value);     // unknown required field
  CHECK(decode(message(typical_fields(), 12)).has_value());
  auto fields = typical_fields();
  fields.erase(fields.begin() + 2);  // no gno
  CHECK(decode(message(fields)).error() == decode_error::bad_value);
  fields = typical_fields();
  fields[3].second = str("1abc");  // a tag may not start with a digit
  CHECK(decode(message(fields)).error() == decode_error::bad_value);
  fields[3].second = str(std::string(33, 'a'));
  CHECK(decode(message(fields)).error() == decode_error::bad_value);
  fields = typical_fields();
  fields[1].second[0] = std::byte{0x01};  // a UUID "byte" of 256 (two-byte varlen 0x01 0x04)
  fields[1].second.insert(fields[1].second.begin() + 1, std::byte{0x04});
  CHECK(decode(message(fields)).error() == decode_error::bad_value);
  fields = typical_fields();
  std::swap(fields[4], fields[5]);  // ids out of order
  CHECK(decode(message(fields)).error() == decode_error::bad_value);

  const auto good = message(typical_fields());
  for (std::size_t cut = 0; cut < good.size(); ++cut) CHECK_FALSE(decode(bytes(good.begin(), good.begin() + cut)));
  auto shrunk = good;
  shrunk[1] = std::byte{0x02};  // message size 1: smaller than its own envelope
  CHECK(decode(shrunk).error() == decode_error::bad_length);
}

TEST_CASE("PREVIOUS_GTIDS in MySQL 8.4's tagged format") {
  const auto interval_list = [](std::initializer_list<std::pair<std::uint64_t, std::uint64_t>> intervals) {
    bytes out;
    const auto put = [&out](std::uint64_t v) {
      for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
    };
    put(intervals.size());
    for (const auto& [start, end] : intervals) {
      put(start);
      put(end);
    }
    return out;
  };
  const std::uint64_t n_sids = 3;
  bytes body;
  const std::uint64_t head = (std::uint64_t{1} << 56) | (n_sids << 8) | 1;
  for (int i = 0; i < 8; ++i) body.push_back(static_cast<std::byte>((head >> (8 * i)) & 0xff));
  const auto sid = [&body](std::uint8_t fill) {
    for (int i = 0; i < 16; ++i) body.push_back(static_cast<std::byte>(fill));
  };
  sid(0x11);
  append(body, str(""));
  append(body, interval_list({{1, 5}, {7, 8}}));
  sid(0x11);
  append(body, str("aa"));
  append(body, interval_list({{1, 4}}));
  sid(0x22);
  append(body, str("b_2"));
  append(body, interval_list({{3, 4}}));

  auto ev = detail::decode_previous_gtids(body);
  REQUIRE_MESSAGE(ev.has_value(), to_string(ev.error()));
  CHECK(ev->gtid_set ==
        "11111111-1111-1111-1111-111111111111:1-4:7:aa:1-3,22222222-2222-2222-2222-222222222222:b_2:3");
  for (std::size_t cut = 0; cut < body.size(); ++cut)
    CHECK_FALSE(detail::decode_previous_gtids(std::span(body).first(cut)));
  body[8 + 16] = std::byte{0x20};  // first tag length 0x20 >> 1 = 16: it swallows interval bytes
  CHECK_FALSE(detail::decode_previous_gtids(body).has_value());
}

}  // namespace sluice::protocol::test
