#include "modules/workforce/worker_records.hpp"

#include "platform/http/schema.hpp"
#include "platform/text/utf8.hpp"

namespace anxin::workforce {

using nlohmann::json;
namespace schema = http::schema;

int case_data_class(const std::string& kind) { return kind == "psych_support" ? 4 : 3; }

std::int64_t points_in_window(const std::vector<IntegrityEntry>& entries, const std::string& today) {
  const std::string first = add_days(today, -(kIntegrityWindowDays - 1)).value_or(today);
  std::int64_t points = 0;
  for (const auto& e : entries) {
    if (e.kind == "violation" && e.occurred_on >= first && e.occurred_on <= today) points += e.points;
  }
  return points;
}

bool valid_period(const std::string& period) {
  if (period.size() != 7 || period[4] != '-') return false;
  for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U}) {
    if (period[i] < '0' || period[i] > '9') return false;
  }
  const int month = (period[5] - '0') * 10 + (period[6] - '0');
  return month >= 1 && month <= 12;
}

namespace {

json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

/// A text of class `data_class` for a viewer: in full when cleared, "******" (and named in `masked`) otherwise.
json sealed_text(const char* field, const std::optional<std::string>& v, int data_class, int clearance, json& masked) {
  if (!v) return nullptr;
  if (clearance >= data_class) return *v;
  masked.push_back(field);
  return text::stars(6);
}

template <std::size_t N>
json one_of(const char* const (&values)[N]) {
  return schema::one_of(std::vector<std::string>(std::begin(values), std::end(values)));
}

json nullable(const char* type) { return {{"type", {type, "null"}}}; }
json nullable_object(json s) {
  s["type"] = {"object", "null"};
  return s;
}
json masked_schema() { return {{"type", "array"}, {"items", {{"type", "string"}}}}; }

}  // namespace

json to_json(const IntegrityEntry& e, int clearance) {
  json masked = json::array();
  json out = {{"id", e.id},         {"worker_id", e.worker_id},
              {"kind", e.kind},     {"occurred_on", e.occurred_on},
              {"points", e.points}, {"recorded_at", format_rfc3339(e.recorded_at)}};
  out["summary"] = sealed_text("summary", e.summary, 3, clearance, masked);
  out["masked_fields"] = masked;
  return out;
}

json to_json(const PayRecord& p, int clearance) {
  json out = {{"id", p.id},
              {"worker_id", p.worker_id},
              {"period", p.period},
              {"paid_on", opt(p.paid_on)},
              {"recorded_at", format_rfc3339(p.recorded_at)}};
  if (clearance >= 3) {
    out["gross_fen"] = p.gross_fen;
    out["deductions_fen"] = p.deductions_fen;
    out["net_fen"] = p.net_fen;
    out["masked_fields"] = json::array();
  } else {
    out["gross_fen"] = nullptr;
    out["deductions_fen"] = nullptr;
    out["net_fen"] = nullptr;
    out["masked_fields"] = {"gross_fen", "deductions_fen", "net_fen"};
  }
  return out;
}

json to_json(const WorkerCase& k, int clearance) {
  json masked = json::array();
  const int cls = case_data_class(k.kind);
  json out = {{"id", k.id},         {"worker_id", k.worker_id},
              {"kind", k.kind},     {"opened_on", k.opened_on},
              {"status", k.status}, {"closed_on", opt(k.closed_on)},
              {"data_class", cls},  {"recorded_at", format_rfc3339(k.recorded_at)}};
  out["parties"] = sealed_text("parties", k.parties, cls, clearance, masked);
  out["summary"] = sealed_text("summary", k.summary, cls, clearance, masked);
  out["outcome"] = sealed_text("outcome", k.outcome, cls, clearance, masked);
  out["masked_fields"] = masked;
  return out;
}

json to_json(const SocialInsurance& s) {
  return {{"status", s.status}, {"since", s.since}, {"recorded_at", format_rfc3339(s.recorded_at)}};
}

json to_json(const WorkerRecords& r, int clearance) {
  json integrity = json::array(), pay = json::array(), cases = json::array(), history = json::array();
  for (const auto& e : r.integrity) integrity.push_back(to_json(e, clearance));
  for (const auto& p : r.pay) pay.push_back(to_json(p, clearance));
  for (const auto& k : r.cases) cases.push_back(to_json(k, clearance));
  for (const auto& s : r.social_insurance_history) history.push_back(to_json(s));
  return {{"integrity", integrity},
          {"points", r.points},
          {"points_max", r.points_max},
          {"pay", pay},
          {"social_insurance", r.social_insurance ? to_json(*r.social_insurance) : json(nullptr)},
          {"social_insurance_history", history},
          {"cases", cases}};
}

