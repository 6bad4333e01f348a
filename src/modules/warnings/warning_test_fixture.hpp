#pragma once

// The fixture of the warning service tests (warning_service_test.cpp, warning_checklist_publication_test.cpp), on
// SQLite and PostgreSQL (ANXIN_TEST_BACKEND): a company with two service sites, a team, a closed site and their
// people, the key ring, audit log and notifier the service writes to, and a rainstorm warning to issue.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "modules/audit/audit_log.hpp"
#include "modules/warnings/warning_service.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/testing.hpp"

namespace anxin::warnings {

inline constexpr TimestampMs kStart = 1'782'864'000'000;  // 2026-07-01T08:00:00+08:00
inline constexpr TimestampMs kHour = 3'600'000;
inline const std::string kMeasures = "王师傅负责检查朝阳站排水泵；所有人暂停户外作业，出发前确认路况。";
inline const std::string kDescription = "市气象台：未来6小时降雨50毫米以上。联系人李女士13800138000。";

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

}  // namespace anxin::warnings
