#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/paging.hpp"
#include "modules/identity/permissions.hpp"
#include "platform/db/database.hpp"

namespace anxin::identity {

struct Role;  // role_service.hpp

/// Persistence of roles and their permission grants; SQL from queries/. Every function runs on the
/// connection it is given, so the service decides the transaction.
class RoleRepository {
 public:
  /// The role with its permissions, if it exists.
  std::optional<Role> get(db::Conn& c, std::int64_t id);
  /// A page of roles (each with its permissions) and the total number of roles.
  PageOf<Role> list(db::Conn& c, const PageRequest& page);
  /// Whether the role exists.
  bool exists(db::Conn& c, std::int64_t id);
  /// The id of the role `code`, if any.
  std::optional<std::int64_t> find_id_by_code(db::Conn& c, const std::string& code);
  std::int64_t insert(db::Conn& c, const std::string& code, const std::string& name,
                      const std::optional<std::string>& description, DataScope data_scope, int clearance, bool builtin,
                      TimestampMs now);
  /// Writes name, description, data scope and clearance if `expected_version` still matches; false when it did not.
  bool update(db::Conn& c, const Role& r, std::int64_t expected_version, TimestampMs now);
  std::vector<std::string> permissions_of(db::Conn& c, std::int64_t id);
  /// Replaces the role's permission grants with `permissions`.
  void set_permissions(db::Conn& c, std::int64_t id, const std::vector<std::string>& permissions);
  /// The number of users holding the role.
  std::int64_t user_count(db::Conn& c, std::int64_t id);
  /// Deletes the role's permission grants, then the role.
  void remove(db::Conn& c, std::int64_t id);
};

}  // namespace anxin::identity
