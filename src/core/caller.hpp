#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace anxin {

/// Who is making a request, as established by authentication: passed from routes to services,
/// which apply permissions, data scope and masking from it, and record it in the audit log.
struct Caller {
  std::int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::int64_t department_id = 0;
  /// Materialised path of the caller's department, e.g. "/1/5/".
  std::string department_path;
  /// Sorted permission codes "module:entity:action".
  std::vector<std::string> permissions;
  /// Widest data scope of the caller's roles: 0 own, 1 department, 2 department tree, 3 all.
  int data_scope = 0;
  /// Highest data class (1–4) the caller sees unmasked.
  int clearance = 1;
  /// Set while the session still owes a step: "totp", "password_change", "totp_enrollment".
  std::string pending;
  bool via_api_token = false;
  std::string ip;
  std::string request_id;

  bool authenticated() const { return user_id != 0; }
  bool has(const std::string& permission) const {
    return std::binary_search(permissions.begin(), permissions.end(), permission);
  }
};

}  // namespace anxin
