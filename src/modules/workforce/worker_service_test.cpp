// The worker file and the assembled dispatch gate on a real database (SQLite and PostgreSQL): registration with the
// ID checksum and the blind index, masking and reveal, status moves, a leaver's account, vetting records and the
// gate answering every reason until the records are fixed.
#include "modules/workforce/worker_service.hpp"

#include <gtest/gtest.h>

#include "modules/identity/testing.hpp"
#include "modules/workforce/gate_checks.hpp"
#include "modules/workforce/gate_service.hpp"
#include "platform/text/identifiers.hpp"

namespace anxin::workforce {
namespace {

std::string id_number(const std::string& first17) { return first17 + *text::resident_id_check_char(first17); }

class WorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    svc_ = std::make_unique<WorkerService>(w_.db(), w_.clock, *w_.keys, *w_.audit, *w_.users);
    hq_ = w_.dept("HQ", std::nullopt);
    nanny_ = w_.dept("NANNY", hq_);
    cleaning_ = w_.dept("CLEANING", hq_);
    gate_.add(std::make_unique<StatusCheck>(svc_->workers(), svc_->credential_repository()));
    gate_.add(std::make_unique<VettingCheck>(svc_->workers(), svc_->credential_repository()));
    gate_.add(std::make_unique<CertificateCheck>(svc_->workers(), svc_->credential_repository()));
    gate_.add(std::make_unique<HealthCheckCheck>(svc_->workers(), svc_->credential_repository()));
    gates_ = std::make_unique<GateService>(w_.db(), w_.clock, *svc_, gate_);
  }

  static Caller admin() { return identity::testing::IdentityWorld::admin(); }
  Caller in_department(std::int64_t department, int clearance = 2) {
    Caller c;
    c.user_id = 999;
    c.department_id = department;
    c.data_scope = 1;
    c.clearance = clearance;
    return c;
  }
  std::string today() const { return china_date(w_.clock.now_ms()); }
  std::string day(int offset) const { return *add_days(today(), offset); }

  Worker nanny(const std::string& id17 = "11010519850301123") {
    auto w = svc_->create(admin(), {.department_id = nanny_,
                                    .name = "张秀英",
                                    .id_number = id_number(id17),
                                    .phone = "139 1234 5678",
                                    .address = "北京市朝阳区建国路88号",
                                    .bank_account = "6222 0212 3456 7890 123",
                                    .job_types = {"nanny"}});
    EXPECT_TRUE(w.ok()) << (w.ok() ? "" : w.error().message_key);
    return w.value();
  }

  /// Records everything a nanny needs and activates her.
  Worker cleared(Worker w) {
    EXPECT_TRUE(
        svc_->add_background_check(
                admin(), w.id,
                {.kind = "criminal_record", .result = "clear", .checked_on = day(-10), .valid_until = day(1000)})
            .ok());
    EXPECT_TRUE(
        svc_->add_background_check(admin(), w.id, {.kind = "mental_health", .result = "clear", .checked_on = day(-10)})
            .ok());
    EXPECT_TRUE(
        svc_->add_background_check(admin(), w.id, {.kind = "credit", .result = "clear", .checked_on = day(-10)}).ok());
    for (const char* kind : {"housekeeper", "health_certificate"}) {
      EXPECT_TRUE(
          svc_->add_certificate(
                  admin(), w.id,
                  {.kind = kind, .number = "C1", .issuer = "人社局", .issued_on = day(-100), .expires_on = day(400)})
              .ok());
    }
    EXPECT_TRUE(svc_->record_health_consent(admin(), w.id, kHealthConsentText).ok());
    EXPECT_TRUE(
        svc_->add_health_check(admin(), w.id,
                               {.kind = "entry", .checked_on = day(-5), .result = "fit", .next_due_on = day(360)})
            .ok());
    return svc_->set_status(admin(), w.id, w.version, "active", "入职审查完成").value();
  }

  GateAnswer ask(const Worker& w, const std::string& type, int first_day, int last_day) {
    return gates_
        ->evaluate(admin(), w.id, type, *china_day_start(day(first_day)), *china_day_start(day(last_day)) + kDayMs)
        .value();
  }

