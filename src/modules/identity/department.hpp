#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace anxin::identity {

/// Kinds of organisational unit.
inline const std::vector<std::string>& department_kinds() {
  static const std::vector<std::string> kKinds{"company", "department", "team", "site"};
  return kKinds;
}

/// A unit of the company's organisation tree. Data class 2 (general): names and office phones of
/// units, no personal information.
struct Department {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string name;
  std::string code;
  std::string kind;
  /// Materialised ancestry including the unit itself, e.g. "/1/4/9/".
  std::string path;
  std::int64_t sort_order = 0;
  std::optional<std::string> phone;
  bool active = true;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::int64_t version = 1;
};

/// Fields of a new department.
struct NewDepartment {
  std::optional<std::int64_t> parent_id;
  std::string name;
  std::string code;
  std::string kind;
  std::int64_t sort_order = 0;
  std::optional<std::string> phone;
};

/// A partial update; absent fields stay as they are. `parent_id` holds nullopt-inside to move
/// the unit to the root.
struct DepartmentPatch {
  std::int64_t version = 0;
  std::optional<std::optional<std::int64_t>> parent_id;
  std::optional<std::string> name;
  std::optional<std::string> code;
  std::optional<std::int64_t> sort_order;
  std::optional<std::optional<std::string>> phone;
  std::optional<bool> active;
};

struct DepartmentFilter {
  std::optional<std::int64_t> parent_id;
  std::optional<std::string> q;
};

/// A department with its sub-departments.
struct DepartmentNode {
  Department department;
  std::vector<DepartmentNode> children;
};

nlohmann::json to_json(const Department& d);
nlohmann::json to_json(const DepartmentNode& n);

/// JSON Schemas used by the routes and the OpenAPI document.
nlohmann::json department_schema();
nlohmann::json new_department_schema();
nlohmann::json department_patch_schema();

}  // namespace anxin::identity
