#include "cli/charset.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sluice::cli {
namespace {

using cs = charset_id;

struct charset_info {
  std::string_view name;
  const char* iconv_name;  // null: validated as UTF-8 (or latin1's own table, or binary)
};

// Indexed by charset_id. glibc names for MySQL's sets: swe7 is ISO 646-SE, dec8 DEC MCS,
// hp8 HP Roman-8, geostd8 Georgian-PS; ucs2/utf16/utf32 are big-endian in row images.
constexpr std::array<charset_info, charset_count> charsets{{
    {"binary", nullptr},       {"utf8mb3", nullptr},     {"utf8mb4", nullptr},
    {"latin1", nullptr},       {"ascii", nullptr},       {"big5", "BIG5"},
    {"latin2", "ISO-8859-2"},  {"dec8", "DEC-MCS"},      {"cp850", "CP850"},
    {"hp8", "HP-ROMAN8"},      {"koi8r", "KOI8-R"},      {"swe7", "ISO646-SE"},
    {"ujis", "EUC-JP"},        {"sjis", "SJIS"},         {"cp1251", "CP1251"},
    {"hebrew", "ISO-8859-8"},  {"tis620", "TIS-620"},    {"euckr", "EUC-KR"},
    {"latin7", "ISO-8859-13"}, {"koi8u", "KOI8-U"},      {"gb2312", "GB2312"},
    {"greek", "ISO-8859-7"},   {"cp1250", "CP1250"},     {"gbk", "GBK"},
    {"cp1257", "CP1257"},      {"latin5", "ISO-8859-9"}, {"armscii8", "ARMSCII-8"},
    {"ucs2", "UCS-2BE"},       {"cp866", "CP866"},       {"keybcs2", "KEYBCS2"},
    {"macce", "MAC-CENTRALEUROPE"}, {"macroman", "MACINTOSH"}, {"cp852", "CP852"},
    {"utf16", "UTF-16BE"},     {"utf16le", "UTF-16LE"},  {"cp1256", "CP1256"},
    {"utf32", "UTF-32BE"},     {"geostd8", "GEORGIAN-PS"}, {"cp932", "CP932"},
    {"eucjpms", "EUC-JP-MS"},  {"gb18030", "GB18030"},
}};

struct collation_range {
  std::uint16_t first;
  std::uint16_t last;
  charset_id charset;
};

// Collation ids -> character set. Ids 1-247 and 576-3271 are MariaDB 10.11's
// information_schema.COLLATION_CHARACTER_SET_APPLICABILITY (the 1024+ NO PAD and 2048+ UCA 14.0
// ids included); 76 (utf8mb3_tolower_ci), 248-250 (gb18030) and 255-323 (utf8mb4_0900_*) are
// MySQL 8.0/8.4's. The two servers agree wherever both define an id.
constexpr collation_range collations[] = {
    {1, 1, cs::big5}, {2, 2, cs::latin2}, {3, 3, cs::dec8}, {4, 4, cs::cp850}, {5, 5, cs::latin1},
    {6, 6, cs::hp8}, {7, 7, cs::koi8r}, {8, 8, cs::latin1}, {9, 9, cs::latin2},
    {10, 10, cs::swe7}, {11, 11, cs::ascii}, {12, 12, cs::ujis}, {13, 13, cs::sjis},
    {14, 14, cs::cp1251}, {15, 15, cs::latin1}, {16, 16, cs::hebrew}, {18, 18, cs::tis620},
    {19, 19, cs::euckr}, {20, 20, cs::latin7}, {21, 21, cs::latin2}, {22, 22, cs::koi8u},
    {23, 23, cs::cp1251}, {24, 24, cs::gb2312}, {25, 25, cs::greek}, {26, 26, cs::cp1250},
    {27, 27, cs::latin2}, {28, 28, cs::gbk}, {29, 29, cs::cp1257}, {30, 30, cs::latin5},
    {31, 31, cs::latin1}, {32, 32, cs::armscii8}, {33, 33, cs::utf8mb3}, {34, 34, cs::cp1250},
    {35, 35, cs::ucs2}, {36, 36, cs::cp866}, {37, 37, cs::keybcs2}, {38, 38, cs::macce},
    {39, 39, cs::macroman}, {40, 40, cs::cp852}, {41, 42, cs::latin7}, {43, 43, cs::macce},
    {44, 44, cs::cp1250}, {45, 46, cs::utf8mb4}, {47, 49, cs::latin1}, {50, 52, cs::cp1251},
    {53, 53, cs::macroman}, {54, 55, cs::utf16}, {56, 56, cs::utf16le}, {57, 57, cs::cp1256},
    {58, 59, cs::cp1257}, {60, 61, cs::utf32}, {62, 62, cs::utf16le}, {63, 63, cs::binary},
    {64, 64, cs::armscii8}, {65, 65, cs::ascii}, {66, 66, cs::cp1250}, {67, 67, cs::cp1256},
    {68, 68, cs::cp866}, {69, 69, cs::dec8}, {70, 70, cs::greek}, {71, 71, cs::hebrew},
    {72, 72, cs::hp8}, {73, 73, cs::keybcs2}, {74, 74, cs::koi8r}, {75, 75, cs::koi8u},
    {76, 76, cs::utf8mb3}, {77, 77, cs::latin2}, {78, 78, cs::latin5}, {79, 79, cs::latin7},
    {80, 80, cs::cp850}, {81, 81, cs::cp852}, {82, 82, cs::swe7}, {83, 83, cs::utf8mb3},
    {84, 84, cs::big5}, {85, 85, cs::euckr}, {86, 86, cs::gb2312}, {87, 87, cs::gbk},
    {88, 88, cs::sjis}, {89, 89, cs::tis620}, {90, 90, cs::ucs2}, {91, 91, cs::ujis},
    {92, 93, cs::geostd8}, {94, 94, cs::latin1}, {95, 96, cs::cp932}, {97, 98, cs::eucjpms},
    {99, 99, cs::cp1250}, {101, 124, cs::utf16}, {128, 151, cs::ucs2}, {159, 159, cs::ucs2},
    {160, 183, cs::utf32}, {192, 215, cs::utf8mb3}, {223, 223, cs::utf8mb3},
    {224, 247, cs::utf8mb4}, {248, 250, cs::gb18030}, {255, 323, cs::utf8mb4},
    {576, 578, cs::utf8mb3}, {608, 610, cs::utf8mb4}, {640, 642, cs::ucs2}, {672, 674, cs::utf16},
    {736, 738, cs::utf32}, {1025, 1025, cs::big5}, {1027, 1027, cs::dec8},
    {1028, 1028, cs::cp850}, {1030, 1030, cs::hp8}, {1031, 1031, cs::koi8r},
    {1032, 1032, cs::latin1}, {1033, 1033, cs::latin2}, {1034, 1034, cs::swe7},
    {1035, 1035, cs::ascii}, {1036, 1036, cs::ujis}, {1037, 1037, cs::sjis},
    {1040, 1040, cs::hebrew}, {1042, 1042, cs::tis620}, {1043, 1043, cs::euckr},
    {1046, 1046, cs::koi8u}, {1048, 1048, cs::gb2312}, {1049, 1049, cs::greek},
    {1050, 1050, cs::cp1250}, {1052, 1052, cs::gbk}, {1054, 1054, cs::latin5},
    {1056, 1056, cs::armscii8}, {1057, 1057, cs::utf8mb3}, {1059, 1059, cs::ucs2},
    {1060, 1060, cs::cp866}, {1061, 1061, cs::keybcs2}, {1062, 1062, cs::macce},
    {1063, 1063, cs::macroman}, {1064, 1064, cs::cp852}, {1065, 1065, cs::latin7},
    {1067, 1067, cs::macce}, {1069, 1070, cs::utf8mb4}, {1071, 1071, cs::latin1},
    {1074, 1075, cs::cp1251}, {1077, 1077, cs::macroman}, {1078, 1079, cs::utf16},
    {1080, 1080, cs::utf16le}, {1081, 1081, cs::cp1256}, {1082, 1083, cs::cp1257},
    {1084, 1085, cs::utf32}, {1086, 1086, cs::utf16le}, {1088, 1088, cs::armscii8},
    {1089, 1089, cs::ascii}, {1090, 1090, cs::cp1250}, {1091, 1091, cs::cp1256},
    {1092, 1092, cs::cp866}, {1093, 1093, cs::dec8}, {1094, 1094, cs::greek},
    {1095, 1095, cs::hebrew}, {1096, 1096, cs::hp8}, {1097, 1097, cs::keybcs2},
    {1098, 1098, cs::koi8r}, {1099, 1099, cs::koi8u}, {1101, 1101, cs::latin2},
    {1102, 1102, cs::latin5}, {1103, 1103, cs::latin7}, {1104, 1104, cs::cp850},
    {1105, 1105, cs::cp852}, {1106, 1106, cs::swe7}, {1107, 1107, cs::utf8mb3},
    {1108, 1108, cs::big5}, {1109, 1109, cs::euckr}, {1110, 1110, cs::gb2312},
    {1111, 1111, cs::gbk}, {1112, 1112, cs::sjis}, {1113, 1113, cs::tis620},
    {1114, 1114, cs::ucs2}, {1115, 1115, cs::ujis}, {1116, 1117, cs::geostd8},
    {1119, 1120, cs::cp932}, {1121, 1122, cs::eucjpms}, {1125, 1125, cs::utf16},
    {1147, 1147, cs::utf16}, {1152, 1152, cs::ucs2}, {1174, 1174, cs::ucs2},
    {1184, 1184, cs::utf32}, {1206, 1206, cs::utf32}, {1216, 1216, cs::utf8mb3},
    {1238, 1238, cs::utf8mb3}, {1248, 1248, cs::utf8mb4}, {1270, 1270, cs::utf8mb4},
    {2048, 2215, cs::utf8mb3}, {2232, 2247, cs::utf8mb3}, {2304, 2471, cs::utf8mb4},
    {2488, 2503, cs::utf8mb4}, {2560, 2727, cs::ucs2}, {2744, 2759, cs::ucs2},
    {2816, 2983, cs::utf16}, {3000, 3015, cs::utf16}, {3072, 3239, cs::utf32},
    {3256, 3271, cs::utf32},
};

// MySQL's latin1 is cp1252 with its five holes mapped to the C1 controls.
constexpr std::array<char16_t, 32> latin1_80_9f{
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_ascii(std::string_view bytes) noexcept {
  return std::none_of(bytes.begin(), bytes.end(), [](char c) { return (c & 0x80) != 0; });
}

const iconv_t no_handle = reinterpret_cast<iconv_t>(-1);

}  // namespace

std::string_view charset_name(charset_id cs) noexcept {
  return charsets[static_cast<std::size_t>(cs)].name;
}

bool charset_of_collation(std::uint16_t collation, charset_id& out) noexcept {
  const auto* end = std::end(collations);
  const auto* it = std::lower_bound(std::begin(collations), end, collation,
                                    [](const collation_range& r, std::uint16_t id) { return r.last < id; });
  if (it == end || collation < it->first) return false;
  out = it->charset;
  return true;
}

// Spec: RFC 3629 section 4 (the UTF8-octets grammar).
bool is_valid_utf8(std::string_view bytes) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* const end = p + bytes.size();
  while (p < end) {
    // Runs of ASCII eight bytes at a time: most text is mostly ASCII.
    while (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, sizeof word);
      if ((word & 0x8080808080808080ULL) != 0) break;
      p += 8;
    }
    if (p == end) break;
    const unsigned c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    std::size_t length;
    unsigned low = 0x80, high = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;   // no overlong forms
      if (c == 0xED) high = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;
      if (c == 0xF4) high = 0x8F;  // nothing above U+10FFFF
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - p) < length) return false;
    if (p[1] < low || p[1] > high) return false;
    for (std::size_t i = 2; i < length; ++i)
      if ((p[i] & 0xC0) != 0x80) return false;
    p += length;
  }
  return true;
}