  identity::testing::IdentityWorld w_{"workforce"};
  std::unique_ptr<WorkerService> svc_;
  extend::DispatchGate gate_;
  std::unique_ptr<GateService> gates_;
  std::int64_t hq_ = 0, nanny_ = 0, cleaning_ = 0;
};

TEST_F(WorkerTest, RegistrationChecksTheIdNumberAndRegistersAPersonOnce) {
  NewWorker bad{
      .department_id = nanny_, .name = "李四", .id_number = id_number("11010519850301123"), .job_types = {"nanny"}};
  bad.id_number[17] = bad.id_number[17] == '0' ? '1' : '0';  // a wrong check character
  auto refused = svc_->create(admin(), bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnprocessable);
  EXPECT_EQ(refused.error().message_key, "workforce.id_number_invalid");
  EXPECT_EQ(refused.error().details["field"], "id_number");

  // Under sixteen on the day of registration.
  const std::string born = std::to_string(std::stoi(today().substr(0, 4)) - 15) + "0101";
  bad.id_number = id_number("110105" + born + "123");
  EXPECT_EQ(svc_->create(admin(), bad).error().message_key, "workforce.worker_too_young");

  bad.id_number = id_number("11010519850301123");
  bad.job_types = {"astronaut"};
  EXPECT_EQ(svc_->create(admin(), bad).error().message_key, "workforce.service_type_unknown");

  const Worker first = nanny();
  EXPECT_EQ(first.status, "applicant");
  EXPECT_EQ(first.phone, "13912345678");
  EXPECT_EQ(first.bank_account, "6222021234567890123");
  // The same person again, written with a lower-case check character and spaces: refused without the number.
  NewWorker again{.department_id = cleaning_,
                  .name = "张秀英",
                  .id_number = " " + first.id_number + " ",
                  .job_types = {"cleaning"}};
  auto dup = svc_->create(admin(), again);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().message_key, "workforce.id_number_taken");
  EXPECT_EQ(dup.error().details.dump().find(first.id_number.substr(6, 8)), std::string::npos);

  // No user account is created for a worker.
  EXPECT_EQ(w_.users->count(), 0);
}

