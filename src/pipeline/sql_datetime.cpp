#include "pipeline/sql_datetime.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <tuple>

namespace sluice::pipeline {

namespace {

constexpr std::array<const char*, 12> month_names = {"January",   "February", "March",    "April",
                                                     "May",       "June",     "July",     "August",
                                                     "September", "October",  "November", "December"};
constexpr std::array<const char*, 7> day_names = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

// Reads 1..max_digits digits at `pos`; -1 when there are none.
int read_number(std::string_view text, std::size_t& pos, std::size_t max_digits) {
  int value = 0;
  std::size_t start = pos;
  while (pos < text.size() && pos - start < max_digits && is_digit(text[pos]))
    value = value * 10 + (text[pos++] - '0');
  return pos == start ? -1 : value;
}

// ".ffffff": micros from the first six digits (later ones are dropped) and the digit count as fsp.
bool read_fraction(std::string_view text, std::size_t& pos, sql_datetime& out) {
  if (pos >= text.size() || text[pos] != '.')
    return true;
  ++pos;
  int digits = 0, micros = 0;
  while (pos < text.size() && is_digit(text[pos])) {
    if (digits < 6) {
      micros = micros * 10 + (text[pos] - '0');
      ++digits;
    }
    ++pos;
  }
  for (int i = digits; i < 6; ++i)
    micros *= 10;
  out.micros = micros;
  out.fsp = static_cast<std::uint8_t>(digits);
  return true;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

bool valid_date_parts(const sql_datetime& v) {
  if (v.year > 9999 || v.month > 12 || v.day > 31)
    return false;
  return v.month == 0 || v.day == 0 || v.day <= days_in_month(v.year, v.month);
}

bool valid_clock(const sql_datetime& v) { return v.hour <= 23 && v.minute <= 59 && v.second <= 59; }

// Any punctuation but ':' separates date parts ("10:00:00" is a time, not the date 2010-00-00).
bool date_separator(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || text[pos] == ':' || !std::ispunct(static_cast<unsigned char>(text[pos])))
    return false;
  ++pos;
  return true;
}

int two_digit_year(int yy) { return yy < 70 ? 2000 + yy : 1900 + yy; }

// "YYYYMMDD[hhmmss]" and "YYMMDD[hhmmss]" digit strings.
std::optional<sql_datetime> parse_digits(std::string_view digits, std::string_view rest) {
  sql_datetime out;
  std::size_t pos = 0;
  const bool short_year = digits.size() == 6 || digits.size() == 12;
  if (!short_year && digits.size() != 8 && digits.size() != 14)
    return std::nullopt;
  out.year = read_number(digits, pos, short_year ? 2 : 4);
  if (short_year)
    out.year = two_digit_year(out.year);
  out.month = read_number(digits, pos, 2);
  out.day = read_number(digits, pos, 2);
  out.type = sql_datetime::kind::date;
  if (pos < digits.size()) {
    out.type = sql_datetime::kind::datetime;
    out.hour = read_number(digits, pos, 2);
    out.minute = read_number(digits, pos, 2);
    out.second = read_number(digits, pos, 2);
    std::size_t rest_pos = 0;
    read_fraction(rest, rest_pos, out);
    if (rest_pos != rest.size())
      return std::nullopt;
  } else if (!rest.empty()) {
    return std::nullopt;
  }
  if (!valid_date_parts(out) || !valid_clock(out))
    return std::nullopt;
  return out;
}

void append_two(std::string& out, int v) {
  out.push_back(static_cast<char>('0' + v / 10 % 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

void append_padded(std::string& out, long long v, int width) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%0*lld", width, v);
  out += buf;
}

void append_fraction(std::string& out, int micros, int fsp) {
  if (fsp <= 0)
    return;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%06d", micros);
  out.push_back('.');
  out.append(buf, static_cast<std::size_t>(fsp));
}

std::tuple<std::int64_t, int, int> civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

int weekday_from_sunday(const sql_datetime& v) {
  const std::int64_t w = (days_from_civil(v.year, v.month, v.day) + 4) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

int day_of_year(const sql_datetime& v) {
  return static_cast<int>(days_from_civil(v.year, v.month, v.day) - days_from_civil(v.year, 1, 1)) + 1;
}

const char* ordinal_suffix(int day) {
  if (day >= 11 && day <= 13)
    return "th";
  switch (day % 10) {
    case 1: return "st";
    case 2: return "nd";
    case 3: return "rd";
    default: return "th";
  }
}

}  // namespace

std::optional<sql_datetime> parse_datetime(std::string_view text) {
  text = trimmed(text);
  std::size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits]))
    ++digits;
  if (digits >= 6 && (digits == text.size() || text[digits] == '.'))
    return parse_digits(text.substr(0, digits), text.substr(digits));

