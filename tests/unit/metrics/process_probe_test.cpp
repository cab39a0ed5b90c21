#include "metrics/process_probe.hpp"

#include <ctime>
#include <string>

#include <doctest/doctest.h>

#include "exposition_check.hpp"
#include "metrics/registry.hpp"

using namespace sluice::metrics;

namespace {

// A /proc/<pid>/stat line whose command name holds a space and a ")" (allowed by the kernel).
const char* const stat_line =
    "4242 (sluice) (x) S 1 4242 4242 0 -1 4194560 1500 0 0 0 250 50 0 0 20 0 9 0 "
    "123456 104857600 2560 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";

}  // namespace

TEST_CASE("parse_proc_stat reads fields after the command name") {
  const auto s = parse_proc_stat(stat_line);
  REQUIRE(s);
  CHECK(s->cpu_ticks == 300);          // utime 250 + stime 50
  CHECK(s->start_ticks == 123456);
  CHECK(s->virtual_bytes == 104857600);
  CHECK(s->resident_pages == 2560);
}

TEST_CASE("parse_proc_stat refuses what it cannot read") {
  CHECK_FALSE(parse_proc_stat(""));
  CHECK_FALSE(parse_proc_stat("4242 sluice S 1"));         // no ")"
  CHECK_FALSE(parse_proc_stat("4242 (sluice) S 1 2 3\n"));  // too few fields
  std::string bad = stat_line;
  bad.replace(bad.find(" 250 "), 5, " 2x0 ");
  CHECK_FALSE(parse_proc_stat(bad));
}

TEST_CASE("parse_boot_time and parse_max_open_files") {
  CHECK(parse_boot_time("cpu  1 2 3\nintr 5\nbtime 1700000000\nprocesses 9\n") == 1700000000.0);
  CHECK_FALSE(parse_boot_time("cpu  1 2 3\n"));
  const char* limits =
      "Limit                     Soft Limit           Hard Limit           Units     \n"
      "Max cpu time              unlimited            unlimited            seconds   \n"
      "Max open files            1024                 524288               files     \n";
  CHECK(parse_max_open_files(limits) == 1024.0);
  CHECK_FALSE(parse_max_open_files("Max open files            unlimited            unlimited            files\n"));
  CHECK_FALSE(parse_max_open_files("Max processes 10 10 processes\n"));
}

TEST_CASE("families_of leaves out what could not be read") {
  process_sample s;
  s.cpu_seconds = 1.5;
  s.open_fds = 12;
  const auto families = process_probe::families_of(s);
  REQUIRE(families.size() == 3);
  CHECK(families[0].name == "process_cpu_seconds_total");
  CHECK(families[0].type == prometheus::MetricType::Counter);
  CHECK(families[0].metric.at(0).counter.value == 1.5);
  CHECK(families[1].name == "process_open_fds");
  CHECK(families[1].metric.at(0).gauge.value == 12);
  CHECK(families[2].name == "sluice_build_info");  // always there
  CHECK(families[2].metric.at(0).gauge.value == 1);
  REQUIRE(families[2].metric.at(0).label.size() == 1);
  CHECK(families[2].metric.at(0).label[0].name == "version");
  CHECK_FALSE(families[2].metric.at(0).label[0].value.empty());
  CHECK(families[2].metric.at(0).label[0].value != "unknown");  // meson passed the version
}

TEST_CASE("this process's sample is plausible") {
  const process_sample s = process_probe().sample();
  REQUIRE(s.cpu_seconds);
  REQUIRE(s.resident_bytes);
  REQUIRE(s.virtual_bytes);
  REQUIRE(s.open_fds);
  REQUIRE(s.start_time_seconds);
  CHECK(*s.cpu_seconds >= 0);
  CHECK(*s.resident_bytes > 1024 * 1024);  // a C++ test binary holds more than a MiB
  CHECK(*s.virtual_bytes >= *s.resident_bytes);
  CHECK(*s.open_fds >= 3);  // stdin, stdout, stderr
  const double now = static_cast<double>(std::time(nullptr));
  CHECK(*s.start_time_seconds <= now + 1);
  CHECK(*s.start_time_seconds > now - 24 * 3600);  // started with this test run
  if (s.max_fds) CHECK(*s.max_fds >= *s.open_fds);
}

TEST_CASE("a registry reports process metrics unless told not to") {
  registry with;
  const std::string text = with.serialize();
  CHECK(check_exposition(text) == "");
  for (const char* name : {"process_cpu_seconds_total counter", "process_resident_memory_bytes gauge",
                           "process_open_fds gauge", "process_start_time_seconds gauge",
                           "process_virtual_memory_bytes gauge"}) {
    CAPTURE(name);
    CHECK(text.find(std::string("# TYPE ") + name + "\n") != std::string::npos);
  }
  registry without(process_metrics::off);
  CHECK(without.serialize().find("process_") == std::string::npos);
}
