#pragma once

#include <array>
#include <map>
#include <optional>
#include <vector>

#include "core/paging.hpp"
#include "modules/identity/directory.hpp"
#include "modules/identity/scope.hpp"
#include "modules/incidents/incident.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::incidents {

/// Persistence of incidents; free text and names are encrypted bound to their table, column and row.
class IncidentRepository {
 public:
  explicit IncidentRepository(const crypto::KeyRing& keys) : keys_(keys) {}

  /// Inserts a reported incident at its initial level with its commander (version 1) and returns
  /// it as stored (department_path is left to the caller).
  Incident insert(db::Conn& c, const NewIncident& in, std::int64_t reporter, std::optional<std::int64_t> commander_id,
                  const std::string& commander_rule, TimestampMs now);
  std::optional<Incident> get(db::Conn& c, std::int64_t id);
  /// The tree path of a department, or nullopt when it does not exist.
  std::optional<std::string> department_path(db::Conn& c, std::int64_t department_id) const;
  /// True when the user exists and may sign in.
  bool user_active(db::Conn& c, std::int64_t user_id) const;
  /// Incidents reported since `from` in the scope, by level (index 0 = level I).
  std::array<std::int64_t, 4> count_by_level(db::Conn& c, TimestampMs from, const identity::ScopeFilter& s);
  PageOf<Incident> list(db::Conn& c, const IncidentFilter& f, const identity::ScopeFilter& s, TimestampMs now,
                        const PageRequest& page);
  bool set_level(db::Conn& c, std::int64_t id, int level, std::optional<std::int64_t> commander,
                 const std::string& rule, TimestampMs now, std::int64_t version);
  bool end(db::Conn& c, std::int64_t id, TimestampMs now, std::int64_t by, std::optional<std::int64_t> loss_fen,
           const std::optional<std::string>& assessment, std::int64_t version);
  void touch(db::Conn& c, std::int64_t id, TimestampMs now);

  std::int64_t add_report(db::Conn& c, std::int64_t incident, std::int64_t author, TimestampMs at,
                          const std::string& text);
  std::vector<Event> reports(db::Conn& c, std::int64_t incident);
  std::int64_t add_step(db::Conn& c, std::int64_t incident, std::int64_t seq, const std::string& stage,
                        std::optional<std::int64_t> assignee, TimestampMs due, bool done,
                        std::optional<std::int64_t> done_by, TimestampMs now);
  std::vector<Step> steps(db::Conn& c, std::int64_t incident);
  std::optional<std::pair<std::int64_t, Step>> step(db::Conn& c, std::int64_t step_id);
  bool complete_step(db::Conn& c, std::int64_t step_id, TimestampMs now, std::int64_t by);
  bool escalate_step(db::Conn& c, std::int64_t step_id, TimestampMs now, std::optional<std::int64_t> to);
  void add_level(db::Conn& c, std::int64_t incident, TimestampMs at, std::int64_t by, std::optional<int> from, int to,
                 std::optional<std::int64_t> commander, const std::string& rule, const std::string& reason);
  nlohmann::json levels(db::Conn& c, std::int64_t incident);
  std::int64_t add_task(db::Conn& c, std::int64_t incident, const Task& t, TimestampMs now);
  std::optional<std::pair<std::int64_t, Task>> task(db::Conn& c, std::int64_t task_id);
  bool set_task_status(db::Conn& c, std::int64_t task_id, const std::string& status, TimestampMs now,
                       std::int64_t version);
  std::vector<Task> tasks(db::Conn& c, std::int64_t incident);
  void add_event(db::Conn& c, std::int64_t incident, TimestampMs at, std::optional<std::int64_t> actor,
                 const std::string& kind, const std::string& summary, const std::optional<std::string>& note);
  std::vector<Event> events(db::Conn& c, std::int64_t incident);
  /// Minutes allowed for a stage at a level, or nullopt when the stage does not apply.
  /// Minutes allowed for each reporting stage at `level` (stages without a deadline are absent).
  std::map<std::string, std::int64_t> deadlines_of_level(db::Conn& c, int level);
  nlohmann::json deadlines(db::Conn& c);
  void set_deadline(db::Conn& c, int level, const std::string& stage, std::int64_t minutes);

 private:
  Incident from_row(db::Conn& c, const db::Row& r, std::string department_path);
  /// The scope's department-subtree filter as an id set (nullopt when the scope is not a subtree).
  std::optional<std::string> subtree_ids(db::Conn& c, const identity::ScopeFilter& s) const;

  const crypto::KeyRing& keys_;
  identity::Directory directory_;
};

}  // namespace anxin::incidents
