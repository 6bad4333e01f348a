#include "modules/incidents/incident_file_routes.hpp"

#include "modules/incidents/incident_routes.hpp"

namespace anxin::incidents {
namespace {

using nlohmann::json;

const json kAttachment = {{"type", "object"},
                          {"properties",
                           {{"id", {{"type", "integer"}}},
                            {"incident_id", {{"type", "integer"}}},
                            {"name", {{"type", "string"}}},
                            {"media_type", {{"type", "string"}}},
                            {"size_bytes", {{"type", "integer"}}},
                            {"sha256", {{"type", {"string", "null"}}}},
                            {"uploaded_by", {{"type", "integer"}}},
                            {"uploaded_at", {{"type", "string"}, {"format", "date-time"}}},
                            {"downloadable", {{"type", "boolean"}}}}}};

}  // namespace

void register_file_routes(http::Router& router, AttachmentService& attachments, IncidentDocuments& documents) {
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/attachments",
              .permission = "incidents:incident:report",
              .summary = "Attach a file (photo, PDF or MP4 video, at most 10 MiB): the raw file as the body, its "
                         "name in ?name=",
              .tag = "incidents",
              .upload_media_types = attachment_media_types(),
              .max_body_bytes = kMaxAttachmentBytes,
              .query_params = {{"name",
                                {{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxAttachmentName}},
                                "File name without any path, e.g. 现场照片.jpg."}},
              .response_schema = kAttachment,
              .success_status = 201,
              .handler = [&attachments](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto a,
                                       attachments.add(req.principal, id, req.query_param("name").value_or(""),
                                                       http::media_type_of(req.header("content-type")), req.body));
                return http::Response::json(to_json(a, req.principal), 201);
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/incidents/{id}/attachments",
              .permission = "incidents:incident:read",
              .summary = "The files attached to an incident (names only for clearance 3+ or the uploader)",
              .tag = "incidents",
              .response_schema = {{"type", "object"},
                                  {"properties", {{"items", {{"type", "array"}, {"items", kAttachment}}}}}},
              .handler = [&attachments](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto list, attachments.list(req.principal, id));
                json items = json::array();
                for (const auto& a : list) items.push_back(to_json(a, req.principal));
                return http::Response::json({{"items", items}});
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/incidents/{id}/attachments/{attachment_id}",
              .permission = "incidents:incident:read",
              .summary = "Download an attachment (clearance 3+ or the uploader; audited)",
              .tag = "incidents",
              .response_media_types = attachment_media_types(),
              .handler = [&attachments](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto attachment_id, req.path_id("attachment_id"));
                ANXIN_ASSIGN_OR_RETURN(auto file, attachments.download(req.principal, id, attachment_id));
                return http::download(std::move(file.bytes), file.meta.media_type, file.meta.name);
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/incidents/{id}/report.pdf",
              .permission = "incidents:incident:read",
              .summary = "The incident report as PDF, in the caller's language (audited as an export)",
              .tag = "incidents",
              .response_media_type = "application/pdf",
              .handler = [&documents](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto doc, documents.report_pdf(req.principal, id, req.lang));
                return http::download(std::move(doc.bytes), doc.media_type, doc.file_name);
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/incidents/export.xlsx",
              .permission = "incidents:incident:read",
              .summary = "The incident list as an Excel workbook (same filters as the list, at most 10 000 rows; "
                         "audited as an export)",
              .tag = "incidents",
              .query_params = incident_filter_params(),
              .response_media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              .handler = [&documents](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto filter, incident_filter_of(req));
                ANXIN_ASSIGN_OR_RETURN(auto doc, documents.list_xlsx(req.principal, filter, req.lang));
                auto r = http::download(std::move(doc.bytes), doc.media_type, doc.file_name);
                r.headers.emplace_back("X-Total-Count", std::to_string(doc.total));
                r.headers.emplace_back("X-Export-Rows", std::to_string(doc.rows));
                return r;
              }});
}

}  // namespace anxin::incidents
