#include "modules/identity/role_service.hpp"

#include <algorithm>

namespace anxin::identity {

std::string_view identity_sql(std::string_view name);  // embedded queries/*.sql

namespace {

Role from_row(const db::Row& r) {
  Role role;
  role.id = r.int64("id");
  role.code = r.text("code");
  role.name = r.text("name");
  role.description = r.opt_text("description");
  parse_data_scope(r.text("data_scope"), role.data_scope);
  role.clearance = static_cast<int>(r.int64("clearance"));
  role.builtin = r.int64("builtin") != 0;
  role.created_at = r.int64("created_at");
  role.updated_at = r.int64("updated_at");
  role.version = r.int64("version");
  return role;
}

void store_permissions(db::Conn& c, std::int64_t id, const std::vector<std::string>& permissions) {
  c.exec(identity_sql("role_permissions_clear"), id);
  for (const auto& p : permissions) c.exec(identity_sql("role_permission_add"), id, p);
}

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

std::optional<Role> RoleService::load(db::Conn& c, std::int64_t id) {
  auto row = c.query_one(identity_sql("role_get"), id);
  if (!row) return std::nullopt;
  Role r = from_row(*row);
  for (const auto& p : c.query(identity_sql("role_permissions_of"), id)) r.permissions.push_back(p.text("permission"));
  return r;
}

PageOf<Role> RoleService::list(const PageRequest& page) {
  return db_.read([&](db::Conn& c) {
    PageOf<Role> out;
    for (const auto& row : c.query(identity_sql("role_list"), page.page_size, page.offset())) {
      out.items.push_back(*load(c, row.int64("id")));
    }
    out.total = c.query_one(identity_sql("role_count"))->int64("n");
    return out;
  });
}

std::optional<std::int64_t> RoleService::id_of(const std::string& code) {
  auto row = db_.read([&](db::Conn& c) { return c.query_one(identity_sql("role_by_code"), code); });
  if (!row) return std::nullopt;
  return row->int64("id");
}

Result<Role> RoleService::get(std::int64_t id) {
  auto r = db_.read([&](db::Conn& c) { return load(c, id); });
  if (!r) return Error::not_found("identity.role_not_found");
  return *r;
}

Result<Role> RoleService::create(const Caller& caller, NewRole input) {
  if (!valid_code(input.code))
    return Error::invalid("common.field_format", {{"field", "code"}, {"format", "[a-z0-9_]"}});
  if (auto e = check_permissions(input.code, input.permissions)) return *e;
  return db_.write([&](db::Conn& c) -> Result<Role> {
    if (c.query_one(identity_sql("role_by_code"), input.code)) {
      return Error::conflict("identity.role_code_taken", {{"code", input.code}});
    }
    const auto id =
        c.query_one(identity_sql("role_insert"), input.code, input.name, input.description,
                    data_scope_name(input.data_scope), std::int64_t{input.clearance}, false, clock_.now_ms())
            ->int64("id");
    store_permissions(c, id, input.permissions);
    Role r = *load(c, id);
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
    auto current = load(c, id);
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
    if (c.exec(identity_sql("role_update"), id, next.name, next.description, data_scope_name(next.data_scope),
               std::int64_t{next.clearance}, clock_.now_ms(), patch.version) != 1) {
      return Error::conflict("common.version_conflict");
    }
    if (patch.permissions) store_permissions(c, id, next.permissions);
    Role saved = *load(c, id);
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
    auto current = load(c, id);
    if (!current) return Error::not_found("identity.role_not_found");
    if (current->builtin) return Error::conflict("identity.role_builtin");
    if (c.query_one(identity_sql("role_user_count"), id)->int64("n") > 0)
      return Error::conflict("identity.role_in_use");
    c.exec(identity_sql("role_permissions_clear"), id);
    c.exec(identity_sql("role_delete"), id);
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
      auto row = c.query_one(identity_sql("role_by_code"), b.code);
      std::int64_t id = 0;
      std::vector<std::string> permissions = b.permissions;
      if (!row) {
        id = c.query_one(identity_sql("role_insert"), b.code, b.name, b.description, data_scope_name(b.scope),
                         std::int64_t{b.clearance}, true, now)
                 ->int64("id");
      } else {
        id = row->int64("id");
        // Keep permissions an administrator added, as long as they respect the separation of duties.
        for (const auto& p : c.query(identity_sql("role_permissions_of"), id)) {
          const std::string perm = p.text("permission");
          if (is_known_permission(perm)) permissions.push_back(perm);
        }
      }
      std::sort(permissions.begin(), permissions.end());
      permissions.erase(std::unique(permissions.begin(), permissions.end()), permissions.end());
      if (duties_conflict(b.code, permissions)) permissions = b.permissions;
      store_permissions(c, id, permissions);
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
