#pragma once

#include "modules/incidents/incident_service.hpp"
#include "platform/db/database.hpp"
#include "platform/extend/registry.hpp"

namespace anxin::incidents {

/// Dispatch-gate check "incidents.open_serious_incident": a worker named in an incident of level I or II that is
/// still being responded to is not sent to another household until the response ends (the worker may be injured,
/// or needed by the investigation). Refuses with one reason per such incident.
class OpenSeriousIncidentCheck final : public extend::GateCheck {
 public:
  std::string name() const override { return "incidents.open_serious_incident"; }
  std::vector<extend::GateReason> check(db::Conn& c, const extend::GateRequest& request) const override;
};

/// The series "incidents.open" (incidents still responding, by the period they were reported in) and
/// "incidents.overdue_steps" (reporting steps not done by their deadline, by the period of the deadline).
std::vector<extend::IndicatorPoint> open_incidents(db::Database& db, const extend::IndicatorQuery& q);
std::vector<extend::IndicatorPoint> overdue_steps(db::Database& db, const extend::IndicatorQuery& q);

/// Contributes the incidents module's gate check, indicator sources, dashboard figure and free-text fields.
void register_extensions(extend::Registry& r, IncidentService& incidents);

}  // namespace anxin::incidents
