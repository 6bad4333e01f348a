// The dispatch gate's workforce checks as functions of the records: each check on its own, at the boundaries of a
// record's validity (ending on the first day of the service, on its last day, in the middle).
#include "modules/workforce/gate_checks.hpp"

#include <gtest/gtest.h>

namespace anxin::workforce {
namespace {

/// A service from the start of `first` to the end of `last` (company days), asked at the start of `asked`.
GatePeriod period(const std::string& first, const std::string& last, const std::string& asked, int warning_days = 30) {
  extend::GateRequest r{.from = *china_day_start(first),
                        .to = *china_day_start(last) + kDayMs,
                        .now = *china_day_start(asked),
                        .warning_days = warning_days};
  return period_of(r);
}

std::vector<std::string> keys(const std::vector<extend::GateReason>& reasons) {
  std::vector<std::string> out;
  for (const auto& r : reasons) out.push_back(r.message_key + (r.warning ? " (warning)" : ""));
  return out;
}

const ServiceType kNanny{
    .code = "nanny", .required_certificates = {"housekeeper", "health_certificate"}, .health_valid_days = 180};

Credentials cleared() {
  Credentials r;
  r.checks = {
      {.id = 1, .kind = "criminal_record", .result = "clear", .checked_on = "2026-01-10", .valid_until = "2028-01-09"},
      {.id = 2, .kind = "mental_health", .result = "clear", .checked_on = "2026-01-10"},
      {.id = 3, .kind = "credit", .result = "clear", .checked_on = "2026-01-10"}};
  r.certificates = {{.id = 10, .kind = "housekeeper", .issued_on = "2024-05-01", .expires_on = "2027-04-30"},
                    {.id = 11, .kind = "health_certificate", .issued_on = "2026-03-01", .expires_on = "2027-02-28"}};
  r.health = {{.id = 20, .kind = "periodic", .checked_on = "2026-10-01", .result = "fit", .next_due_on = "2027-10-01"}};
  return r;
}

TEST(GateValidity, ARecordMustLastThroughTheLastDayOfTheService) {
  const auto p = period("2026-12-10", "2026-12-20", "2026-12-04", /*warning_days=*/0);
  // Valid through the last day of the service: passes.
  EXPECT_FALSE(validity_reason("x", "2026-01-01", "2026-12-20", p).has_value());
  // Ends on the day before the last: fails during the service, naming the last valid day.
  auto during = validity_reason("x", "2026-01-01", "2026-12-19", p);
  ASSERT_TRUE(during.has_value());
  EXPECT_EQ(during->message_key, "x_expires_during");
  EXPECT_EQ(during->date, "2026-12-19");
  EXPECT_FALSE(during->warning);
  // Ends on the first day: still valid when the service starts, fails during it.
  EXPECT_EQ(validity_reason("x", "2026-01-01", "2026-12-10", p)->message_key, "x_expires_during");
  // Ended the day before the service: expired.
  EXPECT_EQ(validity_reason("x", "2026-01-01", "2026-12-09", p)->message_key, "x_expired");
  // Issued after the service starts: not yet valid; issued on its first day: valid.
  EXPECT_EQ(validity_reason("x", "2026-12-11", std::nullopt, p)->message_key, "x_not_yet_valid");
  EXPECT_FALSE(validity_reason("x", "2026-12-10", std::nullopt, p).has_value());
  // No end date: valid.
  EXPECT_FALSE(validity_reason("x", "2020-01-01", std::nullopt, p).has_value());
}

TEST(GateValidity, ARecordEndingWithinTheWarningWindowWarns) {
  const auto p = period("2026-12-04", "2026-12-04", "2026-12-04", 30);
  auto soon = validity_reason("x", "2026-01-01", "2026-12-14", p);
  ASSERT_TRUE(soon.has_value());
  EXPECT_TRUE(soon->warning);
  EXPECT_EQ(soon->message_key, "workforce.gate_expires_soon");
  EXPECT_EQ(soon->params["date"], "2026-12-14");
  // 30 days after the end of the service is outside the window.
  EXPECT_FALSE(validity_reason("x", "2026-01-01", "2027-01-04", p).has_value());
  EXPECT_TRUE(validity_reason("x", "2026-01-01", "2027-01-03", p)->warning);
}

TEST(GateChecks, StatusMustBeActive) {
  Worker w{.id = 5, .status = "active"};
  EXPECT_TRUE(status_reasons(w).empty());
  for (const char* s : {"applicant", "suspended", "left"}) {
    w.status = s;
    const auto r = status_reasons(w);
    ASSERT_EQ(r.size(), 1u) << s;
    EXPECT_EQ(r[0].message_key, std::string("workforce.gate_status_") + s);
    EXPECT_EQ(r[0].record_id, 5);
  }
}

TEST(GateChecks, VettingNeedsTheLatestChecksClearAndInDate) {
  const auto p = period("2026-12-10", "2026-12-20", "2026-12-04");
  Credentials r = cleared();
  EXPECT_TRUE(vetting_reasons(r, p).empty());

  // A newer pending check replaces an older clear one.
  r.checks.insert(r.checks.begin(),
                  {.id = 4, .kind = "criminal_record", .result = "pending", .checked_on = "2026-11-01"});
  EXPECT_EQ(keys(vetting_reasons(r, p)), std::vector<std::string>{"workforce.gate_background_pending"});
  r.checks[0].result = "flagged";
  const auto flagged = vetting_reasons(r, p);
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0].params["kind"], "criminal_record");
  EXPECT_EQ(flagged[0].record_id, 4);