TEST_F(WorkerTest, PersonalValuesAreEncryptedMaskedAndRevealedWithAPurpose) {
  const Worker w = nanny();
  const auto raw = w_.db().read([&](db::Conn& c) { return *c.query_one("SELECT * FROM workers WHERE id = $1", w.id); });
  for (const char* column : {"id_number_enc", "phone_enc", "address_enc", "bank_account_enc"}) {
    const auto blob = raw.blob(column);
    const std::string bytes(blob.begin(), blob.end());
    EXPECT_EQ(bytes.find(w.id_number), std::string::npos) << column;
    EXPECT_EQ(bytes.find("13912345678"), std::string::npos) << column;
  }
  const auto masked = to_json(w, 2);
  EXPECT_EQ(masked["id_number"], text::mask_resident_id(w.id_number));
  EXPECT_EQ(masked["phone"], "139****5678");
  EXPECT_TRUE(masked["birth_date"].is_null());
  EXPECT_EQ(to_json(w, 4)["birth_date"], "1985-03-01");

  EXPECT_EQ(svc_->reveal(in_department(nanny_, 3), w.id, "id_number", "核对身份").error().message_key,
            "workforce.clearance_too_low");
  EXPECT_EQ(svc_->reveal(in_department(cleaning_, 4), w.id, "phone", "联系服务人员").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(svc_->reveal(in_department(nanny_, 4), w.id, "id_number", "核对身份").value(), w.id_number);

  // Found by the exact number through the blind index, not by a part of it.
  auto found = svc_->list(admin(), {.id_number = w.id_number}, {}).value();
  ASSERT_EQ(found.total, 1);
  EXPECT_EQ(svc_->list(admin(), {.phone = "+86 139-1234-5678"}, {}).value().total, 1);
  EXPECT_EQ(svc_->list(admin(), {.q = "秀"}, {}).value().total, 1);
  EXPECT_EQ(svc_->list(in_department(cleaning_), {}, {}).value().total, 0);
}

TEST_F(WorkerTest, StatusMovesAreCheckedAndALeaverLosesTheLinkedAccountAtOnce) {
  Worker w = nanny();
  EXPECT_EQ(svc_->set_status(admin(), w.id, w.version, "suspended", "投诉调查").error().message_key,
            "workforce.status_move_invalid");
  w = svc_->set_status(admin(), w.id, w.version, "active", "入职").value();
  const std::int64_t account = w_.user("zhang", nanny_);
  w = svc_->link_account(admin(), w.id, w.version, account).value();
  EXPECT_EQ(w.user_id, account);
  const Worker other = nanny("11010519900412345");
  EXPECT_EQ(svc_->link_account(admin(), other.id, other.version, account).error().message_key,
            "workforce.account_linked_elsewhere");

  w = svc_->set_status(admin(), w.id, w.version, "suspended", "客户投诉待调查").value();
  w = svc_->set_status(admin(), w.id, w.version, "active", "调查结束").value();
  EXPECT_EQ(w_.users->get(admin(), account).value().status, "active");
  w = svc_->set_status(admin(), w.id, w.version, "left", "本人申请离职").value();
  EXPECT_EQ(w.status, "left");
  EXPECT_EQ(w_.users->get(admin(), account).value().status, "disabled");
  EXPECT_EQ(svc_->set_status(admin(), w.id, w.version, "active", "返聘").error().message_key,
            "workforce.status_move_invalid");

  const auto history = svc_->history(admin(), w.id).value();
  ASSERT_EQ(history.size(), 5u);
  EXPECT_EQ(history.front().to_status, "left");
  EXPECT_EQ(history.front().reason, "本人申请离职");
  EXPECT_EQ(history.back().to_status, "applicant");
}

TEST_F(WorkerTest, HealthChecksNeedConsentAndTheirResultIsEncrypted) {
  const Worker w = nanny();
  HealthCheck h{.kind = "entry",
                .checked_on = day(-1),
                .result = "fit_with_restrictions",
                .restrictions = "避免搬运重物",
                .next_due_on = day(364)};
  EXPECT_EQ(svc_->add_health_check(admin(), w.id, h).error().message_key, "workforce.health_consent_missing");
  ASSERT_TRUE(svc_->record_health_consent(admin(), w.id, kHealthConsentText).ok());
  const auto saved = svc_->add_health_check(admin(), w.id, h).value();
  EXPECT_EQ(saved.result, "fit_with_restrictions");
  const auto raw = w_.db().read(
      [&](db::Conn& c) { return *c.query_one("SELECT * FROM worker_health_checks WHERE id = $1", saved.id); });
  const auto blob = raw.blob("restrictions_enc");
  EXPECT_EQ(std::string(blob.begin(), blob.end()).find("搬运"), std::string::npos);
  EXPECT_EQ(to_json(saved, 3)["result"], "******");

  ASSERT_TRUE(svc_->withdraw_health_consent(admin(), w.id).ok());
  EXPECT_EQ(svc_->add_health_check(admin(), w.id, h).error().message_key, "workforce.health_consent_missing");

  EXPECT_EQ(
      svc_->add_certificate(
              admin(), w.id,
              {.kind = "housekeeper", .number = "1", .issuer = "x", .issued_on = day(-10), .expires_on = day(-11)})
          .error()
          .message_key,
      "workforce.end_before_start");
}

TEST_F(WorkerTest, TheGateAnswersEveryReasonUntilTheRecordsAreFixed) {
  Worker w = nanny();
  // An applicant without any record: refused for status, both background checks, both certificates and health.
  auto answer = ask(w, "nanny", 3, 10);
  EXPECT_FALSE(answer.decision.pass);
  std::vector<std::string> keys;
  for (const auto& r : answer.decision.reasons) keys.push_back(r.check + ":" + r.message_key);
  EXPECT_EQ(keys, (std::vector<std::string>{"workforce.status:workforce.gate_status_applicant",
                                            "workforce.vetting:workforce.gate_background_missing",
                                            "workforce.vetting:workforce.gate_background_missing",
                                            "workforce.certificates:workforce.gate_certificate_missing",
                                            "workforce.certificates:workforce.gate_certificate_missing",
                                            "workforce.health:workforce.gate_health_missing"}));
  ASSERT_EQ(answer.decision.warnings.size(), 1u);  // the credit check
  EXPECT_EQ(answer.decision.checked.size(), 4u);

  w = cleared(w);
  answer = ask(w, "nanny", 3, 10);
  EXPECT_TRUE(answer.decision.pass);
  EXPECT_TRUE(answer.decision.warnings.empty());
  EXPECT_EQ(gates_->colour(admin(), w.id).value().colour, "green");

  // A certificate ending in the middle of a service refuses that service, and warns for today.
  ASSERT_TRUE(
      svc_->add_certificate(
              admin(), w.id,
              {.kind = "housekeeper", .number = "C2", .issuer = "人社局", .issued_on = day(-1), .expires_on = day(6)})
          .ok());
  // The longest-lasting housekeeper certificate counts: the new one changes nothing.
  EXPECT_TRUE(ask(w, "nanny", 3, 10).decision.pass);
  const auto creds = svc_->credentials(admin(), w.id).value();
  for (const auto& c : creds.certificates) {
    if (c.kind == "housekeeper" && c.number == "C1") {
      ASSERT_TRUE(svc_->revoke_certificate(admin(), w.id, c.id, "证书作废").ok());
    }
  }
  answer = ask(w, "nanny", 3, 10);
  ASSERT_FALSE(answer.decision.pass);
  ASSERT_EQ(answer.decision.reasons.size(), 1u);
  EXPECT_EQ(answer.decision.reasons[0].message_key, "workforce.gate_certificate_expires_during");
  EXPECT_EQ(answer.decision.reasons[0].date, day(6));
  EXPECT_TRUE(ask(w, "nanny", 1, 6).decision.pass) << "valid through the last day of a shorter service";
  EXPECT_EQ(gates_->colour(admin(), w.id).value().colour, "yellow");

  // Suspension refuses at once; cleaning needs no housekeeper certificate but the status still refuses.
  w = svc_->set_status(admin(), w.id, w.version, "suspended", "客户投诉").value();
  EXPECT_EQ(gates_->colour(admin(), w.id).value().colour, "red");
  EXPECT_FALSE(ask(w, "cleaning", 1, 2).decision.pass);

  EXPECT_EQ(gates_->evaluate(admin(), w.id, "astronaut", 0, 1).error().message_key, "workforce.service_type_unknown");
  EXPECT_EQ(gates_->evaluate(admin(), w.id, "nanny", 10, 5).error().code, ErrorCode::kUnprocessable);
  EXPECT_EQ(gates_->evaluate(in_department(cleaning_), w.id, "nanny", 0, 1).error().code, ErrorCode::kNotFound);
}

TEST_F(WorkerTest, TheExpiringFilterFindsRecordsEndingWithinTheWindow) {
  const Worker a = cleared(nanny());
  const Worker b = cleared(nanny("11010519900412345"));
  ASSERT_TRUE(
      svc_->add_certificate(
              admin(), b.id,
              {.kind = "electrician", .number = "E", .issuer = "应急局", .issued_on = day(-1), .expires_on = day(20)})
          .ok());
  const auto soon = svc_->list(admin(), {.expiring_within_days = 30}, {}).value();
  ASSERT_EQ(soon.total, 1);
  EXPECT_EQ(soon.items[0].id, b.id);
  EXPECT_EQ(svc_->list(admin(), {.expiring_within_days = 19}, {}).value().total, 0);
  EXPECT_EQ(svc_->list(admin(), {.expiring_within_days = 400}, {}).value().total, 2);
  (void)a;
}

}  // namespace
}  // namespace anxin::workforce
