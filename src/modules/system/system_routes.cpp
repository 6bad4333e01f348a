#include "modules/system/system_routes.hpp"

#include "modules/system/system_repository.hpp"
#include "platform/http/openapi.hpp"
#include "platform/metrics/metrics.hpp"

namespace anxin::system {

void register_routes(http::Router& router, db::Database& db, std::string version) {
  const nlohmann::json status_schema = {
      {"type", "object"}, {"required", {"status"}}, {"properties", {{"status", {{"type", "string"}}}}}};
  router.add({.method = http::Method::kGet,
              .path = "/healthz",
              .is_public = true,
              .summary = "Liveness: the process is up",
              .tag = "system",
              .response_schema = status_schema,
              .handler = [](http::Request&) -> Result<http::Response> {
                return http::Response::json({{"status", "ok"}});
              }});
  router.add({.method = http::Method::kGet,
              .path = "/readyz",
              .is_public = true,
              .summary = "Readiness: the database answers",
              .tag = "system",
              .response_schema = status_schema,
              .handler = [&db](http::Request&) -> Result<http::Response> {
                bool ready = false;
                try {
                  ready = db.read([](db::Conn& c) { return SystemRepository().ping(c); });
                } catch (const std::exception&) {
                  ready = false;
                }
                if (!ready) return Error::unavailable("common.db_unavailable");
                return http::Response::json({{"status", "ready"}});
              }});
  router.add({.method = http::Method::kGet,
              .path = "/metrics",
              .is_public = true,
              .summary = "Prometheus metrics",
              .tag = "system",
              .response_media_type = "text/plain",
              .handler = [](http::Request&) -> Result<http::Response> {
                return http::Response::text(metrics::global().render(), "text/plain; version=0.0.4; charset=utf-8");
              }});
  router.add({.method = http::Method::kGet,
              .path = "/api/openapi.json",
              .is_public = true,
              .summary = "OpenAPI 3.1 document of this API",
              .tag = "system",
              .response_schema = {{"type", "object"},
                                  {"required", {"openapi", "info", "paths", "components"}},
                                  {"additionalProperties", true},
                                  {"description", "An OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.0)."},
                                  {"properties",
                                   {{"openapi", {{"type", "string"}}},
                                    {"info", {{"type", "object"}, {"additionalProperties", true}}},
                                    {"paths", {{"type", "object"}, {"additionalProperties", true}}},
                                    {"components", {{"type", "object"}, {"additionalProperties", true}}}}}},
              .handler = [&router, version](http::Request&) -> Result<http::Response> {
                return http::Response::json(http::openapi_document(router, version));
              }});
}

}  // namespace anxin::system
