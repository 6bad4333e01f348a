#include "modules/incidents/aftermath.hpp"

#include "platform/text/masking.hpp"

namespace anxin::incidents {
namespace {

using nlohmann::json;

json opt(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }
json masked_text(const std::optional<std::string>& v, bool show) {
  if (!v) return nullptr;
  return show ? json(*v) : json("******");
}
json masked_name(const std::optional<std::string>& v, bool show) {
  if (!v) return nullptr;
  return show ? json(*v) : json(text::mask_name(*v));
}

json str() { return {{"type", "string"}}; }
json str_or_null() { return {{"type", {"string", "null"}}}; }
json int_() { return {{"type", "integer"}}; }
json int_or_null() { return {{"type", {"integer", "null"}}}; }
json time() { return {{"type", "string"}, {"format", "date-time"}}; }
json one_of(const std::vector<std::string>& values) { return {{"type", "string"}, {"enum", values}}; }

}  // namespace

const std::vector<std::string>& treatment_statuses() {
  static const std::vector<std::string> kStatuses = {"hospitalised", "outpatient", "discharged", "recovered",
                                                     "deceased"};
  return kStatuses;
}

const std::vector<std::string>& compensation_kinds() {
  static const std::vector<std::string> kKinds = {"medical", "lost_wages", "nutrition", "property", "other"};
  return kKinds;
}

const std::vector<std::string>& compensation_statuses() {
  static const std::vector<std::string> kStatuses = {"proposed", "approved", "paid"};
  return kStatuses;
}

const std::vector<std::string>& visit_methods() {
  static const std::vector<std::string> kMethods = {"phone", "visit", "wechat", "other"};
  return kMethods;
}

json to_json(const Injured& i, bool show) {
  json treatments = json::array();
  for (const auto& t : i.treatments) {
    treatments.push_back({{"id", t.id},
                          {"at", format_rfc3339(t.at)},
                          {"status", t.status},
                          {"note", masked_text(t.note, show)},
                          {"created_by", t.created_by}});
  }
  return {{"id", i.id},
          {"person_id", opt(i.person_id)},
          {"name", masked_name(i.name, show)},
          {"hospital", i.hospital},
          {"status", i.status},
          {"treatments", treatments},
          {"version", i.version}};
}

json to_json(const Compensation& c, bool show) {
  return {{"id", c.id},
          {"injured_id", opt(c.injured_id)},
          {"kind", c.kind},
          {"amount_fen", c.amount_fen},
          {"payee", masked_name(c.payee, show)},
          {"status", c.status},
          {"claim_ref", c.claim_ref ? json(*c.claim_ref) : json(nullptr)},
          {"created_at", format_rfc3339(c.created_at)},
          {"updated_at", format_rfc3339(c.updated_at)},
          {"version", c.version}};
}

json to_json(const Visit& v, bool show) {
  return {{"id", v.id},         {"at", format_rfc3339(v.at)},     {"visitor_id", v.visitor_id},
          {"method", v.method}, {"satisfaction", v.satisfaction}, {"note", masked_text(v.note, show)}};
}

json to_json(const AftermathSummary& s, bool show) {
  json injured = json::array();
  for (const auto& i : s.injured) injured.push_back(to_json(i, show));
  json compensations = json::array();
  for (const auto& c : s.compensations) compensations.push_back(to_json(c, show));
  json visits = json::array();
  for (const auto& v : s.visits) visits.push_back(to_json(v, show));
  json by_kind = json::object();
  for (const auto& [kind, fen] : s.total_fen_by_kind) by_kind[kind] = fen;
  json satisfaction = nullptr;
  if (!s.visits.empty()) {
    // Average to one decimal, computed in integers: the sum times ten over the count, rounded half up.
    std::int64_t sum = 0;
    for (const auto& v : s.visits) sum += v.satisfaction;
    const auto n = static_cast<std::int64_t>(s.visits.size());
    satisfaction = static_cast<double>((sum * 20 + n) / (2 * n)) / 10.0;
  }
  return {{"injured", injured},
          {"compensations", compensations},
          {"visits", visits},
          {"totals",
           {{"by_kind_fen", by_kind},
            {"total_fen", s.total_fen},
            {"approved_fen", s.approved_fen},
            {"paid_fen", s.paid_fen}}},
          {"satisfaction_average", satisfaction},
          {"masked", !show}};
}

json injured_schema() {
  const json treatment = {{"type", "object"},
                          {"required", {"id", "at", "status"}},
                          {"properties",
                           {{"id", int_()},
                            {"at", time()},
                            {"status", one_of(treatment_statuses())},
                            {"note", str_or_null()},
                            {"created_by", int_()}}}};
  return {{"type", "object"},
          {"required", {"id", "status", "treatments", "version"}},
          {"properties",
           {{"id", int_()},
            {"person_id", int_or_null()},
            {"name", str_or_null()},
            {"hospital", str()},
            {"status", one_of(treatment_statuses())},
            {"treatments", {{"type", "array"}, {"items", treatment}}},
            {"version", int_()}}}};
}

json compensation_schema() {
  return {{"type", "object"},
          {"required", {"id", "kind", "amount_fen", "status", "version"}},
          {"properties",
           {{"id", int_()},
            {"injured_id", int_or_null()},
            {"kind", one_of(compensation_kinds())},
            {"amount_fen", {{"type", "integer"}, {"minimum", 1}, {"description", "Amount in fen (0.01 yuan)."}}},
            {"payee", str_or_null()},
            {"status", one_of(compensation_statuses())},
            {"claim_ref", str_or_null()},
            {"created_at", time()},
            {"updated_at", time()},
            {"version", int_()}}}};
}

json visit_schema() {
  return {{"type", "object"},
          {"required", {"id", "at", "visitor_id", "method", "satisfaction"}},
          {"properties",
           {{"id", int_()},
            {"at", time()},
            {"visitor_id", int_()},
            {"method", one_of(visit_methods())},
            {"satisfaction", {{"type", "integer"}, {"minimum", 1}, {"maximum", 5}}},
            {"note", str_or_null()}}}};
}

json aftermath_schema() {
  json by_kind = {{"type", "object"}, {"properties", json::object()}};
  for (const auto& k : compensation_kinds()) by_kind["properties"][k] = int_();
  return {{"type", "object"},
          {"required", {"injured", "compensations", "visits", "totals"}},
          {"properties",
           {{"injured", {{"type", "array"}, {"items", injured_schema()}}},
            {"compensations", {{"type", "array"}, {"items", compensation_schema()}}},
            {"visits", {{"type", "array"}, {"items", visit_schema()}}},
            {"totals",
             {{"type", "object"},
              {"required", {"by_kind_fen", "total_fen", "approved_fen", "paid_fen"}},
              {"properties",
               {{"by_kind_fen", by_kind}, {"total_fen", int_()}, {"approved_fen", int_()}, {"paid_fen", int_()}}}}},
            {"satisfaction_average", {{"type", {"number", "null"}}}},
            {"masked", {{"type", "boolean"}}}}}};
}

}  // namespace anxin::incidents
