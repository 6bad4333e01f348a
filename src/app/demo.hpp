#pragma once

#include <ostream>

#include "modules/emergency/organisation_service.hpp"
#include "modules/identity/department_service.hpp"
#include "modules/identity/role_service.hpp"
#include "modules/identity/user_service.hpp"

namespace anxin::app {

/// Creates the demo company's accounts (one per built-in role, with fictional personal data) and its
/// emergency organisation unless they exist, and prints the demo logins. Returns a process exit code.
int load_demo_accounts(identity::DepartmentService& departments, identity::RoleService& roles,
                       identity::UserService& users, emergency::OrganisationService& organisation, std::ostream& out);

}  // namespace anxin::app
