#pragma once

#include <ostream>

#include "core/caller.hpp"
#include "core/result.hpp"
#include "modules/emergency/organisation_service.hpp"
#include "modules/identity/department_service.hpp"
#include "modules/identity/user_service.hpp"

namespace anxin::emergency {

/// The demo company's emergency organisation (leadership group, safety department, department duties, working
/// group members), built from the demo accounts; left alone once leaders exist.
Status load_demo(OrganisationService& organisation, identity::DepartmentService& departments,
                 identity::UserService& users, const Caller& system, std::ostream& out);

}  // namespace anxin::emergency
