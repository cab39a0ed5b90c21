#include <doctest/doctest.h>

#include <cstring>

#include "pipeline/sql_literal.hpp"

using namespace sluice::pipeline;
namespace p = sluice::protocol;

namespace {
std::string lit(const p::cell& c) {
  std::string out;
  auto r = append_literal(out, c);
  REQUIRE(r);
  return out;
}

std::string bytes(std::initializer_list<unsigned char> b) {
  return std::string(b.begin(), b.end());
}

// MySQL binary JSON, written by hand after json_binary.h:
// {"a": 1}: small object, 1 element, 12 bytes; key entry (offset 11, length 1); value entry
// int16 inlined (type 5, 1); then the key.
const std::string json_object_a1 = bytes({0x00, 0x01, 0x00, 0x0C, 0x00, 0x0B, 0x00, 0x01, 0x00, 0x05,
                                          0x01, 0x00, 'a'});
const std::string json_string_abc = bytes({0x0C, 0x03, 'a', 'b', 'c'});     // "abc"
const std::string json_true = bytes({0x04, 0x01});                          // true
const std::string json_int16_7 = bytes({0x05, 0x07, 0x00});                  // 7
const std::string json_quote = bytes({0x0C, 0x04, 'i', '\'', 's', '\\'});  // "i's\\"

std::string hex_of(std::string_view text) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 0x0F]);
  }
  return out;
}
std::string utf8mb4(std::string_view text) { return "_utf8mb4 X'" + hex_of(text) + "'"; }
}  // namespace

TEST_CASE("cells render as exact literals") {
  CHECK(lit(p::null_cell{}) == "NULL");
  CHECK(lit(std::int64_t{-9223372036854775807LL - 1}) == "-9223372036854775808");
  CHECK(lit(std::uint64_t{18446744073709551615ULL}) == "18446744073709551615");
  CHECK(lit(p::decimal_cell{"-12.340"}) == "-12.340");
  CHECK(lit(std::string("msg4")) == "X'6D736734'");
  CHECK(lit(std::string("")) == "''");
  CHECK(lit(std::string("\0\xff", 2)) == "X'00FF'");
  CHECK(lit(p::temporal_cell{"2024-01-31 10:00:00.123"}) == "'2024-01-31 10:00:00.123'");
  CHECK(lit(p::temporal_cell{"-838:59:59.000000"}) == "'-838:59:59.000000'");
  CHECK(lit(p::temporal_cell{"0000"}) == "'0000'");  // YEAR 0: a quoted '0000' stays 0000, 0 would be 2000
  CHECK(lit(p::bit_cell{5, 3}) == "5");
  CHECK(lit(p::bit_cell{18446744073709551615ULL, 64}) == "18446744073709551615");
  CHECK(lit(p::enum_cell{2}) == "2");
  CHECK(lit(p::enum_cell{0}) == "''");
  CHECK(lit(p::set_cell{10}) == "10");
  CHECK(lit(p::set_cell{0}) == "0");
}

TEST_CASE("DOUBLE renders as the shortest approximate-number literal that reads back exactly") {
  CHECK(lit(double{0.1}) == "0.1e0");
  CHECK(lit(double{3}) == "3e0");  // not "3": an exact literal would take the DECIMAL path
  CHECK(lit(double{-0.0}) == "-0e0");
  CHECK(lit(double{1.7976931348623157e308}) == "1.7976931348623157e+308");
  CHECK(lit(double{-2.2250738585072014e-308}) == "-2.2250738585072014e-308");
  CHECK(lit(double{4.9406564584124654e-324}) == "5e-324");  // smallest subnormal
  CHECK(lit(double{1e15}) == "1e+15");
  CHECK(lit(double{1234567}) == "1234567e0");
}

TEST_CASE("FLOAT renders its exact binary value, so WHERE f = <literal> matches the stored float") {
  // 3.1f is 3.0999999046325684 as a double; "3.1" would compare unequal to the stored value.
  CHECK(lit(float{3.1f}) == "3.0999999046325684e0");
  CHECK(lit(float{1.5f}) == "1.5e0");
  CHECK(lit(float{-0.0f}) == "-0e0");
  CHECK(lit(float{3.40282347e38f}) == "3.4028234663852886e+38");
  CHECK(lit(float{1.40129846e-45f}) == "1.401298464324817e-45");  // smallest subnormal float
  // Reading the literal back as a double and narrowing it gives the same float, for any float.
  for (float f : {0.1f, 1e-10f, 123.456f, 9999.999f, -3.4028234e38f, 1.17549435e-38f}) {
    auto text = lit(f);
    CHECK(static_cast<float>(std::strtod(text.c_str(), nullptr)) == f);
  }
}

