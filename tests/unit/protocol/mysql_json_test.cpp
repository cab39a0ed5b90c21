#include <doctest/doctest.h>

#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <random>

#include <nlohmann/json.hpp>

#include "protocol/mysql_json.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {
namespace {

std::string bin(std::initializer_list<int> values) {
  std::string out;
  for (const int v : values) out.push_back(static_cast<char>(v));
  return out;
}

void put_le(std::string& out, std::uint64_t value, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xffU));
}

std::string text(std::string_view binary) {
  auto converted = mysql_json_to_text(binary);
  REQUIRE_MESSAGE(converted.has_value(), "error " << to_string(converted.error()));
  return *converted;
}

decode_error error_of(std::string_view binary) {
  auto converted = mysql_json_to_text(binary);
  REQUIRE_MESSAGE(!converted.has_value(), "unexpectedly decoded to " << *converted);
  return converted.error();
}

std::string double_doc(double value) {
  std::string out(1, '\x0b');
  put_le(out, std::bit_cast<std::uint64_t>(value), 8);
  return out;
}

std::string opaque(int field_type, const std::string& payload) {
  REQUIRE(payload.size() < 128);
  return std::string{'\x0f', static_cast<char>(field_type), static_cast<char>(payload.size())} + payload;
}

// MySQL's packed temporal longlong: ((((y*13+m)<<5|d)<<17 | h<<12|mi<<6|s) << 24) | micros.
std::string packed_datetime(unsigned y, unsigned m, unsigned d, unsigned h, unsigned mi, unsigned s,
                            unsigned micros) {
  const std::uint64_t ymd = (std::uint64_t{y} * 13 + m) << 5 | d;
  const std::uint64_t packed = ((ymd << 17 | h << 12 | mi << 6 | s) << 24) | micros;
  std::string out;
  put_le(out, packed, 8);
  return out;
}

std::string packed_time(bool negative, unsigned h, unsigned mi, unsigned s, unsigned micros) {
  const std::int64_t magnitude = static_cast<std::int64_t>((std::uint64_t{h} << 12 | mi << 6 | s) << 24 | micros);
  std::string out;
  put_le(out, static_cast<std::uint64_t>(negative ? -magnitude : magnitude), 8);
  return out;
}

// {"a": 1, "b": [true, null]} in the small format, as MySQL lays it out.
const std::string small_object_doc = bin({
    0x00,                    // small object
    0x02, 0x00, 0x1e, 0x00,  // 2 members, 30 bytes
    0x12, 0x00, 0x01, 0x00,  // key "a" at 18, length 1
    0x13, 0x00, 0x01, 0x00,  // key "b" at 19
    0x05, 0x01, 0x00,        // int16 1, inlined
    0x02, 0x14, 0x00,        // small array at 20
    'a', 'b',
    0x02, 0x00, 0x0a, 0x00,  // 2 elements, 10 bytes
    0x04, 0x01, 0x00,        // true
    0x04, 0x00, 0x00,        // null
});

// {"a": -5, "b": [4000000000, "x"]} in the large format (int32/uint32 inlined).
const std::string large_object_doc = bin({
    0x01,
    0x02, 0x00, 0x00, 0x00, 0x34, 0x00, 0x00, 0x00,  // 2 members, 52 bytes
    0x1e, 0x00, 0x00, 0x00, 0x01, 0x00,              // key "a" at 30
    0x1f, 0x00, 0x00, 0x00, 0x01, 0x00,              // key "b" at 31
    0x07, 0xfb, 0xff, 0xff, 0xff,                    // int32 -5, inlined
    0x03, 0x20, 0x00, 0x00, 0x00,                    // large array at 32
    'a', 'b',
    0x02, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00,  // 2 elements, 20 bytes
    0x08, 0x00, 0x28, 0x6b, 0xee,                    // uint32 4000000000, inlined
    0x0c, 0x12, 0x00, 0x00, 0x00,                    // string at 18
    0x01, 'x',
});

// `levels` small arrays, each holding the next; the innermost is empty.
std::string nested_arrays(unsigned levels) {
  std::string body = bin({0x00, 0x00, 0x04, 0x00});
  for (unsigned i = 1; i < levels; ++i) {
    std::string outer = bin({0x01, 0x00});
    put_le(outer, 7 + body.size(), 2);
    outer += bin({0x02, 0x07, 0x00});
    body = outer + body;
  }
  return '\x02' + body;
}


