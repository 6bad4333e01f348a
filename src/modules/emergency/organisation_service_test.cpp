// The emergency organisation and the commander rule (INC-4), on SQLite and PostgreSQL.
#include "modules/emergency/organisation_service.hpp"
#include "modules/audit/audit_log.hpp"

#include <gtest/gtest.h>

#include "modules/identity/testing.hpp"

namespace anxin::emergency {
namespace {

class OrganisationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    org_ = std::make_unique<OrganisationService>(w_.db(), w_.clock, *w_.audit);
    ASSERT_TRUE(org_->ensure_builtin_groups().ok());
    hq_ = w_.dept("HQ", std::nullopt);
    safety_ = w_.dept("SAFETY", hq_);
    service_ = w_.dept("SERVICE", hq_);
    nanny_team_ = w_.dept("NANNY", service_);
    leader_ = w_.user("leader", hq_);
    deputy_ = w_.user("deputy", hq_);
    deputy2_ = w_.user("deputy2", hq_);
    safety_head_ = w_.user("safetyhead", safety_);
    service_head_ = w_.user("servicehead", service_);
    stand_in_ = w_.user("standin", hq_);
  }
  void TearDown() override { org_.reset(); }
  static Caller admin() { return identity::testing::IdentityWorld::admin(); }
  void standard_organisation() {
    ASSERT_TRUE(org_->set_leaders(admin(), {{leader_, "leader", stand_in_, false},
                                            {deputy_, "deputy_leader", std::nullopt, false},
                                            {deputy2_, "deputy_leader", std::nullopt, false}})
                    .ok());
    ASSERT_TRUE(org_->set_safety_department(admin(), safety_).ok());
    ASSERT_TRUE(org_->set_department_duty(admin(), safety_, {safety_head_, std::nullopt, false, "安全检查"}).ok());
    ASSERT_TRUE(
        org_->set_department_duty(admin(), service_, {service_head_, std::nullopt, false, "服务现场处置"}).ok());
  }

  identity::testing::IdentityWorld w_{"emergency"};
  audit::AuditLog& audit_ = *w_.audit;
  std::unique_ptr<OrganisationService> org_;
  std::int64_t hq_ = 0, safety_ = 0, service_ = 0, nanny_team_ = 0;
  std::int64_t leader_ = 0, deputy_ = 0, deputy2_ = 0, safety_head_ = 0, service_head_ = 0, stand_in_ = 0;
};

TEST_F(OrganisationTest, CommanderFollowsTheLevel) {
  standard_organisation();
  EXPECT_EQ(org_->commander_for(1, nanny_team_)->user_id, leader_);
  EXPECT_EQ(org_->commander_for(1, nanny_team_)->rule, "leader");
  EXPECT_EQ(org_->commander_for(2, nanny_team_)->user_id, deputy_);  // the first deputy
  EXPECT_EQ(org_->commander_for(3, nanny_team_)->user_id, safety_head_);
  // Level IV: the head of the department where it happened; a team without its own head falls
  // to the head of its parent department.
  EXPECT_EQ(org_->commander_for(4, nanny_team_)->user_id, service_head_);
  EXPECT_EQ(org_->commander_for(4, nanny_team_)->rule, "department_head");
  EXPECT_EQ(org_->commander_for(0, nanny_team_).error().message_key, "emergency.level_invalid");
}

TEST_F(OrganisationTest, StandInsActForPeopleWhoAreAway) {
  standard_organisation();
  ASSERT_TRUE(org_->set_leaders(admin(),
                                {{leader_, "leader", stand_in_, true}, {deputy_, "deputy_leader", std::nullopt, false}})
                  .ok());
  auto c = org_->commander_for(1, nanny_team_);
  EXPECT_EQ(c->user_id, stand_in_);
  EXPECT_EQ(*c->standing_in_for, leader_);
  ASSERT_TRUE(org_->set_department_duty(admin(), service_, {service_head_, stand_in_, true, ""}).ok());
  EXPECT_EQ(org_->commander_for(4, nanny_team_)->user_id, stand_in_);
}

TEST_F(OrganisationTest, MissingRolesAreReportedNotGuessed) {
  EXPECT_EQ(org_->commander_for(1, nanny_team_).error().message_key, "emergency.no_commander");
  EXPECT_EQ(org_->commander_for(3, nanny_team_).error().message_key, "emergency.no_commander");
  EXPECT_EQ(org_->commander_for(4, nanny_team_).error().message_key, "emergency.no_commander");
}

