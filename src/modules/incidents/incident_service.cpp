#include "modules/incidents/incident_service.hpp"

#include <algorithm>

#include "modules/identity/scope.hpp"

namespace anxin::incidents {

namespace {

constexpr const char* kStages[] = {"department_head", "leadership", "authorities"};

nlohmann::json audit_json(const Incident& i) {
  return {{"number", i.number},
          {"type", i.type},
          {"title", i.title},
          {"level", i.level},
          {"status", i.status},
          {"department_id", i.department_id},
          {"commander_id", i.commander_id ? nlohmann::json(*i.commander_id) : nlohmann::json(nullptr)}};
}

bool valid_task_status(const std::string& s) {
  return s == "open" || s == "in_progress" || s == "done" || s == "cancelled";
}

}  // namespace

const std::vector<std::string>& onsite_kinds() {
  static const std::vector<std::string> kKinds = {"rescue",        "evacuation",         "customer_reassurance",
                                                  "order_keeping", "scene_preservation", "message"};
  return kKinds;
}

IncidentService::IncidentService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                                 audit::AuditSink& audit, emergency::OrganisationService& organisation,
                                 notify::Notifier* notifier, const extend::RecordLinks* links)
    : db_(db),
      clock_(clock),
      audit_(audit),
      organisation_(organisation),
      links_(links),
      notifier_(notifier),
      repo_(keys) {}

Status IncidentService::link_people(db::Conn& c, const Caller& caller, std::vector<Person>& people) const {
  for (std::size_t n = 0; n < people.size(); ++n) {
    Person& p = people[n];
    const auto resolve = [&](const char* kind, std::int64_t id, const char* field) -> Result<extend::LinkedRecord> {
      std::optional<extend::LinkedRecord> r;
      if (links_ != nullptr) r = links_->resolve(c, caller, kind, id);
      if (!r) {
        return Error::unprocessable("incidents.person_record_unknown",
                                    {{"field", "people[" + std::to_string(n) + "]." + field}});
      }
      return *r;
    };
    if (p.order_id) {
      ANXIN_ASSIGN_OR_RETURN(auto o, resolve("order", *p.order_id, "order_id"));
      p.order_ref = o.order_number;
      if (p.role == "customer" && !p.customer_id) p.customer_id = o.customer_id;
      if (p.role == "worker" && !p.worker_id) p.worker_id = o.worker_id;
    }
    if (p.worker_id) {
      ANXIN_ASSIGN_OR_RETURN(auto w, resolve("worker", *p.worker_id, "worker_id"));
      if (!p.name || p.name->empty()) p.name = w.name;
    }
    if (p.customer_id) {
      ANXIN_ASSIGN_OR_RETURN(auto k, resolve("customer", *p.customer_id, "customer_id"));
      if (!p.name || p.name->empty()) p.name = k.name;
    }
  }
  return ok_status();
}

void IncidentService::register_with(jobs::JobQueue& queue) {
  queue.register_handler(kEscalateJob, [this](db::Conn& c, const nlohmann::json& payload) -> Status {
    return escalate(c, payload.at("step_id").get<std::int64_t>());
  });
}

void IncidentService::register_templates(notify::Notifier& notifier) {
  notifier.register_template(
      {"incident.reported", "【{level}级】新突发事件：{title}",
       "{number} {title}（{level}级）已上报，请按时逐级报告并处置。", "[Level {level}] New incident: {title}",
       "{number} {title} (level {level}) was reported; report up the chain and respond in time."});
  notifier.register_template({"incident.step_overdue", "【超时升级】{number} {stage} 未按时报告",
                              "{number} {title}：{stage} 环节已超过期限，已升级至您处理。",
                              "[Escalated] {number}: {stage} overdue",
                              "{number} {title}: the {stage} step is past its deadline and was escalated to you."});
  notifier.register_template({"incident.level_changed", "【{level}级】{number} 响应级别调整",
                              "{number} {title} 的响应级别调整为 {level} 级：{reason}",
                              "[Level {level}] {number}: response level changed",
                              "{number} {title} is now a level {level} response: {reason}"});
}

Result<Incident> IncidentService::load_in_scope(db::Conn& c, const Caller& caller, std::int64_t id) {
  auto i = repo_.get(c, id);
  // Records outside the caller's scope answer "not found", as if they did not exist.
  if (!i || !identity::in_scope(caller, i->reporter_id, i->department_id, i->department_path)) {
    return Error::not_found("incidents.not_found");
  }
  return *i;
}

