#include "modules/workforce/workforce_routes.hpp"

#include "platform/http/schema.hpp"
#include "platform/report/xlsx_table.hpp"

namespace anxin::workforce {
namespace {

using nlohmann::json;
namespace schema = http::schema;

std::optional<std::optional<std::string>> patch_text(const json& j, const char* key) {
  if (!j.contains(key)) return std::nullopt;
  return http::json_string(j, key);
}

std::vector<std::string> strings(const json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key)) {
    for (const auto& v : j[key]) out.push_back(v.get<std::string>());
  }
  return out;
}

/// The list's filter from the query.
Result<WorkerFilter> filter_of(const http::Request& req) {
  WorkerFilter f;
  f.q = http::query_text(req, "q");
  f.status = http::query_text(req, "status");
  f.job_type = http::query_text(req, "job_type");
  ANXIN_ASSIGN_OR_RETURN(f.department_id, http::query_id(req, "department_id"));
  f.id_number = http::query_text(req, "id_number");
  f.phone = http::query_text(req, "phone");
  if (auto days = http::query_text(req, "expiring_within_days")) f.expiring_within_days = std::stoll(*days);
  return f;
}

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The workers as one Excel sheet, each personal value shown at `clearance` (masked above it).
std::string workers_xlsx(const std::vector<Worker>& rows, int clearance, const std::vector<ServiceType>& types,
                         const std::string& lang) {
  const bool en = lang == "en-US";
  report::XlsxTable t({.sheet = en ? "Workers" : "服务人员", .title = en ? "Workers" : "服务人员名册"},
                      {{en ? "Name" : "姓名", 10},
                       {en ? "ID number" : "身份证号", 22},
                       {en ? "Mobile" : "手机号", 14},
                       {en ? "Address" : "住址", 36},
                       {en ? "Bank account" : "银行账号", 24},
                       {en ? "Emergency contact" : "紧急联系人", 22},
                       {en ? "Job types" : "服务类型", 20},
                       {en ? "Employment" : "用工方式", 10},
                       {en ? "Agency" : "合作机构", 16},
                       {en ? "Status" : "状态", 8},
                       {en ? "Registered" : "登记时间", 18}});
  const auto type_name = [&](const std::string& code) {
    for (const auto& s : types) {
      if (s.code == code) return en ? s.name_en : s.name_zh;
    }
    return code;
  };
  const auto status_name = [&](const std::string& s) -> std::string {
    if (en) return s;
    if (s == "applicant") return "待审核";
    if (s == "active") return "在岗";
    if (s == "suspended") return "停岗";
    if (s == "left") return "离职";
    return s;
  };
  for (const auto& w : rows) {
    const json j = to_json(w, clearance);
    const auto text_of = [&](const char* key) -> report::CellValue {
      if (!j.contains(key) || j[key].is_null()) return std::monostate{};
      return j[key].get<std::string>();
    };
    std::string job_types;
    for (const auto& code : w.job_types) job_types += (job_types.empty() ? "" : (en ? ", " : "、")) + type_name(code);
    t.add_row({w.name, text_of("id_number"), text_of("phone"), text_of("address"), text_of("bank_account"),
               text_of("emergency_contact"), job_types,
               w.employment == "agency" ? (en ? "agency" : "合作机构") : (en ? "own staff" : "自有"),
               w.agency_name ? report::CellValue(*w.agency_name) : report::CellValue(std::monostate{}),
               status_name(w.status), report::Instant{w.created_at}});
  }
  return t.render();
}

}  // namespace

