#pragma once

#include <string>

#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace anxin::system {

/// Adds the operational routes: /healthz, /readyz, /metrics and /api/openapi.json. The OpenAPI
/// document is built from `router` when requested, so it lists every route registered by then.
void register_routes(http::Router& router, db::Database& db, std::string version);

}  // namespace anxin::system
