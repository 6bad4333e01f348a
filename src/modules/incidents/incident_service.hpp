#pragma once

#include <array>
#include <optional>
#include <string>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/emergency/organisation_service.hpp"
#include "modules/incidents/incident.hpp"
#include "modules/incidents/incident_repository.hpp"
#include "modules/notify/notifier.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"
#include "platform/extend/record_links.hpp"
#include "platform/jobs/job_queue.hpp"

namespace anxin::incidents {

/// On-site handling records (INC-6) and other timeline entries a user may add.
const std::vector<std::string>& onsite_kinds();

/// Reporting and running an emergency: the report with its people, follow-ups that never
/// overwrite, the reporting chain with deadlines per level whose overdue steps a durable job
/// escalates exactly once, response levels with the commander by rule (or overridden with a
/// reason), working-group tasks, one timeline, and the end declared by the leadership group.
/// Reads and changes are limited to the caller's data scope; everything is audited.
class IncidentService {
 public:
  /// Job kind of the escalation of one overdue reporting step.
  static constexpr const char* kEscalateJob = "incidents.escalate_step";

  IncidentService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit,
                  emergency::OrganisationService& organisation, notify::Notifier* notifier,
                  const extend::RecordLinks* links = nullptr);

  /// Registers the escalation handler and the notification templates.
  void register_with(jobs::JobQueue& queue);
  static void register_templates(notify::Notifier& notifier);

  Result<Incident> report(const Caller& caller, NewIncident input);
  Result<Incident> get(const Caller& caller, std::int64_t id);
  Result<PageOf<Incident>> list(const Caller& caller, const IncidentFilter& filter, const PageRequest& page);
  /// Incidents reported since `from` in the caller's data scope, by level (index 0 = level I).
  std::array<std::int64_t, 4> count_by_level(const Caller& caller, TimestampMs from);
  Status follow_up(const Caller& caller, std::int64_t id, const std::string& text);
  Result<std::vector<Step>> steps(const Caller& caller, std::int64_t id);
  /// Marks a reporting step done; only its assignee or an incident manager.
  Status acknowledge_step(const Caller& caller, std::int64_t id, std::int64_t step_id);
  Result<Incident> change_level(const Caller& caller, std::int64_t id, std::int64_t version, int level,
                                const std::string& reason);
  Result<Incident> override_commander(const Caller& caller, std::int64_t id, std::int64_t version,
                                      std::int64_t commander_id, const std::string& reason);
  Result<Task> add_task(const Caller& caller, std::int64_t id, Task task);
  Result<Task> set_task_status(const Caller& caller, std::int64_t id, std::int64_t task_id, std::int64_t version,
                               const std::string& status);
  Result<std::vector<Task>> tasks(const Caller& caller, std::int64_t id);
  Status add_record(const Caller& caller, std::int64_t id, const std::string& kind, const std::string& note);
  /// The timeline: reports, follow-ups, level changes, steps, tasks and on-site records.
  Result<std::vector<Event>> timeline(const Caller& caller, std::int64_t id);
  Result<nlohmann::json> level_history(const Caller& caller, std::int64_t id);
  /// Declares the end of the emergency with the loss assessment; leadership group only.
  Result<Incident> end(const Caller& caller, std::int64_t id, std::int64_t version,
                       std::optional<std::int64_t> loss_fen, const std::optional<std::string>& assessment);

  nlohmann::json deadlines();
  Status set_deadline(const Caller& caller, int level, const std::string& stage, std::int64_t minutes);

  /// The escalation of one step (the job handler): a pending step past its deadline is marked
  /// escalated, the next person up is notified and the timeline records it.
  Status escalate(db::Conn& c, std::int64_t step_id);

 private:
  Result<Incident> load_in_scope(db::Conn& c, const Caller& caller, std::int64_t id);
  /// Creates the steps that apply at `level` and are not among `existing`, with their escalation
  /// jobs; returns the people now assigned a pending step.
  std::vector<std::int64_t> plan_steps(db::Conn& c, const Incident& incident, int level, TimestampMs from,
                                       const std::vector<Step>& existing);
  void notify_users(db::Conn& c, const std::string& event, const Incident& i, std::vector<std::int64_t> users,
                    nlohmann::json params);
  /// Fills the people picked from records (worker, customer, order) from those records: the name when none was
  /// typed, the order's number, and the order's worker or customer for those roles. An unknown record, or one
  /// outside the caller's scope, answers 422 incidents.person_record_unknown naming the field.
  Status link_people(db::Conn& c, const Caller& caller, std::vector<Person>& people) const;

  db::Database& db_;
  const Clock& clock_;
  audit::AuditSink& audit_;
  emergency::OrganisationService& organisation_;
  const extend::RecordLinks* links_;
  notify::Notifier* notifier_;
  IncidentRepository repo_;
};

}  // namespace anxin::incidents
