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

/// The system clock moved by a number of milliseconds read from a file (a decimal integer, possibly
/// negative; missing or unreadable means 0). The file is read again at most every 20 ms, so a black-box
/// test can move a running server's time forward by rewriting it.
class OffsetFileClock final : public Clock {
 public:
  explicit OffsetFileClock(std::string path) : path_(std::move(path)) {}
  TimestampMs now_ms() const override;

 private:
  std::string path_;
  mutable std::atomic<std::int64_t> offset_{0};
  mutable std::atomic<std::int64_t> checked_at_{0};  // steady-clock ms of the last read
};

/// The company's time zone for calendar dates (expiry days, due dates): China Standard Time, UTC+8 all year.
inline constexpr std::int64_t kChinaOffsetMs = 8LL * 3600 * 1000;
inline constexpr std::int64_t kDayMs = 86400000;

/// The instant the calendar day `date` ("YYYY-MM-DD", a real date) begins in China; nullopt when malformed.
std::optional<TimestampMs> china_day_start(std::string_view date);
/// The calendar day in China at `t`, "YYYY-MM-DD".
std::string china_date(TimestampMs t);
/// `date` moved by `days` (negative for earlier); nullopt when `date` is malformed.
std::optional<std::string> add_days(std::string_view date, std::int64_t days);

/// Formats as RFC 3339 UTC with milliseconds, e.g. "2026-11-21T05:30:00.123Z".
std::string format_rfc3339(TimestampMs t);
/// Parses RFC 3339 with 'Z' or a numeric offset; nullopt when malformed or not a real date.
std::optional<TimestampMs> parse_rfc3339(std::string_view s);

}  // namespace anxin
