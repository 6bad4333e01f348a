#include "modules/workforce/credential.hpp"

#include "platform/http/schema.hpp"
#include "platform/text/masking.hpp"
#include "platform/text/utf8.hpp"

namespace anxin::workforce {

namespace schema = http::schema;

namespace {

constexpr int kCoreClass = 4;

nlohmann::json opt(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

/// A class-4 value for a viewer: in full when cleared, "******" when not, null when absent.
nlohmann::json core_value(const std::optional<std::string>& v, int clearance, const char* field,
                          nlohmann::json& masked) {
  if (!v) return nullptr;
  if (clearance >= kCoreClass) return *v;
  masked.push_back(field);
  return text::stars(6);
}

nlohmann::json nullable_string() { return {{"type", {"string", "null"}}}; }
nlohmann::json string_array() { return {{"type", "array"}, {"items", {{"type", "string"}}}}; }

}  // namespace

nlohmann::json to_json(const BackgroundCheck& b, int clearance) {
  nlohmann::json masked = nlohmann::json::array();
  nlohmann::json out = {{"id", b.id},
                        {"worker_id", b.worker_id},
                        {"kind", b.kind},
                        {"result", b.result},
                        {"checked_on", b.checked_on},
                        {"valid_until", opt(b.valid_until)},
                        {"created_at", format_rfc3339(b.created_at)}};
  out["note"] = core_value(b.note, clearance, "note", masked);
  out["masked_fields"] = masked;
  return out;
}

nlohmann::json to_json(const Certificate& c) {
  return {{"id", c.id},
          {"worker_id", c.worker_id},
          {"kind", c.kind},
          {"number", c.number},
          {"issuer", c.issuer},
          {"issued_on", c.issued_on},
          {"expires_on", opt(c.expires_on)},
          {"revoked_at", c.revoked_at ? nlohmann::json(format_rfc3339(*c.revoked_at)) : nlohmann::json(nullptr)},
          {"created_at", format_rfc3339(c.created_at)}};
}

nlohmann::json to_json(const HealthCheck& h, int clearance) {
  nlohmann::json masked = nlohmann::json::array();
  nlohmann::json out = {{"id", h.id},
                        {"worker_id", h.worker_id},
                        {"kind", h.kind},
                        {"checked_on", h.checked_on},
                        {"next_due_on", h.next_due_on},
                        {"created_at", format_rfc3339(h.created_at)}};
  out["result"] = core_value(h.result, clearance, "result", masked);
  out["restrictions"] = core_value(h.restrictions, clearance, "restrictions", masked);
  out["masked_fields"] = masked;
  return out;
}

nlohmann::json to_json(const Consent& c) {
  return {{"id", c.id},
          {"purpose", c.purpose},
          {"text_version", c.text_version},
          {"recorded_by", c.recorded_by ? nlohmann::json(*c.recorded_by) : nlohmann::json(nullptr)},
          {"recorded_at", format_rfc3339(c.recorded_at)},
          {"withdrawn_at", c.withdrawn_at ? nlohmann::json(format_rfc3339(*c.withdrawn_at)) : nlohmann::json(nullptr)}};
}

nlohmann::json to_json(const ServiceType& s) {
  return {{"code", s.code},
          {"name_zh", s.name_zh},
          {"name_en", s.name_en},
          {"required_certificates", s.required_certificates},
          {"health_valid_days", s.health_valid_days},
          {"builtin", s.builtin},
          {"active", s.active}};
}

nlohmann::json background_check_schema() {
  return {{"type", "object"},
          {"required", {"id", "worker_id", "kind", "result", "checked_on", "masked_fields"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"worker_id", {{"type", "integer"}}},
            {"kind", schema::one_of({"criminal_record", "mental_health", "credit"})},
            {"result", schema::one_of({"clear", "flagged", "pending"})},
            {"checked_on", {{"type", "string"}}},
            {"valid_until", nullable_string()},
            {"note", nullable_string()},
            {"created_at", schema::date_time()},
            {"masked_fields", string_array()}}}};
}

nlohmann::json new_background_check_schema() {
  return {{"type", "object"},
          {"required", {"kind", "result", "checked_on"}},
          {"properties",
           {{"kind", schema::one_of({"criminal_record", "mental_health", "credit"})},
            {"result", schema::one_of({"clear", "flagged", "pending"})},
            {"checked_on", schema::date()},
            {"valid_until", schema::nullable_date()},
            {"note", schema::nullable_text(500)}}}};
}

nlohmann::json certificate_schema() {
  return {{"type", "object"},
          {"required", {"id", "worker_id", "kind", "number", "issuer", "issued_on"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"worker_id", {{"type", "integer"}}},
            {"kind", {{"type", "string"}}},
            {"number", {{"type", "string"}}},
            {"issuer", {{"type", "string"}}},
            {"issued_on", {{"type", "string"}}},
            {"expires_on", nullable_string()},
            {"revoked_at", nullable_string()},
            {"created_at", schema::date_time()}}}};
}

