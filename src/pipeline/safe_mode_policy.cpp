#include "pipeline/safe_mode_policy.hpp"

namespace sluice::pipeline {

safe_mode_policy::safe_mode_policy(bool always, std::chrono::seconds duration, const binlog_position& resume_at,
                                   const binlog_position& exit_safe, clock::time_point now)
    : always_(always) {
  if (always_)
    return;
  if (!exit_safe.empty()) {
    if (resume_at < exit_safe)
      until_position_ = exit_safe;
    return;  // the exit point equals (or precedes) the resume point: nothing to re-apply
  }
  until_time_ = now + duration;
}

bool safe_mode_policy::on_for(const binlog_position& end, clock::time_point now) {
  if (always_)
    return true;
  if (until_position_) {
    if (*until_position_ < end)
      until_position_.reset();
    else
      return true;
  }
  if (until_time_) {
    if (now < *until_time_)
      return true;
    until_time_.reset();
  }
  return false;
}

}  // namespace sluice::pipeline