  // Missing mental-health declaration refuses; a missing credit check only warns.
  r = cleared();
  r.checks.erase(r.checks.begin() + 1, r.checks.end());
  EXPECT_EQ(keys(vetting_reasons(r, p)), (std::vector<std::string>{"workforce.gate_background_missing",
                                                                   "workforce.gate_background_missing (warning)"}));

  // A no-criminal-record certificate ending mid-service refuses.
  r = cleared();
  r.checks[0].valid_until = "2026-12-15";
  EXPECT_EQ(keys(vetting_reasons(r, p)), std::vector<std::string>{"workforce.gate_background_expires_during"});
}

TEST(GateChecks, CertificatesRequiredByTheServiceTypeMustLastThroughTheService) {
  const auto p = period("2026-12-10", "2026-12-20", "2026-12-04", 0);
  Credentials r = cleared();
  EXPECT_TRUE(certificate_reasons(r, kNanny, p).empty());
  // Cleaning needs no housekeeper certificate: removing it matters only for a nanny.
  r.certificates.erase(r.certificates.begin());
  const auto missing = certificate_reasons(r, kNanny, p);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].message_key, "workforce.gate_certificate_missing");
  EXPECT_EQ(missing[0].params["kind"], "housekeeper");
  EXPECT_TRUE(certificate_reasons(r, {.code = "cleaning", .required_certificates = {"health_certificate"}}, p).empty());

  // Both failing: both answered.
  r.certificates[0].expires_on = "2026-12-12";
  EXPECT_EQ(
      keys(certificate_reasons(r, kNanny, p)),
      (std::vector<std::string>{"workforce.gate_certificate_missing", "workforce.gate_certificate_expires_during"}));

  // A revoked certificate does not count; a renewal in force does.
  r = cleared();
  r.certificates[0].revoked_at = 1;
  EXPECT_EQ(keys(certificate_reasons(r, kNanny, p)), std::vector<std::string>{"workforce.gate_certificate_missing"});
  r.certificates.push_back({.id = 12, .kind = "housekeeper", .issued_on = "2026-06-01", .expires_on = "2029-05-31"});
  EXPECT_TRUE(certificate_reasons(r, kNanny, p).empty());
}

