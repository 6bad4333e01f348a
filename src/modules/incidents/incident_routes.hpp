#pragma once

#include "modules/incidents/incident_service.hpp"
#include "platform/http/api.hpp"

namespace anxin::incidents {

/// Adds the incident routes.
void register_routes(http::Router& router, IncidentService& incidents);

/// The filters of the incident list (type, level, status, department, from, to, overdue), shared by
/// every route that selects incidents like GET /api/v1/incidents does.
std::vector<http::QueryParam> incident_filter_params();
/// Reads those filters from the query; a common.query_invalid error names a malformed one.
Result<IncidentFilter> incident_filter_of(const http::Request& req);

}  // namespace anxin::incidents