void IncidentService::notify_users(db::Conn& c, const std::string& event, const Incident& i,
                                   std::vector<std::int64_t> users, nlohmann::json params) {
  if (notifier_ == nullptr) return;
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  notify::Publication p;
  p.event = event;
  p.entity = "incident";
  p.entity_id = i.id;
  params["number"] = i.number;
  params["title"] = i.title;
  if (!params.contains("level")) params["level"] = level_name(i.level);
  p.params = params;
  for (auto u : users) {
    if (u != 0) p.recipients.push_back({u, "zh-CN", {notify::Via::kInApp, notify::Via::kSms}});
  }
  if (p.recipients.empty()) return;
  if (auto r = notifier_->publish(c, p); !r.ok()) throw ErrorException(r.error());
}

std::vector<std::int64_t> IncidentService::plan_steps(db::Conn& c, const Incident& i, int level, TimestampMs from,
                                                      const std::vector<Step>& existing) {
  std::vector<std::int64_t> assigned;
  std::int64_t seq = 0;
  for (const auto& s : existing) {
    seq = std::max(seq, s.seq);
    if (s.assignee_id && s.status == "pending") assigned.push_back(*s.assignee_id);
  }
  const auto deadlines = repo_.deadlines_of_level(c, level);
  for (const char* stage : kStages) {
    const bool present = std::any_of(existing.begin(), existing.end(), [&](const Step& s) { return s.stage == stage; });
    if (present) continue;
    const auto minutes = deadlines.find(stage);
    if (minutes == deadlines.end()) continue;  // e.g. no report to the authorities below level II
    std::optional<std::int64_t> assignee;
    if (std::string(stage) == "department_head") {
      assignee = organisation_.department_head(c, i.department_id);
    } else if (auto leader = organisation_.commander_for(c, 1, i.department_id); leader.ok()) {
      assignee = leader->user_id;
    }
    const TimestampMs due = from + minutes->second * 60 * 1000;
    const auto step_id = repo_.add_step(c, i.id, ++seq, stage, assignee, due, false, std::nullopt, clock_.now_ms());
    if (assignee) assigned.push_back(*assignee);
    jobs::JobQueue::enqueue(c,
                            {.kind = kEscalateJob,
                             .payload = {{"step_id", step_id}},
                             .run_at = due,
                             .dedupe_key = "incident-step:" + std::to_string(step_id)},
                            clock_.now_ms());
  }
  return assigned;
}

Result<Incident> IncidentService::report(const Caller& caller, NewIncident in) {
  if (std::find(incident_types().begin(), incident_types().end(), in.type) == incident_types().end()) {
    return Error::invalid("common.field_enum", {{"field", "type"}});
  }
  if (in.level < 1 || in.level > 4) return Error::invalid("emergency.level_invalid", {{"field", "level"}});
  const TimestampMs now = clock_.now_ms();
  if (in.occurred_at == 0) in.occurred_at = now;
  if (in.occurred_at > now + 5 * 60 * 1000)
    return Error::invalid("incidents.occurred_in_future", {{"field", "occurred_at"}});
  return db_.write([&](db::Conn& c) -> Result<Incident> {
    // Reporters may report for their own department or, with a wider scope, for units in it.
    Caller scoped = caller;
    if (scoped.data_scope == 0) scoped.data_scope = 1;
    auto department_path = repo_.department_path(c, in.department_id);
    if (!department_path || !identity::department_in_scope(scoped, in.department_id, *department_path)) {
      return Error::invalid("identity.department_not_found", {{"field", "department_id"}});
    }
    ANXIN_TRY(link_people(c, caller, in.people));
    auto commander = organisation_.commander_for(c, in.level, in.department_id);
    std::optional<std::int64_t> commander_id;
    std::string rule = "unassigned";
    if (commander.ok()) {
      commander_id = commander->user_id;
      rule = commander->rule;
    }
    Incident i = repo_.insert(c, in, caller.user_id, commander_id, rule, now);
    i.department_path = std::move(*department_path);
    const std::int64_t id = i.id;
    repo_.add_level(c, id, now, caller.user_id, std::nullopt, in.level, commander_id, rule, "initial report");
    // Step 1: the person on site has reported (this report).
    Step onsite;
    onsite.id = repo_.add_step(c, id, 1, "onsite", caller.user_id, now, true, caller.user_id, now);
    onsite.seq = 1;
    onsite.stage = "onsite";
    onsite.status = "done";
    std::vector<std::int64_t> tell = plan_steps(c, i, in.level, now, {onsite});
    repo_.add_event(c, id, now, caller.user_id, "report", "report", in.description);
    if (commander_id) repo_.add_event(c, id, now, std::nullopt, "commander", rule, std::nullopt);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "create",
                      .entity = "incident",
                      .entity_id = std::to_string(id),
                      .department_id = in.department_id,
                      .after = audit_json(i)});
    if (commander_id) tell.push_back(*commander_id);
    notify_users(c, "incident.reported", i, tell, nlohmann::json::object());
    return i;
  });
}

