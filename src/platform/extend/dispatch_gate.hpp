#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.hpp"

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
};

/// One reason a check refuses: a stable translation key with its parameters (no personal values).
struct GateReason {
  /// The check that refused, e.g. "incidents.open_serious_incident".
  std::string check;
  /// Translation key of the reason shown to the dispatcher.
  std::string message_key;
  nlohmann::json params = nlohmann::json::object();
};

/// A check of the dispatch gate, contributed by the module that owns the records it reads (certificates,
/// health, training, insurance, open incidents …). Checks read only; they never change anything.
class GateCheck {
 public:
  virtual ~GateCheck() = default;
  /// Stable name, e.g. "incidents.open_serious_incident".
  virtual std::string name() const = 0;
  /// Every reason this check refuses the request for; empty when it passes. Throws only on infrastructure
  /// failure (the gate then refuses with gate.check_failed rather than letting the worker through).
  virtual std::vector<GateReason> check(const GateRequest& request) const = 0;
};

/// What the gate answers: pass only when no check refused; every failing reason, from every check.
struct GateDecision {
  bool pass = true;
  std::vector<GateReason> reasons;
  /// Names of the checks that were asked, in order.
  std::vector<std::string> checked;
};

/// The dispatch gate: all registered checks, asked in registration order, every one of them every time.
class DispatchGate {
 public:
  void add(std::unique_ptr<GateCheck> check);
  /// Asks every check and collects every reason. A check that throws refuses with gate.check_failed
  /// (the gate fails closed).
  GateDecision evaluate(const GateRequest& request) const;
  std::vector<std::string> check_names() const;

 private:
  std::vector<std::unique_ptr<GateCheck>> checks_;
};

}  // namespace anxin::extend
