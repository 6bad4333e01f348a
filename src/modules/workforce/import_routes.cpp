#include "modules/workforce/import_routes.hpp"

#include "platform/http/schema.hpp"

namespace anxin::workforce {
namespace {

using nlohmann::json;

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// About 90 000 rows of a typical file, within what the server's read timeout lets a slow link send; larger files
/// are imported with `anxin import workers`.
constexpr std::size_t kMaxImportBytes = 14 * 1024 * 1024;
/// Problems answered in the JSON error; the .xlsx report lists all of them.
constexpr std::size_t kProblemsInAnswer = 500;

/// CSV as browsers and spreadsheets label it (Windows labels .csv files as Excel's).
const std::vector<std::string> kCsvTypes = {"text/csv", "text/plain", "application/vnd.ms-excel"};

}  // namespace

void register_import_routes(http::Router& router, WorkerImport& import) {
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/workers/import/template",
              .permission = "workforce:worker:create",
              .summary = "The import template (CSV, UTF-8 with byte-order mark): the header row and an example",
              .tag = "workforce",
              .response_schema = {{"type", "string"}},
              .response_media_type = "text/csv",
              .handler = [](http::Request&) -> Result<http::Response> {
                return http::download(WorkerImport::template_csv(), "text/csv; charset=utf-8", "服务人员导入模板.csv");
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/import",
              .permission = "workforce:worker:create",
              .summary = "Import workers from CSV (UTF-8 or GBK): every row or none; each bad row answered",
              .tag = "workforce",
              .upload_media_types = kCsvTypes,
              .max_body_bytes = kMaxImportBytes,
              .query_params = {{"dry_run", {{"type", "string"}, {"enum", {"true", "false"}}}, "Check only."}},
              .response_schema = {{"type", "object"},
                                  {"required", {"rows", "imported", "dry_run"}},
                                  {"properties",
                                   {{"rows", {{"type", "integer"}}},
                                    {"imported", {{"type", "integer"}}},
                                    {"dry_run", {{"type", "boolean"}}}}}},
              .handler = [&import](http::Request& req) -> Result<http::Response> {
                const bool dry_run = req.query_param("dry_run").value_or("false") == "true";
                ANXIN_ASSIGN_OR_RETURN(auto result, import.run(req.principal, req.body, dry_run));
                if (!result.problems.empty()) {
                  return Error::unprocessable(
                      "workforce.import_rows_invalid",
                      {{"rows", result.rows},
                       {"error_count", result.problems.size()},
                       {"errors", WorkerImport::problems_json(result, req.lang, kProblemsInAnswer)}});
                }
                return http::Response::json(
                    {{"rows", result.rows}, {"imported", result.imported}, {"dry_run", result.dry_run}});
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/workers/import/report",
              .permission = "workforce:worker:create",
              .summary = "Check an import file and answer its problems as an Excel report (nothing is imported)",
              .tag = "workforce",
              .upload_media_types = kCsvTypes,
              .max_body_bytes = kMaxImportBytes,
              .response_media_type = kXlsx,
              .handler = [&import](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto result, import.run(req.principal, req.body, /*dry_run=*/true));
                return http::download(WorkerImport::problem_report(result, req.lang), kXlsx,
                                      req.lang == "en-US" ? "import-problems.xlsx" : "导入错误报告.xlsx");
              }});
}

}  // namespace anxin::workforce
