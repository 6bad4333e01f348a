// After the emergency: aftermath with compensation in fen, the investigation report with corrective
// actions that block closing, and cases that carry no personal data. SQLite and PostgreSQL.
#include "modules/incidents/aftermath_service.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "modules/identity/testing.hpp"
#include "modules/incidents/incident_service.hpp"
#include "modules/incidents/investigation_service.hpp"
#include "platform/text/identifiers.hpp"

namespace anxin::incidents {
namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;

/// Stands in for the insurance module: opens a "claim" for every new item, or refuses.
class FakeClaimLink : public ClaimLink {
 public:
  Result<std::optional<std::string>> compensation_changed(db::Conn&, const CompensationChange& change) override {
    calls.push_back(change.action + ":" + change.item.status + ":" + change.previous_status);
    if (refuse) return Error::conflict("common.conflict");
    if (change.action == "created") return std::optional<std::string>("CLM-" + std::to_string(change.item.id));
    return std::optional<std::string>();
  }
  std::vector<std::string> calls;
  bool refuse = false;
};

class AftermathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& c : aftermath_encrypted_columns()) w_.keys->register_column(c);
    for (const auto& c : aftermath_free_text_columns()) w_.keys->register_column(c);
    org_ = std::make_unique<emergency::OrganisationService>(w_.db(), clock_, *w_.audit);
    ASSERT_TRUE(org_->ensure_builtin_groups().ok());
    incidents_ = std::make_unique<IncidentService>(w_.db(), clock_, *w_.keys, *w_.audit, *org_, nullptr);
    aftermath_ = std::make_unique<AftermathService>(w_.db(), clock_, *w_.keys, *w_.audit);
    investigations_ = std::make_unique<InvestigationService>(w_.db(), clock_, *w_.keys, *w_.audit);

    hq_ = dept("HQ", "总公司", std::nullopt);
    east_ = dept("EAST", "华东区域", hq_);
    team_ = dept("EAST-T1", "朝阳保洁一组", east_);
    other_ = dept("NORTH", "华北区域", hq_);
    leader_ = w_.user("leader", hq_);
    head_ = w_.user("teamhead", team_);
    agent_ = w_.user("agent", team_);
    manager_ = w_.user("safetymanager", hq_);
    ASSERT_TRUE(org_->set_leaders(IdentityWorld::admin(), {{leader_, "leader", std::nullopt, false},
                                                           {manager_, "deputy_leader", std::nullopt, false}})
                    .ok());
    ASSERT_TRUE(org_->set_department_duty(IdentityWorld::admin(), team_, {head_, std::nullopt, false, ""}).ok());
  }
  void TearDown() override {
    investigations_.reset();
    aftermath_.reset();
    incidents_.reset();
    org_.reset();
  }
  using IdentityWorld = identity::testing::IdentityWorld;

  std::int64_t dept(const std::string& code, const std::string& name, std::optional<std::int64_t> parent) {
    auto d = w_.departments->create(IdentityWorld::admin(),
                                    {.parent_id = parent, .name = name, .code = code, .kind = "department"});
    EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message_key);
    return d->id;
  }

  Caller manager() {
    return IdentityWorld::admin(manager_, {"incidents:incident:manage", "incidents:investigation:manage"});
  }
  Caller as(std::int64_t user_id, std::int64_t department, int scope, int clearance) {
    Caller c;
    c.user_id = user_id;
    c.username = "u" + std::to_string(user_id);
    c.department_id = department;
    c.department_path = w_.departments->get(department)->path;
    c.data_scope = scope;
    c.clearance = clearance;
    return c;
  }
  Incident report() {
    NewIncident n{.type = "customer_injury",
                  .title = "客户家中滑倒受伤",
                  .department_id = team_,
                  .place = "北京市朝阳区幸福小区3号楼2单元501",
                  .nature = "人身伤害",
                  .description = "保洁过程中客户张三在湿地面滑倒",
                  .level = 4};
    n.people.push_back({.role = "customer", .name = "张三", .injured = true});
    auto r = incidents_->report(as(agent_, team_, 1, 2), n);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message_key);
    return r.value();
  }
  Incident end(const Incident& i) {
    auto ended = incidents_->end(as(leader_, hq_, 3, 4), i.id, i.version, 150000, "医药费");
    EXPECT_TRUE(ended.ok()) << (ended.ok() ? "" : ended.error().message_key);
    return ended.value();
  }
  /// A report with facts, causes, grade and summary review, submitted.
  Investigation submitted_report(const Incident& i) {
    auto draft = investigations_->open(manager(), i.id,
                                       {.facts = "保洁员王五拖地后未放置警示牌，客户张三滑倒",
                                        .direct_causes = "湿滑地面未设置警示标识",
                                        .root_causes = "作业规程未规定湿区警示，岗前培训缺少防滑内容",
                                        .responsibility = "王五负直接责任，班组长负管理责任",
                                        .grade = "general"});
    EXPECT_TRUE(draft.ok()) << (draft.ok() ? "" : draft.error().message_key);
    auto submitted = investigations_->submit(manager(), i.id, draft->version);
    EXPECT_TRUE(submitted.ok()) << (submitted.ok() ? "" : submitted.error().message_key);
    auto reviewed = investigations_->update(manager(), i.id, submitted->version,
                                            {.summary_review = "响应及时，现场警示不足，已修订作业规程"});
    EXPECT_TRUE(reviewed.ok()) << (reviewed.ok() ? "" : reviewed.error().message_key);
    return reviewed.value();
  }
  /// Ends, investigates and closes an incident with one verified corrective action.
  Incident closed_incident() {
    Incident i = end(report());
    Investigation r = submitted_report(i);
    auto a = investigations_->add_action(
        manager(), i.id, {.title = "湿区作业必须放置警示牌", .owner_id = head_, .due_at = clock_.now_ms() + kDay});
    EXPECT_TRUE(a.ok());
    auto done = investigations_->set_action_status(manager(), i.id, a->id, a->version, "done");
    auto verified = investigations_->set_action_status(manager(), i.id, a->id, done->version, "verified");
    EXPECT_TRUE(verified.ok());
    auto closed = investigations_->close(manager(), i.id, r.version);
    EXPECT_TRUE(closed.ok()) << (closed.ok() ? "" : closed.error().message_key);
    return incidents_->get(manager(), i.id).value();
  }
  std::vector<std::string> timeline_summaries(std::int64_t id, const std::string& kind) {
    std::vector<std::string> out;
    const auto events = incidents_->timeline(manager(), id).value();
    for (const auto& e : events) {
      if (e.kind == kind) out.push_back(e.summary);
    }
    return out;
  }
  std::int64_t audited(const std::string& action) {
    return w_.db().read([&](db::Conn& c) {
      return c.query_one("SELECT COUNT(*) AS n FROM audit_log WHERE action = $1", action)->int64("n");
    });
  }

  IdentityWorld w_{"aftermath"};
  ManualClock& clock_ = w_.clock;
  std::unique_ptr<emergency::OrganisationService> org_;
  std::unique_ptr<IncidentService> incidents_;
  std::unique_ptr<AftermathService> aftermath_;
  std::unique_ptr<InvestigationService> investigations_;
  std::int64_t hq_ = 0, east_ = 0, team_ = 0, other_ = 0;
  std::int64_t leader_ = 0, head_ = 0, agent_ = 0, manager_ = 0;
};