// A minimal MySQL binary JSON writer for round trips: each container in the small format when
// its size allows and `force_large` is off, integers in the narrowest type, values inlined
// where MySQL inlines them.
struct encoded {
  char type;
  std::string bytes;
};

encoded encode(const nlohmann::json& value, bool force_large);

encoded encode_scalar(const nlohmann::json& value) {
  std::string out;
  if (value.is_null()) return {0x04, bin({0x00})};
  if (value.is_boolean()) return {0x04, bin({value.get<bool>() ? 0x01 : 0x02})};
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    const std::size_t width = u <= 0xffff ? 2 : u <= 0xffffffff ? 4 : 8;
    put_le(out, u, width);
    return {width == 2 ? '\x06' : width == 4 ? '\x08' : '\x0a', out};
  }
  if (value.is_number_integer()) {
    const auto i = value.get<std::int64_t>();
    const std::size_t width = (i >= -32768 && i <= 32767) ? 2 : (i >= INT32_MIN && i <= INT32_MAX) ? 4 : 8;
    put_le(out, static_cast<std::uint64_t>(i), width);
    return {width == 2 ? '\x05' : width == 4 ? '\x07' : '\x09', out};
  }
  if (value.is_number_float()) {
    put_le(out, std::bit_cast<std::uint64_t>(value.get<double>()), 8);
    return {0x0b, out};
  }
  const auto& text = value.get_ref<const std::string&>();
  for (std::size_t n = text.size(); ; n >>= 7) {  // data-length: 7 bits a byte, low first
    out.push_back(static_cast<char>((n & 0x7fU) | (n >= 0x80 ? 0x80U : 0U)));
    if (n < 0x80) break;
  }
  return {0x0c, out + text};
}

bool inlined_in(char type, bool large) {
  return type == 0x04 || type == 0x05 || type == 0x06 || (large && (type == 0x07 || type == 0x08));
}

encoded encode_container(const nlohmann::json& value, bool force_large) {
  const bool object = value.is_object();
  std::vector<std::string> keys;
  std::vector<encoded> children;
  for (auto it = value.begin(); it != value.end(); ++it) {
    keys.push_back(object ? it.key() : std::string());
    children.push_back(encode(it.value(), force_large));
  }
  for (const bool large : {false, true}) {
    if (force_large && !large) continue;
    const std::size_t width = large ? 4 : 2;
    const std::size_t n = children.size();
    const std::size_t base = 2 * width + (object ? n * (width + 2) : 0) + n * (1 + width);
    std::string key_entries, key_bytes;
    for (const auto& key : keys) {
      if (!object) break;
      put_le(key_entries, base + key_bytes.size(), width);
      put_le(key_entries, key.size(), 2);
      key_bytes += key;
    }
    std::string value_entries, value_bytes;
    for (const auto& child : children) {
      value_entries.push_back(child.type);
      if (inlined_in(child.type, large)) {
        std::string slot = child.bytes;
        slot.resize(width, '\0');
        value_entries += slot;
      } else {
        put_le(value_entries, base + key_bytes.size() + value_bytes.size(), width);
        value_bytes += child.bytes;
      }
    }
    const std::size_t total = base + key_bytes.size() + value_bytes.size();
    if (!large && total > 0xffff) continue;
    std::string out;
    put_le(out, n, width);
    put_le(out, total, width);
    const char type = static_cast<char>((object ? 0x00 : 0x02) + (large ? 1 : 0));
    return {type, out + key_entries + value_entries + key_bytes + value_bytes};
  }
  return {0x00, {}};
}

encoded encode(const nlohmann::json& value, bool force_large) {
  return value.is_structured() ? encode_container(value, force_large) : encode_scalar(value);
}

