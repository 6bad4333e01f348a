#include "platform/http/rate_limiter.hpp"

#include <algorithm>
#include <vector>

namespace anxin::http {

bool RateLimiter::allow(const std::string& key, TimestampMs now) {
  std::lock_guard lock(mu_);
  auto it = windows_.find(key);
  if (it == windows_.end()) {
    if (windows_.size() >= max_keys_) prune(now);
    it = windows_.emplace(key, Window{now, 0}).first;
  }
  Window& w = it->second;
  if (now - w.start >= window_ms_) w = {now, 0};
  if (w.count >= limit_) return false;
  ++w.count;
  return true;
}

std::int64_t RateLimiter::retry_after_seconds(const std::string& key, TimestampMs now) const {
  std::lock_guard lock(mu_);
  const auto it = windows_.find(key);
  if (it == windows_.end()) return 0;
  return std::max<std::int64_t>(1, (it->second.start + window_ms_ - now + 999) / 1000);
}

void RateLimiter::prune(TimestampMs now) {
  std::erase_if(windows_, [&](const auto& kv) { return now - kv.second.start >= window_ms_; });
  if (windows_.size() < max_keys_) return;
  std::vector<TimestampMs> starts;
  starts.reserve(windows_.size());
  for (const auto& kv : windows_) starts.push_back(kv.second.start);
  std::nth_element(starts.begin(), starts.begin() + static_cast<std::ptrdiff_t>(starts.size() / 2), starts.end());
  const TimestampMs median = starts[starts.size() / 2];
  std::erase_if(windows_, [&](const auto& kv) { return kv.second.start <= median; });
}

}  // namespace anxin::http
