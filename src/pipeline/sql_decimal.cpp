#include "pipeline/sql_decimal.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>
#include <vector>

namespace sluice::pipeline {

namespace {

// Unsigned integers as decimal digit strings, most significant first.

std::string_view strip_zeros(std::string_view x) {
  while (x.size() > 1 && x.front() == '0')
    x.remove_prefix(1);
  return x;
}

int compare_magnitude(std::string_view x, std::string_view y) {
  x = strip_zeros(x);
  y = strip_zeros(y);
  if (x.size() != y.size())
    return x.size() < y.size() ? -1 : 1;
  const int c = x.compare(y);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string add_magnitude(std::string_view x, std::string_view y) {
  std::string out;
  int carry = 0;
  for (std::size_t i = 0; i < std::max(x.size(), y.size()) || carry; ++i) {
    int sum = carry;
    if (i < x.size())
      sum += x[x.size() - 1 - i] - '0';
    if (i < y.size())
      sum += y[y.size() - 1 - i] - '0';
    out.push_back(static_cast<char>('0' + sum % 10));
    carry = sum / 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// x - y for x >= y.
std::string subtract_magnitude(std::string_view x, std::string_view y) {
  std::string out(x);
  int borrow = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    char& d = out[out.size() - 1 - i];
    int v = d - '0' - borrow - (i < y.size() ? y[y.size() - 1 - i] - '0' : 0);
    borrow = v < 0 ? 1 : 0;
    d = static_cast<char>('0' + v + borrow * 10);
  }
  return std::string(strip_zeros(out));
}

std::string multiply_magnitude(std::string_view x, std::string_view y) {
  std::vector<int> acc(x.size() + y.size(), 0);
  for (std::size_t i = 0; i < x.size(); ++i)
    for (std::size_t j = 0; j < y.size(); ++j)
      acc[i + j + 1] += (x[i] - '0') * (y[j] - '0');
  for (std::size_t k = acc.size() - 1; k > 0; --k) {
    acc[k - 1] += acc[k] / 10;
    acc[k] %= 10;
  }
  std::string out;
  for (int d : acc)
    out.push_back(static_cast<char>('0' + d));
  return std::string(strip_zeros(out));
}

// Long division: {quotient, remainder} of x / y for y != 0.
std::pair<std::string, std::string> divide_magnitude(std::string_view x, std::string_view y) {
  std::string quotient, rest = "0";
  for (char digit : x) {
    rest = std::string(strip_zeros(rest + digit));
    int q = 0;
    while (compare_magnitude(rest, y) >= 0) {
      rest = subtract_magnitude(rest, y);
      ++q;
    }
    quotient.push_back(static_cast<char>('0' + q));
  }
  return {std::string(strip_zeros(quotient.empty() ? "0" : quotient)), rest};
}

// The unscaled digits of `digits`/`scale` at a larger scale.
std::string rescaled(const std::string& digits, int scale, int to_scale) {
  return digits + std::string(static_cast<std::size_t>(to_scale - scale), '0');
}

}  // namespace

sql_decimal::sql_decimal(bool negative, std::string digits, int scale)
    : negative_(negative), digits_(std::move(digits)), scale_(scale) {
  if (digits_.size() < static_cast<std::size_t>(scale_) + 1)
    digits_.insert(0, static_cast<std::size_t>(scale_) + 1 - digits_.size(), '0');
  std::size_t lead = 0;
  while (digits_.size() - lead > static_cast<std::size_t>(scale_) + 1 && digits_[lead] == '0')
    ++lead;
  digits_.erase(0, lead);
  if (is_zero())
    negative_ = false;
}

std::optional<sql_decimal> sql_decimal::checked(bool negative, std::string digits, int scale) {
  sql_decimal d(negative, std::move(digits), scale);
  if (d.scale_ > max_scale)
    d = d.drop_digits(d.scale_ - max_scale, true);
  if (static_cast<int>(d.digits_.size()) - d.scale_ > max_integer_digits)
    return std::nullopt;
  return d;
}

std::optional<sql_decimal> sql_decimal::parse(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ')
    text.remove_suffix(1);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  std::string digits;
  int scale = 0;
  bool point = false;
  for (char c : text) {
    if (c == '.' && !point) {
      point = true;
    } else if (c >= '0' && c <= '9') {
      digits.push_back(c);
      scale += point ? 1 : 0;
    } else {
      return std::nullopt;
    }
  }
  if (digits.empty())
    return std::nullopt;
  return checked(negative, std::move(digits), scale);
}

sql_decimal sql_decimal::from_int(std::int64_t value) {
  const bool negative = value < 0;
  const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  sql_decimal d = from_uint(magnitude);
  d.negative_ = negative;
  return d;
}

sql_decimal sql_decimal::from_uint(std::uint64_t value) { return sql_decimal(false, std::to_string(value), 0); }

std::optional<sql_decimal> sql_decimal::from_double(double value) {
  if (!std::isfinite(value) || std::fabs(value) >= 1e65)
    return std::nullopt;
  char buf[400];  // fixed notation of the smallest subnormal needs about 330 characters
  auto result = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  if (result.ec != std::errc{})
    return std::nullopt;
  return parse(std::string_view(buf, static_cast<std::size_t>(result.ptr - buf)));
}

bool sql_decimal::is_zero() const noexcept {
  return std::all_of(digits_.begin(), digits_.end(), [](char c) { return c == '0'; });
}

std::string sql_decimal::to_string() const {
  std::string out = negative_ ? "-" : "";
  const std::size_t integer = digits_.size() - static_cast<std::size_t>(scale_);
  out.append(digits_, 0, integer);
  if (scale_ > 0) {
    out.push_back('.');
    out.append(digits_, integer);
  }
  return out;
}

double sql_decimal::to_double() const {
  const std::string text = to_string();
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::optional<std::uint64_t> sql_decimal::to_uint64() const {
  if (negative_)
    return std::nullopt;
  const std::string_view integer(digits_.data(), digits_.size() - static_cast<std::size_t>(scale_));
  if (digits_.find_first_not_of('0', integer.size()) != std::string::npos)
    return std::nullopt;
  std::uint64_t value = 0;
  auto result = std::from_chars(integer.data(), integer.data() + integer.size(), value);
  if (result.ec != std::errc{})
    return std::nullopt;
  return value;
}

std::optional<std::int64_t> sql_decimal::to_int64() const {
  auto magnitude = abs().to_uint64();
  if (!magnitude)
    return std::nullopt;
  if (!negative_)
    return *magnitude <= static_cast<std::uint64_t>(INT64_MAX)
               ? std::optional<std::int64_t>(static_cast<std::int64_t>(*magnitude))
               : std::nullopt;
  if (*magnitude > static_cast<std::uint64_t>(INT64_MAX) + 1)
    return std::nullopt;
  return static_cast<std::int64_t>(0 - *magnitude);
}

sql_decimal sql_decimal::negated() const {
  sql_decimal d = *this;
  d.negative_ = !negative_ && !is_zero();
  return d;
}

sql_decimal sql_decimal::abs() const {
  sql_decimal d = *this;
  d.negative_ = false;
  return d;
}

// Drops the last `count` digits of the unscaled value, rounding half up (away from zero) or
// truncating; the scale shrinks by `count`, or the dropped places are refilled with zeros when the
// scale would go negative (ROUND(1250, -2) = 1300).
sql_decimal sql_decimal::drop_digits(int count, bool round_half_up) const {
  if (count <= 0)
    return *this;
  std::string digits = digits_;
  if (digits.size() < static_cast<std::size_t>(count) + 1)
    digits.insert(0, static_cast<std::size_t>(count) + 1 - digits.size(), '0');
  const std::size_t keep = digits.size() - static_cast<std::size_t>(count);
  const bool up = round_half_up && digits[keep] >= '5';
  std::string kept = digits.substr(0, keep);
  if (up)
    kept = add_magnitude(kept, "1");
  const int new_scale = scale_ - count;
  if (new_scale >= 0)
    return sql_decimal(negative_, kept, new_scale);
  return sql_decimal(negative_, kept + std::string(static_cast<std::size_t>(-new_scale), '0'), 0);
}

sql_decimal sql_decimal::round(int digits) const {
  return digits >= scale_ ? *this : drop_digits(scale_ - digits, true);
}

sql_decimal sql_decimal::truncate(int digits) const {
  return digits >= scale_ ? *this : drop_digits(scale_ - digits, false);
}

sql_decimal sql_decimal::floor() const {
  sql_decimal whole = truncate(0);
  if (negative_ && whole != *this)
    return sql_decimal(true, add_magnitude(whole.digits_, "1"), 0);
  return whole;
}

sql_decimal sql_decimal::ceil() const {
  sql_decimal whole = truncate(0);
  if (!negative_ && whole != *this)
    return sql_decimal(false, add_magnitude(whole.digits_, "1"), 0);
  return whole;
}

std::optional<sql_decimal> sql_decimal::add(const sql_decimal& a, const sql_decimal& b) {
  const int scale = std::max(a.scale_, b.scale_);
  const std::string x = rescaled(a.digits_, a.scale_, scale), y = rescaled(b.digits_, b.scale_, scale);
  if (a.negative_ == b.negative_)
    return checked(a.negative_, add_magnitude(x, y), scale);
  if (compare_magnitude(x, y) >= 0)
    return checked(a.negative_, subtract_magnitude(x, y), scale);
  return checked(b.negative_, subtract_magnitude(y, x), scale);
}

std::optional<sql_decimal> sql_decimal::subtract(const sql_decimal& a, const sql_decimal& b) {
  return add(a, b.negated());
}

std::optional<sql_decimal> sql_decimal::multiply(const sql_decimal& a, const sql_decimal& b) {
  return checked(a.negative_ != b.negative_, multiply_magnitude(a.digits_, b.digits_), a.scale_ + b.scale_);
}

std::optional<sql_decimal> sql_decimal::divide(const sql_decimal& a, const sql_decimal& b, int extra_scale) {
  if (b.is_zero())
    return std::nullopt;
  const int scale = std::min(a.scale_ + std::max(extra_scale, 0), max_scale);
  // a/b * 10^(scale+1) = A * 10^(b.scale + scale + 1) / (B * 10^a.scale); the extra digit rounds.
  const std::string numerator = a.digits_ + std::string(static_cast<std::size_t>(b.scale_ + scale + 1), '0');
  const std::string denominator = b.digits_ + std::string(static_cast<std::size_t>(a.scale_), '0');
  std::string quotient = divide_magnitude(numerator, denominator).first;
  const bool up = quotient.back() >= '5';
  quotient.pop_back();
  if (quotient.empty())
    quotient = "0";
  if (up)
    quotient = add_magnitude(quotient, "1");
  return checked(a.negative_ != b.negative_, std::move(quotient), scale);
}

std::optional<sql_decimal> sql_decimal::remainder(const sql_decimal& a, const sql_decimal& b) {
  if (b.is_zero())
    return std::nullopt;
  const int scale = std::max(a.scale_, b.scale_);
  auto parts = divide_magnitude(rescaled(a.digits_, a.scale_, scale), rescaled(b.digits_, b.scale_, scale));
  return checked(a.negative_, std::move(parts.second), scale);
}

std::strong_ordering operator<=>(const sql_decimal& a, const sql_decimal& b) {
  if (a.negative_ != b.negative_)
    return a.negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  const int scale = std::max(a.scale_, b.scale_);
  int c = compare_magnitude(rescaled(a.digits_, a.scale_, scale), rescaled(b.digits_, b.scale_, scale));
  if (a.negative_)
    c = -c;
  return c < 0 ? std::strong_ordering::less : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

}  // namespace sluice::pipeline
