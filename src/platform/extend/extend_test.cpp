#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <sstream>

#include "platform/crypto/crypto.hpp"
#include "platform/db/testing.hpp"
#include "platform/extend/registry.hpp"

namespace anxin::extend {
namespace {

class FixedCheck final : public GateCheck {
 public:
  FixedCheck(std::string name, std::vector<GateReason> reasons, bool throws = false)
      : name_(std::move(name)), reasons_(std::move(reasons)), throws_(throws) {}
  std::string name() const override { return name_; }
  std::vector<GateReason> check(db::Conn&, const GateRequest&) const override {
    if (throws_) throw std::runtime_error("records unreadable");
    return reasons_;
  }

 private:
  std::string name_;
  std::vector<GateReason> reasons_;
  bool throws_;
};

/// Evaluates on a read of a throwaway database (checks run on the caller's connection).
GateDecision evaluate(const DispatchGate& gate, const GateRequest& request) {
  static db::testing::TestDatabase test_db(/*migrate=*/false);
  return test_db.db().read([&](db::Conn& c) { return gate.evaluate(c, request); });
}

TEST(DispatchGate, PassesOnlyWhenNoCheckRefusesAndAnswersEveryReason) {
  DispatchGate gate;
  EXPECT_TRUE(evaluate(gate, {}).pass);
  gate.add(std::make_unique<FixedCheck>("a.ok", std::vector<GateReason>{}));
  EXPECT_TRUE(evaluate(gate, {}).pass);
  gate.add(std::make_unique<FixedCheck>("b.certificates",
                                        std::vector<GateReason>{{"", "b.expired", {{"n", 1}}}, {"", "b.missing", {}}}));
  gate.add(std::make_unique<FixedCheck>("c.health", std::vector<GateReason>{{"", "c.due", {}}}));
  const auto d = evaluate(gate, {.worker_id = 7, .service_type = "nanny"});
  EXPECT_FALSE(d.pass);
  ASSERT_EQ(d.reasons.size(), 3u);  // every failing reason, not only the first
  EXPECT_EQ(d.reasons[0].check, "b.certificates");
  EXPECT_EQ(d.reasons[0].message_key, "b.expired");
  EXPECT_EQ(d.reasons[2].check, "c.health");
  EXPECT_EQ(d.checked, (std::vector<std::string>{"a.ok", "b.certificates", "c.health"}));
}

TEST(DispatchGate, FailsClosedWhenACheckCannotAnswer) {
  DispatchGate gate;
  gate.add(std::make_unique<FixedCheck>("x.broken", std::vector<GateReason>{}, /*throws=*/true));
  const auto d = evaluate(gate, {});
  EXPECT_FALSE(d.pass);
  ASSERT_EQ(d.reasons.size(), 1u);
  EXPECT_EQ(d.reasons[0].message_key, "gate.check_failed");
  EXPECT_EQ(d.reasons[0].params["check"], "x.broken");
}

TEST(DispatchGate, WarningsAreAnsweredApartAndDoNotRefuse) {
  DispatchGate gate;
  GateReason soon{"", "c.expires_soon", {{"days", 10}}};
  soon.warning = true;
  soon.date = "2026-12-14";
  gate.add(std::make_unique<FixedCheck>("c.health", std::vector<GateReason>{soon}));
  auto d = evaluate(gate, {.worker_id = 7});
  EXPECT_TRUE(d.pass);
  EXPECT_TRUE(d.reasons.empty());
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_EQ(d.warnings[0].check, "c.health");
  EXPECT_EQ(d.warnings[0].date, "2026-12-14");
  gate.add(std::make_unique<FixedCheck>("d.cert", std::vector<GateReason>{{"", "d.missing", {}}}));
  d = evaluate(gate, {.worker_id = 7});
  EXPECT_FALSE(d.pass);
  EXPECT_EQ(d.reasons.size(), 1u);
  EXPECT_EQ(d.warnings.size(), 1u);
}

TEST(DispatchGate, RefusesTheSameCheckTwice) {
  DispatchGate gate;
  gate.add(std::make_unique<FixedCheck>("a", std::vector<GateReason>{}));
  EXPECT_THROW(gate.add(std::make_unique<FixedCheck>("a", std::vector<GateReason>{})), std::logic_error);
}

/// Knows the records with even ids, for callers of department 1 only.
class EvenResolver final : public RecordResolver {
 public:
  std::string kind() const override { return "worker"; }
  std::optional<LinkedRecord> resolve(db::Conn&, const Caller& caller, std::int64_t id) const override {
    if (id % 2 != 0 || caller.department_id != 1) return std::nullopt;
    return LinkedRecord{.kind = "worker", .id = id, .name = "worker " + std::to_string(id)};
  }
};

TEST(RecordLinks, AnswersThroughTheResolverOfTheKindWithinTheCallersScope) {
  static db::testing::TestDatabase test_db(/*migrate=*/false);
  RecordLinks links;
  Caller inside;
  inside.department_id = 1;
  Caller outside;
  outside.department_id = 2;
  EXPECT_FALSE(links.knows("worker"));
  links.add(std::make_unique<EvenResolver>());
  EXPECT_TRUE(links.knows("worker"));
  test_db.db().read([&](db::Conn& c) {
    EXPECT_EQ(links.resolve(c, inside, "worker", 4)->name, "worker 4");
    EXPECT_FALSE(links.resolve(c, inside, "worker", 5).has_value());
    EXPECT_FALSE(links.resolve(c, outside, "worker", 4).has_value());
    EXPECT_FALSE(links.resolve(c, inside, "order", 4).has_value()) << "no module resolves orders here";
    return 0;
  });
  EXPECT_THROW(links.add(std::make_unique<EvenResolver>()), std::logic_error);
}

TEST(Indicators, PeriodsStartAtLocalMidnightMondayAndTheFirst) {
  // 2026-12-03T01:30:00+08:00 (a Thursday) = 2026-12-02T17:30:00Z.
  const TimestampMs at = 1796232600000;
  // 2026-12-03T00:00+08:00
  EXPECT_EQ(period_start(at, Period::kDay), 1796227200000);
  // Monday 2026-11-30T00:00+08:00
  EXPECT_EQ(period_start(at, Period::kWeek), 1796227200000 - 3 * 86400000LL);
  // 2026-12-01T00:00+08:00
  EXPECT_EQ(period_start(at, Period::kMonth), 1796227200000 - 2 * 86400000LL);
  // A month start is its own period start; the instant before belongs to the month before (2026-11-01+08:00).
  const TimestampMs dec1 = period_start(at, Period::kMonth);
  EXPECT_EQ(period_start(dec1, Period::kMonth), dec1);
  EXPECT_EQ(period_start(dec1 - 1, Period::kMonth), dec1 - 30 * 86400000LL);
  Period p{};
  EXPECT_TRUE(parse_period("week", p));
  EXPECT_EQ(p, Period::kWeek);
  EXPECT_FALSE(parse_period("year", p));
}

TEST(Indicators, CountIntoGroupsByPeriodAndDepartmentWithinTheQuery) {
  const TimestampMs dec1 = 1796227200000 - 2 * 86400000LL;  // 2026-12-01T00:00+08:00
  IndicatorQuery q{
      .from = dec1 - 30 * 86400000LL, .to = dec1 + 31 * 86400000LL, .period = Period::kMonth, .department_ids = {5, 6}};
  std::vector<IndicatorPoint> points;
  count_into(points, q, dec1 + 1000, 6);
  count_into(points, q, dec1 + 2000, 6);
  count_into(points, q, dec1 - 1000, 5);  // November
  count_into(points, q, dec1 + 3000, 7);  // a department not asked for
  count_into(points, q, q.to, 5);         // after the range
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].period_start, dec1 - 30 * 86400000LL);
  EXPECT_EQ(points[0].department_id, 5);
  EXPECT_EQ(points[0].value, 1);
  EXPECT_EQ(points[1].period_start, dec1);
  EXPECT_EQ(points[1].department_id, 6);
  EXPECT_EQ(points[1].value, 2);
}

