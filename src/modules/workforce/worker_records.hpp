#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace anxin::workforce {

/// Kinds of integrity entries (诚信档案, WRK-2).
inline constexpr const char* kIntegrityKinds[] = {"commendation", "complaint", "violation"};
/// Social-insurance statuses (WRK-7): 已参保, 未参保, 仅商业保险, 无需参保 (e.g. retired, insured elsewhere).
inline constexpr const char* kSocialInsuranceStatuses[] = {"enrolled", "not_enrolled", "commercial_only", "exempt"};
/// Kinds of cases handled for a worker (WRK-7): the worker's own complaint (维权投诉), dispute mediation (纠纷调解),
/// legal advice or aid (法律援助), psychological support (心理关怀; class 4).
inline constexpr const char* kWorkerCaseKinds[] = {"grievance", "mediation", "legal_aid", "psych_support"};
/// The most points one violation may carry.
inline constexpr std::int64_t kViolationPointsMax = 12;
/// Violation points count against the gate for this many days after the violation.
inline constexpr std::int64_t kIntegrityWindowDays = 365;

/// A commendation, a complaint about the worker, or a violation with points. The summary is class 3.
struct IntegrityEntry {
  std::int64_t id = 0;
  std::int64_t worker_id = 0;
  std::string kind;
  std::string occurred_on;
  std::int64_t points = 0;
  std::optional<std::string> summary;
  std::optional<std::int64_t> recorded_by;
  TimestampMs recorded_at = 0;
};

/// One month's pay in integer fen (class 3: a transaction record). net = gross − deductions.
struct PayRecord {
  std::int64_t id = 0;
  std::int64_t worker_id = 0;
  /// YYYY-MM.
  std::string period;
  std::int64_t gross_fen = 0;
  std::int64_t deductions_fen = 0;
  std::int64_t net_fen = 0;
  std::optional<std::string> paid_on;
  TimestampMs recorded_at = 0;
};

/// A social-insurance status from a date on.
struct SocialInsurance {
  std::string status;
  std::string since;
  TimestampMs recorded_at = 0;
};

/// A case handled for the worker, open until closed with an outcome.
struct WorkerCase {
  std::int64_t id = 0;
  std::int64_t worker_id = 0;
  std::string kind;
  std::string opened_on;
  std::string status = "open";
  std::optional<std::string> parties;
  std::optional<std::string> summary;
  std::optional<std::string> outcome;
  std::optional<std::string> closed_on;
  TimestampMs recorded_at = 0;
};

/// Everything the worker page's 诚信, 工时与薪酬 and 调解 tabs show.
struct WorkerRecords {
  std::vector<IntegrityEntry> integrity;
  /// Violation points of the last 365 days, and the gate's limit.
  std::int64_t points = 0;
  std::int64_t points_max = 12;
  std::vector<PayRecord> pay;
  std::optional<SocialInsurance> social_insurance;
  std::vector<SocialInsurance> social_insurance_history;
  std::vector<WorkerCase> cases;
};

/// The data class of a case's text fields: 4 for psychological support, 3 otherwise.
int case_data_class(const std::string& kind);
/// The violation points of `entries` that count on `today` (within kIntegrityWindowDays before it, inclusive).
std::int64_t points_in_window(const std::vector<IntegrityEntry>& entries, const std::string& today);
/// "YYYY-MM" with a month 01-12.
bool valid_period(const std::string& period);

nlohmann::json to_json(const WorkerRecords& r, int clearance);
nlohmann::json to_json(const IntegrityEntry& e, int clearance);
nlohmann::json to_json(const PayRecord& p, int clearance);
nlohmann::json to_json(const WorkerCase& k, int clearance);
nlohmann::json to_json(const SocialInsurance& s);

nlohmann::json worker_records_schema();
nlohmann::json integrity_entry_schema();
nlohmann::json new_integrity_entry_schema();
nlohmann::json pay_record_schema();
nlohmann::json new_pay_record_schema();
nlohmann::json social_insurance_schema();
nlohmann::json worker_case_schema();
nlohmann::json new_worker_case_schema();
nlohmann::json close_worker_case_schema();

}  // namespace anxin::workforce