nlohmann::json random_json(std::mt19937& rng, int depth) {
  static const std::array<std::string, 14> pieces{"a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\x01",
                                                  "\x1f", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\x7f"};
  const auto random_string = [&] {
    std::string out;
    for (unsigned i = rng() % 12; i > 0; --i) out += pieces[rng() % pieces.size()];
    return out;
  };
  switch (rng() % (depth > 0 ? 10 : 7)) {
    case 0: return nullptr;
    case 1: return rng() % 2 == 0;
    case 2: return static_cast<std::int64_t>(static_cast<std::int16_t>(rng()));
    case 3: return static_cast<std::int64_t>(std::uint64_t{rng()} << 32 | rng()) >> (rng() % 64);
    case 4: return std::uint64_t{0x8000000000000000} | std::uint64_t{rng()} << 16;
    case 5: {
      double d = 0;
      do d = std::bit_cast<double>(std::uint64_t{rng()} << 32 | rng()); while (!std::isfinite(d));
      return rng() % 2 == 0 ? d : static_cast<double>(static_cast<std::int32_t>(rng())) / 64;
    }
    case 6: return random_string();
    case 7:
    case 8: {
      nlohmann::json array = nlohmann::json::array();
      for (unsigned i = rng() % 6; i > 0; --i) array.push_back(random_json(rng, depth - 1));
      return array;
    }
    default: {
      nlohmann::json object = nlohmann::json::object();
      for (unsigned i = rng() % 6; i > 0; --i) object[random_string()] = random_json(rng, depth - 1);
      return object;
    }
  }
}
}  // namespace

TEST_CASE("JSON binary: literals, integers and the empty value") {
  CHECK(text("") == "null");
  CHECK(text(bin({0x04, 0x00})) == "null");
  CHECK(text(bin({0x04, 0x01})) == "true");
  CHECK(text(bin({0x04, 0x02})) == "false");
  CHECK(text(bin({0x05, 0xff, 0xff})) == "-1");
  CHECK(text(bin({0x05, 0x00, 0x80})) == "-32768");
  CHECK(text(bin({0x06, 0xff, 0xff})) == "65535");
  CHECK(text(bin({0x07, 0x00, 0x00, 0x00, 0x80})) == "-2147483648");
  CHECK(text(bin({0x08, 0xff, 0xff, 0xff, 0xff})) == "4294967295");
  CHECK(text(bin({0x09, 0, 0, 0, 0, 0, 0, 0, 0x80})) == "-9223372036854775808");
  CHECK(text(bin({0x09, 0x2a, 0, 0, 0, 0, 0, 0, 0})) == "42");
  CHECK(text(bin({0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})) == "18446744073709551615");
}

TEST_CASE("JSON binary: doubles print as MySQL's my_gcvt does") {
  CHECK(text(double_doc(123.456)) == "123.456");
  CHECK(text(double_doc(1e300)) == "1e300");
  CHECK(text(double_doc(-2.5e-300)) == "-2.5e-300");
  CHECK(text(double_doc(1.0)) == "1.0");
  CHECK(text(double_doc(0.0)) == "0.0");
  CHECK(text(double_doc(-0.0)) == "-0.0");
  CHECK(text(double_doc(0.1)) == "0.1");
  CHECK(text(double_doc(-1.5)) == "-1.5");
  CHECK(text(double_doc(1.0 / 3)) == "0.3333333333333333");
  // 'f' format from 1e-15 up to (not including) 1e15 ...
  CHECK(text(double_doc(1e14)) == "100000000000000.0");
  CHECK(text(double_doc(1e-15)) == "0.000000000000001");
  CHECK(text(double_doc(0.00001)) == "0.00001");
  // ... or beyond when a fraction digit remains to be shown.
  CHECK(text(double_doc(1234567890123456.8)) == "1234567890123456.8");
  CHECK(text(double_doc(1e15)) == "1e15");
  CHECK(text(double_doc(1e-16)) == "1e-16");
  CHECK(text(double_doc(123456789012345678.0)) == "1.2345678901234568e17");
  CHECK(text(double_doc(1.7976931348623157e308)) == "1.7976931348623157e308");
  CHECK(text(double_doc(5e-324)) == "5e-324");
  CHECK(error_of(double_doc(std::numeric_limits<double>::quiet_NaN())) == decode_error::bad_value);
  CHECK(error_of(double_doc(std::numeric_limits<double>::infinity())) == decode_error::bad_value);
}

TEST_CASE("JSON binary: strings are escaped as MySQL's double_quote does") {
  CHECK(text(bin({0x0c, 0x03, 'a', 'b', 'c'})) == R"("abc")");
  CHECK(text(bin({0x0c, 0x00})) == R"("")");
  CHECK(text(bin({0x0c, 0x0b, '"', '\\', '/', '\b', '\f', '\n', '\r', '\t', 0x01, 0x1f, 0x7f})) ==
        "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\"");
  CHECK(text(bin({0x0c, 0x04, 0xf0, 0x9f, 0x98, 0x80})) == "\"\xf0\x9f\x98\x80\"");  // emoji verbatim
  // A 200-byte string: the length takes two 7-bit groups (0xc8 0x01).
  const std::string long_string(200, 'z');
  CHECK(text(bin({0x0c, 0xc8, 0x01}) + long_string) == '"' + long_string + '"');
}

