#pragma once
// A small seeded random source and the SQL literals the workload draws from it. The generator is
// written out (splitmix64) rather than taken from <random>, so a seed means the same statements
// with every standard library.

#include <cstdint>
#include <string>

namespace sluice::tools {

/// Deterministic 64-bit generator (splitmix64); one per workload connection, never shared.
class random_source {
 public:
  /// `stream` separates the sequences of several connections that share one seed.
  random_source(std::uint64_t seed, std::uint64_t stream) noexcept;

  std::uint64_t next() noexcept;
  /// Uniform in [0, n); n > 0.
  std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }
  /// Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) noexcept {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  /// True with probability percent / 100.
  bool chance(unsigned percent) noexcept { return below(100) < percent; }

  // SQL literals, each sometimes NULL when `nullable`.
  /// A short string with quotes, a backslash or multi-byte characters now and then.
  std::string text_literal(bool nullable);
  /// DECIMAL(12,3)-sized, small enough that repeated increments never overflow.
  std::string decimal_literal(bool nullable);
  /// DATETIME(3) between 2000 and 2030.
  std::string datetime_literal(bool nullable);
  /// DATE between 2000 and 2030.
  std::string date_literal(bool nullable);
  /// An integer in [lo, hi].
  std::string int_literal(std::int64_t lo, std::int64_t hi, bool nullable);

 private:
  std::uint64_t state_;
};

}  // namespace sluice::tools
