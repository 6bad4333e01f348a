#pragma once

#include "core/caller.hpp"
#include "core/result.hpp"
#include "modules/workforce/worker_records.hpp"
#include "modules/workforce/worker_records_repository.hpp"
#include "modules/workforce/worker_service.hpp"

namespace anxin::workforce {

/// Use cases of a worker's integrity record (WRK-2) and rights records (WRK-7): commendations, complaints and
/// violations with points (points of the last 365 days count against the dispatch gate), monthly pay in fen,
/// social-insurance status with its history, and the cases handled for the worker (complaints the worker raises,
/// dispute mediation, legal aid, psychological support) from opening to outcome. Scoped, audited and masked like
/// the rest of the worker file.
class WorkerRecordsService {
 public:
  WorkerRecordsService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit,
                       WorkerService& workers)
      : db_(db), clock_(clock), audit_(audit), workers_(workers), repo_(keys) {}

  Result<WorkerRecords> records(const Caller& caller, std::int64_t worker_id);
  Result<IntegrityEntry> add_integrity(const Caller& caller, std::int64_t worker_id, IntegrityEntry entry);
  Result<PayRecord> add_pay(const Caller& caller, std::int64_t worker_id, PayRecord pay);
  Result<SocialInsurance> set_social_insurance(const Caller& caller, std::int64_t worker_id, SocialInsurance s);
  Result<WorkerCase> open_case(const Caller& caller, std::int64_t worker_id, WorkerCase k);
  Result<WorkerCase> close_case(const Caller& caller, std::int64_t worker_id, std::int64_t case_id,
                                const std::string& closed_on, const std::string& outcome);

  const WorkerRecordsRepository& repository() const { return repo_; }

 private:
  void audit_change(db::Conn& c, const Caller& caller, const std::string& action, const Worker& w,
                    nlohmann::json after);

  db::Database& db_;
  const Clock& clock_;
  audit::AuditSink& audit_;
  WorkerService& workers_;
  WorkerRecordsRepository repo_;
};

}  // namespace anxin::workforce
