// Date and time functions. Arguments are read as MySQL reads them: temporal values as they are,
// strings parsed, numbers as YYYYMMDD[hhmmss] (or hhmmss for the clock functions). A TIME where a
// date is needed gives NULL: MySQL would borrow today's date, which a replayable filter cannot.

#include <algorithm>

#include "pipeline/sql_functions.hpp"

namespace sluice::pipeline {

namespace {

using f = sql_function;

// The latest instant FROM_UNIXTIME and UNIX_TIMESTAMP accept (MySQL 8.0.28+ on 64-bit platforms).
constexpr std::int64_t max_epoch_seconds = 32536771199;

// HOUR/MINUTE/SECOND/MICROSECOND read TIMEs too: '10:05:03' and 100503 are clock times.
std::optional<sql_datetime> clock_of(const sql_value& v) {
  if (auto t = std::get_if<sql_datetime>(&v.data))
    return *t;
  const std::string text = to_text(v);
  if (v.is_string()) {
    if (auto dt = parse_datetime(text))
      return dt;
    return parse_time(text);
  }
  if (auto t = parse_time(text))
    return t;
  return to_datetime(v);
}

std::optional<sql_datetime> dated(const sql_value& v) {
  auto t = to_datetime(v);
  if (!t || has_zero_part(*t))
    return std::nullopt;
  return t;
}

sql_value int_value(std::int64_t v) { return sql_value(v); }

// UNIX_TIMESTAMP(x): seconds since the epoch of x read at the session offset; 0 outside the
// supported range, as MySQL returns.
sql_value unix_timestamp(const sql_value& arg, int offset) {
  auto t = to_datetime(arg);
  if (!t)
    return {};
  auto seconds = epoch_seconds(*t, offset);
  if (!seconds || *seconds < 0 || *seconds > max_epoch_seconds)
    return int_value(0);
  if (t->fsp == 0)
    return int_value(*seconds);
  const std::string fraction = std::to_string(1000000 + t->micros).substr(1, t->fsp);
  return sql_value(*sql_decimal::parse(std::to_string(*seconds) + "." + fraction));
}

sql_value from_unixtime(const sql_value& arg, int offset) {
  const sql_number n = to_number(arg);
  std::int64_t seconds = 0;
  int micros = 0;
  std::uint8_t fsp = 0;
  if (auto i = std::get_if<std::int64_t>(&n)) {
    seconds = *i;
  } else if (auto u = std::get_if<std::uint64_t>(&n)) {
    seconds =
        *u > static_cast<std::uint64_t>(max_epoch_seconds) ? max_epoch_seconds + 1 : static_cast<std::int64_t>(*u);
  } else {
    sql_decimal d;
    if (auto x = std::get_if<sql_decimal>(&n)) {
      d = *x;
      fsp = static_cast<std::uint8_t>(std::min(d.scale(), 6));
    } else if (auto r = sql_decimal::from_double(std::get<double>(n))) {
      d = *r;
      fsp = 6;
    } else {
      return {};
    }
    if (d.negative())
      return {};
    const sql_decimal rounded = d.round(6);
    const sql_decimal whole = rounded.truncate(0);
    auto w = whole.to_int64();
    if (!w)
      return {};
    seconds = *w;
    micros =
        static_cast<int>(*sql_decimal::multiply(*sql_decimal::subtract(rounded, whole), sql_decimal::from_int(1000000))
                              ->round(0)
                              .to_int64());
  }
  if (seconds < 0 || seconds > max_epoch_seconds)
    return {};
  return sql_value(datetime_from_epoch(seconds, micros, offset, fsp));
}

}  // namespace

namespace detail {

sql_value call_date_function(sql_function id, std::span<const sql_value> args, const sql_context& context) {
  if (std::any_of(args.begin(), args.end(), [](const sql_value& v) { return v.is_null(); }))
    return {};
  switch (id) {
    case f::date: {
      auto t = to_datetime(args[0]);
      if (!t)
        return {};
      return sql_value(sql_datetime{sql_datetime::kind::date, false, t->year, t->month, t->day, 0, 0, 0, 0, 0});
    }
    case f::year:
    case f::month:
    case f::day: {
      auto t = to_datetime(args[0]);
      if (!t)
        return {};
      return int_value(id == f::year ? t->year : id == f::month ? t->month : t->day);
    }
    case f::hour:
    case f::minute:
    case f::second:
    case f::microsecond: {
      auto t = clock_of(args[0]);
      if (!t)
        return {};
      return int_value(id == f::hour ? t->hour : id == f::minute ? t->minute : id == f::second ? t->second : t->micros);
    }
    case f::dayofweek:
    case f::weekday:
    case f::dayofyear:
    case f::quarter: {
      auto t = dated(args[0]);
      if (!t)
        return {};
      const std::int64_t days = days_from_civil(t->year, t->month, t->day);
      const std::int64_t sunday0 = ((days + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
      if (id == f::dayofweek)
        return int_value(sunday0 + 1);
      if (id == f::weekday)
        return int_value((sunday0 + 6) % 7);
      if (id == f::dayofyear)
        return int_value(days - days_from_civil(t->year, 1, 1) + 1);
      return int_value((t->month + 2) / 3);
    }
    case f::datediff: {
      auto a = dated(args[0]), b = dated(args[1]);
      if (!a || !b)
        return {};
      return int_value(days_from_civil(a->year, a->month, a->day) - days_from_civil(b->year, b->month, b->day));
    }
    case f::date_format: {
      auto t = to_datetime(args[0]);
      if (!t)
        return {};
      auto text = date_format(*t, to_text(args[1]));
      return text ? sql_value(std::move(*text)) : sql_value();
    }
    case f::unix_timestamp: return unix_timestamp(args[0], context.time_zone_offset);
    case f::from_unixtime: {
      sql_value t = from_unixtime(args[0], context.time_zone_offset);
      if (args.size() < 2 || t.is_null())
        return t;
      auto text = date_format(std::get<sql_datetime>(t.data), to_text(args[1]));
      return text ? sql_value(std::move(*text)) : sql_value();
    }
    default: return {};
  }
}

}  // namespace detail

}  // namespace sluice::pipeline
