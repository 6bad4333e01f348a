// The warning service's lifecycle on SQLite and PostgreSQL (ANXIN_TEST_BACKEND): versions and history, refused
// transitions, encryption of class 3 text, audit records, the list and the demo data.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "modules/warnings/warning_test_fixture.hpp"

namespace anxin::warnings {
namespace {

bool contains_bytes(const db::Blob& haystack, const std::string& needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

TEST_F(WarningServiceTest, IssueCreatesVersionOneWithItsFields) {
  const Warning w = issued();
  EXPECT_GT(w.id, 0);
  EXPECT_EQ(w.version, 1);
  EXPECT_EQ(w.status, "active");
  EXPECT_EQ(w.level, Level::kYellow);
  EXPECT_EQ(w.measures, kMeasures);
  EXPECT_EQ(w.description, kDescription);
  EXPECT_EQ(w.issued_by, manager_);
  EXPECT_EQ(w.issued_by_name, "王安然");
  EXPECT_EQ(w.issued_at, kStart);
  ASSERT_EQ(w.areas.size(), 2u);
  EXPECT_EQ(w.areas[0], (Area{site_a_, "朝阳服务站"}));
  EXPECT_EQ(w.areas[1], (Area{std::nullopt, "北京市朝阳区"}));

  auto history = svc_->history(w.id).value();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].version, 1);
  EXPECT_EQ(history[0].action, Action::kIssue);
  EXPECT_EQ(history[0].changed_by, manager_);
  EXPECT_EQ(history[0].changed_at, kStart);
  EXPECT_EQ(history[0].reason, "气象台发布预警信号");
  EXPECT_EQ(history[0].snapshot.measures, kMeasures);
  EXPECT_EQ(history[0].snapshot.areas, w.areas);

