#include "modules/incidents/incident_extension_repository.hpp"

#include <string_view>

namespace anxin::incidents {

std::string_view incidents_sql(std::string_view name);  // embedded queries/*.sql

std::vector<OpenSeriousIncident> IncidentExtensionRepository::open_serious_of_worker(db::Conn& c,
                                                                                     std::int64_t user_id) const {
  std::vector<OpenSeriousIncident> out;
  for (const auto& r : c.query(incidents_sql("gate_open_serious"), user_id)) {
    out.push_back({.id = r.int64("id"), .number = r.text("number"), .level = r.int64("level")});
  }
  return out;
}

std::vector<IndicatorItem> IncidentExtensionRepository::open_reported(db::Conn& c, TimestampMs from,
                                                                      TimestampMs to) const {
  std::vector<IndicatorItem> out;
  for (const auto& r : c.query(incidents_sql("indicator_open"), from, to)) {
    out.push_back({.at = r.int64("reported_at"), .department_id = r.int64("department_id")});
  }
  return out;
}

std::vector<IndicatorItem> IncidentExtensionRepository::undone_steps_due(db::Conn& c, TimestampMs from,
                                                                         TimestampMs to) const {
  std::vector<IndicatorItem> out;
  for (const auto& r : c.query(incidents_sql("indicator_overdue_steps"), from, to)) {
    out.push_back({.at = r.int64("due_at"), .department_id = r.int64("department_id")});
  }
  return out;
}

}  // namespace anxin::incidents
