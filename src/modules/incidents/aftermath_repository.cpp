#include "modules/incidents/aftermath_repository.hpp"

#include <map>

#include "platform/log/log.hpp"

namespace anxin::incidents {

std::string_view incidents_sql(std::string_view name);  // embedded queries/*.sql

namespace {

constexpr const char* kInjured = "incident_injured";
constexpr const char* kTreatments = "incident_treatments";
constexpr const char* kCompensations = "incident_compensations";
constexpr const char* kVisits = "incident_visits";
constexpr const char* kInvestigations = "incident_investigations";

CorrectiveAction action_from(const db::Row& r) {
  return {r.int64("id"),     r.text("title"),        r.int64("owner_id"),        r.int64("due_at"),
          r.text("status"),  r.opt_int64("done_at"), r.opt_int64("verified_at"), r.opt_int64("verified_by"),
          r.int64("version")};
}

RecoveryTask recovery_from(const db::Row& r) {
  return {r.int64("id"), r.text("title"), r.int64("owner_id"), r.int64("due_at"), r.text("status"), r.int64("version")};
}

Case case_from(const db::Row& r) {
  Case k;
  k.id = r.int64("id");
  k.title = r.text("title");
  k.type = r.text("type");
  k.level = static_cast<int>(r.int64("level"));
  k.month = r.text("month");
  k.department_name = r.text("department_name");
  k.grade = r.text("grade");
  k.direct_causes = r.text("direct_causes");
  k.root_causes = r.text("root_causes");
  const auto actions = nlohmann::json::parse(r.text("actions"), nullptr, false);
  if (actions.is_array()) {
    for (const auto& a : actions) {
      if (a.is_string()) k.actions.push_back(a.get<std::string>());
    }
  }
  k.lessons = r.text("lessons");
  k.published_at = r.int64("published_at");
  return k;
}

}  // namespace

std::vector<crypto::EncryptedColumn> aftermath_encrypted_columns() {
  return {{.table = kInjured, .column = "name_enc"}, {.table = kCompensations, .column = "payee_enc"}};
}

std::vector<crypto::EncryptedColumn> aftermath_free_text_columns() {
  return {{.table = kTreatments, .column = "note_enc"},
          {.table = kVisits, .column = "note_enc"},
          {.table = kInvestigations, .column = "facts_enc"},
          {.table = kInvestigations, .column = "responsibility_enc"}};
}

Injured AftermathRepository::injured_from(const db::Row& r) const {
  Injured i;
  i.id = r.int64("id");
  i.person_id = r.opt_int64("person_id");
  i.name = i.person_id ? keys_.open("incident_people", "name_enc", *i.person_id, r, "person_name_enc")
                       : keys_.open(kInjured, "name_enc", i.id, r, "name_enc");
  i.hospital = r.text("hospital");
  i.status = r.text("status");
  i.version = r.int64("version");
  return i;
}

std::int64_t AftermathRepository::add_injured(db::Conn& c, std::int64_t incident, const NewInjured& in, std::int64_t by,
                                              TimestampMs now) {
  const auto id =
      c.query_one(incidents_sql("injured_insert"), incident, in.person_id, in.hospital, in.first.status, by, now)
          ->int64("id");
  // A linked person's name lives with the incident's people; only an unlinked name is kept here.
  if (!in.person_id) c.exec(incidents_sql("injured_seal"), id, keys_.seal(kInjured, "name_enc", id, in.name));
  add_treatment(c, id, in.first, now);
  return id;
}

std::optional<std::pair<std::int64_t, Injured>> AftermathRepository::injured(db::Conn& c, std::int64_t injured_id) {
  auto r = c.query_one(incidents_sql("injured_get"), injured_id);
  if (!r) return std::nullopt;
  return std::make_pair(r->int64("incident_id"), injured_from(*r));
}

std::vector<Injured> AftermathRepository::injured_of(db::Conn& c, std::int64_t incident) {
  std::vector<Injured> out;
  std::map<std::int64_t, std::size_t> index;
  for (const auto& r : c.query(incidents_sql("injured_of"), incident)) {
    index[r.int64("id")] = out.size();
    out.push_back(injured_from(r));
  }
  for (const auto& r : c.query(incidents_sql("treatments_of"), incident)) {
    const auto it = index.find(r.int64("injured_id"));
    if (it == index.end()) continue;
    const auto id = r.int64("id");
    out[it->second].treatments.push_back({id, r.int64("at"), r.text("status"),
                                          keys_.open(kTreatments, "note_enc", id, r, "note_enc"),
                                          r.int64("created_by")});
  }
  return out;
}

std::int64_t AftermathRepository::add_treatment(db::Conn& c, std::int64_t injured_id, const Treatment& t,
                                                TimestampMs now) {
  const auto id =
      c.query_one(incidents_sql("treatment_insert"), injured_id, t.at, t.status, t.created_by, now)->int64("id");
  if (t.note) c.exec(incidents_sql("treatment_seal"), id, keys_.seal(kTreatments, "note_enc", id, t.note));
  // Entries may be recorded late: the person's status is that of the latest entry by time.
  const auto latest = c.query_one(incidents_sql("treatment_latest"), injured_id);
  c.exec(incidents_sql("injured_set_status"), injured_id, latest->text("status"), now);
  return id;
}

std::optional<std::pair<std::optional<std::int64_t>, std::optional<std::string>>> AftermathRepository::person(
    db::Conn& c, std::int64_t incident, std::int64_t person_id) {
  auto r = c.query_one(incidents_sql("person_of_incident"), person_id, incident);
  if (!r) return std::nullopt;
  return std::make_pair(r->opt_int64("user_id"), keys_.open("incident_people", "name_enc", person_id, *r, "name_enc"));
}

Compensation AftermathRepository::compensation_from(const db::Row& r) const {
  Compensation k;
  k.id = r.int64("id");
  k.injured_id = r.opt_int64("injured_id");
  k.kind = r.text("kind");
  k.amount_fen = r.int64("amount_fen");
  k.payee = keys_.open(kCompensations, "payee_enc", k.id, r, "payee_enc");
  k.status = r.text("status");
  k.claim_ref = r.opt_text("claim_ref");
  k.created_at = r.int64("created_at");
  k.updated_at = r.int64("updated_at");
  k.version = r.int64("version");
  return k;
}

std::int64_t AftermathRepository::add_compensation(db::Conn& c, std::int64_t incident, const NewCompensation& in,
                                                   std::int64_t by, TimestampMs now) {
  const auto id = c.query_one(incidents_sql("compensation_insert"), incident, in.injured_id, in.kind, in.amount_fen,
                              in.claim_ref, by, now)
                      ->int64("id");
  c.exec(incidents_sql("compensation_seal"), id, keys_.seal(kCompensations, "payee_enc", id, in.payee));
  return id;
}

std::optional<std::pair<std::int64_t, Compensation>> AftermathRepository::compensation(db::Conn& c, std::int64_t id) {
  auto r = c.query_one(incidents_sql("compensation_get"), id);
  if (!r) return std::nullopt;
  return std::make_pair(r->int64("incident_id"), compensation_from(*r));
}

std::vector<Compensation> AftermathRepository::compensations_of(db::Conn& c, std::int64_t incident) {
  std::vector<Compensation> out;
  for (const auto& r : c.query(incidents_sql("compensations_of"), incident)) out.push_back(compensation_from(r));
  return out;
}

bool AftermathRepository::update_compensation(db::Conn& c, const Compensation& item, std::int64_t expected_version,
                                              TimestampMs now) {
  return c.exec(incidents_sql("compensation_update"), item.id, item.amount_fen,
                keys_.seal(kCompensations, "payee_enc", item.id, item.payee), item.status, item.claim_ref, now,
                expected_version) == 1;
}

void AftermathRepository::set_claim_ref(db::Conn& c, std::int64_t id, const std::optional<std::string>& claim_ref) {
  c.exec(incidents_sql("compensation_set_claim"), id, claim_ref);
}

std::int64_t AftermathRepository::add_visit(db::Conn& c, std::int64_t incident, const Visit& v, std::int64_t by,
                                            TimestampMs now) {
  const auto id = c.query_one(incidents_sql("visit_insert"), incident, v.at, v.visitor_id, v.method,
                              std::int64_t{v.satisfaction}, by, now)
                      ->int64("id");
  if (v.note) c.exec(incidents_sql("visit_seal"), id, keys_.seal(kVisits, "note_enc", id, v.note));
  return id;
}

std::vector<Visit> AftermathRepository::visits_of(db::Conn& c, std::int64_t incident) {
  std::vector<Visit> out;
  for (const auto& r : c.query(incidents_sql("visits_of"), incident)) {
    const auto id = r.int64("id");
    out.push_back({id, r.int64("at"), r.int64("visitor_id"), r.text("method"),
                   static_cast<int>(r.int64("satisfaction")), keys_.open(kVisits, "note_enc", id, r, "note_enc")});
  }
  return out;
}

std::int64_t AftermathRepository::open_investigation(db::Conn& c, std::int64_t incident, const Investigation& i,
                                                     std::int64_t by, TimestampMs now) {
  const auto id = c.query_one(incidents_sql("investigation_insert"), incident, i.direct_causes, i.root_causes, i.grade,
                              i.summary_review, by, now)
                      ->int64("id");
  c.exec(incidents_sql("investigation_seal"), id, keys_.seal(kInvestigations, "facts_enc", id, i.facts),
         keys_.seal(kInvestigations, "responsibility_enc", id, i.responsibility));
  return id;
}

std::optional<Investigation> AftermathRepository::investigation(db::Conn& c, std::int64_t incident) {
  auto r = c.query_one(incidents_sql("investigation_get"), incident);
  if (!r) return std::nullopt;
  Investigation i;
  i.id = r->int64("id");
  i.incident_id = r->int64("incident_id");
  i.facts = keys_.open(kInvestigations, "facts_enc", i.id, *r, "facts_enc");
  i.direct_causes = r->text("direct_causes");
  i.root_causes = r->text("root_causes");
  i.responsibility = keys_.open(kInvestigations, "responsibility_enc", i.id, *r, "responsibility_enc");
  i.grade = r->opt_text("grade");
  i.summary_review = r->text("summary_review");
  i.status = r->text("status");
  i.created_at = r->int64("created_at");
  i.updated_at = r->int64("updated_at");
  i.submitted_at = r->opt_int64("submitted_at");
  i.closed_at = r->opt_int64("closed_at");
  i.version = r->int64("version");
  for (const auto& a : c.query(incidents_sql("actions_of"), incident)) i.actions.push_back(action_from(a));
  for (const auto& t : c.query(incidents_sql("recovery_of"), incident)) i.recovery.push_back(recovery_from(t));
  return i;
}

bool AftermathRepository::update_investigation(db::Conn& c, const Investigation& i, std::int64_t expected_version,
                                               TimestampMs now) {
  return c.exec(incidents_sql("investigation_update"), i.id, keys_.seal(kInvestigations, "facts_enc", i.id, i.facts),
                i.direct_causes, i.root_causes,
                keys_.seal(kInvestigations, "responsibility_enc", i.id, i.responsibility), i.grade, i.summary_review,
                now, expected_version, i.status) == 1;
}

bool AftermathRepository::submit_investigation(db::Conn& c, std::int64_t id, std::int64_t version, std::int64_t by,
                                               TimestampMs now) {
  return c.exec(incidents_sql("investigation_submit"), id, now, by, version) == 1;
}

bool AftermathRepository::return_investigation(db::Conn& c, std::int64_t id, std::int64_t version, TimestampMs now) {
  return c.exec(incidents_sql("investigation_return"), id, now, version) == 1;
}

bool AftermathRepository::close_investigation(db::Conn& c, std::int64_t id, std::int64_t version, std::int64_t by,
                                              TimestampMs now) {
  return c.exec(incidents_sql("investigation_close"), id, now, by, version) == 1;
}

bool AftermathRepository::close_incident(db::Conn& c, std::int64_t incident, TimestampMs now) {
  return c.exec(incidents_sql("incident_close"), incident, now) == 1;
}

std::int64_t AftermathRepository::add_action(db::Conn& c, std::int64_t incident, const CorrectiveAction& a,
                                             TimestampMs now) {
  return c.query_one(incidents_sql("action_insert"), incident, a.title, a.owner_id, a.due_at, now)->int64("id");
}

std::optional<std::pair<std::int64_t, CorrectiveAction>> AftermathRepository::action(db::Conn& c, std::int64_t id) {
  auto r = c.query_one(incidents_sql("action_get"), id);
  if (!r) return std::nullopt;
  return std::make_pair(r->int64("incident_id"), action_from(*r));
}

bool AftermathRepository::set_action(db::Conn& c, const CorrectiveAction& a, std::int64_t expected_version,
                                     TimestampMs now) {
  return c.exec(incidents_sql("action_set_status"), a.id, a.status, a.done_at, a.verified_at, a.verified_by, now,
                expected_version) == 1;
}

std::int64_t AftermathRepository::unverified_actions(db::Conn& c, std::int64_t incident) {
  return c.query_one(incidents_sql("actions_unverified"), incident)->int64("n");
}

std::int64_t AftermathRepository::add_recovery_task(db::Conn& c, std::int64_t incident, const RecoveryTask& t,
                                                    TimestampMs now) {
  return c.query_one(incidents_sql("recovery_insert"), incident, t.title, t.owner_id, t.due_at, now)->int64("id");
}

std::optional<std::pair<std::int64_t, RecoveryTask>> AftermathRepository::recovery_task(db::Conn& c, std::int64_t id) {
  auto r = c.query_one(incidents_sql("recovery_get"), id);
  if (!r) return std::nullopt;
  return std::make_pair(r->int64("incident_id"), recovery_from(*r));
}

bool AftermathRepository::set_recovery_status(db::Conn& c, std::int64_t id, const std::string& status,
                                              std::int64_t expected_version, TimestampMs now) {
  return c.exec(incidents_sql("recovery_set_status"), id, status, now, expected_version) == 1;
}

std::optional<std::int64_t> AftermathRepository::case_of_incident(db::Conn& c, std::int64_t incident) {
  auto r = c.query_one(incidents_sql("case_of_incident"), incident);
  if (!r) return std::nullopt;
  return r->int64("id");
}

std::int64_t AftermathRepository::add_case(db::Conn& c, std::int64_t incident, const Case& k) {
  return c
      .query_one(incidents_sql("case_insert"), incident, k.title, k.type, std::int64_t{k.level}, k.month,
                 k.department_name, k.grade, k.direct_causes, k.root_causes, nlohmann::json(k.actions).dump(),
                 k.lessons, k.published_at)
      ->int64("id");
}

std::optional<Case> AftermathRepository::case_by_id(db::Conn& c, std::int64_t id) {
  auto r = c.query_one(incidents_sql("case_get"), id);
  if (!r) return std::nullopt;
  return case_from(*r);
}

PageOf<Case> AftermathRepository::cases(db::Conn& c, const CaseFilter& f, const PageRequest& page) {
  const std::optional<std::string> q = f.q ? std::optional<std::string>(db::like_escape(*f.q)) : std::nullopt;
  PageOf<Case> out;
  for (const auto& r : c.query(incidents_sql("case_list"), f.type, f.grade, q, page.page_size, page.offset())) {
    out.items.push_back(case_from(r));
  }
  out.total = c.query_one(incidents_sql("case_count"), f.type, f.grade, q)->int64("n");
  return out;
}

std::optional<std::string> AftermathRepository::department_name(db::Conn& c, std::int64_t id) {
  auto d = directory_.department(c, id);
  if (!d) return std::nullopt;
  return std::move(d->name);
}

std::optional<std::string> AftermathRepository::user_display_name(db::Conn& c, std::int64_t id) {
  return directory_.display_name(c, id);
}

bool AftermathRepository::user_active(db::Conn& c, std::int64_t id) { return directory_.user_active(c, id); }

}  // namespace anxin::incidents
