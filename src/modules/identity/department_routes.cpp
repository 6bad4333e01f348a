#include "modules/identity/identity_routes.hpp"
#include "modules/identity/route_helpers.hpp"

namespace anxin::identity {
using nlohmann::json;

void register_department_routes(http::Router& router, DepartmentService& departments) {
  const json dept = department_schema();
  auto list_params = http::paging_params();
  list_params.push_back({"parent_id", {{"type", "integer"}, {"minimum", 1}}, "Only direct children of this unit."});
  list_params.push_back({"q", {{"type", "string"}, {"maxLength", 64}}, "Search in name and code."});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/departments",
              .permission = "identity:department:read",
              .summary = "List departments",
              .tag = "identity",
              .query_params = list_params,
              .response_schema = http::page_schema(dept),
              .handler = [&departments](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                DepartmentFilter filter;
                ANXIN_ASSIGN_OR_RETURN(filter.parent_id, query_id(req, "parent_id"));
                if (auto q = req.query_param("q"); q && !q->empty()) filter.q = *q;
                ANXIN_ASSIGN_OR_RETURN(auto result, departments.list(filter, page));
                json items = json::array();
                for (const auto& d : result.items) items.push_back(to_json(d));
                return http::Response::json(http::page_json(std::move(items), result.total, page));
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/departments/tree",
              .permission = "identity:department:read",
              .summary = "The department tree",
              .tag = "identity",
              .response_schema = http::items_schema({{"type", "object"}}),
              .handler = [&departments](http::Request&) -> Result<http::Response> {
                json items = json::array();
                for (const auto& n : departments.tree()) items.push_back(to_json(n));
                return http::Response::json({{"items", items}});
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/departments",
              .permission = "identity:department:create",
              .summary = "Create a department",
              .tag = "identity",
              .body_schema = new_department_schema(),
              .response_schema = dept,
              .success_status = 201,
              .handler = [&departments](http::Request& req) -> Result<http::Response> {
                const json& b = req.json;
                NewDepartment input;
                if (b.contains("parent_id") && !b["parent_id"].is_null())
                  input.parent_id = b["parent_id"].get<std::int64_t>();
                input.name = b["name"].get<std::string>();
                input.code = b["code"].get<std::string>();
                input.kind = b["kind"].get<std::string>();
                input.sort_order = b.value("sort_order", std::int64_t{0});
                input.phone = http::json_string(b, "phone");
                ANXIN_ASSIGN_OR_RETURN(auto d, departments.create(req.principal, input));
                return http::Response::json(to_json(d), 201);
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/departments/{id}",
              .permission = "identity:department:read",
              .summary = "Get a department",
              .tag = "identity",
              .response_schema = dept,
              .handler = [&departments](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto d, departments.get(id));
                return http::Response::json(to_json(d));
              }});

  router.add({.method = http::Method::kPatch,
              .path = "/api/v1/departments/{id}",
              .permission = "identity:department:update",
              .summary = "Update a department (optimistic locking by version)",
              .tag = "identity",
              .body_schema = department_patch_schema(),
              .response_schema = dept,
              .handler = [&departments](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                DepartmentPatch patch;
                patch.version = b["version"].get<std::int64_t>();
                if (b.contains("parent_id")) {
                  patch.parent_id = b["parent_id"].is_null()
                                        ? std::optional<std::int64_t>{}
                                        : std::optional<std::int64_t>(b["parent_id"].get<std::int64_t>());
                }
                if (b.contains("name")) patch.name = b["name"].get<std::string>();
                if (b.contains("code")) patch.code = b["code"].get<std::string>();
                if (b.contains("sort_order")) patch.sort_order = b["sort_order"].get<std::int64_t>();
                if (b.contains("phone")) patch.phone = http::json_string(b, "phone");
                if (b.contains("active")) patch.active = b["active"].get<bool>();
                ANXIN_ASSIGN_OR_RETURN(auto d, departments.update(req.principal, id, patch));
                return http::Response::json(to_json(d));
              }});

  router.add({.method = http::Method::kDelete,
              .path = "/api/v1/departments/{id}",
              .permission = "identity:department:delete",
              .summary = "Delete a department without sub-departments",
              .tag = "identity",
              .success_status = 204,
              .handler = [&departments](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_TRY(departments.remove(req.principal, id));
                return http::Response::no_content();
              }});
}

}  // namespace anxin::identity