TEST_CASE("timestamps render in UTC with their fraction digits") {
  CHECK(format_utc_timestamp(0, 0, 0) == "0000-00-00 00:00:00");
  CHECK(format_utc_timestamp(1, 0, 0) == "1970-01-01 00:00:01");
  CHECK(format_utc_timestamp(2147483647, 999999, 6) == "2038-01-19 03:14:07.999999");
  CHECK(format_utc_timestamp(1700000000, 0, 0) == "2023-11-14 22:13:20");
  CHECK(format_utc_timestamp(1700000000, 123456, 6) == "2023-11-14 22:13:20.123456");
  CHECK(format_utc_timestamp(1700000000, 120000, 2) == "2023-11-14 22:13:20.12");
  CHECK(format_utc_timestamp(0, 5, 6) == "1970-01-01 00:00:00.000005");
  CHECK(lit(p::timestamp_cell{86400, 5000, 3}) == "'1970-01-02 00:00:00.005'");
}

TEST_CASE("binary JSON renders as its text in utf8mb4, free of quoting and the session charset") {
  CHECK(lit(p::json_cell{json_object_a1, {}, false}) == utf8mb4(R"({"a": 1})"));
  CHECK(lit(p::json_cell{json_string_abc, {}, false}) == utf8mb4(R"("abc")"));
  CHECK(lit(p::json_cell{json_quote, {}, false}) == utf8mb4(R"("i's\\")"));
  CHECK(lit(p::json_cell{"", {}, false}) == utf8mb4("null"));  // MySQL's empty value is JSON null
}

TEST_CASE("undecodable binary JSON is refused with the decoder's reason, not mangled") {
  std::string out;
  auto r = append_literal(out, p::json_cell{bytes({0x00, 0x05}), {}, false});  // truncated object
  REQUIRE_FALSE(r);
  CHECK(r.error().find("JSON") != std::string::npos);
  CHECK(r.error().find("truncated") != std::string::npos);
  CHECK(out.empty());
}

TEST_CASE("a partial JSON cell is not a value: refused, naming PARTIAL_JSON") {
  std::string out;
  p::json_cell partial{"", {{p::json_diff::operation::replace, "$.a", json_true}}, true};
  auto r = append_literal(out, partial);
  REQUIRE_FALSE(r);
  CHECK(r.error().find("binlog_row_value_options=PARTIAL_JSON") != std::string::npos);
  CHECK(out.empty());
}

TEST_CASE("partial JSON diffs become nested JSON_* calls applied in binlog order") {
  using op = p::json_diff::operation;
  p::json_cell partial{"",
                       {{op::replace, "$.a", json_true},
                        {op::insert, "$.b", json_string_abc},
                        {op::insert, "$.c[1]", json_int16_7},
                        {op::remove, "$.\"d]\"", ""}},
                       true};
  std::string out;
  REQUIRE(append_json_diff_expression(out, "`doc`", partial));
  const std::string value = ", '$')";
  CHECK(out == "JSON_REMOVE(JSON_ARRAY_INSERT(JSON_INSERT(JSON_REPLACE(`doc`, " + utf8mb4("$.a") +
                   ", JSON_EXTRACT(" + utf8mb4("true") + value + "), " + utf8mb4("$.b") +
                   ", JSON_EXTRACT(" + utf8mb4("\"abc\"") + value + "), " + utf8mb4("$.c[1]") +
                   ", JSON_EXTRACT(" + utf8mb4("7") + value + "), " + utf8mb4("$.\"d]\"") + ")");
}

TEST_CASE("the diff expression refuses whole documents and undecodable diff values") {
  using op = p::json_diff::operation;
  std::string out;
  CHECK_FALSE(append_json_diff_expression(out, "`doc`", p::json_cell{json_true, {}, false}));
  CHECK_FALSE(append_json_diff_expression(out, "`doc`", p::json_cell{"", {}, true}));
  auto r = append_json_diff_expression(
      out, "`doc`", p::json_cell{"", {{op::replace, "$.a", json_true}, {op::replace, "$.b", bytes({0x02})}}, true});
  REQUIRE_FALSE(r);
  CHECK(r.error().find("`doc`") != std::string::npos);
  CHECK(out.empty());
}
