#include "modules/identity/scope.hpp"

namespace anxin::identity {

ScopeFilter scope_filter(const Caller& caller) {
  ScopeFilter f;
  switch (caller.data_scope) {
    case 3: break;
    case 2: f.path_prefix = caller.department_path; break;
    case 1: f.department_id = caller.department_id; break;
    default: f.user_id = caller.user_id; break;
  }
  return f;
}

bool in_scope(const Caller& caller, std::int64_t owner_user_id, std::int64_t department_id,
              const std::string& department_path) {
  switch (caller.data_scope) {
    case 3: return true;
    case 2: return !caller.department_path.empty() && department_path.starts_with(caller.department_path);
    case 1: return department_id == caller.department_id;
    default: return owner_user_id == caller.user_id;
  }
}

bool department_in_scope(const Caller& caller, std::int64_t department_id, const std::string& department_path) {
  switch (caller.data_scope) {
    case 3: return true;
    case 2: return !caller.department_path.empty() && department_path.starts_with(caller.department_path);
    default: return department_id == caller.department_id;
  }
}

}  // namespace anxin::identity
