#pragma once

#include "modules/identity/department_service.hpp"
#include "platform/http/api.hpp"

namespace anxin::identity {

/// Adds the identity module's routes (departments) to the route table.
void register_routes(http::Router& router, DepartmentService& departments);

}  // namespace anxin::identity
