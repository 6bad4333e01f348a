#pragma once

#include <optional>
#include <string>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "modules/incidents/aftermath.hpp"
#include "modules/incidents/aftermath_repository.hpp"
#include "modules/incidents/incident.hpp"
#include "modules/incidents/incident_repository.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::incidents {

/// A compensation item as an insurance module sees it when the item is created or changed.
struct CompensationChange {
  /// "created", "amended" (amount or payee) or "status".
  std::string action;
  const Incident& incident;
  /// The item after the change.
  const Compensation& item;
  /// The status before the change ("" for a new item).
  std::string previous_status;
};

/// The insurance seam (INC-8 → INS-3). Compensation items carry a nullable `claim_ref`, the
/// reference of the insurance claim that covers them, which a user may set by hand. An insurance
/// module that opens or updates claims from compensation implements this interface and registers
/// it with AftermathService::set_claim_link(); the aftermath module knows nothing else about
/// insurance and works the same without one.
class ClaimLink {
 public:
  virtual ~ClaimLink() = default;
  /// Runs inside the write transaction of every compensation change, after the change is stored
  /// and before it is audited. Returns the claim reference to store on the item (e.g. the claim it
  /// just opened), or nullopt to leave `claim_ref` as it is; an error rolls the whole change back
  /// and is returned to the caller.
  virtual Result<std::optional<std::string>> compensation_changed(db::Conn& c, const CompensationChange& change) = 0;
};

/// Aftermath of an incident (善后, INC-8): the injured with their treatment follow-up, compensation
/// (medical, lost wages, nutrition, property) in integer fen with totals, and customer follow-up
/// visits with satisfaction. Limited to the caller's data scope (404 outside it); every change is
/// audited and appends a line to the incident's timeline. Aftermath stays open after the incident
/// is closed: treatment, payment and follow-up visits often run on past the investigation.
class AftermathService {
 public:
  AftermathService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit);

  /// Registers the insurance seam (not owned; may be null to remove it).
  void set_claim_link(ClaimLink* link) { claim_link_ = link; }

  Result<AftermathSummary> summary(const Caller& caller, std::int64_t incident_id);
  Result<Injured> add_injured(const Caller& caller, std::int64_t incident_id, NewInjured in);
  /// Appends a treatment entry; the person's status becomes that of the latest entry by time.
  Result<Injured> add_treatment(const Caller& caller, std::int64_t incident_id, std::int64_t injured_id,
                                Treatment entry);
  Result<Compensation> add_compensation(const Caller& caller, std::int64_t incident_id, NewCompensation in);
  /// Amends (while proposed), moves the status forward or sets the claim reference; optimistic by version.
  Result<Compensation> update_compensation(const Caller& caller, std::int64_t incident_id, std::int64_t compensation_id,
                                           const CompensationPatch& patch);
  Result<Visit> add_visit(const Caller& caller, std::int64_t incident_id, Visit visit);

 private:
  Result<Incident> load_in_scope(db::Conn& c, const Caller& caller, std::int64_t id);
  AftermathSummary summarise(db::Conn& c, std::int64_t incident_id);
  Status link_claim(db::Conn& c, const std::string& action, const Incident& incident, std::int64_t compensation_id,
                    const std::string& previous_status);

  db::Database& db_;
  const Clock& clock_;
  audit::AuditSink& audit_;
  IncidentRepository incidents_;
  AftermathRepository repo_;
  ClaimLink* claim_link_ = nullptr;
};

}  // namespace anxin::incidents
