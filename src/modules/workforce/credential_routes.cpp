#include <algorithm>

#include "modules/workforce/workforce_routes.hpp"
#include "platform/http/i18n.hpp"
#include "platform/http/schema.hpp"

namespace anxin::workforce {
namespace {

using nlohmann::json;
namespace schema = http::schema;

json credentials_json(const Credentials& r, int clearance) {
  json checks = json::array(), certificates = json::array(), health = json::array();
  for (const auto& b : r.checks) checks.push_back(to_json(b, clearance));
  for (const auto& c : r.certificates) certificates.push_back(to_json(c));
  for (const auto& h : r.health) health.push_back(to_json(h, clearance));
  return {{"background_checks", checks},
          {"certificates", certificates},
          {"health_checks", health},
          {"health_consent", r.health_consent ? to_json(*r.health_consent) : json(nullptr)}};
}

json reason_schema() {
  return {{"type", "object"},
          {"required", {"check", "key", "message", "params", "warning"}},
          {"properties",
           {{"check", {{"type", "string"}}},
            {"key", {{"type", "string"}}},
            {"message", {{"type", "string"}}},
            {"params", {{"type", "object"}, {"additionalProperties", true}}},
            {"warning", {{"type", "boolean"}}},
            {"record_kind", {{"type", {"string", "null"}}}},
            {"record_id", {{"type", {"integer", "null"}}}},
            {"date", {{"type", {"string", "null"}}}}}}};
}

}  // namespace

std::string category_key(const std::string& check) {
  std::string key = "gate.category_" + check;
  std::replace(key.begin() + 5, key.end(), '.', '_');
  return key;
}

json colour_reasons_json(const SafetyColour& colour, const std::string& lang) {
  json reasons = json::array();
  for (const auto& check : colour.reason_keys) {
    const std::string key = category_key(check);
    reasons.push_back({{"key", key}, {"message", http::translate(lang, key, json::object())}});
  }
  return reasons;
}

json gate_answer_schema() {
  return {{"type", "object"},
          {"required", {"worker_id", "service_type", "from", "to", "decision", "reasons", "warnings", "checked"}},
          {"properties",
           {{"worker_id", {{"type", "integer"}}},
            {"service_type", {{"type", "string"}}},
            {"from", schema::date_time()},
            {"to", schema::date_time()},
            {"decision", schema::one_of({"allowed", "refused"})},
            {"reasons", {{"type", "array"}, {"items", reason_schema()}}},
            {"warnings", {{"type", "array"}, {"items", reason_schema()}}},
            {"checked", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
}

json reason_json(const extend::GateReason& r, const std::string& lang) {
  json params = r.params;
  // Kinds of record are codes; the message names them in the reader's language.
  if (params.contains("kind") && params["kind"].is_string()) {
    params["kind_label"] = http::translate(lang, "workforce.kind_" + params["kind"].get<std::string>(), json::object());
  }
  return {{"check", r.check},
          {"key", r.message_key},
          {"message", http::translate(lang, r.message_key, params)},
          {"params", r.params},
          {"warning", r.warning},
          {"record_kind", r.record_kind.empty() ? json(nullptr) : json(r.record_kind)},
          {"record_id", r.record_id == 0 ? json(nullptr) : json(r.record_id)},
          {"date", r.date.empty() ? json(nullptr) : json(r.date)}};
}

json gate_answer_json(const GateAnswer& a, const std::string& lang) {
  json reasons = json::array(), warnings = json::array();
  for (const auto& r : a.decision.reasons) reasons.push_back(reason_json(r, lang));
  for (const auto& r : a.decision.warnings) warnings.push_back(reason_json(r, lang));
  return {{"worker_id", a.worker_id},
          {"service_type", a.service_type},
          {"from", format_rfc3339(a.from)},
          {"to", format_rfc3339(a.to)},
          {"decision", a.decision.pass ? "allowed" : "refused"},
          {"reasons", reasons},
          {"warnings", warnings},
          {"checked", a.decision.checked}};
}

void register_credential_routes(http::Router& router, WorkerService& workers) {
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/workers/{id}/credentials",
              .permission = "workforce:worker:read",
              .summary = "A worker's background checks, certificates, health checks and health-data consent",
              .tag = "workforce",
              .response_schema = credentials_schema(),
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto r, workers.credentials(req.principal, id));
                return http::Response::json(credentials_json(r, req.principal.clearance));
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/{id}/background-checks",
              .permission = "workforce:worker:vet",
              .summary = "Record a background check (no-criminal-record certificate, mental health, credit)",
              .tag = "workforce",
              .body_schema = new_background_check_schema(),
              .response_schema = background_check_schema(),
              .success_status = 201,
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                BackgroundCheck in{.kind = b["kind"].get<std::string>(),
                                   .result = b["result"].get<std::string>(),
                                   .checked_on = b["checked_on"].get<std::string>(),
                                   .valid_until = http::json_string(b, "valid_until"),
                                   .note = http::json_string(b, "note")};
                ANXIN_ASSIGN_OR_RETURN(auto saved, workers.add_background_check(req.principal, id, in));
                return http::Response::json(to_json(saved, req.principal.clearance), 201);
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/{id}/certificates",
              .permission = "workforce:worker:vet",
              .summary = "Record a qualification certificate",
              .tag = "workforce",
              .body_schema = new_certificate_schema(),
              .response_schema = certificate_schema(),
              .success_status = 201,
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                Certificate in{.kind = b["kind"].get<std::string>(),
                               .number = b["number"].get<std::string>(),
                               .issuer = b["issuer"].get<std::string>(),
                               .issued_on = b["issued_on"].get<std::string>(),
                               .expires_on = http::json_string(b, "expires_on")};
                ANXIN_ASSIGN_OR_RETURN(auto saved, workers.add_certificate(req.principal, id, in));
                return http::Response::json(to_json(saved), 201);
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/{id}/certificates/{certificate_id}/revoke",
              .permission = "workforce:worker:vet",
              .summary = "Revoke a certificate (withdrawn by its issuer, found false), with a reason",
              .tag = "workforce",
              .body_schema = {{"type", "object"},
                              {"required", {"reason"}},
                              {"properties", {{"reason", schema::text(4, 200)}}}},
              .success_status = 204,
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto certificate_id, req.path_id("certificate_id"));
                ANXIN_TRY(workers.revoke_certificate(req.principal, id, certificate_id,
                                                     req.json["reason"].get<std::string>()));
                return http::Response::no_content();
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/{id}/health-consent",
              .permission = "workforce:health:manage",
              .summary = "Record the worker's separate consent to the processing of health data",
              .tag = "workforce",
              .body_schema = {{"type", "object"},
                              {"required", {"text_version"}},
                              {"properties", {{"text_version", schema::text(1, 32)}}}},
              .response_schema = consent_schema(),
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(
                    auto consent,
                    workers.record_health_consent(req.principal, id, req.json["text_version"].get<std::string>()));
                return http::Response::json(to_json(consent));
              }});

