#include <doctest/doctest.h>

#include "sql_expression_fixtures.hpp"

using namespace expression_fixtures;

TEST_CASE("literals") {
  CHECK(ev("42") == "42");
  CHECK(type_of("42") == "int");
  CHECK(ev("9223372036854775807") == "9223372036854775807");
  CHECK(type_of("9223372036854775808") == "uint");
  CHECK(ev("-9223372036854775808") == "-9223372036854775808");
  CHECK(type_of("-9223372036854775808") == "int");
  CHECK(type_of("18446744073709551616") == "decimal");
  CHECK(ev("1.50") == "1.50");
  CHECK(type_of("1.5") == "decimal");
  CHECK(ev(".5") == "0.5");
  CHECK(type_of("1e3") == "double");
  CHECK(ev("1.5E-1") == "0.15");
  CHECK(ev("'it''s'") == "it's");
  CHECK(ev("\"dq\"") == "dq");
  CHECK(ev("'a\\tb\\nc\\\\d\\'e'") == "a\tb\nc\\d'e");
  CHECK(ev("'con' 'cat' \"ed\"") == "concated");
  CHECK(ev("X'4142'") == "AB");
  CHECK(ev("0x41 + 0") == "65");
  CHECK(ev("b'101' + 0") == "5");
  CHECK(ev("0b11 = 3") == "1");
  CHECK(ev("_utf8mb4'x'") == "x");
  CHECK(ev("N'x'") == "x");
  CHECK(ev("NULL") == "NULL");
  CHECK(ev("TRUE") == "1");
  CHECK(ev("false") == "0");
  CHECK(ev("DATE '2024-01-31'") == "2024-01-31");
  CHECK(ev("TIMESTAMP '2024-01-31 10:00:00.5'") == "2024-01-31 10:00:00.5");
  CHECK(ev("TIME '-10:00:01'") == "-10:00:01");
  CHECK(ev("1 /* comment */ + # to the end\n 1 -- also\n") == "2");
}

TEST_CASE("columns: bare, backticked, case-insensitive") {
  CHECK(ev("a") == "7");
  CHECK(ev("`A`") == "7");
  CHECK(ev("S") == "Hello");
  std::vector<expression_column> cols = {{"select", 0, {}, {}}, {"we`ird", 0, {}, {}}, {"2fa", 0, {}, {}}};
  std::vector<p::cell> cells = {std::int64_t{1}, std::int64_t{2}, std::int64_t{3}};
  auto v = run("`select` + `we``ird` + 2fa", cols, cells);
  REQUIRE(v);
  CHECK(to_text(*v) == "6");
}

TEST_CASE("operator precedence follows MySQL") {
  CHECK(ev("1 + 2 * 3") == "7");
  CHECK(ev("(1 + 2) * 3") == "9");
  CHECK(ev("10 - 2 - 3") == "5");
  CHECK(ev("NOT 1 = 2") == "1");  // NOT (1 = 2)
  CHECK(ev("!1 = 2") == "0");     // (!1) = 2
  CHECK(ev("TRUE OR FALSE AND FALSE") == "1");
  CHECK(ev("TRUE XOR TRUE OR TRUE") == "1");
  CHECK(ev("2 ^ 3 * 2") == "2");  // (2 ^ 3) * 2
  CHECK(ev("1 | 2 & 3") == "3");  // 1 | (2 & 3)
  CHECK(ev("1 + 1 << 2") == "8");
  CHECK(ev("-a * 2") == "-14");
  CHECK(ev("a BETWEEN 1 AND 10 = 1") == "1");
  CHECK(ev("a IN (7) AND s LIKE 'H%'") == "1");
}