TEST_F(AftermathTest, CompensationTotalsAreExactFenPerKindAndStatus) {
  const Incident i = report();
  const std::vector<std::pair<std::string, std::int64_t>> items = {
      {"medical", 1'234'567}, {"medical", 1}, {"lost_wages", 300'000}, {"nutrition", 99}, {"property", 45'050}};
  std::vector<Compensation> saved;
  for (const auto& [kind, fen] : items) {
    auto k = aftermath_->add_compensation(manager(), i.id, {.kind = kind, .amount_fen = fen, .payee = "李四"});
    ASSERT_TRUE(k.ok()) << k.error().message_key;
    EXPECT_EQ(k->status, "proposed");
    saved.push_back(*k);
  }
  auto approved = aftermath_->update_compensation(manager(), i.id, saved[0].id,
                                                  {.version = saved[0].version, .status = "approved"});
  ASSERT_TRUE(approved.ok()) << approved.error().message_key;
  auto paid =
      aftermath_->update_compensation(manager(), i.id, saved[0].id, {.version = approved->version, .status = "paid"});
  ASSERT_TRUE(paid.ok()) << paid.error().message_key;
  ASSERT_TRUE(aftermath_->update_compensation(manager(), i.id, saved[2].id, {.version = 1, .status = "approved"}).ok());

  const auto s = aftermath_->summary(manager(), i.id).value();
  EXPECT_EQ(s.total_fen_by_kind.at("medical"), 1'234'568);
  EXPECT_EQ(s.total_fen_by_kind.at("lost_wages"), 300'000);
  EXPECT_EQ(s.total_fen_by_kind.at("nutrition"), 99);
  EXPECT_EQ(s.total_fen_by_kind.at("property"), 45'050);
  EXPECT_EQ(s.total_fen_by_kind.at("other"), 0);
  EXPECT_EQ(s.total_fen, 1'234'567 + 1 + 300'000 + 99 + 45'050);
  EXPECT_EQ(s.approved_fen, 1'234'567 + 300'000);
  EXPECT_EQ(s.paid_fen, 1'234'567);
  const auto json = to_json(s, true);
  EXPECT_EQ(json["totals"]["total_fen"], s.total_fen);
  EXPECT_EQ(json["totals"]["by_kind_fen"]["medical"], 1'234'568);

  // Forward one step at a time, amounts fixed once approved, never zero or negative.
  EXPECT_EQ(aftermath_->update_compensation(manager(), i.id, saved[1].id, {.version = 1, .status = "paid"})
                .error()
                .message_key,
            "incidents.compensation_transition");
  EXPECT_EQ(
      aftermath_->update_compensation(manager(), i.id, saved[0].id, {.version = paid->version, .status = "approved"})
          .error()
          .message_key,
      "incidents.compensation_transition");
  EXPECT_EQ(aftermath_->update_compensation(manager(), i.id, saved[2].id, {.version = 2, .amount_fen = 1})
                .error()
                .message_key,
            "incidents.compensation_locked");
  auto amended = aftermath_->update_compensation(manager(), i.id, saved[3].id, {.version = 1, .amount_fen = 100});
  ASSERT_TRUE(amended.ok());
  EXPECT_EQ(amended->amount_fen, 100);
  EXPECT_EQ(aftermath_->add_compensation(manager(), i.id, {.kind = "medical", .amount_fen = 0, .payee = "李四"})
                .error()
                .details["field"],
            "amount_fen");
  EXPECT_EQ(aftermath_->add_compensation(manager(), i.id, {.kind = "fine", .amount_fen = 5, .payee = "李四"})
                .error()
                .details["field"],
            "kind");
  EXPECT_EQ(aftermath_->add_compensation(manager(), i.id, {.kind = "other", .amount_fen = 5, .payee = "  "})
                .error()
                .details["field"],
            "payee");
  EXPECT_EQ(aftermath_->summary(manager(), i.id)->total_fen, s.total_fen + 1);
  EXPECT_EQ(audited("add_compensation"), 5);
  EXPECT_EQ(audited("update_compensation"), 4);
}

TEST_F(AftermathTest, StaleVersionsConflict) {
  const Incident i = end(report());
  auto k = aftermath_->add_compensation(manager(), i.id, {.kind = "medical", .amount_fen = 500, .payee = "李四"});
  ASSERT_TRUE(k.ok());
  ASSERT_TRUE(aftermath_->update_compensation(manager(), i.id, k->id, {.version = k->version, .amount_fen = 600}).ok());
  auto stale = aftermath_->update_compensation(manager(), i.id, k->id, {.version = k->version, .status = "approved"});
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(stale.error().message_key, "common.version_conflict");

  auto draft = investigations_->open(manager(), i.id, {.direct_causes = "地面湿滑"});
  ASSERT_TRUE(draft.ok());
  ASSERT_TRUE(investigations_->update(manager(), i.id, draft->version, {.root_causes = "培训不足"}).ok());
  EXPECT_EQ(investigations_->update(manager(), i.id, draft->version, {.grade = "major"}).error().message_key,
            "common.version_conflict");
  EXPECT_EQ(investigations_->open(manager(), i.id, {}).error().message_key, "incidents.investigation_exists");
  auto action = investigations_->add_action(manager(), i.id,
                                            {.title = "补充培训", .owner_id = head_, .due_at = clock_.now_ms() + kDay});
  ASSERT_TRUE(action.ok());
  ASSERT_TRUE(investigations_->set_action_status(manager(), i.id, action->id, action->version, "done").ok());
  EXPECT_EQ(
      investigations_->set_action_status(manager(), i.id, action->id, action->version, "verified").error().message_key,
      "common.version_conflict");
}

TEST_F(AftermathTest, EncryptedColumnsHoldNoPlaintext) {
  const Incident i = end(report());
  const std::vector<std::string> secrets = {"李四", "左腿骨折", "王五", "情绪稳定", "赵六"};
  auto injured = aftermath_->add_injured(
      manager(), i.id,
      {.name = "李四", .hospital = "朝阳医院", .first = {.status = "hospitalised", .note = "左腿骨折，住院观察"}});
  ASSERT_TRUE(injured.ok()) << injured.error().message_key;
  ASSERT_TRUE(
      aftermath_
          ->add_compensation(manager(), i.id,
                             {.injured_id = injured->id, .kind = "medical", .amount_fen = 880000, .payee = "赵六"})
          .ok());
  ASSERT_TRUE(
      aftermath_->add_visit(manager(), i.id, {.method = "phone", .satisfaction = 4, .note = "客户情绪稳定"}).ok());
  ASSERT_TRUE(investigations_
                  ->open(manager(), i.id,
                         {.facts = "保洁员王五未放置警示牌", .responsibility = "王五负直接责任", .grade = "general"})
                  .ok());

  const std::vector<std::pair<std::string, std::string>> cells = {
      {"incident_injured", "name_enc"},         {"incident_treatments", "note_enc"},
      {"incident_compensations", "payee_enc"},  {"incident_visits", "note_enc"},
      {"incident_investigations", "facts_enc"}, {"incident_investigations", "responsibility_enc"}};
  for (const auto& [table, column] : cells) {
    const auto rows = w_.db().read([&](db::Conn& c) { return c.query("SELECT " + column + " AS v FROM " + table); });
    ASSERT_FALSE(rows.empty()) << table;
    for (const auto& r : rows) {
      ASSERT_FALSE(r.is_null("v")) << table << "." << column;
      const auto b = r.blob("v");
      const std::string bytes(b.begin(), b.end());
      for (const auto& s : secrets) EXPECT_EQ(bytes.find(s), std::string::npos) << table << "." << column << " " << s;
    }
  }
  // Not in the timeline or the audit log either, and, on SQLite, nowhere in the database files.
  const auto plain_rows = w_.db().read([&](db::Conn& c) {
    std::string all;
    for (const auto& r : c.query("SELECT summary FROM incident_events")) all += r.text("summary");
    for (const auto& r : c.query("SELECT COALESCE(after_json, '') || COALESCE(before_json, '') AS j FROM audit_log"))
      all += r.text("j");
    return all;
  });
  for (const auto& s : secrets) EXPECT_EQ(plain_rows.find(s), std::string::npos) << s;
  if (w_.tdb.url().starts_with("sqlite:")) {
    const std::string path = w_.tdb.url().substr(7);
    for (const auto& file : {path, path + "-wal"}) {
      std::ifstream in(file, std::ios::binary);
      std::ostringstream content;
      content << in.rdbuf();
      const std::string bytes = content.str();
      for (const auto& s : secrets) EXPECT_EQ(bytes.find(s), std::string::npos) << file << " " << s;
    }
  }
  // The service decrypts for a cleared reader and masks for others.
  const auto s = aftermath_->summary(manager(), i.id).value();
  EXPECT_EQ(*s.injured[0].name, "李四");
  EXPECT_EQ(*s.injured[0].treatments[0].note, "左腿骨折，住院观察");
  EXPECT_EQ(*s.compensations[0].payee, "赵六");
  const auto masked = to_json(s, false);
  EXPECT_EQ(masked["injured"][0]["name"], "李*");
  EXPECT_EQ(masked["visits"][0]["note"], "******");
  EXPECT_EQ(masked.dump().find("左腿骨折"), std::string::npos);
}

TEST_F(AftermathTest, InjuredFollowUpLinksPeopleAndTracksTheLatestTreatment) {
  const Incident i = report();
  const auto person = i.people.at(0).id;
  EXPECT_EQ(aftermath_->add_injured(manager(), i.id, {.first = {.status = "hospitalised"}}).error().message_key,
            "incidents.injured_person_or_name");
  EXPECT_EQ(aftermath_->add_injured(manager(), i.id, {.person_id = 999999, .first = {.status = "hospitalised"}})
                .error()
                .details["field"],
            "person_id");
  auto injured = aftermath_->add_injured(
      manager(), i.id, {.person_id = person, .hospital = "朝阳医院", .first = {.status = "hospitalised"}});
  ASSERT_TRUE(injured.ok()) << injured.error().message_key;
  EXPECT_EQ(*injured->name, "张三");  // the linked person's name
  EXPECT_EQ(aftermath_->add_injured(manager(), i.id, {.person_id = person, .first = {.status = "outpatient"}})
                .error()
                .message_key,
            "incidents.injured_exists");
  clock_.advance_ms(3 * kDay);
  ASSERT_TRUE(aftermath_->add_treatment(manager(), i.id, injured->id, {.status = "discharged", .note = "出院"}).ok());
  // An entry recorded late, dated before the discharge, does not change the current status.
  auto late = aftermath_->add_treatment(manager(), i.id, injured->id,
                                        {.at = clock_.now_ms() - 2 * kDay, .status = "outpatient"});
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->status, "discharged");
  EXPECT_EQ(late->treatments.size(), 3u);
  EXPECT_EQ(
      aftermath_->add_treatment(manager(), i.id, injured->id, {.at = clock_.now_ms() + kDay, .status = "recovered"})
          .error()
          .message_key,
      "incidents.time_in_future");
  auto visit = aftermath_->add_visit(manager(), i.id, {.method = "visit", .satisfaction = 5});
  ASSERT_TRUE(visit.ok());
  EXPECT_EQ(visit->visitor_id, manager_);  // the caller by default
  EXPECT_EQ(aftermath_->add_visit(manager(), i.id, {.method = "visit", .satisfaction = 6}).error().details["field"],
            "satisfaction");
  ASSERT_TRUE(
      aftermath_->add_visit(manager(), i.id, {.visitor_id = agent_, .method = "phone", .satisfaction = 2}).ok());
  EXPECT_EQ(to_json(aftermath_->summary(manager(), i.id).value(), true)["satisfaction_average"], 3.5);
}

TEST_F(AftermathTest, RecordsOutsideTheCallersScopeDoNotExist) {
  const Incident i = end(report());
  ASSERT_TRUE(investigations_->open(manager(), i.id, {}).ok());
  Caller outsider = as(w_.user("outsider", other_), other_, 2, 3);
  outsider.permissions = {"incidents:incident:manage", "incidents:investigation:manage"};
  EXPECT_EQ(aftermath_->summary(outsider, i.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(aftermath_->add_compensation(outsider, i.id, {.kind = "medical", .amount_fen = 1, .payee = "某人"})
                .error()
                .message_key,
            "incidents.not_found");
  EXPECT_EQ(aftermath_->add_visit(outsider, i.id, {.method = "phone", .satisfaction = 3}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(investigations_->get(outsider, i.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(investigations_->update(outsider, i.id, 1, {.grade = "major"}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(investigations_->publish_case(outsider, i.id, {.title = "案例", .lessons = "教训"}).error().code,
            ErrorCode::kNotFound);
  // The team's own department head sees it (department tree).
  EXPECT_TRUE(aftermath_->summary(as(head_, team_, 2, 3), i.id).ok());
  EXPECT_EQ(aftermath_->summary(outsider, i.id + 1000).error().code, ErrorCode::kNotFound);
}

TEST_F(AftermathTest, CorrectiveActionsBlockClosingAndClosingClosesTheIncident) {
  Incident i = report();
  Investigation r = submitted_report(i);
  auto a1 = investigations_->add_action(
      manager(), i.id, {.title = "修订湿区作业规程", .owner_id = head_, .due_at = clock_.now_ms() + kDay});
  auto a2 = investigations_->add_action(
      manager(), i.id, {.title = "全员防滑培训", .owner_id = agent_, .due_at = clock_.now_ms() + 2 * kDay});
  ASSERT_TRUE(a1.ok() && a2.ok());
  // Only an ended incident's investigation can close.
  EXPECT_EQ(investigations_->close(manager(), i.id, r.version).error().message_key, "incidents.not_ended");
  i = end(i);
  auto refused = investigations_->close(manager(), i.id, r.version);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().message_key, "incidents.actions_not_verified");
  EXPECT_EQ(refused.error().details["count"], 2);
  // Verification needs done first.
  EXPECT_EQ(investigations_->set_action_status(manager(), i.id, a1->id, a1->version, "verified").error().message_key,
            "incidents.action_transition");
  for (auto a : {*a1, *a2}) {
    auto done = investigations_->set_action_status(manager(), i.id, a.id, a.version, "done");
    ASSERT_TRUE(done.ok());
    EXPECT_TRUE(done->done_at.has_value());
    auto verified = investigations_->set_action_status(manager(), i.id, a.id, done->version, "verified");
    ASSERT_TRUE(verified.ok());
    EXPECT_EQ(verified->verified_by, manager_);
    if (a.id == a1->id) {
      EXPECT_EQ(investigations_->close(manager(), i.id, r.version).error().details["count"], 1);
    }
  }
  auto task = investigations_->add_recovery_task(
      manager(), i.id, {.title = "恢复该客户的定期保洁服务", .owner_id = head_, .due_at = clock_.now_ms() + 7 * kDay});
  ASSERT_TRUE(task.ok());
  auto closed = investigations_->close(manager(), i.id, r.version);
  ASSERT_TRUE(closed.ok()) << closed.error().message_key;
  EXPECT_EQ(closed->status, "closed");
  EXPECT_EQ(incidents_->get(manager(), i.id)->status, "closed");
  // Closed is closed: no more report edits, no follow-ups, but recovery runs on.
  EXPECT_EQ(investigations_->update(manager(), i.id, closed->version, {.summary_review = "x"}).error().message_key,
            "incidents.investigation_closed");
  EXPECT_EQ(incidents_->follow_up(as(agent_, team_, 1, 2), i.id, "续报").error().message_key, "incidents.closed");
  EXPECT_TRUE(investigations_->set_recovery_status(manager(), i.id, task->id, task->version, "done").ok());
  EXPECT_EQ(audited("close_investigation"), 1);
}

TEST_F(AftermathTest, SubmissionNeedsTheReportAndOnlyTheReviewChangesAfterwards) {
  const Incident i = end(report());
  auto draft = investigations_->open(manager(), i.id, {.facts = "经过", .direct_causes = "直接原因"});
  ASSERT_TRUE(draft.ok());
  auto incomplete = investigations_->submit(manager(), i.id, draft->version);
  EXPECT_EQ(incomplete.error().message_key, "incidents.investigation_incomplete");
  EXPECT_EQ(incomplete.error().details["field"], "root_causes");
  auto full = investigations_->update(manager(), i.id, draft->version, {.root_causes = "根本原因", .grade = "major"});
  ASSERT_TRUE(full.ok());
  auto submitted = investigations_->submit(manager(), i.id, full->version);
  ASSERT_TRUE(submitted.ok());
  EXPECT_EQ(investigations_->update(manager(), i.id, submitted->version, {.facts = "改写"}).error().message_key,
            "incidents.investigation_not_draft");
  EXPECT_EQ(investigations_->close(manager(), i.id, submitted->version).error().details["field"], "summary_review");
  auto back = investigations_->send_back(manager(), i.id, submitted->version, "事实部分需补充");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->status, "draft");
  EXPECT_EQ(investigations_->update(manager(), i.id, 1, {.grade = "catastrophic"}).error().details["field"], "grade");
}

TEST_F(AftermathTest, ACaseCarriesNoPersonalDataAndRefusesTextWithIt) {
  Incident open_incident = report();
  EXPECT_EQ(investigations_->publish_case(manager(), open_incident.id, {.title = "案例", .lessons = "教训"})
                .error()
                .message_key,
            "incidents.case_needs_closed");
  const Incident i = closed_incident();
  ASSERT_EQ(i.status, "closed");

  const std::string first17 = "11010519900307123";
  const std::string resident_id = first17 + *text::resident_id_check_char(first17);
  const std::vector<std::pair<NewCase, std::string>> refused = {
      {{.title = "滑倒事故", .lessons = "请联系 138 1234 5678 了解详情"}, "incidents.case_personal_number"},
      {{.title = "滑倒事故", .lessons = "客户身份证" + resident_id}, "incidents.case_personal_number"},
      {{.title = "张三滑倒事故", .lessons = "湿区作业必须警示"}, "incidents.case_personal_data"},
      {{.title = "滑倒事故", .lessons = "发生在北京市朝阳区幸福小区3号楼2单元501"}, "incidents.case_personal_data"},
      {{.title = "滑倒事故", .lessons = "教训", .root_causes = "teamhead 未组织培训"}, "incidents.case_personal_data"},
  };
  for (const auto& [in, key] : refused) {
    auto r = investigations_->publish_case(manager(), i.id, in);
    ASSERT_FALSE(r.ok()) << in.title << in.lessons;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message_key, key) << in.lessons;
  }
  // The report's facts name the worker; facts are never published, so the case goes out.
  auto k = investigations_->publish_case(
      manager(), i.id, {.title = "湿滑地面致客户摔伤", .lessons = "湿区作业必须放置警示牌，并在岗前培训中演示"});
  ASSERT_TRUE(k.ok()) << k.error().message_key << " " << k.error().details.dump();
  EXPECT_EQ(k->type, "customer_injury");
  EXPECT_EQ(k->level, 4);
  EXPECT_EQ(k->month, china_month(i.occurred_at));
  EXPECT_EQ(k->month.size(), 7u);
  EXPECT_EQ(k->department_name, "华东区域");  // the level below the root, not the team
  EXPECT_EQ(k->grade, "general");
  EXPECT_EQ(k->root_causes, "作业规程未规定湿区警示，岗前培训缺少防滑内容");
  ASSERT_EQ(k->actions.size(), 1u);
  EXPECT_EQ(k->actions[0], "湿区作业必须放置警示牌");
  const auto json = to_json(investigations_->case_by_id(k->id).value());
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  // Exactly these members: no date, no place, no people, no link to the incident.
  EXPECT_EQ(keys,
            (std::vector<std::string>{"actions", "department_name", "direct_causes", "grade", "id", "lessons", "level",
                                      "level_name", "month", "published_at", "root_causes", "title", "type"}));
  const std::string published = json.dump();
  for (const std::string& s :
       std::vector<std::string>{"张三", "王五", "幸福小区", "朝阳区", "朝阳保洁一组", "teamhead", "agent"}) {
    EXPECT_EQ(published.find(s), std::string::npos) << s;
  }
  EXPECT_EQ(
      investigations_->publish_case(manager(), i.id, {.title = "再发一次", .lessons = "教训"}).error().message_key,
      "incidents.case_exists");

  EXPECT_EQ(investigations_->cases({.grade = "general"}, {}).total, 1);
  EXPECT_EQ(investigations_->cases({.grade = "major"}, {}).total, 0);
  EXPECT_EQ(investigations_->cases({.type = "fire"}, {}).total, 0);
  EXPECT_EQ(investigations_->cases({.q = "客户摔伤"}, {}).total, 1);
  EXPECT_EQ(investigations_->cases({.q = "火灾"}, {}).total, 0);
  EXPECT_EQ(investigations_->case_by_id(k->id + 1).error().code, ErrorCode::kNotFound);
}

TEST_F(AftermathTest, EveryStepAppearsOnTheTimeline) {
  const Incident i = report();
  auto injured = aftermath_->add_injured(manager(), i.id, {.name = "李四", .first = {.status = "hospitalised"}});
  ASSERT_TRUE(injured.ok());
  ASSERT_TRUE(aftermath_->add_treatment(manager(), i.id, injured->id, {.status = "discharged"}).ok());
  auto k = aftermath_->add_compensation(manager(), i.id, {.kind = "nutrition", .amount_fen = 20000, .payee = "李四"});
  ASSERT_TRUE(k.ok());
  ASSERT_TRUE(aftermath_->update_compensation(manager(), i.id, k->id, {.version = 1, .status = "approved"}).ok());
  ASSERT_TRUE(aftermath_->add_visit(manager(), i.id, {.method = "wechat", .satisfaction = 4}).ok());
  const auto aftermath = timeline_summaries(i.id, "aftermath");
  const std::vector<std::string> expected = {"injured#" + std::to_string(injured->id) + ":hospitalised",
                                             "treatment#" + std::to_string(injured->id) + ":discharged",
                                             "compensation#" + std::to_string(k->id) + ":nutrition:proposed",
                                             "compensation#" + std::to_string(k->id) + ":nutrition:approved"};
  for (const auto& e : expected) {
    EXPECT_NE(std::find(aftermath.begin(), aftermath.end(), e), aftermath.end()) << e;
  }
  EXPECT_EQ(aftermath.size(), 5u);

  const Incident closed = closed_incident();
  const auto investigation = timeline_summaries(closed.id, "investigation");
  for (const char* e : {"opened", "submitted", "updated", "closed"}) {
    EXPECT_NE(std::find(investigation.begin(), investigation.end(), e), investigation.end()) << e;
  }
  ASSERT_TRUE(
      investigations_->publish_case(manager(), closed.id, {.title = "湿滑地面致客户摔伤", .lessons = "警示"}).ok());
  EXPECT_EQ(timeline_summaries(closed.id, "case").size(), 1u);
}

TEST_F(AftermathTest, TheInsuranceSeamSeesEveryCompensationChange) {
  FakeClaimLink link;
  aftermath_->set_claim_link(&link);
  const Incident i = report();
  auto k = aftermath_->add_compensation(manager(), i.id, {.kind = "property", .amount_fen = 350000, .payee = "李四"});
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k->claim_ref, "CLM-" + std::to_string(k->id));
  auto approved =
      aftermath_->update_compensation(manager(), i.id, k->id, {.version = k->version, .status = "approved"});
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(*approved->claim_ref, "CLM-" + std::to_string(k->id));  // nullopt leaves it
  auto cleared = aftermath_->update_compensation(
      manager(), i.id, k->id, {.version = approved->version, .claim_ref = std::optional<std::string>()});
  ASSERT_TRUE(cleared.ok());
  EXPECT_FALSE(cleared->claim_ref.has_value());
  EXPECT_EQ(link.calls, (std::vector<std::string>{"created:proposed:", "status:approved:proposed"}));
  // A refusal by the insurance side rolls the change back.
  link.refuse = true;
  EXPECT_FALSE(
      aftermath_->update_compensation(manager(), i.id, k->id, {.version = cleared->version, .status = "paid"}).ok());
  EXPECT_EQ(aftermath_->summary(manager(), i.id)->paid_fen, 0);
  EXPECT_EQ(aftermath_->summary(manager(), i.id)->compensations[0].version, cleared->version);
}

TEST(PersonalNumbers, FindsMobilesAndResidentIdsInTheirUsualSpellings) {
  const TimestampMs now = *parse_rfc3339("2026-11-21T00:00:00Z");
  const std::string first17 = "44030619851115002";
  const std::string id = first17 + *text::resident_id_check_char(first17);
  for (const std::string& s :
       std::vector<std::string>{"电话13812345678", "电话 138 1234 5678。", "+86-138-1234-5678", "008613812345678",
                                "１３８１２３４５６７８", "号码是 2 13812345678"}) {
    EXPECT_EQ(find_personal_number(s, now), "mobile") << s;
  }
  for (const std::string& s :
       std::vector<std::string>{"身份证" + id, "ID " + id.substr(0, 6) + " " + id.substr(6, 8) + " " + id.substr(14)}) {
    EXPECT_EQ(find_personal_number(s, now), "resident_id") << s;
  }
  for (const std::string& s :
       std::vector<std::string>{"2026-11-21 发生", "订单号 202611210001234567890", "金额 12345678.90 元", "12345678901",
                                "第3号楼2单元501", id.substr(0, 17) + (id.back() == '1' ? "2" : "1")}) {
    EXPECT_EQ(find_personal_number(s, now), std::nullopt) << s;
  }
}

}  // namespace
}  // namespace anxin::incidents
