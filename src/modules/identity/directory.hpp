#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "modules/identity/department.hpp"
#include "platform/db/database.hpp"

namespace anxin::identity {

/// What other modules may ask identity about people and departments. It is the only way another
/// module reaches the users and departments tables: each call runs on the caller's connection, so
/// the answer belongs to the caller's read scope or write transaction.
class Directory {
 public:
  /// True when the user exists and may sign in (status active).
  bool user_active(db::Conn& c, std::int64_t user_id) const;
  std::optional<std::string> display_name(db::Conn& c, std::int64_t user_id) const;
  std::optional<Department> department(db::Conn& c, std::int64_t id) const;
  std::optional<Department> department_by_code(db::Conn& c, const std::string& code) const;
  /// Every department, ordered by tree path (parents before their children).
  std::vector<Department> departments_by_path(db::Conn& c) const;
  /// The name of the company: the first top-level department.
  std::optional<std::string> company_name(db::Conn& c) const;
  /// The department and every department below it; empty when it does not exist.
  std::vector<std::int64_t> subtree_ids(db::Conn& c, std::int64_t id) const;
  /// The departments whose tree path starts with `path_prefix` (a data scope's subtree).
  std::vector<std::int64_t> departments_under(db::Conn& c, std::string_view path_prefix) const;
  /// Active people (no service accounts) of the departments whose path starts with `path_prefix`.
  std::vector<std::int64_t> active_people_under(db::Conn& c, std::string_view path_prefix) const;
};

/// Display names for a page of records: one lookup per distinct user, remembered for the page.
class NameLookup {
 public:
  NameLookup(const Directory& directory, db::Conn& c) : directory_(directory), c_(c) {}
  std::optional<std::string> user(std::optional<std::int64_t> id);
  std::optional<std::string> department(std::optional<std::int64_t> id);

 private:
  const Directory& directory_;
  db::Conn& c_;
  std::unordered_map<std::int64_t, std::optional<std::string>> users_;
  std::unordered_map<std::int64_t, std::optional<std::string>> departments_;
};

}  // namespace anxin::identity
