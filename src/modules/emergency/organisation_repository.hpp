#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "modules/emergency/organisation.hpp"
#include "platform/db/database.hpp"

namespace anxin::emergency {

/// The emergency settings row: the safety department and its version.
struct OrganisationSettings {
  std::optional<std::int64_t> safety_department_id;
  std::int64_t version = 1;
};

/// Persistence of the emergency organisation; SQL from queries/. Every function runs on the
/// connection it is given, so the service decides the transaction. Display names and department
/// names are not stored here: the service asks identity's directory for them.
class OrganisationRepository {
 public:
  OrganisationSettings settings(db::Conn& c);
  void set_safety_department(db::Conn& c, std::int64_t department_id, TimestampMs now);

  /// The leadership group ordered by position (leader, deputy leaders, members), then sort order,
  /// then user id; display names are left empty.
  std::vector<Leader> leaders(db::Conn& c);
  void clear_leaders(db::Conn& c);
  void insert_leader(db::Conn& c, const Leader& l);
  /// True when `user_id` holds any position in the leadership group.
  bool in_leadership(db::Conn& c, std::int64_t user_id);

  /// Working groups without their members.
  std::optional<WorkingGroup> group(db::Conn& c, std::int64_t id);
  std::optional<WorkingGroup> group_by_code(db::Conn& c, const std::string& code);
  /// Every working group ordered by sort order, then id.
  std::vector<WorkingGroup> groups(db::Conn& c);
  std::int64_t insert_group(db::Conn& c, const std::string& code, const std::string& name, const std::string& duties,
                            bool builtin, std::int64_t sort_order, TimestampMs now);
  /// Writes name, duties and sort order if `expected_version` still matches; false when it did not.
  bool update_group(db::Conn& c, std::int64_t id, const std::string& name, const std::string& duties,
                    std::int64_t sort_order, TimestampMs now, std::int64_t expected_version);
  void delete_group(db::Conn& c, std::int64_t id);

  /// The members of a group, heads first, then by user id; display names are left empty.
  std::vector<GroupMember> members(db::Conn& c, std::int64_t group_id);
  void clear_members(db::Conn& c, std::int64_t group_id);
  void insert_member(db::Conn& c, std::int64_t group_id, const GroupMember& m);

  /// The head and duties of one department; department names are left empty.
  std::optional<DepartmentDuty> department_duty(db::Conn& c, std::int64_t department_id);
  /// Every department's head and duties, by department id; department names are left empty.
  std::vector<DepartmentDuty> department_duties(db::Conn& c);
  void upsert_department_duty(db::Conn& c, const DepartmentDuty& d, TimestampMs now);
};

}  // namespace anxin::emergency
