// The emergency workflow: report → reporting chain with deadlines → escalation by the durable job
// queue on a manual clock → level change → tasks → end. SQLite and PostgreSQL.
#include "modules/incidents/incident_service.hpp"

#include "modules/incidents/incident_extensions.hpp"

#include <gtest/gtest.h>

#include "modules/identity/testing.hpp"

namespace anxin::incidents {
namespace {

constexpr std::int64_t kMinute = 60 * 1000;

class IncidentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    org_ = std::make_unique<emergency::OrganisationService>(w_.db(), clock_, *w_.audit);
    ASSERT_TRUE(org_->ensure_builtin_groups().ok());
    svc_ = std::make_unique<IncidentService>(w_.db(), clock_, *w_.keys, *w_.audit, *org_, nullptr);
    queue_ = std::make_unique<jobs::JobQueue>(w_.db(), clock_, "test");
    svc_->register_with(*queue_);

    hq_ = dept("HQ", std::nullopt);
    safety_ = dept("SAFETY", hq_);
    service_ = dept("SERVICE", hq_);
    other_ = dept("OTHER", hq_);
    leader_ = user("leader", hq_);
    deputy_ = user("deputy", hq_);
    safety_head_ = user("safetyhead", safety_);
    service_head_ = user("servicehead", service_);
    agent_ = user("agent", service_);
    admin_id_ = user("safetyadmin", safety_);
    ASSERT_TRUE(org_->set_leaders(admin(), {{leader_, "leader", std::nullopt, false},
                                            {deputy_, "deputy_leader", std::nullopt, false}})
                    .ok());
    ASSERT_TRUE(org_->set_safety_department(admin(), safety_).ok());
    ASSERT_TRUE(org_->set_department_duty(admin(), safety_, {safety_head_, std::nullopt, false, ""}).ok());
    ASSERT_TRUE(org_->set_department_duty(admin(), service_, {service_head_, std::nullopt, false, ""}).ok());
  }
  void TearDown() override {
    queue_.reset();
    svc_.reset();
    org_.reset();
  }

  Caller admin() {
    Caller c;
    c.user_id = admin_id_;
    c.username = "admin";
    c.data_scope = 3;
    c.clearance = 4;
    c.permissions = {"incidents:incident:manage"};
    return c;
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
  std::int64_t dept(const std::string& code, std::optional<std::int64_t> parent) { return w_.dept(code, parent); }
  std::int64_t user(const std::string& name, std::int64_t department) { return w_.user(name, department); }
  Incident report_in_service(int level = 4) {
    NewIncident n{.type = "customer_injury",
                  .title = "客户家中滑倒",
                  .department_id = service_,
                  .place = "北京市朝阳区某小区3号楼",
                  .nature = "人身伤害",
                  .description = "保洁过程中客户张三在湿地面滑倒",
                  .measures = "已送医",
                  .level = level};
    n.people.push_back({.role = "customer", .name = "张三", .injured = true});
    auto r = svc_->report(as(agent_, service_, 1, 2), n);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message_key);
    return r.value();
  }

  identity::testing::IdentityWorld w_{"incidents"};
  db::testing::TestDatabase& tdb_ = w_.tdb;
  ManualClock& clock_ = w_.clock;
  std::unique_ptr<emergency::OrganisationService> org_;
  std::unique_ptr<IncidentService> svc_;
  std::unique_ptr<jobs::JobQueue> queue_;
  std::int64_t hq_ = 0, safety_ = 0, service_ = 0, other_ = 0;
  std::int64_t leader_ = 0, deputy_ = 0, safety_head_ = 0, service_head_ = 0, agent_ = 0, admin_id_ = 0;
};

TEST_F(IncidentTest, AReportStartsTheChainWithDeadlinesByLevel) {
  const Incident i = report_in_service(4);
  EXPECT_EQ(i.commander_id, service_head_);  // level IV: head of the department where it happened
  EXPECT_EQ(*i.commander_rule, "department_head");
  EXPECT_TRUE(i.number.starts_with("INC-2026-11-21-"));
  auto steps = svc_->steps(admin(), i.id).value();
  ASSERT_EQ(steps.size(), 3u);  // on site (done), department head, leadership; no authorities at level IV
  EXPECT_EQ(steps[0].stage, "onsite");
  EXPECT_EQ(steps[0].status, "done");
  EXPECT_EQ(steps[1].stage, "department_head");
  EXPECT_EQ(steps[1].assignee_id, service_head_);
  EXPECT_EQ(steps[1].due_at, clock_.now_ms() + 60 * kMinute);
  EXPECT_EQ(steps[2].stage, "leadership");
  EXPECT_EQ(steps[2].assignee_id, leader_);
  EXPECT_EQ(steps[2].due_at, clock_.now_ms() + 240 * kMinute);
}

