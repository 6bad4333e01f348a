#include "modules/workforce/safety_code_routes.hpp"

#include "modules/workforce/workforce_routes.hpp"
#include "platform/crypto/totp.hpp"
#include "platform/http/i18n.hpp"
#include "platform/http/rate_limiter.hpp"
#include "platform/http/schema.hpp"

namespace anxin::workforce {
namespace {

using nlohmann::json;
namespace schema = http::schema;

/// Requests per client address and minute to the public page: enough for a household checking several workers,
/// too few to try tokens.
constexpr std::int64_t kPublicLimitPerMinute = 30;

/// The address the public page is reached at, as the browser names it (for the URL in the QR code).
std::string origin_of(const http::Request& req) {
  if (auto origin = req.header("origin"); !origin.empty()) return origin;
  const std::string proto = req.header("x-forwarded-proto").empty() ? "http" : req.header("x-forwarded-proto");
  return proto + "://" + (req.header("host").empty() ? "127.0.0.1:8080" : req.header("host"));
}

json code_json(const SafetyCode& code, const http::Request& req) {
  const std::string url = origin_of(req) + code.path;
  return {{"path", code.path},
          {"url", url},
          {"qr_svg", crypto::qr_svg(url)},
          {"issued_at", format_rfc3339(code.issued_at)}};
}

json code_schema() {
  return {{"type", "object"},
          {"required", {"path", "url", "qr_svg", "issued_at"}},
          {"properties",
           {{"path", {{"type", "string"}}},
            {"url", {{"type", "string"}}},
            {"qr_svg", {{"type", "string"}}},
            {"issued_at", schema::date_time()}}}};
}

}  // namespace

void register_safety_code_routes(http::Router& router, SafetyCodes& codes) {
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/{id}/safety-code",
              .permission = "workforce:worker:manage",
              .summary = "Issue the worker's 安心码 (a new token replaces and revokes the one before)",
              .tag = "workforce",
              .response_schema = code_schema(),
              .handler = [&codes](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto code, codes.issue(req.principal, id));
                return http::Response::json(code_json(code, req));
              }});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/workers/{id}/safety-code",
              .permission = "workforce:worker:read",
              .summary = "The worker's 安心码 in force, with its QR code to print",
              .tag = "workforce",
              .response_schema = code_schema(),
              .handler = [&codes](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto code, codes.get(req.principal, id));
                return http::Response::json(code_json(code, req));
              }});
  router.add({.method = http::Method::kDelete,
              .path = "/api/v1/workers/{id}/safety-code",
              .permission = "workforce:worker:manage",
              .summary = "Revoke the worker's 安心码 (its page then answers as for an unknown code)",
              .tag = "workforce",
              .success_status = 204,
              .handler = [&codes](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_TRY(codes.revoke(req.principal, id));
                return http::Response::no_content();
              }});

  auto limiter = std::make_shared<http::RateLimiter>(kPublicLimitPerMinute, 60000);
  router.add(
      {.method = http::Method::kGet,
       .path = "/api/v1/public/safety-codes/{token}",
       .is_public = true,
       .summary = "The public 安心码 page: the worker's surname, job types and today's colour, without personal data",
       .tag = "workforce",
       .response_schema = {{"type", "object"},
                           {"required", {"name", "job_types", "colour", "reasons", "date"}},
                           {"properties",
                            {{"name", {{"type", "string"}}},
                             {"job_types",
                              {{"type", "array"},
                               {"items",
                                {{"type", "object"},
                                 {"required", {"code", "name"}},
                                 {"properties", {{"code", {{"type", "string"}}}, {"name", {{"type", "string"}}}}}}}}},
                             {"colour", schema::one_of({"green", "yellow", "red"})},
                             {"reasons",
                              {{"type", "array"},
                               {"items",
                                {{"type", "object"},
                                 {"required", {"key", "message"}},
                                 {"properties", {{"key", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}},
                             {"date", {{"type", "string"}}}}}},
       .handler = [&codes, limiter](http::Request& req) -> Result<http::Response> {
         if (!limiter->allow(req.remote_ip, codes.now())) {
           return Error{ErrorCode::kRateLimited,
                        "common.rate_limited",
                        {{"retry_after_seconds", limiter->retry_after_seconds(req.remote_ip, codes.now())}}};
         }
         const std::string token = req.path_params["token"];
         auto view = token.size() > 100 ? std::nullopt : codes.view(token);
         // An unknown, revoked or ended code: one answer for all, so that a guess learns nothing.
         if (!view) return Error::not_found("workforce.safety_code_unknown");
         json job_types = json::array();
         const auto types = codes.service_types();
         for (const auto& code : view->job_types) {
           std::string name = code;
           for (const auto& t : types) {
             if (t.code == code) name = req.lang == "en-US" ? t.name_en : t.name_zh;
           }
           job_types.push_back({{"code", code}, {"name", name}});
         }
         return http::Response::json({{"name", view->name_initial},
                                      {"job_types", job_types},
                                      {"colour", view->colour.colour},
                                      {"reasons", colour_reasons_json(view->colour, req.lang)},
                                      {"date", view->date}});
       }});
}

}  // namespace anxin::workforce
