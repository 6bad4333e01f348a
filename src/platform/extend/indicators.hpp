#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"

namespace anxin::extend {

/// The periods an indicator is counted in.
enum class Period { kDay, kWeek, kMonth };

/// What an indicator is asked for: [from, to) cut into periods, optionally for some departments.
struct IndicatorQuery {
  TimestampMs from = 0;
  TimestampMs to = 0;
  Period period = Period::kMonth;
  /// The departments counted (a department tree is expanded by the asker, through the identity module); empty: the
  /// whole company.
  std::vector<std::int64_t> department_ids;
  /// The moment of asking ("overdue" is judged against it).
  TimestampMs now = 0;

  /// True when a record of `department_id` is counted.
  bool counts(std::int64_t department_id) const;
};

/// One number of a series: a period (its start) and a department.
struct IndicatorPoint {
  TimestampMs period_start = 0;
  std::int64_t department_id = 0;
  double value = 0;
};

/// A named series of numbers per period and department, contributed by the module that records them
/// (open incidents, overdue reporting steps, overdue hazards, expiring certificates …) and read by the risk
/// indicators and the dashboard.
struct IndicatorSource {
  /// Stable key, e.g. "incidents.open".
  std::string key;
  /// Translation key of its name.
  std::string label_key;
  /// "count", "percent", "hours", "fen" …
  std::string unit = "count";
  /// The permission a caller needs to read it.
  std::string permission;
  /// The series; periods without records are absent (read as 0).
  std::function<std::vector<IndicatorPoint>(const IndicatorQuery&)> series;
};

/// Adds one record at `at` of `department_id` to `points` (one point per period and department, ordered by period
/// then department), when the query counts it.
void count_into(std::vector<IndicatorPoint>& points, const IndicatorQuery& q, TimestampMs at,
                std::int64_t department_id, double amount = 1);

/// Every registered indicator source, by key.
class Indicators {
 public:
  /// Adds a source; throws std::logic_error when the key is taken (two modules must not share one).
  void add(IndicatorSource source);
  const IndicatorSource* find(const std::string& key) const;
  const std::vector<IndicatorSource>& all() const { return sources_; }

 private:
  std::vector<IndicatorSource> sources_;
};

/// Start of the period containing `at`, in the company's time zone (UTC+8, China Standard Time): days begin at
/// local midnight, weeks on Monday, months on the 1st.
TimestampMs period_start(TimestampMs at, Period period);
/// The period named "day", "week" or "month".
bool parse_period(const std::string& text, Period& out);
const char* period_name(Period period);

}  // namespace anxin::extend
