#include "platform/jobs/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace anxin::jobs {
namespace {

TEST(Scheduler, RunsJobsRepeatedlyAndSurvivesFailures) {
  Scheduler s;
  std::atomic<int> good{0};
  std::promise<void> three;
  s.every("fails", std::chrono::milliseconds(5), [] { throw std::runtime_error("boom"); });
  s.every("counts", std::chrono::milliseconds(5), [&] {
    if (++good == 3) three.set_value();
  });
  s.start();
  ASSERT_EQ(three.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  s.stop();
  EXPECT_GE(good.load(), 3);
  EXPECT_GE(s.runs(), 3u);
}

TEST(Scheduler, RunAllNowRunsEachJobOnce) {
  Scheduler s;
  int a = 0;
  int b = 0;
  s.every("a", std::chrono::hours(1), [&] { ++a; });
  s.every("b", std::chrono::hours(1), [&] { ++b; });
  s.run_all_now();
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 1);
}

}  // namespace
}  // namespace anxin::jobs
