#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "platform/text/data_class.hpp"

namespace anxin::workforce {

/// A worker's status: applicant → active ⇄ suspended → left (any open status may leave).
inline constexpr const char* kWorkerStatuses[] = {"applicant", "active", "suspended", "left"};

/// A service worker (服务人员): a record of its own, not a user account. Personal values are plaintext only in
/// memory; storage encrypts the class 3–4 fields (see worker_fields()).
struct Worker {
  std::int64_t id = 0;
  std::int64_t department_id = 0;
  std::string department_path;
  std::string name;
  std::string id_number;
  std::optional<std::string> phone;
  std::optional<std::string> address;
  std::optional<std::string> bank_account;
  std::optional<std::string> emergency_contact;
  std::vector<std::string> job_types;
  /// "own" staff or a partner "agency".
  std::string employment = "own";
  std::optional<std::string> agency_name;
  /// The user account linked for signing in on a phone; most workers have none.
  std::optional<std::int64_t> user_id;
  std::string status = "applicant";
  std::optional<std::string> status_reason;
  TimestampMs status_changed_at = 0;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::int64_t version = 1;
};

/// The data class and personal-data kind of every worker field, declared once: storage encrypts class 3–4,
/// answers mask what exceeds the viewer's clearance, exports follow the same rule.
const std::vector<text::FieldSpec>& worker_fields();
const text::FieldSpec* worker_field(const std::string& name);

/// The birth date ("YYYY-MM-DD") written in a resident ID number; nullopt when it has none.
std::optional<std::string> birth_date_of(const std::string& id_number);
/// The worker's name as shown where the full name must not be (the public 安心码 page): the surname and one
/// "*" per further character ("王秀英" → "王**"; Latin names: "Anna Li" → "A*** L*").
std::string name_initial(const std::string& name);

/// The worker as JSON for a viewer of `clearance`: personal values above it masked and listed in
/// "masked_fields".
nlohmann::json to_json(const Worker& w, int clearance);
/// Every personal value masked (audit before/after images).
nlohmann::json to_audit_json(const Worker& w);

nlohmann::json worker_schema();
nlohmann::json new_worker_schema();
nlohmann::json worker_patch_schema();

struct NewWorker {
  std::int64_t department_id = 0;
  std::string name;
  std::string id_number;
  std::optional<std::string> phone;
  std::optional<std::string> address;
  std::optional<std::string> bank_account;
  std::optional<std::string> emergency_contact;
  std::vector<std::string> job_types;
  std::string employment = "own";
  std::optional<std::string> agency_name;
};

/// A partial update; absent fields stay, an inner nullopt clears. The ID number does not change: a wrong one is
/// corrected by an administrator leaving the record and registering the person again.
struct WorkerPatch {
  std::int64_t version = 0;
  std::optional<std::string> name;
  std::optional<std::int64_t> department_id;
  std::optional<std::optional<std::string>> phone;
  std::optional<std::optional<std::string>> address;
  std::optional<std::optional<std::string>> bank_account;
  std::optional<std::optional<std::string>> emergency_contact;
  std::optional<std::vector<std::string>> job_types;
  std::optional<std::string> employment;
  std::optional<std::optional<std::string>> agency_name;
};

struct WorkerFilter {
  std::optional<std::string> q;
  std::optional<std::string> status;
  std::optional<std::string> job_type;
  std::optional<std::int64_t> department_id;
  /// Exact search through the blind indexes.
  std::optional<std::string> id_number;
  std::optional<std::string> phone;
  /// Workers with a certificate, background check or health check ending within this many days.
  std::optional<std::int64_t> expiring_within_days;
};

/// One entry of a worker's status history.
struct StatusEvent {
  std::optional<std::string> from_status;
  std::string to_status;
  std::string reason;
  std::optional<std::int64_t> actor_id;
  std::optional<std::string> actor_name;
  TimestampMs at = 0;
};
nlohmann::json to_json(const StatusEvent& e);
nlohmann::json status_event_schema();

}  // namespace anxin::workforce
