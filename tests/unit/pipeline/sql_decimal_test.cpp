#include <doctest/doctest.h>

#include "pipeline/sql_decimal.hpp"

using namespace sluice::pipeline;

namespace {
sql_decimal dec(const char* text) {
  auto d = sql_decimal::parse(text);
  REQUIRE_MESSAGE(d, text);
  return *d;
}
std::string str(const std::optional<sql_decimal>& d) { return d ? d->to_string() : "none"; }
}  // namespace

TEST_CASE("decimals parse and print exactly") {
  CHECK(dec("-12.340").to_string() == "-12.340");
  CHECK(dec(" 007.5 ").to_string() == "7.5");
  CHECK(dec(".5").to_string() == "0.5");
  CHECK(dec("5.").to_string() == "5");
  CHECK(dec("-0.00").to_string() == "0.00");
  CHECK_FALSE(dec("-0.00").negative());
  CHECK_FALSE(sql_decimal::parse("1e5"));
  CHECK_FALSE(sql_decimal::parse("-"));
  CHECK_FALSE(sql_decimal::parse(std::string(66, '9')));
  CHECK(sql_decimal::parse(std::string(65, '9')));
  CHECK(dec("0.1234567890123456789012345678901234").to_string() == "0.123456789012345678901234567890");
  CHECK(sql_decimal::from_int(INT64_MIN).to_string() == "-9223372036854775808");
  CHECK(sql_decimal::from_uint(UINT64_MAX).to_string() == "18446744073709551615");
  CHECK(str(sql_decimal::from_double(0.1)) == "0.1");
  CHECK(str(sql_decimal::from_double(-2.5e-3)) == "-0.0025");
  CHECK_FALSE(sql_decimal::from_double(1e300));
}

TEST_CASE("decimal arithmetic is exact") {
  CHECK(str(sql_decimal::add(dec("0.1"), dec("0.2"))) == "0.3");
  CHECK(str(sql_decimal::add(dec("-1.5"), dec("0.25"))) == "-1.25");
  CHECK(str(sql_decimal::subtract(dec("1"), dec("1.001"))) == "-0.001");
  CHECK(str(sql_decimal::multiply(dec("-1.5"), dec("1.5"))) == "-2.25");
  CHECK(str(sql_decimal::divide(dec("1"), dec("3"), 4)) == "0.3333");
  CHECK(str(sql_decimal::divide(dec("2"), dec("3"), 4)) == "0.6667");
  CHECK(str(sql_decimal::divide(dec("-7.50"), dec("2"), 4)) == "-3.750000");
  CHECK(str(sql_decimal::divide(dec("1"), dec("0.003"), 4)) == "333.3333");
  CHECK(str(sql_decimal::divide(dec("1"), dec("0"), 4)) == "none");
  CHECK(str(sql_decimal::remainder(dec("-7.5"), dec("2"))) == "-1.5");
  CHECK(str(sql_decimal::remainder(dec("7"), dec("-3"))) == "1");
  const auto big = dec(std::string(65, '9').c_str());
  CHECK(str(sql_decimal::add(big, dec("1"))) == "none");
  CHECK(str(sql_decimal::multiply(dec("0.000000000000001"), dec("0.000000000000001234567"))) ==
        "0.000000000000000000000000000001");
}

TEST_CASE("decimal rounding, ordering and conversions") {
  CHECK(dec("2.5").round(0).to_string() == "3");
  CHECK(dec("-2.5").round(0).to_string() == "-3");
  CHECK(dec("1.2345").round(3).to_string() == "1.235");
  CHECK(dec("1250").round(-2).to_string() == "1300");
  CHECK(dec("49").round(-2).to_string() == "0");
  CHECK(dec("999.96").round(1).to_string() == "1000.0");
  CHECK(dec("-1.99").truncate(1).to_string() == "-1.9");
  CHECK(dec("-1.1").floor().to_string() == "-2");
  CHECK(dec("1.1").ceil().to_string() == "2");
  CHECK(dec("-1.0").floor().to_string() == "-1");
  CHECK(dec("1.50") == dec("1.5"));
  CHECK(dec("-2") < dec("-1.99"));
  CHECK(dec("10") > dec("9.999"));
  CHECK(dec("12.00").to_int64() == 12);
  CHECK_FALSE(dec("12.01").to_int64());
  CHECK(dec("-9223372036854775808").to_int64() == INT64_MIN);
  CHECK_FALSE(dec("9223372036854775808").to_int64());
  CHECK(dec("18446744073709551615").to_uint64() == UINT64_MAX);
  CHECK(dec("-12.5").to_double() == -12.5);
}
