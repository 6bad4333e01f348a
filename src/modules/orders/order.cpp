#include "modules/orders/order.hpp"

#include <algorithm>

#include "platform/http/schema.hpp"
#include "platform/text/masking.hpp"

namespace anxin::orders {

using nlohmann::json;
using text::DataClass;
using text::FieldSpec;
using text::PiiKind;
namespace schema = http::schema;

const std::vector<FieldSpec>& customer_fields() {
  static const std::vector<FieldSpec> kFields = {
      {"name", DataClass::kGeneral, PiiKind::kName},
      {"phone", DataClass::kSensitive, PiiKind::kMobile},
      {"address", DataClass::kSensitive, PiiKind::kAddress},
      {"household_notes", DataClass::kSensitive, PiiKind::kFreeText},
  };
  return kFields;
}

const FieldSpec* customer_field(const std::string& name) {
  for (const auto& f : customer_fields()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

int risk_rank(const std::string& risk_level) {
  for (int i = 0; i < 4; ++i) {
    if (risk_level == kRiskLevels[i]) return i;
  }
  return -1;
}

std::string risk_level_of(const std::vector<PremisesItem>& items, const std::map<std::string, bool>& answers) {
  int highest = 0;
  int medium_or_above = 0;
  for (const auto& item : items) {
    const auto a = answers.find(item.code);
    if (a == answers.end() || !a->second) continue;
    const int rank = risk_rank(item.risk);
    highest = std::max(highest, rank);
    if (rank >= 1) ++medium_or_above;
  }
  // Several hazards together are worse than each alone.
  if (medium_or_above >= 3) highest = std::max(highest, 2);
  return kRiskLevels[highest];
}

bool risk_blocks_check_in(const std::string& risk_level) { return risk_rank(risk_level) >= 2; }

namespace {

json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
json opt_time(const std::optional<TimestampMs>& t) { return t ? json(format_rfc3339(*t)) : json(nullptr); }

/// A class 3 value for a viewer: in full when cleared, masked (and named in `masked`) otherwise.
json personal(const char* field, const std::optional<std::string>& v, int clearance, json& masked) {
  if (!v) return nullptr;
  const FieldSpec* spec = customer_field(field);
  if (spec != nullptr && static_cast<int>(spec->data_class) > clearance) {
    masked.push_back(field);
    return text::mask_value(spec->kind, *v);
  }
  return *v;
}

json nullable(const char* type) { return {{"type", {type, "null"}}}; }

}  // namespace

json to_json(const Customer& c, int clearance) {
  json masked = json::array();
  json out = {{"id", c.id},
              {"department_id", c.department_id},
              {"name", c.name},
              {"phone", personal("phone", c.phone, clearance, masked)},
              {"address", personal("address", c.address, clearance, masked)},
              {"household_notes", personal("household_notes", c.household_notes, clearance, masked)},
              {"created_at", format_rfc3339(c.created_at)},
              {"updated_at", format_rfc3339(c.updated_at)},
              {"version", c.version}};
  out["masked_fields"] = masked;
  return out;
}

json customer_schema() {
  return {{"type", "object"},
          {"required", {"id", "department_id", "name", "version", "masked_fields"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"department_id", {{"type", "integer"}}},
            {"name", {{"type", "string"}}},
            {"phone", nullable("string")},
            {"address", nullable("string")},
            {"household_notes", nullable("string")},
            {"created_at", schema::date_time()},
            {"updated_at", schema::date_time()},
            {"version", {{"type", "integer"}}},
            {"masked_fields", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
}

json new_customer_schema() {
  return {{"type", "object"},
          {"required", {"department_id", "name"}},
          {"properties",
           {{"department_id", {{"type", "integer"}, {"minimum", 1}}},
            {"name", schema::text(1, 64)},
            {"phone", schema::nullable_text(32)},
            {"address", schema::nullable_text(200)},
            {"household_notes", schema::nullable_text(1000)}}}};
}

json order_schema() {
  const json override_schema = {{"type", {"object", "null"}},
                                {"required",
                                 {"id", "worker_id", "reason", "requested_by", "requested_by_name", "approver_id",
                                  "approver_name", "status", "expires_at"}},
                                {"properties",
                                 {{"id", {{"type", "integer"}}},
                                  {"worker_id", {{"type", "integer"}}},
                                  {"reason", {{"type", "string"}}},
                                  {"requested_by", {{"type", "integer"}}},
                                  {"requested_by_name", {{"type", "string"}}},
                                  {"approver_id", {{"type", "integer"}}},
                                  {"approver_name", {{"type", "string"}}},
                                  {"status", schema::one_of({"pending", "approved"})},
                                  {"approved_at", nullable("string")},
                                  {"expires_at", schema::date_time()}}}};
  const json answer = {
      {"type", "object"},
      {"required", {"code", "label", "yes"}},
      {"properties",
       {{"code", {{"type", "string"}}}, {"label", {{"type", "string"}}}, {"yes", {{"type", "boolean"}}}}}};
  const json premises_schema = {{"type", {"object", "null"}},
                                {"required", {"risk_level", "answers", "precautions", "blocks_check_in"}},
                                {"properties",
                                 {{"risk_level", schema::one_of({"low", "medium", "high", "extreme"})},
                                  {"answers", {{"type", "array"}, {"items", answer}}},
                                  {"precautions", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                                  {"blocks_check_in", {{"type", "boolean"}}},
                                  {"checked_at", schema::date_time()},
                                  {"acknowledged_at", nullable("string")},
                                  {"approved_at", nullable("string")},
                                  {"approved_by_name", nullable("string")}}}};
  const json signoff_schema = {{"type", {"object", "null"}},
                               {"required", {"outcome", "at"}},
                               {"properties",
                                {{"outcome", schema::one_of({"no_damage", "damage"})},
                                 {"at", schema::date_time()},
                                 {"incident_id", nullable("integer")}}}};
  return {{"type", "object"},
          {"required",
           {"id", "number", "department_id", "customer_id", "customer_name", "service_type", "service_type_name",
            "schedule", "starts_at", "ends_at", "status", "gate_failing", "version", "masked_fields"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"number", {{"type", "string"}}},
            {"department_id", {{"type", "integer"}}},
            {"customer_id", {{"type", "integer"}}},
            {"customer_name", {{"type", "string"}}},
            {"address", nullable("string")},
            {"service_type", {{"type", "string"}}},
            {"service_type_name", {{"type", "string"}}},
            {"schedule", schema::one_of({"one_off", "recurring", "live_in"})},
            {"recurrence", nullable("string")},
            {"starts_at", schema::date_time()},
            {"ends_at", schema::date_time()},
            {"status", schema::one_of(std::vector<std::string>(std::begin(kOrderStatuses), std::end(kOrderStatuses)))},
            {"worker_id", nullable("integer")},
            {"worker_name", nullable("string")},
            {"assigned_at", nullable("string")},
            {"override", override_schema},
            {"check_in_at", nullable("string")},
            {"check_out_at", nullable("string")},
            {"arrival_confirmed_at", nullable("string")},
            {"gate_failing", {{"type", "boolean"}}},
            {"gate_checked_at", nullable("string")},
            {"premises", premises_schema},
            {"signoff", signoff_schema},
            {"cancel_reason", nullable("string")},
            {"notes", nullable("string")},
            {"rating", nullable("integer")},
            {"feedback", nullable("string")},
            {"created_at", schema::date_time()},
            {"updated_at", schema::date_time()},
            {"version", {{"type", "integer"}}},
            {"masked_fields", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
}

json new_order_schema() {
  return {{"type", "object"},
          {"required", {"department_id", "customer_id", "service_type", "schedule", "starts_at", "ends_at"}},
          {"properties",
           {{"department_id", {{"type", "integer"}, {"minimum", 1}}},
            {"customer_id", {{"type", "integer"}, {"minimum", 1}}},
            {"service_type", schema::text(1, 32)},
            {"schedule", schema::one_of({"one_off", "recurring", "live_in"})},
            {"recurrence", schema::nullable_text(100)},
            {"starts_at", schema::date_time()},
            {"ends_at", schema::date_time()},
            {"address", schema::nullable_text(200)},
            {"notes", schema::nullable_text(1000)}}}};
}

json to_json(const Order& o, int clearance, const std::string& service_type_name) {
  json masked = json::array();
  const auto class3 = [&](const char* field, const std::optional<std::string>& v) -> json {
    if (!v) return nullptr;
    if (clearance < 3) {
      masked.push_back(field);
      return text::mask_value(std::string(field) == "address" ? PiiKind::kAddress : PiiKind::kFreeText, *v);
    }
    return *v;
  };
  json out = {{"id", o.id},
              {"number", o.number},
              {"department_id", o.department_id},
              {"customer_id", o.customer_id},
              {"customer_name", o.customer_name},
              {"address", class3("address", o.address)},
              {"service_type", o.service_type},
              {"service_type_name", service_type_name},
              {"schedule", o.schedule},
              {"recurrence", opt(o.recurrence)},
              {"starts_at", format_rfc3339(o.starts_at)},
              {"ends_at", format_rfc3339(o.ends_at)},
              {"status", o.status},
              {"worker_id", o.worker_id ? json(*o.worker_id) : json(nullptr)},
              {"worker_name", opt(o.worker_name)},
              {"assigned_at", opt_time(o.assigned_at)},
              {"check_in_at", opt_time(o.check_in_at)},
              {"check_out_at", opt_time(o.check_out_at)},
              {"arrival_confirmed_at", opt_time(o.arrival_confirmed_at)},
              {"gate_failing", o.gate_failing},
              {"gate_checked_at", opt_time(o.gate_checked_at)},
              {"cancel_reason", opt(o.cancel_reason)},
              {"notes", class3("notes", o.notes)},
              {"rating", o.rating ? json(*o.rating) : json(nullptr)},
              {"feedback", class3("feedback", o.feedback)},
              {"created_at", format_rfc3339(o.created_at)},
              {"updated_at", format_rfc3339(o.updated_at)},
              {"version", o.version}};
  if (o.override_) {
    const auto& g = *o.override_;
    out["override"] = {{"id", g.id},
                       {"worker_id", g.worker_id},
                       {"reason", g.reason},
                       {"requested_by", g.requested_by},
                       {"requested_by_name", g.requested_by_name},
                       {"approver_id", g.approver_id},
                       {"approver_name", g.approver_name},
                       {"status", g.status},
                       {"approved_at", opt_time(g.approved_at)},
                       {"expires_at", format_rfc3339(g.expires_at)}};
  } else {
    out["override"] = nullptr;
  }
  out["premises"] = nullptr;
  if (o.premises) {
    // The labels and precautions are filled by the caller from the checklist (they depend on the language).
    out["premises"] = {{"risk_level", o.premises->risk_level},
                       {"answers", json::array()},
                       {"precautions", json::array()},
                       {"blocks_check_in", risk_blocks_check_in(o.premises->risk_level) &&
                                               !(o.premises->acknowledged_at && o.premises->approved_at)},
                       {"checked_at", format_rfc3339(o.premises->checked_at)},
                       {"acknowledged_at", opt_time(o.premises->acknowledged_at)},
                       {"approved_at", opt_time(o.premises->approved_at)},
                       {"approved_by_name",
                        o.premises->approved_by_name.empty() ? json(nullptr) : json(o.premises->approved_by_name)}};
  }
  out["signoff"] = nullptr;
  if (o.signoff_outcome && o.signoff_at) {
    out["signoff"] = {{"outcome", *o.signoff_outcome},
                      {"at", format_rfc3339(*o.signoff_at)},
                      {"incident_id", o.signoff_incident_id ? json(*o.signoff_incident_id) : json(nullptr)}};
  }
  out["masked_fields"] = masked;
  return out;
}

}  // namespace anxin::orders
