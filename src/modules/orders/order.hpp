#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "platform/text/data_class.hpp"

namespace anxin::orders {

/// A customer (客户) of the company: a household served at home. Personal values are plaintext only in memory;
/// storage encrypts the class 3 fields (see customer_fields()).
struct Customer {
  std::int64_t id = 0;
  std::int64_t department_id = 0;
  std::string department_path;
  std::string name;
  std::optional<std::string> phone;
  std::optional<std::string> address;
  /// Who lives there and what the worker must know (pets, an elderly person with dementia …): class 3 free text.
  std::optional<std::string> household_notes;
  std::optional<std::int64_t> created_by;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::int64_t version = 1;
};

struct CustomerFilter {
  std::optional<std::string> q;
  std::optional<std::int64_t> department_id;
};

/// The data class and personal-data kind of every customer field.
const std::vector<text::FieldSpec>& customer_fields();
const text::FieldSpec* customer_field(const std::string& name);

/// Order statuses: draft → scheduled → in_service → completed → confirmed | disputed; cancelled from any open one.
inline constexpr const char* kOrderStatuses[] = {"draft",     "scheduled", "in_service", "completed",
                                                 "confirmed", "disputed",  "cancelled"};
inline constexpr const char* kSchedules[] = {"one_off", "recurring", "live_in"};
/// Risk levels of a premises check, lowest first.
inline constexpr const char* kRiskLevels[] = {"low", "medium", "high", "extreme"};

/// A four-eyes exception to the dispatch gate for one worker on one order.
struct GateOverride {
  std::int64_t id = 0;
  std::int64_t order_id = 0;
  std::int64_t worker_id = 0;
  std::string reason;
  std::int64_t requested_by = 0;
  std::string requested_by_name;
  std::int64_t approver_id = 0;
  std::string approver_name;
  /// "pending" | "approved"
  std::string status = "pending";
  std::optional<TimestampMs> approved_at;
  TimestampMs expires_at = 0;
  TimestampMs created_at = 0;
};

/// One item of the premises checklist.
struct PremisesItem {
  std::string code;
  std::string label_zh, label_en;
  std::string risk;
  std::string precaution_zh, precaution_en;
  /// Service types it applies to; empty: every type.
  std::vector<std::string> service_types;
};

/// The premises check filled at the door (ORD-2).
struct PremisesCheck {
  std::map<std::string, bool> answers;
  std::string risk_level = "low";
  std::int64_t checked_by = 0;
  TimestampMs checked_at = 0;
  std::optional<std::int64_t> acknowledged_by;
  std::optional<TimestampMs> acknowledged_at;
  std::optional<std::int64_t> approved_by;
  std::string approved_by_name;
  std::optional<TimestampMs> approved_at;
};

/// The risk level the answers give: the highest risk of an item answered "yes", raised to "high" when three or
/// more items of medium risk or above are present together. Unknown codes are ignored.
std::string risk_level_of(const std::vector<PremisesItem>& items, const std::map<std::string, bool>& answers);
/// High and extreme risks block check-in until the worker has acknowledged the precautions and a supervisor has
/// approved.
bool risk_blocks_check_in(const std::string& risk_level);
/// 0 low … 3 extreme; -1 for anything else.
int risk_rank(const std::string& risk_level);

/// A service order (服务订单, ORD-1).
struct Order {
  std::int64_t id = 0;
  std::string number;
  std::int64_t department_id = 0;
  std::string department_path;
  std::int64_t customer_id = 0;
  std::string customer_name;
  std::optional<std::string> address;
  std::string service_type;
  std::string schedule = "one_off";
  std::optional<std::string> recurrence;
  TimestampMs starts_at = 0;
  TimestampMs ends_at = 0;
  std::string status = "draft";
  std::optional<std::int64_t> worker_id;
  std::optional<std::string> worker_name;
  std::optional<std::int64_t> assigned_by;
  std::optional<TimestampMs> assigned_at;
  std::optional<TimestampMs> check_in_at;
  std::optional<TimestampMs> check_out_at;
  std::optional<TimestampMs> arrival_confirmed_at;
  bool gate_failing = false;
  std::optional<TimestampMs> gate_checked_at;
  std::optional<std::string> signoff_outcome;
  std::optional<TimestampMs> signoff_at;
  std::optional<std::int64_t> signoff_incident_id;
  /// The customer's rating (1–5) and feedback (class 3), given with the sign-off (ORD-5).
  std::optional<std::int64_t> rating;
  std::optional<std::string> feedback;
  std::optional<std::string> cancel_reason;
  std::optional<std::string> notes;
  std::int64_t created_by = 0;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::int64_t version = 1;
  /// Loaded with the order on a detail read.
  std::optional<GateOverride> override_;
  std::optional<PremisesCheck> premises;
};

struct NewOrder {
  std::int64_t department_id = 0;
  std::int64_t customer_id = 0;
  std::string service_type;
  std::string schedule = "one_off";
  std::optional<std::string> recurrence;
  TimestampMs starts_at = 0;
  TimestampMs ends_at = 0;
  std::optional<std::string> address;
  std::optional<std::string> notes;
};

struct OrderFilter {
  std::optional<std::string> status;
  std::optional<std::int64_t> worker_id;
  std::optional<std::int64_t> customer_id;
  std::optional<TimestampMs> from;
  std::optional<TimestampMs> to;
  /// Part of the number, the customer's or the worker's name.
  std::optional<std::string> q;
  std::optional<std::string> service_type;
};

/// A service record or monitoring note kept by the office on an order (ORD-5); the text is class 3.
inline constexpr const char* kNoteKinds[] = {"service_record", "monitoring", "follow_up"};
struct OrderNote {
  std::int64_t id = 0;
  std::string kind;
  std::string note;
  std::optional<std::int64_t> author_id;
  std::string author_name;
  TimestampMs at = 0;
};

struct Valuable {
  std::int64_t id = 0;
  std::string description;
  std::int64_t noted_by = 0;
  TimestampMs noted_at = 0;
};

struct Consent {
  std::int64_t id = 0;
  std::string operation;
  /// "tick" (on the worker's phone) | "sms_code" (a one-time code sent to the customer)
  std::string method;
  std::string given_by;
  TimestampMs given_at = 0;
};

struct OrderEvent {
  TimestampMs at = 0;
  std::string action;
  std::optional<std::string> actor_name;
  std::optional<std::string> note;
};

/// A worker proposed as a replacement: passes the gate for the order.
struct Replacement {
  std::int64_t worker_id = 0;
  std::string name;
  std::vector<std::string> job_types;
  bool same_job_type = true;
  /// Already has an order overlapping this one.
  bool busy = false;
};

/// What the customer's link shows: nothing beyond what the customer already knows.
struct CustomerView {
  std::string service_type_name;
  TimestampMs starts_at = 0;
  TimestampMs ends_at = 0;
  std::string status;
  std::optional<std::string> worker_initial;
  std::optional<std::string> colour;
  std::vector<std::string> colour_reasons;
  std::optional<TimestampMs> arrival_confirmed_at;
  std::optional<std::string> signoff_outcome;
  std::optional<TimestampMs> signoff_at;
};

/// The customer's link as the office hands it out.
struct CustomerLink {
  std::string token;
  /// The web path of the customer's page, "/o/<token>".
  std::string path;
  TimestampMs expires_at = 0;
};

/// What the daily re-check did.
struct RecheckResult {
  std::int64_t checked = 0;
  std::int64_t newly_failing = 0;
  std::int64_t recovered = 0;
};

nlohmann::json to_json(const Customer& c, int clearance);
nlohmann::json customer_schema();
nlohmann::json new_customer_schema();
nlohmann::json order_schema();
nlohmann::json new_order_schema();
/// The order as JSON; the address and notes (class 3) masked above `clearance`.
nlohmann::json to_json(const Order& o, int clearance, const std::string& service_type_name);

}  // namespace anxin::orders
