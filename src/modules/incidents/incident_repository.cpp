#include "modules/incidents/incident_repository.hpp"

#include <fmt/format.h>

#include <string>
#include <unordered_map>

#include "platform/log/log.hpp"

namespace anxin::incidents {

std::string_view incidents_sql(std::string_view name);  // embedded queries/*.sql

Incident IncidentRepository::from_row(db::Conn& c, const db::Row& r, std::string department_path) {
  Incident i;
  i.id = r.int64("id");
  i.number = r.text("number");
  i.type = r.text("type");
  i.title = r.text("title");
  i.occurred_at = r.int64("occurred_at");
  i.reported_at = r.int64("reported_at");
  i.department_id = r.int64("department_id");
  i.department_path = std::move(department_path);
  i.reporter_id = r.int64("reporter_id");
  i.place = keys_.open("incidents", "place_enc", i.id, r, "place_enc");
  i.nature = r.text("nature");
  i.scope = r.text("scope");
  i.deaths = r.int64("deaths");
  i.injuries = r.int64("injuries");
  i.description = keys_.open("incidents", "description_enc", i.id, r, "description_enc");
  i.measures = keys_.open("incidents", "measures_enc", i.id, r, "measures_enc");
  i.level = static_cast<int>(r.int64("level"));
  i.commander_id = r.opt_int64("commander_id");
  i.commander_rule = r.opt_text("commander_rule");
  i.status = r.text("status");
  i.ended_at = r.opt_int64("ended_at");
  i.ended_by = r.opt_int64("ended_by");
  i.loss_fen = r.opt_int64("loss_fen");
  i.loss_assessment = keys_.open("incidents", "loss_assessment_enc", i.id, r, "loss_assessment_enc");
  i.version = r.int64("version");
  for (const auto& p : c.query(incidents_sql("people_of"), i.id)) {
    const auto pid = p.int64("id");
    i.people.push_back({.id = pid,
                        .role = p.text("role"),
                        .user_id = p.opt_int64("user_id"),
                        .name = keys_.open("incident_people", "name_enc", pid, p, "name_enc"),
                        .order_ref = p.opt_text("order_ref"),
                        .injured = p.int64("injured") != 0,
                        .worker_id = p.opt_int64("worker_id"),
                        .customer_id = p.opt_int64("customer_id"),
                        .order_id = p.opt_int64("order_id")});
  }
  return i;
}

Incident IncidentRepository::insert(db::Conn& c, const NewIncident& in, std::int64_t reporter,
                                    std::optional<std::int64_t> commander_id, const std::string& commander_rule,
                                    TimestampMs now) {
  Incident i;
  i.id =
      c.query_one(incidents_sql("incident_insert"), in.type, in.title, in.occurred_at, now, in.department_id, reporter,
                  in.nature, in.scope, in.deaths, in.injuries, std::int64_t{in.level}, commander_id, commander_rule)
          ->int64("id");
  i.number = fmt::format("INC-{}-{:06}", format_rfc3339(now).substr(0, 10), i.id);
  c.exec(incidents_sql("incident_seal"), i.id, i.number, keys_.seal("incidents", "place_enc", i.id, in.place),
         keys_.seal("incidents", "description_enc", i.id, in.description),
         keys_.seal("incidents", "measures_enc", i.id, in.measures));
  for (Person p : in.people) {
    p.id = c.query_one(incidents_sql("person_insert"), i.id, p.role, p.user_id, p.order_ref, p.injured, p.worker_id,
                       p.customer_id, p.order_id)
               ->int64("id");
    c.exec(incidents_sql("person_seal"), p.id, keys_.seal("incident_people", "name_enc", p.id, p.name));
    i.people.push_back(std::move(p));
  }
  i.type = in.type;
  i.title = in.title;
  i.occurred_at = in.occurred_at;
  i.reported_at = now;
  i.department_id = in.department_id;
  i.reporter_id = reporter;
  i.place = in.place;
  i.nature = in.nature;
  i.scope = in.scope;
  i.deaths = in.deaths;
  i.injuries = in.injuries;
  i.description = in.description;
  i.measures = in.measures;
  i.level = in.level;
  i.commander_id = commander_id;
  i.commander_rule = commander_rule;
  i.status = "responding";
  i.version = 1;
  return i;
}

std::optional<Incident> IncidentRepository::get(db::Conn& c, std::int64_t id) {
  auto row = c.query_one(incidents_sql("incident_get"), id);
  if (!row) return std::nullopt;
  auto path = department_path(c, row->int64("department_id"));
  if (!path) return std::nullopt;
  return from_row(c, *row, std::move(*path));
}

std::optional<std::string> IncidentRepository::department_path(db::Conn& c, std::int64_t department_id) const {
  auto d = directory_.department(c, department_id);
  if (!d) return std::nullopt;
  return std::move(d->path);
}

bool IncidentRepository::user_active(db::Conn& c, std::int64_t user_id) const {
  return directory_.user_active(c, user_id);
}

std::optional<std::string> IncidentRepository::subtree_ids(db::Conn& c, const identity::ScopeFilter& s) const {
  if (!s.path_prefix) return std::nullopt;
  return db::id_list(directory_.departments_under(c, *s.path_prefix));
}

std::array<std::int64_t, 4> IncidentRepository::count_by_level(db::Conn& c, TimestampMs from,
                                                               const identity::ScopeFilter& s) {
  std::array<std::int64_t, 4> out{};
  for (const auto& r :
       c.query(incidents_sql("incident_count_by_level"), from, subtree_ids(c, s), s.department_id, s.user_id)) {
    const auto level = r.int64("level");
    if (level >= 1 && level <= 4) out[static_cast<std::size_t>(level - 1)] = r.int64("n");
  }
  return out;
}

PageOf<Incident> IncidentRepository::list(db::Conn& c, const IncidentFilter& f, const identity::ScopeFilter& s,
                                          TimestampMs now, const PageRequest& page) {
  const std::optional<std::int64_t> level = f.level ? std::optional<std::int64_t>(*f.level) : std::nullopt;
  const std::optional<std::int64_t> overdue = f.overdue ? std::optional<std::int64_t>(now) : std::nullopt;
  const std::optional<std::string> subtree = subtree_ids(c, s);
  std::unordered_map<std::int64_t, std::string> paths;  // department id -> tree path, for this page
  PageOf<Incident> out;
  for (const auto& r : c.query(incidents_sql("incident_list"), f.type, level, f.status, f.department_id, f.from, f.to,
                               overdue, subtree, s.department_id, s.user_id, page.page_size, page.offset())) {
    const auto department_id = r.int64("department_id");
    auto [it, fresh] = paths.try_emplace(department_id);
    if (fresh) it->second = department_path(c, department_id).value_or("");
    out.items.push_back(from_row(c, r, it->second));
  }
  out.total = c.query_one(incidents_sql("incident_count"), f.type, level, f.status, f.department_id, f.from, f.to,
                          overdue, subtree, s.department_id, s.user_id)
                  ->int64("n");
  return out;
}

bool IncidentRepository::set_level(db::Conn& c, std::int64_t id, int level, std::optional<std::int64_t> commander,
                                   const std::string& rule, TimestampMs now, std::int64_t version) {
  return c.exec(incidents_sql("incident_set_level"), id, std::int64_t{level}, commander, rule, now, version) == 1;
}

bool IncidentRepository::end(db::Conn& c, std::int64_t id, TimestampMs now, std::int64_t by,
                             std::optional<std::int64_t> loss_fen, const std::optional<std::string>& assessment,
                             std::int64_t version) {
  return c.exec(incidents_sql("incident_end"), id, now, by, loss_fen,
                keys_.seal("incidents", "loss_assessment_enc", id, assessment), version) == 1;
}

void IncidentRepository::touch(db::Conn& c, std::int64_t id, TimestampMs now) {
  c.exec(incidents_sql("incident_touch"), id, now);
}

std::int64_t IncidentRepository::add_report(db::Conn& c, std::int64_t incident, std::int64_t author, TimestampMs at,
                                            const std::string& text) {
  const auto id = c.query_one(incidents_sql("report_insert"), incident, author, at, db::Blob{})->int64("id");
  c.exec(incidents_sql("report_seal"), id, keys_.encrypt("incident_reports", "text_enc", id, text));
  return id;
}

std::vector<Event> IncidentRepository::reports(db::Conn& c, std::int64_t incident) {
  std::vector<Event> out;
  for (const auto& r : c.query(incidents_sql("reports_of"), incident)) {
    const auto id = r.int64("id");
    out.push_back({id, r.int64("at"), r.int64("author_id"), "follow_up", "",
                   keys_.open("incident_reports", "text_enc", id, r, "text_enc")});
  }
  return out;
}

std::int64_t IncidentRepository::add_step(db::Conn& c, std::int64_t incident, std::int64_t seq,
                                          const std::string& stage, std::optional<std::int64_t> assignee,
                                          TimestampMs due, bool done, std::optional<std::int64_t> done_by,
                                          TimestampMs now) {
  return c
      .query_one(incidents_sql("step_insert"), incident, seq, stage, assignee, due, done ? "done" : "pending",
                 done ? std::optional<std::int64_t>(now) : std::nullopt, done_by)
      ->int64("id");
}

namespace {
Step step_from(const db::Row& r) {
  return {r.int64("id"),
          r.int64("seq"),
          r.text("stage"),
          r.opt_int64("assignee_id"),
          r.int64("due_at"),
          r.text("status"),
          r.opt_int64("done_at"),
          r.opt_int64("done_by"),
          r.opt_int64("escalated_at"),
          r.opt_int64("escalated_to")};
}
Task task_from(const db::Row& r) {
  return {r.int64("id"),         r.text("group_code"), r.text("title"),   r.opt_int64("owner_id"),
          r.opt_int64("due_at"), r.text("status"),     r.int64("version")};
}
}  // namespace

std::vector<Step> IncidentRepository::steps(db::Conn& c, std::int64_t incident) {
  std::vector<Step> out;
  for (const auto& r : c.query(incidents_sql("steps_of"), incident)) out.push_back(step_from(r));
  return out;
}

std::optional<std::pair<std::int64_t, Step>> IncidentRepository::step(db::Conn& c, std::int64_t step_id) {
  auto r = c.query_one(incidents_sql("step_get"), step_id);
  if (!r) return std::nullopt;
  return std::make_pair(r->int64("incident_id"), step_from(*r));
}

bool IncidentRepository::complete_step(db::Conn& c, std::int64_t step_id, TimestampMs now, std::int64_t by) {
  return c.exec(incidents_sql("step_done"), step_id, now, by) == 1;
}

bool IncidentRepository::escalate_step(db::Conn& c, std::int64_t step_id, TimestampMs now,
                                       std::optional<std::int64_t> to) {
  return c.exec(incidents_sql("step_escalate"), step_id, now, to) == 1;
}

void IncidentRepository::add_level(db::Conn& c, std::int64_t incident, TimestampMs at, std::int64_t by,
                                   std::optional<int> from, int to, std::optional<std::int64_t> commander,
                                   const std::string& rule, const std::string& reason) {
  const std::optional<std::int64_t> from64 = from ? std::optional<std::int64_t>(*from) : std::nullopt;
  c.exec(incidents_sql("level_insert"), incident, at, by, from64, std::int64_t{to}, commander, rule, reason);
}

nlohmann::json IncidentRepository::levels(db::Conn& c, std::int64_t incident) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : c.query(incidents_sql("levels_of"), incident)) {
    out.push_back({{"at", format_rfc3339(r.int64("at"))},
                   {"by_id", r.int64("by_id")},
                   {"from_level",
                    r.opt_int64("from_level") ? nlohmann::json(*r.opt_int64("from_level")) : nlohmann::json(nullptr)},
                   {"to_level", r.int64("to_level")},
                   {"commander_id", r.opt_int64("commander_id") ? nlohmann::json(*r.opt_int64("commander_id"))
                                                                : nlohmann::json(nullptr)},
                   {"commander_rule", r.text("commander_rule")},
                   {"reason", r.text("reason")}});
  }
  return out;
}

