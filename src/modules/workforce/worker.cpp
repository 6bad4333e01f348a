#include "modules/workforce/worker.hpp"

#include "platform/http/schema.hpp"
#include "platform/text/masking.hpp"
#include "platform/text/utf8.hpp"

namespace anxin::workforce {

using text::DataClass;
using text::FieldSpec;
using text::PiiKind;
namespace schema = http::schema;

const std::vector<FieldSpec>& worker_fields() {
  static const std::vector<FieldSpec> kFields = {
      {"name", DataClass::kGeneral, PiiKind::kName},
      {"job_types", DataClass::kGeneral, PiiKind::kNone},
      {"employment", DataClass::kGeneral, PiiKind::kNone},
      {"agency_name", DataClass::kGeneral, PiiKind::kNone},
      {"status", DataClass::kGeneral, PiiKind::kNone},
      {"phone", DataClass::kSensitive, PiiKind::kMobile},
      {"address", DataClass::kSensitive, PiiKind::kAddress},
      {"emergency_contact", DataClass::kSensitive, PiiKind::kFreeText},
      {"id_number", DataClass::kCore, PiiKind::kResidentId},
      {"bank_account", DataClass::kCore, PiiKind::kBankCard},
  };
  return kFields;
}

const FieldSpec* worker_field(const std::string& name) {
  for (const auto& f : worker_fields()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::optional<std::string> birth_date_of(const std::string& id_number) {
  if (id_number.size() != 18) return std::nullopt;
  std::string date = id_number.substr(6, 4) + "-" + id_number.substr(10, 2) + "-" + id_number.substr(12, 2);
  if (!china_day_start(date)) return std::nullopt;
  return date;
}

std::string name_initial(const std::string& name) {
  const auto chars = text::utf8_chars(name);
  if (!chars || chars->empty()) return "*";
  std::string out;
  bool word_start = true;
  for (std::size_t i = 0; i < chars->size(); ++i) {
    const std::string_view ch = (*chars)[i];
    const bool ascii = ch.size() == 1;
    if (ascii && ch[0] == ' ') {
      out += ' ';
      word_start = true;
      continue;
    }
    // Chinese names: the surname (first character) stays. Latin names: each word's initial stays.
    out += (i == 0 || (ascii && word_start)) ? std::string(ch) : std::string("*");
    word_start = false;
  }
  return out;
}

namespace {

nlohmann::json personal(const std::string& field, const std::optional<std::string>& v, int clearance,
                        nlohmann::json& masked) {
  if (!v) return nullptr;
  const FieldSpec* spec = worker_field(field);
  if (spec != nullptr && static_cast<int>(spec->data_class) > clearance) {
    masked.push_back(field);
    return text::mask_value(spec->kind, *v);
  }
  return *v;
}

nlohmann::json opt(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

}  // namespace

nlohmann::json to_json(const Worker& w, int clearance) {
  nlohmann::json masked = nlohmann::json::array();
  nlohmann::json out = {{"id", w.id},
                        {"department_id", w.department_id},
                        {"name", w.name},
                        {"id_number", personal("id_number", w.id_number, clearance, masked)},
                        {"birth_date", opt(birth_date_of(w.id_number))},
                        {"phone", personal("phone", w.phone, clearance, masked)},
                        {"address", personal("address", w.address, clearance, masked)},
                        {"bank_account", personal("bank_account", w.bank_account, clearance, masked)},
                        {"emergency_contact", personal("emergency_contact", w.emergency_contact, clearance, masked)},
                        {"job_types", w.job_types},
                        {"employment", w.employment},
                        {"agency_name", opt(w.agency_name)},
                        {"user_id", w.user_id ? nlohmann::json(*w.user_id) : nlohmann::json(nullptr)},
                        {"status", w.status},
                        {"status_reason", opt(w.status_reason)},
                        {"status_changed_at", format_rfc3339(w.status_changed_at)},
                        {"created_at", format_rfc3339(w.created_at)},
                        {"updated_at", format_rfc3339(w.updated_at)},
                        {"version", w.version}};
  // The birth date is read from the ID number: shown only to those who see the ID number in full.
  if (static_cast<int>(DataClass::kCore) > clearance) out["birth_date"] = nullptr;
  out["masked_fields"] = masked;
  return out;
}

nlohmann::json to_audit_json(const Worker& w) {
  nlohmann::json j = to_json(w, /*clearance=*/1);
  for (const char* key : {"masked_fields", "created_at", "updated_at", "status_changed_at", "birth_date"}) j.erase(key);
  return j;
}

namespace {
nlohmann::json job_types_schema() {
  return {{"type", "array"}, {"minItems", 1}, {"maxItems", 10}, {"items", schema::text(1, 32)}};
}
}  // namespace

nlohmann::json worker_schema() {
  return {
      {"type", "object"},
      {"required",
       {"id", "department_id", "name", "id_number", "job_types", "employment", "status", "version", "masked_fields"}},
      {"properties",
       {{"id", {{"type", "integer"}}},
        {"department_id", {{"type", "integer"}}},
        {"name", {{"type", "string"}}},
        {"id_number", {{"type", "string"}}},
        {"birth_date", {{"type", {"string", "null"}}}},
        {"phone", {{"type", {"string", "null"}}}},
        {"address", {{"type", {"string", "null"}}}},
        {"bank_account", {{"type", {"string", "null"}}}},
        {"emergency_contact", {{"type", {"string", "null"}}}},
        {"job_types", {{"type", "array"}, {"items", {{"type", "string"}}}}},
        {"employment", schema::one_of({"own", "agency"})},
        {"agency_name", {{"type", {"string", "null"}}}},
        {"user_id", {{"type", {"integer", "null"}}}},
        {"status", schema::one_of({"applicant", "active", "suspended", "left"})},
        {"status_reason", {{"type", {"string", "null"}}}},
        {"status_changed_at", schema::date_time()},
        {"created_at", schema::date_time()},
        {"updated_at", schema::date_time()},
        {"version", {{"type", "integer"}}},
        {"masked_fields", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
}

nlohmann::json new_worker_schema() {
  return {{"type", "object"},
          {"required", {"department_id", "name", "id_number", "job_types"}},
          {"properties",
           {{"department_id", {{"type", "integer"}, {"minimum", 1}}},
            {"name", schema::text(1, 64)},
            {"id_number", schema::text(1, 32)},
            {"phone", schema::nullable_text(32)},
            {"address", schema::nullable_text(200)},
            {"bank_account", schema::nullable_text(32)},
            {"emergency_contact", schema::nullable_text(100)},
            {"job_types", job_types_schema()},
            {"employment", schema::one_of({"own", "agency"})},
            {"agency_name", schema::nullable_text(100)}}}};
}

nlohmann::json worker_patch_schema() {
  return {{"type", "object"},
          {"required", {"version"}},
          {"properties",
           {{"version", {{"type", "integer"}, {"minimum", 1}}},
            {"department_id", {{"type", "integer"}, {"minimum", 1}}},
            {"name", schema::text(1, 64)},
            {"phone", schema::nullable_text(32)},
            {"address", schema::nullable_text(200)},
            {"bank_account", schema::nullable_text(32)},
            {"emergency_contact", schema::nullable_text(100)},
            {"job_types", job_types_schema()},
            {"employment", schema::one_of({"own", "agency"})},
            {"agency_name", schema::nullable_text(100)}}}};
}

nlohmann::json to_json(const StatusEvent& e) {
  return {{"from_status", opt(e.from_status)},
          {"to_status", e.to_status},
          {"reason", e.reason},
          {"actor_id", e.actor_id ? nlohmann::json(*e.actor_id) : nlohmann::json(nullptr)},
          {"actor_name", opt(e.actor_name)},
          {"at", format_rfc3339(e.at)}};
}

nlohmann::json status_event_schema() {
  return {{"type", "object"},
          {"required", {"to_status", "reason", "at"}},
          {"properties",
           {{"from_status", {{"type", {"string", "null"}}}},
            {"to_status", {{"type", "string"}}},
            {"reason", {{"type", "string"}}},
            {"actor_id", {{"type", {"integer", "null"}}}},
            {"actor_name", {{"type", {"string", "null"}}}},
            {"at", schema::date_time()}}}};
}

}  // namespace anxin::workforce
