#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace anxin::emergency {

/// A member of the emergency leadership group (应急管理领导小组).
struct Leader {
  std::int64_t user_id = 0;
  std::string display_name;
  /// "leader" (组长), "deputy_leader" (副组长) or "member" (成员).
  std::string position;
  /// Who acts when this person is away.
  std::optional<std::int64_t> stand_in_user_id;
  bool away = false;
  std::int64_t sort_order = 0;
};

struct GroupMember {
  std::int64_t user_id = 0;
  std::string display_name;
  /// "head" (组长) or "member".
  std::string role;
  std::string duties;
  std::optional<std::int64_t> stand_in_user_id;
  bool away = false;
};

/// A working group (应急工作小组): rescue, logistics, information liaison, investigation, or custom.
struct WorkingGroup {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  std::string duties;
  bool builtin = false;
  std::int64_t sort_order = 0;
  std::vector<GroupMember> members;
  std::int64_t version = 1;
};

/// The head of a department and the department's emergency duties (部门职责).
struct DepartmentDuty {
  std::int64_t department_id = 0;
  std::string department_name;
  std::optional<std::int64_t> head_user_id;
  std::optional<std::int64_t> stand_in_user_id;
  bool away = false;
  std::string duties;
};

struct Organisation {
  std::optional<std::int64_t> safety_department_id;
  std::vector<Leader> leaders;
  std::vector<WorkingGroup> groups;
  std::vector<DepartmentDuty> departments;
  std::int64_t settings_version = 1;
};

/// The commander an incident gets at a response level, and why (INC-4): I the leader, II a deputy
/// leader, III the head of the safety department, IV the head of the department where it happened;
/// a person who is away is replaced by their stand-in.
struct Commander {
  std::int64_t user_id = 0;
  /// "leader" | "deputy_leader" | "safety_department_head" | "department_head".
  std::string rule;
  /// Set when the stand-in acts for this user.
  std::optional<std::int64_t> standing_in_for;
};

nlohmann::json to_json(const Organisation& o);
nlohmann::json to_json(const WorkingGroup& g);
nlohmann::json to_json(const Commander& c);

/// JSON Schemas of the answers above, for the route table and the OpenAPI document.
nlohmann::json organisation_schema();
nlohmann::json working_group_schema();
nlohmann::json commander_schema();

/// The built-in working groups of the emergency measures (应急救援组, 后勤保障组, 信息联络组, 事故调查组).
struct BuiltinGroup {
  const char* code;
  const char* name;
  const char* duties;
};
const std::vector<BuiltinGroup>& builtin_groups();

}  // namespace anxin::emergency