std::int64_t IncidentRepository::add_task(db::Conn& c, std::int64_t incident, const Task& t, TimestampMs now) {
  return c.query_one(incidents_sql("task_insert"), incident, t.group_code, t.title, t.owner_id, t.due_at, now)
      ->int64("id");
}

std::optional<std::pair<std::int64_t, Task>> IncidentRepository::task(db::Conn& c, std::int64_t task_id) {
  auto r = c.query_one(incidents_sql("task_get"), task_id);
  if (!r) return std::nullopt;
  return std::make_pair(r->int64("incident_id"), task_from(*r));
}

bool IncidentRepository::set_task_status(db::Conn& c, std::int64_t task_id, const std::string& status, TimestampMs now,
                                         std::int64_t version) {
  return c.exec(incidents_sql("task_set_status"), task_id, status, now, version) == 1;
}

std::vector<Task> IncidentRepository::tasks(db::Conn& c, std::int64_t incident) {
  std::vector<Task> out;
  for (const auto& r : c.query(incidents_sql("tasks_of"), incident)) out.push_back(task_from(r));
  return out;
}

void IncidentRepository::add_event(db::Conn& c, std::int64_t incident, TimestampMs at,
                                   std::optional<std::int64_t> actor, const std::string& kind,
                                   const std::string& summary, const std::optional<std::string>& note) {
  const auto id = c.query_one(incidents_sql("event_insert"), incident, at, actor, kind, summary)->int64("id");
  if (note) c.exec(incidents_sql("event_seal"), id, keys_.encrypt("incident_events", "note_enc", id, *note));
}

