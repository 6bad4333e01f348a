#pragma once

#include "modules/emergency/organisation_service.hpp"
#include "platform/http/api.hpp"

namespace anxin::emergency {

/// Adds the emergency organisation routes.
void register_routes(http::Router& router, OrganisationService& organisation);

}  // namespace anxin::emergency
