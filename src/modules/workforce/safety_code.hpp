#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "modules/workforce/gate_service.hpp"
#include "modules/workforce/worker_service.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/db/database.hpp"

namespace anxin::workforce {

/// A worker's 安心码 as the office prints it: the token, the public page it opens and its QR code.
struct SafetyCode {
  std::string token;
  /// The web path of the public page, "/s/<token>".
  std::string path;
  TimestampMs issued_at = 0;
};

/// What the public page shows a customer at the door: nothing that identifies the worker beyond what the customer
/// sees anyway (no ID number, phone, address or health detail).
struct PublicSafetyView {
  std::string name_initial;
  std::vector<std::string> job_types;
  SafetyColour colour;
  std::string date;
};

/// The worker safety code (安心码, WRK-9): an unguessable token per worker, issued again (rotated) on request,
/// revocable, and ended when the worker leaves. The public page answers the same for an unknown and a revoked
/// token.
class SafetyCodes {
 public:
  SafetyCodes(db::Database& db, const Clock& clock, WorkerService& workers, GateService& gate, audit::AuditSink& audit)
      : db_(db), clock_(clock), workers_(workers), gate_(gate), audit_(audit) {}

  /// Issues a new token for the worker, replacing (and so revoking) the one before.
  Result<SafetyCode> issue(const Caller& caller, std::int64_t id);
  /// The token in force, or not found.
  Result<SafetyCode> get(const Caller& caller, std::int64_t id);
  Status revoke(const Caller& caller, std::int64_t id);
  /// The public view for a token in force; nullopt for any other token.
  std::optional<PublicSafetyView> view(const std::string& token);

  std::vector<ServiceType> service_types() { return workers_.service_types(); }
  TimestampMs now() const { return clock_.now_ms(); }

 private:
  void audit(db::Conn& c, const Caller& caller, const Worker& w, const std::string& action);

  db::Database& db_;
  const Clock& clock_;
  WorkerService& workers_;
  GateService& gate_;
  audit::AuditSink& audit_;
};

}  // namespace anxin::workforce
