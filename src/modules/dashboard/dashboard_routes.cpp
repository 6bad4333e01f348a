#include "modules/dashboard/dashboard_routes.hpp"

namespace anxin::dashboard {
namespace {

using nlohmann::json;

const json kFigure = {{"type", "object"},
                      {"required", {"key", "label_key", "unit", "drill_down", "value"}},
                      {"properties",
                       {{"key", {{"type", "string"}}},
                        {"label_key", {{"type", "string"}}},
                        {"unit", {{"type", "string"}}},
                        {"drill_down", {{"type", "string"}}},
                        {"value",
                         {{"type", {"number", "object"}},
                          {"additionalProperties", true},
                          {"description", "A number, or an object of named numbers (a breakdown)"}}},
                        {"target", {{"type", "number"}}},
                        {"met", {{"type", "boolean"}}}}}};

const json kSource = {
    {"type", "object"},
    {"required", {"key", "label_key", "unit"}},
    {"properties",
     {{"key", {{"type", "string"}}}, {"label_key", {{"type", "string"}}}, {"unit", {{"type", "string"}}}}}};

const json kSeries = {{"type", "object"},
                      {"required", {"key", "label_key", "unit", "period", "points"}},
                      {"properties",
                       {{"key", {{"type", "string"}}},
                        {"label_key", {{"type", "string"}}},
                        {"unit", {{"type", "string"}}},
                        {"period", {{"type", "string"}, {"enum", {"day", "week", "month"}}}},
                        {"points",
                         {{"type", "array"},
                          {"items",
                           {{"type", "object"},
                            {"required", {"period_start", "department_id", "value"}},
                            {"properties",
                             {{"period_start", {{"type", "string"}, {"format", "date-time"}}},
                              {"department_id", {{"type", "integer"}}},
                              {"value", {{"type", "number"}}}}}}}}}}}};

}  // namespace

void register_routes(http::Router& router, DashboardService& dashboard) {
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/dashboard/figures",
              .authenticated_only = true,
              .summary = "The dashboard figures the caller may see, computed now for the caller's data scope",
              .tag = "dashboard",
              .response_schema = http::items_schema(kFigure),
              .handler = [&dashboard](http::Request& req) -> Result<http::Response> {
                return http::Response::json({{"items", dashboard.figures(req.principal)}});
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/indicators",
              .authenticated_only = true,
              .summary = "The indicator series the caller may read",
              .tag = "dashboard",
              .response_schema = http::items_schema(kSource),
              .handler = [&dashboard](http::Request& req) -> Result<http::Response> {
                return http::Response::json({{"items", dashboard.indicator_sources(req.principal)}});
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/indicators/{key}",
              .authenticated_only = true,
              .summary = "One indicator by period and department over [from, to)",
              .tag = "dashboard",
              .query_params = {{"from", {{"type", "string"}, {"format", "date-time"}}, "Start (inclusive), RFC 3339"},
                               {"to", {{"type", "string"}, {"format", "date-time"}}, "End (exclusive), RFC 3339"},
                               {"period", {{"type", "string"}, {"enum", {"day", "week", "month"}}}, "Default month"},
                               {"department_id", {{"type", "integer"}, {"minimum", 1}}, "A department and its tree"}},
              .response_schema = kSeries,
              .handler = [&dashboard](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto from, http::query_time(req, "from"));
                ANXIN_ASSIGN_OR_RETURN(auto to, http::query_time(req, "to"));
                ANXIN_ASSIGN_OR_RETURN(auto department, http::query_id(req, "department_id"));
                if (!from) return Error::invalid("common.field_required", {{"field", "from"}});
                if (!to) return Error::invalid("common.field_required", {{"field", "to"}});
                extend::IndicatorQuery q{.from = *from, .to = *to};
                if (auto p = http::query_text(req, "period"); p && !extend::parse_period(*p, q.period)) {
                  return Error::invalid("common.query_invalid", {{"field", "period"}});
                }
                ANXIN_ASSIGN_OR_RETURN(auto series,
                                       dashboard.indicator(req.principal, req.path_params.at("key"), q, department));
                return http::Response::json(series);
              }});
}

}  // namespace anxin::dashboard
