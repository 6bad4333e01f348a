#include "modules/emergency/emergency_routes.hpp"

#include <charconv>

namespace anxin::emergency {
namespace {

using nlohmann::json;

std::optional<std::int64_t> opt_id(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return j[key].get<std::int64_t>();
}

Result<std::int64_t> int_param(const http::Request& req, const std::string& name, std::int64_t min, std::int64_t max) {
  auto v = req.query_param(name);
  std::int64_t out = 0;
  if (!v || v->empty()) return Error::invalid("common.field_required", {{"field", name}});
  auto r = std::from_chars(v->data(), v->data() + v->size(), out);
  if (r.ec != std::errc{} || r.ptr != v->data() + v->size() || out < min || out > max) {
    return Error::invalid("common.query_invalid", {{"field", name}});
  }
  return out;
}

const json kUserId = {{"type", "integer"}, {"minimum", 1}};
const json kOptUserId = {{"type", {"integer", "null"}}, {"minimum", 1}};
const json kDuties = {{"type", "string"}, {"maxLength", 500}};

}  // namespace

void register_routes(http::Router& router, OrganisationService& organisation) {
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/emergency/organisation",
              .permission = "emergency:organisation:read",
              .summary = "The emergency organisation: leadership group, working groups, department duties",
              .tag = "emergency",
              .response_schema = organisation_schema(),
              .handler = [&organisation](http::Request&) -> Result<http::Response> {
                return http::Response::json(to_json(organisation.get()));
              }});

  router.add(
      {.method = http::Method::kPut,
       .path = "/api/v1/emergency/leaders",
       .permission = "emergency:organisation:manage",
       .summary = "Replace the leadership group (one leader, at least one deputy)",
       .tag = "emergency",
       .body_schema = {{"type", "object"},
                       {"required", {"leaders"}},
                       {"properties",
                        {{"leaders",
                          {{"type", "array"},
                           {"maxItems", 50},
                           {"items",
                            {{"type", "object"},
                             {"required", {"user_id", "position"}},
                             {"properties",
                              {{"user_id", kUserId},
                               {"position", {{"type", "string"}, {"enum", {"leader", "deputy_leader", "member"}}}},
                               {"stand_in_user_id", kOptUserId},
                               {"away", {{"type", "boolean"}}}}}}}}}}}},
       .success_status = 204,
       .handler = [&organisation](http::Request& req) -> Result<http::Response> {
         std::vector<LeaderInput> leaders;
         for (const auto& l : req.json["leaders"]) {
           leaders.push_back({l["user_id"].get<std::int64_t>(), l["position"].get<std::string>(),
                              opt_id(l, "stand_in_user_id"), l.value("away", false)});
         }
         ANXIN_TRY(organisation.set_leaders(req.principal, leaders));
         return http::Response::no_content();
       }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/emergency/groups",
              .permission = "emergency:organisation:manage",
              .summary = "Create a custom working group",
              .tag = "emergency",
              .body_schema = {{"type", "object"},
                              {"required", {"code", "name"}},
                              {"properties",
                               {{"code", {{"type", "string"}, {"minLength", 1}, {"maxLength", 32}}},
                                {"name", {{"type", "string"}, {"minLength", 1}, {"maxLength", 64}}},
                                {"duties", kDuties}}}},
              .response_schema = working_group_schema(),
              .success_status = 201,
              .handler = [&organisation](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto g,
                                       organisation.create_group(req.principal, req.json["code"].get<std::string>(),
                                                                 req.json["name"].get<std::string>(),
                                                                 req.json.value("duties", std::string())));
                return http::Response::json(to_json(g), 201);
              }});

  router.add({.method = http::Method::kPatch,
              .path = "/api/v1/emergency/groups/{id}",
              .permission = "emergency:organisation:manage",
              .summary = "Rename a working group or change its duties",
              .tag = "emergency",
              .body_schema = {{"type", "object"},
                              {"required", {"version"}},
                              {"properties",
                               {{"version", {{"type", "integer"}, {"minimum", 1}}},
                                {"name", {{"type", "string"}, {"minLength", 1}, {"maxLength", 64}}},
                                {"duties", kDuties}}}},
              .response_schema = working_group_schema(),
              .handler = [&organisation](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                std::optional<std::string> name;
                std::optional<std::string> duties;
                if (req.json.contains("name")) name = req.json["name"].get<std::string>();
                if (req.json.contains("duties")) duties = req.json["duties"].get<std::string>();
                ANXIN_ASSIGN_OR_RETURN(
                    auto g, organisation.update_group(req.principal, id, req.json["version"].get<std::int64_t>(), name,
                                                      duties));
                return http::Response::json(to_json(g));
              }});

  router.add({.method = http::Method::kDelete,
              .path = "/api/v1/emergency/groups/{id}",
              .permission = "emergency:organisation:manage",
              .summary = "Delete a custom working group",
              .tag = "emergency",
              .success_status = 204,
              .handler = [&organisation](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_TRY(organisation.delete_group(req.principal, id));
                return http::Response::no_content();
              }});

  router.add({.method = http::Method::kPut,
              .path = "/api/v1/emergency/groups/{id}/members",
              .permission = "emergency:organisation:manage",
              .summary = "Replace the members of a working group",
              .tag = "emergency",
              .body_schema = {{"type", "object"},
                              {"required", {"members"}},
                              {"properties",
                               {{"members",
                                 {{"type", "array"},
                                  {"maxItems", 100},
                                  {"items",
                                   {{"type", "object"},
                                    {"required", {"user_id", "role"}},
                                    {"properties",
                                     {{"user_id", kUserId},
                                      {"role", {{"type", "string"}, {"enum", {"head", "member"}}}},
                                      {"duties", kDuties},
                                      {"stand_in_user_id", kOptUserId},
                                      {"away", {{"type", "boolean"}}}}}}}}}}}},
              .response_schema = working_group_schema(),
              .handler = [&organisation](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                std::vector<MemberInput> members;
                for (const auto& m : req.json["members"]) {
                  members.push_back({m["user_id"].get<std::int64_t>(), m["role"].get<std::string>(),
                                     m.value("duties", std::string()), opt_id(m, "stand_in_user_id"),
                                     m.value("away", false)});
                }
                ANXIN_ASSIGN_OR_RETURN(auto g, organisation.set_members(req.principal, id, members));
                return http::Response::json(to_json(g));
              }});

  router.add({.method = http::Method::kPut,
              .path = "/api/v1/emergency/departments/{id}",
              .permission = "emergency:organisation:manage",
              .summary = "Set a department's head, stand-in and emergency duties",
              .tag = "emergency",
              .body_schema = {{"type", "object"},
                              {"properties",
                               {{"head_user_id", kOptUserId},
                                {"stand_in_user_id", kOptUserId},
                                {"away", {{"type", "boolean"}}},
                                {"duties", kDuties}}}},
              .success_status = 204,
              .handler = [&organisation](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                DepartmentDutyInput in{opt_id(req.json, "head_user_id"), opt_id(req.json, "stand_in_user_id"),
                                       req.json.value("away", false), req.json.value("duties", std::string())};
                ANXIN_TRY(organisation.set_department_duty(req.principal, id, in));
                return http::Response::no_content();
              }});

  router.add({.method = http::Method::kPut,
              .path = "/api/v1/emergency/settings",
              .permission = "emergency:organisation:manage",
              .summary = "Name the safety department (its head commands level III responses)",
              .tag = "emergency",
              .body_schema = {{"type", "object"},
                              {"required", {"safety_department_id"}},
                              {"properties", {{"safety_department_id", kUserId}}}},
              .success_status = 204,
              .handler = [&organisation](http::Request& req) -> Result<http::Response> {
                ANXIN_TRY(organisation.set_safety_department(req.principal,
                                                             req.json["safety_department_id"].get<std::int64_t>()));
                return http::Response::no_content();
              }});

  router.add(
      {.method = http::Method::kGet,
       .path = "/api/v1/emergency/commander",
       .permission = "emergency:organisation:read",
       .summary = "Who commands a response at a level for a department (I leader, II deputy, III safety head, IV "
                  "department head)",
       .tag = "emergency",
       .query_params = {{"level", {{"type", "integer"}, {"minimum", 1}, {"maximum", 4}}, "Response level 1–4 (I–IV)."},
                        {"department_id", {{"type", "integer"}, {"minimum", 1}}, "Department where it happened."}},
       .response_schema = commander_schema(),
       .handler = [&organisation](http::Request& req) -> Result<http::Response> {
         ANXIN_ASSIGN_OR_RETURN(auto level, int_param(req, "level", 1, 4));
         ANXIN_ASSIGN_OR_RETURN(auto department, int_param(req, "department_id", 1, INT64_MAX));
         ANXIN_ASSIGN_OR_RETURN(auto c, organisation.commander_for(static_cast<int>(level), department));
         return http::Response::json(to_json(c));
       }});
}

}  // namespace anxin::emergency
