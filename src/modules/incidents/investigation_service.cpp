#include "modules/incidents/investigation_service.hpp"

#include <algorithm>

#include "modules/identity/scope.hpp"
#include "platform/text/utf8.hpp"

namespace anxin::incidents {
namespace {

bool one_of(const std::vector<std::string>& values, const std::string& v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

std::optional<std::string> trimmed(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  return std::string(text::trim_ascii(*v));
}

nlohmann::json audit_json(const Investigation& i) {
  // Facts and responsibility are class 3: the audit records that they changed, not what they say.
  return {{"status", i.status},
          {"grade", i.grade ? nlohmann::json(*i.grade) : nlohmann::json(nullptr)},
          {"has_facts", i.facts.has_value() && !i.facts->empty()},
          {"has_responsibility", i.responsibility.has_value() && !i.responsibility->empty()},
          {"version", i.version}};
}

/// The id of the department at the level below the root on a materialised path "/1/4/9/" (4 here),
/// or the root itself when the path has one level.
std::optional<std::int64_t> top_level_department(const std::string& path) {
  std::vector<std::int64_t> ids;
  std::size_t start = 0;
  while (start < path.size()) {
    const auto end = path.find('/', start);
    const auto part = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!part.empty()) ids.push_back(std::stoll(part));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (ids.empty()) return std::nullopt;
  return ids.size() >= 2 ? ids[1] : ids[0];
}

/// Validates a corrective-action or recovery-task body shared by both.
Status check_task(std::string& title, std::int64_t owner_id, TimestampMs due_at) {
  title = std::string(text::trim_ascii(title));
  if (title.empty()) return Error::invalid("common.field_required", {{"field", "title"}});
  if (owner_id <= 0) return Error::invalid("common.field_required", {{"field", "owner_id"}});
  if (due_at <= 0) return Error::invalid("common.field_required", {{"field", "due_at"}});
  return ok_status();
}

}  // namespace

InvestigationService::InvestigationService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                                           audit::AuditSink& audit)
    : db_(db), clock_(clock), audit_(audit), incidents_(keys), repo_(keys) {}

Result<Incident> InvestigationService::load_in_scope(db::Conn& c, const Caller& caller, std::int64_t id) {
  auto i = incidents_.get(c, id);
  if (!i || !identity::in_scope(caller, i->reporter_id, i->department_id, i->department_path)) {
    return Error::not_found("incidents.not_found");
  }
  return *i;
}

Result<Investigation> InvestigationService::load_investigation(db::Conn& c, std::int64_t incident_id) {
  auto r = repo_.investigation(c, incident_id);
  if (!r) return Error::not_found("incidents.investigation_not_found");
  return *r;
}

void InvestigationService::record(db::Conn& c, const Caller& caller, const Incident& i, const std::string& action,
                                  const std::string& summary, nlohmann::json before, nlohmann::json after,
                                  const std::string& reason) {
  incidents_.add_event(c, i.id, clock_.now_ms(), caller.user_id, "investigation", summary, std::nullopt);
  audit_.append(c, {.actor = audit::Actor::of(caller),
                    .action = action,
                    .entity = "incident",
                    .entity_id = std::to_string(i.id),
                    .department_id = i.department_id,
                    .before = std::move(before),
                    .after = std::move(after),
                    .reason = reason});
}

Result<Investigation> InvestigationService::get(const Caller& caller, std::int64_t incident_id) {
  return db_.read([&](db::Conn& c) -> Result<Investigation> {
    ANXIN_TRY(load_in_scope(c, caller, incident_id));
    return load_investigation(c, incident_id);
  });
}

Result<Investigation> InvestigationService::open(const Caller& caller, std::int64_t incident_id,
                                                 const InvestigationDraft& draft) {
  if (draft.grade && !one_of(accident_grades(), *draft.grade)) {
    return Error::invalid("common.field_enum", {{"field", "grade"}});
  }
  return db_.write([&](db::Conn& c) -> Result<Investigation> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    if (i.status == "closed") return Error::conflict("incidents.incident_closed");
    if (repo_.investigation(c, incident_id)) return Error::conflict("incidents.investigation_exists");
    Investigation report;
    report.facts = trimmed(draft.facts);
    report.direct_causes = trimmed(draft.direct_causes).value_or("");
    report.root_causes = trimmed(draft.root_causes).value_or("");
    report.responsibility = trimmed(draft.responsibility);
    report.grade = draft.grade;
    report.summary_review = trimmed(draft.summary_review).value_or("");
    repo_.open_investigation(c, incident_id, report, caller.user_id, clock_.now_ms());
    Investigation saved = *repo_.investigation(c, incident_id);
    record(c, caller, i, "open_investigation", "opened", nullptr, audit_json(saved));
    return saved;
  });
}

