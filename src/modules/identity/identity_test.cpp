// Accounts, sessions and access control, on SQLite and PostgreSQL, with a manual clock.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "modules/audit/audit_log.hpp"
#include "modules/identity/auth_service.hpp"
#include "modules/identity/department_service.hpp"
#include "modules/identity/identity_middleware.hpp"
#include "modules/identity/role_service.hpp"
#include "modules/identity/user_service.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/crypto/totp.hpp"
#include "platform/db/testing.hpp"

namespace anxin::identity {
namespace {

constexpr const char* kPassword = "Harbor#Lantern42";

class IdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("anxin-identity-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    keys_ = crypto::KeyRing::open(tdb_.db(), {.data_dir = dir_.string()});
    keys_->register_column({.table = "users", .column = "phone_enc"});
    audit_ = std::make_unique<audit::AuditLog>(tdb_.db(), clock_, audit::SigningKey::load_or_create(dir_.string()));
    auth_ = std::make_unique<AuthService>(tdb_.db(), clock_, *keys_, *audit_, AuthOptions{});
    departments_ = std::make_unique<DepartmentService>(tdb_.db(), clock_, *audit_);
    users_ = std::make_unique<UserService>(tdb_.db(), clock_, *keys_, *audit_, *auth_);
    roles_ = std::make_unique<RoleService>(tdb_.db(), clock_, *audit_);
    ASSERT_TRUE(roles_->ensure_builtin_roles().ok());
    root_ = make_department("HQ", std::nullopt);
    dept_a_ = make_department("A", root_);
    dept_b_ = make_department("B", root_);
  }
  void TearDown() override {
    users_.reset();
    auth_.reset();
    audit_.reset();
    keys_.reset();
    std::filesystem::remove_all(dir_);
  }

  Caller system() {
    Caller c;
    c.username = "test";
    c.data_scope = 3;
    c.clearance = 4;
    c.permissions = {"identity:user:assign_roles"};
    return c;
  }

  std::int64_t make_department(const std::string& code, std::optional<std::int64_t> parent) {
    auto d = departments_->create(system(),
                                  {.parent_id = parent, .name = "部门" + code, .code = code, .kind = "department"});
    EXPECT_TRUE(d.ok());
    return d->id;
  }

  /// A user with `role` in `department`, password set and not to be changed.
  std::int64_t make_user(const std::string& username, const std::string& role, std::int64_t department,
                         std::optional<std::string> phone = std::nullopt) {
    NewUser n{.username = username, .display_name = username, .department_id = department};
    n.role_ids = {*roles_->id_of(role)};
    n.phone = phone;
    auto made = users_->create(system(), n);
    EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error().message_key);
    EXPECT_TRUE(users_->set_password(made->user.id, kPassword, false).ok());
    return made->user.id;
  }

  Caller caller_of(const SessionStart& s) {
    std::string csrf;
    auto c = auth_->session_caller(s.token, csrf);
    EXPECT_TRUE(c.ok());
    return c.value();
  }

  db::testing::TestDatabase tdb_;
  ManualClock clock_{1795239000000};
  std::filesystem::path dir_;
  std::unique_ptr<crypto::KeyRing> keys_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<DepartmentService> departments_;
  std::unique_ptr<UserService> users_;
  std::unique_ptr<RoleService> roles_;
  std::int64_t root_ = 0;
  std::int64_t dept_a_ = 0;
  std::int64_t dept_b_ = 0;
};

TEST_F(IdentityTest, UnknownUserAndWrongPasswordAnswerTheSame) {
  make_user("alice", "agent", dept_a_);
  auto unknown = auth_->login("nobody", kPassword, "10.0.0.1", std::nullopt);
  auto wrong = auth_->login("alice", "Wrong#Password99", "10.0.0.1", std::nullopt);
  ASSERT_FALSE(unknown.ok());
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(unknown.error().message_key, wrong.error().message_key);
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(auth_->login("alice", kPassword, "10.0.0.1", std::nullopt).ok());
}

