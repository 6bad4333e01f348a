#include "modules/partners/partner_routes.hpp"

#include "platform/http/schema.hpp"

namespace anxin::partners {

using nlohmann::json;
namespace schema = http::schema;

void register_routes(http::Router& router, PartnerService& partners) {
  auto params = http::paging_params();
  params.push_back({"q", schema::text(1, 64), "Search in the name."});
  params.push_back(
      {"kind", schema::one_of(std::vector<std::string>(std::begin(kPartnerKinds), std::end(kPartnerKinds))), "Kind."});
  params.push_back({"status",
                    schema::one_of(std::vector<std::string>(std::begin(kPartnerStatuses), std::end(kPartnerStatuses))),
                    "Status."});
  params.push_back({"due_within_days",
                    {{"type", "integer"}, {"minimum", 0}, {"maximum", 366}},
                    "Partners whose next evaluation is due within N days (0: due today or overdue)."});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/partners",
              .permission = "partners:partner:read",
              .summary = "The partner register (suppliers, repairers, partner agencies), next evaluation first",
              .tag = "partners",
              .query_params = params,
              .response_schema = http::page_schema(partner_schema()),
              .handler = [&partners](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                PartnerFilter f{.q = http::query_text(req, "q"),
                                .kind = http::query_text(req, "kind"),
                                .status = http::query_text(req, "status")};
                if (auto days = http::query_text(req, "due_within_days")) f.due_within_days = std::stoll(*days);
                ANXIN_ASSIGN_OR_RETURN(auto result, partners.list(req.principal, f, page));
                json items = json::array();
                const std::string today = partners.today();
                for (const auto& p : result.items) items.push_back(to_json(p, req.principal.clearance, today));
                return http::Response::json(http::page_json(items, result.total, page));
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/partners",
              .permission = "partners:partner:manage",
              .summary = "Register a partner with its evaluation interval",
              .tag = "partners",
              .body_schema = new_partner_schema(),
              .response_schema = partner_schema(),
              .success_status = 201,
              .handler = [&partners](http::Request& req) -> Result<http::Response> {
                const json& b = req.json;
                Partner p{.name = b["name"].get<std::string>(),
                          .kind = b["kind"].get<std::string>(),
                          .services = http::json_string(b, "services").value_or(""),
                          .contact_name = http::json_string(b, "contact_name"),
                          .contact_phone = http::json_string(b, "contact_phone"),
                          .evaluation_months = b.value("evaluation_months", std::int64_t{6})};
                ANXIN_ASSIGN_OR_RETURN(auto saved,
                                       partners.create(req.principal, p, http::json_string(b, "first_evaluation_on")));
                return http::Response::json(to_json(saved, req.principal.clearance, partners.today()), 201);
              }});

  json detail = partner_schema();
  detail["required"].push_back("evaluations");
  detail["properties"]["evaluations"] = {{"type", "array"}, {"items", evaluation_schema()}};
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/partners/{id}",
              .permission = "partners:partner:read",
              .summary = "A partner with its evaluations, newest first",
              .tag = "partners",
              .response_schema = detail,
              .handler = [&partners](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto r, partners.get(req.principal, id));
                json out = to_json(r.first, req.principal.clearance, partners.today());
                out["evaluations"] = json::array();
                for (const auto& e : r.second) out["evaluations"].push_back(to_json(e, req.principal.clearance));
                return http::Response::json(out);
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/partners/{id}/status",
              .permission = "partners:partner:manage",
              .summary = "Suspend, reinstate or end a partner, with a reason",
              .tag = "partners",
              .body_schema = {{"type", "object"},
                              {"required", {"version", "status", "reason"}},
                              {"properties",
                               {{"version", {{"type", "integer"}, {"minimum", 1}}},
                                {"status", schema::one_of(std::vector<std::string>(std::begin(kPartnerStatuses),
                                                                                   std::end(kPartnerStatuses)))},
                                {"reason", schema::text(2, 200)}}}},
              .response_schema = partner_schema(),
              .handler = [&partners](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(
                    auto p,
                    partners.set_status(req.principal, id, req.json["version"].get<std::int64_t>(),
                                        req.json["status"].get<std::string>(), req.json["reason"].get<std::string>()));
                return http::Response::json(to_json(p, req.principal.clearance, partners.today()));
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/partners/{id}/evaluations",
              .permission = "partners:partner:manage",
              .summary = "Record a periodic evaluation (four criteria of 0-25); a score below 60 suspends the partner",
              .tag = "partners",
              .body_schema = new_evaluation_schema(),
              .response_schema = evaluation_schema(),
              .success_status = 201,
              .handler = [&partners](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                ANXIN_ASSIGN_OR_RETURN(auto e, partners.evaluate(req.principal, id,
                                                                 {.evaluated_on = b["evaluated_on"].get<std::string>(),
                                                                  .quality = b["quality"].get<std::int64_t>(),
                                                                  .safety = b["safety"].get<std::int64_t>(),
                                                                  .timeliness = b["timeliness"].get<std::int64_t>(),
                                                                  .compliance = b["compliance"].get<std::int64_t>(),
                                                                  .notes = http::json_string(b, "notes")}));
                return http::Response::json(to_json(e, req.principal.clearance), 201);
              }});
}

}  // namespace anxin::partners