TEST_CASE("JSON binary: small and large objects and arrays") {
  CHECK(text(small_object_doc) == R"({"a": 1, "b": [true, null]})");
  CHECK(text(large_object_doc) == R"({"a": -5, "b": [4000000000, "x"]})");
  CHECK(text(bin({0x00, 0x00, 0x00, 0x04, 0x00})) == "{}");
  CHECK(text(bin({0x02, 0x00, 0x00, 0x04, 0x00})) == "[]");
  CHECK(text(bin({0x03, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00})) == "[]");
  CHECK(text(nested_arrays(3)) == "[[[]]]");
  // An int32 is not inlined in the small format: the entry holds its offset.
  CHECK(text(bin({0x02, 0x01, 0x00, 0x0b, 0x00, 0x07, 0x07, 0x00, 0x00, 0x00, 0x00, 0x80})) ==
        "[-2147483648]");
  // Keys are escaped like strings and printed in stored order.
  CHECK(text(bin({0x00, 0x02, 0x00, 0x14, 0x00, 0x12, 0x00, 0x01, 0x00, 0x13, 0x00, 0x01, 0x00,
                  0x04, 0x02, 0x00, 0x05, 0x07, 0x00, 'z', '"'})) == R"({"z": false, "\"": 7})");
}

TEST_CASE("JSON binary: opaque scalars print as MySQL prints them") {
  CHECK(text(opaque(15, "U")) == R"("base64:type15:VQ==")");
  CHECK(text(opaque(252, "ab")) == R"("base64:type252:YWI=")");
  CHECK(text(opaque(16, "abc")) == R"("base64:type16:YWJj")");
  CHECK(text(opaque(255, "")) == R"("base64:type255:")");
  // MySQL's base64 breaks lines after 76 characters; the text keeps that newline escaped.
  const std::string sixty(60, '\0');
  CHECK(text(opaque(252, sixty)) == "\"base64:type252:" + std::string(76, 'A') + "\\n" +
                                        std::string(4, 'A') + "\"");

  CHECK(text(opaque(10, packed_datetime(2012, 3, 18, 0, 0, 0, 0))) == R"("2012-03-18")");
  CHECK(text(opaque(12, packed_datetime(2012, 3, 18, 11, 30, 45, 0))) == R"("2012-03-18 11:30:45.000000")");
  CHECK(text(opaque(7, packed_datetime(1970, 1, 1, 0, 0, 1, 500))) == R"("1970-01-01 00:00:01.000500")");
  CHECK(text(opaque(11, packed_time(false, 87, 31, 46, 654321))) == R"("87:31:46.654321")");
  CHECK(text(opaque(11, packed_time(true, 838, 59, 59, 0))) == R"("-838:59:59.000000")");
  CHECK(text(opaque(11, packed_time(false, 0, 0, 0, 0))) == R"("00:00:00.000000")");
  CHECK(error_of(opaque(12, packed_datetime(2012, 3, 18, 0, 0, 0, 1000000))) == decode_error::bad_value);
  CHECK(error_of(opaque(10, "\x01\x02\x03")) == decode_error::bad_value);

  // DECIMAL(3,2) 9.00 and -1.50: precision, scale, then MySQL's binary decimal.
  CHECK(text(opaque(246, bin({3, 2, 0x89, 0x00}))) == "9.00");
  CHECK(text(opaque(246, bin({3, 2, 0x7e, 0xcd}))) == "-1.50");
  CHECK(text(opaque(246, bin({6, 3, 0x80, 0x7b, 0x01, 0xc8}))) == "123.456");
  CHECK(error_of(opaque(246, bin({3, 2, 0x89, 0x00, 0x00}))) == decode_error::bad_length);
  CHECK(error_of(opaque(246, bin({3}))) == decode_error::truncated);
  CHECK(error_of(opaque(246, bin({0, 0, 0x80}))) == decode_error::bad_value);
}

