#include "modules/identity/role_service.hpp"

#include <algorithm>

namespace anxin::identity {

namespace {

nlohmann::json audit_json(const Role& r) {
  return {{"code", r.code},
          {"name", r.name},
          {"data_scope", data_scope_name(r.data_scope)},
          {"clearance", r.clearance},
          {"permissions", r.permissions}};
}

bool valid_code(const std::string& s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'; });
}

}  // namespace

std::optional<Error> RoleService::duties_conflict(const std::string& code,
                                                  const std::vector<std::string>& permissions) {
  const bool audit = std::any_of(permissions.begin(), permissions.end(),
                                 [](const std::string& p) { return p == "audit:log:read" || p == "audit:log:verify"; });
  const bool administers = std::any_of(permissions.begin(), permissions.end(), [](const std::string& p) {
    return p.starts_with("identity:") && !p.ends_with(":read");
  });
  if (audit && administers) return Error::conflict("identity.duties_conflict");
  if (code == "sysadmin") {
    for (const auto& p : permissions) {
      if (forbidden_for_sysadmin(p)) return Error::conflict("identity.duties_conflict", {{"permission", p}});
    }
  }
  return std::nullopt;
}

std::optional<Error> RoleService::check_permissions(const std::string& code,
                                                    std::vector<std::string>& permissions) const {
  for (const auto& p : permissions) {
    if (!is_known_permission(p))
      return Error::invalid("identity.permission_unknown", {{"field", "permissions"}, {"permission", p}});
  }
  std::sort(permissions.begin(), permissions.end());
  permissions.erase(std::unique(permissions.begin(), permissions.end()), permissions.end());
  return duties_conflict(code, permissions);
}

PageOf<Role> RoleService::list(const PageRequest& page) {
  return db_.read([&](db::Conn& c) { return repo_.list(c, page); });
}

std::optional<std::int64_t> RoleService::id_of(const std::string& code) {
  return db_.read([&](db::Conn& c) { return repo_.find_id_by_code(c, code); });
}

Result<Role> RoleService::get(std::int64_t id) {
  auto r = db_.read([&](db::Conn& c) { return repo_.get(c, id); });
  if (!r) return Error::not_found("identity.role_not_found");
  return *r;
}

Result<Role> RoleService::create(const Caller& caller, NewRole input) {
  if (!valid_code(input.code))
    return Error::invalid("common.field_format", {{"field", "code"}, {"format", "[a-z0-9_]"}});
  if (auto e = check_permissions(input.code, input.permissions)) return *e;
  return db_.write([&](db::Conn& c) -> Result<Role> {
    if (repo_.find_id_by_code(c, input.code)) {
      return Error::conflict("identity.role_code_taken", {{"code", input.code}});
    }
    const auto id = repo_.insert(c, input.code, input.name, input.description, input.data_scope, input.clearance, false,
                                 clock_.now_ms());
    repo_.set_permissions(c, id, input.permissions);
    Role r = *repo_.get(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "create",
                      .entity = "role",
                      .entity_id = std::to_string(id),
                      .after = audit_json(r)});
    return r;
  });
}

Result<Role> RoleService::update(const Caller& caller, std::int64_t id, RolePatch patch) {
  return db_.write([&](db::Conn& c) -> Result<Role> {
    auto current = repo_.get(c, id);
    if (!current) return Error::not_found("identity.role_not_found");
    if (current->version != patch.version) return Error::conflict("common.version_conflict");
    Role next = *current;
    if (patch.name) next.name = *patch.name;
    if (patch.description) next.description = *patch.description;
    if (patch.data_scope) next.data_scope = *patch.data_scope;
    if (patch.clearance) next.clearance = *patch.clearance;
    if (patch.permissions) {
      next.permissions = *patch.permissions;
      if (auto e = check_permissions(next.code, next.permissions)) return *e;
    }
    if (!repo_.update(c, next, patch.version, clock_.now_ms())) return Error::conflict("common.version_conflict");
    if (patch.permissions) repo_.set_permissions(c, id, next.permissions);
    Role saved = *repo_.get(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "update",
                      .entity = "role",
                      .entity_id = std::to_string(id),
                      .before = audit_json(*current),
                      .after = audit_json(saved)});
    return saved;
  });
}