Result<Incident> IncidentService::get(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) { return load_in_scope(c, caller, id); });
}

Result<PageOf<Incident>> IncidentService::list(const Caller& caller, const IncidentFilter& filter,
                                               const PageRequest& page) {
  return db_.read(
      [&](db::Conn& c) { return repo_.list(c, filter, identity::scope_filter(caller), clock_.now_ms(), page); });
}

std::array<std::int64_t, 4> IncidentService::count_by_level(const Caller& caller, TimestampMs from) {
  return db_.read([&](db::Conn& c) { return repo_.count_by_level(c, from, identity::scope_filter(caller)); });
}

Status IncidentService::follow_up(const Caller& caller, std::int64_t id, const std::string& text) {
  return db_.write([&](db::Conn& c) -> Status {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, id));
    if (i.status == "closed") return Error::conflict("incidents.closed");
    const TimestampMs now = clock_.now_ms();
    repo_.add_report(c, id, caller.user_id, now, text);
    repo_.add_event(c, id, now, caller.user_id, "follow_up", "follow_up", text);
    repo_.touch(c, id, now);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "follow_up",
                      .entity = "incident",
                      .entity_id = std::to_string(id),
                      .department_id = i.department_id});
    return ok_status();
  });
}

Result<std::vector<Step>> IncidentService::steps(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<std::vector<Step>> {
    ANXIN_TRY(load_in_scope(c, caller, id));
    return repo_.steps(c, id);
  });
}

Status IncidentService::acknowledge_step(const Caller& caller, std::int64_t id, std::int64_t step_id) {
  return db_.write([&](db::Conn& c) -> Status {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, id));
    auto s = repo_.step(c, step_id);
    if (!s || s->first != id) return Error::not_found("incidents.step_not_found");
    const Step& step = s->second;
    const bool mine = step.assignee_id == caller.user_id || step.escalated_to == caller.user_id;
    if (!mine && !caller.has("incidents:incident:manage")) return Error::forbidden("incidents.not_your_step");
    if (step.status == "done") return Error::conflict("incidents.step_done");
    const TimestampMs now = clock_.now_ms();
    repo_.complete_step(c, step_id, now, caller.user_id);
    repo_.add_event(c, id, now, caller.user_id, "step", step.stage + ":done", std::nullopt);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "acknowledge_step",
                      .entity = "incident",
                      .entity_id = std::to_string(id),
                      .department_id = i.department_id,
                      .after = {{"step", step.stage}, {"late", now > step.due_at}}});
    return ok_status();
  });
}

Status IncidentService::escalate(db::Conn& c, std::int64_t step_id) {
  auto s = repo_.step(c, step_id);
  if (!s) return ok_status();
  const auto& [incident_id, step] = *s;
  const TimestampMs now = clock_.now_ms();
  if (step.status != "pending" || step.due_at > now) return ok_status();  // done in time, or moved
  auto i = repo_.get(c, incident_id);
  if (!i || i->status != "responding") return ok_status();
  // The next person up: the assignee of the next step, else the leader, else the commander.
  std::optional<std::int64_t> to;
  for (const auto& other : repo_.steps(c, incident_id)) {
    if (other.seq > step.seq && other.assignee_id && other.assignee_id != step.assignee_id) {
      to = other.assignee_id;
      break;
    }
  }
  if (!to) {
    if (auto leader = organisation_.commander_for(c, 1, i->department_id); leader.ok()) to = leader->user_id;
  }
  if (!to) to = i->commander_id;
  if (!repo_.escalate_step(c, step_id, now, to)) return ok_status();
  repo_.add_event(c, incident_id, now, std::nullopt, "escalation", step.stage + ":overdue", std::nullopt);
  Caller system;
  system.username = "system";
  audit_.append(
      c, {.actor = audit::Actor::of(system),
          .action = "escalate_step",
          .entity = "incident",
          .entity_id = std::to_string(incident_id),
          .department_id = i->department_id,
          .after = {{"step", step.stage}, {"escalated_to", to ? nlohmann::json(*to) : nlohmann::json(nullptr)}}});
  std::vector<std::int64_t> tell;
  if (to) tell.push_back(*to);
  if (step.assignee_id) tell.push_back(*step.assignee_id);
  notify_users(c, "incident.step_overdue", *i, tell, {{"stage", step.stage}});
  return ok_status();
}

