#include <doctest/doctest.h>

#include "config/duration.hpp"

using namespace std::chrono_literals;
using sluice::config::format_go_duration;
using sluice::config::parse_go_duration;

TEST_CASE("Go durations parse like time.ParseDuration") {
  CHECK(parse_go_duration("60s").value() == 60s);
  CHECK(parse_go_duration("5m").value() == 5min);
  CHECK(parse_go_duration("1h30m").value() == 90min);
  CHECK(parse_go_duration("1.5s").value() == 1500ms);
  CHECK(parse_go_duration(".5s").value() == 500ms);
  CHECK(parse_go_duration("300ms").value() == 300ms);
  CHECK(parse_go_duration("10us").value() == 10us);
  CHECK(parse_go_duration("10\xC2\xB5s").value() == 10us);
  CHECK(parse_go_duration("10\xCE\xBCs").value() == 10us);
  CHECK(parse_go_duration("7ns").value() == 7ns);
  CHECK(parse_go_duration("1s1h").value() == 1h + 1s);
  CHECK(parse_go_duration("0").value() == 0s);
  CHECK(parse_go_duration("-0").value() == 0s);
  CHECK(parse_go_duration("-5s").value() == -5s);
  CHECK(parse_go_duration("+2m").value() == 2min);
  CHECK(parse_go_duration("0.000000001s").value() == 1ns);
  CHECK(parse_go_duration("2562047h").value() == 2562047h);
}

TEST_CASE("malformed Go durations are rejected with a reason") {
  CHECK(parse_go_duration("").error() == "empty duration");
  CHECK(parse_go_duration("-").error() == "empty duration");
  CHECK(parse_go_duration("60").error() == "missing unit (ns, us, ms, s, m or h)");
  CHECK(parse_go_duration("1h30").error() == "missing unit (ns, us, ms, s, m or h)");
  CHECK(parse_go_duration("5d").error() == "unknown unit (expected ns, us, ms, s, m or h)");
  CHECK(parse_go_duration("abc").error() == "expected a number");
  CHECK(parse_go_duration(".s").error() == "expected a number");
  CHECK(parse_go_duration("s").error() == "expected a number");
  CHECK(parse_go_duration("1 s").error() == "unknown unit (expected ns, us, ms, s, m or h)");
  CHECK(parse_go_duration("9999999999999999999s").error() == "the duration is too large");
  CHECK(parse_go_duration("2562048h").error() == "the duration is too large");
}

TEST_CASE("Go durations format like Duration.String") {
  CHECK(format_go_duration(0s) == "0s");
  CHECK(format_go_duration(60s) == "1m0s");
  CHECK(format_go_duration(90min) == "1h30m0s");
  CHECK(format_go_duration(1500ms) == "1.5s");
  CHECK(format_go_duration(300ms) == "300ms");
  CHECK(format_go_duration(1500us) == "1.5ms");
  CHECK(format_go_duration(2us) == "2\xC2\xB5s");
  CHECK(format_go_duration(12ns) == "12ns");
  CHECK(format_go_duration(-5s) == "-5s");
  CHECK(format_go_duration(1h + 1ns) == "1h0m0.000000001s");
  CHECK(format_go_duration(std::chrono::nanoseconds::min()) == "-2562047h47m16.854775808s");
  for (std::chrono::nanoseconds d : {std::chrono::nanoseconds(1ns), std::chrono::nanoseconds(999ns),
                                     std::chrono::nanoseconds(1us), std::chrono::nanoseconds(1ms + 1us),
                                     std::chrono::nanoseconds(59s), std::chrono::nanoseconds(61s),
                                     std::chrono::nanoseconds(3601s), std::chrono::nanoseconds(25h)}) {
    CAPTURE(d.count());
    CHECK(parse_go_duration(format_go_duration(d)).value() == d);
  }
}