Status RoleService::remove(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Status {
    auto current = repo_.get(c, id);
    if (!current) return Error::not_found("identity.role_not_found");
    if (current->builtin) return Error::conflict("identity.role_builtin");
    if (repo_.user_count(c, id) > 0) return Error::conflict("identity.role_in_use");
    repo_.remove(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "delete",
                      .entity = "role",
                      .entity_id = std::to_string(id),
                      .before = audit_json(*current)});
    return ok_status();
  });
}

Status RoleService::ensure_builtin_roles() {
  return db_.write([&](db::Conn& c) -> Status {
    const TimestampMs now = clock_.now_ms();
    for (const auto& b : builtin_roles()) {
      auto existing = repo_.find_id_by_code(c, b.code);
      std::int64_t id = 0;
      std::vector<std::string> permissions = b.permissions;
      if (!existing) {
        id = repo_.insert(c, b.code, b.name, b.description, b.scope, b.clearance, true, now);
      } else {
        id = *existing;
        // Keep permissions an administrator added, as long as they respect the separation of duties.
        for (const auto& perm : repo_.permissions_of(c, id)) {
          if (is_known_permission(perm)) permissions.push_back(perm);
        }
      }
      std::sort(permissions.begin(), permissions.end());
      permissions.erase(std::unique(permissions.begin(), permissions.end()), permissions.end());
      if (duties_conflict(b.code, permissions)) permissions = b.permissions;
      repo_.set_permissions(c, id, permissions);
    }
    return ok_status();
  });
}

nlohmann::json to_json(const Role& r) {
  return {{"id", r.id},
          {"code", r.code},
          {"name", r.name},
          {"description", r.description ? nlohmann::json(*r.description) : nlohmann::json(nullptr)},
          {"data_scope", data_scope_name(r.data_scope)},
          {"clearance", r.clearance},
          {"builtin", r.builtin},
          {"permissions", r.permissions},
          {"created_at", format_rfc3339(r.created_at)},
          {"updated_at", format_rfc3339(r.updated_at)},
          {"version", r.version}};
}

namespace {
const nlohmann::json kScope = {{"type", "string"}, {"enum", {"own", "department", "department_tree", "all"}}};
const nlohmann::json kClearance = {{"type", "integer"}, {"minimum", 1}, {"maximum", 4}};
const nlohmann::json kPermissions = {
    {"type", "array"}, {"maxItems", 200}, {"items", {{"type", "string"}, {"maxLength", 64}}}};
}  // namespace

nlohmann::json role_schema() {
  return {{"type", "object"},
          {"required", {"id", "code", "name", "data_scope", "clearance", "builtin", "permissions", "version"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"code", {{"type", "string"}}},
            {"name", {{"type", "string"}}},
            {"description", {{"type", {"string", "null"}}}},
            {"data_scope", kScope},
            {"clearance", kClearance},
            {"builtin", {{"type", "boolean"}}},
            {"permissions", kPermissions},
            {"created_at", {{"type", "string"}, {"format", "date-time"}}},
            {"updated_at", {{"type", "string"}, {"format", "date-time"}}},
            {"version", {{"type", "integer"}}}}}};
}

nlohmann::json new_role_schema() {
  return {{"type", "object"},
          {"required", {"code", "name", "data_scope"}},
          {"properties",
           {{"code", {{"type", "string"}, {"minLength", 1}, {"maxLength", 32}}},
            {"name", {{"type", "string"}, {"minLength", 1}, {"maxLength", 64}}},
            {"description", {{"type", {"string", "null"}}, {"maxLength", 200}}},
            {"data_scope", kScope},
            {"clearance", kClearance},
            {"permissions", kPermissions}}}};
}

nlohmann::json role_patch_schema() {
  return {{"type", "object"},
          {"required", {"version"}},
          {"properties",
           {{"version", {{"type", "integer"}, {"minimum", 1}}},
            {"name", {{"type", "string"}, {"minLength", 1}, {"maxLength", 64}}},
            {"description", {{"type", {"string", "null"}}, {"maxLength", 200}}},
            {"data_scope", kScope},
            {"clearance", kClearance},
            {"permissions", kPermissions}}}};
}

}  // namespace anxin::identity