TEST_F(IncidentTest, TheReportAnswersWhatIsStored) {
  const Incident answered = report_in_service(3);
  const Incident stored = svc_->get(admin(), answered.id).value();
  EXPECT_EQ(to_json(answered, 4, admin_id_), to_json(stored, 4, admin_id_));
  ASSERT_EQ(answered.people.size(), 1u);
  EXPECT_EQ(answered.people[0].id, stored.people[0].id);
  EXPECT_EQ(answered.department_path, stored.department_path);
  EXPECT_EQ(answered.version, stored.version);
  EXPECT_EQ(answered.status, "responding");
}

TEST_F(IncidentTest, OverdueStepsEscalateExactlyOnceAndStepsDoneInTimeDoNot) {
  const Incident i = report_in_service(4);
  clock_.advance_ms(59 * kMinute);
  EXPECT_EQ(queue_->run_due(), 0);
  clock_.advance_ms(2 * kMinute);
  EXPECT_EQ(queue_->run_due(), 1);
  auto steps = svc_->steps(admin(), i.id).value();
  EXPECT_EQ(steps[1].status, "escalated");
  EXPECT_EQ(steps[1].escalated_to, leader_);  // the next person up
  EXPECT_EQ(queue_->run_due(), 0);
  // The leadership step is acknowledged in time and never escalates.
  ASSERT_TRUE(svc_->acknowledge_step(as(leader_, hq_, 3, 4), i.id, steps[2].id).ok());
  clock_.advance_ms(300 * kMinute);
  queue_->run_due();
  steps = svc_->steps(admin(), i.id).value();
  EXPECT_EQ(steps[2].status, "done");
  auto timeline = svc_->timeline(admin(), i.id).value();
  EXPECT_EQ(std::count_if(timeline.begin(), timeline.end(), [](const Event& e) { return e.kind == "escalation"; }), 1);
  // Someone else cannot confirm another person's step.
  EXPECT_EQ(svc_->acknowledge_step(as(agent_, service_, 1, 2), i.id, steps[1].id).error().code, ErrorCode::kForbidden);
}

TEST_F(IncidentTest, RaisingTheLevelChangesCommanderAndAddsTheAuthoritiesStep) {
  const Incident i = report_in_service(4);
  auto raised = svc_->change_level(admin(), i.id, i.version, 2, "多名客户受伤");
  ASSERT_TRUE(raised.ok()) << raised.error().message_key;
  EXPECT_EQ(raised->commander_id, deputy_);
  EXPECT_EQ(*raised->commander_rule, "deputy_leader");
  auto steps = svc_->steps(admin(), i.id).value();
  ASSERT_EQ(steps.back().stage, "authorities");
  EXPECT_EQ(steps.back().due_at, clock_.now_ms() + 120 * kMinute);
  auto history = svc_->level_history(admin(), i.id).value();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1]["reason"], "多名客户受伤");
  EXPECT_EQ(svc_->change_level(admin(), i.id, raised->version, 2, "x").error().message_key,
            "incidents.level_unchanged");
  EXPECT_EQ(svc_->change_level(admin(), i.id, i.version, 1, "x").error().message_key, "common.version_conflict");
  auto overridden = svc_->override_commander(admin(), i.id, raised->version, safety_head_, "副组长出差");
  ASSERT_TRUE(overridden.ok());
  EXPECT_EQ(overridden->commander_id, safety_head_);
  EXPECT_EQ(*overridden->commander_rule, "override");
}

TEST_F(IncidentTest, OnlyTheLeadershipGroupEndsTheEmergency) {
  const Incident i = report_in_service(4);
  EXPECT_EQ(svc_->end(as(service_head_, service_, 2, 3), i.id, i.version, 120000, "医药费").error().message_key,
            "incidents.leadership_only");
  auto ended = svc_->end(as(leader_, hq_, 3, 4), i.id, i.version, 120000, "医药费 1200 元");
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended->status, "ended");
  EXPECT_EQ(*ended->loss_fen, 120000);
  // Nothing escalates after the end.
  clock_.advance_ms(1000 * kMinute);
  queue_->run_due();
  const auto after_end = svc_->steps(admin(), i.id).value();
  for (const auto& s : after_end) EXPECT_NE(s.status, "escalated");
}