TEST_CASE("refused at parse time, with the position of the offending token") {
  CHECK(error_position("c % 2 = = 0") == 8);
  CHECK(refused("c % 2 = = 0") == "expected an expression, found '=' (at column 9 near '= 0')");
  CHECK(refused("a = 1 AND") == "expected an expression, found the end of the expression (at column 10, at the end)");
  CHECK(refused("(a = 1") == "expected ')', found the end of the expression (at column 7, at the end)");
  CHECK(refused("a = 1)").find("unexpected ')' (at column 6") == 0);
  CHECK(refused("ts > NOW()").find("NOW is not deterministic") == 0);
  CHECK(refused("ts > NOW()").find("(at column 6 near 'NOW()')") != std::string::npos);
  CHECK(refused("ts > CURRENT_TIMESTAMP").find("not deterministic") != std::string::npos);
  CHECK(refused("RAND() > 0.5").find("not deterministic") != std::string::npos);
  CHECK(refused("UNIX_TIMESTAMP() > 0").find("not deterministic") != std::string::npos);
  CHECK(refused("a IN (SELECT 1)").find("subqueries are not supported (at column 7") == 0);
  CHECK(refused("EXISTS (SELECT 1)").find("subqueries") != std::string::npos);
  CHECK(refused("a = ANY (SELECT 1)").find("subqueries") != std::string::npos);
  CHECK(refused("a = @x").find("user variables are not supported (at column 5") == 0);
  CHECK(refused("a = @@sql_mode").find("system variables") != std::string::npos);
  CHECK(refused("a = ?").find("placeholders") != std::string::npos);
  CHECK(refused("a = 1; DROP TABLE t").find("only one expression") != std::string::npos);
  CHECK(refused("FOO(a) = 1").find("unknown or unsupported function FOO() (at column 1") == 0);
  CHECK(refused("SUM(a) > 1").find("unknown or unsupported function SUM()") == 0);
  CHECK(refused("LEFT(s) = 'a'").find("LEFT() takes 2 argument(s), not 1") == 0);
  CHECK(refused("CONCAT() = 'a'").find("at least 1") != std::string::npos);
  CHECK(refused("s REGEXP 'a'").find("REGEXP is not supported") == 0);
  CHECK(refused("s COLLATE utf8mb4_general_ci = 'a'").find("COLLATE is not supported") == 0);
  CHECK(refused("t.a = 1").find("qualified column names") != std::string::npos);
  CHECK(refused("(a, s) = (1, 'x')").find("row constructors") != std::string::npos);
  CHECK(refused("s = 'unterminated").find("unterminated string (at column 5") == 0);
  CHECK(refused("`a = 1").find("unterminated quoted name") == 0);
  CHECK(refused("a = 1 /* open").find("unterminated comment") == 0);
  CHECK(refused("a = 1 /*!50000 OR 1 */").find("versioned comments") == 0);
  CHECK(refused("a := 1").find("assignments") == 0);
  CHECK(refused("j->'$.x' = 1").find("JSON path operators") != std::string::npos);
  CHECK(refused("a = 1 IS 2").find("expected NULL, TRUE, FALSE or UNKNOWN after IS") == 0);
  CHECK(refused("a BETWEEN 1 OR 2").find("expected AND") == 0);
  CHECK(refused("DATE '2024-13-01' = a").find("invalid DATE literal") == 0);
  CHECK(refused("a + INTERVAL 1 DAY").find("unexpected keyword INTERVAL") == 0);
  CHECK(refused("DATE_FORMAT(a, s) = ''").find("must be a string literal") != std::string::npos);
  CHECK(refused("DATE_FORMAT(a, '%U') = ''").find("week specifiers") != std::string::npos);
  CHECK(refused("CASE a END").find("expected WHEN") == 0);
  CHECK(refused("1e999 > a").find("number out of range") == 0);
  CHECK(refused("a = 1 & ") == "expected an expression, found the end of the expression (at column 9, at the end)");
  CHECK(refused("").find("expected an expression") == 0);
}

