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

json record_schema() {
  const json str = {{"type", "string"}};
  const json change = {{"type", {"object", "null"}},
                       {"additionalProperties", true},
                       {"description", "The record's values (personal ones masked); null when none."}};
  return {{"type", "object"},
          {"required",
           {"seq", "at", "actor", "action", "entity", "entity_id", "department_id", "before", "after", "outcome",
            "reason", "hash"}},
          {"properties",
           {{"seq", {{"type", "integer"}}},
            {"at", {{"type", "string"}, {"format", "date-time"}}},
            {"actor",
             {{"type", "object"},
              {"required", {"user_id", "username", "ip", "request_id"}},
              {"properties",
               {{"user_id", {{"type", "integer"}, {"description", "0: no signed-in user (system, refused login)."}}},
                {"username", str},
                {"ip", str},
                {"request_id", str}}}}},
            {"action", str},
            {"entity", str},
            {"entity_id", str},
            {"department_id", {{"type", "integer"}, {"description", "0: none."}}},
            {"before", change},
            {"after", change},
            {"outcome", {{"type", "string"}, {"enum", {"success", "failure"}}}},
            {"reason", str},
            {"hash", str}}}};
}

json checkpoints_schema() {
  const json str = {{"type", "string"}};
  const json checkpoint = {
      {"type", "object"},
      {"required", {"seq", "hash", "signed_at", "signed_at_utc", "signature", "public_key"}},
      {"properties",
       {{"seq", {{"type", "integer"}}},
        {"hash", str},
        {"signed_at", {{"type", "integer"}, {"description", "Milliseconds since the Unix epoch."}}},
        {"signed_at_utc", {{"type", "string"}, {"format", "date-time"}}},
        {"signature", str},
        {"public_key", str}}}};
  return {{"type", "object"},
          {"required",
           {"format", "signature_algorithm", "hash_algorithm", "signed_message", "public_key", "exported_at",
            "checkpoints"}},
          {"properties",
           {{"format", {{"type", "string"}, {"enum", {"anxin-audit-checkpoints-v1"}}}},
            {"signature_algorithm", {{"type", "string"}, {"enum", {"Ed25519"}}}},
            {"hash_algorithm", {{"type", "string"}, {"enum", {"SHA-256"}}}},
            {"signed_message", str},
            {"public_key", str},
            {"exported_at", {{"type", "string"}, {"format", "date-time"}}},
            {"checkpoints", {{"type", "array"}, {"items", checkpoint}}}}}};
}

}  // namespace

void register_routes(http::Router& router, AuditLog& log, EntityKinds entity_kinds) {
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/audit/entity-kinds",
              .permission = "audit:log:read",
              .summary = "The kinds of record the modules write to the audit log, by module",
              .tag = "audit",
              .response_schema = http::items_schema(
                  {{"type", "object"},
                   {"required", {"module", "entity"}},
                   {"properties", {{"module", {{"type", "string"}}}, {"entity", {{"type", "string"}}}}}}),
              .handler = [entity_kinds = std::move(entity_kinds)](http::Request&) -> Result<http::Response> {
                json items = json::array();
                for (const auto& [module, entity] : entity_kinds())
                  items.push_back({{"module", module}, {"entity", entity}});
                return http::Response::json({{"items", items}});
              }});
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
              .response_schema = http::page_schema(record_schema()),
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
              .response_schema = checkpoints_schema(),
              .handler = [&log](http::Request&) -> Result<http::Response> {
                return http::Response::json(log.export_checkpoints());
              }});
}

}  // namespace anxin::audit
