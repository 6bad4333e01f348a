#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace anxin::workforce {

/// A shift a worker worked or is planned to work (WRK-7).
struct Shift {
  std::int64_t id = 0;
  std::int64_t worker_id = 0;
  TimestampMs starts_at = 0;
  TimestampMs ends_at = 0;
  std::optional<std::string> note;
};

/// The rules of the workforce module an administrator sets (workforce_settings).
struct WorkforceSettings {
  /// Labour Law art. 36: no more than 8 hours a day and 44 a week; art. 38: at least one day of rest a week.
  std::int64_t daily_hours_max = 8;
  std::int64_t weekly_hours_max = 44;
  std::int64_t weekly_rest_days_min = 1;
  /// Records ending within this many days are answered by the gate as warnings.
  std::int64_t gate_warning_days = 30;
  /// Violation points of the last 365 days at which the gate refuses (诚信档案).
  std::int64_t integrity_points_max = 12;
};

/// A breach of the working-time rules: "day_over" (a day's hours above the limit), "week_over" (a week's, Monday to
/// Sunday), "no_rest_day" (fewer rest days in a week than required). `date` is the day or the week's Monday.
struct HoursFlag {
  std::string kind;
  std::string date;
  double hours = 0;
};

/// The company day (YYYY-MM-DD) of the Monday of the week holding `t`.
std::string week_start(TimestampMs t);
/// The flags of `shifts` (split at midnight, company time) for the days from `first_day` to `last_day` and the weeks
/// touching them (pass every shift of those weeks). A week lacks rest when more of its days hold work than the rest
/// rule leaves, whether the shifts were worked or are planned.
std::vector<HoursFlag> hours_flags(const std::vector<Shift>& shifts, const WorkforceSettings& rules,
                                   const std::string& first_day, const std::string& last_day);

nlohmann::json to_json(const Shift& s);
nlohmann::json to_json(const HoursFlag& f);
nlohmann::json to_json(const WorkforceSettings& s);
nlohmann::json shift_schema();
nlohmann::json hours_flag_schema();
nlohmann::json settings_schema();

}  // namespace anxin::workforce
