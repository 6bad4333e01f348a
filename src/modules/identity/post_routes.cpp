#include "modules/identity/identity_routes.hpp"
#include "modules/identity/route_helpers.hpp"

namespace anxin::identity {

void register_post_routes(http::Router& router, PostService& posts) {
  using nlohmann::json;
  const json post = {{"type", "object"},
                     {"required", {"id", "code", "name", "sort_order", "version"}},
                     {"properties",
                      {{"id", {{"type", "integer"}}},
                       {"code", {{"type", "string"}}},
                       {"name", {{"type", "string"}}},
                       {"sort_order", {{"type", "integer"}}},
                       {"created_at", {{"type", "string"}, {"format", "date-time"}}},
                       {"updated_at", {{"type", "string"}, {"format", "date-time"}}},
                       {"version", {{"type", "integer"}}}}}};
  const json code = {{"type", "string"}, {"minLength", 1}, {"maxLength", 32}};
  const json name = {{"type", "string"}, {"minLength", 1}, {"maxLength", 64}};
  const json sort = {{"type", "integer"}, {"minimum", -100000}, {"maximum", 100000}};

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/posts",
              .permission = "identity:post:read",
              .summary = "List posts",
              .tag = "identity",
              .query_params = http::paging_params(),
              .response_schema = http::page_schema(post),
              .handler = [&posts](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                auto result = posts.list(page);
                json items = json::array();
                for (const auto& p : result.items) items.push_back(to_json(p));
                return http::Response::json(http::page_json(items, result.total, page));
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/posts",
              .permission = "identity:post:manage",
              .summary = "Create a post",
              .tag = "identity",
              .body_schema = {{"type", "object"},
                              {"required", {"code", "name"}},
                              {"properties", {{"code", code}, {"name", name}, {"sort_order", sort}}}},
              .response_schema = post,
              .success_status = 201,
              .handler = [&posts](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto p, posts.create(req.principal, req.json["code"].get<std::string>(),
                                                            req.json["name"].get<std::string>(),
                                                            req.json.value("sort_order", std::int64_t{0})));
                return http::Response::json(to_json(p), 201);
              }});
  router.add({.method = http::Method::kPatch,
              .path = "/api/v1/posts/{id}",
              .permission = "identity:post:manage",
              .summary = "Update a post (optimistic locking by version)",
              .tag = "identity",
              .body_schema = {{"type", "object"},
                              {"required", {"version"}},
                              {"properties",
                               {{"version", {{"type", "integer"}, {"minimum", 1}}},
                                {"code", code},
                                {"name", name},
                                {"sort_order", sort}}}},
              .response_schema = post,
              .handler = [&posts](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                std::optional<std::int64_t> sort_order;
                if (b.contains("sort_order")) sort_order = b["sort_order"].get<std::int64_t>();
                ANXIN_ASSIGN_OR_RETURN(
                    auto p, posts.update(req.principal, id, b["version"].get<std::int64_t>(),
                                         http::json_string(b, "code"), http::json_string(b, "name"), sort_order));
                return http::Response::json(to_json(p));
              }});
  router.add({.method = http::Method::kDelete,
              .path = "/api/v1/posts/{id}",
              .permission = "identity:post:manage",
              .summary = "Delete a post nobody holds",
              .tag = "identity",
              .success_status = 204,
              .handler = [&posts](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_TRY(posts.remove(req.principal, id));
                return http::Response::no_content();
              }});
}

}  // namespace anxin::identity
