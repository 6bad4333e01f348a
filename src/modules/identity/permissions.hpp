#pragma once

#include <string>
#include <vector>

namespace anxin::identity {

/// One permission "module:entity:action" with its labels for the role editor.
struct PermissionInfo {
  std::string code;
  std::string label_zh;
  std::string label_en;
  /// Shows personal data in full (a reveal): never held by the system administrator.
  bool personal_data = false;
};

/// Every permission the product knows: identity's own and those the modules added. A route may only declare a
/// permission from this list (a test enforces it), and roles may only hold these.
const std::vector<PermissionInfo>& permission_catalogue();
/// Adds a module's permissions to the catalogue, from its registration (before the built-in roles are written);
/// a code already known is left as it is.
void add_permissions(const std::vector<PermissionInfo>& permissions);
bool is_known_permission(const std::string& code);

/// Data scope of a role: whose records its holders see.
enum class DataScope { kOwn = 0, kDepartment = 1, kDepartmentTree = 2, kAll = 3 };
const char* data_scope_name(DataScope s);
bool parse_data_scope(const std::string& text, DataScope& out);

/// A role the product ships with. Built-in roles cannot be deleted; their permissions can be
/// extended but the separation of duties below is enforced for the three administrator roles.
struct BuiltinRole {
  std::string code;
  std::string name;
  std::string description;
  DataScope scope;
  int clearance;  // highest data class shown unmasked
  std::vector<std::string> permissions;
};
const std::vector<BuiltinRole>& builtin_roles();
/// Adds a built-in role a module ships (a code already known is left as it is), from its registration.
void add_builtin_role(const BuiltinRole& role);
/// Grants more permissions to a built-in role, from a module's registration.
void grant_builtin(const std::string& role_code, const std::vector<std::string>& permissions);

/// Permissions that make a role "administrative" (two-factor authentication required).
bool is_admin_or_audit_permission(const std::string& code);

/// Permissions the system administrator may never hold (separation of duties, MLPS).
bool forbidden_for_sysadmin(const std::string& code);

}  // namespace anxin::identity