Result<Investigation> InvestigationService::update(const Caller& caller, std::int64_t incident_id, std::int64_t version,
                                                   const InvestigationDraft& draft) {
  if (draft.grade && !one_of(accident_grades(), *draft.grade)) {
    return Error::invalid("common.field_enum", {{"field", "grade"}});
  }
  return db_.write([&](db::Conn& c) -> Result<Investigation> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    ANXIN_ASSIGN_OR_RETURN(Investigation report, load_investigation(c, incident_id));
    if (report.status == "closed") return Error::conflict("incidents.investigation_closed");
    // A submitted report is what was submitted; the leadership's summary review follows it.
    if (report.status == "submitted" && !draft.only_summary_review()) {
      return Error::conflict("incidents.investigation_not_draft");
    }
    if (report.version != version) return Error::conflict("common.version_conflict");
    const nlohmann::json before = audit_json(report);
    if (draft.facts) report.facts = trimmed(draft.facts);
    if (draft.direct_causes) report.direct_causes = *trimmed(draft.direct_causes);
    if (draft.root_causes) report.root_causes = *trimmed(draft.root_causes);
    if (draft.responsibility) report.responsibility = trimmed(draft.responsibility);
    if (draft.grade) report.grade = draft.grade;
    if (draft.summary_review) report.summary_review = *trimmed(draft.summary_review);
    if (!repo_.update_investigation(c, report, version, clock_.now_ms())) {
      return Error::conflict("common.version_conflict");
    }
    Investigation saved = *repo_.investigation(c, incident_id);
    record(c, caller, i, "update_investigation", "updated", before, audit_json(saved));
    return saved;
  });
}

Result<Investigation> InvestigationService::submit(const Caller& caller, std::int64_t incident_id,
                                                   std::int64_t version) {
  return db_.write([&](db::Conn& c) -> Result<Investigation> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    ANXIN_ASSIGN_OR_RETURN(Investigation report, load_investigation(c, incident_id));
    if (report.status != "draft") return Error::conflict("incidents.investigation_not_draft");
    if (report.version != version) return Error::conflict("common.version_conflict");
    // The four parts of INC-9 that make a report: what happened, why, and how serious it was.
    if (!report.facts || report.facts->empty()) {
      return Error::invalid("incidents.investigation_incomplete", {{"field", "facts"}});
    }
    if (report.direct_causes.empty()) {
      return Error::invalid("incidents.investigation_incomplete", {{"field", "direct_causes"}});
    }
    if (report.root_causes.empty()) {
      return Error::invalid("incidents.investigation_incomplete", {{"field", "root_causes"}});
    }
    if (!report.grade) return Error::invalid("incidents.investigation_incomplete", {{"field", "grade"}});
    const TimestampMs now = clock_.now_ms();
    if (!repo_.submit_investigation(c, report.id, version, caller.user_id, now)) {
      return Error::conflict("common.version_conflict");
    }
    Investigation saved = *repo_.investigation(c, incident_id);
    record(c, caller, i, "submit_investigation", "submitted", audit_json(report), audit_json(saved));
    return saved;
  });
}

