#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "platform/db/database.hpp"

namespace anxin::extend {

/// Who is to be sent where and when: the question every dispatch-gate check answers.
struct GateRequest {
  /// The worker's record (服务人员); 0 while the request names only a linked account.
  std::int64_t worker_id = 0;
  /// The user account linked to the worker, when there is one (most workers never sign in).
  std::int64_t user_id = 0;
  /// Service type code, e.g. "nanny", "maternity", "cleaning", "elderly_care".
  std::string service_type;
  /// The period of the assignment, [from, to).
  TimestampMs from = 0;
  TimestampMs to = 0;
  /// When the question is asked; a record ending within `warning_days` of max(now, to) is answered as a warning.
  TimestampMs now = 0;
  std::int64_t warning_days = 30;
  /// Records a check loaded, kept for the other checks of the same module during one evaluation (keyed by the
  /// module's name), so that the gate reads each worker's file once.
  mutable std::map<std::string, std::shared_ptr<const void>> loaded;
};

/// One reason a check refuses, or warns: a stable translation key with its parameters (no personal values).
struct GateReason {
  /// The check that refused, e.g. "incidents.open_serious_incident".
  std::string check;
  /// Translation key of the reason shown to the dispatcher.
  std::string message_key;
  nlohmann::json params = nlohmann::json::object();
  /// A warning does not refuse: a record that is still valid through the period but ends soon after, or a
  /// record that is missing without blocking the assignment.
  bool warning = false;
  /// The record the reason concerns (kind, e.g. "worker_certificate", and id), when there is one.
  std::string record_kind;
  std::int64_t record_id = 0;
  /// The day (YYYY-MM-DD, company time) the record stops or stopped being valid, where it applies.
  std::string date;
};

/// A check of the dispatch gate, contributed by the module that owns the records it reads (certificates,
/// health, training, insurance, open incidents …). Checks read only, on the connection they are given (so that an
/// assignment checks and writes in one transaction); they never change anything.
class GateCheck {
 public:
  virtual ~GateCheck() = default;
  /// Stable name, e.g. "incidents.open_serious_incident".
  virtual std::string name() const = 0;
  /// Every reason this check refuses the request for; empty when it passes. Throws only on infrastructure
  /// failure (the gate then refuses with gate.check_failed rather than letting the worker through).
  virtual std::vector<GateReason> check(db::Conn& c, const GateRequest& request) const = 0;
};

/// What the gate answers: pass only when no check refused; every failing reason, from every check, and every
/// warning apart.
struct GateDecision {
  bool pass = true;
  std::vector<GateReason> reasons;
  std::vector<GateReason> warnings;
  /// Names of the checks that were asked, in order.
  std::vector<std::string> checked;
};

/// The dispatch gate: all registered checks, asked in registration order, every one of them every time.
class DispatchGate {
 public:
  void add(std::unique_ptr<GateCheck> check);
  /// Asks every check and collects every reason. A check that throws refuses with gate.check_failed
  /// (the gate fails closed).
  GateDecision evaluate(db::Conn& c, const GateRequest& request) const;
  std::vector<std::string> check_names() const;

 private:
  std::vector<std::unique_ptr<GateCheck>> checks_;
};

}  // namespace anxin::extend
