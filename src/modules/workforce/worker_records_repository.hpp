#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/workforce/worker_records.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::workforce {

/// Persistence of a worker's integrity and rights records. Summaries, pay amounts and case texts are key-ring
/// ciphertext (class 3, psychological support class 4).
class WorkerRecordsRepository {
 public:
  explicit WorkerRecordsRepository(const crypto::KeyRing& keys) : keys_(keys) {}

  std::int64_t add_integrity(db::Conn& c, const IntegrityEntry& e, std::optional<std::int64_t> by, TimestampMs now);
  std::vector<IntegrityEntry> integrity_of(db::Conn& c, std::int64_t worker_id) const;
  /// Violation points of the worker from `first_day` through `last_day`, read without opening any ciphertext.
  std::int64_t points(db::Conn& c, std::int64_t worker_id, const std::string& first_day,
                      const std::string& last_day) const;

  bool pay_period_exists(db::Conn& c, std::int64_t worker_id, const std::string& period) const;
  std::int64_t add_pay(db::Conn& c, const PayRecord& p, std::optional<std::int64_t> by, TimestampMs now);
  std::vector<PayRecord> pay_of(db::Conn& c, std::int64_t worker_id) const;

  void add_social_insurance(db::Conn& c, std::int64_t worker_id, const SocialInsurance& s,
                            std::optional<std::int64_t> by, TimestampMs now);
  /// Newest first.
  std::vector<SocialInsurance> social_insurance_of(db::Conn& c, std::int64_t worker_id) const;

  std::int64_t add_case(db::Conn& c, const WorkerCase& k, std::optional<std::int64_t> by, TimestampMs now);
  /// Closes an open case of the worker; false when it is not the worker's or is closed already.
  bool close_case(db::Conn& c, std::int64_t worker_id, std::int64_t case_id, const std::string& closed_on,
                  const std::string& outcome, std::optional<std::int64_t> by, TimestampMs now);
  std::vector<WorkerCase> cases_of(db::Conn& c, std::int64_t worker_id) const;

 private:
  const crypto::KeyRing& keys_;
};

}  // namespace anxin::workforce