Result<Investigation> InvestigationService::send_back(const Caller& caller, std::int64_t incident_id,
                                                      std::int64_t version, const std::string& reason) {
  return db_.write([&](db::Conn& c) -> Result<Investigation> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    ANXIN_ASSIGN_OR_RETURN(Investigation report, load_investigation(c, incident_id));
    if (report.status != "submitted") return Error::conflict("incidents.investigation_not_submitted");
    if (report.version != version) return Error::conflict("common.version_conflict");
    if (!repo_.return_investigation(c, report.id, version, clock_.now_ms())) {
      return Error::conflict("common.version_conflict");
    }
    Investigation saved = *repo_.investigation(c, incident_id);
    record(c, caller, i, "return_investigation", "returned", audit_json(report), audit_json(saved), reason);
    return saved;
  });
}

Result<Investigation> InvestigationService::close(const Caller& caller, std::int64_t incident_id,
                                                  std::int64_t version) {
  return db_.write([&](db::Conn& c) -> Result<Investigation> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    ANXIN_ASSIGN_OR_RETURN(Investigation report, load_investigation(c, incident_id));
    if (report.status != "submitted") return Error::conflict("incidents.investigation_not_submitted");
    if (report.version != version) return Error::conflict("common.version_conflict");
    if (i.status != "ended") return Error::conflict("incidents.not_ended");
    if (report.summary_review.empty()) {
      return Error::invalid("incidents.investigation_incomplete", {{"field", "summary_review"}});
    }
    // Corrective actions are tracked to completion: the report stays open until each is verified.
    if (const auto open = repo_.unverified_actions(c, incident_id); open > 0) {
      return Error::conflict("incidents.actions_not_verified", {{"count", open}});
    }
    const TimestampMs now = clock_.now_ms();
    if (!repo_.close_investigation(c, report.id, version, caller.user_id, now)) {
      return Error::conflict("common.version_conflict");
    }
    if (!repo_.close_incident(c, incident_id, now)) return Error::conflict("incidents.not_ended");
    Investigation saved = *repo_.investigation(c, incident_id);
    record(c, caller, i, "close_investigation", "closed", {{"incident_status", i.status}, {"status", report.status}},
           {{"incident_status", "closed"}, {"status", saved.status}});
    return saved;
  });
}

Result<CorrectiveAction> InvestigationService::add_action(const Caller& caller, std::int64_t incident_id,
                                                          CorrectiveAction action) {
  ANXIN_TRY(check_task(action.title, action.owner_id, action.due_at));
  return db_.write([&](db::Conn& c) -> Result<CorrectiveAction> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    ANXIN_ASSIGN_OR_RETURN(Investigation report, load_investigation(c, incident_id));
    if (report.status == "closed") return Error::conflict("incidents.investigation_closed");
    if (!repo_.user_active(c, action.owner_id))
      return Error::invalid("emergency.user_invalid", {{"field", "owner_id"}});
    const auto id = repo_.add_action(c, incident_id, action, clock_.now_ms());
    record(c, caller, i, "add_corrective_action", "action#" + std::to_string(id) + ":open", nullptr,
           {{"action_id", id}, {"owner_id", action.owner_id}, {"due_at", format_rfc3339(action.due_at)}});
    return repo_.action(c, id)->second;
  });
}

