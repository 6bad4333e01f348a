#include "modules/identity/directory.hpp"

#include "modules/identity/department_repository.hpp"
#include "modules/identity/user_repository.hpp"

namespace anxin::identity {

bool Directory::user_active(db::Conn& c, std::int64_t user_id) const { return UserRepository::is_active(c, user_id); }

std::optional<std::string> Directory::display_name(db::Conn& c, std::int64_t user_id) const {
  return UserRepository::display_name(c, user_id);
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

std::optional<std::string> Directory::company_name(db::Conn& c) const { return DepartmentRepository{}.company_name(c); }

std::vector<std::int64_t> Directory::subtree_ids(db::Conn& c, std::int64_t id) const {
  return DepartmentRepository{}.subtree_ids(c, id);
}

std::vector<std::int64_t> Directory::departments_under(db::Conn& c, std::string_view path_prefix) const {
  return DepartmentRepository{}.ids_under(c, path_prefix);
}

std::vector<std::int64_t> Directory::active_people_under(db::Conn& c, std::string_view path_prefix) const {
  return UserRepository::active_under(c, path_prefix);
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