TEST_F(IdentityTest, FiveFailuresLockForFifteenMinutes) {
  make_user("bob", "agent", dept_a_);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(auth_->login("bob", "Nope#Nope12345", "10.0.0.2", std::nullopt).error().message_key,
              "auth.invalid_credentials");
  }
  auto fifth = auth_->login("bob", "Nope#Nope12345", "10.0.0.2", std::nullopt);
  EXPECT_EQ(fifth.error().message_key, "auth.account_locked");
  // Even the right password is refused while locked, with the time remaining.
  auto locked = auth_->login("bob", kPassword, "10.0.0.2", std::nullopt);
  ASSERT_EQ(locked.error().message_key, "auth.account_locked");
  EXPECT_EQ(locked.error().details["retry_after_seconds"], 900);
  clock_.advance_ms(15 * 60 * 1000 + 1);
  EXPECT_TRUE(auth_->login("bob", kPassword, "10.0.0.2", std::nullopt).ok());
  auto log = auth_->login_log({.event = std::string("lockout")}, {});
  EXPECT_EQ(log.total, 1);
}

TEST_F(IdentityTest, AnAddressWithTooManyFailuresIsThrottled) {
  for (int i = 0; i < 20; ++i) (void)auth_->login("ghost" + std::to_string(i), "x", "10.9.9.9", std::nullopt);
  auto r = auth_->login("ghost", "x", "10.9.9.9", std::nullopt);
  EXPECT_EQ(r.error().code, ErrorCode::kRateLimited);
  EXPECT_TRUE(auth_->login("ghost", "x", "10.9.9.8", std::nullopt).error().code == ErrorCode::kUnauthenticated);
}

TEST_F(IdentityTest, SessionsEndWhenIdleOrTooOld) {
  make_user("carol", "agent", dept_a_);
  auto s = auth_->login("carol", kPassword, "10.0.0.3", std::nullopt);
  ASSERT_TRUE(s.ok());
  std::string csrf;
  clock_.advance_ms(29 * 60 * 1000);
  EXPECT_TRUE(auth_->session_caller(s->token, csrf).ok());
  EXPECT_EQ(csrf, s->csrf_token);
  clock_.advance_ms(29 * 60 * 1000);  // used 29 minutes ago: still alive
  EXPECT_TRUE(auth_->session_caller(s->token, csrf).ok());
  clock_.advance_ms(31 * 60 * 1000);  // idle for 31 minutes
  EXPECT_EQ(auth_->session_caller(s->token, csrf).error().message_key, "auth.session_expired");

  auto t = auth_->login("carol", kPassword, "10.0.0.3", std::nullopt);
  for (int i = 0; i < 24; ++i) {  // used every 25 minutes, but 12 hours is the absolute limit
    clock_.advance_ms(25 * 60 * 1000);
    if (i < 23) {
      EXPECT_TRUE(auth_->session_caller(t->token, csrf).ok()) << i;
    }
  }
  clock_.advance_ms(60 * 60 * 1000);
  EXPECT_FALSE(auth_->session_caller(t->token, csrf).ok());
}

TEST_F(IdentityTest, LoginIssuesAFreshTokenAndEndsThePresentedOne) {
  make_user("dave", "agent", dept_a_);
  auto first = auth_->login("dave", kPassword, "10.0.0.4", std::nullopt);
  auto second = auth_->login("dave", kPassword, "10.0.0.4", first->token);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(first->token, second->token);
  std::string csrf;
  EXPECT_FALSE(auth_->session_caller(first->token, csrf).ok());
  EXPECT_TRUE(auth_->session_caller(second->token, csrf).ok());
}

TEST_F(IdentityTest, TotpWindowAndReplay) {
  const auto id = make_user("erin", "sysadmin", dept_a_);
  auto s = auth_->login("erin", kPassword, "10.0.0.5", std::nullopt);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->caller.pending, "totp_enrollment");  // administrators must enrol a second factor
  auto enrol = auth_->begin_totp(s->caller);
  ASSERT_TRUE(enrol.ok());
  EXPECT_TRUE(enrol->qr_svg.starts_with("<svg"));
  auto codes = auth_->activate_totp(s->caller, crypto::totp_code(enrol->secret, clock_.now_ms()));
  ASSERT_TRUE(codes.ok());
  EXPECT_EQ(codes->size(), 10u);

  clock_.advance_ms(90 * 1000);
  auto pre = auth_->login("erin", kPassword, "10.0.0.5", std::nullopt);
  ASSERT_TRUE(pre.ok());
  EXPECT_EQ(pre->caller.pending, "totp");
  // Two steps away is outside the ±1 window.
  EXPECT_FALSE(auth_->second_factor(pre->token, crypto::totp_code(enrol->secret, clock_.now_ms() - 60000), "ip").ok());
  const std::string code = crypto::totp_code(enrol->secret, clock_.now_ms() - 30000);  // one step back: accepted
  auto full = auth_->second_factor(pre->token, code, "ip");
  ASSERT_TRUE(full.ok());
  EXPECT_TRUE(full->caller.pending.empty());
  EXPECT_NE(full->token, pre->token);
  // The same code never works twice.
  auto again = auth_->login("erin", kPassword, "10.0.0.5", std::nullopt);
  EXPECT_EQ(auth_->second_factor(again->token, code, "ip").error().message_key, "auth.totp_invalid");
  // A recovery code works once.
  auto third = auth_->login("erin", kPassword, "10.0.0.5", std::nullopt);
  EXPECT_TRUE(auth_->second_factor(third->token, codes->front(), "ip").ok());
  auto fourth = auth_->login("erin", kPassword, "10.0.0.5", std::nullopt);
  EXPECT_FALSE(auth_->second_factor(fourth->token, codes->front(), "ip").ok());
  (void)id;
}