Result<CorrectiveAction> InvestigationService::set_action_status(const Caller& caller, std::int64_t incident_id,
                                                                 std::int64_t action_id, std::int64_t version,
                                                                 const std::string& status) {
  if (!one_of(action_statuses(), status)) return Error::invalid("common.field_enum", {{"field", "status"}});
  return db_.write([&](db::Conn& c) -> Result<CorrectiveAction> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    auto found = repo_.action(c, action_id);
    if (!found || found->first != incident_id) return Error::not_found("incidents.action_not_found");
    ANXIN_ASSIGN_OR_RETURN(Investigation report, load_investigation(c, incident_id));
    if (report.status == "closed") return Error::conflict("incidents.investigation_closed");
    const CorrectiveAction before = found->second;
    if (before.version != version) return Error::conflict("common.version_conflict");
    // Done is confirmed by verification; work found wanting goes back to open.
    const bool allowed = (before.status == "open" && status == "done") ||
                         (before.status == "done" && (status == "verified" || status == "open"));
    if (!allowed) {
      return Error::conflict("incidents.action_transition", {{"from", before.status}, {"to", status}});
    }
    const TimestampMs now = clock_.now_ms();
    CorrectiveAction after = before;
    after.status = status;
    if (status == "done") after.done_at = now;
    if (status == "open") after.done_at.reset();
    if (status == "verified") {
      after.verified_at = now;
      after.verified_by = caller.user_id;
    }
    if (!repo_.set_action(c, after, version, now)) return Error::conflict("common.version_conflict");
    record(c, caller, i, "corrective_action_status", "action#" + std::to_string(action_id) + ":" + status,
           {{"action_id", action_id}, {"status", before.status}}, {{"action_id", action_id}, {"status", status}});
    return repo_.action(c, action_id)->second;
  });
}

Result<RecoveryTask> InvestigationService::add_recovery_task(const Caller& caller, std::int64_t incident_id,
                                                             RecoveryTask task) {
  ANXIN_TRY(check_task(task.title, task.owner_id, task.due_at));
  return db_.write([&](db::Conn& c) -> Result<RecoveryTask> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    // Recovery follows the investigation's findings and may run on after it is closed.
    ANXIN_TRY(load_investigation(c, incident_id));
    if (!repo_.user_active(c, task.owner_id)) return Error::invalid("emergency.user_invalid", {{"field", "owner_id"}});
    const auto id = repo_.add_recovery_task(c, incident_id, task, clock_.now_ms());
    record(c, caller, i, "add_recovery_task", "recovery#" + std::to_string(id) + ":open", nullptr,
           {{"task_id", id}, {"owner_id", task.owner_id}, {"due_at", format_rfc3339(task.due_at)}});
    return repo_.recovery_task(c, id)->second;
  });
}

Result<RecoveryTask> InvestigationService::set_recovery_status(const Caller& caller, std::int64_t incident_id,
                                                               std::int64_t task_id, std::int64_t version,
                                                               const std::string& status) {
  if (!one_of(recovery_statuses(), status)) return Error::invalid("common.field_enum", {{"field", "status"}});
  return db_.write([&](db::Conn& c) -> Result<RecoveryTask> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    auto found = repo_.recovery_task(c, task_id);
    if (!found || found->first != incident_id) return Error::not_found("incidents.recovery_task_not_found");
    if (found->second.version != version) return Error::conflict("common.version_conflict");
    if (!repo_.set_recovery_status(c, task_id, status, version, clock_.now_ms())) {
      return Error::conflict("common.version_conflict");
    }
    record(c, caller, i, "recovery_task_status", "recovery#" + std::to_string(task_id) + ":" + status,
           {{"task_id", task_id}, {"status", found->second.status}}, {{"task_id", task_id}, {"status", status}});
    return repo_.recovery_task(c, task_id)->second;
  });
}

std::vector<std::string> InvestigationService::personal_terms(db::Conn& c, const Incident& incident,
                                                              const Investigation& report) {
  std::vector<std::string> terms;
  std::vector<std::int64_t> users = {incident.reporter_id};
  if (incident.commander_id) users.push_back(*incident.commander_id);
  if (incident.ended_by) users.push_back(*incident.ended_by);
  if (incident.place) terms.push_back(*incident.place);
  for (const auto& p : incident.people) {
    if (p.name) terms.push_back(*p.name);
    if (p.user_id) users.push_back(*p.user_id);
  }
  for (const auto& j : repo_.injured_of(c, incident.id)) {
    if (j.name) terms.push_back(*j.name);
  }
  for (const auto& k : repo_.compensations_of(c, incident.id)) {
    if (k.payee) terms.push_back(*k.payee);
  }
  for (const auto& v : repo_.visits_of(c, incident.id)) users.push_back(v.visitor_id);
  for (const auto& a : report.actions) users.push_back(a.owner_id);
  for (const auto& t : report.recovery) users.push_back(t.owner_id);
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  for (auto u : users) {
    if (auto name = repo_.user_display_name(c, u)) terms.push_back(*name);
  }
  // A one-character term would match ordinary words; names and places have two or more.
  std::vector<std::string> out;
  for (auto& t : terms) {
    const auto term = std::string(text::trim_ascii(t));
    const auto chars = text::utf8_chars(term);
    if (chars && chars->size() >= 2) out.push_back(term);
  }
  return out;
}

