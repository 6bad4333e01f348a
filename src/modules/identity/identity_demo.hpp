#pragma once

#include <ostream>

#include "core/result.hpp"
#include "modules/identity/department_service.hpp"
#include "modules/identity/role_service.hpp"
#include "modules/identity/user_service.hpp"

namespace anxin::identity {

/// Creates the demo company's departments and its accounts (one per built-in role, with fictional personal data)
/// unless they exist, and prints the demo logins. Safe to repeat.
Status load_demo(DepartmentService& departments, RoleService& roles, UserService& users, std::ostream& out);

}  // namespace anxin::identity
