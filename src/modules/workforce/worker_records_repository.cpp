#include "modules/workforce/worker_records_repository.hpp"

#include <cstdio>

namespace anxin::workforce {

std::string_view workforce_sql(std::string_view name);  // embedded queries/*.sql

namespace {
constexpr const char* kIntegrity = "worker_integrity_entries";
constexpr const char* kPay = "worker_pay_records";
constexpr const char* kCases = "worker_cases";

/// The pay amounts as one sealed cell: "gross,deductions,net" in fen.
std::string amounts_text(const PayRecord& p) {
  return std::to_string(p.gross_fen) + "," + std::to_string(p.deductions_fen) + "," + std::to_string(p.net_fen);
}

bool parse_amounts(const std::string& text, PayRecord& p) {
  long long gross = 0, deductions = 0, net = 0;
  if (std::sscanf(text.c_str(), "%lld,%lld,%lld", &gross, &deductions, &net) != 3) return false;
  p.gross_fen = gross;
  p.deductions_fen = deductions;
  p.net_fen = net;
  return true;
}
}  // namespace

std::int64_t WorkerRecordsRepository::add_integrity(db::Conn& c, const IntegrityEntry& e,
                                                    std::optional<std::int64_t> by, TimestampMs now) {
  const auto id = c.query_one(workforce_sql("integrity_insert"), e.worker_id, e.kind, e.occurred_on, e.points, by, now)
                      ->int64("id");
  c.exec(workforce_sql("integrity_seal"), id, keys_.seal(kIntegrity, "summary_enc", id, e.summary));
  return id;
}

std::vector<IntegrityEntry> WorkerRecordsRepository::integrity_of(db::Conn& c, std::int64_t worker_id) const {
  std::vector<IntegrityEntry> out;
  for (const auto& r : c.query(workforce_sql("integrity_of"), worker_id)) {
    const auto id = r.int64("id");
    out.push_back({.id = id,
                   .worker_id = worker_id,
                   .kind = r.text("kind"),
                   .occurred_on = r.text("occurred_on"),
                   .points = r.int64("points"),
                   .summary = keys_.open(kIntegrity, "summary_enc", id, r),
                   .recorded_by = r.opt_int64("recorded_by"),
                   .recorded_at = r.int64("recorded_at")});
  }
  return out;
}

std::int64_t WorkerRecordsRepository::points(db::Conn& c, std::int64_t worker_id, const std::string& first_day,
                                             const std::string& last_day) const {
  return c.query_one(workforce_sql("integrity_points"), worker_id, first_day, last_day)->int64("points");
}

bool WorkerRecordsRepository::pay_period_exists(db::Conn& c, std::int64_t worker_id, const std::string& period) const {
  return c.query_one(workforce_sql("pay_period_exists"), worker_id, period).has_value();
}

std::int64_t WorkerRecordsRepository::add_pay(db::Conn& c, const PayRecord& p, std::optional<std::int64_t> by,
                                              TimestampMs now) {
  const auto id = c.query_one(workforce_sql("pay_insert"), p.worker_id, p.period, p.paid_on, by, now)->int64("id");
  c.exec(workforce_sql("pay_seal"), id, keys_.seal(kPay, "amounts_enc", id, amounts_text(p)));
  return id;
}

std::vector<PayRecord> WorkerRecordsRepository::pay_of(db::Conn& c, std::int64_t worker_id) const {
  std::vector<PayRecord> out;
  for (const auto& r : c.query(workforce_sql("pay_of"), worker_id)) {
    PayRecord p{.id = r.int64("id"),
                .worker_id = worker_id,
                .period = r.text("period"),
                .paid_on = r.opt_text("paid_on"),
                .recorded_at = r.int64("recorded_at")};
    // Amounts that do not open (tampered) read as zero rather than as someone else's pay.
    if (const auto amounts = keys_.open(kPay, "amounts_enc", p.id, r); amounts) parse_amounts(*amounts, p);
    out.push_back(std::move(p));
  }
  return out;
}

void WorkerRecordsRepository::add_social_insurance(db::Conn& c, std::int64_t worker_id, const SocialInsurance& s,
                                                   std::optional<std::int64_t> by, TimestampMs now) {
  c.exec(workforce_sql("social_insurance_insert"), worker_id, s.status, s.since, by, now);
}

std::vector<SocialInsurance> WorkerRecordsRepository::social_insurance_of(db::Conn& c, std::int64_t worker_id) const {
  std::vector<SocialInsurance> out;
  for (const auto& r : c.query(workforce_sql("social_insurance_of"), worker_id)) {
    out.push_back({.status = r.text("status"), .since = r.text("since"), .recorded_at = r.int64("recorded_at")});
  }
  return out;
}

std::int64_t WorkerRecordsRepository::add_case(db::Conn& c, const WorkerCase& k, std::optional<std::int64_t> by,
                                               TimestampMs now) {
  const auto id = c.query_one(workforce_sql("case_insert"), k.worker_id, k.kind, k.opened_on, by, now)->int64("id");
  c.exec(workforce_sql("case_seal"), id, keys_.seal(kCases, "parties_enc", id, k.parties),
         keys_.seal(kCases, "summary_enc", id, k.summary));
  return id;
}

bool WorkerRecordsRepository::close_case(db::Conn& c, std::int64_t worker_id, std::int64_t case_id,
                                         const std::string& closed_on, const std::string& outcome,
                                         std::optional<std::int64_t> by, TimestampMs now) {
  return c.exec(workforce_sql("case_close"), case_id, worker_id, closed_on,
                keys_.seal(kCases, "outcome_enc", case_id, std::optional<std::string>(outcome)), by, now) == 1;
}

std::vector<WorkerCase> WorkerRecordsRepository::cases_of(db::Conn& c, std::int64_t worker_id) const {
  std::vector<WorkerCase> out;
  for (const auto& r : c.query(workforce_sql("cases_of"), worker_id)) {
    const auto id = r.int64("id");
    out.push_back({.id = id,
                   .worker_id = worker_id,
                   .kind = r.text("kind"),
                   .opened_on = r.text("opened_on"),
                   .status = r.text("status"),
                   .parties = keys_.open(kCases, "parties_enc", id, r),
                   .summary = keys_.open(kCases, "summary_enc", id, r),
                   .outcome = keys_.open(kCases, "outcome_enc", id, r),
                   .closed_on = r.opt_text("closed_on"),
                   .recorded_at = r.int64("recorded_at")});
  }
  return out;
}

}  // namespace anxin::workforce