TEST_CASE("refused at bind time: unknown and unreadable columns") {
  CHECK(refused("a = 1 AND missing = 2") == "unknown column `missing` (at column 11 near 'missing = 2')");
  auto parsed = parse_expression("j = 1 OR g = 1");
  REQUIRE(parsed);
  auto json = bound_expression::bind(*parsed, {{"j", p::column_type::json, {}, {}}, {"g", 0, {}, {}}});
  REQUIRE_FALSE(json);
  CHECK(json.error().message.find("column `j` is JSON") == 0);
  CHECK(json.error().code == expression_error::kind::unreadable_column);
  auto e = parse_expression("e = 'a'");
  auto bare_enum = bound_expression::bind(*e, {{"e", p::column_type::enum_, {}, {}}});
  REQUIRE_FALSE(bare_enum);
  CHECK(bare_enum.error().message.find("binlog_row_metadata=FULL") != std::string::npos);
  auto unnamed = bound_expression::bind(*e, {{"", p::column_type::long_, {}, {}}});
  REQUIRE_FALSE(unnamed);
  CHECK(unnamed.error().code == expression_error::kind::unknown_column);
  CHECK(unnamed.error().message.find("names no columns") != std::string::npos);
}

TEST_CASE("nesting is bounded: errors, never a stack overflow") {
  auto nested = [](int depth, const std::string& open, const std::string& inner, const std::string& close) {
    std::string text;
    for (int i = 0; i < depth; ++i)
      text += open;
    text += inner;
    for (int i = 0; i < depth; ++i)
      text += close;
    return text;
  };
  CHECK(ev(nested(90, "(", "a", ")")) == "7");
  CHECK(refused(nested(200, "(", "a", ")")).find("expression is nested too deeply (more than 100 levels)") == 0);
  CHECK(refused(nested(100000, "(", "a", ")")).find("expression is nested too deeply") == 0);
  CHECK(refused(nested(200, "NOT ", "a", "")).find("expression is nested too deeply") == 0);
  CHECK(refused(nested(200, "-", "a", "")).find("expression is nested too deeply") == 0);
  CHECK(refused(nested(200, "ABS(", "a", ")")).find("expression is nested too deeply") == 0);
  CHECK(ev(nested(50, "NOT ", "a", "")) == "1");
  // Long flat chains: AND/OR are flattened into one node; other operators are bounded by height.
  std::string ors = "a = 0", pluses = "a";
  for (int i = 1; i < 20000; ++i)
    ors += " OR a = " + std::to_string(i);
  for (int i = 0; i < 300; ++i)
    pluses += " + 1";
  CHECK(ev(ors) == "1");
  CHECK(refused(pluses).find("expression is nested too deeply (more than 256 levels of operators)") == 0);
}

TEST_CASE("every prefix of a valid expression parses or is refused cleanly") {
  const char* samples[] = {
      "CASE WHEN a BETWEEN -1 AND 0x10 THEN CONCAT_WS(',', s, `a`) ELSE TRIM(LEADING 'x' FROM s) END LIKE '%,H\\_%' "
      "ESCAPE '\\\\'",
      "NOT (d IN (1.5, 2e3, NULL, 'x') OR SUBSTRING(s FROM 2 FOR 3) = _utf8mb4'ell') XOR n IS NOT UNKNOWN",
      "CAST(DATE_FORMAT(TIMESTAMP '2024-01-31 10:00:00', '%Y%m%d') AS UNSIGNED) DIV 100 % 7 <=> b'101' | ~a << 2",
      "IFNULL(n, COALESCE(NULL, ROUND(-d, 1), 0)) >= ALL_COLUMNS_ARE_NOT_HERE /* c */ AND f != 2.5 # end",
  };
  for (const char* sample : samples) {
    const std::string text = sample;
    for (std::size_t len = 0; len <= text.size(); ++len) {
      const std::string prefix = text.substr(0, len);
      CAPTURE(prefix);
      auto parsed = parse_expression(prefix);
      if (!parsed) {
        CHECK(parsed.error().position <= prefix.size());
        CHECK_FALSE(parsed.error().message.empty());
        continue;
      }
      auto bound = bound_expression::bind(*parsed, columns());
      if (bound)
        (void)bound->evaluate(row(), {});
    }
  }
  // The full samples are valid (the last one names a column this table lacks).
  CHECK(refused(samples[0]).empty());
  CHECK(refused(samples[1]).empty());
  CHECK(refused(samples[2]).empty());
  CHECK(refused(samples[3]).find("unknown column `ALL_COLUMNS_ARE_NOT_HERE`") == 0);
}
