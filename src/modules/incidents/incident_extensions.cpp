#include "modules/incidents/incident_extensions.hpp"

#include <algorithm>

#include "modules/incidents/incident_extension_repository.hpp"

namespace anxin::incidents {

std::vector<extend::GateReason> OpenSeriousIncidentCheck::check(db::Conn& c, const extend::GateRequest& request) const {
  std::vector<extend::GateReason> out;
  if (request.user_id == 0) return out;
  for (const auto& i : IncidentExtensionRepository().open_serious_of_worker(c, request.user_id)) {
    out.push_back({.check = name(),
                   .message_key = "incidents.gate_open_serious_incident",
                   .params = {{"number", i.number}, {"level", i.level}},
                   .record_kind = "incident",
                   .record_id = i.id});
  }
  return out;
}

std::vector<extend::IndicatorPoint> open_incidents(db::Database& db, const extend::IndicatorQuery& q) {
  std::vector<extend::IndicatorPoint> points;
  const auto items = db.read([&](db::Conn& c) { return IncidentExtensionRepository().open_reported(c, q.from, q.to); });
  for (const auto& i : items) extend::count_into(points, q, i.at, i.department_id);
  return points;
}

std::vector<extend::IndicatorPoint> overdue_steps(db::Database& db, const extend::IndicatorQuery& q) {
  std::vector<extend::IndicatorPoint> points;
  // A step is overdue only once its deadline has passed.
  const TimestampMs until = std::min(q.to, q.now);
  if (until <= q.from) return points;
  const auto items =
      db.read([&](db::Conn& c) { return IncidentExtensionRepository().undone_steps_due(c, q.from, until); });
  for (const auto& i : items) extend::count_into(points, q, i.at, i.department_id);
  return points;
}

void register_extensions(extend::Registry& r, IncidentService& incidents) {
  auto& db = r.db();
  r.gate().add(std::make_unique<OpenSeriousIncidentCheck>());
  r.indicators().add({.key = "incidents.open",
                      .label_key = "indicators.incidents_open",
                      .permission = "incidents:incident:read",
                      .series = [&db](const extend::IndicatorQuery& q) { return open_incidents(db, q); }});
  r.indicators().add({.key = "incidents.overdue_steps",
                      .label_key = "indicators.incidents_overdue_steps",
                      .permission = "incidents:incident:read",
                      .series = [&db](const extend::IndicatorQuery& q) { return overdue_steps(db, q); }});
  // The seeds' target is zero accidents: met while no incident of any level was reported this month.
  r.figures().add({.key = "incidents.by_level_month",
                   .label_key = "figures.incidents_by_level_month",
                   .drill_down = "/incidents",
                   .permission = "incidents:incident:read",
                   .compute = [&incidents](const Caller& caller, TimestampMs now) {
                     const auto counts =
                         incidents.count_by_level(caller, extend::period_start(now, extend::Period::kMonth));
                     nlohmann::json by_level = nlohmann::json::object();
                     std::int64_t total = 0;
                     for (std::size_t i = 0; i < counts.size(); ++i) {
                       by_level[std::to_string(i + 1)] = counts[i];
                       total += counts[i];
                     }
                     return extend::FigureValue{.value = by_level, .target = 0.0, .met = total == 0};
                   }});
  // Free text people type into an incident: the personal-information detector and masking must find all of it.
  struct Text {
    const char* table;
    const char* column;
    const char* label;
  };
  for (const Text& t :
       {Text{"incidents", "description_enc", "fields.description"},
        Text{"incidents", "measures_enc", "fields.measures"}, Text{"incidents", "place_enc", "fields.place"},
        Text{"incidents", "loss_assessment_enc", "fields.loss_assessment"},
        Text{"incident_reports", "text_enc", "fields.follow_up"}, Text{"incident_events", "note_enc", "fields.note"}}) {
    r.free_text({.table = t.table, .column = t.column, .data_class = 3, .label_key = t.label});
  }
}

}  // namespace anxin::incidents
