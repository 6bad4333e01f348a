// The warning service's response on SQLite and PostgreSQL (ANXIN_TEST_BACKEND): the checklist of the working groups,
// publication inside the change's transaction, and the CAP documents and feed.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "modules/notify/channel_service.hpp"
#include "modules/warnings/cap_test_support.hpp"
#include "modules/warnings/warning_test_fixture.hpp"

namespace anxin::warnings {
namespace {

TEST_F(WarningServiceTest, ChecklistHasEveryGroupsDutiesAndMoreForSevereLevels) {
  // Every warning: the three working groups' duties of the emergency measures.
  const std::set<std::string> base = {"rescue.standby", "logistics.supplies", "liaison.monitor",
                                      "liaison.inform_sites"};
  const auto blue = items(issued(Level::kBlue).id);
  EXPECT_EQ(codes(blue), base);
  std::set<std::string> groups;
  for (const auto& i : blue) {
    groups.insert(i.group);
    EXPECT_FALSE(i.done);
    EXPECT_FALSE(i.owner_id);
    EXPECT_FALSE(i.title_zh.empty());
    EXPECT_FALSE(i.title_en.empty());
  }
  EXPECT_EQ(groups, (std::set<std::string>{"rescue", "logistics", "liaison"}));
  auto standby = std::find_if(blue.begin(), blue.end(), [](const auto& i) { return i.code == "rescue.standby"; });
  EXPECT_NE(standby->title_zh.find("集结待命"), std::string::npos);

  auto yellow = codes(items(issued(Level::kYellow).id));
  EXPECT_TRUE(std::includes(yellow.begin(), yellow.end(), base.begin(), base.end()));
  EXPECT_TRUE(yellow.count("logistics.patrol"));
  EXPECT_FALSE(yellow.count("rescue.duty_24h"));

  auto orange = codes(items(issued(Level::kOrange).id));
  EXPECT_TRUE(orange.count("rescue.duty_24h"));
  EXPECT_FALSE(orange.count("rescue.suspend_visits"));
  EXPECT_EQ(orange.size(), 8u);

  auto red = codes(items(issued(Level::kRed).id));
  EXPECT_TRUE(red.count("rescue.duty_24h"));
  EXPECT_TRUE(red.count("rescue.suspend_visits"));
  EXPECT_EQ(red.size(), checklist_plan().size());

  auto grouped = checklist_json(items(issued(Level::kBlue).id));
  ASSERT_EQ(grouped.size(), 3u);
  EXPECT_EQ(grouped[0]["group"], "rescue");
  EXPECT_EQ(grouped[0]["name_zh"], "应急救援组");
  EXPECT_EQ(grouped[2]["total"], 2);
}

TEST_F(WarningServiceTest, PublishesToTheAffectedDepartmentsUsersAndRobots) {
  notify::ChannelService channels(db(), clock_, *keys_, *audit_);
  Caller admin;
  admin.user_id = manager_;
  auto robot = channels.create(admin, {.kind = notify::ChannelKind::kWecom,
                                       .name = "应急群",
                                       .endpoint = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"});
  ASSERT_TRUE(robot.ok()) << robot.error().message_key;
  auto in = rainstorm();
  in.channels = {robot->id};
  const Warning w = svc_->issue(caller_, in).value();

  auto recipients = [&](const std::string& event) {
    return db().read([&](db::Conn& c) {
      std::multiset<std::pair<std::string, std::int64_t>> out;
      for (const auto& r : c.query("SELECT d.channel, d.user_id FROM notify_deliveries d JOIN notify_messages m ON "
                                   "m.id = d.message_id WHERE m.event = $1",
                                   event)) {
        out.insert({r.text("channel"), r.opt_int64("user_id").value_or(0)});
      }
      return out;
    });
  };
  // Site A and its team; not site B, not disabled or service accounts; the robot once.
  const std::multiset<std::pair<std::string, std::int64_t>> expected = {
      {"inapp", a1_}, {"sms", a1_}, {"inapp", a2_}, {"sms", a2_}, {"inapp", a_team_}, {"sms", a_team_}, {"wecom", 0}};
  EXPECT_EQ(recipients(kEventIssued), expected);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM notify_inbox"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM notify_messages"), 1);

  // The in-app text is rendered from the template (the inbox is the notifier's; read through it).
  Caller reader;
  reader.user_id = a1_;
  auto inbox = notifier_->inbox(reader, false, {}).value();
  ASSERT_EQ(inbox.total, 1);
  EXPECT_EQ(inbox.items[0].event, kEventIssued);
  EXPECT_EQ(inbox.items[0].title, "【黄色预警】暴雨预警");
  EXPECT_NE(inbox.items[0].body.find("朝阳服务站、北京市朝阳区"), std::string::npos) << inbox.items[0].body;
  EXPECT_NE(inbox.items[0].body.find("2026-07-01 14:00"), std::string::npos) << inbox.items[0].body;
  EXPECT_NE(inbox.items[0].body.find(kMeasures), std::string::npos);

  // Escalation reaches the same people and robot; adding site B reaches its people too.
  ASSERT_TRUE(svc_->escalate(caller_, w.id, 1, Level::kOrange, "雨势加强").ok());
  EXPECT_EQ(recipients(kEventChanged), expected);
  WarningPatch p{.version = 2, .reason = "扩大范围"};
  p.areas = std::vector<AreaInput>{{.department_id = site_a_}, {.department_id = site_b_}};
  ASSERT_TRUE(svc_->update(caller_, w.id, p).ok());
  EXPECT_EQ(recipients(kEventChanged).count({"inapp", b1_}), 1u);
  ASSERT_TRUE(svc_->lift(caller_, w.id, 3, "解除").ok());
  EXPECT_EQ(recipients(kEventLifted).count({"sms", b1_}), 1u);
  EXPECT_EQ(recipients(kEventLifted).count({"wecom", 0}), 1u);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM notify_messages"), 4);
  auto latest = notifier_->inbox(reader, false, {}).value();
  EXPECT_EQ(latest.items[0].title, "【预警解除】暴雨预警");
}

TEST_F(WarningServiceTest, NothingIsPublishedWhenTheTransactionFails) {
  // An unknown robot channel fails the issue: no warning, no message.
  auto in = rainstorm();
  in.channels = {987654};
  auto r = svc_->issue(caller_, in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message_key, "notify.channel_not_found");

  // A failure after the publication (the audit record is written last) rolls the publication back too.
  const bool pg = db().backend() == db::Backend::kPostgres;
  db().run_exclusive([&](db::Conn& c) {
    if (pg) {
      c.exec_script(
          "CREATE FUNCTION warnings_test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
          "$$ BEGIN RAISE EXCEPTION 'refused by test'; END $$;"
          "CREATE TRIGGER warnings_test_refuse BEFORE INSERT ON audit_log FOR EACH ROW "
          "EXECUTE FUNCTION warnings_test_refuse();");
    } else {
      c.exec_script(
          "CREATE TRIGGER warnings_test_refuse BEFORE INSERT ON audit_log "
          "BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
    }
  });
  EXPECT_FALSE(svc_->issue(caller_, rainstorm()).ok());
  for (const char* table : {"warnings", "warning_versions", "warning_checklist_items", "notify_messages",
                            "notify_deliveries", "notify_inbox"}) {
    EXPECT_EQ(count(std::string("SELECT COUNT(*) AS n FROM ") + table), 0) << table;
  }
  db().run_exclusive([&](db::Conn& c) {
    c.exec_script(pg ? "DROP TRIGGER warnings_test_refuse ON audit_log; DROP FUNCTION warnings_test_refuse();"
                     : "DROP TRIGGER warnings_test_refuse;");
  });
  // The same call goes through once nothing refuses it.
  ASSERT_TRUE(svc_->issue(caller_, rainstorm()).ok());
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM notify_messages"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM notify_inbox"), 3);
}

TEST_F(WarningServiceTest, ChecklistItemsAreTickedAssignedAndUnticked) {
  const Warning w = issued();
  const auto item = items(w.id).front();
  clock_.advance_ms(kHour);
  auto ticked = svc_->update_checklist_item(caller_, w.id, item.id, {.done = true, .owner_id = a1_}).value();
  EXPECT_TRUE(ticked.done);
  EXPECT_EQ(ticked.done_by, manager_);
  EXPECT_EQ(ticked.done_by_name, "王安然");
  EXPECT_EQ(ticked.done_at, kStart + kHour);
  EXPECT_EQ(ticked.owner_id, a1_);
  EXPECT_EQ(ticked.owner_name, "张阿姨");
  EXPECT_EQ(ticked.version, 2);

  clock_.advance_ms(kHour);
  Caller other = caller_;
  other.user_id = a2_;
  auto again = svc_->update_checklist_item(other, w.id, item.id, {.done = true}).value();
  EXPECT_EQ(again.done_by, manager_) << "a second tick keeps the first";
  EXPECT_EQ(again.done_at, kStart + kHour);
  EXPECT_EQ(again.version, 2);

  auto unticked =
      svc_->update_checklist_item(other, w.id, item.id, {.done = false, .owner_id = std::optional<std::int64_t>{}})
          .value();
  EXPECT_FALSE(unticked.done);
  EXPECT_FALSE(unticked.done_by);
  EXPECT_FALSE(unticked.done_at);
  EXPECT_FALSE(unticked.owner_id);

  auto key = [](const auto& r) { return r.ok() ? std::string("ok") : r.error().message_key; };
  EXPECT_EQ(key(svc_->update_checklist_item(caller_, w.id, item.id, {.owner_id = std::int64_t{999999}})),
            "warnings.owner_invalid");
  const Warning second = issued();
  EXPECT_EQ(key(svc_->update_checklist_item(caller_, second.id, item.id, {.done = true})),
            "warnings.checklist_item_not_found");
  EXPECT_EQ(key(svc_->update_checklist_item(caller_, 999999, item.id, {.done = true})), "warnings.warning_not_found");
}

TEST_F(WarningServiceTest, CapDocumentsAndFeedComeFromTheStoredVersions) {
  Warning w = issued(Level::kYellow);
  clock_.advance_ms(kHour);
  ASSERT_TRUE(svc_->escalate(caller_, w.id, 1, Level::kRed, "雨势加强").ok());
  const Warning other = issued(Level::kBlue);

  for (std::int64_t v : {1, 2}) {
    const std::string xml = svc_->cap(w.id, v).value();
    const auto check = testing::check_cap(xml);
    EXPECT_TRUE(check.rule_problems.empty()) << xml;
    EXPECT_TRUE(check.schema_problems.empty()) << xml;
  }
  testing::XmlDoc v1(svc_->cap(w.id, 1).value());
  EXPECT_EQ(v1.text("/cap:alert/cap:msgType"), "Alert");
  EXPECT_EQ(v1.text("/cap:alert/cap:info/cap:severity"), "Moderate");
  EXPECT_EQ(v1.text("/cap:alert/cap:info/cap:senderName"), "安心家政服务有限公司");
  testing::XmlDoc latest(svc_->cap(w.id).value());
  EXPECT_EQ(latest.text("/cap:alert/cap:msgType"), "Update");
  EXPECT_EQ(latest.text("/cap:alert/cap:info/cap:severity"), "Extreme");
  EXPECT_EQ(latest.text("/cap:alert/cap:references"),
            "anxin-warnings,anxin-warning-" + std::to_string(w.id) + "-v1,2026-07-01T08:00:00+08:00");
  EXPECT_EQ(latest.text("/cap:alert/cap:info/cap:instruction"), kMeasures);
  EXPECT_EQ(latest.subtree("/cap:alert").find("王安然"), std::string::npos);
  EXPECT_EQ(svc_->cap(w.id, 3).error().message_key, "warnings.version_not_found");
  EXPECT_EQ(svc_->cap(999999).error().message_key, "warnings.warning_not_found");

  ASSERT_TRUE(svc_->lift(caller_, w.id, 2, "解除").ok());
  testing::XmlDoc cancel(svc_->cap(w.id).value());
  EXPECT_EQ(cancel.text("/cap:alert/cap:msgType"), "Cancel");
  EXPECT_EQ(testing::check_cap(svc_->cap(w.id).value()).rule_problems.size(), 0u);

  // The feed: the active warning, and the lifted one as a Cancel while it is recent.
  testing::XmlDoc feed(svc_->cap_feed("/api/v1/warnings/cap-feed", "/api/v1/warnings/"));
  ASSERT_TRUE(feed.ok());
  EXPECT_EQ(feed.count("/atom:feed/atom:entry"), 2);
  EXPECT_EQ(feed.text("/atom:feed/atom:entry[1]/atom:content/cap:alert/cap:msgType"), "Cancel");  // red first
  EXPECT_EQ(feed.attr("/atom:feed/atom:entry[2]/atom:link", "href"),
            "/api/v1/warnings/" + std::to_string(other.id) + "/cap");
  clock_.advance_ms(WarningService::kFeedCancelMs + 1);
  testing::XmlDoc later(svc_->cap_feed("/f", "/w/"));
  EXPECT_EQ(later.count("/atom:feed/atom:entry"), 1);
}

}  // namespace
}  // namespace anxin::warnings
