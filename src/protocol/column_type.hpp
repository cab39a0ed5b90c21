#pragma once

#include <cstdint>

namespace sluice::protocol {

/// Column type codes as they appear in TABLE_MAP (MySQL's enum_field_types, plus MariaDB's
/// compressed-column codes). ENUM and SET travel as `string` with the real type in the
/// metadata; see column_real_type().
namespace column_type {
inline constexpr std::uint8_t decimal = 0;  // pre-5.0 DECIMAL: never in row events
inline constexpr std::uint8_t tiny = 1;
inline constexpr std::uint8_t short_ = 2;
inline constexpr std::uint8_t long_ = 3;
inline constexpr std::uint8_t float_ = 4;
inline constexpr std::uint8_t double_ = 5;
inline constexpr std::uint8_t null = 6;
inline constexpr std::uint8_t timestamp = 7;
inline constexpr std::uint8_t longlong = 8;
inline constexpr std::uint8_t int24 = 9;
inline constexpr std::uint8_t date = 10;
inline constexpr std::uint8_t time = 11;
inline constexpr std::uint8_t datetime = 12;
inline constexpr std::uint8_t year = 13;
inline constexpr std::uint8_t newdate = 14;
inline constexpr std::uint8_t varchar = 15;
inline constexpr std::uint8_t bit = 16;
inline constexpr std::uint8_t timestamp2 = 17;
inline constexpr std::uint8_t datetime2 = 18;
inline constexpr std::uint8_t time2 = 19;
inline constexpr std::uint8_t mariadb_blob_compressed = 140;
inline constexpr std::uint8_t mariadb_varchar_compressed = 141;
inline constexpr std::uint8_t json = 245;
inline constexpr std::uint8_t newdecimal = 246;
inline constexpr std::uint8_t enum_ = 247;
inline constexpr std::uint8_t set = 248;
inline constexpr std::uint8_t tiny_blob = 249;
inline constexpr std::uint8_t medium_blob = 250;
inline constexpr std::uint8_t long_blob = 251;
inline constexpr std::uint8_t blob = 252;
inline constexpr std::uint8_t var_string = 253;
inline constexpr std::uint8_t string = 254;
inline constexpr std::uint8_t geometry = 255;
}  // namespace column_type

/// Human name of a column type code ("LONG", "VARCHAR", ...), for error messages.
const char* column_type_name(std::uint8_t type) noexcept;

}  // namespace sluice::protocol
