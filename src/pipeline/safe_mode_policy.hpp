#pragma once
// When to apply rows idempotently, by DM's rules (dm/syncer/safe_mode.go):
//  - `safe-mode: true` keeps it on for good;
//  - after a clean stop the checkpoint carries an exit point: on until a transaction ends past it
//    (off at once when the exit point is the resume point);
//  - otherwise (first start, crash) on for `safe-mode-duration` of wall-clock time.

#include <chrono>
#include <optional>

#include "pipeline/binlog_position.hpp"

namespace sluice::pipeline {

/// Owned by the rewrite stage; one per pipeline run.
class safe_mode_policy {
 public:
  using clock = std::chrono::steady_clock;

  safe_mode_policy(bool always, std::chrono::seconds duration, const binlog_position& resume_at,
                   const binlog_position& exit_safe, clock::time_point now);

  /// Whether the transaction ending at `end` is applied in safe mode.
  bool on_for(const binlog_position& end, clock::time_point now);

 private:
  bool always_;
  std::optional<binlog_position> until_position_;
  std::optional<clock::time_point> until_time_;
};

}  // namespace sluice::pipeline
