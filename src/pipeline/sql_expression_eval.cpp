#include "pipeline/sql_expression_eval.hpp"

#include <algorithm>

#include "pipeline/sql_arithmetic.hpp"
#include "protocol/column_type.hpp"

namespace sluice::pipeline {

namespace {

namespace ct = protocol::column_type;

template <class... Ts>
struct overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

std::optional<bool> both(std::optional<bool> a, std::optional<bool> b) {
  if (a == false || b == false)
    return false;
  if (!a || !b)
    return std::nullopt;
  return true;
}

sql_value from_truth(std::optional<bool> t) { return t ? sql_value::boolean(*t) : sql_value(); }

std::optional<bool> compared(expr_op op, std::optional<int> c) {
  if (!c)
    return std::nullopt;
  switch (op) {
    case expr_op::eq: return *c == 0;
    case expr_op::ne: return *c != 0;
    case expr_op::lt: return *c < 0;
    case expr_op::le: return *c <= 0;
    case expr_op::gt: return *c > 0;
    case expr_op::ge: return *c >= 0;
    default: return std::nullopt;
  }
}

// A DATE/DATETIME/TIME cell's text; four digits alone are a YEAR, read as an integer.
std::optional<sql_value> temporal_cell_value(const std::string& text) {
  if (text.size() == 4 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return sql_value(static_cast<std::int64_t>(std::stoi(text)));
  auto parsed = text.find('-', 1) != std::string::npos ? parse_datetime(text) : parse_time(text);
  if (!parsed)
    return std::nullopt;
  return sql_value(*parsed);
}

std::string set_text(std::uint64_t bits, const std::vector<std::string>& members) {
  std::string out;
  for (std::size_t i = 0; i < members.size() && i < 64; ++i) {
    if (!(bits & (std::uint64_t{1} << i)))
      continue;
    if (!out.empty())
      out.push_back(',');
    out += members[i];
  }
  return out;
}

class evaluator {
 public:
  evaluator(const sql_expression& e, const std::vector<bound_expression::slot>& slots,
            const std::vector<protocol::cell>& row, const sql_context& context)
      : e_(e), slots_(slots), row_(row), context_(context) {}

  tl::expected<sql_value, expression_error> run() {
    sql_value v = eval(e_.nodes[e_.root]);
    if (!error_.message.empty())
      return tl::unexpected(error_);
    return v;
  }

 private:
  void fail(const expr_node& n, std::string message) {
    if (error_.message.empty())
      error_ = {n.position, std::move(message), expression_error::kind::evaluation};
  }
  bool failed() const { return !error_.message.empty(); }
  // Records an error a helper reported through `text`, at node `n`.
  sql_value checked(const expr_node& n, sql_value v, std::string& text) {
    if (!text.empty())
      fail(n, std::move(text));
    return v;
  }

  const expr_node& child(const expr_node& n, std::uint32_t i) const { return e_.child(n, i); }

  sql_value eval(const expr_node& n) {
    if (failed())
      return {};
    switch (n.op) {
      case expr_op::literal: return e_.literals[n.aux];
      case expr_op::column: return column(n);
      case expr_op::negate:
      case expr_op::bit_not:
      case expr_op::logical_not:
      case expr_op::to_binary: return unary(n);
      case expr_op::add: return arith(n, arith_op::add);
      case expr_op::subtract: return arith(n, arith_op::subtract);
      case expr_op::multiply: return arith(n, arith_op::multiply);
      case expr_op::divide: return arith(n, arith_op::divide);
      case expr_op::int_divide: return arith(n, arith_op::int_divide);
      case expr_op::modulo: return arith(n, arith_op::modulo);
      case expr_op::bit_or: return bits(n, bit_op::bit_or);
      case expr_op::bit_and: return bits(n, bit_op::bit_and);
      case expr_op::bit_xor: return bits(n, bit_op::bit_xor);
      case expr_op::shift_left: return bits(n, bit_op::shift_left);
      case expr_op::shift_right: return bits(n, bit_op::shift_right);
      case expr_op::eq:
      case expr_op::ne:
      case expr_op::lt:
      case expr_op::le:
      case expr_op::gt:
      case expr_op::ge: {
        const sql_value a = eval(child(n, 0));
        if (a.is_null())
          return {};
        return from_truth(compared(n.op, compare_values(a, eval(child(n, 1)))));
      }
      case expr_op::null_safe_eq: {
        const sql_value a = eval(child(n, 0)), b = eval(child(n, 1));
        if (a.is_null() || b.is_null())
          return sql_value::boolean(a.is_null() && b.is_null());
        return sql_value::boolean(compare_values(a, b) == 0);
      }
      case expr_op::logical_and:
      case expr_op::logical_or: return logical(n);
      case expr_op::logical_xor: {
        const auto a = truth(eval(child(n, 0)));
        const auto b = truth(eval(child(n, 1)));
        return a && b ? sql_value::boolean(*a != *b) : sql_value();
      }
      case expr_op::is_null: return sql_value::boolean(eval(child(n, 0)).is_null() != n.negated);
      case expr_op::is_true:
      case expr_op::is_false:
      case expr_op::is_unknown: {
        const auto t = truth(eval(child(n, 0)));
        const bool r = n.op == expr_op::is_unknown ? !t : (t && *t == (n.op == expr_op::is_true));
        return sql_value::boolean(r != n.negated);
      }
      case expr_op::in_list: return in_list(n);
      case expr_op::between: {
        const sql_value v = eval(child(n, 0));
        const sql_value low = eval(child(n, 1)), high = eval(child(n, 2));
        if (v.is_null())
          return {};
        const auto r =
            both(compared(expr_op::ge, compare_values(v, low)), compared(expr_op::le, compare_values(v, high)));
        return from_truth(r ? std::optional<bool>(*r != n.negated) : std::nullopt);
      }
      case expr_op::like: {
        const sql_value v = eval(child(n, 0)), pattern = eval(child(n, 1));
        if (v.is_null() || pattern.is_null())
          return {};
        return sql_value::boolean(like_match(to_text(v), to_text(pattern), n.aux) != n.negated);
      }
      case expr_op::function: return function(n);
      case expr_op::case_simple:
      case expr_op::case_searched: return case_of(n);
      case expr_op::cast: {
        const sql_value v = eval(child(n, 0));
        return v.is_null() ? v : cast_value(v, e_.casts[n.aux]);
      }
    }
    return {};
  }

  sql_value column(const expr_node& n) {
    const bound_expression::slot& slot = slots_[n.aux];
    if (slot.cell >= row_.size()) {
      fail(n, "the row image has no value for column `" + slot.name + "`");
      return {};
    }
    return std::visit(
        overloaded{
            [](const protocol::null_cell&) { return sql_value(); }, [](std::int64_t v) { return sql_value(v); },
            [](std::uint64_t v) { return sql_value(v); }, [](float v) { return sql_value(static_cast<double>(v)); },
            [](double v) { return sql_value(v); },
            [&](const protocol::decimal_cell& d) {
              auto v = sql_decimal::parse(d.text);
              if (!v)
                fail(n, "column `" + slot.name + "` holds an unreadable DECIMAL '" + d.text + "'");
              return v ? sql_value(*v) : sql_value();
            },
            [](const std::string& s) { return sql_value(s); },
            [&](const protocol::temporal_cell& t) {
              auto v = temporal_cell_value(t.text);
              if (!v)
                fail(n, "column `" + slot.name + "` holds an unreadable temporal value '" + t.text + "'");
              return v.value_or(sql_value());
            },
            [&](const protocol::timestamp_cell& t) {
              if (t.seconds == 0 && t.micros == 0)  // MySQL stores '0000-00-00 00:00:00' as 0
                return sql_value(sql_datetime{sql_datetime::kind::datetime, false, 0, 0, 0, 0, 0, 0, 0, t.fsp});
              return sql_value(
                  datetime_from_epoch(t.seconds, static_cast<int>(t.micros), context_.time_zone_offset, t.fsp));
            },
            [](const protocol::bit_cell& b) { return sql_value(b.bits); },
            [&](const protocol::enum_cell& e) {
              const auto& members = slot.enum_values;
              std::string text = e.index >= 1 && e.index <= members.size() ? members[e.index - 1] : std::string();
              return sql_value::dual(std::move(text), e.index);
            },
            [&](const protocol::set_cell& s) { return sql_value::dual(set_text(s.bits, slot.set_values), s.bits); },
            [&](const protocol::json_cell&) {
              fail(n, "column `" + slot.name + "` holds JSON, which expression filters do not read");
              return sql_value();
            }},
        row_[slot.cell]);
  }

  sql_value unary(const expr_node& n) {
    const sql_value v = eval(child(n, 0));
    if (v.is_null())
      return v;
    switch (n.op) {
      case expr_op::negate: {
        std::string error;
        return checked(n, negate(v, error), error);
      }
      case expr_op::bit_not: return sql_value(~to_bits(v));
      case expr_op::logical_not: return sql_value::boolean(!*truth(v));
      default: return sql_value(to_text(v));  // BINARY x
    }
  }

  sql_value arith(const expr_node& n, arith_op op) {
    const sql_value a = eval(child(n, 0));
    if (a.is_null())
      return a;
    const sql_value b = eval(child(n, 1));
    if (b.is_null())
      return b;
    std::string error;
    return checked(n, arithmetic(op, a, b, error), error);
  }

  sql_value bits(const expr_node& n, bit_op op) {
    const sql_value a = eval(child(n, 0));
    if (a.is_null())
      return a;
    const sql_value b = eval(child(n, 1));
    return b.is_null() ? b : bitwise(op, a, b);
  }

  // AND stops at the first FALSE, OR at the first TRUE; otherwise any NULL makes the result NULL.
  sql_value logical(const expr_node& n) {
    const bool stop_on = n.op == expr_op::logical_or;
    bool unknown = false;
    for (std::uint32_t i = 0; i < n.count; ++i) {
      const auto t = truth(eval(child(n, i)));
      if (!t)
        unknown = true;
      else if (*t == stop_on)
        return sql_value::boolean(stop_on);
    }
    return unknown ? sql_value() : sql_value::boolean(!stop_on);
  }

  sql_value in_list(const expr_node& n) {
    const sql_value probe = eval(child(n, 0));
    if (probe.is_null())
      return {};
    std::optional<bool> found;
    if (n.aux != 0)
      found = lookup(e_.lookups[n.aux - 1], probe);
    if (!found) {
      bool unknown = false;
      found = false;
      for (std::uint32_t i = 1; i < n.count && !*found && !failed(); ++i) {
        const auto c = compare_values(probe, eval(child(n, i)));
        if (!c)
          unknown = true;
        else if (*c == 0)
          found = true;
      }
      if (!*found && unknown)
        return {};
    } else if (!*found && e_.lookups[n.aux - 1].has_null) {
      return {};
    }
    return sql_value::boolean(*found != n.negated);
  }

  // A binary search when the probe and the list are alike; nullopt to fall back to comparisons.
  static std::optional<bool> lookup(const in_lookup& l, const sql_value& probe) {
    if (probe.number)
      return std::nullopt;
    if (l.integers) {
      if (auto i = std::get_if<std::int64_t>(&probe.data))
        return std::binary_search(l.ints.begin(), l.ints.end(), *i);
      if (auto u = std::get_if<std::uint64_t>(&probe.data)) {
        if (*u <= static_cast<std::uint64_t>(INT64_MAX))
          return std::binary_search(l.ints.begin(), l.ints.end(), static_cast<std::int64_t>(*u));
        return std::binary_search(l.big_uints.begin(), l.big_uints.end(), *u);
      }
    }
    if (l.strings && probe.is_string())
      return std::binary_search(l.texts.begin(), l.texts.end(), std::get<std::string>(probe.data));
    return std::nullopt;
  }

  sql_value function(const expr_node& n) {
    const auto id = static_cast<sql_function>(n.aux);
    switch (id) {
      case sql_function::if_: {
        const auto t = truth(eval(child(n, 0)));
        return eval(child(n, t && *t ? 1 : 2));
      }
      case sql_function::ifnull:
      case sql_function::coalesce:
        for (std::uint32_t i = 0; i < n.count; ++i) {
          sql_value v = eval(child(n, i));
          if (!v.is_null())
            return v;
        }
        return {};
      case sql_function::nullif: {
        sql_value a = eval(child(n, 0));
        return compare_values(a, eval(child(n, 1))) == 0 ? sql_value() : a;
      }
      default: break;
    }
    std::vector<sql_value> args;
    args.reserve(n.count);
    for (std::uint32_t i = 0; i < n.count; ++i)
      args.push_back(eval(child(n, i)));
    std::string error;
    return checked(n, call_function(id, args, context_, error), error);
  }

  sql_value case_of(const expr_node& n) {
    const bool simple = n.op == expr_op::case_simple;
    const std::uint32_t first = simple ? 1 : 0;
    const std::uint32_t pairs = (n.count - first - (n.has_else ? 1 : 0)) / 2;
    const sql_value value = simple ? eval(child(n, 0)) : sql_value();
    for (std::uint32_t i = 0; i < pairs && !failed(); ++i) {
      const sql_value when = eval(child(n, first + 2 * i));
      const bool hit = simple ? compare_values(value, when) == 0 : truth(when) == true;
      if (hit)
        return eval(child(n, first + 2 * i + 1));
    }
    return n.has_else ? eval(child(n, n.count - 1)) : sql_value();
  }

  const sql_expression& e_;
  const std::vector<bound_expression::slot>& slots_;
  const std::vector<protocol::cell>& row_;
  const sql_context& context_;
  expression_error error_;
};

}  // namespace

tl::expected<bound_expression, expression_error> bound_expression::bind(
    std::shared_ptr<const sql_expression> expression, const std::vector<expression_column>& columns) {
  bound_expression out;
  const bool some_unnamed = std::any_of(columns.begin(), columns.end(), [](const auto& c) { return c.name.empty(); });
  for (const column_ref& ref : expression->columns) {
    auto it =
        std::find_if(columns.begin(), columns.end(), [&](const auto& c) { return name_equals(c.name, ref.name); });
    if (it == columns.end())
      return tl::unexpected(expression_error{
          ref.position,
          "unknown column `" + ref.name + "`" +
              (some_unnamed ? " (the binlog names no columns: set binlog_row_metadata=FULL upstream)" : ""),
          expression_error::kind::unknown_column});
    const std::string what = "column `" + ref.name + "`";
    if (it->type == ct::json || it->type == ct::geometry)
      return tl::unexpected(expression_error{
          ref.position,
          what + " is " + (it->type == ct::json ? "JSON" : "GEOMETRY") + ", which expression filters do not read",
          expression_error::kind::unreadable_column});
    if ((it->type == ct::enum_ && it->enum_values.empty()) || (it->type == ct::set && it->set_values.empty()))
      return tl::unexpected(expression_error{
          ref.position, what + " is an ENUM or SET whose members are unknown (set binlog_row_metadata=FULL upstream)",
          expression_error::kind::unreadable_column});
    out.slots_.push_back(
        slot{static_cast<std::size_t>(it - columns.begin()), it->name, it->enum_values, it->set_values});
  }
  out.expression_ = std::move(expression);
  return out;
}

tl::expected<sql_value, expression_error> bound_expression::evaluate(const std::vector<protocol::cell>& row,
                                                                     const sql_context& context) const {
  return evaluator(*expression_, slots_, row, context).run();
}

tl::expected<bool, expression_error> bound_expression::matches(const std::vector<protocol::cell>& row,
                                                               const sql_context& context) const {
  auto v = evaluate(row, context);
  if (!v)
    return tl::unexpected(v.error());
  return truth(*v) == true;
}

}  // namespace sluice::pipeline
