#include "modules/workforce/working_time_repository.hpp"

namespace anxin::workforce {

std::string_view workforce_sql(std::string_view name);  // embedded queries/*.sql

std::int64_t WorkingTimeRepository::add_shift(db::Conn& c, const Shift& s, std::optional<std::int64_t> by,
                                              TimestampMs now) {
  return c.query_one(workforce_sql("shift_insert"), s.worker_id, s.starts_at, s.ends_at, s.note, by, now)->int64("id");
}

std::vector<Shift> WorkingTimeRepository::shifts(db::Conn& c, std::int64_t worker_id, TimestampMs from,
                                                 TimestampMs to) const {
  std::vector<Shift> out;
  for (const auto& r : c.query(workforce_sql("shifts_between"), worker_id, from, to)) {
    out.push_back({.id = r.int64("id"),
                   .worker_id = worker_id,
                   .starts_at = r.int64("starts_at"),
                   .ends_at = r.int64("ends_at"),
                   .note = r.opt_text("note")});
  }
  return out;
}

WorkforceSettings WorkingTimeRepository::settings(db::Conn& c) const {
  WorkforceSettings s;
  for (const auto& r : c.query(workforce_sql("settings_all"))) {
    const auto key = r.text("key");
    const auto value = r.int64("value");
    if (key == "daily_hours_max") s.daily_hours_max = value;
    if (key == "weekly_hours_max") s.weekly_hours_max = value;
    if (key == "weekly_rest_days_min") s.weekly_rest_days_min = value;
    if (key == "gate_warning_days") s.gate_warning_days = value;
    if (key == "integrity_points_max") s.integrity_points_max = value;
  }
  return s;
}

void WorkingTimeRepository::set_settings(db::Conn& c, const WorkforceSettings& s) {
  c.exec(workforce_sql("setting_set"), "daily_hours_max", s.daily_hours_max);
  c.exec(workforce_sql("setting_set"), "weekly_hours_max", s.weekly_hours_max);
  c.exec(workforce_sql("setting_set"), "weekly_rest_days_min", s.weekly_rest_days_min);
  c.exec(workforce_sql("setting_set"), "gate_warning_days", s.gate_warning_days);
  c.exec(workforce_sql("setting_set"), "integrity_points_max", s.integrity_points_max);
}

}  // namespace anxin::workforce