Result<Case> InvestigationService::publish_case(const Caller& caller, std::int64_t incident_id, const NewCase& in) {
  return db_.write([&](db::Conn& c) -> Result<Case> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    if (i.status != "closed") return Error::conflict("incidents.case_needs_closed");
    ANXIN_ASSIGN_OR_RETURN(Investigation report, load_investigation(c, incident_id));
    if (report.status != "closed" || !report.grade) return Error::conflict("incidents.case_needs_closed");
    if (repo_.case_of_incident(c, incident_id)) return Error::conflict("incidents.case_exists");

    Case k;
    k.title = std::string(text::trim_ascii(in.title));
    k.lessons = std::string(text::trim_ascii(in.lessons));
    if (k.title.empty()) return Error::invalid("common.field_required", {{"field", "title"}});
    if (k.lessons.empty()) return Error::invalid("common.field_required", {{"field", "lessons"}});
    k.direct_causes = trimmed(in.direct_causes).value_or(report.direct_causes);
    k.root_causes = trimmed(in.root_causes).value_or(report.root_causes);
    if (in.actions) {
      for (const auto& a : *in.actions) {
        if (auto t = std::string(text::trim_ascii(a)); !t.empty()) k.actions.push_back(t);
      }
    } else {
      for (const auto& a : report.actions) k.actions.push_back(a.title);
    }

    // Everything published is checked, whether the publisher wrote it or it came from the report.
    std::vector<std::pair<std::string, const std::string*>> fields = {{"title", &k.title},
                                                                      {"lessons", &k.lessons},
                                                                      {"direct_causes", &k.direct_causes},
                                                                      {"root_causes", &k.root_causes}};
    for (const auto& a : k.actions) fields.emplace_back("actions", &a);
    const TimestampMs now = clock_.now_ms();
    const auto terms = personal_terms(c, i, report);
    for (const auto& [field, value] : fields) {
      if (auto kind = find_personal_number(*value, now)) {
        return Error::invalid("incidents.case_personal_number", {{"field", field}, {"kind", *kind}});
      }
      for (const auto& term : terms) {
        if (value->find(term) != std::string::npos) {
          return Error::invalid("incidents.case_personal_data", {{"field", field}});
        }
      }
    }

    k.type = i.type;
    k.level = i.level;
    k.month = china_month(i.occurred_at);
    const auto top = top_level_department(i.department_path).value_or(i.department_id);
    k.department_name = repo_.department_name(c, top).value_or("");
    k.grade = *report.grade;
    k.published_at = now;
    k.id = repo_.add_case(c, incident_id, k);
    incidents_.add_event(c, incident_id, now, caller.user_id, "case", "published#" + std::to_string(k.id),
                         std::nullopt);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "publish_case",
                      .entity = "incident_case",
                      .entity_id = std::to_string(k.id),
                      .department_id = i.department_id,
                      .after = {{"incident_id", incident_id}, {"title", k.title}, {"grade", k.grade}}});
    return k;
  });
}

PageOf<Case> InvestigationService::cases(const CaseFilter& filter, const PageRequest& page) {
  return db_.read([&](db::Conn& c) { return repo_.cases(c, filter, page); });
}

Result<Case> InvestigationService::case_by_id(std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<Case> {
    auto k = repo_.case_by_id(c, id);
    if (!k) return Error::not_found("incidents.case_not_found");
    return *k;
  });
}

}  // namespace anxin::incidents