std::vector<Event> IncidentRepository::events(db::Conn& c, std::int64_t incident) {
  std::vector<Event> out;
  for (const auto& r : c.query(incidents_sql("events_of"), incident)) {
    const auto id = r.int64("id");
    out.push_back({id, r.int64("at"), r.opt_int64("actor_id"), r.text("kind"), r.text("summary"),
                   keys_.open("incident_events", "note_enc", id, r, "note_enc")});
  }
  return out;
}

std::map<std::string, std::int64_t> IncidentRepository::deadlines_of_level(db::Conn& c, int level) {
  std::map<std::string, std::int64_t> out;
  for (const auto& r : c.query(incidents_sql("deadlines_of_level"), std::int64_t{level})) {
    out.emplace(r.text("stage"), r.int64("minutes"));
  }
  return out;
}

nlohmann::json IncidentRepository::deadlines(db::Conn& c) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : c.query(incidents_sql("deadlines_all"))) {
    out.push_back({{"level", r.int64("level")}, {"stage", r.text("stage")}, {"minutes", r.int64("minutes")}});
  }
  return out;
}

void IncidentRepository::set_deadline(db::Conn& c, int level, const std::string& stage, std::int64_t minutes) {
  c.exec(incidents_sql("deadline_set"), std::int64_t{level}, stage, minutes);
}

}  // namespace anxin::incidents