json integrity_entry_schema() {
  return {{"type", "object"},
          {"required", {"id", "worker_id", "kind", "occurred_on", "points", "summary", "masked_fields"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"worker_id", {{"type", "integer"}}},
            {"kind", one_of(kIntegrityKinds)},
            {"occurred_on", schema::date()},
            {"points", {{"type", "integer"}}},
            {"summary", nullable("string")},
            {"recorded_at", schema::date_time()},
            {"masked_fields", masked_schema()}}}};
}

json new_integrity_entry_schema() {
  return {{"type", "object"},
          {"required", {"kind", "occurred_on", "summary"}},
          {"properties",
           {{"kind", one_of(kIntegrityKinds)},
            {"occurred_on", schema::date()},
            {"points", {{"type", "integer"}, {"minimum", 0}, {"maximum", kViolationPointsMax}}},
            {"summary", schema::text(2, 1000)}}}};
}

json pay_record_schema() {
  return {{"type", "object"},
          {"required", {"id", "worker_id", "period", "gross_fen", "deductions_fen", "net_fen", "masked_fields"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"worker_id", {{"type", "integer"}}},
            {"period", {{"type", "string"}}},
            {"gross_fen", nullable("integer")},
            {"deductions_fen", nullable("integer")},
            {"net_fen", nullable("integer")},
            {"paid_on", nullable("string")},
            {"recorded_at", schema::date_time()},
            {"masked_fields", masked_schema()}}}};
}

json new_pay_record_schema() {
  return {{"type", "object"},
          {"required", {"period", "gross_fen", "deductions_fen"}},
          {"properties",
           {{"period", schema::text(7, 7)},
            {"gross_fen", {{"type", "integer"}, {"minimum", 0}, {"maximum", 100'000'000}}},
            {"deductions_fen", {{"type", "integer"}, {"minimum", 0}, {"maximum", 100'000'000}}},
            {"paid_on", schema::nullable_date()}}}};
}

json social_insurance_schema() {
  return {{"type", "object"},
          {"required", {"status", "since"}},
          {"properties",
           {{"status", one_of(kSocialInsuranceStatuses)},
            {"since", schema::date()},
            {"recorded_at", schema::date_time()}}}};
}

json worker_case_schema() {
  return {{"type", "object"},
          {"required",
           {"id", "worker_id", "kind", "opened_on", "status", "data_class", "parties", "summary", "outcome",
            "masked_fields"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"worker_id", {{"type", "integer"}}},
            {"kind", one_of(kWorkerCaseKinds)},
            {"opened_on", schema::date()},
            {"status", schema::one_of({"open", "closed"})},
            {"closed_on", nullable("string")},
            {"data_class", {{"type", "integer"}}},
            {"parties", nullable("string")},
            {"summary", nullable("string")},
            {"outcome", nullable("string")},
            {"recorded_at", schema::date_time()},
            {"masked_fields", masked_schema()}}}};
}

json new_worker_case_schema() {
  return {{"type", "object"},
          {"required", {"kind", "opened_on", "summary"}},
          {"properties",
           {{"kind", one_of(kWorkerCaseKinds)},
            {"opened_on", schema::date()},
            {"parties", schema::nullable_text(300)},
            {"summary", schema::text(2, 2000)}}}};
}

json close_worker_case_schema() {
  return {{"type", "object"},
          {"required", {"closed_on", "outcome"}},
          {"properties", {{"closed_on", schema::date()}, {"outcome", schema::text(2, 2000)}}}};
}

json worker_records_schema() {
  return {{"type", "object"},
          {"required",
           {"integrity", "points", "points_max", "pay", "social_insurance", "social_insurance_history", "cases"}},
          {"properties",
           {{"integrity", {{"type", "array"}, {"items", integrity_entry_schema()}}},
            {"points", {{"type", "integer"}}},
            {"points_max", {{"type", "integer"}}},
            {"pay", {{"type", "array"}, {"items", pay_record_schema()}}},
            {"social_insurance", nullable_object(social_insurance_schema())},
            {"social_insurance_history", {{"type", "array"}, {"items", social_insurance_schema()}}},
            {"cases", {{"type", "array"}, {"items", worker_case_schema()}}}}}};
}

}  // namespace anxin::workforce
