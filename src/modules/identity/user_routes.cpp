#include "modules/identity/identity_routes.hpp"
#include "modules/identity/route_helpers.hpp"

namespace anxin::identity {
namespace {

using nlohmann::json;

http::Response user_response(const User& u, const Caller& caller, const std::vector<std::string>& warnings = {},
                             int status = 200) {
  json body = to_json(u, caller.clearance);
  if (!warnings.empty()) body["warnings"] = warnings;
  return http::Response::json(body, status);
}

std::vector<std::int64_t> id_list(const json& j, const char* key) {
  std::vector<std::int64_t> out;
  if (j.contains(key)) {
    for (const auto& v : j[key]) out.push_back(v.get<std::int64_t>());
  }
  return out;
}

}  // namespace

void register_user_routes(http::Router& router, UserService& users) {
  const json user = user_schema();
  auto list_params = http::paging_params();
  list_params.push_back({"department_id", {{"type", "integer"}, {"minimum", 1}}, "Only this department."});
  list_params.push_back({"q", {{"type", "string"}, {"maxLength", 64}}, "Search in user name and display name."});
  list_params.push_back({"status", {{"type", "string"}, {"enum", {"active", "disabled"}}}, "Account status."});
  list_params.push_back({"phone", {{"type", "string"}, {"maxLength", 32}}, "Exact mobile number (blind-indexed)."});
  list_params.push_back(
      {"id_number", {{"type", "string"}, {"maxLength", 32}}, "Exact resident ID number (blind-indexed)."});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/users",
              .permission = "identity:user:read",
              .summary = "List users in the caller's data scope (personal values masked)",
              .tag = "identity",
              .query_params = list_params,
              .response_schema = http::page_schema(user),
              .handler = [&users](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                UserFilter f;
                ANXIN_ASSIGN_OR_RETURN(f.department_id, query_id(req, "department_id"));
                f.q = query_text(req, "q");
                f.status = query_text(req, "status");
                f.phone = query_text(req, "phone");
                f.id_number = query_text(req, "id_number");
                ANXIN_ASSIGN_OR_RETURN(auto result, users.list(req.principal, f, page));
                json items = json::array();
                // Lists always mask: full values are only shown on an audited detail read.
                for (const auto& u : result.items) items.push_back(to_json(u, std::min(req.principal.clearance, 2)));
                return http::Response::json(http::page_json(items, result.total, page));
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/users",
              .permission = "identity:user:create",
              .summary = "Create a user; returns a one-time password to hand over",
              .tag = "identity",
              .body_schema = new_user_schema(),
              .response_schema = user,
              .success_status = 201,
              .handler = [&users](http::Request& req) -> Result<http::Response> {
                const json& b = req.json;
                NewUser n;
                n.username = b["username"].get<std::string>();
                n.display_name = b["display_name"].get<std::string>();
                n.department_id = b["department_id"].get<std::int64_t>();
                if (b.contains("post_id") && !b["post_id"].is_null()) n.post_id = b["post_id"].get<std::int64_t>();
                n.email = http::json_string(b, "email");
                n.phone = http::json_string(b, "phone");
                n.id_number = http::json_string(b, "id_number");
                n.bank_account = http::json_string(b, "bank_account");
                n.address = http::json_string(b, "address");
                n.role_ids = id_list(b, "role_ids");
                n.is_service_account = b.value("is_service_account", false);
                ANXIN_ASSIGN_OR_RETURN(auto made, users.create(req.principal, n));
                http::Response r = user_response(made.user, req.principal, made.warnings, 201);
                if (made.initial_password) {
                  json body = json::parse(r.body);
                  body["initial_password"] = *made.initial_password;
                  r = http::Response::json(body, 201);
                }
                return r;
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/users/{id}",
              .permission = "identity:user:read",
              .summary = "Get a user (full personal values only up to the caller's clearance; audited)",
              .tag = "identity",
              .response_schema = user,
              .handler = [&users](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto u, users.get(req.principal, id));
                return user_response(u, req.principal);
              }});

