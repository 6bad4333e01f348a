#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "modules/emergency/organisation.hpp"
#include "modules/emergency/organisation_repository.hpp"
#include "modules/identity/directory.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/db/database.hpp"

namespace anxin::emergency {

struct LeaderInput {
  std::int64_t user_id = 0;
  std::string position;
  std::optional<std::int64_t> stand_in_user_id;
  bool away = false;
};

struct MemberInput {
  std::int64_t user_id = 0;
  std::string role = "member";
  std::string duties;
  std::optional<std::int64_t> stand_in_user_id;
  bool away = false;
};

struct DepartmentDutyInput {
  std::optional<std::int64_t> head_user_id;
  std::optional<std::int64_t> stand_in_user_id;
  bool away = false;
  std::string duties;
};

/// The emergency organisation and the commander rule. Every change is audited; people must be
/// active accounts; the leadership group has exactly one leader and at least one deputy.
class OrganisationService {
 public:
  OrganisationService(db::Database& db, const Clock& clock, audit::AuditSink& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  Organisation get();
  Status set_leaders(const Caller& caller, const std::vector<LeaderInput>& leaders);
  Result<WorkingGroup> create_group(const Caller& caller, const std::string& code, const std::string& name,
                                    const std::string& duties);
  Result<WorkingGroup> update_group(const Caller& caller, std::int64_t id, std::int64_t version,
                                    std::optional<std::string> name, std::optional<std::string> duties);
  Status delete_group(const Caller& caller, std::int64_t id);
  Result<WorkingGroup> set_members(const Caller& caller, std::int64_t group_id,
                                   const std::vector<MemberInput>& members);
  Status set_department_duty(const Caller& caller, std::int64_t department_id, const DepartmentDutyInput& input);
  Status set_safety_department(const Caller& caller, std::int64_t department_id);
  /// The group with `code` and its members, if any.
  std::optional<WorkingGroup> group_by_code(const std::string& code);

  /// The commander for an incident at `level` (1–4) in `department_id`, inside a transaction.
  Result<Commander> commander_for(db::Conn& c, int level, std::int64_t department_id);
  Result<Commander> commander_for(int level, std::int64_t department_id);
  /// The head of a department (or of the nearest ancestor that has one), with stand-ins applied.
  std::optional<std::int64_t> department_head(db::Conn& c, std::int64_t department_id);

  /// True when a working group with `code` exists.
  bool group_exists(db::Conn& c, const std::string& code);
  /// True when `user_id` belongs to the leadership group (who may declare the end of an emergency).
  bool in_leadership(db::Conn& c, std::int64_t user_id);

  /// Creates the built-in working groups when missing (at start-up).
  Status ensure_builtin_groups();

 private:
  std::vector<WorkingGroup> load_groups(db::Conn& c, identity::NameLookup& names);
  std::optional<WorkingGroup> load_group(db::Conn& c, std::int64_t id);
  /// Fills in the members of `g` with their display names.
  WorkingGroup with_members(db::Conn& c, WorkingGroup g, identity::NameLookup& names);
  std::optional<Error> check_user(db::Conn& c, std::optional<std::int64_t> id, const char* field);

  db::Database& db_;
  const Clock& clock_;
  audit::AuditSink& audit_;
  OrganisationRepository repo_;
  identity::Directory directory_;
};

}  // namespace anxin::emergency
