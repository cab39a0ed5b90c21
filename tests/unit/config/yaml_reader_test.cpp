#include <doctest/doctest.h>

#include <limits>

#include "config/load_yaml.hpp"
#include "config/yaml_reader.hpp"

using namespace sluice::config::detail;

namespace {

// Runs `read` over the root mapping of `yaml` and returns the error text, or "" when none.
template <class Read>
std::string read_root(std::string_view yaml, Read read) {
  parse_context ctx("t.yaml");
  with_document(ctx, yaml, [&](const YAML::Node& root) {
    map_reader in(ctx, root, "");
    read(in);
    in.finish();
  });
  return ctx.ok() ? std::string() : ctx.error().to_string();
}

}  // namespace

TEST_CASE("integers accept YAML 1.1 forms and check ranges") {
  std::int64_t value = 0;
  auto read_value = [&](map_reader& in) { in.read("v", value, -5, std::numeric_limits<std::int64_t>::max()); };
  CHECK(read_root("v: 1_000\n", read_value).empty());
  CHECK(value == 1000);
  CHECK(read_root("v: 0x1F\n", read_value).empty());
  CHECK(value == 31);
  CHECK(read_root("v: -5\n", read_value).empty());
  CHECK(value == -5);
  CHECK(read_root("v: \"42\"\n", read_value).empty());
  CHECK(value == 42);
  CHECK(read_root("v: -6\n", read_value) == R"(t.yaml:1:4: v: expected an integer >= -5, got "-6")");
  CHECK(read_root("v: 1.5\n", read_value) == R"(t.yaml:1:4: v: expected an integer >= -5, got "1.5")");
  CHECK(read_root("v: 99999999999999999999\n", read_value) ==
        R"(t.yaml:1:4: v: expected an integer >= -5, got "99999999999999999999")");
  CHECK(read_root("v:\n", read_value).empty());  // null keeps the value
  CHECK(value == 42);
}

TEST_CASE("booleans accept YAML 1.1 spellings") {
  bool flag = false;
  auto read_flag = [&](map_reader& in) { in.read("f", flag); };
  for (const char* yes : {"true", "True", "TRUE", "yes", "Yes", "on", "ON", "y"}) {
    flag = false;
    CHECK(read_root(std::string("f: ") + yes + "\n", read_flag).empty());
    CHECK(flag);
  }
  for (const char* no : {"false", "no", "off", "N"}) {
    flag = true;
    CHECK(read_root(std::string("f: ") + no + "\n", read_flag).empty());
    CHECK_FALSE(flag);
  }
}

TEST_CASE("strings accept any scalar and long values are shortened in messages") {
  std::string text;
  CHECK(read_root("s: 3306\n", [&](map_reader& in) { in.read("s", text); }).empty());
  CHECK(text == "3306");
  const std::string long_value(100, 'x');
  std::int64_t n = 0;
  CHECK(read_root("n: " + long_value + "\n", [&](map_reader& in) { in.read("n", n, 0, 10); }) ==
        "t.yaml:1:4: n: expected an integer 0-10, got \"" + std::string(64, 'x') + "...\"");
}

TEST_CASE("merge keys: explicit keys win, in any order") {
  std::string a;
  std::string b;
  auto read_ab = [&](map_reader& in) {
    map_reader m = in.child("m");
    m.read("a", a);
    m.read("b", b);
    m.finish();
    in.ignore("base");
  };
  CHECK(read_root("base: &x {a: 1, b: 2}\nm:\n  b: 3\n  <<: *x\n", read_ab).empty());
  CHECK(a == "1");
  CHECK(b == "3");
  CHECK(read_root("base: &x {a: 1, c: 2}\nm:\n  <<: *x\n", read_ab) == R"(t.yaml:1:17: m: unknown key "c")");
}

TEST_CASE("finish() reports keys no getter asked for") {
  std::string host;
  CHECK(read_root("host: h\nport: 1\n", [&](map_reader& in) { in.read("host", host); }) ==
        R"(t.yaml:2:1: unknown key "port")");
}
