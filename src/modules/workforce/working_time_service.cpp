// WorkerService: working time (shifts and the hours flags) and the module's settings.
#include "modules/workforce/worker_service.hpp"

namespace anxin::workforce {

namespace {
/// The longest shift recorded at once: a live-in worker's day and night.
constexpr TimestampMs kMaxShiftMs = 24 * 3600 * 1000;
/// The longest period asked for at once.
constexpr TimestampMs kMaxPeriodMs = 92 * kDayMs;
}  // namespace

Result<Shift> WorkerService::add_shift(const Caller& caller, std::int64_t id, Shift shift) {
  if (shift.ends_at <= shift.starts_at)
    return Error::unprocessable("workforce.end_before_start", {{"field", "ends_at"}});
  if (shift.ends_at - shift.starts_at > kMaxShiftMs) {
    return Error::unprocessable("workforce.shift_too_long", {{"field", "ends_at"}, {"hours", 24}});
  }
  return db_.write([&](db::Conn& c) -> Result<Shift> {
    ANXIN_ASSIGN_OR_RETURN(Worker w, load_in_scope(c, caller, id));
    shift.worker_id = id;
    shift.id = working_time_.add_shift(c, shift, caller.user_id ? std::optional(caller.user_id) : std::nullopt,
                                       clock_.now_ms());
    audit_change(c, caller, "add_shift", w, nullptr,
                 {{"shift_id", shift.id},
                  {"starts_at", format_rfc3339(shift.starts_at)},
                  {"ends_at", format_rfc3339(shift.ends_at)}});
    return shift;
  });
}

Result<std::pair<std::vector<Shift>, std::vector<HoursFlag>>> WorkerService::working_time(const Caller& caller,
                                                                                          std::int64_t id,
                                                                                          TimestampMs from,
                                                                                          TimestampMs to) {
  if (to <= from) return Error::unprocessable("workforce.period_invalid", {{"field", "to"}});
  if (to - from > kMaxPeriodMs)
    return Error::unprocessable("workforce.period_too_long", {{"field", "to"}, {"days", 92}});
  return db_.read([&](db::Conn& c) -> Result<std::pair<std::vector<Shift>, std::vector<HoursFlag>>> {
    ANXIN_TRY(load_in_scope(c, caller, id));
    // The whole weeks around the period, so that the weekly rules are judged on whole weeks.
    const TimestampMs week_from = *china_day_start(week_start(from));
    const TimestampMs week_to = *china_day_start(week_start(to - 1)) + 7 * kDayMs;
    auto shifts = working_time_.shifts(c, id, week_from, week_to);
    auto flags = hours_flags(shifts, working_time_.settings(c), china_date(from), china_date(to - 1));
    std::erase_if(shifts, [&](const Shift& s) { return s.ends_at <= from || s.starts_at >= to; });
    return std::make_pair(std::move(shifts), std::move(flags));
  });
}

WorkforceSettings WorkerService::settings() {
  return db_.read([&](db::Conn& c) { return working_time_.settings(c); });
}

Result<WorkforceSettings> WorkerService::set_settings(const Caller& caller, const WorkforceSettings& s) {
  return db_.write([&](db::Conn& c) -> Result<WorkforceSettings> {
    const auto before = working_time_.settings(c);
    working_time_.set_settings(c, s);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "update",
                      .entity = "workforce_settings",
                      .entity_id = "workforce",
                      .before = to_json(before),
                      .after = to_json(s)});
    return working_time_.settings(c);
  });
}

}  // namespace anxin::workforce
