#include "modules/identity/directory.hpp"

#include "modules/identity/department_repository.hpp"

namespace anxin::identity {

std::string_view identity_sql(std::string_view name);  // embedded queries/*.sql

bool Directory::user_active(db::Conn& c, std::int64_t user_id) const {
  return c.query_one(identity_sql("user_active"), user_id).has_value();
}

std::optional<std::string> Directory::display_name(db::Conn& c, std::int64_t user_id) const {
  auto r = c.query_one(identity_sql("user_display_name"), user_id);
  if (!r) return std::nullopt;
  return r->text("display_name");
}

std::optional<Department> Directory::department(db::Conn& c, std::int64_t id) const {
  return DepartmentRepository{}.get(c, id);
}

std::optional<Department> Directory::department_by_code(db::Conn& c, const std::string& code) const {
  return DepartmentRepository{}.find_by_code(c, code);
}

std::vector<Department> Directory::departments_by_path(db::Conn& c) const {
  return DepartmentRepository{}.all_by_path(c);
}

std::optional<std::string> Directory::company_name(db::Conn& c) const {
  auto r = c.query_one(identity_sql("company_name"));
  if (!r) return std::nullopt;
  return r->text("name");
}

std::vector<std::int64_t> Directory::subtree_ids(db::Conn& c, std::int64_t id) const {
  return DepartmentRepository{}.subtree_ids(c, id);
}

std::vector<std::int64_t> Directory::departments_under(db::Conn& c, std::string_view path_prefix) const {
  std::vector<std::int64_t> out;
  for (const auto& r : c.query(identity_sql("department_ids_under"), db::like_escape(path_prefix) + "%")) {
    out.push_back(r.int64("id"));
  }
  return out;
}

std::vector<std::int64_t> Directory::active_people_under(db::Conn& c, std::string_view path_prefix) const {
  std::vector<std::int64_t> out;
  for (const auto& r : c.query(identity_sql("user_active_under"), db::like_escape(path_prefix) + "%")) {
    out.push_back(r.int64("id"));
  }
  return out;
}

std::optional<std::string> NameLookup::user(std::optional<std::int64_t> id) {
  if (!id) return std::nullopt;
  auto [it, fresh] = users_.try_emplace(*id);
  if (fresh) it->second = directory_.display_name(c_, *id);
  return it->second;
}

std::optional<std::string> NameLookup::department(std::optional<std::int64_t> id) {
  if (!id) return std::nullopt;
  auto [it, fresh] = departments_.try_emplace(*id);
  if (fresh) {
    if (auto d = directory_.department(c_, *id)) it->second = d->name;
  }
  return it->second;
}

}  // namespace anxin::identity