  auto json = to_json(svc_->get(w.id).value());
  EXPECT_EQ(json["level"], "yellow");
  EXPECT_EQ(json["level_roman"], "III");
  EXPECT_EQ(json["level_number"], 3);
  EXPECT_EQ(json["expected_at"], "2026-07-01T06:00:00.000Z");
}

TEST_F(WarningServiceTest, EscalateDowngradeUpdateAndLiftAreVersionsWithHistory) {
  Warning w = issued(Level::kBlue);
  clock_.advance_ms(kHour);
  w = svc_->escalate(caller_, w.id, 1, Level::kOrange, "雨势加强").value();
  EXPECT_EQ(w.level, Level::kOrange);
  EXPECT_EQ(w.version, 2);
  EXPECT_TRUE(codes(items(w.id)).count("rescue.duty_24h")) << "escalation adds the new level's items";

  clock_.advance_ms(kHour);
  w = svc_->downgrade(caller_, w.id, 2, Level::kYellow, "雨势减弱").value();
  EXPECT_EQ(w.level, Level::kYellow);
  EXPECT_TRUE(codes(items(w.id)).count("rescue.duty_24h")) << "items already started stay";

  clock_.advance_ms(kHour);
  WarningPatch p{.version = 3, .reason = "补充措施"};
  p.measures = "改为：全部服务改期。";
  p.areas = std::vector<AreaInput>{{.department_id = site_a_}, {.department_id = site_b_}};
  w = svc_->update(caller_, w.id, p).value();
  EXPECT_EQ(w.version, 4);
  EXPECT_EQ(w.measures, "改为：全部服务改期。");
  EXPECT_EQ(w.areas.size(), 2u);

  clock_.advance_ms(kHour);
  w = svc_->lift(caller_, w.id, 4, "预警信号解除").value();
  EXPECT_EQ(w.status, "lifted");
  EXPECT_EQ(w.lifted_at, kStart + 4 * kHour);
  EXPECT_EQ(w.version, 5);

  auto history = svc_->history(w.id).value();
  ASSERT_EQ(history.size(), 5u);
  const std::vector<Action> actions = {Action::kIssue, Action::kEscalate, Action::kDowngrade, Action::kUpdate,
                                       Action::kLift};
  const std::vector<Level> levels = {Level::kBlue, Level::kOrange, Level::kYellow, Level::kYellow, Level::kYellow};
  for (std::size_t i = 0; i < history.size(); ++i) {
    EXPECT_EQ(history[i].version, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(history[i].action, actions[i]);
    EXPECT_EQ(history[i].snapshot.level, levels[i]);
    EXPECT_EQ(history[i].changed_at, kStart + static_cast<std::int64_t>(i) * kHour);
    EXPECT_EQ(history[i].changed_by, manager_);
  }
  EXPECT_EQ(history[1].reason, "雨势加强");
  EXPECT_EQ(history[0].snapshot.measures, kMeasures) << "earlier versions keep their text";
  EXPECT_EQ(history[3].snapshot.measures, "改为：全部服务改期。");
  EXPECT_EQ(history[2].snapshot.areas.size(), 2u);
  EXPECT_EQ(history[3].snapshot.areas[1].name, "海淀服务站");
  EXPECT_EQ(history[4].snapshot.status, "lifted");
  EXPECT_EQ(history[3].snapshot.status, "active");
}

TEST_F(WarningServiceTest, InvalidTransitionsAndInputsAreRefusedWithoutNewVersions) {
  const Warning w = issued(Level::kYellow);
  auto key = [](const auto& r) { return r.ok() ? std::string("ok") : r.error().message_key; };
  auto code = [](const auto& r) { return r.ok() ? ErrorCode::kInternal : r.error().code; };

  EXPECT_EQ(key(svc_->escalate(caller_, w.id, 1, Level::kYellow, "同级")), "warnings.no_change");
  EXPECT_EQ(code(svc_->escalate(caller_, w.id, 1, Level::kYellow, "同级")), ErrorCode::kConflict);
  EXPECT_EQ(key(svc_->escalate(caller_, w.id, 1, Level::kBlue, "更低")), "warnings.not_higher");
  EXPECT_EQ(key(svc_->downgrade(caller_, w.id, 1, Level::kRed, "更高")), "warnings.not_lower");
  EXPECT_EQ(key(svc_->downgrade(caller_, w.id, 1, Level::kYellow, "同级")), "warnings.no_change");
  EXPECT_EQ(key(svc_->escalate(caller_, w.id, 7, Level::kRed, "旧版本")), "common.version_conflict");
  EXPECT_EQ(key(svc_->escalate(caller_, w.id, 1, Level::kRed, "  ")), "common.field_required");
  EXPECT_EQ(key(svc_->update(caller_, w.id, {.version = 1, .reason = "无变化"})), "warnings.no_change");
  WarningPatch same{.version = 1, .reason = "同样内容"};
  same.measures = kMeasures;
  EXPECT_EQ(key(svc_->update(caller_, w.id, same)), "warnings.no_change");
  WarningPatch bad_expiry{.version = 1, .reason = "过期时间"};
  bad_expiry.expires_at = std::optional<TimestampMs>(w.expected_at - 1);
  EXPECT_EQ(key(svc_->update(caller_, w.id, bad_expiry)), "warnings.expires_before_onset");
  EXPECT_EQ(key(svc_->escalate(caller_, 999999, 1, Level::kRed, "不存在")), "warnings.warning_not_found");
  EXPECT_EQ(code(svc_->get(999999)), ErrorCode::kNotFound);

  auto bad = rainstorm();
  bad.areas = {{.department_id = 999999}};
  EXPECT_EQ(key(svc_->issue(caller_, bad)), "warnings.department_invalid");
  bad.areas = {{.department_id = closed_}};
  EXPECT_EQ(key(svc_->issue(caller_, bad)), "warnings.department_invalid");
  bad.areas = {{.department_id = site_a_, .text = std::string("两者都有")}};
  EXPECT_EQ(key(svc_->issue(caller_, bad)), "warnings.area_invalid");
  bad.areas = {};
  EXPECT_EQ(key(svc_->issue(caller_, bad)), "warnings.area_required");
  bad = rainstorm();
  bad.measures = " ";
  EXPECT_EQ(key(svc_->issue(caller_, bad)), "common.field_required");
  bad = rainstorm();
  bad.title = std::string(101, 'x');
  EXPECT_EQ(key(svc_->issue(caller_, bad)), "common.field_too_long");

  EXPECT_EQ(svc_->history(w.id)->size(), 1u) << "refused changes leave no version";
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM warnings"), 1);

  ASSERT_TRUE(svc_->lift(caller_, w.id, 1, "解除").ok());
  EXPECT_EQ(key(svc_->lift(caller_, w.id, 2, "再次解除")), "warnings.not_active");
  EXPECT_EQ(code(svc_->lift(caller_, w.id, 2, "再次解除")), ErrorCode::kConflict);
  EXPECT_EQ(key(svc_->escalate(caller_, w.id, 2, Level::kRed, "解除后升级")), "warnings.not_active");
  EXPECT_EQ(key(svc_->downgrade(caller_, w.id, 2, Level::kBlue, "解除后降级")), "warnings.not_active");
  WarningPatch after{.version = 2, .reason = "解除后修改"};
  after.title = "新标题";
  EXPECT_EQ(key(svc_->update(caller_, w.id, after)), "warnings.not_active");
  const auto item = items(w.id).front();
  EXPECT_EQ(key(svc_->update_checklist_item(caller_, w.id, item.id, {.done = true})), "warnings.not_active");
  EXPECT_EQ(svc_->history(w.id)->size(), 2u);
}

TEST_F(WarningServiceTest, MeasuresAndDescriptionAreNeverStoredInPlaintext) {
  Warning w = issued();
  WarningPatch p{.version = 1, .reason = "更新说明"};
  p.description = kDescription + "（更新）";
  ASSERT_TRUE(svc_->update(caller_, w.id, p).ok());
  const std::vector<std::string> secrets = {kMeasures, kDescription, "王师傅", "13800138000", "李女士"};
  db().read([&](db::Conn& c) {
    for (const char* table : {"warnings", "warning_versions"}) {
      for (const auto& r : c.query(std::string("SELECT * FROM ") + table)) {
        for (std::size_t i = 0; i < r.size(); ++i) {
          const db::Value& v = r.at(i);
          for (const auto& s : secrets) {
            if (const auto* text = std::get_if<std::string>(&v)) {
              EXPECT_EQ(text->find(s), std::string::npos) << table << " column " << i << " holds " << s;
            }
            if (const auto* blob = std::get_if<db::Blob>(&v)) {
              EXPECT_FALSE(contains_bytes(*blob, s)) << table << " column " << i << " holds " << s;
            }
          }
        }
      }
      for (const auto& r : c.query(std::string("SELECT measures_enc, description_enc FROM ") + table)) {
        EXPECT_GT(r.blob("measures_enc").size(), kMeasures.size()) << "ciphertext expected in " << table;
        EXPECT_FALSE(r.is_null("description_enc"));
      }
    }
    return 0;
  });
  // Decrypted on read.
  EXPECT_EQ(svc_->get(w.id)->measures, kMeasures);
  EXPECT_EQ(svc_->get(w.id)->description, kDescription + "（更新）");
  // Ciphertexts are bound to their row: moving one to another warning does not decrypt there.
  const Warning other = issued();
  db().write([&](db::Conn& c) -> Status {
        c.exec("UPDATE warnings SET measures_enc = (SELECT measures_enc FROM warnings WHERE id = $1) WHERE id = $2",
               w.id, other.id);
        return ok_status();
      })
      .value();
  EXPECT_EQ(svc_->get(other.id)->measures, "");
}

TEST_F(WarningServiceTest, EveryChangeIsAuditedWithoutTheClass3Text) {
  Warning w = issued();
  ASSERT_TRUE(svc_->escalate(caller_, w.id, 1, Level::kRed, "雨势加强").ok());
  const auto item = items(w.id).front();
  ASSERT_TRUE(svc_->update_checklist_item(caller_, w.id, item.id, {.done = true}).ok());
  ASSERT_TRUE(svc_->lift(caller_, w.id, 2, "解除").ok());

  auto records = audit_->search({.entity = "warning", .entity_id = std::to_string(w.id)}, {.page_size = 50}).value();
  std::vector<std::string> actions;
  for (const auto& r : records.items) {
    actions.push_back(r.action);
    EXPECT_EQ(r.actor.user_id, manager_);
    EXPECT_EQ(r.actor.request_id, "req-1");
    EXPECT_EQ(r.before.dump().find("王师傅"), std::string::npos);
    EXPECT_EQ(r.after.dump().find("王师傅"), std::string::npos);
    EXPECT_EQ(r.after.dump().find("13800138000"), std::string::npos);
  }
  std::reverse(actions.begin(), actions.end());  // search is newest first
  EXPECT_EQ(actions, (std::vector<std::string>{"issue", "escalate", "lift"}));
  EXPECT_EQ(records.items[1].reason, "雨势加强");
  EXPECT_EQ(records.items[1].before["level"], "yellow");
  EXPECT_EQ(records.items[1].after["level"], "red");

  auto ticks = audit_->search({.entity = "warning_checklist_item"}, {.page_size = 50}).value();
  ASSERT_EQ(ticks.total, 1);
  EXPECT_EQ(ticks.items[0].entity_id, std::to_string(item.id));
  EXPECT_EQ(ticks.items[0].before["done"], false);
  EXPECT_EQ(ticks.items[0].after["done"], true);
}

TEST_F(WarningServiceTest, ListsActiveFirstAndFilters) {
  const Warning blue = issued(Level::kBlue);
  const Warning red = issued(Level::kRed);
  const Warning yellow = issued(Level::kYellow);
  ASSERT_TRUE(svc_->lift(caller_, red.id, 1, "解除").ok());
  auto all = svc_->list({}, {.page = 1, .page_size = 10});
  EXPECT_EQ(all.total, 3);
  ASSERT_EQ(all.items.size(), 3u);
  EXPECT_EQ(all.items[0].id, yellow.id);
  EXPECT_EQ(all.items[1].id, blue.id);
  EXPECT_EQ(all.items[2].id, red.id);
  EXPECT_EQ(all.items[0].measures, kMeasures);
  auto active = svc_->list({.status = "active"}, {});
  EXPECT_EQ(active.total, 2);
  auto reds = svc_->list({.level = Level::kRed}, {});
  ASSERT_EQ(reds.total, 1);
  EXPECT_EQ(reds.items[0].status, "lifted");
  auto paged = svc_->list({}, {.page = 2, .page_size = 2});
  EXPECT_EQ(paged.total, 3);
  ASSERT_EQ(paged.items.size(), 1u);
}

TEST_F(WarningServiceTest, DemoWarningIsLoadedOnce) {
  Caller system;
  system.username = "demo";
  ASSERT_TRUE(svc_->load_demo(system).ok());
  ASSERT_TRUE(svc_->load_demo(system).ok());
  auto list = svc_->list({}, {});
  ASSERT_EQ(list.total, 1);
  const Warning& w = list.items[0];
  EXPECT_EQ(w.level, Level::kYellow);
  EXPECT_EQ(w.title, "暴雨黄色预警");
  EXPECT_TRUE(w.active());
  EXPECT_FALSE(w.issued_by);
  ASSERT_GE(w.areas.size(), 2u);
  EXPECT_EQ(w.areas[0].name, "朝阳服务站");
  EXPECT_EQ(w.areas[1].name, "海淀服务站");
  EXPECT_GT(w.expected_at, kStart);
  EXPECT_EQ(items(w.id).size(), 6u);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM notify_inbox"), 4) << "site A (3 with its team) and site B (1)";
}

}  // namespace
}  // namespace anxin::warnings