TEST(Indicators, KeysAreUnique) {
  Indicators ind;
  ind.add({.key = "x.open", .series = [](const IndicatorQuery&) { return std::vector<IndicatorPoint>{}; }});
  EXPECT_NE(ind.find("x.open"), nullptr);
  EXPECT_EQ(ind.find("x.closed"), nullptr);
  EXPECT_THROW(ind.add({.key = "x.open"}), std::logic_error);
}

TEST(Figures, OnlyTheFiguresTheCallerMaySeeAreComputed) {
  Figures figures;
  int computed = 0;
  figures.add({.key = "a.public", .label_key = "a", .drill_down = "/a", .compute = [&](const Caller&, TimestampMs) {
                 ++computed;
                 return FigureValue{.value = 3, .target = 0, .met = false};
               }});
  figures.add(
      {.key = "b.secret", .label_key = "b", .permission = "b:thing:read", .compute = [&](const Caller&, TimestampMs) {
         ++computed;
         return FigureValue{.value = 1};
       }});
  Caller c;
  auto out = figures.compute_for(c, 0);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["key"], "a.public");
  EXPECT_EQ(out[0]["value"], 3);
  EXPECT_EQ(out[0]["target"], 0.0);
  EXPECT_EQ(out[0]["met"], false);
  EXPECT_EQ(computed, 1);  // a figure the caller may not see is not even computed
  c.permissions = {"b:thing:read"};
  out = figures.compute_for(c, 0);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FALSE(out[1].contains("target"));
}

