#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/paging.hpp"
#include "modules/identity/department.hpp"
#include "platform/db/database.hpp"

namespace anxin::identity {

/// Persistence of departments; SQL from queries/. Every function runs on the connection it is
/// given, so the service decides the transaction.
class DepartmentRepository {
 public:
  std::int64_t insert(db::Conn& c, const NewDepartment& d, TimestampMs now);
  void set_path(db::Conn& c, std::int64_t id, const std::string& path);
  std::optional<Department> get(db::Conn& c, std::int64_t id);
  std::optional<Department> find_by_code(db::Conn& c, const std::string& code);
  /// The department and every department below it; empty when it does not exist.
  std::vector<std::int64_t> subtree_ids(db::Conn& c, std::int64_t id);
  bool code_taken(db::Conn& c, const std::string& code, std::int64_t except_id);
  bool name_taken(db::Conn& c, std::optional<std::int64_t> parent_id, const std::string& name, std::int64_t except_id);
  /// Writes all mutable fields if `expected_version` still matches; false when it did not.
  bool update(db::Conn& c, const Department& d, std::int64_t expected_version, TimestampMs now);
  void move_subtree(db::Conn& c, const std::string& old_path, const std::string& new_path);
  std::int64_t count_children(db::Conn& c, std::int64_t id);
  /// The number of users (any status) belonging to the department.
  std::int64_t user_count(db::Conn& c, std::int64_t id);
  void remove(db::Conn& c, std::int64_t id);
  PageOf<Department> list(db::Conn& c, const DepartmentFilter& f, const PageRequest& page);
  std::vector<Department> all(db::Conn& c);
  /// Every department ordered by tree path (parents before their children).
  std::vector<Department> all_by_path(db::Conn& c);
  std::int64_t count_all(db::Conn& c);
  /// The departments whose tree path starts with `path_prefix`, by id.
  std::vector<std::int64_t> ids_under(db::Conn& c, std::string_view path_prefix);
  /// The name of the first top-level department (the company).
  std::optional<std::string> company_name(db::Conn& c);
};

}  // namespace anxin::identity
