#include "modules/identity/department_repository.hpp"

namespace anxin::identity {

std::string_view identity_sql(std::string_view name);  // embedded queries/*.sql

namespace {

Department from_row(const db::Row& r) {
  Department d;
  d.id = r.int64("id");
  d.parent_id = r.opt_int64("parent_id");
  d.name = r.text("name");
  d.code = r.text("code");
  d.kind = r.text("kind");
  d.path = r.text("path");
  d.sort_order = r.int64("sort_order");
  d.phone = r.opt_text("phone");
  d.active = r.int64("active") != 0;
  d.created_at = r.int64("created_at");
  d.updated_at = r.int64("updated_at");
  d.version = r.int64("version");
  return d;
}

}  // namespace

std::int64_t DepartmentRepository::insert(db::Conn& c, const NewDepartment& d, TimestampMs now) {
  return c
      .query_one(identity_sql("department_insert"), d.parent_id, d.name, d.code, d.kind, d.sort_order, d.phone, now)
      ->int64("id");
}

void DepartmentRepository::set_path(db::Conn& c, std::int64_t id, const std::string& path) {
  c.exec(identity_sql("department_set_path"), id, path);
}

std::optional<Department> DepartmentRepository::get(db::Conn& c, std::int64_t id) {
  auto row = c.query_one(identity_sql("department_get"), id);
  if (!row) return std::nullopt;
  return from_row(*row);
}

std::vector<std::int64_t> DepartmentRepository::subtree_ids(db::Conn& c, std::int64_t id) {
  std::vector<std::int64_t> out;
  for (const auto& r : c.query(identity_sql("department_subtree_ids"), id)) out.push_back(r.int64("id"));
  return out;
}

std::optional<Department> DepartmentRepository::find_by_code(db::Conn& c, const std::string& code) {
  auto row = c.query_one(identity_sql("department_by_code"), code);
  if (!row) return std::nullopt;
  return from_row(*row);
}

bool DepartmentRepository::code_taken(db::Conn& c, const std::string& code, std::int64_t except_id) {
  return c.query_one(identity_sql("department_code_taken"), code, except_id).has_value();
}

bool DepartmentRepository::name_taken(db::Conn& c, std::optional<std::int64_t> parent_id, const std::string& name,
                                      std::int64_t except_id) {
  return c.query_one(identity_sql("department_name_taken"), parent_id, name, except_id).has_value();
}

bool DepartmentRepository::update(db::Conn& c, const Department& d, std::int64_t expected_version, TimestampMs now) {
  return c.exec(identity_sql("department_update"), d.id, d.parent_id, d.name, d.code, d.sort_order, d.phone, d.active,
                now, expected_version) == 1;
}

void DepartmentRepository::move_subtree(db::Conn& c, const std::string& old_path, const std::string& new_path) {
  c.exec(identity_sql("department_move_subtree"), old_path, new_path);
}

std::int64_t DepartmentRepository::count_children(db::Conn& c, std::int64_t id) {
  return c.query_one(identity_sql("department_count_children"), id)->int64("n");
}

std::int64_t DepartmentRepository::user_count(db::Conn& c, std::int64_t id) {
  return c.query_one(identity_sql("user_count_in_department"), id)->int64("n");
}

void DepartmentRepository::remove(db::Conn& c, std::int64_t id) { c.exec(identity_sql("department_delete"), id); }

PageOf<Department> DepartmentRepository::list(db::Conn& c, const DepartmentFilter& f, const PageRequest& page) {
  const std::optional<std::string> q = f.q ? std::optional<std::string>(db::like_escape(*f.q)) : std::nullopt;
  PageOf<Department> out;
  for (const auto& r : c.query(identity_sql("department_list"), f.parent_id, q, page.page_size, page.offset())) {
    out.items.push_back(from_row(r));
  }
  out.total = c.query_one(identity_sql("department_count"), f.parent_id, q)->int64("n");
  return out;
}

std::vector<Department> DepartmentRepository::all(db::Conn& c) {
  std::vector<Department> out;
  for (const auto& r : c.query(identity_sql("department_all"))) out.push_back(from_row(r));
  return out;
}

std::vector<Department> DepartmentRepository::all_by_path(db::Conn& c) {
  std::vector<Department> out;
  for (const auto& r : c.query(identity_sql("department_all_by_path"))) out.push_back(from_row(r));
  return out;
}

std::int64_t DepartmentRepository::count_all(db::Conn& c) {
  return c.query_one(identity_sql("department_count_all"))->int64("n");
}

std::vector<std::int64_t> DepartmentRepository::ids_under(db::Conn& c, std::string_view path_prefix) {
  std::vector<std::int64_t> out;
  for (const auto& r : c.query(identity_sql("department_ids_under"), db::like_escape(path_prefix) + "%")) {
    out.push_back(r.int64("id"));
  }
  return out;
}

std::optional<std::string> DepartmentRepository::company_name(db::Conn& c) {
  auto r = c.query_one(identity_sql("company_name"));
  if (!r) return std::nullopt;
  return r->text("name");
}

}  // namespace anxin::identity
