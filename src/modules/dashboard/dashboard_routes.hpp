#pragma once

#include "modules/dashboard/dashboard_service.hpp"
#include "platform/http/api.hpp"

namespace anxin::dashboard {

/// GET /api/v1/dashboard/figures, GET /api/v1/indicators and GET /api/v1/indicators/{key}.
void register_routes(http::Router& router, DashboardService& dashboard);

}  // namespace anxin::dashboard