Result<Incident> IncidentService::change_level(const Caller& caller, std::int64_t id, std::int64_t version, int level,
                                               const std::string& reason) {
  if (level < 1 || level > 4) return Error::invalid("emergency.level_invalid", {{"field", "level"}});
  return db_.write([&](db::Conn& c) -> Result<Incident> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, id));
    if (i.status != "responding") return Error::conflict("incidents.not_responding");
    if (i.version != version) return Error::conflict("common.version_conflict");
    if (i.level == level) return Error::conflict("incidents.level_unchanged");
    auto commander = organisation_.commander_for(c, level, i.department_id);
    if (!commander.ok()) return commander.error();
    const TimestampMs now = clock_.now_ms();
    if (!repo_.set_level(c, id, level, commander->user_id, commander->rule, now, version)) {
      return Error::conflict("common.version_conflict");
    }
    repo_.add_level(c, id, now, caller.user_id, i.level, level, commander->user_id, commander->rule, reason);
    Incident saved = *repo_.get(c, id);
    // A higher level may bring stages the lower one did not need (the report to the authorities).
    plan_steps(c, saved, level, now, repo_.steps(c, id));
    repo_.add_event(c, id, now, caller.user_id, "level", std::string(level_name(i.level)) + "->" + level_name(level),
                    reason);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "change_level",
                      .entity = "incident",
                      .entity_id = std::to_string(id),
                      .department_id = i.department_id,
                      .before = {{"level", i.level}},
                      .after = {{"level", level}, {"commander_id", commander->user_id}},
                      .reason = reason});
    notify_users(c, "incident.level_changed", saved, {commander->user_id}, {{"reason", reason}});
    return saved;
  });
}

Result<Incident> IncidentService::override_commander(const Caller& caller, std::int64_t id, std::int64_t version,
                                                     std::int64_t commander_id, const std::string& reason) {
  return db_.write([&](db::Conn& c) -> Result<Incident> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, id));
    if (i.status != "responding") return Error::conflict("incidents.not_responding");
    if (i.version != version) return Error::conflict("common.version_conflict");
    if (!repo_.user_active(c, commander_id)) {
      return Error::invalid("emergency.user_invalid", {{"field", "commander_id"}});
    }
    const TimestampMs now = clock_.now_ms();
    if (!repo_.set_level(c, id, i.level, commander_id, "override", now, version))
      return Error::conflict("common.version_conflict");
    repo_.add_level(c, id, now, caller.user_id, i.level, i.level, commander_id, "override", reason);
    repo_.add_event(c, id, now, caller.user_id, "commander", "override", reason);
    audit_.append(
        c, {.actor = audit::Actor::of(caller),
            .action = "override_commander",
            .entity = "incident",
            .entity_id = std::to_string(id),
            .department_id = i.department_id,
            .before = {{"commander_id", i.commander_id ? nlohmann::json(*i.commander_id) : nlohmann::json(nullptr)}},
            .after = {{"commander_id", commander_id}},
            .reason = reason});
    return *repo_.get(c, id);
  });
}

Result<Task> IncidentService::add_task(const Caller& caller, std::int64_t id, Task task) {
  return db_.write([&](db::Conn& c) -> Result<Task> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, id));
    if (i.status != "responding") return Error::conflict("incidents.not_responding");
    if (!organisation_.group_exists(c, task.group_code)) {
      return Error::invalid("emergency.group_not_found", {{"field", "group_code"}});
    }
    const TimestampMs now = clock_.now_ms();
    const auto task_id = repo_.add_task(c, id, task, now);
    repo_.add_event(c, id, now, caller.user_id, "task", task.group_code + ":" + task.title, std::nullopt);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "add_task",
                      .entity = "incident",
                      .entity_id = std::to_string(id),
                      .department_id = i.department_id,
                      .after = {{"task_id", task_id}, {"group", task.group_code}}});
    return repo_.task(c, task_id)->second;
  });
}

