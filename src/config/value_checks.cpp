#include "config/value_checks.hpp"

#include <algorithm>
#include <cstddef>

namespace sluice::config::detail {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Only called on 1-2 checked digits.
int to_number(std::string_view digits) {
  int value = 0;
  for (char c : digits)
    value = value * 10 + (c - '0');
  return value;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Calls fn for each comma-separated part; stops and returns false when fn does.
template <class Fn>
bool each_part(std::string_view text, char separator, Fn fn) {
  while (true) {
    const std::size_t cut = text.find(separator);
    if (!fn(text.substr(0, cut)))
      return false;
    if (cut == std::string_view::npos)
      return true;
    text.remove_prefix(cut + 1);
  }
}

bool is_uuid(std::string_view s) {
  // 8-4-4-4-12 hex digits; MySQL also accepts the 32 digits without dashes.
  if (s.size() == 32)
    return std::all_of(s.begin(), s.end(), is_hex);
  if (s.size() != 36)
    return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position ? s[i] != '-' : !is_hex(s[i]))
      return false;
  }
  return true;
}

bool is_interval(std::string_view s) {
  const std::size_t dash = s.find('-');
  if (dash == std::string_view::npos)
    return all_digits(s);
  return all_digits(s.substr(0, dash)) && all_digits(s.substr(dash + 1));
}

bool is_tag(std::string_view s) {
  // MySQL 8.4 tagged GTIDs: a letter or '_' then up to 31 letters, digits or '_'.
  if (s.empty() || s.size() > 32 || (s[0] >= '0' && s[0] <= '9'))
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

bool is_mysql_gtid_part(std::string_view part) {
  part = trim(part);
  const std::size_t colon = part.find(':');
  if (colon == std::string_view::npos || !is_uuid(part.substr(0, colon)))
    return false;
  bool any_interval = false;
  const bool ok = each_part(part.substr(colon + 1), ':', [&](std::string_view piece) {
    if (is_interval(piece)) {
      any_interval = true;
      return true;
    }
    return is_tag(piece);
  });
  return ok && any_interval;
}

bool is_mariadb_gtid_part(std::string_view part) {
  part = trim(part);
  int fields = 0;
  const bool ok = each_part(part, '-', [&](std::string_view piece) {
    ++fields;
    return all_digits(piece);
  });
  return ok && fields == 3;
}

}  // namespace

bool is_binlog_file_name(std::string_view name) {
  const std::size_t dot = name.find('.');
  if (dot == 0 || dot == std::string_view::npos || name.find('.', dot + 1) != std::string_view::npos)
    return false;
  const std::string_view sequence = name.substr(dot + 1);
  if (!all_digits(sequence) || sequence.size() > 18)
    return false;
  if (std::all_of(sequence.begin(), sequence.end(), [](char c) { return c == '0'; }))
    return false;
  const std::string_view base = name.substr(0, dot);
  return base.find('/') == std::string_view::npos && base.find('\\') == std::string_view::npos;
}

bool is_gtid_set(std::string_view text) {
  text = trim(text);
  if (text.empty())
    return true;
  if (each_part(text, ',', is_mysql_gtid_part))
    return true;
  return each_part(text, ',', is_mariadb_gtid_part);
}

bool is_time_zone(std::string_view text) {
  if (text == "SYSTEM" || text == "system" || text == "Local" || text == "UTC")
    return true;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    const std::string_view rest = text.substr(1);
    const std::size_t colon = rest.find(':');
    if (colon == std::string_view::npos)
      return false;
    const std::string_view hours = rest.substr(0, colon);
    const std::string_view minutes = rest.substr(colon + 1);
    if (!all_digits(hours) || hours.size() > 2 || !all_digits(minutes) || minutes.size() != 2)
      return false;
    const int h = to_number(hours);
    const int m = to_number(minutes);
    const int offset = (text.front() == '-' ? -1 : 1) * (h * 60 + m);
    // MySQL accepts offsets from -12:59 to +14:00 (TiDB: > -12:00 and <= +14:00).
    return m < 60 && offset >= -(12 * 60 + 59) && offset <= 14 * 60;
  }
  // IANA names: "Asia/Shanghai", "America/Argentina/Buenos_Aires", "Etc/GMT+8", "CET".
  if (text.empty() || text.front() == '/' || text.back() == '/' || text.find("..") != std::string_view::npos)
    return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c == '/' || c == '_' || c == '-' || c == '+' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
  });
}

}  // namespace sluice::config::detail
