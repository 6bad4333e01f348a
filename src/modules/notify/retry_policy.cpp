#include "modules/notify/retry_policy.hpp"

#include <algorithm>
#include <cstddef>

namespace anxin::notify {

RetryPolicy::Next RetryPolicy::after_failure(std::int64_t attempts, bool permanent, TimestampMs now) {
  const bool dead = permanent || attempts >= kMaxAttempts;
  if (dead) return {.dead = true, .next_attempt_at = now};
  const auto step =
      static_cast<std::size_t>(std::min<std::int64_t>(attempts, static_cast<std::int64_t>(kBackoffMs.size())) - 1);
  return {.dead = false, .next_attempt_at = now + kBackoffMs[step]};
}

}  // namespace anxin::notify
