#include "modules/identity/identity_routes.hpp"
#include "modules/identity/route_helpers.hpp"

namespace anxin::identity {
namespace {

using nlohmann::json;

Result<DataScope> scope_of(const json& j) {
  DataScope s = DataScope::kOwn;
  if (!parse_data_scope(j.get<std::string>(), s)) return Error::invalid("common.field_enum", {{"field", "data_scope"}});
  return s;
}

}  // namespace

void register_role_routes(http::Router& router, RoleService& roles) {
  const json role = role_schema();
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/roles",
              .permission = "identity:role:read",
              .summary = "List roles with their permissions",
              .tag = "identity",
              .query_params = http::paging_params(),
              .response_schema = http::page_schema(role),
              .handler = [&roles](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                auto result = roles.list(page);
                json items = json::array();
                for (const auto& r : result.items) items.push_back(to_json(r));
                return http::Response::json(http::page_json(items, result.total, page));
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/roles",
              .permission = "identity:role:manage",
              .summary = "Create a role",
              .tag = "identity",
              .body_schema = new_role_schema(),
              .response_schema = role,
              .success_status = 201,
              .handler = [&roles](http::Request& req) -> Result<http::Response> {
                const json& b = req.json;
                NewRole n;
                n.code = b["code"].get<std::string>();
                n.name = b["name"].get<std::string>();
                n.description = http::json_string(b, "description");
                ANXIN_ASSIGN_OR_RETURN(n.data_scope, scope_of(b["data_scope"]));
                n.clearance = b.value("clearance", 2);
                if (b.contains("permissions")) n.permissions = b["permissions"].get<std::vector<std::string>>();
                ANXIN_ASSIGN_OR_RETURN(auto r, roles.create(req.principal, n));
                return http::Response::json(to_json(r), 201);
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/roles/{id}",
              .permission = "identity:role:read",
              .summary = "Get a role",
              .tag = "identity",
              .response_schema = role,
              .handler = [&roles](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto r, roles.get(id));
                return http::Response::json(to_json(r));
              }});

  router.add({.method = http::Method::kPatch,
              .path = "/api/v1/roles/{id}",
              .permission = "identity:role:manage",
              .summary = "Update a role and its permissions",
              .tag = "identity",
              .body_schema = role_patch_schema(),
              .response_schema = role,
              .handler = [&roles](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                RolePatch p;
                p.version = b["version"].get<std::int64_t>();
                if (b.contains("name")) p.name = b["name"].get<std::string>();
                p.description = patch_string(b, "description");
                if (b.contains("data_scope")) {
                  ANXIN_ASSIGN_OR_RETURN(auto s, scope_of(b["data_scope"]));
                  p.data_scope = s;
                }
                if (b.contains("clearance")) p.clearance = b["clearance"].get<int>();
                if (b.contains("permissions")) p.permissions = b["permissions"].get<std::vector<std::string>>();
                ANXIN_ASSIGN_OR_RETURN(auto r, roles.update(req.principal, id, p));
                return http::Response::json(to_json(r));
              }});

  router.add({.method = http::Method::kDelete,
              .path = "/api/v1/roles/{id}",
              .permission = "identity:role:manage",
              .summary = "Delete an unused custom role",
              .tag = "identity",
              .success_status = 204,
              .handler = [&roles](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_TRY(roles.remove(req.principal, id));
                return http::Response::no_content();
              }});
}

}  // namespace anxin::identity