  sql_datetime out;
  out.type = sql_datetime::kind::date;
  std::size_t pos = 0;
  const int year = read_number(text, pos, 4);
  const std::size_t year_digits = pos;
  if (year < 0 || !date_separator(text, pos))
    return std::nullopt;
  out.year = year_digits <= 2 ? two_digit_year(year) : year;
  out.month = read_number(text, pos, 2);
  if (out.month < 0 || !date_separator(text, pos))
    return std::nullopt;
  out.day = read_number(text, pos, 2);
  if (out.day < 0)
    return std::nullopt;
  if (pos < text.size()) {
    if (text[pos] != 'T' && !std::isspace(static_cast<unsigned char>(text[pos])))
      return std::nullopt;
    while (pos < text.size() && (text[pos] == 'T' || std::isspace(static_cast<unsigned char>(text[pos]))))
      ++pos;
    out.type = sql_datetime::kind::datetime;
    out.hour = read_number(text, pos, 2);
    if (out.hour < 0 || pos >= text.size() || !std::ispunct(static_cast<unsigned char>(text[pos++])))
      return std::nullopt;
    out.minute = read_number(text, pos, 2);
    if (out.minute < 0)
      return std::nullopt;
    if (pos < text.size() && text[pos] != '.') {
      if (!std::ispunct(static_cast<unsigned char>(text[pos++])))
        return std::nullopt;
      out.second = read_number(text, pos, 2);
      if (out.second < 0)
        return std::nullopt;
    }
    read_fraction(text, pos, out);
  }
  if (pos != text.size() || !valid_date_parts(out) || !valid_clock(out))
    return std::nullopt;
  return out;
}

std::optional<sql_datetime> parse_time(std::string_view text) {
  text = trimmed(text);
  sql_datetime out;
  out.type = sql_datetime::kind::time;
  if (!text.empty() && text.front() == '-') {
    out.negative = true;
    text.remove_prefix(1);
  }
  std::size_t pos = 0;
  if (text.find(':') != std::string_view::npos) {
    out.hour = read_number(text, pos, 3);
    if (out.hour < 0 || pos >= text.size() || text[pos++] != ':')
      return std::nullopt;
    out.minute = read_number(text, pos, 2);
    if (out.minute < 0)
      return std::nullopt;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      out.second = read_number(text, pos, 2);
      if (out.second < 0)
        return std::nullopt;
    }
  } else {
    std::size_t digits = 0;
    while (digits < text.size() && is_digit(text[digits]))
      ++digits;
    if (digits == 0 || digits > 7)
      return std::nullopt;
    int whole = read_number(text, pos, digits);
    out.second = whole % 100;
    out.minute = whole / 100 % 100;
    out.hour = whole / 10000;
  }
  read_fraction(text, pos, out);
  if (pos != text.size() || out.hour > 838 || out.minute > 59 || out.second > 59)
    return std::nullopt;
  if (out.hour == 0 && out.minute == 0 && out.second == 0 && out.micros == 0)
    out.negative = false;
  return out;
}

std::optional<sql_datetime> datetime_from_number(std::uint64_t number) {
  std::string digits = std::to_string(number);
  if (number == 0)
    return sql_datetime{sql_datetime::kind::date};
  const std::size_t width = digits.size() <= 6 ? 6 : digits.size() <= 8 ? 8 : digits.size() <= 12 ? 12 : 14;
  if (digits.size() > 14)
    return std::nullopt;
  digits.insert(0, width - digits.size(), '0');
  return parse_digits(digits, {});
}

std::string format_datetime(const sql_datetime& v) {
  std::string out;
  if (v.type == sql_datetime::kind::time) {
    if (v.negative)
      out.push_back('-');
    append_padded(out, v.hour, 2);
  } else {
    append_padded(out, v.year, 4);
    out.push_back('-');
    append_two(out, v.month);
    out.push_back('-');
    append_two(out, v.day);
    if (v.type == sql_datetime::kind::date)
      return out;
    out.push_back(' ');
    append_two(out, v.hour);
  }
  out.push_back(':');
  append_two(out, v.minute);
  out.push_back(':');
  append_two(out, v.second);
  append_fraction(out, v.micros, v.fsp);
  return out;
}

std::int64_t datetime_whole_number(const sql_datetime& v) {
  const std::int64_t clock = std::int64_t{v.hour} * 10000 + v.minute * 100 + v.second;
  if (v.type == sql_datetime::kind::time)
    return v.negative ? -clock : clock;
  const std::int64_t date = std::int64_t{v.year} * 10000 + v.month * 100 + v.day;
  return v.type == sql_datetime::kind::date ? date : date * 1000000 + clock;
}

