#include "modules/incidents/incident_routes.hpp"

namespace anxin::incidents {
namespace {

using nlohmann::json;

const json kText = {{"type", {"string", "null"}}, {"maxLength", 4000}};
const json kReason = {{"type", "string"}, {"minLength", 2}, {"maxLength", 500}};
const json kVersion = {{"type", "integer"}, {"minimum", 1}};

}  // namespace

std::vector<http::QueryParam> incident_filter_params() {
  return {
      {"type", {{"type", "string"}, {"enum", incident_types()}}, "Incident type."},
      {"level", {{"type", "integer"}, {"minimum", 1}, {"maximum", 4}}, "Response level 1–4."},
      {"status", {{"type", "string"}, {"enum", {"responding", "ended", "closed"}}}, "Status."},
      {"department_id", {{"type", "integer"}, {"minimum", 1}}, "Department where it happened."},
      {"from", {{"type", "string"}, {"format", "date-time"}}, "Reported from (inclusive)."},
      {"to", {{"type", "string"}, {"format", "date-time"}}, "Reported before."},
      {"overdue", {{"type", "string"}, {"enum", {"true", "false"}}}, "Only incidents with an overdue reporting step."}};
}

Result<IncidentFilter> incident_filter_of(const http::Request& req) {
  IncidentFilter f;
  if (auto v = req.query_param("type"); v && !v->empty()) f.type = *v;
  ANXIN_ASSIGN_OR_RETURN(auto level, http::query_id(req, "level"));
  if (level) f.level = static_cast<int>(*level);
  if (auto v = req.query_param("status"); v && !v->empty()) f.status = *v;
  ANXIN_ASSIGN_OR_RETURN(f.department_id, http::query_id(req, "department_id"));
  ANXIN_ASSIGN_OR_RETURN(f.from, http::query_time(req, "from"));
  ANXIN_ASSIGN_OR_RETURN(f.to, http::query_time(req, "to"));
  f.overdue = req.query_param("overdue").value_or("") == "true";
  return f;
}

void register_routes(http::Router& router, IncidentService& incidents) {
  const json incident = incident_schema();
  const json person = {{"type", "object"},
                       {"required", {"role"}},
                       {"properties",
                        {{"role", {{"type", "string"}, {"enum", {"worker", "customer", "other"}}}},
                         {"user_id", {{"type", {"integer", "null"}}, {"minimum", 1}}},
                         {"name", {{"type", {"string", "null"}}, {"maxLength", 64}}},
                         {"order_ref", {{"type", {"string", "null"}}, {"maxLength", 64}}},
                         {"injured", {{"type", "boolean"}}},
                         {"worker_id", {{"type", {"integer", "null"}}, {"minimum", 1}}},
                         {"customer_id", {{"type", {"integer", "null"}}, {"minimum", 1}}},
                         {"order_id", {{"type", {"integer", "null"}}, {"minimum", 1}}}}}};
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents",
              .permission = "incidents:incident:report",
              .summary = "Report an incident (starts the reporting chain and the response)",
              .tag = "incidents",
              .body_schema = {{"type", "object"},
                              {"required", {"type", "title", "department_id"}},
                              {"properties",
                               {{"type", {{"type", "string"}, {"enum", incident_types()}}},
                                {"title", {{"type", "string"}, {"minLength", 2}, {"maxLength", 100}}},
                                {"occurred_at", {{"type", "string"}, {"format", "date-time"}}},
                                {"department_id", {{"type", "integer"}, {"minimum", 1}}},
                                {"place", kText},
                                {"nature", {{"type", "string"}, {"maxLength", 200}}},
                                {"scope", {{"type", "string"}, {"maxLength", 200}}},
                                {"deaths", {{"type", "integer"}, {"minimum", 0}, {"maximum", 100000}}},
                                {"injuries", {{"type", "integer"}, {"minimum", 0}, {"maximum", 100000}}},
                                {"description", kText},
                                {"measures", kText},
                                {"level", {{"type", "integer"}, {"minimum", 1}, {"maximum", 4}}},
                                {"people", {{"type", "array"}, {"maxItems", 50}, {"items", person}}}}}},
              .response_schema = incident,
              .success_status = 201,
              .handler = [&incidents](http::Request& req) -> Result<http::Response> {
                const json& b = req.json;
                NewIncident n;
                n.type = b["type"].get<std::string>();
                n.title = b["title"].get<std::string>();
                if (b.contains("occurred_at")) n.occurred_at = *parse_rfc3339(b["occurred_at"].get<std::string>());
                n.department_id = b["department_id"].get<std::int64_t>();
                n.place = http::json_string(b, "place");
                n.nature = b.value("nature", std::string());
                n.scope = b.value("scope", std::string());
                n.deaths = b.value("deaths", std::int64_t{0});
                n.injuries = b.value("injuries", std::int64_t{0});
                n.description = http::json_string(b, "description");
                n.measures = http::json_string(b, "measures");
                n.level = b.value("level", 4);
                if (b.contains("people")) {
                  for (const auto& p : b["people"]) {
                    Person person_in;
                    person_in.role = p["role"].get<std::string>();
                    if (p.contains("user_id") && !p["user_id"].is_null())
                      person_in.user_id = p["user_id"].get<std::int64_t>();
                    person_in.name = http::json_string(p, "name");
                    person_in.order_ref = http::json_string(p, "order_ref");
                    person_in.injured = p.value("injured", false);
                    for (const auto& [key, field] :
                         {std::pair{"worker_id", &Person::worker_id}, std::pair{"customer_id", &Person::customer_id},
                          std::pair{"order_id", &Person::order_id}}) {
                      if (p.contains(key) && !p[key].is_null()) person_in.*field = p[key].get<std::int64_t>();
                    }
                    n.people.push_back(person_in);
                  }
                }
                ANXIN_ASSIGN_OR_RETURN(auto i, incidents.report(req.principal, n));
                return http::Response::json(to_json(i, req.principal.clearance, req.principal.user_id), 201);
              }});

  auto list_params = http::paging_params();
  for (auto& p : incident_filter_params()) list_params.push_back(std::move(p));
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/incidents",
              .permission = "incidents:incident:read",
              .summary = "List incidents in the caller's data scope",
              .tag = "incidents",
              .query_params = list_params,
              .response_schema = http::page_schema(incident),
              .handler = [&incidents](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                ANXIN_ASSIGN_OR_RETURN(auto f, incident_filter_of(req));
                ANXIN_ASSIGN_OR_RETURN(auto result, incidents.list(req.principal, f, page));
                json items = json::array();
                for (const auto& i : result.items)
                  items.push_back(to_json(i, req.principal.clearance, req.principal.user_id));
                return http::Response::json(http::page_json(items, result.total, page));
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/incidents/{id}",
              .permission = "incidents:incident:read",
              .summary = "An incident with its reporting chain, tasks and level history",
              .tag = "incidents",
              .response_schema = incident_detail_schema(),
              .handler = [&incidents](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto i, incidents.get(req.principal, id));
                json body = to_json(i, req.principal.clearance, req.principal.user_id);
                ANXIN_ASSIGN_OR_RETURN(auto steps, incidents.steps(req.principal, id));
                body["steps"] = json::array();
                for (const auto& s : steps) body["steps"].push_back(to_json(s));
                ANXIN_ASSIGN_OR_RETURN(auto tasks, incidents.tasks(req.principal, id));
                body["tasks"] = json::array();
                for (const auto& t : tasks) body["tasks"].push_back(to_json(t));
                ANXIN_ASSIGN_OR_RETURN(body["levels"], incidents.level_history(req.principal, id));
                return http::Response::json(body);
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/incidents/{id}/timeline",
              .permission = "incidents:incident:read",
              .summary = "Everything that happened, in order",
              .tag = "incidents",
              .response_schema = http::items_schema(event_schema()),
              .handler = [&incidents](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto i, incidents.get(req.principal, id));
                ANXIN_ASSIGN_OR_RETURN(auto events, incidents.timeline(req.principal, id));
                const bool show = req.principal.clearance >= 3 || req.principal.user_id == i.reporter_id;
                json items = json::array();
                for (const auto& e : events) items.push_back(to_json(e, show));
                return http::Response::json({{"items", items}});
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/follow-ups",
              .permission = "incidents:incident:report",
              .summary = "Append a follow-up report (续报); earlier reports are never changed",
              .tag = "incidents",
              .body_schema = {{"type", "object"},
                              {"required", {"text"}},
                              {"properties", {{"text", {{"type", "string"}, {"minLength", 1}, {"maxLength", 4000}}}}}},
              .success_status = 204,
              .handler = [&incidents](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_TRY(incidents.follow_up(req.principal, id, req.json["text"].get<std::string>()));
                return http::Response::no_content();
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/steps/{step_id}/ack",
              .permission = "incidents:incident:report",
              .summary = "Confirm a reporting step (its assignee or an incident manager)",
              .tag = "incidents",
              .success_status = 204,
              .handler = [&incidents](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto step, req.path_id("step_id"));
                ANXIN_TRY(incidents.acknowledge_step(req.principal, id, step));
                return http::Response::no_content();
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/level",
              .permission = "incidents:incident:manage",
              .summary = "Change the response level (the commander follows the rule)",
              .tag = "incidents",
              .body_schema = {{"type", "object"},
                              {"required", {"version", "level", "reason"}},
                              {"properties",
                               {{"version", kVersion},
                                {"level", {{"type", "integer"}, {"minimum", 1}, {"maximum", 4}}},
                                {"reason", kReason}}}},
              .response_schema = incident,
              .handler = [&incidents](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(
                    auto i,
                    incidents.change_level(req.principal, id, req.json["version"].get<std::int64_t>(),
                                           req.json["level"].get<int>(), req.json["reason"].get<std::string>()));
                return http::Response::json(to_json(i, req.principal.clearance, req.principal.user_id));
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/commander",
              .permission = "incidents:incident:manage",
              .summary = "Override the commander with a reason",
              .tag = "incidents",
              .body_schema = {{"type", "object"},
                              {"required", {"version", "commander_id", "reason"}},
                              {"properties",
                               {{"version", kVersion},
                                {"commander_id", {{"type", "integer"}, {"minimum", 1}}},
                                {"reason", kReason}}}},
              .response_schema = incident,
              .handler = [&incidents](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(
                    auto i, incidents.override_commander(req.principal, id, req.json["version"].get<std::int64_t>(),
                                                         req.json["commander_id"].get<std::int64_t>(),
                                                         req.json["reason"].get<std::string>()));
                return http::Response::json(to_json(i, req.principal.clearance, req.principal.user_id));
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/tasks",
              .permission = "incidents:incident:manage",
              .summary = "Give a working group a task",
              .tag = "incidents",
              .body_schema = {{"type", "object"},
                              {"required", {"group_code", "title"}},
                              {"properties",
                               {{"group_code", {{"type", "string"}, {"minLength", 1}, {"maxLength", 32}}},
                                {"title", {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}},
                                {"owner_id", {{"type", {"integer", "null"}}, {"minimum", 1}}},
                                {"due_at", {{"type", {"string", "null"}}, {"format", "date-time"}}}}}},
              .response_schema = task_schema(),
              .success_status = 201,
              .handler = [&incidents](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                Task t;
                t.group_code = req.json["group_code"].get<std::string>();
                t.title = req.json["title"].get<std::string>();
                if (req.json.contains("owner_id") && !req.json["owner_id"].is_null())
                  t.owner_id = req.json["owner_id"].get<std::int64_t>();
                if (req.json.contains("due_at") && !req.json["due_at"].is_null())
                  t.due_at = parse_rfc3339(req.json["due_at"].get<std::string>());
                ANXIN_ASSIGN_OR_RETURN(auto made, incidents.add_task(req.principal, id, t));
                return http::Response::json(to_json(made), 201);
              }});

  router.add(
      {.method = http::Method::kPatch,
       .path = "/api/v1/incidents/{id}/tasks/{task_id}",
       .permission = "incidents:incident:manage",
       .summary = "Move a task along (open, in_progress, done, cancelled)",
       .tag = "incidents",
       .body_schema = {{"type", "object"},
                       {"required", {"version", "status"}},
                       {"properties",
                        {{"version", kVersion},
                         {"status", {{"type", "string"}, {"enum", {"open", "in_progress", "done", "cancelled"}}}}}}},
       .response_schema = task_schema(),
       .handler = [&incidents](http::Request& req) -> Result<http::Response> {
         ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
         ANXIN_ASSIGN_OR_RETURN(auto task_id, req.path_id("task_id"));
         ANXIN_ASSIGN_OR_RETURN(
             auto t, incidents.set_task_status(req.principal, id, task_id, req.json["version"].get<std::int64_t>(),
                                               req.json["status"].get<std::string>()));
         return http::Response::json(to_json(t));
       }});

  router.add(
      {.method = http::Method::kPost,
       .path = "/api/v1/incidents/{id}/records",
       .permission = "incidents:incident:report",
       .summary = "Add an on-site record: rescue, evacuation, customer reassurance, order keeping, scene preservation",
       .tag = "incidents",
       .body_schema = {{"type", "object"},
                       {"required", {"kind", "note"}},
                       {"properties",
                        {{"kind", {{"type", "string"}, {"enum", onsite_kinds()}}},
                         {"note", {{"type", "string"}, {"minLength", 1}, {"maxLength", 4000}}}}}},
       .success_status = 204,
       .handler = [&incidents](http::Request& req) -> Result<http::Response> {
         ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
         ANXIN_TRY(incidents.add_record(req.principal, id, req.json["kind"].get<std::string>(),
                                        req.json["note"].get<std::string>()));
         return http::Response::no_content();
       }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/end",
              .permission = "incidents:incident:manage",
              .summary = "Declare the end of the emergency with the loss assessment (leadership group)",
              .tag = "incidents",
              .body_schema = {{"type", "object"},
                              {"required", {"version"}},
                              {"properties",
                               {{"version", kVersion},
                                {"loss_fen", {{"type", {"integer", "null"}}, {"minimum", 0}}},
                                {"loss_assessment", kText}}}},
              .response_schema = incident,
              .handler = [&incidents](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                std::optional<std::int64_t> loss;
                if (req.json.contains("loss_fen") && !req.json["loss_fen"].is_null())
                  loss = req.json["loss_fen"].get<std::int64_t>();
                ANXIN_ASSIGN_OR_RETURN(auto i, incidents.end(req.principal, id, req.json["version"].get<std::int64_t>(),
                                                             loss, http::json_string(req.json, "loss_assessment")));
                return http::Response::json(to_json(i, req.principal.clearance, req.principal.user_id));
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/incidents/deadlines",
              .permission = "incidents:incident:read",
              .summary = "Reporting-chain deadlines per level, in minutes",
              .tag = "incidents",
              .response_schema = http::items_schema(deadline_schema()),
              .handler = [&incidents](http::Request&) -> Result<http::Response> {
                return http::Response::json({{"items", incidents.deadlines()}});
              }});

  router.add(
      {.method = http::Method::kPut,
       .path = "/api/v1/incidents/deadlines",
       .permission = "emergency:organisation:manage",
       .summary = "Set a reporting-chain deadline",
       .tag = "incidents",
       .body_schema = {{"type", "object"},
                       {"required", {"level", "stage", "minutes"}},
                       {"properties",
                        {{"level", {{"type", "integer"}, {"minimum", 1}, {"maximum", 4}}},
                         {"stage", {{"type", "string"}, {"enum", {"department_head", "leadership", "authorities"}}}},
                         {"minutes", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10080}}}}}},
       .success_status = 204,
       .handler = [&incidents](http::Request& req) -> Result<http::Response> {
         ANXIN_TRY(incidents.set_deadline(req.principal, req.json["level"].get<int>(),
                                          req.json["stage"].get<std::string>(),
                                          req.json["minutes"].get<std::int64_t>()));
         return http::Response::no_content();
       }});
}

}  // namespace anxin::incidents
