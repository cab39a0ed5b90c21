#include <doctest/doctest.h>

#include "pipeline/sql_datetime.hpp"

using namespace sluice::pipeline;

TEST_CASE("temporal text parses, prints and converts") {
  auto dt = parse_datetime("2024-02-29 13:05:09.25");
  REQUIRE(dt);
  CHECK(format_datetime(*dt) == "2024-02-29 13:05:09.25");
  CHECK(datetime_whole_number(*dt) == 20240229130509);
  CHECK(parse_datetime("2024/2/29")->type == sql_datetime::kind::date);
  CHECK(format_datetime(*parse_datetime("20240229")) == "2024-02-29");
  CHECK(format_datetime(*parse_datetime("240229101010")) == "2024-02-29 10:10:10");
  CHECK(format_datetime(*parse_datetime("2024-02-29T01:02:03")) == "2024-02-29 01:02:03");
  CHECK_FALSE(parse_datetime("2023-02-29"));
  CHECK_FALSE(parse_datetime("2024-01-01 24:00:00"));
  CHECK_FALSE(parse_datetime("10:00:00"));
  CHECK_FALSE(parse_datetime("2024-01-01x"));
  CHECK(parse_datetime("0000-00-00 00:00:00"));
  CHECK(format_datetime(*parse_time("-838:59:59.5")) == "-838:59:59.5");
  CHECK(format_datetime(*parse_time("1:2")) == "01:02:00");
  CHECK(format_datetime(*parse_time("123456")) == "12:34:56");
  CHECK_FALSE(parse_time("839:00:00"));
  CHECK(format_datetime(*datetime_from_number(20240131)) == "2024-01-31");
  CHECK(format_datetime(datetime_from_epoch(-1, 0, 0, 0)) == "1969-12-31 23:59:59");
  CHECK(epoch_seconds(*parse_datetime("1970-01-02 00:00:00"), 3600) == 86400 - 3600);
  CHECK_FALSE(epoch_seconds(*parse_datetime("2024-00-10"), 0));
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(compare_datetime(*parse_datetime("2024-01-01"), *parse_datetime("2024-01-01 00:00:00")) == 0);
  CHECK(compare_datetime(*parse_time("-01:00:00"), *parse_time("00:00:00")) < 0);
}
