#pragma once
// DATE, DATETIME and TIME values for SQL expression evaluation: parsing MySQL's text forms,
// calendar arithmetic, epoch conversion at a fixed UTC offset, and DATE_FORMAT.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::pipeline {

/// A temporal value. Value type. DATE and DATETIME allow MySQL's zero parts ('0000-00-00');
/// TIME carries a sign and up to 838 hours.
struct sql_datetime {
  enum class kind : std::uint8_t { date, datetime, time };
  kind type = kind::datetime;
  bool negative = false;  // TIME only
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0, second = 0;
  int micros = 0;
  std::uint8_t fsp = 0;  // fraction digits shown (0-6)

  friend bool operator==(const sql_datetime&, const sql_datetime&) = default;
};

/// 'YYYY-MM-DD' (a DATE) or 'YYYY-MM-DD hh:mm:ss[.ffffff]' (a DATETIME); any punctuation may
/// separate the parts, 'T' may separate date and time, and 'YYYYMMDD[hhmmss]' digit strings work.
std::optional<sql_datetime> parse_datetime(std::string_view text);
/// '[-]hh:mm[:ss[.ffffff]]' or '[-]hhmmss': a TIME.
std::optional<sql_datetime> parse_time(std::string_view text);
/// A whole number read as MySQL reads a date in numeric context: YYYYMMDD or YYYYMMDDhhmmss
/// (and the two-digit-year forms YYMMDD, YYMMDDhhmmss).
std::optional<sql_datetime> datetime_from_number(std::uint64_t number);

/// 'YYYY-MM-DD', 'YYYY-MM-DD hh:mm:ss[.f]' or '[-]hh:mm:ss[.f]', with `fsp` fraction digits.
std::string format_datetime(const sql_datetime& value);
/// MySQL's numeric form without the fraction: YYYYMMDD, YYYYMMDDhhmmss or [-]hhmmss.
std::int64_t datetime_whole_number(const sql_datetime& value);
/// Orders two values of the date/datetime family (a DATE is its midnight), or two TIMEs.
int compare_datetime(const sql_datetime& a, const sql_datetime& b);

/// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(int year, int month, int day);
/// True for a date with a zero month or day, which has no weekday or epoch value.
bool has_zero_part(const sql_datetime& value);
/// The DATETIME shown at `offset_seconds` east of UTC for an epoch instant.
sql_datetime datetime_from_epoch(std::int64_t seconds, int micros, int offset_seconds, std::uint8_t fsp);
/// Seconds since the epoch of a DATETIME read at `offset_seconds` east of UTC; nullopt for zero parts.
std::optional<std::int64_t> epoch_seconds(const sql_datetime& value, int offset_seconds);

/// True when every %-specifier of a DATE_FORMAT format is one date_format() implements.
bool valid_date_format(std::string_view format);
/// MySQL DATE_FORMAT; nullopt (NULL) when a name or weekday is asked of a date with zero parts.
std::optional<std::string> date_format(const sql_datetime& value, std::string_view format);

}  // namespace sluice::pipeline
