#pragma once
// The functions an expression may call: names and arities (checked when parsing) and MySQL's
// semantics (applied when evaluating). Only deterministic functions: a filter must give the same
// answer for the same row every time it is replayed.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "pipeline/sql_value.hpp"

namespace sluice::pipeline {

enum class sql_function : std::uint8_t {
  // control flow: the evaluator applies these itself, evaluating only the arguments it needs
  if_,
  ifnull,
  coalesce,
  nullif,
  // strings (sql_string_functions.cpp)
  length,
  char_length,
  upper,
  lower,
  concat,
  concat_ws,
  substring,
  trim_both,
  trim_leading,
  trim_trailing,
  left,
  right,
  replace,
  instr,
  locate,
  strcmp,
  // numbers
  abs,
  round,
  truncate,
  floor,
  ceil,
  mod,
  sign,
  // dates and times (sql_date_functions.cpp)
  date,
  year,
  month,
  day,
  hour,
  minute,
  second,
  microsecond,
  dayofweek,
  weekday,
  dayofyear,
  quarter,
  datediff,
  date_format,
  unix_timestamp,
  from_unixtime,
};

struct function_info {
  std::string_view name;
  sql_function id;
  std::uint8_t min_args;
  std::uint8_t max_args;  // any_count: no limit
  static constexpr std::uint8_t any_count = 255;
};

/// The function called `name` (case-insensitive), or nullptr when it is not supported.
const function_info* find_function(std::string_view name);
/// True for MySQL functions whose result depends on when or where they run (NOW, RAND, UUID...).
bool is_nondeterministic_function(std::string_view name);

/// What an evaluation needs from its surroundings.
struct sql_context {
  /// Seconds east of UTC: how TIMESTAMP values read, and what UNIX_TIMESTAMP/FROM_UNIXTIME use.
  int time_zone_offset = 0;
};

/// The target of CAST(x AS type) / CONVERT(x, type).
struct cast_spec {
  enum class target : std::uint8_t { signed_int, unsigned_int, char_, binary, decimal, date, datetime, time, double_ };
  target type = target::signed_int;
  int length = -1;  // CHAR(n) / BINARY(n) / DECIMAL(m, ...), -1 when not given
  int scale = 0;    // DECIMAL(m, d) / DATETIME(fsp) / TIME(fsp)
};

/// CAST of a non-NULL value, MySQL's way; NULL when a temporal target cannot read the value.
sql_value cast_value(const sql_value& value, const cast_spec& spec);

/// LIKE: '%' matches any run of characters, '_' one UTF-8 character, `escape` (a byte, or
/// expr_node::no_escape) makes the next character literal. Byte-wise, so case-sensitive.
bool like_match(std::string_view text, std::string_view pattern, unsigned escape);

/// Applies `f` (not a control-flow function) to evaluated arguments, MySQL's way: NULL in, NULL out
/// unless the function says otherwise. A failure (an overflowing result) sets `error` and
/// returns NULL.
sql_value call_function(sql_function f, std::span<const sql_value> args, const sql_context& context,
                        std::string& error);

namespace detail {
sql_value call_string_function(sql_function f, std::span<const sql_value> args);
sql_value call_date_function(sql_function f, std::span<const sql_value> args, const sql_context& context);
}  // namespace detail

}  // namespace sluice::pipeline
