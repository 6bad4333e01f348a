#pragma once

#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "modules/workforce/worker_service.hpp"
#include "platform/db/database.hpp"
#include "platform/extend/dispatch_gate.hpp"

namespace anxin::workforce {

/// The gate's answer for one worker, service type and period.
struct GateAnswer {
  std::int64_t worker_id = 0;
  std::string service_type;
  TimestampMs from = 0;
  TimestampMs to = 0;
  extend::GateDecision decision;
};

/// The 安心码 colour of a worker for today: green (the gate passes for every job type), yellow (it passes, with a
/// warning: something ends soon or a non-blocking record is missing), red (refused for a job type).
struct SafetyColour {
  std::string colour;
  /// The checks behind a yellow or red colour (their names: categories, no personal values).
  std::vector<std::string> reason_keys;
};

/// Asks the dispatch gate (WRK-6): may worker W do service type S in a period? Every registered check is asked
/// (those of this module and those other modules contribute), and every failing reason is answered.
class GateService {
 public:
  GateService(db::Database& db, const Clock& clock, WorkerService& workers, const extend::DispatchGate& gate)
      : db_(db), clock_(clock), workers_(workers), gate_(gate) {}

  /// The answer for a worker in the caller's data scope. 422 for an unknown service type or a period that ends
  /// before it starts.
  Result<GateAnswer> evaluate(const Caller& caller, std::int64_t worker_id, const std::string& service_type,
                              TimestampMs from, TimestampMs to);
  /// The answer on the caller's connection, without a scope check (an assignment checks and writes in one
  /// transaction).
  extend::GateDecision evaluate_in(db::Conn& c, const Worker& w, const std::string& service_type, TimestampMs from,
                                   TimestampMs to) const;
  /// Today's colour of a worker, over each of its job types.
  SafetyColour colour_in(db::Conn& c, const Worker& w) const;
  /// Today's colour of a worker in the caller's data scope.
  Result<SafetyColour> colour(const Caller& caller, std::int64_t worker_id);

  TimestampMs now() const { return clock_.now_ms(); }

 private:
  db::Database& db_;
  const Clock& clock_;
  WorkerService& workers_;
  const extend::DispatchGate& gate_;
};

}  // namespace anxin::workforce
