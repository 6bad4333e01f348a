#include "modules/incidents/aftermath_routes.hpp"

namespace anxin::incidents {
namespace {

using nlohmann::json;

constexpr const char* kRead = "incidents:incident:read";
constexpr const char* kReport = "incidents:incident:report";
constexpr const char* kManage = "incidents:incident:manage";
constexpr const char* kInvestigate = "incidents:investigation:manage";
constexpr const char* kCaseRead = "incidents:case:read";

/// Largest amount of one compensation item: 100 million yuan, far below any overflow of the totals.
constexpr std::int64_t kMaxAmountFen = 10'000'000'000;

const json kVersion = {{"type", "integer"}, {"minimum", 1}};
const json kTime = {{"type", "string"}, {"format", "date-time"}};
const json kNote = {{"type", {"string", "null"}}, {"maxLength", 2000}};
const json kLongText = {{"type", "string"}, {"maxLength", 8000}};
const json kId = {{"type", "integer"}, {"minimum", 1}};

json enum_of(const std::vector<std::string>& values) { return {{"type", "string"}, {"enum", values}}; }

/// Whether the caller sees class 3 text unmasked.
bool cleared(const http::Request& req) { return req.principal.clearance >= 3; }

std::optional<std::int64_t> opt_id(const json& b, const char* key) {
  if (!b.contains(key) || b[key].is_null()) return std::nullopt;
  return b[key].get<std::int64_t>();
}

/// A date-time member the schema already checked; 0 when absent (the service takes "now").
TimestampMs time_of(const json& b, const char* key) {
  if (!b.contains(key) || b[key].is_null()) return 0;
  return parse_rfc3339(b[key].get<std::string>()).value_or(0);
}

InvestigationDraft draft_of(const json& b) {
  InvestigationDraft d;
  d.facts = http::json_string(b, "facts");
  d.direct_causes = http::json_string(b, "direct_causes");
  d.root_causes = http::json_string(b, "root_causes");
  d.responsibility = http::json_string(b, "responsibility");
  d.grade = http::json_string(b, "grade");
  d.summary_review = http::json_string(b, "summary_review");
  return d;
}

json draft_properties() {
  return {{"facts", kLongText},          {"direct_causes", kLongText},          {"root_causes", kLongText},
          {"responsibility", kLongText}, {"grade", enum_of(accident_grades())}, {"summary_review", kLongText}};
}

json task_body() {
  return {
      {"type", "object"},
      {"required", {"title", "owner_id", "due_at"}},
      {"properties",
       {{"title", {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}}, {"owner_id", kId}, {"due_at", kTime}}}};
}

json status_body(const std::vector<std::string>& statuses) {
  return {{"type", "object"},
          {"required", {"version", "status"}},
          {"properties", {{"version", kVersion}, {"status", enum_of(statuses)}}}};
}

json version_body() { return {{"type", "object"}, {"required", {"version"}}, {"properties", {{"version", kVersion}}}}; }

/// The two routes of the investigation's tracked items (corrective actions, recovery tasks): POST adds one
/// with owner and deadline, PATCH moves its status with the item's version.
template <typename Item, typename Add, typename Move>
void add_tracked(http::Router& router, const std::string& segment, const std::string& id_param, const char* add_summary,
                 const char* move_summary, const std::vector<std::string>& statuses, const json& schema, Add add,
                 Move move) {
  const std::string base = "/api/v1/incidents/{id}/investigation/" + segment;
  router.add({.method = http::Method::kPost,
              .path = base,
              .permission = kInvestigate,
              .summary = add_summary,
              .tag = "incidents",
              .body_schema = task_body(),
              .response_schema = schema,
              .success_status = 201,
              .handler = [add](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                Item item;
                item.title = req.json["title"].get<std::string>();
                item.owner_id = req.json["owner_id"].get<std::int64_t>();
                item.due_at = time_of(req.json, "due_at");
                ANXIN_ASSIGN_OR_RETURN(auto saved, add(req.principal, id, item));
                return http::Response::json(to_json(saved), 201);
              }});
  router.add({.method = http::Method::kPatch,
              .path = base + "/{" + id_param + "}",
              .permission = kInvestigate,
              .summary = move_summary,
              .tag = "incidents",
              .body_schema = status_body(statuses),
              .response_schema = schema,
              .handler = [move, id_param](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto item_id, req.path_id(id_param));
                ANXIN_ASSIGN_OR_RETURN(auto saved,
                                       move(req.principal, id, item_id, req.json["version"].get<std::int64_t>(),
                                            req.json["status"].get<std::string>()));
                return http::Response::json(to_json(saved));
              }});
}

void add_aftermath(http::Router& router, AftermathService& aftermath) {
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/incidents/{id}/aftermath",
              .permission = kRead,
              .summary = "Aftermath (善后): the injured with their treatment, compensation with totals in fen, and "
                         "follow-up visits",
              .tag = "incidents",
              .response_schema = aftermath_schema(),
              .handler = [&aftermath](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto s, aftermath.summary(req.principal, id));
                return http::Response::json(to_json(s, cleared(req)));
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/aftermath/injured",
              .permission = kReport,
              .summary = "Record an injured person (one of the incident's people, or by name) with the first "
                         "treatment entry",
              .tag = "incidents",
              .body_schema = {{"type", "object"},
                              {"required", {"status"}},
                              {"properties",
                               {{"person_id", {{"type", {"integer", "null"}}, {"minimum", 1}}},
                                {"name", {{"type", {"string", "null"}}, {"maxLength", 64}}},
                                {"hospital", {{"type", "string"}, {"maxLength", 200}}},
                                {"status", enum_of(treatment_statuses())},
                                {"at", kTime},
                                {"note", kNote}}}},
              .response_schema = injured_schema(),
              .success_status = 201,
              .handler = [&aftermath](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                NewInjured in;
                in.person_id = opt_id(b, "person_id");
                in.name = http::json_string(b, "name");
                in.hospital = b.value("hospital", std::string());
                in.first.status = b["status"].get<std::string>();
                in.first.at = time_of(b, "at");
                in.first.note = http::json_string(b, "note");
                ANXIN_ASSIGN_OR_RETURN(auto saved, aftermath.add_injured(req.principal, id, in));
                return http::Response::json(to_json(saved, cleared(req)), 201);
              }});

  router.add(
      {.method = http::Method::kPost,
       .path = "/api/v1/incidents/{id}/aftermath/injured/{injured_id}/treatments",
       .permission = kReport,
       .summary = "Append a treatment follow-up entry (hospitalised, outpatient, discharged, recovered, "
                  "deceased)",
       .tag = "incidents",
       .body_schema = {{"type", "object"},
                       {"required", {"status"}},
                       {"properties", {{"status", enum_of(treatment_statuses())}, {"at", kTime}, {"note", kNote}}}},
       .response_schema = injured_schema(),
       .success_status = 201,
       .handler = [&aftermath](http::Request& req) -> Result<http::Response> {
         ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
         ANXIN_ASSIGN_OR_RETURN(auto injured_id, req.path_id("injured_id"));
         Treatment t;
         t.status = req.json["status"].get<std::string>();
         t.at = time_of(req.json, "at");
         t.note = http::json_string(req.json, "note");
         ANXIN_ASSIGN_OR_RETURN(auto saved, aftermath.add_treatment(req.principal, id, injured_id, t));
         return http::Response::json(to_json(saved, cleared(req)), 201);
       }});

  const json amount = {{"type", "integer"},
                       {"minimum", 1},
                       {"maximum", kMaxAmountFen},
                       {"description", "Amount in integer fen (0.01 yuan)."}};
  const json claim_ref = {{"type", {"string", "null"}}, {"maxLength", 64}};
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/aftermath/compensations",
              .permission = kManage,
              .summary = "Propose a compensation item (medical, lost wages, nutrition, property, other) in fen",
              .tag = "incidents",
              .body_schema = {{"type", "object"},
                              {"required", {"kind", "amount_fen", "payee"}},
                              {"properties",
                               {{"kind", enum_of(compensation_kinds())},
                                {"amount_fen", amount},
                                {"payee", {{"type", "string"}, {"minLength", 1}, {"maxLength", 100}}},
                                {"injured_id", {{"type", {"integer", "null"}}, {"minimum", 1}}},
                                {"claim_ref", claim_ref}}}},
              .response_schema = compensation_schema(),
              .success_status = 201,
              .handler = [&aftermath](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                NewCompensation in;
                in.kind = b["kind"].get<std::string>();
                in.amount_fen = b["amount_fen"].get<std::int64_t>();
                in.payee = b["payee"].get<std::string>();
                in.injured_id = opt_id(b, "injured_id");
                in.claim_ref = http::json_string(b, "claim_ref");
                ANXIN_ASSIGN_OR_RETURN(auto saved, aftermath.add_compensation(req.principal, id, in));
                return http::Response::json(to_json(saved, cleared(req)), 201);
              }});

  router.add({.method = http::Method::kPatch,
              .path = "/api/v1/incidents/{id}/aftermath/compensations/{compensation_id}",
              .permission = kManage,
              .summary = "Amend a proposed item, approve or mark paid (one step at a time), or set the insurance "
                         "claim reference",
              .tag = "incidents",
              .body_schema = {{"type", "object"},
                              {"required", {"version"}},
                              {"properties",
                               {{"version", kVersion},
                                {"status", enum_of(compensation_statuses())},
                                {"amount_fen", amount},
                                {"payee", {{"type", "string"}, {"minLength", 1}, {"maxLength", 100}}},
                                {"claim_ref", claim_ref}}}},
              .response_schema = compensation_schema(),
              .handler = [&aftermath](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto compensation_id, req.path_id("compensation_id"));
                const json& b = req.json;
                CompensationPatch p;
                p.version = b["version"].get<std::int64_t>();
                p.status = http::json_string(b, "status");
                if (b.contains("amount_fen")) p.amount_fen = b["amount_fen"].get<std::int64_t>();
                p.payee = http::json_string(b, "payee");
                if (b.contains("claim_ref")) p.claim_ref.emplace(http::json_string(b, "claim_ref"));
                ANXIN_ASSIGN_OR_RETURN(auto saved,
                                       aftermath.update_compensation(req.principal, id, compensation_id, p));
                return http::Response::json(to_json(saved, cleared(req)));
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/aftermath/visits",
              .permission = kReport,
              .summary = "Record a customer follow-up visit (回访) with satisfaction 1–5",
              .tag = "incidents",
              .body_schema = {{"type", "object"},
                              {"required", {"method", "satisfaction"}},
                              {"properties",
                               {{"method", enum_of(visit_methods())},
                                {"satisfaction", {{"type", "integer"}, {"minimum", 1}, {"maximum", 5}}},
                                {"visitor_id", kId},
                                {"at", kTime},
                                {"note", kNote}}}},
              .response_schema = visit_schema(),
              .success_status = 201,
              .handler = [&aftermath](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                Visit v;
                v.method = b["method"].get<std::string>();
                v.satisfaction = b["satisfaction"].get<int>();
                v.visitor_id = opt_id(b, "visitor_id").value_or(0);
                v.at = time_of(b, "at");
                v.note = http::json_string(b, "note");
                ANXIN_ASSIGN_OR_RETURN(auto saved, aftermath.add_visit(req.principal, id, v));
                return http::Response::json(to_json(saved, cleared(req)), 201);
              }});
}