TEST_F(OrganisationTest, LeadershipRulesAndAudit) {
  EXPECT_EQ(org_->set_leaders(admin(), {{deputy_, "deputy_leader", std::nullopt, false}}).error().message_key,
            "emergency.one_leader_required");
  EXPECT_EQ(org_->set_leaders(admin(), {{leader_, "leader", std::nullopt, false}}).error().message_key,
            "emergency.deputy_required");
  EXPECT_EQ(
      org_->set_leaders(admin(), {{leader_, "leader", leader_, false}, {deputy_, "deputy_leader", std::nullopt, false}})
          .error()
          .message_key,
      "emergency.stand_in_self");
  EXPECT_EQ(org_->set_leaders(
                    admin(), {{leader_, "leader", std::nullopt, false}, {999999, "deputy_leader", std::nullopt, false}})
                .error()
                .message_key,
            "emergency.user_invalid");
  standard_organisation();
  const auto o = org_->get();
  EXPECT_EQ(o.leaders.size(), 3u);
  EXPECT_EQ(o.leaders.front().position, "leader");
  EXPECT_EQ(*o.safety_department_id, safety_);
  auto records = audit_.search({.entity = std::string("emergency_leadership")}, {});
  EXPECT_EQ(records->total, 1);  // the refused attempts wrote nothing
}

TEST_F(OrganisationTest, WorkingGroupsWithMembers) {
  const auto o = org_->get();
  ASSERT_EQ(o.groups.size(), 4u);
  EXPECT_EQ(o.groups[0].code, "rescue");
  auto rescue = org_->group_by_code("rescue");
  auto g = org_->set_members(
      admin(), rescue->id,
      {{safety_head_, "head", "现场指挥", std::nullopt, false}, {stand_in_, "member", "急救", std::nullopt, false}});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->members.front().role, "head");
  EXPECT_EQ(org_->delete_group(admin(), rescue->id).error().message_key, "emergency.group_builtin");
  auto custom = org_->create_group(admin(), "media", "媒体应对组", "对外发布");
  ASSERT_TRUE(custom.ok());
  EXPECT_EQ(org_->create_group(admin(), "media", "x", "").error().code, ErrorCode::kConflict);
  EXPECT_TRUE(org_->delete_group(admin(), custom->id).ok());
}

TEST_F(OrganisationTest, AnswerCarriesNamesInTheOrderOfTheOrganisation) {
  // A department created last but placed under the safety department: the duties follow the
  // department tree, not the order the departments were created in.
  const auto drills = w_.dept("DRILLS", safety_);
  const auto drills_head = w_.user("drillshead", drills);
  ASSERT_TRUE(org_->set_leaders(admin(), {{safety_head_, "member", std::nullopt, false},
                                          {deputy2_, "deputy_leader", std::nullopt, false},
                                          {deputy_, "deputy_leader", std::nullopt, false},
                                          {leader_, "leader", stand_in_, false}})
                  .ok());
  ASSERT_TRUE(org_->set_department_duty(admin(), service_, {service_head_, std::nullopt, false, "服务"}).ok());
  ASSERT_TRUE(org_->set_department_duty(admin(), drills, {drills_head, std::nullopt, false, "演练"}).ok());
  ASSERT_TRUE(org_->set_department_duty(admin(), safety_, {safety_head_, std::nullopt, false, "安全"}).ok());
  auto rescue = org_->group_by_code("rescue");
  ASSERT_TRUE(org_->set_members(admin(), rescue->id,
                                {{stand_in_, "member", "", std::nullopt, false},
                                 {service_head_, "member", "", std::nullopt, false},
                                 {safety_head_, "head", "", std::nullopt, false}})
                  .ok());

  const auto o = org_->get();
  ASSERT_EQ(o.leaders.size(), 4u);
  EXPECT_EQ(o.leaders[0].display_name, "leader");
  EXPECT_EQ(o.leaders[1].display_name, "deputy2");  // deputies by the order they were given
  EXPECT_EQ(o.leaders[2].display_name, "deputy");
  EXPECT_EQ(o.leaders[3].display_name, "safetyhead");
  ASSERT_EQ(o.departments.size(), 3u);
  EXPECT_EQ(o.departments[0].department_name, "SAFETY");
  EXPECT_EQ(o.departments[1].department_name, "DRILLS");
  EXPECT_EQ(o.departments[1].head_user_id, drills_head);
  EXPECT_EQ(o.departments[2].department_name, "SERVICE");
  EXPECT_EQ(o.departments[2].duties, "服务");
  const auto& members = o.groups.front().members;
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].display_name, "safetyhead");  // the head first, then by account
  EXPECT_EQ(members[0].role, "head");
  EXPECT_EQ(members[1].user_id, std::min(stand_in_, service_head_));
  EXPECT_EQ(members[2].user_id, std::max(stand_in_, service_head_));
  EXPECT_FALSE(members[1].display_name.empty());

  const auto j = to_json(o);
  EXPECT_EQ(j["departments"][1]["department_name"], "DRILLS");
  EXPECT_EQ(j["leaders"][0]["display_name"], "leader");
}

TEST_F(OrganisationTest, DutiesNeedAnExistingDepartmentAndActivePeople) {
  EXPECT_EQ(org_->set_department_duty(admin(), 999999, {service_head_, std::nullopt, false, ""}).error().message_key,
            "identity.department_not_found");
  EXPECT_EQ(org_->set_safety_department(admin(), 999999).error().message_key, "identity.department_not_found");
  EXPECT_EQ(org_->set_department_duty(admin(), service_, {999999, std::nullopt, false, ""}).error().message_key,
            "emergency.user_invalid");
}

}  // namespace
}  // namespace anxin::emergency
