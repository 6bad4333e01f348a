#pragma once

// Aftermath (善后, INC-8): the injured and their treatment follow-up, compensation in integer fen and
// customer follow-up visits (回访). Names, notes and payees are class 3 and encrypted at rest.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace anxin::incidents {

/// Treatment states of an injured person: hospitalised, outpatient, discharged, recovered, deceased.
const std::vector<std::string>& treatment_statuses();
/// Compensation kinds: medical, lost_wages, nutrition, property, other.
const std::vector<std::string>& compensation_kinds();
/// Compensation states in their only order: proposed → approved → paid.
const std::vector<std::string>& compensation_statuses();
/// How a follow-up visit was made: phone, visit, wechat, other.
const std::vector<std::string>& visit_methods();

/// One entry of an injured person's treatment follow-up; entries are appended, never changed.
struct Treatment {
  std::int64_t id = 0;
  TimestampMs at = 0;
  std::string status;
  std::optional<std::string> note;
  std::int64_t created_by = 0;
};

/// An injured person: one of the incident's people (person_id) or someone named only here.
struct Injured {
  std::int64_t id = 0;
  std::optional<std::int64_t> person_id;
  /// The name given here, or the linked person's name.
  std::optional<std::string> name;
  std::string hospital;
  /// Status of the latest treatment entry.
  std::string status;
  std::vector<Treatment> treatments;
  std::int64_t version = 1;
};

struct NewInjured {
  std::optional<std::int64_t> person_id;
  std::optional<std::string> name;
  std::string hospital;
  /// The first treatment entry.
  Treatment first;
};

struct Compensation {
  std::int64_t id = 0;
  std::optional<std::int64_t> injured_id;
  std::string kind;
  std::int64_t amount_fen = 0;
  std::optional<std::string> payee;
  std::string status;
  /// Reference of the insurance claim that covers this item (INS-3), set by hand or by a ClaimLink.
  std::optional<std::string> claim_ref;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::int64_t version = 1;
};

struct NewCompensation {
  std::optional<std::int64_t> injured_id;
  std::string kind;
  std::int64_t amount_fen = 0;
  std::string payee;
  std::optional<std::string> claim_ref;
};

/// A change of a compensation item; absent members stay as they are. Amount and payee change only
/// while the item is proposed; the status moves forward only.
struct CompensationPatch {
  std::int64_t version = 0;
  std::optional<std::string> status;
  std::optional<std::int64_t> amount_fen;
  std::optional<std::string> payee;
  /// Outer absent: unchanged; inner nullopt: cleared.
  std::optional<std::optional<std::string>> claim_ref;
};

struct Visit {
  std::int64_t id = 0;
  TimestampMs at = 0;
  std::int64_t visitor_id = 0;
  std::string method;
  int satisfaction = 0;
  std::optional<std::string> note;
};

/// Everything of an incident's aftermath with totals in fen per kind and overall.
struct AftermathSummary {
  std::vector<Injured> injured;
  std::vector<Compensation> compensations;
  std::vector<Visit> visits;
  /// Every kind, zero when there is none.
  std::map<std::string, std::int64_t> total_fen_by_kind;
  std::int64_t total_fen = 0;
  std::int64_t approved_fen = 0;  // approved or paid
  std::int64_t paid_fen = 0;
};

/// JSON of aftermath records; names, notes and payees are masked unless `show`.
nlohmann::json to_json(const Injured& i, bool show);
nlohmann::json to_json(const Compensation& c, bool show);
nlohmann::json to_json(const Visit& v, bool show);
nlohmann::json to_json(const AftermathSummary& s, bool show);

/// JSON Schemas of the responses above, for the OpenAPI document.
nlohmann::json injured_schema();
nlohmann::json compensation_schema();
nlohmann::json visit_schema();
nlohmann::json aftermath_schema();

}  // namespace anxin::incidents
