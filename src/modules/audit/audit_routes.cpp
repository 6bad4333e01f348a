#include "modules/audit/audit_routes.hpp"

namespace anxin::audit {
namespace {

using nlohmann::json;

json record_json(const AuditRecord& r) {
  return {{"seq", r.seq},
          {"at", format_rfc3339(r.at)},
          {"actor",
           {{"user_id", r.actor.user_id},
            {"username", r.actor.username},
            {"ip", r.actor.ip},
            {"request_id", r.actor.request_id}}},
          {"action", r.action},
          {"entity", r.entity},
          {"entity_id", r.entity_id},
          {"department_id", r.department_id},
          {"before", r.before},
          {"after", r.after},
          {"outcome", r.outcome},
          {"reason", r.reason},
          {"hash", r.hash}};
}

}  // namespace

void register_routes(http::Router& router, AuditLog& log) {
  auto params = http::paging_params();
  params.push_back({"actor_user_id", {{"type", "integer"}, {"minimum", 1}}, "Records made by this user."});
  params.push_back(
      {"action", {{"type", "string"}, {"maxLength", 32}}, "create, update, delete, reveal, read_sensitive, …"});
  params.push_back({"entity", {{"type", "string"}, {"maxLength", 32}}, "Kind of record, e.g. user, department."});
  params.push_back({"entity_id", {{"type", "string"}, {"maxLength", 64}}, "Id of the record."});
  params.push_back({"outcome", {{"type", "string"}, {"enum", {"success", "failure"}}}, "success or failure"});
  params.push_back({"from", {{"type", "string"}, {"format", "date-time"}}, "From this instant (inclusive)."});
  params.push_back({"to", {{"type", "string"}, {"format", "date-time"}}, "Before this instant."});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/audit/logs",
              .permission = "audit:log:read",
              .summary = "Search the audit log (newest first)",
              .tag = "audit",
              .query_params = params,
              .handler = [&log](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                AuditFilter f;
                ANXIN_ASSIGN_OR_RETURN(f.actor_user_id, http::query_id(req, "actor_user_id"));
                f.action = http::query_text(req, "action");
                f.entity = http::query_text(req, "entity");
                f.entity_id = http::query_text(req, "entity_id");
                f.outcome = http::query_text(req, "outcome");
                ANXIN_ASSIGN_OR_RETURN(f.from, http::query_time(req, "from"));
                ANXIN_ASSIGN_OR_RETURN(f.to, http::query_time(req, "to"));
                ANXIN_ASSIGN_OR_RETURN(auto result, log.search(f, page));
                json items = json::array();
                for (const auto& r : result.items) items.push_back(record_json(r));
                return http::Response::json(http::page_json(items, result.total, page));
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/audit/verification",
              .permission = "audit:log:verify",
              .summary = "Verify the hash chain and the signed checkpoints now",
              .tag = "audit",
              .response_schema = {{"type", "object"},
                                  {"required", {"ok", "records_checked", "checkpoints_checked"}},
                                  {"properties",
                                   {{"ok", {{"type", "boolean"}}},
                                    {"records_checked", {{"type", "integer"}}},
                                    {"checkpoints_checked", {{"type", "integer"}}},
                                    {"first_bad_seq", {{"type", {"integer", "null"}}}},
                                    {"problem", {{"type", "string"}}},
                                    {"message", {{"type", "string"}}}}}},
              .handler = [&log](http::Request&) -> Result<http::Response> {
                const VerifyReport r = log.verify();
                return http::Response::json(
                    {{"ok", r.ok},
                     {"records_checked", r.records_checked},
                     {"checkpoints_checked", r.checkpoints_checked},
                     {"first_bad_seq", r.first_bad_seq ? json(*r.first_bad_seq) : json(nullptr)},
                     {"problem", r.problem},
                     {"message", r.message}});
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/audit/checkpoints",
              .permission = "audit:log:read",
              .summary = "Signed checkpoints of the audit chain, for safekeeping outside the server",
              .tag = "audit",
              .handler = [&log](http::Request&) -> Result<http::Response> {
                return http::Response::json(log.export_checkpoints());
              }});
}

}  // namespace anxin::audit
