#include "modules/workforce/working_time.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "platform/http/schema.hpp"

namespace anxin::workforce {

namespace {

constexpr double kHourMs = 3600.0 * 1000;

/// The company day index of `t` (days since 1970-01-01 in China); 1970-01-01 was a Thursday.
std::int64_t day_index(TimestampMs t) {
  const TimestampMs local = t + kChinaOffsetMs;
  return local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
}
std::string day_of_index(std::int64_t d) { return china_date(d * kDayMs - kChinaOffsetMs); }
std::int64_t monday_of(std::int64_t d) { return d - ((d + 3) % 7 + 7) % 7; }

}  // namespace

std::string week_start(TimestampMs t) { return day_of_index(monday_of(day_index(t))); }

std::vector<HoursFlag> hours_flags(const std::vector<Shift>& shifts, const WorkforceSettings& rules,
                                   const std::string& first_day, const std::string& last_day) {
  // Hours per company day.
  std::map<std::int64_t, double> per_day;
  for (const auto& s : shifts) {
    for (TimestampMs at = s.starts_at; at < s.ends_at;) {
      const std::int64_t d = day_index(at);
      const TimestampMs day_end = (d + 1) * kDayMs - kChinaOffsetMs;
      const TimestampMs until = std::min(s.ends_at, day_end);
      per_day[d] += static_cast<double>(until - at) / kHourMs;
      at = until;
    }
  }
  const std::int64_t first = day_index(*china_day_start(first_day));
  const std::int64_t last = day_index(*china_day_start(last_day));
  std::vector<HoursFlag> out;
  for (std::int64_t d = first; d <= last; ++d) {
    const auto it = per_day.find(d);
    if (it != per_day.end() && it->second > static_cast<double>(rules.daily_hours_max) + 1e-9) {
      out.push_back({"day_over", day_of_index(d), it->second});
    }
  }
  for (std::int64_t monday = monday_of(first); monday <= last; monday += 7) {
    double hours = 0;
    int worked = 0;
    for (std::int64_t d = monday; d < monday + 7; ++d) {
      const auto it = per_day.find(d);
      if (it == per_day.end()) continue;
      hours += it->second;
      ++worked;
    }
    if (hours > static_cast<double>(rules.weekly_hours_max) + 1e-9)
      out.push_back({"week_over", day_of_index(monday), hours});
    if (7 - worked < rules.weekly_rest_days_min) {
      out.push_back({"no_rest_day", day_of_index(monday), hours});
    }
  }
  return out;
}

nlohmann::json to_json(const Shift& s) {
  return {{"id", s.id},
          {"worker_id", s.worker_id},
          {"starts_at", format_rfc3339(s.starts_at)},
          {"ends_at", format_rfc3339(s.ends_at)},
          {"note", s.note ? nlohmann::json(*s.note) : nlohmann::json(nullptr)}};
}

nlohmann::json to_json(const HoursFlag& f) { return {{"kind", f.kind}, {"date", f.date}, {"hours", f.hours}}; }

nlohmann::json to_json(const WorkforceSettings& s) {
  return {{"daily_hours_max", s.daily_hours_max},
          {"weekly_hours_max", s.weekly_hours_max},
          {"weekly_rest_days_min", s.weekly_rest_days_min},
          {"gate_warning_days", s.gate_warning_days},
          {"integrity_points_max", s.integrity_points_max}};
}

nlohmann::json shift_schema() {
  return {{"type", "object"},
          {"required", {"id", "worker_id", "starts_at", "ends_at"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"worker_id", {{"type", "integer"}}},
            {"starts_at", http::schema::date_time()},
            {"ends_at", http::schema::date_time()},
            {"note", {{"type", {"string", "null"}}}}}}};
}

nlohmann::json hours_flag_schema() {
  return {{"type", "object"},
          {"required", {"kind", "date", "hours"}},
          {"properties",
           {{"kind", http::schema::one_of({"day_over", "week_over", "no_rest_day"})},
            {"date", {{"type", "string"}}},
            {"hours", {{"type", "number"}}}}}};
}

nlohmann::json settings_schema() {
  const auto n = [](int min, int max) {
    return nlohmann::json{{"type", "integer"}, {"minimum", min}, {"maximum", max}};
  };
  return {{"type", "object"},
          {"required", {"daily_hours_max", "weekly_hours_max", "weekly_rest_days_min", "gate_warning_days"}},
          {"properties",
           {{"daily_hours_max", n(1, 24)},
            {"weekly_hours_max", n(1, 168)},
            {"weekly_rest_days_min", n(0, 7)},
            {"gate_warning_days", n(0, 365)},
            {"integrity_points_max", n(1, 100)}}}};
}

}  // namespace anxin::workforce
