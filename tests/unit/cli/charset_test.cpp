// Collation ids to character sets, and bytes in those sets to UTF-8 (or not).
#include "cli/charset.hpp"

#include <doctest/doctest.h>

using namespace sluice::cli;
using namespace std::string_view_literals;

namespace {

charset_id of(std::uint16_t collation) {
  charset_id cs{};
  REQUIRE(charset_of_collation(collation, cs));
  return cs;
}

// The UTF-8 text, or "<not converted>".
std::string convert(std::string_view bytes, charset_id cs) {
  utf8_converter converter;
  std::string_view utf8;
  return converter.convert(bytes, cs, utf8) ? std::string(utf8) : "<not converted>";
}

}  // namespace

TEST_CASE("collation ids of MySQL 8.0/8.4 and MariaDB 10.11") {
  CHECK(of(8) == charset_id::latin1);        // latin1_swedish_ci
  CHECK(of(47) == charset_id::latin1);       // latin1_bin
  CHECK(of(28) == charset_id::gbk);          // gbk_chinese_ci
  CHECK(of(33) == charset_id::utf8mb3);      // utf8mb3_general_ci
  CHECK(of(45) == charset_id::utf8mb4);      // utf8mb4_general_ci
  CHECK(of(63) == charset_id::binary);
  CHECK(of(76) == charset_id::utf8mb3);      // MySQL 8: utf8mb3_tolower_ci
  CHECK(of(248) == charset_id::gb18030);     // MySQL 8: gb18030_chinese_ci
  CHECK(of(255) == charset_id::utf8mb4);     // MySQL 8: utf8mb4_0900_ai_ci
  CHECK(of(309) == charset_id::utf8mb4);     // MySQL 8: utf8mb4_0900_bin
  CHECK(of(323) == charset_id::utf8mb4);
  CHECK(of(1057) == charset_id::utf8mb3);    // MariaDB: utf8mb3_general_nopad_ci
  CHECK(of(1032) == charset_id::latin1);     // MariaDB: latin1_swedish_nopad_ci
  CHECK(of(2304) == charset_id::utf8mb4);    // MariaDB 10.10+: utf8mb4_uca1400_ai_ci
  CHECK(of(3271) == charset_id::utf32);
  CHECK(of(54) == charset_id::utf16);
  CHECK(of(56) == charset_id::utf16le);
  CHECK(of(35) == charset_id::ucs2);
  CHECK(charset_name(of(95)) == "cp932");
  charset_id cs{};
  CHECK_FALSE(charset_of_collation(0, cs));
  CHECK_FALSE(charset_of_collation(17, cs));   // MySQL's internal filename set: never in rows
  CHECK_FALSE(charset_of_collation(324, cs));
  CHECK_FALSE(charset_of_collation(4000, cs));
}

TEST_CASE("UTF-8 validation follows utf8mb4") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii, long enough to take the eight-byte path"));
  CHECK(is_valid_utf8("caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80"));  // café 中文 😀
  CHECK_FALSE(is_valid_utf8("\xff"));
  CHECK_FALSE(is_valid_utf8("abc\xc3"));              // cut in a sequence
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));             // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xe0\x80\xaf"));         // overlong
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));         // surrogate U+D800
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));     // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("12345678\x80"));         // stray continuation after the fast path
  CHECK(is_valid_utf8("nul\0inside"sv));
}

TEST_CASE("conversion to UTF-8") {
  CHECK(convert("caf\xe9", charset_id::latin1) == "caf\xc3\xa9");          // é
  CHECK(convert("\x80", charset_id::latin1) == "\xe2\x82\xac");            // cp1252's €
  CHECK(convert("\x81\x9d", charset_id::latin1) == "\xc2\x81\xc2\x9d");    // MySQL's holes
  CHECK(convert("\xd6\xd0\xce\xc4", charset_id::gbk) == "\xe4\xb8\xad\xe6\x96\x87");  // 中文
  CHECK(convert("\xf0\x9f\x98\x80", charset_id::utf8mb4) == "\xf0\x9f\x98\x80");      // 😀
  CHECK(convert("\xf0\x9f\x98\x80", charset_id::utf8mb3) == "\xf0\x9f\x98\x80");      // validated only
  CHECK(convert("\xff\xfe", charset_id::utf8mb4) == "<not converted>");
  CHECK(convert("\x00\x41\x4e\x2d"sv, charset_id::ucs2) == "A\xe4\xb8\xad");               // A中
  CHECK(convert("\xd8\x3d\xde\x00"sv, charset_id::utf16) == "\xf0\x9f\x98\x80");          // 😀
  CHECK(convert("\x41\x00"sv, charset_id::utf16le) == "A");
  CHECK(convert("\x00\x01\xf6\x00"sv, charset_id::utf32) == "\xf0\x9f\x98\x80");
  CHECK(convert("\xa4\xa4", charset_id::big5) == "\xe4\xb8\xad");          // 中
  CHECK(convert("\x82\xa0", charset_id::sjis) == "\xe3\x81\x82");          // あ
  CHECK(convert("plain", charset_id::cp1251) == "plain");
  CHECK(convert("\xcf\xf0\xe8", charset_id::cp1251) == "\xd0\x9f\xd1\x80\xd0\xb8");  // При
  CHECK(convert("\x81\x30", charset_id::gbk) == "<not converted>");        // not a GBK pair
  CHECK(convert("\x80", charset_id::ascii) == "<not converted>");
  CHECK(convert("bytes", charset_id::binary) == "<not converted>");
  CHECK(convert("\x41", charset_id::ucs2) == "<not converted>");           // half a character
}

TEST_CASE("one converter serves many sets and calls") {
  utf8_converter converter;
  std::string_view out;
  REQUIRE(converter.convert("\xd6\xd0", charset_id::gbk, out));
  CHECK(out == "\xe4\xb8\xad");
  REQUIRE_FALSE(converter.convert("\xd6", charset_id::gbk, out));  // incomplete: no state kept
  REQUIRE(converter.convert("\xce\xc4", charset_id::gbk, out));
  CHECK(out == "\xe6\x96\x87");
  REQUIRE(converter.convert("\xe9", charset_id::latin2, out));
  CHECK(out == "\xc3\xa9");
}