TEST_F(IncidentTest, TasksFollowUpsAndRecordsFormTheTimeline) {
  const Incident i = report_in_service(4);
  auto t = svc_->add_task(admin(), i.id, {.group_code = "rescue", .title = "陪同就医", .owner_id = safety_head_});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(svc_->add_task(admin(), i.id, {.group_code = "nope", .title = "x"}).error().message_key,
            "emergency.group_not_found");
  EXPECT_TRUE(svc_->set_task_status(admin(), i.id, t->id, t->version, "done").ok());
  EXPECT_TRUE(svc_->follow_up(as(agent_, service_, 1, 2), i.id, "客户已出院，回访中").ok());
  EXPECT_TRUE(svc_->add_record(admin(), i.id, "customer_reassurance", "已上门安抚").ok());
  EXPECT_EQ(svc_->add_record(admin(), i.id, "party", "x").error().code, ErrorCode::kInvalidArgument);
  auto timeline = svc_->timeline(admin(), i.id).value();
  std::vector<std::string> kinds;
  for (const auto& e : timeline) kinds.push_back(e.kind);
  for (const char* k : {"report", "commander", "task", "follow_up", "customer_reassurance"}) {
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), k), kinds.end()) << k;
  }
}

TEST_F(IncidentTest, FreeTextIsEncryptedAndScopeHidesOtherDepartments) {
  const Incident i = report_in_service(4);
  auto raw = tdb_.db().read(
      [&](db::Conn& c) { return c.query_one("SELECT place_enc, description_enc FROM incidents WHERE id = $1", i.id); });
  for (const char* col : {"place_enc", "description_enc"}) {
    const auto b = raw->blob(col);
    const std::string bytes(b.begin(), b.end());
    EXPECT_EQ(bytes.find("朝阳区"), std::string::npos);
    EXPECT_EQ(bytes.find("张三"), std::string::npos);
  }
  EXPECT_EQ(*svc_->get(admin(), i.id)->place, "北京市朝阳区某小区3号楼");
  const Caller outsider = as(user("outsider", other_), other_, 1, 2);
  EXPECT_EQ(svc_->get(outsider, i.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(svc_->list(outsider, {}, {})->total, 0);
  EXPECT_EQ(svc_->list(admin(), {.overdue = true}, {})->total, 0);
  clock_.advance_ms(61 * kMinute);
  EXPECT_EQ(svc_->list(admin(), {.overdue = true}, {})->total, 1);
  // Masked for an uncleared viewer who is not the reporter.
  const Incident loaded = svc_->get(admin(), i.id).value();
  const auto json = to_json(loaded, 2, 0);
  EXPECT_EQ(json["place"], "******");
  EXPECT_EQ(json["people"][0]["name"], "张*");
}

TEST_F(IncidentTest, ASubtreeScopeSeesTheIncidentsOfItsUnitsAndNoOthers) {
  const Incident i = report_in_service(2);
  const TimestampMs month = extend::period_start(clock_.now_ms(), extend::Period::kMonth);
  const Caller above = as(leader_, hq_, 2, 4);  // the tree above the service department
  auto page = svc_->list(above, {}, {});
  ASSERT_EQ(page->total, 1);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, i.id);
  EXPECT_EQ(page->items[0].department_path, w_.departments->get(service_)->path);
  EXPECT_EQ(svc_->get(above, i.id)->department_path, w_.departments->get(service_)->path);
  EXPECT_EQ(svc_->count_by_level(above, month), (std::array<std::int64_t, 4>{0, 1, 0, 0}));
  const Caller own_tree = as(service_head_, service_, 2, 4);
  EXPECT_EQ(svc_->list(own_tree, {}, {})->total, 1);
  // A sibling's tree holds none of them.
  const Caller sibling = as(safety_head_, safety_, 2, 4);
  EXPECT_EQ(svc_->list(sibling, {}, {})->total, 0);
  EXPECT_EQ(svc_->get(sibling, i.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(svc_->count_by_level(sibling, month), (std::array<std::int64_t, 4>{0, 0, 0, 0}));
}

// The incidents module's contributions to the extension points (docs/modules.md).

TEST_F(IncidentTest, TheGateHoldsAWorkerNamedInASeriousIncidentUntilItsResponseEnds) {
  const std::int64_t worker = user("worker1", service_);
  const std::int64_t bystander = user("worker2", service_);
  const OpenSeriousIncidentCheck gate_check;
  const auto check = [&](const extend::GateRequest& request) {
    return w_.db().read([&](db::Conn& c) { return gate_check.check(c, request); });
  };
  const extend::GateRequest request{.user_id = worker, .service_type = "cleaning"};
  EXPECT_TRUE(check(request).empty());

  NewIncident n{.type = "worker_injury", .title = "服务人员烫伤", .department_id = service_, .level = 4};
  n.people.push_back({.role = "worker", .user_id = worker, .injured = true});
  n.people.push_back({.role = "customer", .user_id = bystander});  // the same account as a customer is not held
  const Incident minor = svc_->report(as(agent_, service_, 1, 2), n).value();
  EXPECT_TRUE(check(request).empty()) << "a level IV incident does not hold the worker";

  n.level = 2;
  const Incident serious = svc_->report(as(agent_, service_, 1, 2), n).value();
  auto reasons = check(request);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0].message_key, "incidents.gate_open_serious_incident");
  EXPECT_EQ(reasons[0].params["number"], serious.number);
  EXPECT_EQ(reasons[0].params["level"], 2);
  EXPECT_TRUE(check({.user_id = bystander}).empty());

  // Through the gate, with every other check's reasons beside it.
  extend::DispatchGate gate;
  gate.add(std::make_unique<OpenSeriousIncidentCheck>());
  const auto evaluate = [&] { return w_.db().read([&](db::Conn& c) { return gate.evaluate(c, request); }); };
  auto decision = evaluate();
  EXPECT_FALSE(decision.pass);
  EXPECT_EQ(decision.reasons.size(), 1u);

  ASSERT_TRUE(svc_->end(as(leader_, hq_, 3, 4), serious.id, serious.version, std::nullopt, std::nullopt).ok());
  EXPECT_TRUE(check(request).empty()) << "the response has ended";
  EXPECT_TRUE(evaluate().pass);
  (void)minor;
}

TEST_F(IncidentTest, IndicatorsCountOpenIncidentsAndOverdueStepsByPeriodAndDepartment) {
  const TimestampMs start = clock_.now_ms();
  const Incident a = report_in_service(4);
  const Incident b = report_in_service(3);
  const extend::IndicatorQuery month{.from = extend::period_start(start, extend::Period::kMonth),
                                     .to = start + 40LL * 24 * 60 * kMinute,
                                     .period = extend::Period::kMonth,
                                     .now = clock_.now_ms()};
  auto open = open_incidents(w_.db(), month);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].department_id, service_);
  EXPECT_EQ(open[0].value, 2);
  EXPECT_EQ(open[0].period_start, month.from);
  auto other_department = month;
  other_department.department_ids = {other_};
  EXPECT_TRUE(open_incidents(w_.db(), other_department).empty());

  EXPECT_TRUE(overdue_steps(w_.db(), month).empty()) << "no deadline has passed yet";
  // Level III and IV give the department head 60 minutes: those steps at least are overdue after 61.
  clock_.advance_ms(61 * kMinute);
  auto later = month;
  later.now = clock_.now_ms();
  int expected = 0;
  for (const auto& i : {a, b}) {
    const auto steps = svc_->steps(admin(), i.id).value();
    for (const auto& s : steps) {
      expected += s.status != "done" && s.due_at < later.now ? 1 : 0;
    }
  }
  ASSERT_GE(expected, 2);
  auto overdue = overdue_steps(w_.db(), later);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0].department_id, service_);
  EXPECT_EQ(overdue[0].value, expected);
}

TEST_F(IncidentTest, TheMonthlyFigureCountsIncidentsByLevelInTheCallersScope) {
  report_in_service(4);
  report_in_service(2);
  const TimestampMs month = extend::period_start(clock_.now_ms(), extend::Period::kMonth);
  auto all = svc_->count_by_level(as(leader_, hq_, 3, 4), month);
  EXPECT_EQ(all, (std::array<std::int64_t, 4>{0, 1, 0, 1}));
  // Someone of another department who sees only that department counts none of them.
  EXPECT_EQ(svc_->count_by_level(as(user("outsider", other_), other_, 1, 2), month),
            (std::array<std::int64_t, 4>{0, 0, 0, 0}));
  // Incidents of earlier months are not counted.
  clock_.advance_ms(40LL * 24 * 60 * kMinute);
  EXPECT_EQ(svc_->count_by_level(as(leader_, hq_, 3, 4), extend::period_start(clock_.now_ms(), extend::Period::kMonth)),
            (std::array<std::int64_t, 4>{0, 0, 0, 0}));
}

}  // namespace
}  // namespace anxin::incidents
