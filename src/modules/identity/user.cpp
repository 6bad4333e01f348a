#include "modules/identity/user.hpp"

namespace anxin::identity {

using text::DataClass;
using text::FieldSpec;
using text::PiiKind;

const std::vector<FieldSpec>& user_fields() {
  static const std::vector<FieldSpec> kFields = {
      {"username", DataClass::kGeneral, PiiKind::kNone},
      {"display_name", DataClass::kGeneral, PiiKind::kNone},
      {"email", DataClass::kGeneral, PiiKind::kEmail},
      // A personal mobile number identifies a person: sensitive, encrypted at rest.
      {"phone", DataClass::kSensitive, PiiKind::kMobile},
      {"address", DataClass::kSensitive, PiiKind::kAddress},
      {"id_number", DataClass::kCore, PiiKind::kResidentId},
      {"bank_account", DataClass::kCore, PiiKind::kBankCard},
  };
  return kFields;
}

const FieldSpec* user_field(const std::string& name) {
  for (const auto& f : user_fields()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

namespace {

nlohmann::json opt(const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

nlohmann::json personal(const std::string& name, const std::optional<std::string>& v, int clearance,
                        nlohmann::json& masked) {
  if (!v) return nullptr;
  const FieldSpec* spec = user_field(name);
  if (spec != nullptr && static_cast<int>(spec->data_class) > clearance) {
    masked.push_back(name);
    return text::mask_value(spec->kind, *v);
  }
  return *v;
}

}  // namespace

nlohmann::json to_json(const User& u, int clearance) {
  nlohmann::json masked = nlohmann::json::array();
  nlohmann::json out = {
      {"id", u.id},
      {"username", u.username},
      {"display_name", u.display_name},
      {"department_id", u.department_id},
      {"post_id", opt(u.post_id)},
      {"email", personal("email", u.email, clearance, masked)},
      {"phone", personal("phone", u.phone, clearance, masked)},
      {"id_number", personal("id_number", u.id_number, clearance, masked)},
      {"bank_account", personal("bank_account", u.bank_account, clearance, masked)},
      {"address", personal("address", u.address, clearance, masked)},
      {"status", u.status},
      {"is_service_account", u.is_service_account},
      {"must_change_password", u.must_change_password},
      {"totp_enabled", u.totp_enabled},
      {"locked_until", u.locked_until ? nlohmann::json(format_rfc3339(*u.locked_until)) : nlohmann::json(nullptr)},
      {"role_ids", u.role_ids},
      {"created_at", format_rfc3339(u.created_at)},
      {"updated_at", format_rfc3339(u.updated_at)},
      {"version", u.version}};
  out["masked_fields"] = masked;
  return out;
}

nlohmann::json to_audit_json(const User& u) {
  nlohmann::json j = to_json(u, /*clearance=*/1);
  j.erase("masked_fields");
  j.erase("created_at");
  j.erase("updated_at");
  return j;
}

namespace {
const nlohmann::json kNullableText = {{"type", {"string", "null"}}, {"maxLength", 200}};
nlohmann::json text_field(int min, int max) { return {{"type", "string"}, {"minLength", min}, {"maxLength", max}}; }
nlohmann::json nullable(int max) { return {{"type", {"string", "null"}}, {"maxLength", max}}; }
}  // namespace

nlohmann::json user_schema() {
  return {{"type", "object"},
          {"required", {"id", "username", "display_name", "department_id", "status", "version", "masked_fields"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"username", {{"type", "string"}}},
            {"display_name", {{"type", "string"}}},
            {"department_id", {{"type", "integer"}}},
            {"post_id", {{"type", {"integer", "null"}}}},
            {"email", nullable(254)},
            {"phone", nullable(32)},
            {"id_number", nullable(32)},
            {"bank_account", nullable(32)},
            {"address", nullable(200)},
            {"status", {{"type", "string"}, {"enum", {"active", "disabled"}}}},
            {"is_service_account", {{"type", "boolean"}}},
            {"must_change_password", {{"type", "boolean"}}},
            {"totp_enabled", {{"type", "boolean"}}},
            {"locked_until", {{"type", {"string", "null"}}}},
            {"role_ids", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
            {"created_at", {{"type", "string"}, {"format", "date-time"}}},
            {"updated_at", {{"type", "string"}, {"format", "date-time"}}},
            {"version", {{"type", "integer"}}},
            {"masked_fields", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
}

nlohmann::json new_user_schema() {
  return {{"type", "object"},
          {"required", {"username", "display_name", "department_id"}},
          {"properties",
           {{"username", text_field(3, 32)},
            {"display_name", text_field(1, 64)},
            {"department_id", {{"type", "integer"}, {"minimum", 1}}},
            {"post_id", {{"type", {"integer", "null"}}, {"minimum", 1}}},
            {"email", nullable(254)},
            {"phone", nullable(32)},
            {"id_number", nullable(32)},
            {"bank_account", nullable(32)},
            {"address", kNullableText},
            {"role_ids", {{"type", "array"}, {"maxItems", 20}, {"items", {{"type", "integer"}, {"minimum", 1}}}}},
            {"is_service_account", {{"type", "boolean"}}}}}};
}

nlohmann::json user_patch_schema() {
  return {{"type", "object"},
          {"required", {"version"}},
          {"properties",
           {{"version", {{"type", "integer"}, {"minimum", 1}}},
            {"display_name", text_field(1, 64)},
            {"department_id", {{"type", "integer"}, {"minimum", 1}}},
            {"post_id", {{"type", {"integer", "null"}}, {"minimum", 1}}},
            {"email", nullable(254)},
            {"phone", nullable(32)},
            {"id_number", nullable(32)},
            {"bank_account", nullable(32)},
            {"address", kNullableText}}}};
}

}  // namespace anxin::identity