  router.add({.method = http::Method::kDelete,
              .path = "/api/v1/workers/{id}/health-consent",
              .permission = "workforce:health:manage",
              .summary = "Withdraw the health-data consent (no new health check can be saved until it is given again)",
              .tag = "workforce",
              .success_status = 204,
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_TRY(workers.withdraw_health_consent(req.principal, id));
                return http::Response::no_content();
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/{id}/health-checks",
              .permission = "workforce:health:manage",
              .summary = "Record an entry or periodic health check (needs the worker's health-data consent)",
              .tag = "workforce",
              .body_schema = new_health_check_schema(),
              .response_schema = health_check_schema(),
              .success_status = 201,
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                HealthCheck in{.kind = b["kind"].get<std::string>(),
                               .checked_on = b["checked_on"].get<std::string>(),
                               .result = b["result"].get<std::string>(),
                               .restrictions = http::json_string(b, "restrictions"),
                               .next_due_on = b["next_due_on"].get<std::string>()};
                ANXIN_ASSIGN_OR_RETURN(auto saved, workers.add_health_check(req.principal, id, in));
                return http::Response::json(to_json(saved, req.principal.clearance), 201);
              }});
}

void register_gate_routes(http::Router& router, GateService& gate) {
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/workers/{id}/gate",
              .permission = "workforce:gate:check",
              .summary = "Ask the dispatch gate: may the worker do this service type in this period? (every reason)",
              .tag = "workforce",
              .query_params = {{"service_type", schema::text(1, 32), "Service type code."},
                               {"from", schema::date_time(), "Start of the period (default: now)."},
                               {"to", schema::date_time(), "End of the period (default: one day after the start)."}},
              .response_schema = gate_answer_schema(),
              .handler = [&gate](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                auto type = http::query_text(req, "service_type");
                if (!type) return Error::invalid("common.field_required", {{"field", "service_type"}});
                ANXIN_ASSIGN_OR_RETURN(auto from, http::query_time(req, "from"));
                ANXIN_ASSIGN_OR_RETURN(auto to, http::query_time(req, "to"));
                const TimestampMs start = from.value_or(gate.now());
                ANXIN_ASSIGN_OR_RETURN(auto answer,
                                       gate.evaluate(req.principal, id, *type, start, to.value_or(start + kDayMs)));
                return http::Response::json(gate_answer_json(answer, req.lang));
              }});

  router.add(
      {.method = http::Method::kGet,
       .path = "/api/v1/workers/{id}/safety-colour",
       .permission = "workforce:worker:read",
       .summary = "The worker's 安心码 colour for today (green, yellow, red) with the reasons behind it",
       .tag = "workforce",
       .response_schema =
           {{"type", "object"},
            {"required", {"colour", "reasons"}},
            {"properties",
             {{"colour", schema::one_of({"green", "yellow", "red"})},
              {"reasons",
               {{"type", "array"},
                {"items",
                 {{"type", "object"},
                  {"required", {"key", "message"}},
                  {"properties", {{"key", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}}}},
       .handler = [&gate](http::Request& req) -> Result<http::Response> {
         ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
         ANXIN_ASSIGN_OR_RETURN(auto colour, gate.colour(req.principal, id));
         return http::Response::json({{"colour", colour.colour}, {"reasons", colour_reasons_json(colour, req.lang)}});
       }});
}

}  // namespace anxin::workforce
