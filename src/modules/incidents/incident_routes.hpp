#pragma once

#include "modules/incidents/incident_service.hpp"
#include "platform/http/api.hpp"

namespace anxin::incidents {

/// Adds the incident routes.
void register_routes(http::Router& router, IncidentService& incidents);

}  // namespace anxin::incidents