TEST_F(IdentityTest, PasswordPolicyHistoryAndExpiry) {
  const auto id = make_user("frank", "agent", dept_a_);
  auto s = auth_->login("frank", kPassword, "ip", std::nullopt);
  Caller c = s->caller;
  EXPECT_EQ(auth_->change_password(c, s->token, kPassword, "short").error().message_key, "auth.password_too_short");
  EXPECT_EQ(auth_->change_password(c, s->token, kPassword, "alllowercaseletters").error().message_key,
            "auth.password_composition");
  EXPECT_EQ(auth_->change_password(c, s->token, kPassword, "P@ssw0rd1234").error().message_key,
            "auth.password_breached");
  EXPECT_EQ(auth_->change_password(c, s->token, "Wrong#Current1", "Fresh#Orchard77").error().message_key,
            "auth.password_wrong");
  EXPECT_EQ(auth_->change_password(c, s->token, kPassword, kPassword).error().message_key, "auth.password_reused");
  ASSERT_TRUE(auth_->change_password(c, s->token, kPassword, "Fresh#Orchard77").ok());
  EXPECT_EQ(auth_->change_password(c, s->token, "Fresh#Orchard77", kPassword).error().message_key,
            "auth.password_reused");
  // 91 days later the password has expired: the session may only change it.
  clock_.advance_ms(91LL * 86400000);
  auto later = auth_->login("frank", "Fresh#Orchard77", "ip", std::nullopt);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->caller.pending, "password_change");
  PasswordPolicy asvs{.profile = "asvs"};
  EXPECT_FALSE(asvs.check("alllowercaseletters", "x").has_value());
  EXPECT_EQ(asvs.check("password1234", "x")->message_key, "auth.password_breached");
  (void)id;
}

TEST_F(IdentityTest, DisablingAUserEndsTheirSessionsAtOnce) {
  const auto id = make_user("gina", "agent", dept_a_);
  auto s = auth_->login("gina", kPassword, "ip", std::nullopt);
  std::string csrf;
  ASSERT_TRUE(auth_->session_caller(s->token, csrf).ok());
  Caller admin = system();
  admin.user_id = 999999;
  ASSERT_TRUE(users_->set_disabled(admin, id, true).ok());
  EXPECT_FALSE(auth_->session_caller(s->token, csrf).ok());
  EXPECT_FALSE(auth_->login("gina", kPassword, "ip", std::nullopt).ok());
}

TEST_F(IdentityTest, DataScopeHidesOtherDepartmentsAsNotFound) {
  const auto mine = make_user("hank", "agent", dept_a_);
  const auto other = make_user("ivy", "agent", dept_b_);
  auto s = auth_->login("hank", kPassword, "ip", std::nullopt);
  const Caller agent = caller_of(s.value());
  EXPECT_TRUE(users_->get(agent, mine).ok());
  EXPECT_EQ(users_->get(agent, other).error().code, ErrorCode::kNotFound);
  auto list = users_->list(agent, {}, {});
  ASSERT_TRUE(list.ok());
  for (const auto& u : list->items) EXPECT_EQ(u.department_id, dept_a_);
  EXPECT_EQ(users_->reveal(agent, other, "phone", "check").error().code, ErrorCode::kForbidden);
}

