#include "modules/partners/partner.hpp"

#include <cstdio>

#include "platform/http/schema.hpp"
#include "platform/text/masking.hpp"

namespace anxin::partners {

using nlohmann::json;
namespace schema = http::schema;

std::string evaluation_result(std::int64_t score) {
  if (score >= 80) return "pass";
  if (score >= 60) return "conditional";
  return "fail";
}

std::optional<std::string> add_months(const std::string& date, std::int64_t months) {
  int y = 0, m = 0, d = 0;
  if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1) {
    return std::nullopt;
  }
  const std::int64_t total = static_cast<std::int64_t>(y) * 12 + (m - 1) + months;
  const int ny = static_cast<int>(total / 12);
  const int nm = static_cast<int>(total % 12) + 1;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (ny % 4 == 0 && ny % 100 != 0) || ny % 400 == 0;
  const int last = kDays[nm - 1] + (nm == 2 && leap ? 1 : 0);
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", ny, nm, d > last ? last : d);
  return std::string(out);
}

namespace {
json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
template <std::size_t N>
json one_of(const char* const (&values)[N]) {
  return schema::one_of(std::vector<std::string>(std::begin(values), std::end(values)));
}
json nullable(const char* type) { return {{"type", {type, "null"}}}; }
json points() { return {{"type", "integer"}, {"minimum", 0}, {"maximum", 25}}; }
}  // namespace

json to_json(const Partner& p, int clearance, const std::string& today) {
  json masked = json::array();
  json phone = nullptr;
  if (p.contact_phone) {
    if (clearance >= 3) {
      phone = *p.contact_phone;
    } else {
      phone = text::mask_mobile(*p.contact_phone);
      masked.push_back("contact_phone");
    }
  }
  return {{"id", p.id},
          {"name", p.name},
          {"kind", p.kind},
          {"services", p.services},
          {"contact_name", opt(p.contact_name)},
          {"contact_phone", phone},
          {"status", p.status},
          {"status_reason", opt(p.status_reason)},
          {"evaluation_months", p.evaluation_months},
          {"next_evaluation_on", p.next_evaluation_on},
          {"evaluation_overdue", p.status == "active" && p.next_evaluation_on < today},
          {"created_at", format_rfc3339(p.created_at)},
          {"updated_at", format_rfc3339(p.updated_at)},
          {"version", p.version},
          {"masked_fields", masked}};
}

json to_json(const Evaluation& e, int clearance) {
  json notes = nullptr;
  if (e.notes) notes = clearance >= 3 ? json(*e.notes) : json(text::mask_value(text::PiiKind::kFreeText, *e.notes));
  return {{"id", e.id},
          {"partner_id", e.partner_id},
          {"evaluated_on", e.evaluated_on},
          {"quality", e.quality},
          {"safety", e.safety},
          {"timeliness", e.timeliness},
          {"compliance", e.compliance},
          {"score", e.score},
          {"result", e.result},
          {"notes", notes},
          {"evaluator_name", e.evaluator_name},
          {"recorded_at", format_rfc3339(e.recorded_at)}};
}

json partner_schema() {
  return {{"type", "object"},
          {"required",
           {"id", "name", "kind", "services", "status", "evaluation_months", "next_evaluation_on", "evaluation_overdue",
            "version", "masked_fields"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"name", {{"type", "string"}}},
            {"kind", one_of(kPartnerKinds)},
            {"services", {{"type", "string"}}},
            {"contact_name", nullable("string")},
            {"contact_phone", nullable("string")},
            {"status", one_of(kPartnerStatuses)},
            {"status_reason", nullable("string")},
            {"evaluation_months", {{"type", "integer"}}},
            {"next_evaluation_on", schema::date()},
            {"evaluation_overdue", {{"type", "boolean"}}},
            {"created_at", schema::date_time()},
            {"updated_at", schema::date_time()},
            {"version", {{"type", "integer"}}},
            {"masked_fields", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
}

json new_partner_schema() {
  return {{"type", "object"},
          {"required", {"name", "kind"}},
          {"properties",
           {{"name", schema::text(2, 100)},
            {"kind", one_of(kPartnerKinds)},
            {"services", schema::nullable_text(300)},
            {"contact_name", schema::nullable_text(64)},
            {"contact_phone", schema::nullable_text(32)},
            {"evaluation_months", {{"type", "integer"}, {"minimum", 1}, {"maximum", 24}}},
            {"first_evaluation_on", schema::nullable_date()}}}};
}

json evaluation_schema() {
  return {{"type", "object"},
          {"required",
           {"id", "partner_id", "evaluated_on", "quality", "safety", "timeliness", "compliance", "score", "result"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"partner_id", {{"type", "integer"}}},
            {"evaluated_on", schema::date()},
            {"quality", {{"type", "integer"}}},
            {"safety", {{"type", "integer"}}},
            {"timeliness", {{"type", "integer"}}},
            {"compliance", {{"type", "integer"}}},
            {"score", {{"type", "integer"}}},
            {"result", schema::one_of({"pass", "conditional", "fail"})},
            {"notes", nullable("string")},
            {"evaluator_name", {{"type", "string"}}},
            {"recorded_at", schema::date_time()}}}};
}

json new_evaluation_schema() {
  return {{"type", "object"},
          {"required", {"evaluated_on", "quality", "safety", "timeliness", "compliance"}},
          {"properties",
           {{"evaluated_on", schema::date()},
            {"quality", points()},
            {"safety", points()},
            {"timeliness", points()},
            {"compliance", points()},
            {"notes", schema::nullable_text(1000)}}}};
}

}  // namespace anxin::partners