Result<Task> IncidentService::set_task_status(const Caller& caller, std::int64_t id, std::int64_t task_id,
                                              std::int64_t version, const std::string& status) {
  if (!valid_task_status(status)) return Error::invalid("common.field_enum", {{"field", "status"}});
  return db_.write([&](db::Conn& c) -> Result<Task> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, id));
    if (i.status == "closed") return Error::conflict("incidents.closed");
    auto t = repo_.task(c, task_id);
    if (!t || t->first != id) return Error::not_found("incidents.task_not_found");
    const TimestampMs now = clock_.now_ms();
    if (!repo_.set_task_status(c, task_id, status, now, version)) return Error::conflict("common.version_conflict");
    repo_.add_event(c, id, now, caller.user_id, "task", t->second.title + ":" + status, std::nullopt);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "task_status",
                      .entity = "incident",
                      .entity_id = std::to_string(id),
                      .department_id = i.department_id,
                      .before = {{"status", t->second.status}},
                      .after = {{"status", status}}});
    return repo_.task(c, task_id)->second;
  });
}

Result<std::vector<Task>> IncidentService::tasks(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<std::vector<Task>> {
    ANXIN_TRY(load_in_scope(c, caller, id));
    return repo_.tasks(c, id);
  });
}

Status IncidentService::add_record(const Caller& caller, std::int64_t id, const std::string& kind,
                                   const std::string& note) {
  if (std::find(onsite_kinds().begin(), onsite_kinds().end(), kind) == onsite_kinds().end()) {
    return Error::invalid("common.field_enum", {{"field", "kind"}});
  }
  return db_.write([&](db::Conn& c) -> Status {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, id));
    if (i.status == "closed") return Error::conflict("incidents.closed");
    const TimestampMs now = clock_.now_ms();
    repo_.add_event(c, id, now, caller.user_id, kind, kind, note);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "add_record",
                      .entity = "incident",
                      .entity_id = std::to_string(id),
                      .department_id = i.department_id,
                      .after = {{"kind", kind}}});
    return ok_status();
  });
}

Result<std::vector<Event>> IncidentService::timeline(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<std::vector<Event>> {
    ANXIN_TRY(load_in_scope(c, caller, id));
    return repo_.events(c, id);
  });
}

Result<nlohmann::json> IncidentService::level_history(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<nlohmann::json> {
    ANXIN_TRY(load_in_scope(c, caller, id));
    return repo_.levels(c, id);
  });
}

Result<Incident> IncidentService::end(const Caller& caller, std::int64_t id, std::int64_t version,
                                      std::optional<std::int64_t> loss_fen,
                                      const std::optional<std::string>& assessment) {
  if (loss_fen && *loss_fen < 0) return Error::invalid("common.field_too_small", {{"field", "loss_fen"}, {"min", 0}});
  return db_.write([&](db::Conn& c) -> Result<Incident> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, id));
    // The end of an emergency is declared by the leadership group (INC-7).
    if (!organisation_.in_leadership(c, caller.user_id)) return Error::forbidden("incidents.leadership_only");
    if (i.status != "responding") return Error::conflict("incidents.not_responding");
    const TimestampMs now = clock_.now_ms();
    if (!repo_.end(c, id, now, caller.user_id, loss_fen, assessment, version))
      return Error::conflict("common.version_conflict");
    repo_.add_event(c, id, now, caller.user_id, "end", "emergency_ended", assessment);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "end",
                      .entity = "incident",
                      .entity_id = std::to_string(id),
                      .department_id = i.department_id,
                      .after = {{"loss_fen", loss_fen ? nlohmann::json(*loss_fen) : nlohmann::json(nullptr)}}});
    return *repo_.get(c, id);
  });
}

nlohmann::json IncidentService::deadlines() {
  return db_.read([&](db::Conn& c) { return repo_.deadlines(c); });
}

Status IncidentService::set_deadline(const Caller& caller, int level, const std::string& stage, std::int64_t minutes) {
  return db_.write([&](db::Conn& c) -> Status {
    repo_.set_deadline(c, level, stage, minutes);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "set_deadline",
                      .entity = "incident_deadline",
                      .entity_id = std::to_string(level) + ":" + stage,
                      .after = {{"minutes", minutes}}});
    return ok_status();
  });
}

}  // namespace anxin::incidents
