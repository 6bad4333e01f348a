#include <algorithm>
#include <stdexcept>

#include "platform/extend/dispatch_gate.hpp"
#include "platform/extend/figures.hpp"
#include "platform/extend/free_text.hpp"
#include "platform/extend/indicators.hpp"
#include "platform/extend/record_links.hpp"

namespace anxin::extend {

void RecordLinks::add(std::unique_ptr<RecordResolver> resolver) {
  if (knows(resolver->kind())) throw std::logic_error("record resolver registered twice: " + resolver->kind());
  resolvers_.push_back(std::move(resolver));
}

bool RecordLinks::knows(const std::string& kind) const {
  return std::any_of(resolvers_.begin(), resolvers_.end(), [&](const auto& r) { return r->kind() == kind; });
}

std::optional<LinkedRecord> RecordLinks::resolve(db::Conn& c, const Caller& caller, const std::string& kind,
                                                 std::int64_t id) const {
  for (const auto& r : resolvers_) {
    if (r->kind() == kind) return r->resolve(c, caller, id);
  }
  return std::nullopt;
}

void DispatchGate::add(std::unique_ptr<GateCheck> check) {
  const auto name = check->name();
  for (const auto& c : checks_) {
    if (c->name() == name) throw std::logic_error("dispatch-gate check registered twice: " + name);
  }
  checks_.push_back(std::move(check));
}

GateDecision DispatchGate::evaluate(db::Conn& conn, const GateRequest& request) const {
  GateDecision d;
  for (const auto& c : checks_) {
    d.checked.push_back(c->name());
    try {
      for (auto& reason : c->check(conn, request)) {
        if (reason.check.empty()) reason.check = c->name();
        (reason.warning ? d.warnings : d.reasons).push_back(std::move(reason));
      }
    } catch (const std::exception&) {
      // A check that cannot answer refuses: nobody is sent on records that could not be read.
      d.reasons.push_back({c->name(), "gate.check_failed", {{"check", c->name()}}});
    }
  }
  d.pass = d.reasons.empty();
  return d;
}

std::vector<std::string> DispatchGate::check_names() const {
  std::vector<std::string> out;
  for (const auto& c : checks_) out.push_back(c->name());
  return out;
}

void Indicators::add(IndicatorSource source) {
  if (find(source.key) != nullptr) throw std::logic_error("indicator source registered twice: " + source.key);
  sources_.push_back(std::move(source));
}

const IndicatorSource* Indicators::find(const std::string& key) const {
  for (const auto& s : sources_) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

bool IndicatorQuery::counts(std::int64_t department_id) const {
  return department_ids.empty() ||
         std::find(department_ids.begin(), department_ids.end(), department_id) != department_ids.end();
}

void count_into(std::vector<IndicatorPoint>& points, const IndicatorQuery& q, TimestampMs at,
                std::int64_t department_id, double amount) {
  if (at < q.from || at >= q.to || !q.counts(department_id)) return;
  const TimestampMs start = period_start(at, q.period);
  const auto key = [](const IndicatorPoint& p) { return std::make_pair(p.period_start, p.department_id); };
  const auto wanted = std::make_pair(start, department_id);
  auto it = std::lower_bound(points.begin(), points.end(), wanted,
                             [&](const IndicatorPoint& p, const auto& w) { return key(p) < w; });
  if (it != points.end() && key(*it) == wanted) {
    it->value += amount;
  } else {
    points.insert(it, {start, department_id, amount});
  }
}

namespace {
constexpr TimestampMs kDayMs = 24LL * 3600 * 1000;
// The company's time zone: China Standard Time, UTC+8, without daylight saving.
constexpr TimestampMs kZoneOffsetMs = 8LL * 3600 * 1000;

TimestampMs floor_div(TimestampMs a, TimestampMs b) { return (a >= 0 ? a : a - b + 1) / b; }

// Days since 1970-01-01 -> civil date (H. Hinnant's algorithm).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
}  // namespace

TimestampMs period_start(TimestampMs at, Period period) {
  const std::int64_t local_day = floor_div(at + kZoneOffsetMs, kDayMs);
  std::int64_t start_day = local_day;
  if (period == Period::kWeek) {
    // 1970-01-01 was a Thursday: Monday-based weekday = (days + 3) mod 7.
    start_day = local_day - ((local_day + 3) % 7 + 7) % 7;
  } else if (period == Period::kMonth) {
    std::int64_t y = 0;
    unsigned m = 0;
    unsigned d = 0;
    civil_from_days(local_day, y, m, d);
    start_day = days_from_civil(y, m, 1);
  }
  return start_day * kDayMs - kZoneOffsetMs;
}

bool parse_period(const std::string& text, Period& out) {
  if (text == "day")
    out = Period::kDay;
  else if (text == "week")
    out = Period::kWeek;
  else if (text == "month")
    out = Period::kMonth;
  else
    return false;
  return true;
}

const char* period_name(Period period) {
  switch (period) {
    case Period::kDay: return "day";
    case Period::kWeek: return "week";
    case Period::kMonth: return "month";
  }
  return "month";
}

void Figures::add(Figure figure) {
  for (const auto& f : figures_) {
    if (f.key == figure.key) throw std::logic_error("dashboard figure registered twice: " + figure.key);
  }
  figures_.push_back(std::move(figure));
}

nlohmann::json Figures::compute_for(const Caller& caller, TimestampMs now) const {
  auto out = nlohmann::json::array();
  for (const auto& f : figures_) {
    if (!f.permission.empty() && !caller.has(f.permission)) continue;
    const auto v = f.compute(caller, now);
    nlohmann::json j = {
        {"key", f.key}, {"label_key", f.label_key}, {"unit", f.unit}, {"drill_down", f.drill_down}, {"value", v.value}};
    if (v.target) j["target"] = *v.target;
    if (v.met) j["met"] = *v.met;
    out.push_back(std::move(j));
  }
  return out;
}

void FreeTextFields::add(FreeTextField field) {
  for (const auto& f : fields_) {
    if (f.table == field.table && f.column == field.column) {
      throw std::logic_error("free-text field registered twice: " + field.table + "." + field.column);
    }
  }
  fields_.push_back(std::move(field));
}

std::vector<FreeTextField> FreeTextFields::of_table(const std::string& table) const {
  std::vector<FreeTextField> out;
  for (const auto& f : fields_) {
    if (f.table == table) out.push_back(f);
  }
  return out;
}

}  // namespace anxin::extend
