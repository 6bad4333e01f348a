#pragma once

#include "modules/incidents/aftermath_service.hpp"
#include "modules/incidents/investigation_service.hpp"
#include "platform/http/api.hpp"

namespace anxin::incidents {

/// Adds the routes after the emergency: /api/v1/incidents/{id}/aftermath…, /api/v1/incidents/{id}/investigation…,
/// POST /api/v1/incidents/{id}/case and /api/v1/cases….
void register_aftermath_routes(http::Router& router, AftermathService& aftermath, InvestigationService& investigations);

}  // namespace anxin::incidents
