// The warning service on SQLite and PostgreSQL (ANXIN_TEST_BACKEND): versions and history, the response checklist,
// refused transitions, encryption of class 3 text, audit records, publication inside the change's transaction, CAP.
#include "modules/warnings/warning_service.hpp"
#include "modules/audit/audit_log.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>

#include "modules/notify/channel_service.hpp"
#include "modules/warnings/cap_test_support.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/testing.hpp"

namespace anxin::warnings {
namespace {

constexpr TimestampMs kStart = 1'782'864'000'000;  // 2026-07-01T08:00:00+08:00
constexpr TimestampMs kHour = 3'600'000;
const std::string kMeasures = "王师傅负责检查朝阳站排水泵；所有人暂停户外作业，出发前确认路况。";
const std::string kDescription = "市气象台：未来6小时降雨50毫米以上。联系人李女士13800138000。";

/// A transport that must never be used: these tests do not deliver.
class NoTransport final : public notify::Transport {
 public:
  Result<std::string> http_post(const std::string&, const notify::Headers&, const std::string&) override {
    ADD_FAILURE() << "no delivery expected";
    return Error::unavailable();
  }
  Status smtp_send(const notify::SmtpRequest&) override {
    ADD_FAILURE() << "no delivery expected";
    return Error::unavailable();
  }
};

bool contains_bytes(const db::Blob& haystack, const std::string& needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

class WarningServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("anxin-warnings-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    keys_ = crypto::KeyRing::open(db(), {.data_dir = dir_.string()});
    for (const auto& c : encrypted_columns()) keys_->register_column(c);
    for (const auto& c : free_text_columns()) keys_->register_column(c);
    audit_ = std::make_unique<audit::AuditLog>(db(), clock_, audit::SigningKey::load_or_create(dir_.string()));
    notifier_ = std::make_unique<notify::Notifier>(db(), clock_, *keys_, *audit_, transport_);
    register_templates(*notifier_);
    svc_ = std::make_unique<WarningService>(db(), clock_, *keys_, *audit_, *notifier_);

    company_ = department("COMPANY", "安心家政服务有限公司", std::nullopt, "company");
    site_a_ = department("BR-CHAOYANG", "朝阳服务站", company_, "site");
    team_a_ = department("BR-CHAOYANG-T1", "朝阳保洁一组", site_a_, "team");
    site_b_ = department("BR-HAIDIAN", "海淀服务站", company_, "site");
    closed_ = department("BR-CLOSED", "已撤销服务站", company_, "site", /*active=*/false);
    manager_ = user("safety", "王安然", company_);
    a1_ = user("a1", "张阿姨", site_a_);
    a2_ = user("a2", "刘师傅", site_a_);
    a_team_ = user("at", "赵师傅", team_a_);
    b1_ = user("b1", "钱阿姨", site_b_);
    user("a_gone", "孙离职", site_a_, "disabled");
    user("a_svc", "接口账号", site_a_, "active", /*service=*/true);

    caller_.user_id = manager_;
    caller_.username = "safety";
    caller_.ip = "10.0.0.9";
    caller_.request_id = "req-1";
  }
  void TearDown() override {
    svc_.reset();
    notifier_.reset();
    audit_.reset();
    keys_.reset();
    std::filesystem::remove_all(dir_);
  }

  db::Database& db() { return tdb_.db(); }

  std::int64_t department(const std::string& code, const std::string& name, std::optional<std::int64_t> parent,
                          const std::string& kind, bool active = true) {
    return db()
        .write([&](db::Conn& c) -> Result<std::int64_t> {
          const auto id = c.query_one(
                               "INSERT INTO departments (parent_id, name, code, kind, active, created_at, updated_at) "
                               "VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
                               parent, name, code, kind, active, kStart)
                              ->int64("id");
          std::string path = "/";
          if (parent) path = c.query_one("SELECT path FROM departments WHERE id = $1", *parent)->text("path");
          c.exec("UPDATE departments SET path = $2 WHERE id = $1", id, path + std::to_string(id) + "/");
          return id;
        })
        .value();
  }

  std::int64_t user(const std::string& username, const std::string& name, std::int64_t department_id,
                    const std::string& status = "active", bool service = false) {
    return db()
        .write([&](db::Conn& c) -> Result<std::int64_t> {
          return c
              .query_one(
                  "INSERT INTO users (username, display_name, department_id, status, is_service_account, created_at, "
                  "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
                  username, name, department_id, status, service, kStart)
              ->int64("id");
        })
        .value();
  }

  std::int64_t count(const std::string& sql) {
    return db().read([&](db::Conn& c) { return c.query_one(sql)->int64("n"); });
  }

  NewWarning rainstorm(Level level = Level::kYellow) {
    NewWarning w;
    w.level = level;
    w.category = Category::kWeather;
    w.title = "暴雨预警";
    w.areas = {{.department_id = site_a_}, {.text = std::string("北京市朝阳区")}};
    w.expected_at = kStart + 6 * kHour;
    w.expires_at = kStart + 30 * kHour;
    w.measures = kMeasures;
    w.description = kDescription;
    w.reason = "气象台发布预警信号";
    return w;
  }

  Warning issued(Level level = Level::kYellow) {
    auto r = svc_->issue(caller_, rainstorm(level));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message_key);
    return r.value();
  }

  std::vector<ChecklistItem> items(std::int64_t id) { return svc_->checklist(id).value(); }

  static std::set<std::string> codes(const std::vector<ChecklistItem>& items) {
    std::set<std::string> out;
    for (const auto& i : items) out.insert(i.code);
    return out;
  }

  db::testing::TestDatabase tdb_;
  ManualClock clock_{kStart};
  std::filesystem::path dir_;
  NoTransport transport_;
  std::unique_ptr<crypto::KeyRing> keys_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<notify::Notifier> notifier_;
  std::unique_ptr<WarningService> svc_;
  std::int64_t company_ = 0, site_a_ = 0, team_a_ = 0, site_b_ = 0, closed_ = 0;
  std::int64_t manager_ = 0, a1_ = 0, a2_ = 0, a_team_ = 0, b1_ = 0;
  Caller caller_;
};

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
