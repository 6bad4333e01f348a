#pragma once

#include <optional>
#include <string>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/incidents/aftermath_repository.hpp"
#include "modules/incidents/incident.hpp"
#include "modules/incidents/incident_repository.hpp"
#include "modules/incidents/investigation.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::incidents {

/// The investigation of an incident (INC-9, INC-10) and the cases published from it (INC-11).
///
/// One report per incident, edited while draft (after submission only the summary review of the
/// leadership group), submitted, and closed once the emergency has ended and every corrective
/// action is verified; closing it closes the incident. A closed incident can be published once as a
/// case: type, level, month, the department at the level below the root, grade, causes, corrective
/// action titles and the publisher's lessons, refused when any of that text carries a mobile or
/// resident id number, or a name or the place from the incident. Incident records are limited to
/// the caller's data scope (404 outside it); cases are company-wide training material.
class InvestigationService {
 public:
  InvestigationService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit);

  Result<Investigation> get(const Caller& caller, std::int64_t incident_id);
  /// Starts the draft report.
  Result<Investigation> open(const Caller& caller, std::int64_t incident_id, const InvestigationDraft& draft);
  Result<Investigation> update(const Caller& caller, std::int64_t incident_id, std::int64_t version,
                               const InvestigationDraft& draft);
  /// draft → submitted; facts, causes and grade are needed.
  Result<Investigation> submit(const Caller& caller, std::int64_t incident_id, std::int64_t version);
  /// submitted → draft, for corrections, with a reason.
  Result<Investigation> send_back(const Caller& caller, std::int64_t incident_id, std::int64_t version,
                                  const std::string& reason);
  /// submitted → closed, and the incident ended → closed.
  Result<Investigation> close(const Caller& caller, std::int64_t incident_id, std::int64_t version);

  Result<CorrectiveAction> add_action(const Caller& caller, std::int64_t incident_id, CorrectiveAction action);
  /// open → done → verified; done may go back to open.
  Result<CorrectiveAction> set_action_status(const Caller& caller, std::int64_t incident_id, std::int64_t action_id,
                                             std::int64_t version, const std::string& status);
  Result<RecoveryTask> add_recovery_task(const Caller& caller, std::int64_t incident_id, RecoveryTask task);
  Result<RecoveryTask> set_recovery_status(const Caller& caller, std::int64_t incident_id, std::int64_t task_id,
                                           std::int64_t version, const std::string& status);

  Result<Case> publish_case(const Caller& caller, std::int64_t incident_id, const NewCase& in);
  PageOf<Case> cases(const CaseFilter& filter, const PageRequest& page);
  Result<Case> case_by_id(std::int64_t id);

 private:
  Result<Incident> load_in_scope(db::Conn& c, const Caller& caller, std::int64_t id);
  Result<Investigation> load_investigation(db::Conn& c, std::int64_t incident_id);
  /// Names and the place connected with the incident, which must not appear in a case.
  std::vector<std::string> personal_terms(db::Conn& c, const Incident& incident, const Investigation& report);
  void record(db::Conn& c, const Caller& caller, const Incident& i, const std::string& action,
              const std::string& summary, nlohmann::json before, nlohmann::json after, const std::string& reason = "");

  db::Database& db_;
  const Clock& clock_;
  audit::AuditSink& audit_;
  IncidentRepository incidents_;
  AftermathRepository repo_;
};

}  // namespace anxin::incidents
