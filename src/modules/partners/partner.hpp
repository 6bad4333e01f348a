#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace anxin::partners {

inline constexpr const char* kPartnerKinds[] = {"supplier", "repairer", "agency", "other"};
inline constexpr const char* kPartnerStatuses[] = {"active", "suspended", "ended"};
/// The reminder of an evaluation falling due is sent this many days before it.
inline constexpr std::int64_t kDueNoticeDays = 14;

/// A third-party partner (合作方, ORD-6): a supplier, a repairer, a partner agency. The contact phone is class 3.
struct Partner {
  std::int64_t id = 0;
  std::string name;
  std::string kind;
  std::string services;
  std::optional<std::string> contact_name;
  std::optional<std::string> contact_phone;
  std::string status = "active";
  std::optional<std::string> status_reason;
  std::int64_t evaluation_months = 6;
  std::string next_evaluation_on;
  std::optional<std::int64_t> created_by;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::int64_t version = 1;
};

/// A periodic evaluation (定期评价): four criteria of 0–25 points; their sum is the score.
struct Evaluation {
  std::int64_t id = 0;
  std::int64_t partner_id = 0;
  std::string evaluated_on;
  std::int64_t quality = 0;
  std::int64_t safety = 0;
  std::int64_t timeliness = 0;
  std::int64_t compliance = 0;
  std::int64_t score = 0;
  std::string result;
  std::optional<std::string> notes;
  std::optional<std::int64_t> evaluator_id;
  std::string evaluator_name;
  TimestampMs recorded_at = 0;
};

struct PartnerFilter {
  std::optional<std::string> q;
  std::optional<std::string> kind;
  std::optional<std::string> status;
  /// Partners whose next evaluation is due on or before this many days from today (0: due today or overdue).
  std::optional<std::int64_t> due_within_days;
};

/// "pass" from 80, "conditional" from 60, "fail" below.
std::string evaluation_result(std::int64_t score);
/// The day `months` calendar months after `date` (YYYY-MM-DD), on the month's last day when it is shorter.
std::optional<std::string> add_months(const std::string& date, std::int64_t months);

nlohmann::json to_json(const Partner& p, int clearance, const std::string& today);
nlohmann::json to_json(const Evaluation& e, int clearance);
nlohmann::json partner_schema();
nlohmann::json new_partner_schema();
nlohmann::json evaluation_schema();
nlohmann::json new_evaluation_schema();

}  // namespace anxin::partners