  router.add({.method = http::Method::kPatch,
              .path = "/api/v1/users/{id}",
              .permission = "identity:user:update",
              .summary = "Update a user (optimistic locking by version)",
              .tag = "identity",
              .body_schema = user_patch_schema(),
              .response_schema = user,
              .handler = [&users](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                UserPatch p;
                p.version = b["version"].get<std::int64_t>();
                if (b.contains("display_name")) p.display_name = b["display_name"].get<std::string>();
                if (b.contains("department_id")) p.department_id = b["department_id"].get<std::int64_t>();
                if (b.contains("post_id")) {
                  p.post_id = b["post_id"].is_null() ? std::optional<std::int64_t>()
                                                     : std::optional<std::int64_t>(b["post_id"].get<std::int64_t>());
                }
                p.email = patch_string(b, "email");
                p.phone = patch_string(b, "phone");
                p.id_number = patch_string(b, "id_number");
                p.bank_account = patch_string(b, "bank_account");
                p.address = patch_string(b, "address");
                ANXIN_ASSIGN_OR_RETURN(auto made, users.update(req.principal, id, p));
                return user_response(made.user, req.principal, made.warnings);
              }});

  for (const bool disable : {true, false}) {
    router.add({.method = http::Method::kPost,
                .path = disable ? "/api/v1/users/{id}/disable" : "/api/v1/users/{id}/enable",
                .permission = "identity:user:disable",
                .summary = disable ? "Disable a user (their sessions end at once)" : "Re-enable a user",
                .tag = "identity",
                .response_schema = user,
                .handler = [&users, disable](http::Request& req) -> Result<http::Response> {
                  ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                  ANXIN_ASSIGN_OR_RETURN(auto u, users.set_disabled(req.principal, id, disable));
                  return user_response(u, req.principal);
                }});
  }

  router.add(
      {.method = http::Method::kPut,
       .path = "/api/v1/users/{id}/roles",
       .permission = "identity:user:assign_roles",
       .summary = "Replace the roles of a user",
       .tag = "identity",
       .body_schema = {{"type", "object"},
                       {"required", {"role_ids"}},
                       {"properties",
                        {{"role_ids",
                          {{"type", "array"}, {"maxItems", 20}, {"items", {{"type", "integer"}, {"minimum", 1}}}}}}}},
       .response_schema = user,
       .handler = [&users](http::Request& req) -> Result<http::Response> {
         ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
         ANXIN_ASSIGN_OR_RETURN(auto u, users.set_roles(req.principal, id, id_list(req.json, "role_ids")));
         return user_response(u, req.principal);
       }});

  router.add(
      {.method = http::Method::kPost,
       .path = "/api/v1/users/{id}/reveal",
       .permission = "identity:user:reveal",
       .summary = "Show one personal value in full, for a stated purpose (audited)",
       .tag = "identity",
       .body_schema = {{"type", "object"},
                       {"required", {"field", "reason"}},
                       {"properties",
                        {{"field", {{"type", "string"}, {"enum", {"phone", "address", "id_number", "bank_account"}}}},
                         {"reason", {{"type", "string"}, {"minLength", 4}, {"maxLength", 200}}}}}},
       .response_schema = {{"type", "object"},
                           {"required", {"field", "value"}},
                           {"properties", {{"field", {{"type", "string"}}}, {"value", {{"type", "string"}}}}}},
       .handler = [&users](http::Request& req) -> Result<http::Response> {
         ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
         const std::string field = req.json["field"].get<std::string>();
         ANXIN_ASSIGN_OR_RETURN(auto value,
                                users.reveal(req.principal, id, field, req.json["reason"].get<std::string>()));
         return http::Response::json({{"field", field}, {"value", value}});
       }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/users/{id}/reset-password",
              .permission = "identity:user:reset_password",
              .summary = "Set a one-time password (shown once) and end the user's sessions",
              .tag = "identity",
              .response_schema = {{"type", "object"},
                                  {"required", {"initial_password"}},
                                  {"properties", {{"initial_password", {{"type", "string"}}}}}},
              .handler = [&users](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto password, users.reset_password(req.principal, id));
                return http::Response::json({{"initial_password", password}});
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/users/{id}/reset-totp",
              .permission = "identity:user:reset_password",
              .summary = "Remove a user's second factor so it is enrolled again",
              .tag = "identity",
              .response_schema = user,
              .handler = [&users](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto u, users.reset_totp(req.principal, id));
                return user_response(u, req.principal);
              }});
}

}  // namespace anxin::identity
