#include <doctest/doctest.h>

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
  CHECK(lit(p::bit_cell{5, 3}) == "5");
  CHECK(lit(p::enum_cell{2}) == "2");
  CHECK(lit(p::enum_cell{0}) == "''");
  CHECK(lit(p::set_cell{10}) == "10");
  CHECK(lit(double{0.1}) == "0.10000000000000001");
  CHECK(lit(float{1.5f}) == "1.5");
}

TEST_CASE("timestamps render in UTC with their fraction digits") {
  CHECK(format_utc_timestamp(0, 0, 0) == "0000-00-00 00:00:00");
  CHECK(format_utc_timestamp(1700000000, 0, 0) == "2023-11-14 22:13:20");
  CHECK(format_utc_timestamp(1700000000, 123456, 6) == "2023-11-14 22:13:20.123456");
  CHECK(format_utc_timestamp(1700000000, 120000, 2) == "2023-11-14 22:13:20.12");
  CHECK(lit(p::timestamp_cell{86400, 5000, 3}) == "'1970-01-02 00:00:00.005'");
}

TEST_CASE("binary JSON is refused with a reason, not silently mangled") {
  std::string out;
  auto r = append_literal(out, p::json_cell{"\x00\x01", {}, false});
  REQUIRE_FALSE(r);
  CHECK(r.error().find("JSON") != std::string::npos);
}