void register_worker_routes(http::Router& router, WorkerService& workers) {
  const json worker = worker_schema();
  auto list_params = http::paging_params();
  list_params.push_back({"q", schema::text(1, 64), "Search in the name."});
  list_params.push_back({"status", schema::one_of({"applicant", "active", "suspended", "left"}), "Worker status."});
  list_params.push_back({"job_type", schema::text(1, 32), "Workers of this service type."});
  list_params.push_back({"department_id", {{"type", "integer"}, {"minimum", 1}}, "Only this department."});
  list_params.push_back({"id_number", schema::text(1, 32), "Exact resident ID number (blind-indexed)."});
  list_params.push_back({"phone", schema::text(1, 32), "Exact mobile number (blind-indexed)."});
  list_params.push_back({"expiring_within_days",
                         {{"type", "integer"}, {"minimum", 0}, {"maximum", 366}},
                         "Workers with a certificate, background check or health check ending within N days."});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/workforce/service-types",
              .permission = "workforce:worker:read",
              .summary = "Service types and what the dispatch gate requires of each",
              .tag = "workforce",
              .response_schema = http::items_schema(service_type_schema()),
              .handler = [&workers](http::Request&) -> Result<http::Response> {
                json items = json::array();
                for (const auto& s : workers.service_types()) items.push_back(to_json(s));
                return http::Response::json({{"items", items}});
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/workers",
              .permission = "workforce:worker:read",
              .summary = "List workers in the caller's data scope (personal values masked)",
              .tag = "workforce",
              .query_params = list_params,
              .response_schema = http::page_schema(worker),
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                ANXIN_ASSIGN_OR_RETURN(auto f, filter_of(req));
                ANXIN_ASSIGN_OR_RETURN(auto result, workers.list(req.principal, f, page));
                json items = json::array();
                // Lists always mask: full values are only shown on a detail read or a reveal.
                for (const auto& w : result.items) items.push_back(to_json(w, std::min(req.principal.clearance, 2)));
                return http::Response::json(http::page_json(items, result.total, page));
              }});

  auto export_params = list_params;
  std::erase_if(export_params, [](const http::QueryParam& p) { return p.name == "page" || p.name == "page_size"; });
  export_params.push_back({"purpose", schema::text(4, 200),
                           "Why full personal values are needed (cleared roles only; without it the file is masked)."});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/workers/export.xlsx",
              .permission = "workforce:worker:read",
              .summary = "The workers of the filter as an Excel file: masked, or in full for a cleared role stating "
                         "a purpose (audited)",
              .tag = "workforce",
              .query_params = export_params,
              .response_media_type = kXlsx,
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto f, filter_of(req));
                ANXIN_ASSIGN_OR_RETURN(auto result,
                                       workers.export_workers(req.principal, f, http::query_text(req, "purpose")));
                return http::download(workers_xlsx(result.first, result.second, workers.service_types(), req.lang),
                                      kXlsx, req.lang == "en-US" ? "workers.xlsx" : "服务人员名册.xlsx");
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers",
              .permission = "workforce:worker:create",
              .summary = "Register a worker (an applicant; no user account is created)",
              .tag = "workforce",
              .body_schema = new_worker_schema(),
              .response_schema = worker,
              .success_status = 201,
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                const json& b = req.json;
                NewWorker n{.department_id = b["department_id"].get<std::int64_t>(),
                            .name = b["name"].get<std::string>(),
                            .id_number = b["id_number"].get<std::string>(),
                            .phone = http::json_string(b, "phone"),
                            .address = http::json_string(b, "address"),
                            .bank_account = http::json_string(b, "bank_account"),
                            .emergency_contact = http::json_string(b, "emergency_contact"),
                            .job_types = strings(b, "job_types"),
                            .employment = b.value("employment", "own"),
                            .agency_name = http::json_string(b, "agency_name")};
                ANXIN_ASSIGN_OR_RETURN(auto w, workers.create(req.principal, n));
                return http::Response::json(to_json(w, std::min(req.principal.clearance, 2)), 201);
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/workers/{id}",
              .permission = "workforce:worker:read",
              .summary = "Get a worker (class 3–4 values masked unless revealed)",
              .tag = "workforce",
              .response_schema = worker,
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto w, workers.get(req.principal, id));
                // Full class 3–4 values only through an audited reveal with a purpose.
                return http::Response::json(to_json(w, std::min(req.principal.clearance, 2)));
              }});

  router.add({.method = http::Method::kPatch,
              .path = "/api/v1/workers/{id}",
              .permission = "workforce:worker:update",
              .summary = "Update a worker's file (optimistic locking by version)",
              .tag = "workforce",
              .body_schema = worker_patch_schema(),
              .response_schema = worker,
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                WorkerPatch p;
                p.version = b["version"].get<std::int64_t>();
                if (b.contains("name")) p.name = b["name"].get<std::string>();
                if (b.contains("department_id")) p.department_id = b["department_id"].get<std::int64_t>();
                p.phone = patch_text(b, "phone");
                p.address = patch_text(b, "address");
                p.bank_account = patch_text(b, "bank_account");
                p.emergency_contact = patch_text(b, "emergency_contact");
                if (b.contains("job_types")) p.job_types = strings(b, "job_types");
                if (b.contains("employment")) p.employment = b["employment"].get<std::string>();
                p.agency_name = patch_text(b, "agency_name");
                ANXIN_ASSIGN_OR_RETURN(auto w, workers.update(req.principal, id, p));
                return http::Response::json(to_json(w, std::min(req.principal.clearance, 2)));
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/{id}/status",
              .permission = "workforce:worker:manage",
              .summary = "Activate, suspend or end a worker, with a reason (a leaver's linked account ends at once)",
              .tag = "workforce",
              .body_schema = {{"type", "object"},
                              {"required", {"version", "status", "reason"}},
                              {"properties",
                               {{"version", {{"type", "integer"}, {"minimum", 1}}},
                                {"status", schema::one_of({"active", "suspended", "left"})},
                                {"reason", schema::text(4, 200)}}}},
              .response_schema = worker,
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(
                    auto w,
                    workers.set_status(req.principal, id, req.json["version"].get<std::int64_t>(),
                                       req.json["status"].get<std::string>(), req.json["reason"].get<std::string>()));
                return http::Response::json(to_json(w, std::min(req.principal.clearance, 2)));
              }});

  router.add({.method = http::Method::kPut,
              .path = "/api/v1/workers/{id}/account",
              .permission = "workforce:worker:manage",
              .summary = "Link the worker to a user account for signing in on a phone (null unlinks)",
              .tag = "workforce",
              .body_schema = {{"type", "object"},
                              {"required", {"version", "user_id"}},
                              {"properties",
                               {{"version", {{"type", "integer"}, {"minimum", 1}}},
                                {"user_id", {{"type", {"integer", "null"}}, {"minimum", 1}}}}}},
              .response_schema = worker,
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                const std::optional<std::int64_t> user =
                    b["user_id"].is_null() ? std::nullopt : std::optional(b["user_id"].get<std::int64_t>());
                ANXIN_ASSIGN_OR_RETURN(auto w,
                                       workers.link_account(req.principal, id, b["version"].get<std::int64_t>(), user));
                return http::Response::json(to_json(w, std::min(req.principal.clearance, 2)));
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/workers/{id}/history",
              .permission = "workforce:worker:read",
              .summary = "A worker's status history with reasons",
              .tag = "workforce",
              .response_schema = http::items_schema(status_event_schema()),
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto events, workers.history(req.principal, id));
                json items = json::array();
                for (const auto& e : events) items.push_back(to_json(e));
                return http::Response::json({{"items", items}});
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/{id}/reveal",
              .permission = "workforce:worker:reveal",
              .summary = "Show one personal value of a worker in full, for a stated purpose (audited)",
              .tag = "workforce",
              .body_schema = {{"type", "object"},
                              {"required", {"field", "reason"}},
                              {"properties",
                               {{"field", schema::one_of(
                                              {"id_number", "phone", "address", "bank_account", "emergency_contact"})},
                                {"reason", schema::text(4, 200)}}}},
              .response_schema = {{"type", "object"},
                                  {"required", {"field", "value"}},
                                  {"properties", {{"field", {{"type", "string"}}}, {"value", {{"type", "string"}}}}}},
              .handler = [&workers](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const std::string field = req.json["field"].get<std::string>();
                ANXIN_ASSIGN_OR_RETURN(auto value,
                                       workers.reveal(req.principal, id, field, req.json["reason"].get<std::string>()));
                return http::Response::json({{"field", field}, {"value", value}});
              }});
}

}  // namespace anxin::workforce
