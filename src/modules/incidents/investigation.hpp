#pragma once

// The investigation report (事故调查报告, INC-9) with corrective actions (整改措施), the recovery plan
// (恢复重建, INC-10) and cases (案例, INC-11) published from closed incidents as training material.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace anxin::incidents {

/// Accident grades, most severe first: 特别重大 especially_serious, 重大 serious, 较大 major, 一般 general.
const std::vector<std::string>& accident_grades();
/// Investigation states in order: draft → submitted → closed.
const std::vector<std::string>& investigation_statuses();
/// Corrective action states: open → done → verified (done may go back to open).
const std::vector<std::string>& action_statuses();
/// Recovery task states: open, in_progress, done.
const std::vector<std::string>& recovery_statuses();

struct CorrectiveAction {
  std::int64_t id = 0;
  std::string title;
  std::int64_t owner_id = 0;
  TimestampMs due_at = 0;
  std::string status = "open";
  std::optional<TimestampMs> done_at;
  std::optional<TimestampMs> verified_at;
  std::optional<std::int64_t> verified_by;
  std::int64_t version = 1;
};

struct RecoveryTask {
  std::int64_t id = 0;
  std::string title;
  std::int64_t owner_id = 0;
  TimestampMs due_at = 0;
  std::string status = "open";
  std::int64_t version = 1;
};

struct Investigation {
  std::int64_t id = 0;
  std::int64_t incident_id = 0;
  /// Class 3 (what happened to whom): encrypted.
  std::optional<std::string> facts;
  std::string direct_causes;
  std::string root_causes;
  /// Class 3 (who is responsible): encrypted.
  std::optional<std::string> responsibility;
  std::optional<std::string> grade;
  /// The summary review (总结评估) of the leadership group.
  std::string summary_review;
  std::string status;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::optional<TimestampMs> submitted_at;
  std::optional<TimestampMs> closed_at;
  std::int64_t version = 1;
  std::vector<CorrectiveAction> actions;
  std::vector<RecoveryTask> recovery;
};

/// Fields of the report to set; absent members stay as they are.
struct InvestigationDraft {
  std::optional<std::string> facts;
  std::optional<std::string> direct_causes;
  std::optional<std::string> root_causes;
  std::optional<std::string> responsibility;
  std::optional<std::string> grade;
  std::optional<std::string> summary_review;

  /// True when only the summary review is set (the one field editable after submission).
  bool only_summary_review() const { return !facts && !direct_causes && !root_causes && !responsibility && !grade; }
};

/// A published case. Carries no personal data: no names, no people, no place, the month instead of
/// the date, and the department at the level below the root.
struct Case {
  std::int64_t id = 0;
  std::string title;
  std::string type;
  int level = 4;
  std::string month;  // "2026-11", China time
  std::string department_name;
  std::string grade;
  std::string direct_causes;
  std::string root_causes;
  std::vector<std::string> actions;
  std::string lessons;
  TimestampMs published_at = 0;
};

/// What a publisher gives. Causes and action titles default to the report's; a publisher whose
/// report text names people rewrites it here.
struct NewCase {
  std::string title;
  std::string lessons;
  std::optional<std::string> direct_causes;
  std::optional<std::string> root_causes;
  std::optional<std::vector<std::string>> actions;
};

struct CaseFilter {
  std::optional<std::string> type;
  std::optional<std::string> grade;
  /// Text searched in the title.
  std::optional<std::string> q;
};

/// "mobile" or "resident_id" when `text` contains a mainland mobile number (also with a +86 prefix
/// or spaces and dashes between the digits) or a valid resident identity number; nullopt otherwise.
std::optional<std::string> find_personal_number(std::string_view text, TimestampMs now);

/// Month "YYYY-MM" of an instant in China time (UTC+8).
std::string china_month(TimestampMs t);

/// JSON of the report; facts and responsibility are masked unless `show`.
nlohmann::json to_json(const Investigation& i, bool show);
nlohmann::json to_json(const CorrectiveAction& a);
nlohmann::json to_json(const RecoveryTask& t);
nlohmann::json to_json(const Case& c);

nlohmann::json investigation_schema();
nlohmann::json action_schema();
nlohmann::json recovery_task_schema();
nlohmann::json case_schema();

}  // namespace anxin::incidents
