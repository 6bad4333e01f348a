#pragma once

#include <array>
#include <cstdint>

#include "core/clock.hpp"

namespace anxin::notify {

/// When a delivery that failed is tried again, and when it is given up (dead, shown in the dead-letter view).
struct RetryPolicy {
  /// Attempts before a delivery is dead.
  static constexpr std::int64_t kMaxAttempts = 6;
  /// Wait after the 1st, 2nd, … failed attempt: 30 s, 2 min, 10 min, 30 min, 2 h.
  static constexpr std::array<std::int64_t, 5> kBackoffMs = {30'000, 120'000, 600'000, 1'800'000, 7'200'000};

  /// What follows a failed attempt.
  struct Next {
    /// No more attempts: a permanent failure, or the last attempt allowed.
    bool dead = false;
    /// When it is due again (`now` for a dead one).
    TimestampMs next_attempt_at = 0;
  };

  /// After failed attempt number `attempts` (1 for the first) at `now`; a `permanent` failure (one
  /// retrying cannot fix) is dead at once.
  static Next after_failure(std::int64_t attempts, bool permanent, TimestampMs now);
};

}  // namespace anxin::notify