TEST(GateChecks, AnExpiredCertificateWithARenewalNotYetInForceIsStillRefused) {
  const auto p = period("2026-12-10", "2026-12-20", "2026-12-04", 0);
  Credentials r = cleared();
  r.certificates[0].expires_on = "2026-12-01";
  r.certificates.push_back({.id = 12, .kind = "housekeeper", .issued_on = "2026-12-15", .expires_on = "2029-12-14"});
  const auto reasons = certificate_reasons(r, kNanny, p);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0].message_key, "workforce.gate_certificate_expired");
  EXPECT_EQ(reasons[0].record_id, 10);
}

TEST(GateChecks, HealthIsValidUntilItsDueDateAndForTheServiceTypesValidity) {
  const auto p = period("2026-12-10", "2026-12-20", "2026-12-04", 0);
  Credentials r = cleared();
  EXPECT_TRUE(health_reasons(r, kNanny, p).empty());
  // Checked 2026-06-01: a nanny's check is valid for 180 days (through 2026-11-27), a cleaner's for 365.
  r.health[0].checked_on = "2026-06-01";
  EXPECT_EQ(keys(health_reasons(r, kNanny, p)), std::vector<std::string>{"workforce.gate_health_expired"});
  EXPECT_TRUE(health_reasons(r, {.code = "cleaning", .health_valid_days = 365}, p).empty());
  // The 180th day is 2026-11-27: a check on 2026-06-14 lasts through 2026-12-10, the first day.
  r.health[0].checked_on = "2026-06-14";
  EXPECT_EQ(keys(health_reasons(r, kNanny, p)), std::vector<std::string>{"workforce.gate_health_expires_during"});
  EXPECT_EQ(health_reasons(r, kNanny, p)[0].date, "2026-12-10");
  // The next due date counts too.
  r = cleared();
  r.health[0].next_due_on = "2026-12-15";
  EXPECT_EQ(keys(health_reasons(r, kNanny, p)), std::vector<std::string>{"workforce.gate_health_expires_during"});

  r = cleared();
  r.health[0].result = "unfit";
  EXPECT_EQ(keys(health_reasons(r, kNanny, p)), std::vector<std::string>{"workforce.gate_health_unfit"});
  r.health[0].result = "fit_with_restrictions";
  EXPECT_EQ(keys(health_reasons(r, kNanny, p)),
            std::vector<std::string>{"workforce.gate_health_restrictions (warning)"});
  r.health.clear();
  EXPECT_EQ(keys(health_reasons(r, kNanny, p)), std::vector<std::string>{"workforce.gate_health_missing"});
}

TEST(GateChecks, IntegrityRefusesAtTheLimitAndWarnsThreePointsBelowIt) {
  EXPECT_TRUE(integrity_reasons(0, 12).empty());
  EXPECT_TRUE(integrity_reasons(8, 12).empty());
  EXPECT_EQ(keys(integrity_reasons(9, 12)), std::vector<std::string>{"workforce.gate_integrity_near (warning)"});
  EXPECT_EQ(keys(integrity_reasons(11, 12)), std::vector<std::string>{"workforce.gate_integrity_near (warning)"});
  const auto refused = integrity_reasons(12, 12);
  ASSERT_EQ(keys(refused), std::vector<std::string>{"workforce.gate_integrity_points"});
  EXPECT_EQ(refused[0].params["points"], 12);
  EXPECT_EQ(refused[0].params["limit"], 12);
  EXPECT_EQ(keys(integrity_reasons(20, 12)), std::vector<std::string>{"workforce.gate_integrity_points"});
  // A limit of 2 never warns at 0 points.
  EXPECT_TRUE(integrity_reasons(0, 2).empty());
}