utf8_converter::~utf8_converter() {
  for (void* h : handles_)
    if (h != nullptr && h != no_handle) iconv_close(h);
}

void* utf8_converter::handle(charset_id cs) {
  void*& h = handles_[static_cast<std::size_t>(cs)];
  if (h == nullptr) h = iconv_open("UTF-8", charsets[static_cast<std::size_t>(cs)].iconv_name);
  return h;
}

bool utf8_converter::convert(std::string_view bytes, charset_id cs, std::string_view& utf8) {
  switch (cs) {
    case cs::binary: return false;
    case cs::utf8mb3:
    case cs::utf8mb4:
      utf8 = bytes;
      return is_valid_utf8(bytes);
    case cs::ascii:
      utf8 = bytes;
      return is_ascii(bytes);
    case cs::latin1:
      if (is_ascii(bytes)) {
        utf8 = bytes;
        return true;
      }
      scratch_.clear();
      for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        append_utf8(scratch_, b >= 0x80 && b < 0xA0 ? latin1_80_9f[b - 0x80] : char32_t{b});
      }
      utf8 = scratch_;
      return true;
    default:
      break;
  }
  // Every other set is ASCII-compatible except the UCS family and swe7 (which reuses [\]{|}).
  const bool ascii_compatible = cs != cs::ucs2 && cs != cs::utf16 && cs != cs::utf16le &&
                                cs != cs::utf32 && cs != cs::swe7;
  if (ascii_compatible && is_ascii(bytes)) {
    utf8 = bytes;
    return true;
  }
  void* const h = handle(cs);
  if (h == no_handle) return false;
  iconv(h, nullptr, nullptr, nullptr, nullptr);  // back to the initial shift state
  scratch_.resize(bytes.size() * 4 + 16);  // no supported set needs more than 4 bytes per byte
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; it does not write input
  std::size_t in_left = bytes.size();
  char* out = scratch_.data();
  std::size_t out_left = scratch_.size();
  if (iconv(h, &in, &in_left, &out, &out_left) == static_cast<std::size_t>(-1) ||
      iconv(h, nullptr, nullptr, &out, &out_left) == static_cast<std::size_t>(-1)) {
    return false;  // EILSEQ or EINVAL: not valid in that set
  }
  scratch_.resize(scratch_.size() - out_left);
  utf8 = scratch_;
  return true;
}

}  // namespace sluice::cli
