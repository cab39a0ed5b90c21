#include <doctest/doctest.h>

#include "pipeline/wildcard.hpp"

using sluice::pipeline::ascii_lower;
using sluice::pipeline::compile_go_regex;
using sluice::pipeline::name_pattern;
using sluice::pipeline::wildcard;

namespace {

bool glob(std::string_view pattern, std::string_view name) { return wildcard::parse(pattern).value().matches(name); }

}  // namespace

TEST_CASE("wildcard: literals, '?', trailing '*'") {
  CHECK(glob("log", "log"));
  CHECK_FALSE(glob("log", "logs"));
  CHECK_FALSE(glob("log", "lo"));
  CHECK_FALSE(glob("log", "Log"));  // exact case: callers fold first
  CHECK(glob("log*", "log"));
  CHECK(glob("log*", "log_2024"));
  CHECK_FALSE(glob("log*", "lo"));
  CHECK_FALSE(glob("log*", "blog"));
  CHECK(glob("*", ""));
  CHECK(glob("*", "anything"));
  CHECK(glob("t_?", "t_1"));
  CHECK_FALSE(glob("t_?", "t_"));
  CHECK_FALSE(glob("t_?", "t_12"));
  CHECK(glob("t_?*", "t_12"));
  CHECK(glob("??", "ab"));
  CHECK_FALSE(glob("??", "a"));
}

TEST_CASE("wildcard: byte sets as table-rule-selector reads them") {
  CHECK(glob("t[0-9]", "t5"));
  CHECK_FALSE(glob("t[0-9]", "ta"));
  CHECK(glob("t[!0-9]", "ta"));
  CHECK_FALSE(glob("t[!0-9]", "t5"));
  CHECK(glob("t[abc]", "tb"));
  CHECK_FALSE(glob("t[abc]", "td"));
  CHECK(glob("t[a-c_]x", "t_x"));
  CHECK(glob("t[a-]", "t-"));  // a trailing '-' is a member
  CHECK(glob("t[a-]", "ta"));
  CHECK(glob("t[a-c-e]", "t-"));  // "a-c", then '-' and 'e'
  CHECK(glob("t[a-c-e]", "te"));
  CHECK_FALSE(glob("t[a-c-e]", "td"));
  CHECK(glob("t[!]", "t!"));       // "[!]" is the byte '!'
  CHECK_FALSE(glob("t[]", "t]"));  // the set ends at the first ']' and is empty
  CHECK(glob("t[", "t["));         // no closing ']': a literal '['
  CHECK(glob("t[*]", "t*"));       // '*' inside a set is a member, not a wildcard
  CHECK(glob("[a-z]*", "abc"));
  CHECK_FALSE(glob("[a-z]*", "1bc"));
  CHECK(glob("db_[0-9][0-9]", "db_07"));
}

TEST_CASE("wildcard: invalid patterns") {
  CHECK(wildcard::parse("").error() == "the pattern is empty");
  CHECK(wildcard::parse("a*b").error() == "'*' is only allowed as the last character");
  CHECK(wildcard::parse("**").error() == "'*' is only allowed as the last character");
  CHECK(wildcard::parse("a*").has_value());
  CHECK(wildcard::parse("log").value().is_literal());
  CHECK_FALSE(wildcard::parse("log?").value().is_literal());
  CHECK_FALSE(wildcard::parse("log*").value().is_literal());
  CHECK(wildcard::parse("t[0-9]").value().text() == "t[0-9]");
}

TEST_CASE("ascii_lower folds ASCII only") {
  CHECK(ascii_lower("Log_DB") == "log_db");
  CHECK(ascii_lower("\xC3\x84") == "\xC3\x84");  // non-ASCII is left alone
}

TEST_CASE("Go regular expressions translate to std::regex") {
  auto search = [](std::string_view pattern, std::string_view text, bool icase = false) {
    auto re = compile_go_regex(pattern, icase);
    REQUIRE_MESSAGE(re.has_value(), re.error());
    return std::regex_search(std::string(text), *re);
  };
  CHECK(search("^test.*", "test_db"));
  CHECK_FALSE(search("^test.*", "my_test"));
  CHECK(search("test", "my_test"));  // unanchored, as Go's MatchString
  CHECK(search("(?i)^LOG$", "log"));
  CHECK_FALSE(search("^LOG$", "log"));
  CHECK(search("^LOG$", "log", true));
  CHECK(search("^(?P<db>shard)_\\d+$", "shard_12"));
  CHECK(search("^(?<db>shard)_\\d+$", "shard_12"));
  CHECK(search("\\Ashard\\z", "shard"));
  CHECK_FALSE(search("\\Ashard\\z", "shard2"));
  CHECK(search("^_(.+)_(?:new|gho)$", "_t_gho"));
  CHECK(search("[]a]", "]"));
  CHECK(search("^[\\w]+$", "a_b"));
  CHECK_FALSE(compile_go_regex("(", false).has_value());
  CHECK_FALSE(compile_go_regex("[", false).has_value());
  CHECK(compile_go_regex("\\pL", false).error() == "Unicode classes (\\p, \\P) are not supported");
  CHECK_FALSE(compile_go_regex("(?P<x", false).has_value());
}

TEST_CASE("name_pattern: '~' selects a regex, otherwise a wildcard") {
  auto insensitive = name_pattern::parse("Log*", false).value();
  CHECK_FALSE(insensitive.is_regex());
  CHECK(insensitive.matches("log_1"));  // the pattern was folded; names are folded by the caller
  CHECK_FALSE(insensitive.matches("Log_1"));
  auto sensitive = name_pattern::parse("Log*", true).value();
  CHECK(sensitive.matches("Log_1"));
  CHECK_FALSE(sensitive.matches("log_1"));

  auto regex = name_pattern::parse("~^Test.*", false).value();
  CHECK(regex.is_regex());
  CHECK(regex.matches("test_1"));
  CHECK(regex.matches("TEST_1"));
  auto regex_cs = name_pattern::parse("~^Test.*", true).value();
  CHECK(regex_cs.matches("Test_1"));
  CHECK_FALSE(regex_cs.matches("test_1"));
  // Regex escapes keep their meaning: \D is not folded into \d.
  CHECK(name_pattern::parse("~^a\\D$", false).value().matches("ax"));

  CHECK(name_pattern::parse("~(", false).error().starts_with("invalid regular expression: "));
  CHECK(name_pattern::parse("a*b", false).error() == "'*' is only allowed as the last character");
  CHECK(name_pattern::parse("", false).error() == "the pattern is empty");
}
