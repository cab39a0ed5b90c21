#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::cli {

/// The character sets a MySQL 8.0/8.4 or MariaDB 10.11 collation can belong to.
enum class charset_id : std::uint8_t {
  binary, utf8mb3, utf8mb4, latin1, ascii, big5, latin2, dec8, cp850, hp8, koi8r, swe7, ujis,
  sjis, cp1251, hebrew, tis620, euckr, latin7, koi8u, gb2312, greek, cp1250, gbk, cp1257,
  latin5, armscii8, ucs2, cp866, keybcs2, macce, macroman, cp852, utf16, utf16le, cp1256,
  utf32, geostd8, cp932, eucjpms, gb18030,
};
inline constexpr std::size_t charset_count = static_cast<std::size_t>(charset_id::gb18030) + 1;

/// A character set's server name ("utf8mb4", "latin1", ...).
std::string_view charset_name(charset_id cs) noexcept;

/// The character set of a collation id as written in TABLE_MAP metadata, USER_VAR events and
/// QUERY status variables; false for 0 and for ids neither server defines.
bool charset_of_collation(std::uint16_t collation, charset_id& out) noexcept;

/// True when `bytes` is well-formed UTF-8 as utf8mb4 accepts it (shortest forms, no surrogates,
/// at most U+10FFFF).
bool is_valid_utf8(std::string_view bytes) noexcept;

/// Turns column bytes into UTF-8. utf8mb3/utf8mb4 and ascii are only validated; latin1 is
/// MySQL's latin1 (cp1252 whose 5 undefined bytes map to U+0081, U+008D, U+008F, U+0090,
/// U+009D); every other set goes through glibc iconv, one cached handle per set. Owned by one
/// decode run; not thread-safe.
class utf8_converter {
 public:
  utf8_converter() = default;
  utf8_converter(const utf8_converter&) = delete;
  utf8_converter& operator=(const utf8_converter&) = delete;
  ~utf8_converter();

  /// The UTF-8 form of `bytes`, valid until the next call; false when the bytes are not valid
  /// in `cs`, `cs` is binary, or glibc cannot convert `cs` (keybcs2).
  bool convert(std::string_view bytes, charset_id cs, std::string_view& utf8);

 private:
  void* handle(charset_id cs);

  std::array<void*, charset_count> handles_{};  // iconv_t per set; null = not opened yet
  std::string scratch_;
};

}  // namespace sluice::cli