TEST(WorkerRecords, ViolationPointsCountForTheLast365DaysOnly) {
  const std::vector<IntegrityEntry> entries = {
      {.kind = "violation", .occurred_on = "2026-12-04", .points = 3},  // today
      {.kind = "violation", .occurred_on = "2025-12-05", .points = 4},  // the 365th day back: counts
      {.kind = "violation", .occurred_on = "2025-12-04", .points = 5},  // a year and a day: does not
      {.kind = "violation", .occurred_on = "2026-12-05", .points = 6},  // after the day asked: does not
      {.kind = "complaint", .occurred_on = "2026-11-01", .points = 0},
      {.kind = "commendation", .occurred_on = "2026-10-01", .points = 0}};
  EXPECT_EQ(points_in_window(entries, "2026-12-04"), 7);
  EXPECT_EQ(points_in_window(entries, "2026-12-05"), 9);
  EXPECT_EQ(points_in_window({}, "2026-12-04"), 0);
}

TEST(WorkerRecords, PayPeriodsAreYearAndMonth) {
  EXPECT_TRUE(valid_period("2026-11"));
  EXPECT_TRUE(valid_period("2026-01"));
  EXPECT_FALSE(valid_period("2026-13"));
  EXPECT_FALSE(valid_period("2026-00"));
  EXPECT_FALSE(valid_period("2026-1"));
  EXPECT_FALSE(valid_period("2026/11"));
  EXPECT_FALSE(valid_period("２026-11"));
  EXPECT_EQ(case_data_class("psych_support"), 4);
  EXPECT_EQ(case_data_class("mediation"), 3);
}

TEST(WorkerNames, ThePublicFormKeepsOnlyTheSurnameOrInitials) {
  EXPECT_EQ(name_initial("王秀英"), "王**");
  EXPECT_EQ(name_initial("萧丽"), "萧*");
  EXPECT_EQ(name_initial("Anna Li"), "A*** L*");
}

TEST(WorkingTime, FlagsLongDaysLongWeeksAndWeeksWithoutRest) {
  // 2026-12-07 is a Monday.
  const auto at = [](const std::string& day, int hour) { return *china_day_start(day) + hour * 3600 * 1000LL; };
  EXPECT_EQ(week_start(at("2026-12-13", 23)), "2026-12-07");
  EXPECT_EQ(week_start(at("2026-12-14", 0)), "2026-12-14");
  std::vector<Shift> shifts;
  for (int d = 7; d <= 12; ++d) {  // Monday to Saturday, 8 hours
    const std::string day = "2026-12-" + std::string(d < 10 ? "0" : "") + std::to_string(d);
    shifts.push_back({.starts_at = at(day, 8), .ends_at = at(day, 16)});
  }
  const WorkforceSettings rules;
  // 48 hours in six days: over the week's 44, one rest day left.
  auto flags = hours_flags(shifts, rules, "2026-12-07", "2026-12-13");
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].kind, "week_over");
  EXPECT_EQ(flags[0].date, "2026-12-07");
  EXPECT_DOUBLE_EQ(flags[0].hours, 48);
  // A night shift from Saturday 22:00 to Sunday 06:00 splits at midnight: Sunday holds work too, no rest day left.
  shifts.push_back({.starts_at = at("2026-12-12", 22), .ends_at = at("2026-12-13", 6)});
  flags = hours_flags(shifts, rules, "2026-12-07", "2026-12-13");
  std::vector<std::string> kinds;
  for (const auto& f : flags) kinds.push_back(f.kind + " " + f.date);
  EXPECT_EQ(kinds, (std::vector<std::string>{"day_over 2026-12-12", "week_over 2026-12-07", "no_rest_day 2026-12-07"}));
  // Exactly eight hours a day is allowed.
  EXPECT_TRUE(hours_flags({{.starts_at = at("2026-12-15", 8), .ends_at = at("2026-12-15", 16)}}, rules, "2026-12-15",
                          "2026-12-15")
                  .empty());
}

}  // namespace
}  // namespace anxin::workforce
