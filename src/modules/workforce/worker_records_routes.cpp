#include "modules/workforce/worker_records_service.hpp"
#include "modules/workforce/workforce_routes.hpp"

namespace anxin::workforce {

using nlohmann::json;

namespace {
std::optional<std::string> opt_text(const json& b, const char* key) {
  if (!b.contains(key) || b[key].is_null()) return std::nullopt;
  return b[key].get<std::string>();
}
}  // namespace

void register_worker_records_routes(http::Router& router, WorkerRecordsService& records) {
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/workers/{id}/records",
              .permission = "workforce:worker:read",
              .summary = "A worker's integrity record, pay, social insurance and the cases handled for the worker",
              .tag = "workforce",
              .response_schema = worker_records_schema(),
              .handler = [&records](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto r, records.records(req.principal, id));
                return http::Response::json(to_json(r, req.principal.clearance));
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/{id}/integrity",
              .permission = "workforce:records:manage",
              .summary = "Record a commendation, a complaint about the worker or a violation with points (诚信档案)",
              .tag = "workforce",
              .body_schema = new_integrity_entry_schema(),
              .response_schema = integrity_entry_schema(),
              .success_status = 201,
              .handler = [&records](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                ANXIN_ASSIGN_OR_RETURN(auto saved,
                                       records.add_integrity(req.principal, id,
                                                             {.kind = b["kind"].get<std::string>(),
                                                              .occurred_on = b["occurred_on"].get<std::string>(),
                                                              .points = b.value("points", std::int64_t{0}),
                                                              .summary = b["summary"].get<std::string>()}));
                return http::Response::json(to_json(saved, req.principal.clearance), 201);
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/{id}/pay",
              .permission = "workforce:records:manage",
              .summary = "Record a month's pay in fen (one record per month; the amounts are class 3)",
              .tag = "workforce",
              .body_schema = new_pay_record_schema(),
              .response_schema = pay_record_schema(),
              .success_status = 201,
              .handler = [&records](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                ANXIN_ASSIGN_OR_RETURN(auto saved,
                                       records.add_pay(req.principal, id,
                                                       {.period = b["period"].get<std::string>(),
                                                        .gross_fen = b["gross_fen"].get<std::int64_t>(),
                                                        .deductions_fen = b["deductions_fen"].get<std::int64_t>(),
                                                        .paid_on = opt_text(b, "paid_on")}));
                return http::Response::json(to_json(saved, req.principal.clearance), 201);
              }});

  router.add({.method = http::Method::kPut,
              .path = "/api/v1/workers/{id}/social-insurance",
              .permission = "workforce:records:manage",
              .summary = "Set the worker's social-insurance status from a date (the history is kept)",
              .tag = "workforce",
              .body_schema = social_insurance_schema(),
              .response_schema = social_insurance_schema(),
              .handler = [&records](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto saved,
                                       records.set_social_insurance(req.principal, id,
                                                                    {.status = req.json["status"].get<std::string>(),
                                                                     .since = req.json["since"].get<std::string>()}));
                return http::Response::json(to_json(saved));
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/{id}/cases",
              .permission = "workforce:records:manage",
              .summary = "Open a case for the worker: a complaint the worker raises, a dispute mediation, legal aid or "
                         "psychological support",
              .tag = "workforce",
              .body_schema = new_worker_case_schema(),
              .response_schema = worker_case_schema(),
              .success_status = 201,
              .handler = [&records](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                ANXIN_ASSIGN_OR_RETURN(auto saved, records.open_case(req.principal, id,
                                                                     {.kind = b["kind"].get<std::string>(),
                                                                      .opened_on = b["opened_on"].get<std::string>(),
                                                                      .parties = opt_text(b, "parties"),
                                                                      .summary = b["summary"].get<std::string>()}));
                return http::Response::json(to_json(saved, req.principal.clearance), 201);
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/{id}/cases/{case_id}/close",
              .permission = "workforce:records:manage",
              .summary = "Close a worker's case with its outcome",
              .tag = "workforce",
              .body_schema = close_worker_case_schema(),
              .response_schema = worker_case_schema(),
              .handler = [&records](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto case_id, req.path_id("case_id"));
                ANXIN_ASSIGN_OR_RETURN(
                    auto saved, records.close_case(req.principal, id, case_id, req.json["closed_on"].get<std::string>(),
                                                   req.json["outcome"].get<std::string>()));
                return http::Response::json(to_json(saved, req.principal.clearance));
              }});
}

}  // namespace anxin::workforce
