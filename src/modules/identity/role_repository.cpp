#include "modules/identity/role_repository.hpp"

#include "modules/identity/role_service.hpp"

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

}  // namespace

std::optional<Role> RoleRepository::get(db::Conn& c, std::int64_t id) {
  auto row = c.query_one(identity_sql("role_get"), id);
  if (!row) return std::nullopt;
  Role r = from_row(*row);
  r.permissions = permissions_of(c, id);
  return r;
}

PageOf<Role> RoleRepository::list(db::Conn& c, const PageRequest& page) {
  PageOf<Role> out;
  for (const auto& row : c.query(identity_sql("role_list"), page.page_size, page.offset())) {
    out.items.push_back(*get(c, row.int64("id")));
  }
  out.total = c.query_one(identity_sql("role_count"))->int64("n");
  return out;
}

bool RoleRepository::exists(db::Conn& c, std::int64_t id) {
  return c.query_one(identity_sql("role_get"), id).has_value();
}

std::optional<std::int64_t> RoleRepository::find_id_by_code(db::Conn& c, const std::string& code) {
  auto row = c.query_one(identity_sql("role_by_code"), code);
  if (!row) return std::nullopt;
  return row->int64("id");
}

std::int64_t RoleRepository::insert(db::Conn& c, const std::string& code, const std::string& name,
                                    const std::optional<std::string>& description, DataScope data_scope, int clearance,
                                    bool builtin, TimestampMs now) {
  return c
      .query_one(identity_sql("role_insert"), code, name, description, data_scope_name(data_scope),
                 std::int64_t{clearance}, builtin, now)
      ->int64("id");
}

bool RoleRepository::update(db::Conn& c, const Role& r, std::int64_t expected_version, TimestampMs now) {
  return c.exec(identity_sql("role_update"), r.id, r.name, r.description, data_scope_name(r.data_scope),
                std::int64_t{r.clearance}, now, expected_version) == 1;
}

std::vector<std::string> RoleRepository::permissions_of(db::Conn& c, std::int64_t id) {
  std::vector<std::string> out;
  for (const auto& p : c.query(identity_sql("role_permissions_of"), id)) out.push_back(p.text("permission"));
  return out;
}

void RoleRepository::set_permissions(db::Conn& c, std::int64_t id, const std::vector<std::string>& permissions) {
  c.exec(identity_sql("role_permissions_clear"), id);
  for (const auto& p : permissions) c.exec(identity_sql("role_permission_add"), id, p);
}

std::int64_t RoleRepository::user_count(db::Conn& c, std::int64_t id) {
  return c.query_one(identity_sql("role_user_count"), id)->int64("n");
}

void RoleRepository::remove(db::Conn& c, std::int64_t id) {
  c.exec(identity_sql("role_permissions_clear"), id);
  c.exec(identity_sql("role_delete"), id);
}

}  // namespace anxin::identity
