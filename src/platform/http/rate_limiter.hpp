#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace anxin::http {

/// A fixed-window request counter per key (e.g. the client address) for public routes: at most `limit` requests
/// per key in each window of `window_ms`. Memory stays bounded: once `max_keys` keys are tracked, the windows that
/// have ended are dropped, and if all are current the oldest-started half is dropped. Thread-safe.
class RateLimiter {
 public:
  RateLimiter(std::int64_t limit, std::int64_t window_ms, std::size_t max_keys = 10000)
      : limit_(limit), window_ms_(window_ms), max_keys_(max_keys) {}

  /// Counts one request of `key` at `now`; false when the key is over its limit in the current window.
  bool allow(const std::string& key, TimestampMs now);
  /// Seconds until the key's current window ends (for Retry-After).
  std::int64_t retry_after_seconds(const std::string& key, TimestampMs now) const;

 private:
  struct Window {
    TimestampMs start = 0;
    std::int64_t count = 0;
  };
  void prune(TimestampMs now);

  std::int64_t limit_;
  std::int64_t window_ms_;
  std::size_t max_keys_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace anxin::http