TEST_F(IdentityTest, PersonalValuesAreEncryptedSearchableAndMasked) {
  const auto id = make_user("jack", "agent", dept_a_, "+86 138 0013 8000");
  auto raw = tdb_.db().read(
      [&](db::Conn& c) { return c.query_one("SELECT phone_enc, phone_bidx FROM users WHERE id = $1", id); });
  const auto blob = raw->blob("phone_enc");
  const std::string stored(blob.begin(), blob.end());
  EXPECT_EQ(stored.find("13800138000"), std::string::npos);
  EXPECT_EQ(raw->text("phone_bidx").find("13800138000"), std::string::npos);
  auto found = users_->list(system(), {.phone = std::string("13800138000")}, {});
  ASSERT_EQ(found->total, 1);
  EXPECT_EQ(*found->items[0].phone, "13800138000");
  const auto masked = to_json(found->items[0], 2);
  EXPECT_EQ(masked["phone"], "138****8000");
  EXPECT_EQ(to_json(found->items[0], 3)["phone"], "13800138000");
  auto revealed = users_->reveal(system(), id, "phone", "回访核实");
  ASSERT_TRUE(revealed.ok());
  EXPECT_EQ(*revealed, "13800138000");
  auto records = audit_->search({.action = std::string("reveal")}, {});
  ASSERT_EQ(records->total, 1);
  EXPECT_EQ(records->items[0].reason, "回访核实");
  EXPECT_EQ(records->items[0].after["value"], "138****8000");
}

TEST_F(IdentityTest, InvalidIdentifiersAreRefusedAndNothingIsWritten) {
  const auto before = users_->count();
  NewUser bad{.username = "kate", .display_name = "K", .department_id = dept_a_};
  bad.id_number = "110105194912310021";  // wrong check digit
  EXPECT_EQ(users_->create(system(), bad).error().message_key, "identity.id_number_invalid");
  bad.id_number.reset();
  bad.phone = "12345";
  EXPECT_EQ(users_->create(system(), bad).error().message_key, "identity.phone_invalid");
  EXPECT_EQ(users_->count(), before);
}

TEST_F(IdentityTest, DutiesStaySeparate) {
  Caller c = system();
  auto mixed = roles_->create(c, {.code = "superuser",
                                  .name = "x",
                                  .data_scope = DataScope::kAll,
                                  .permissions = {"audit:log:read", "identity:user:create"}});
  EXPECT_EQ(mixed.error().message_key, "identity.duties_conflict");
  auto sysadmin = roles_->get(*roles_->id_of("sysadmin"));
  auto grow = roles_->update(c, sysadmin->id,
                             {.version = sysadmin->version, .permissions = std::vector<std::string>{"audit:log:read"}});
  EXPECT_EQ(grow.error().message_key, "identity.duties_conflict");
}

TEST_F(IdentityTest, CsrfTokenRequiredOnStateChangingRequests) {
  make_user("lena", "sysadmin", dept_a_);
  auto s = auth_->login("lena", kPassword, "ip", std::nullopt);
  auto mw = authentication_middleware(*auth_);
  http::Route route{.method = http::Method::kPost, .path = "/api/v1/auth/logout", .authenticated_only = true};
  http::Request req;
  req.method = http::Method::kPost;
  req.headers["cookie"] = std::string(kSessionCookie) + "=" + s->token;
  EXPECT_EQ(mw(req, route)->message_key, "auth.csrf_invalid");
  req.headers[kCsrfHeader] = "forged";
  EXPECT_EQ(mw(req, route)->message_key, "auth.csrf_invalid");
  req.headers[kCsrfHeader] = s->csrf_token;
  EXPECT_FALSE(mw(req, route).has_value());
  // A session still owing its second-factor enrolment reaches nothing else.
  http::Route other{.method = http::Method::kGet, .path = "/api/v1/users", .permission = "identity:user:read"};
  http::Request get;
  get.method = http::Method::kGet;
  get.headers["cookie"] = std::string(kSessionCookie) + "=" + s->token;
  EXPECT_EQ(mw(get, other)->message_key, "auth.step_required");
  http::Request anonymous;
  EXPECT_EQ(mw(anonymous, other)->code, ErrorCode::kUnauthenticated);
}

TEST_F(IdentityTest, EveryChangeIsAuditedInItsTransaction) {
  const auto before = audit_->search({}, {.page = 1, .page_size = 1})->total;
  make_user("mike", "agent", dept_a_);
  const auto after = audit_->search({}, {.page = 1, .page_size = 1})->total;
  EXPECT_GE(after - before, 2);  // create + set_password
  EXPECT_TRUE(audit_->verify().ok);
}

}  // namespace
}  // namespace anxin::identity