TEST_CASE("JSON binary: malformed documents are errors, never crashes") {
  CHECK(error_of(bin({0x0d})) == decode_error::bad_value);              // no such type
  CHECK(error_of(bin({0x04, 0x03})) == decode_error::bad_value);        // no such literal
  CHECK(error_of(bin({0x04})) == decode_error::truncated);
  CHECK(error_of(bin({0x09, 0x01, 0x02})) == decode_error::truncated);
  CHECK(error_of(bin({0x0c, 0x05, 'a'})) == decode_error::truncated);
  CHECK(error_of(bin({0x0c, 0x80, 0x80, 0x80, 0x80, 0x80})) == decode_error::bad_value);  // 6-byte length
  CHECK(error_of(bin({0x0c, 0xff, 0xff, 0xff, 0xff, 0x10})) == decode_error::bad_value);  // 2^32 and more
  CHECK(error_of(bin({0x0f, 0x0f})) == decode_error::truncated);
  // Size larger than the bytes, entries beyond the size, offsets outside the container.
  CHECK(error_of(bin({0x02, 0x00, 0x00, 0x05, 0x00})) == decode_error::truncated);
  CHECK(error_of(bin({0x02, 0x02, 0x00, 0x07, 0x00, 0x04, 0x00, 0x00})) == decode_error::bad_length);
  CHECK(error_of(bin({0x02, 0x01, 0x00, 0x07, 0x00, 0x0c, 0x07, 0x00})) == decode_error::bad_length);
  CHECK(error_of(bin({0x00, 0x01, 0x00, 0x0c, 0x00, 0x0b, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 'k'})) ==
        decode_error::bad_length);
  CHECK(error_of(bin({0x02, 0x01, 0x00, 0x03, 0x00})) == decode_error::bad_length);  // size below header

  // Every cut of a valid document fails cleanly.
  for (const auto& doc : {small_object_doc, large_object_doc, nested_arrays(5), opaque(246, bin({3, 2, 0x89, 0x00})),
                          opaque(11, packed_time(false, 1, 2, 3, 4)), double_doc(1.5)}) {
    CHECK(mysql_json_to_text(doc).has_value());
    for (std::size_t cut = 1; cut < doc.size(); ++cut)
      CHECK_MESSAGE(!mysql_json_to_text(doc.substr(0, cut)).has_value(), "cut at " << cut);
  }
}

TEST_CASE("JSON binary: nesting is limited to 100 containers") {
  CHECK(text(nested_arrays(100)) == std::string(100, '[') + std::string(100, ']'));
  CHECK(error_of(nested_arrays(101)) == decode_error::bad_value);
}

TEST_CASE("JSON binary: offsets shared between elements cannot blow the output up") {
  // Each level is [x, x] with both entries pointing at the same inner array: 2^40 leaves.
  std::string body = bin({0x00, 0x00, 0x04, 0x00});
  for (int level = 0; level < 40; ++level) {
    std::string outer = bin({0x02, 0x00});
    put_le(outer, 10 + body.size(), 2);
    outer += bin({0x02, 0x0a, 0x00, 0x02, 0x0a, 0x00});
    body = outer + body;
  }
  CHECK(error_of('\x02' + body) == decode_error::bad_value);
}

TEST_CASE("JSON binary: random bytes never crash and succeed only with bounded output") {
  std::mt19937 rng(20240531);
  const std::array<char, 8> types{0x00, 0x01, 0x02, 0x03, 0x04, 0x0b, 0x0c, 0x0f};
  std::size_t decoded = 0;
  for (int i = 0; i < 50000; ++i) {
    std::string doc(1 + rng() % 48, '\0');
    for (auto& c : doc) c = static_cast<char>(rng() % 4 == 0 ? rng() % 8 : rng());
    doc[0] = types[rng() % types.size()];
    auto converted = mysql_json_to_text(doc);
    if (converted) {
      ++decoded;
      CHECK(converted->size() <= doc.size() * 16 + 2048);
    }
  }
  CHECK(decoded > 0);
}


TEST_CASE("JSON binary: random documents survive a round trip through our writer and nlohmann") {
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    const nlohmann::json original = random_json(rng, 4);
    const encoded doc = encode(original, i % 3 == 0);
    const std::string converted = text(std::string(1, doc.type) + doc.bytes);
    INFO(converted);
    const auto parsed = nlohmann::json::parse(converted);  // valid JSON, or the test throws
    CHECK(parsed == original);
  }
}

}  // namespace sluice::protocol::test