void add_investigation(http::Router& router, InvestigationService& investigations) {
  const json report = investigation_schema();
  auto respond = [](const http::Request& req, const Investigation& i, int status = 200) {
    return http::Response::json(to_json(i, cleared(req)), status);
  };

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/incidents/{id}/investigation",
              .permission = kRead,
              .summary = "The investigation report with its corrective actions and recovery plan",
              .tag = "incidents",
              .response_schema = report,
              .handler = [&investigations, respond](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto i, investigations.get(req.principal, id));
                return respond(req, i);
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/investigation",
              .permission = kInvestigate,
              .summary = "Start the investigation report (事故调查报告) as a draft",
              .tag = "incidents",
              .body_schema = {{"type", "object"}, {"properties", draft_properties()}},
              .response_schema = report,
              .success_status = 201,
              .handler = [&investigations, respond](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto i, investigations.open(req.principal, id, draft_of(req.json)));
                return respond(req, i, 201);
              }});

  json patch_properties = draft_properties();
  patch_properties["version"] = kVersion;
  router.add({.method = http::Method::kPatch,
              .path = "/api/v1/incidents/{id}/investigation",
              .permission = kInvestigate,
              .summary = "Edit the draft report (after submission only the summary review)",
              .tag = "incidents",
              .body_schema = {{"type", "object"}, {"required", {"version"}}, {"properties", patch_properties}},
              .response_schema = report,
              .handler = [&investigations, respond](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto i,
                                       investigations.update(req.principal, id, req.json["version"].get<std::int64_t>(),
                                                             draft_of(req.json)));
                return respond(req, i);
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/investigation/submit",
              .permission = kInvestigate,
              .summary = "Submit the report (needs facts, direct and root causes and the accident grade)",
              .tag = "incidents",
              .body_schema = version_body(),
              .response_schema = report,
              .handler = [&investigations, respond](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(
                    auto i, investigations.submit(req.principal, id, req.json["version"].get<std::int64_t>()));
                return respond(req, i);
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/investigation/return",
              .permission = kInvestigate,
              .summary = "Send a submitted report back to draft for corrections, with a reason",
              .tag = "incidents",
              .body_schema = {{"type", "object"},
                              {"required", {"version", "reason"}},
                              {"properties",
                               {{"version", kVersion},
                                {"reason", {{"type", "string"}, {"minLength", 2}, {"maxLength", 500}}}}}},
              .response_schema = report,
              .handler = [&investigations, respond](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(
                    auto i, investigations.send_back(req.principal, id, req.json["version"].get<std::int64_t>(),
                                                     req.json["reason"].get<std::string>()));
                return respond(req, i);
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/investigation/close",
              .permission = kInvestigate,
              .summary = "Close the investigation and the incident (the emergency has ended, the summary review is "
                         "written and every corrective action is verified)",
              .tag = "incidents",
              .body_schema = version_body(),
              .response_schema = report,
              .handler = [&investigations, respond](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(
                    auto i, investigations.close(req.principal, id, req.json["version"].get<std::int64_t>()));
                return respond(req, i);
              }});

  add_tracked<CorrectiveAction>(
      router, "actions", "action_id", "Add a corrective action (整改措施) with owner and deadline",
      "Move a corrective action: open → done → verified (or back to open)", action_statuses(), action_schema(),
      [&investigations](const Caller& c, std::int64_t id, const CorrectiveAction& a) {
        return investigations.add_action(c, id, a);
      },
      [&investigations](const Caller& c, std::int64_t id, std::int64_t item, std::int64_t version,
                        const std::string& status) {
        return investigations.set_action_status(c, id, item, version, status);
      });
  add_tracked<RecoveryTask>(
      router, "recovery-tasks", "task_id", "Add a task of the recovery plan (恢复重建) with owner and deadline",
      "Move a recovery task (open, in_progress, done)", recovery_statuses(), recovery_task_schema(),
      [&investigations](const Caller& c, std::int64_t id, const RecoveryTask& t) {
        return investigations.add_recovery_task(c, id, t);
      },
      [&investigations](const Caller& c, std::int64_t id, std::int64_t item, std::int64_t version,
                        const std::string& status) {
        return investigations.set_recovery_status(c, id, item, version, status);
      });
}

void add_cases(http::Router& router, InvestigationService& investigations) {
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/incidents/{id}/case",
              .permission = kInvestigate,
              .summary = "Publish a closed incident as a case (案例) for training; refused when the text carries "
                         "personal data",
              .tag = "incidents",
              .body_schema = {{"type", "object"},
                              {"required", {"title", "lessons"}},
                              {"properties",
                               {{"title", {{"type", "string"}, {"minLength", 2}, {"maxLength", 100}}},
                                {"lessons", {{"type", "string"}, {"minLength", 1}, {"maxLength", 8000}}},
                                {"direct_causes", kLongText},
                                {"root_causes", kLongText},
                                {"actions",
                                 {{"type", "array"},
                                  {"maxItems", 50},
                                  {"items", {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}}}}}}},
              .response_schema = case_schema(),
              .success_status = 201,
              .handler = [&investigations](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                NewCase in;
                in.title = b["title"].get<std::string>();
                in.lessons = b["lessons"].get<std::string>();
                in.direct_causes = http::json_string(b, "direct_causes");
                in.root_causes = http::json_string(b, "root_causes");
                if (b.contains("actions")) in.actions = b["actions"].get<std::vector<std::string>>();
                ANXIN_ASSIGN_OR_RETURN(auto k, investigations.publish_case(req.principal, id, in));
                return http::Response::json(to_json(k), 201);
              }});

  auto params = http::paging_params();
  params.push_back({"type", enum_of(incident_types()), "Incident type."});
  params.push_back({"grade", enum_of(accident_grades()), "Accident grade."});
  params.push_back({"q", {{"type", "string"}, {"maxLength", 100}}, "Text searched in the title."});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/cases",
              .permission = kCaseRead,
              .summary = "Published cases (training material without personal data), newest first",
              .tag = "incidents",
              .query_params = params,
              .response_schema = http::page_schema(case_schema()),
              .handler = [&investigations](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                CaseFilter f;
                f.type = http::query_text(req, "type");
                if (f.type &&
                    std::find(incident_types().begin(), incident_types().end(), *f.type) == incident_types().end()) {
                  return Error::invalid("common.query_invalid", {{"field", "type"}});
                }
                f.grade = http::query_text(req, "grade");
                if (f.grade && std::find(accident_grades().begin(), accident_grades().end(), *f.grade) ==
                                   accident_grades().end()) {
                  return Error::invalid("common.query_invalid", {{"field", "grade"}});
                }
                f.q = http::query_text(req, "q");
                auto result = investigations.cases(f, page);
                json items = json::array();
                for (const auto& k : result.items) items.push_back(to_json(k));
                return http::Response::json(http::page_json(items, result.total, page));
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/cases/{id}",
              .permission = kCaseRead,
              .summary = "A published case",
              .tag = "incidents",
              .response_schema = case_schema(),
              .handler = [&investigations](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto k, investigations.case_by_id(id));
                return http::Response::json(to_json(k));
              }});
}

}  // namespace

void register_aftermath_routes(http::Router& router, AftermathService& aftermath,
                               InvestigationService& investigations) {
  add_aftermath(router, aftermath);
  add_investigation(router, investigations);
  add_cases(router, investigations);
}

}  // namespace anxin::incidents