class RegistryTest : public ::testing::Test {
 protected:
  RegistryTest() {
    crypto::init();
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("anxin-extend-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    keys_ = crypto::KeyRing::open(tdb_.db(), {.data_dir = dir_.string()});
    jobs_ = std::make_unique<jobs::JobQueue>(tdb_.db(), clock_, "test");
  }
  ~RegistryTest() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  Infrastructure infra() { return {config_, tdb_.db(), clock_, *keys_, router_, *jobs_, "test"}; }

  db::testing::TestDatabase tdb_;
  ManualClock clock_{1'000'000};
  config::Config config_;
  http::Router router_;
  std::filesystem::path dir_;
  std::unique_ptr<crypto::KeyRing> keys_;
  std::unique_ptr<jobs::JobQueue> jobs_;
};

struct First {
  explicit First(std::vector<std::string>& log) : log_(log) {}
  ~First() { log_.push_back("first destroyed"); }
  std::vector<std::string>& log_;
};
struct Second {
  Second(First& f, std::vector<std::string>& log) : first(f), log_(log) {}
  ~Second() { log_.push_back("second destroyed"); }
  First& first;
  std::vector<std::string>& log_;
};
struct Missing {};

TEST_F(RegistryTest, ModulesFindEarlierServicesAndAreTornDownInReverse) {
  std::vector<std::string> log;
  {
    Registry r(infra());
    r.add_module("first", [&](Registry& reg) { reg.provide(std::make_unique<First>(log)); });
    r.add_module("second", [&](Registry& reg) { reg.provide(std::make_unique<Second>(reg.service<First>(), log)); });
    EXPECT_EQ(&r.service<Second>().first, &r.service<First>());
    EXPECT_EQ(r.find<Missing>(), nullptr);
    EXPECT_EQ(r.modules(), (std::vector<std::string>{"first", "second"}));
    // A module asking for a service no earlier module provides is told which.
    try {
      r.add_module("third", [](Registry& reg) { (void)reg.service<Missing>(); });
      FAIL() << "expected a logic_error";
    } catch (const std::logic_error& e) {
      EXPECT_NE(std::string(e.what()).find("module third needs"), std::string::npos) << e.what();
    }
    EXPECT_THROW(r.add_module("first", [](Registry&) {}), std::logic_error);
  }
  EXPECT_EQ(log, (std::vector<std::string>{"second destroyed", "first destroyed"}));
}

TEST_F(RegistryTest, ContributionsAreRecordedWithTheirModule) {
  Registry r(infra());
  r.add_module("incidents", [](Registry& reg) {
    reg.free_text({.table = "incidents", .column = "description_enc", .label_key = "fields.description"});
    reg.free_text({.table = "incidents", .column = "title", .data_class = 2, .encrypted = false});
    reg.audit_entities({"incident", "incident_step"});
    reg.periodic("incidents.tick", std::chrono::seconds(5), [] {});
    reg.demo([](DemoContext& ctx) {
      ctx.out << "incidents demo\n";
      return ok_status();
    });
  });
  r.add_module("warnings", [](Registry& reg) {
    reg.demo([](DemoContext&) -> Status { return Error::invalid("warnings.demo_broken"); });
    reg.demo([](DemoContext& ctx) -> Status {
      ctx.out << "never reached\n";
      return ok_status();
    });
  });
  ASSERT_EQ(r.free_text_fields().all().size(), 2u);
  EXPECT_EQ(r.free_text_fields().all()[0].module, "incidents");
  EXPECT_EQ(r.free_text_fields().of_table("incidents").size(), 2u);
  EXPECT_THROW(r.free_text({.table = "incidents", .column = "title"}), std::logic_error);
  // Only the encrypted free-text column is registered for key rotation.
  int rotated = 0;
  for (const auto& c : keys_->columns()) rotated += c.table == "incidents" ? 1 : 0;
  EXPECT_EQ(rotated, 1);
  EXPECT_EQ(r.audit_entity_kinds().size(), 2u);
  EXPECT_EQ(r.audit_entity_kinds()[1], (std::pair<std::string, std::string>{"incidents", "incident_step"}));
  ASSERT_EQ(r.periodics().size(), 1u);
  EXPECT_EQ(r.periodics()[0].thread, Thread::kJobs);
  std::ostringstream out;
  DemoContext ctx{.system = {}, .out = out};
  auto s = r.load_demo(ctx);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message_key, "warnings.demo_broken");
  EXPECT_EQ(out.str(), "incidents demo\n");  // in registration order, stopping at the first failure
}

}  // namespace
}  // namespace anxin::extend