nlohmann::json new_certificate_schema() {
  return {{"type", "object"},
          {"required", {"kind", "number", "issuer", "issued_on"}},
          {"properties",
           {{"kind", schema::text(1, 32)},
            {"number", schema::text(1, 64)},
            {"issuer", schema::text(1, 100)},
            {"issued_on", schema::date()},
            {"expires_on", schema::nullable_date()}}}};
}

nlohmann::json health_check_schema() {
  return {{"type", "object"},
          {"required", {"id", "worker_id", "kind", "checked_on", "next_due_on", "masked_fields"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"worker_id", {{"type", "integer"}}},
            {"kind", schema::one_of({"entry", "periodic"})},
            {"checked_on", {{"type", "string"}}},
            {"result", nullable_string()},
            {"restrictions", nullable_string()},
            {"next_due_on", {{"type", "string"}}},
            {"created_at", schema::date_time()},
            {"masked_fields", string_array()}}}};
}

nlohmann::json new_health_check_schema() {
  return {{"type", "object"},
          {"required", {"kind", "checked_on", "result", "next_due_on"}},
          {"properties",
           {{"kind", schema::one_of({"entry", "periodic"})},
            {"checked_on", schema::date()},
            {"result", schema::one_of({"fit", "fit_with_restrictions", "unfit"})},
            {"restrictions", schema::nullable_text(500)},
            {"next_due_on", schema::date()}}}};
}

nlohmann::json consent_schema() {
  return {{"type", "object"},
          {"required", {"id", "purpose", "text_version", "recorded_at"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"purpose", {{"type", "string"}}},
            {"text_version", {{"type", "string"}}},
            {"recorded_by", {{"type", {"integer", "null"}}}},
            {"recorded_at", schema::date_time()},
            {"withdrawn_at", nullable_string()}}}};
}

nlohmann::json service_type_schema() {
  return {
      {"type", "object"},
      {"required", {"code", "name_zh", "name_en", "required_certificates", "health_valid_days", "builtin", "active"}},
      {"properties",
       {{"code", {{"type", "string"}}},
        {"name_zh", {{"type", "string"}}},
        {"name_en", {{"type", "string"}}},
        {"required_certificates", string_array()},
        {"health_valid_days", {{"type", "integer"}}},
        {"builtin", {{"type", "boolean"}}},
        {"active", {{"type", "boolean"}}}}}};
}

nlohmann::json credentials_schema() {
  nlohmann::json nullable_consent = consent_schema();
  nullable_consent["type"] = {"object", "null"};
  return {{"type", "object"},
          {"required", {"background_checks", "certificates", "health_checks"}},
          {"properties",
           {{"background_checks", {{"type", "array"}, {"items", background_check_schema()}}},
            {"certificates", {{"type", "array"}, {"items", certificate_schema()}}},
            {"health_checks", {{"type", "array"}, {"items", health_check_schema()}}},
            {"health_consent", nullable_consent}}}};
}

}  // namespace anxin::workforce
