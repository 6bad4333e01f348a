// Durable job queue, on SQLite and PostgreSQL.
#include "platform/jobs/job_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "platform/db/testing.hpp"

namespace anxin::jobs {
namespace {

class JobQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tdb_.db().run_exclusive([](db::Conn& c) { c.exec_script("CREATE TABLE effects (job_ref BIGINT NOT NULL)"); });
  }

  void enqueue(const JobSpec& job) {
    ASSERT_TRUE(tdb_.db()
                    .write([&](db::Conn& c) -> Status {
                      JobQueue::enqueue(c, job, clock_.now_ms());
                      return ok_status();
                    })
                    .ok());
  }

  std::int64_t effects(std::int64_t ref) {
    return tdb_.db().read([&](db::Conn& c) {
      return c.query_one("SELECT COUNT(*) AS n FROM effects WHERE job_ref = $1", ref)->int64("n");
    });
  }

  static JobHandler record_effect() {
    return [](db::Conn& c, const nlohmann::json& p) -> Status {
      c.exec("INSERT INTO effects (job_ref) VALUES ($1)", p["ref"].get<std::int64_t>());
      return ok_status();
    };
  }

  db::testing::TestDatabase tdb_;
  ManualClock clock_{1795239000000};
};

TEST_F(JobQueueTest, RunsDueJobsOnceAndLeavesFutureOnes) {
  JobQueue q(tdb_.db(), clock_, "a");
  q.register_handler("effect", record_effect());
  enqueue({.kind = "effect", .payload = {{"ref", 1}}, .run_at = clock_.now_ms()});
  enqueue({.kind = "effect", .payload = {{"ref", 2}}, .run_at = clock_.now_ms() + 60'000});
  EXPECT_EQ(q.due_count(), 1);
  EXPECT_EQ(q.run_due(), 1);
  EXPECT_EQ(q.run_due(), 0);
  EXPECT_EQ(effects(1), 1);
  EXPECT_EQ(effects(2), 0);
  clock_.advance_ms(60'000);
  EXPECT_EQ(q.run_due(), 1);
  EXPECT_EQ(effects(2), 1);
  EXPECT_EQ(q.due_count(), 0);
}

TEST_F(JobQueueTest, DedupeKeyEnqueuesOnlyOnce) {
  JobQueue q(tdb_.db(), clock_, "a");
  q.register_handler("effect", record_effect());
  for (int i = 0; i < 3; ++i) {
    enqueue({.kind = "effect", .payload = {{"ref", 7}}, .run_at = clock_.now_ms(), .dedupe_key = "same"});
  }
  q.run_due();
  EXPECT_EQ(effects(7), 1);
}

TEST_F(JobQueueTest, FailuresRollBackAndRetryWithBackoffThenGoDead) {
  JobQueue q(tdb_.db(), clock_, "a", {.lease_ms = 60'000, .max_attempts = 3});
  std::atomic<int> calls{0};
  q.register_handler("flaky", [&](db::Conn& c, const nlohmann::json&) -> Status {
    ++calls;
    c.exec("INSERT INTO effects (job_ref) VALUES (9)");
    return Error::unavailable("test.down");  // the insert above must roll back
  });
  enqueue({.kind = "flaky", .run_at = clock_.now_ms()});
  q.run_due();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(q.run_due(), 0);  // backing off
  clock_.advance_ms(10'000);
  q.run_due();
  clock_.advance_ms(60'000);
  q.run_due();
  EXPECT_EQ(calls.load(), 3);
  clock_.advance_ms(3'600'000);
  EXPECT_EQ(q.run_due(), 0);  // dead after max attempts
  EXPECT_EQ(effects(9), 0);
}

TEST_F(JobQueueTest, AJobOfADeadProcessRunsAgainAfterItsLease) {
  // Process A claims the job and dies before completing it.
  ASSERT_TRUE(tdb_.db()
                  .write([&](db::Conn& c) -> Status {
                    JobQueue::enqueue(c, {.kind = "effect", .payload = {{"ref", 5}}, .run_at = clock_.now_ms()},
                                      clock_.now_ms());
                    c.exec("UPDATE jobs SET lease_owner = 'dead-process', lease_until = $1", clock_.now_ms() + 60'000);
                    return ok_status();
                  })
                  .ok());
  JobQueue b(tdb_.db(), clock_, "b");
  b.register_handler("effect", record_effect());
  EXPECT_EQ(b.run_due(), 0);
  clock_.advance_ms(60'001);
  EXPECT_EQ(b.run_due(), 1);
  EXPECT_EQ(effects(5), 1);
}

TEST_F(JobQueueTest, TwoProcessesRunEachJobExactlyOnce) {
  constexpr int kJobs = 200;
  for (int i = 0; i < kJobs; ++i) enqueue({.kind = "effect", .payload = {{"ref", i}}, .run_at = clock_.now_ms()});
  auto other_db = tdb_.open_again();
  JobQueue a(tdb_.db(), clock_, "process-a");
  JobQueue b(*other_db, clock_, "process-b");
  a.register_handler("effect", record_effect());
  b.register_handler("effect", record_effect());
  std::atomic<std::int64_t> ran{0};
  auto work = [&](JobQueue& q) {
    for (int round = 0; round < 50; ++round) ran += q.run_due(7);
  };
  std::thread ta(work, std::ref(a));
  std::thread tb(work, std::ref(b));
  ta.join();
  tb.join();
  EXPECT_EQ(ran.load(), kJobs);
  for (int i = 0; i < kJobs; ++i) ASSERT_EQ(effects(i), 1) << "job " << i;
  other_db->close();
}

}  // namespace
}  // namespace anxin::jobs
