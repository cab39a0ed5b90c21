// One cell -> one JSON value, per cell kind and column type.
#include "cli/cell_json.hpp"

#include <limits>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "protocol/column_type.hpp"

using namespace sluice::cli;
namespace p = sluice::protocol;
namespace ct = sluice::protocol::column_type;

namespace {

column_format format(std::uint8_t type, std::optional<charset_id> cs = std::nullopt) {
  return column_format{type, cs, 0};
}

std::string cell_json(const p::cell& value, const column_format& f = format(ct::long_)) {
  utf8_converter converter;
  std::string out;
  const auto ok = append_cell(out, value, f, converter);
  REQUIRE(ok.has_value());
  CHECK_FALSE(nlohmann::json::parse(out, nullptr, false).is_discarded());  // always valid JSON
  return out;
}

}  // namespace

TEST_CASE("numbers keep their sign and width") {
  CHECK(cell_json(p::null_cell{}) == "null");
  CHECK(cell_json(std::int64_t{-9223372036854775807LL - 1}) == "-9223372036854775808");
  CHECK(cell_json(std::uint64_t{18446744073709551615ULL}) == "18446744073709551615");
  CHECK(cell_json(3.5f, format(ct::float_)) == "3.5");
  CHECK(cell_json(-3.25e-10f, format(ct::float_)) == "-3.25e-10");
  CHECK(cell_json(1.7976931348623157e308, format(ct::double_)) == "1.7976931348623157e+308");
  CHECK(cell_json(std::numeric_limits<double>::quiet_NaN(), format(ct::double_)) == "\"NaN\"");
  CHECK(cell_json(-std::numeric_limits<double>::infinity(), format(ct::double_)) == "\"-Infinity\"");
  CHECK(cell_json(p::decimal_cell{"-123.4500"}, format(ct::newdecimal)) == "\"-123.4500\"");
  CHECK(cell_json(p::bit_cell{0b101, 3}, format(ct::bit)) == "5");
  CHECK(cell_json(p::enum_cell{2}, format(ct::enum_)) == "2");
  CHECK(cell_json(p::set_cell{0b1010}, format(ct::set)) == "10");
}

TEST_CASE("temporal values") {
  CHECK(cell_json(p::temporal_cell{"2024-02-29"}, format(ct::date)) == "\"2024-02-29\"");
  CHECK(cell_json(p::temporal_cell{"-838:59:59.000"}, format(ct::time2)) == "\"-838:59:59.000\"");
  CHECK(cell_json(p::temporal_cell{"2155"}, format(ct::year)) == "2155");
  CHECK(cell_json(p::temporal_cell{"0000"}, format(ct::year)) == "0");
  CHECK(cell_json(p::timestamp_cell{1493012711, 0, 0}, format(ct::timestamp2)) == "\"2017-04-24 05:45:11\"");
  CHECK(cell_json(p::timestamp_cell{2147483647, 0, 0}, format(ct::timestamp2)) == "\"2038-01-19 03:14:07\"");
  CHECK(cell_json(p::timestamp_cell{951782400, 123456, 6}, format(ct::timestamp2)) == "\"2000-02-29 00:00:00.123456\"");
  CHECK(cell_json(p::timestamp_cell{1, 120000, 2}, format(ct::timestamp2)) == "\"1970-01-01 00:00:01.12\"");
  CHECK(cell_json(p::timestamp_cell{0, 0, 3}, format(ct::timestamp2)) == "\"0000-00-00 00:00:00.000\"");
}

TEST_CASE("strings by charset: text, or hex when binary or not convertible") {
  const auto varchar = [](std::optional<charset_id> cs) { return format(ct::varchar, cs); };
  CHECK(cell_json(std::string("caf\xe9"), varchar(charset_id::latin1)) == "\"caf\xc3\xa9\"");
  CHECK(cell_json(std::string("\xd6\xd0\xce\xc4"), varchar(charset_id::gbk)) == "\"\xe4\xb8\xad\xe6\x96\x87\"");
  CHECK(cell_json(std::string("\xf0\x9f\x98\x80"), varchar(charset_id::utf8mb4)) == "\"\xf0\x9f\x98\x80\"");
  CHECK(cell_json(std::string("\xff\xfe"), varchar(charset_id::utf8mb4)) == R"({"hex":"fffe"})");
  CHECK(cell_json(std::string("a\0b", 3), varchar(charset_id::binary)) == R"({"hex":"610062"})");
  CHECK(cell_json(std::string("plain"), varchar(charset_id::binary)) == R"({"hex":"706c61696e"})");
  // Unknown charset (no metadata): UTF-8 when it is, hex otherwise.
  CHECK(cell_json(std::string("ok \xc3\xa9"), varchar(std::nullopt)) == "\"ok \xc3\xa9\"");
  CHECK(cell_json(std::string("caf\xe9"), varchar(std::nullopt)) == R"({"hex":"636166e9"})");
  // JSON escapes, NUL included, in a text column.
  CHECK(cell_json(std::string("q\"b\\n\n\t\x01"), varchar(charset_id::utf8mb4)) ==
        R"("q\"b\\n\n\t\u0001")");
  CHECK(cell_json(std::string("a\0b", 3), varchar(charset_id::utf8mb4)) == R"("a\u0000b")");
  // GEOMETRY: SRID + WKB as stored, whatever its collation says.
  CHECK(cell_json(std::string("\x00\x00\x00\x00\x01", 5), format(ct::geometry, charset_id::binary)) ==
        R"({"hex":"0000000001"})");
}

TEST_CASE("JSON documents are embedded as the decoder's text") {
  const auto json_col = format(ct::json);
  CHECK(cell_json(p::json_cell{"", {}, false}, json_col) == "null");
  // Binary JSON literal true: type 0x04, value 0x01.
  CHECK(cell_json(p::json_cell{std::string("\x04\x01", 2), {}, false}, json_col) == "true");
  // Small object {"a": 1}: type 0, count 1, size 12, key entry (offset 11, length 1), value int16 1.
  const std::string object("\x00\x01\x00\x0c\x00\x0b\x00\x01\x00\x05\x01\x00\x61", 13);
  CHECK(nlohmann::json::parse(cell_json(p::json_cell{object, {}, false}, json_col)) ==
        nlohmann::json::parse(R"({"a":1})"));

  p::json_cell partial;
  partial.partial = true;
  partial.diffs = {{p::json_diff::operation::replace, "$.a", std::string("\x04\x02", 2)},
                   {p::json_diff::operation::remove, "$.b[0]", ""}};
  CHECK(cell_json(partial, json_col) ==
        R"({"json_diff":[{"op":"replace","path":"$.a","value":false},{"op":"remove","path":"$.b[0]"}]})");

  utf8_converter converter;
  std::string out = "kept";
  const auto bad = append_cell(out, p::json_cell{std::string("\x7f", 1), {}, false}, json_col, converter);
  CHECK_FALSE(bad.has_value());
}

TEST_CASE("BINARY(n) gets back the trailing 0x00 pad the server strips from the row image") {
  p::column_def binary4{};
  binary4.type = ct::string;
  binary4.meta = static_cast<std::uint16_t>((ct::string << 8) | 4);
  binary4.charset = 63;
  const auto f = format_of(binary4);
  CHECK(f.binary_length == 4);
  CHECK(cell_json(p::cell(std::string("ab")), f) == R"({"hex":"61620000"})");
  p::column_def char4 = binary4;
  char4.charset = 45;  // utf8mb4: a CHAR column, never padded with NULs
  CHECK(cell_json(p::cell(std::string("ab")), format_of(char4)) == R"("ab")");
}
