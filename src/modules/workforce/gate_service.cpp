#include "modules/workforce/gate_service.hpp"

#include <algorithm>

namespace anxin::workforce {

extend::GateDecision GateService::evaluate_in(db::Conn& c, const Worker& w, const std::string& service_type,
                                              TimestampMs from, TimestampMs to) const {
  const extend::GateRequest request{.worker_id = w.id,
                                    .user_id = w.user_id.value_or(0),
                                    .service_type = service_type,
                                    .from = from,
                                    .to = to,
                                    .now = clock_.now_ms(),
                                    .warning_days = workers_.working_time_repository().settings(c).gate_warning_days};
  return gate_.evaluate(c, request);
}

Result<GateAnswer> GateService::evaluate(const Caller& caller, std::int64_t worker_id, const std::string& service_type,
                                         TimestampMs from, TimestampMs to) {
  if (to <= from) return Error::unprocessable("workforce.period_invalid", {{"field", "to"}});
  const auto types = workers_.service_types();
  if (std::none_of(types.begin(), types.end(), [&](const auto& s) { return s.code == service_type && s.active; })) {
    return Error::unprocessable("workforce.service_type_unknown", {{"field", "service_type"}, {"code", service_type}});
  }
  return db_.read([&](db::Conn& c) -> Result<GateAnswer> {
    ANXIN_ASSIGN_OR_RETURN(Worker w, workers_.load_in_scope(c, caller, worker_id));
    return GateAnswer{.worker_id = worker_id,
                      .service_type = service_type,
                      .from = from,
                      .to = to,
                      .decision = evaluate_in(c, w, service_type, from, to)};
  });
}

Result<SafetyColour> GateService::colour(const Caller& caller, std::int64_t worker_id) {
  return db_.read([&](db::Conn& c) -> Result<SafetyColour> {
    ANXIN_ASSIGN_OR_RETURN(Worker w, workers_.load_in_scope(c, caller, worker_id));
    return colour_in(c, w);
  });
}

SafetyColour GateService::colour_in(db::Conn& c, const Worker& w) const {
  // The records as they stand now (a record valid through today is valid); the question adds no working time.
  const TimestampMs now = clock_.now_ms();
  const TimestampMs until = now + 1;
  SafetyColour out{.colour = "green"};
  const auto note = [&](const std::vector<extend::GateReason>& reasons) {
    for (const auto& r : reasons) {
      if (std::find(out.reason_keys.begin(), out.reason_keys.end(), r.check) == out.reason_keys.end())
        out.reason_keys.push_back(r.check);
    }
  };
  if (w.job_types.empty()) return {.colour = "red", .reason_keys = {"workforce.status"}};
  for (const auto& type : w.job_types) {
    const auto d = evaluate_in(c, w, type, now, until);
    if (!d.pass) {
      if (out.colour != "red") out.reason_keys.clear();
      out.colour = "red";
      note(d.reasons);
    } else if (!d.warnings.empty() && out.colour == "green") {
      out.colour = "yellow";
    }
    if (out.colour == "yellow") note(d.warnings);
  }
  return out;
}

}  // namespace anxin::workforce
