#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/identity/permissions.hpp"
#include "modules/identity/role_repository.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/db/database.hpp"

namespace anxin::identity {

struct Role {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  std::optional<std::string> description;
  DataScope data_scope = DataScope::kOwn;
  int clearance = 2;
  bool builtin = false;
  std::vector<std::string> permissions;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::int64_t version = 1;
};

struct NewRole {
  std::string code;
  std::string name;
  std::optional<std::string> description;
  DataScope data_scope = DataScope::kOwn;
  int clearance = 2;
  std::vector<std::string> permissions;
};

struct RolePatch {
  std::int64_t version = 0;
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> description;
  std::optional<DataScope> data_scope;
  std::optional<int> clearance;
  std::optional<std::vector<std::string>> permissions;
};

/// Roles and their permissions. Separation of duties (MLPS): no role may combine audit-log
/// access with account or role administration, and the built-in system administrator can never
/// read or alter audit records.
class RoleService {
 public:
  RoleService(db::Database& db, const Clock& clock, audit::AuditSink& audit) : db_(db), clock_(clock), audit_(audit) {}

  PageOf<Role> list(const PageRequest& page);
  Result<Role> get(std::int64_t id);
  Result<Role> create(const Caller& caller, NewRole input);
  Result<Role> update(const Caller& caller, std::int64_t id, RolePatch patch);
  Status remove(const Caller& caller, std::int64_t id);
  /// The id of the role `code`, if any.
  std::optional<std::int64_t> id_of(const std::string& code);
  /// Creates the built-in roles that are missing and restores their base permissions.
  Status ensure_builtin_roles();

  /// The error when `permissions` combine duties that must stay apart, for role `code`.
  static std::optional<Error> duties_conflict(const std::string& code, const std::vector<std::string>& permissions);

 private:
  std::optional<Error> check_permissions(const std::string& code, std::vector<std::string>& permissions) const;

  db::Database& db_;
  const Clock& clock_;
  audit::AuditSink& audit_;
  RoleRepository repo_;
};

nlohmann::json to_json(const Role& r);
nlohmann::json role_schema();
nlohmann::json new_role_schema();
nlohmann::json role_patch_schema();

}  // namespace anxin::identity
