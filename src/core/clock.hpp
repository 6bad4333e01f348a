#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace anxin {

/// Milliseconds since the Unix epoch, UTC: the one representation of instants in storage.
using TimestampMs = std::int64_t;

/// Source of the current time. Injected everywhere time matters so tests can move it.
class Clock {
 public:
  virtual ~Clock() = default;
  /// Current UTC time in milliseconds since the epoch.
  virtual TimestampMs now_ms() const = 0;
};

/// Wall clock.
class SystemClock final : public Clock {
 public:
  TimestampMs now_ms() const override;
};

/// A clock that only moves when told to; for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimestampMs start) : now_(start) {}
  TimestampMs now_ms() const override { return now_.load(); }
  void advance_ms(std::int64_t delta) { now_.fetch_add(delta); }
  void set_ms(TimestampMs t) { now_.store(t); }

 private:
  std::atomic<TimestampMs> now_;
};

/// Formats as RFC 3339 UTC with milliseconds, e.g. "2026-11-21T05:30:00.123Z".
std::string format_rfc3339(TimestampMs t);
/// Parses RFC 3339 with 'Z' or a numeric offset; nullopt when malformed or not a real date.
std::optional<TimestampMs> parse_rfc3339(std::string_view s);

}  // namespace anxin
