#include "modules/workforce/workforce_routes.hpp"
#include "platform/http/schema.hpp"

namespace anxin::workforce {

using nlohmann::json;
namespace schema = http::schema;

void register_working_time_routes(http::Router& router, WorkerService& workers) {
  router.add(
      {.method = http::Method::kGet,
       .path = "/api/v1/workers/{id}/shifts",
       .permission = "workforce:worker:read",
       .summary = "A worker's shifts in a period (at most 92 days) and the working-time flags of its days and weeks",
       .tag = "workforce",
       .query_params = {{"from", schema::date_time(), "Start of the period (default: the start of this week)."},
                        {"to", schema::date_time(), "End of the period (default: one week after the start)."}},
       .response_schema = {{"type", "object"},
                           {"required", {"items", "flags"}},
                           {"properties",
                            {{"items", {{"type", "array"}, {"items", shift_schema()}}},
                             {"flags", {{"type", "array"}, {"items", hours_flag_schema()}}}}}},
       .handler = [&workers](http::Request& req) -> Result<http::Response> {
         ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
         ANXIN_ASSIGN_OR_RETURN(auto from, http::query_time(req, "from"));
         ANXIN_ASSIGN_OR_RETURN(auto to, http::query_time(req, "to"));
         const TimestampMs start = from.value_or(*china_day_start(week_start(workers.now())));
         ANXIN_ASSIGN_OR_RETURN(auto result,
                                workers.working_time(req.principal, id, start, to.value_or(start + 7 * kDayMs)));
         json items = json::array(), flags = json::array();
         for (const auto& s : result.first) items.push_back(to_json(s));
         for (const auto& f : result.second) flags.push_back(to_json(f));
         return http::Response::json({{"items", items}, {"flags", flags}});
       }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/{id}/shifts",
              .permission = "workforce:worker:update",
              .summary = "Record a shift a worker worked or is planned to work (at most 24 hours)",
              .tag = "workforce",
              .body_schema = {{"type", "object"},
                              {"required", {"starts_at", "ends_at"}},
                              {"properties",
                               {{"starts_at", schema::date_time()},
                                {"ends_at", schema::date_time()},
                                {"note", schema::nullable_text(200)}}}},
              .response_schema = shift_schema(),
              .success_status = 201,
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                Shift s{.starts_at = *parse_rfc3339(req.json["starts_at"].get<std::string>()),
                        .ends_at = *parse_rfc3339(req.json["ends_at"].get<std::string>()),
                        .note = http::json_string(req.json, "note")};
                ANXIN_ASSIGN_OR_RETURN(auto saved, workers.add_shift(req.principal, id, s));
                return http::Response::json(to_json(saved), 201);
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/workforce/settings",
              .permission = "workforce:worker:read",
              .summary = "Working-time limits and the gate's warning window",
              .tag = "workforce",
              .response_schema = settings_schema(),
              .handler = [&workers](http::Request&) -> Result<http::Response> {
                return http::Response::json(to_json(workers.settings()));
              }});

  router.add({.method = http::Method::kPut,
              .path = "/api/v1/workforce/settings",
              .permission = "workforce:settings:manage",
              .summary = "Change the working-time limits and the gate's warning window (audited)",
              .tag = "workforce",
              .body_schema = settings_schema(),
              .response_schema = settings_schema(),
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                const json& b = req.json;
                WorkforceSettings s{
                    .daily_hours_max = b["daily_hours_max"].get<std::int64_t>(),
                    .weekly_hours_max = b["weekly_hours_max"].get<std::int64_t>(),
                    .weekly_rest_days_min = b["weekly_rest_days_min"].get<std::int64_t>(),
                    .gate_warning_days = b["gate_warning_days"].get<std::int64_t>(),
                    .integrity_points_max = b.value("integrity_points_max", workers.settings().integrity_points_max)};
                ANXIN_ASSIGN_OR_RETURN(auto saved, workers.set_settings(req.principal, s));
                return http::Response::json(to_json(saved));
              }});
}

}  // namespace anxin::workforce