int compare_datetime(const sql_datetime& a, const sql_datetime& b) {
  auto key = [](const sql_datetime& v) {
    if (v.type == sql_datetime::kind::time) {
      const std::int64_t micros = ((std::int64_t{v.hour} * 60 + v.minute) * 60 + v.second) * 1000000 + v.micros;
      return std::make_tuple(std::int64_t{0}, v.negative ? -micros : micros);
    }
    const std::int64_t micros = ((std::int64_t{v.hour} * 60 + v.minute) * 60 + v.second) * 1000000 + v.micros;
    return std::make_tuple(std::int64_t{v.year} * 10000 + v.month * 100 + v.day, micros);
  };
  const auto ka = key(a), kb = key(b);
  return ka < kb ? -1 : (kb < ka ? 1 : 0);
}

std::int64_t days_from_civil(int year, int month, int day) {
  const std::int64_t y = std::int64_t{year} - (month <= 2);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool has_zero_part(const sql_datetime& v) { return v.type != sql_datetime::kind::time && (v.month == 0 || v.day == 0); }

sql_datetime datetime_from_epoch(std::int64_t seconds, int micros, int offset_seconds, std::uint8_t fsp) {
  const std::int64_t local = seconds + offset_seconds;
  std::int64_t days = local / 86400, rest = local % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  const auto [y, m, d] = civil_from_days(days);
  sql_datetime out;
  out.type = sql_datetime::kind::datetime;
  out.year = static_cast<int>(y);
  out.month = m;
  out.day = d;
  out.hour = static_cast<int>(rest / 3600);
  out.minute = static_cast<int>(rest / 60 % 60);
  out.second = static_cast<int>(rest % 60);
  out.micros = micros;
  out.fsp = fsp;
  return out;
}

std::optional<std::int64_t> epoch_seconds(const sql_datetime& v, int offset_seconds) {
  if (v.type == sql_datetime::kind::time || has_zero_part(v))
    return std::nullopt;
  return days_from_civil(v.year, v.month, v.day) * 86400 + v.hour * 3600 + v.minute * 60 + v.second - offset_seconds;
}

bool valid_date_format(std::string_view format) {
  for (std::size_t i = 0; i + 1 < format.size(); ++i) {
    if (format[i] != '%')
      continue;
    const char c = format[++i];
    if (c == 'U' || c == 'u' || c == 'V' || c == 'v' || c == 'X' || c == 'x')
      return false;  // week numbers: not implemented, so refused rather than computed wrongly
  }
  return true;
}

std::optional<std::string> date_format(const sql_datetime& v, std::string_view format) {
  std::string out;
  const bool zero = has_zero_part(v);
  const int hour12 = v.hour % 12 == 0 ? 12 : v.hour % 12;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      out.push_back(format[i]);
      continue;
    }
    const char c = format[++i];
    switch (c) {
      case 'a':
        if (zero)
          return std::nullopt;
        out.append(day_names[weekday_from_sunday(v)], 3);
        break;
      case 'W':
        if (zero)
          return std::nullopt;
        out += day_names[weekday_from_sunday(v)];
        break;
      case 'w':
        if (zero)
          return std::nullopt;
        out += std::to_string(weekday_from_sunday(v));
        break;
      case 'j':
        if (zero)
          return std::nullopt;
        append_padded(out, day_of_year(v), 3);
        break;
      case 'b':
        if (v.month == 0)
          return std::nullopt;
        out.append(month_names[v.month - 1], 3);
        break;
      case 'M':
        if (v.month == 0)
          return std::nullopt;
        out += month_names[v.month - 1];
        break;
      case 'c': out += std::to_string(v.month); break;
      case 'm': append_two(out, v.month); break;
      case 'D': out += std::to_string(v.day) + ordinal_suffix(v.day); break;
      case 'd': append_two(out, v.day); break;
      case 'e': out += std::to_string(v.day); break;
      case 'Y': append_padded(out, v.year, 4); break;
      case 'y': append_two(out, v.year % 100); break;
      case 'H': append_padded(out, v.hour, 2); break;
      case 'k': out += std::to_string(v.hour); break;
      case 'h':
      case 'I': append_two(out, hour12); break;
      case 'l': out += std::to_string(hour12); break;
      case 'i': append_two(out, v.minute); break;
      case 'S':
      case 's': append_two(out, v.second); break;
      case 'f': append_padded(out, v.micros, 6); break;
      case 'p': out += v.hour < 12 ? "AM" : "PM"; break;
      case 'T':
        append_two(out, v.hour);
        out.push_back(':');
        append_two(out, v.minute);
        out.push_back(':');
        append_two(out, v.second);
        break;
      case 'r':
        append_two(out, hour12);
        out.push_back(':');
        append_two(out, v.minute);
        out.push_back(':');
        append_two(out, v.second);
        out += v.hour < 12 ? " AM" : " PM";
        break;
      default: out.push_back(c); break;  // "%%" and unknown letters print the letter, as in MySQL
    }
  }
  return out;
}

}  // namespace sluice::pipeline
