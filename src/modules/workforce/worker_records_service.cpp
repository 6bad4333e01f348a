#include "modules/workforce/worker_records_service.hpp"

#include <algorithm>

namespace anxin::workforce {

namespace {

std::optional<std::int64_t> actor_of(const Caller& caller) {
  return caller.user_id ? std::optional(caller.user_id) : std::nullopt;
}

bool one_of(const std::string& v, std::initializer_list<const char*> values) {
  return std::any_of(values.begin(), values.end(), [&](const char* x) { return v == x; });
}

}  // namespace

void WorkerRecordsService::audit_change(db::Conn& c, const Caller& caller, const std::string& action, const Worker& w,
                                        nlohmann::json after) {
  audit_.append(c, {.actor = audit::Actor::of(caller),
                    .action = action,
                    .entity = "worker",
                    .entity_id = std::to_string(w.id),
                    .department_id = w.department_id,
                    .before = nullptr,
                    .after = std::move(after)});
}

Result<WorkerRecords> WorkerRecordsService::records(const Caller& caller, std::int64_t worker_id) {
  const std::string today = china_date(clock_.now_ms());
  return db_.read([&](db::Conn& c) -> Result<WorkerRecords> {
    ANXIN_TRY(workers_.load_in_scope(c, caller, worker_id));
    WorkerRecords r;
    r.integrity = repo_.integrity_of(c, worker_id);
    r.points = points_in_window(r.integrity, today);
    r.points_max = workers_.working_time_repository().settings(c).integrity_points_max;
    r.pay = repo_.pay_of(c, worker_id);
    r.social_insurance_history = repo_.social_insurance_of(c, worker_id);
    if (!r.social_insurance_history.empty()) r.social_insurance = r.social_insurance_history.front();
    r.cases = repo_.cases_of(c, worker_id);
    return r;
  });
}

Result<IntegrityEntry> WorkerRecordsService::add_integrity(const Caller& caller, std::int64_t worker_id,
                                                           IntegrityEntry entry) {
  if (!one_of(entry.kind, {"commendation", "complaint", "violation"})) {
    return Error::unprocessable("common.field_enum", {{"field", "kind"}});
  }
  if (entry.kind == "violation" && (entry.points < 1 || entry.points > kViolationPointsMax)) {
    return Error::unprocessable("workforce.violation_points", {{"field", "points"}, {"max", kViolationPointsMax}});
  }
  if (entry.kind != "violation" && entry.points != 0) {
    return Error::unprocessable("workforce.points_only_for_violations", {{"field", "points"}});
  }
  const TimestampMs now = clock_.now_ms();
  if (entry.occurred_on > china_date(now)) {
    return Error::unprocessable("workforce.date_in_future", {{"field", "occurred_on"}});
  }
  return db_.write([&](db::Conn& c) -> Result<IntegrityEntry> {
    ANXIN_ASSIGN_OR_RETURN(Worker w, workers_.load_in_scope(c, caller, worker_id));
    entry.worker_id = worker_id;
    entry.recorded_by = actor_of(caller);
    entry.recorded_at = now;
    entry.id = repo_.add_integrity(c, entry, entry.recorded_by, now);
    audit_change(
        c, caller, "add_integrity_entry", w,
        {{"entry_id", entry.id}, {"kind", entry.kind}, {"occurred_on", entry.occurred_on}, {"points", entry.points}});
    return entry;
  });
}

Result<PayRecord> WorkerRecordsService::add_pay(const Caller& caller, std::int64_t worker_id, PayRecord pay) {
  if (!valid_period(pay.period)) return Error::unprocessable("workforce.pay_period_invalid", {{"field", "period"}});
  if (pay.deductions_fen > pay.gross_fen) {
    return Error::unprocessable("workforce.pay_deductions_exceed", {{"field", "deductions_fen"}});
  }
  const TimestampMs now = clock_.now_ms();
  const std::string today = china_date(now);
  if (pay.period > today.substr(0, 7)) return Error::unprocessable("workforce.date_in_future", {{"field", "period"}});
  if (pay.paid_on && *pay.paid_on > today) {
    return Error::unprocessable("workforce.date_in_future", {{"field", "paid_on"}});
  }
  pay.net_fen = pay.gross_fen - pay.deductions_fen;
  return db_.write([&](db::Conn& c) -> Result<PayRecord> {
    ANXIN_ASSIGN_OR_RETURN(Worker w, workers_.load_in_scope(c, caller, worker_id));
    if (repo_.pay_period_exists(c, worker_id, pay.period)) {
      return Error::conflict("workforce.pay_period_exists", {{"field", "period"}, {"period", pay.period}});
    }
    pay.worker_id = worker_id;
    pay.recorded_at = now;
    pay.id = repo_.add_pay(c, pay, actor_of(caller), now);
    // The amounts are class 3: the audit record names the month, not the money.
    audit_change(c, caller, "add_pay_record", w, {{"pay_id", pay.id}, {"period", pay.period}});
    return pay;
  });
}

Result<SocialInsurance> WorkerRecordsService::set_social_insurance(const Caller& caller, std::int64_t worker_id,
                                                                   SocialInsurance s) {
  if (!one_of(s.status, {"enrolled", "not_enrolled", "commercial_only", "exempt"})) {
    return Error::unprocessable("common.field_enum", {{"field", "status"}});
  }
  const TimestampMs now = clock_.now_ms();
  return db_.write([&](db::Conn& c) -> Result<SocialInsurance> {
    ANXIN_ASSIGN_OR_RETURN(Worker w, workers_.load_in_scope(c, caller, worker_id));
    s.recorded_at = now;
    repo_.add_social_insurance(c, worker_id, s, actor_of(caller), now);
    audit_change(c, caller, "set_social_insurance", w, {{"status", s.status}, {"since", s.since}});
    return s;
  });
}

Result<WorkerCase> WorkerRecordsService::open_case(const Caller& caller, std::int64_t worker_id, WorkerCase k) {
  if (!one_of(k.kind, {"grievance", "mediation", "legal_aid", "psych_support"})) {
    return Error::unprocessable("common.field_enum", {{"field", "kind"}});
  }
  const TimestampMs now = clock_.now_ms();
  if (k.opened_on > china_date(now)) return Error::unprocessable("workforce.date_in_future", {{"field", "opened_on"}});
  return db_.write([&](db::Conn& c) -> Result<WorkerCase> {
    ANXIN_ASSIGN_OR_RETURN(Worker w, workers_.load_in_scope(c, caller, worker_id));
    k.worker_id = worker_id;
    k.status = "open";
    k.recorded_at = now;
    k.id = repo_.add_case(c, k, actor_of(caller), now);
    audit_change(c, caller, "open_worker_case", w, {{"case_id", k.id}, {"kind", k.kind}, {"opened_on", k.opened_on}});
    return k;
  });
}

Result<WorkerCase> WorkerRecordsService::close_case(const Caller& caller, std::int64_t worker_id, std::int64_t case_id,
                                                    const std::string& closed_on, const std::string& outcome) {
  const TimestampMs now = clock_.now_ms();
  if (closed_on > china_date(now)) return Error::unprocessable("workforce.date_in_future", {{"field", "closed_on"}});
  return db_.write([&](db::Conn& c) -> Result<WorkerCase> {
    ANXIN_ASSIGN_OR_RETURN(Worker w, workers_.load_in_scope(c, caller, worker_id));
    auto cases = repo_.cases_of(c, worker_id);
    const auto it = std::find_if(cases.begin(), cases.end(), [&](const WorkerCase& k) { return k.id == case_id; });
    if (it == cases.end()) return Error::not_found("workforce.case_unknown");
    if (it->status != "open") return Error::conflict("workforce.case_closed");
    if (closed_on < it->opened_on) return Error::unprocessable("workforce.end_before_start", {{"field", "closed_on"}});
    repo_.close_case(c, worker_id, case_id, closed_on, outcome, actor_of(caller), now);
    audit_change(c, caller, "close_worker_case", w, {{"case_id", case_id}, {"closed_on", closed_on}});
    it->status = "closed";
    it->closed_on = closed_on;
    it->outcome = outcome;
    return *it;
  });
}

}  // namespace anxin::workforce
