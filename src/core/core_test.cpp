#include <gtest/gtest.h>

#include <thread>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/result.hpp"
#include "core/thread_name.hpp"

namespace anxin {
namespace {

TEST(Money, ParsesAndFormatsYuanExactly) {
  EXPECT_EQ(parse_yuan("123.45")->value, 12345);
  EXPECT_EQ(parse_yuan("123.4")->value, 12340);
  EXPECT_EQ(parse_yuan("7")->value, 700);
  EXPECT_EQ(parse_yuan("-0.01")->value, -1);
  EXPECT_FALSE(parse_yuan("1.234"));
  EXPECT_FALSE(parse_yuan("1e3"));
  EXPECT_FALSE(parse_yuan(".5"));
  EXPECT_FALSE(parse_yuan("99999999999999999999"));
  EXPECT_EQ(format_yuan(Fen{12345}), "123.45");
  EXPECT_EQ(format_yuan(Fen{-5}), "-0.05");
  EXPECT_EQ(format_yuan(Fen{std::numeric_limits<std::int64_t>::min()}), "-92233720368547758.08");
}

TEST(Money, AdditionDetectsOverflow) {
  EXPECT_EQ(checked_add(Fen{1}, Fen{2})->value, 3);
  EXPECT_FALSE(checked_add(Fen{std::numeric_limits<std::int64_t>::max()}, Fen{1}));
}

TEST(Clock, FormatsAndParsesRfc3339RoundTrip) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339(1795239000123), "2026-11-21T05:30:00.123Z");
  EXPECT_EQ(parse_rfc3339("2026-11-21T05:30:00.123Z"), 1795239000123);
  EXPECT_EQ(parse_rfc3339("2026-11-21T13:30:00.123+08:00"), 1795239000123);
  EXPECT_EQ(format_rfc3339(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(parse_rfc3339("2024-02-29T00:00:00Z"), 1709164800000);
}

TEST(Clock, RejectsImpossibleDates) {
  EXPECT_FALSE(parse_rfc3339("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2026-11-21T24:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2026-11-21T05:30:00"));
  EXPECT_FALSE(parse_rfc3339("2026-11-21T05:30:00Zjunk"));
}

TEST(Clock, CalendarDaysAreChinaDays) {
  // 2026-12-04 begins at 2026-12-03T16:00Z in China.
  EXPECT_EQ(china_day_start("2026-12-04"), parse_rfc3339("2026-12-03T16:00:00Z"));
  EXPECT_EQ(china_date(*parse_rfc3339("2026-12-03T15:59:59.999Z")), "2026-12-03");
  EXPECT_EQ(china_date(*parse_rfc3339("2026-12-03T16:00:00Z")), "2026-12-04");
  EXPECT_EQ(add_days("2028-02-28", 1), "2028-02-29");
  EXPECT_EQ(add_days("2026-03-01", -1), "2026-02-28");
  EXPECT_FALSE(china_day_start("2026-02-29").has_value());
  EXPECT_FALSE(china_day_start("2026-1-01").has_value());
  EXPECT_FALSE(china_day_start("2026-01-01T00").has_value());
}

TEST(Clock, ManualClockMovesOnlyWhenTold) {
  ManualClock c(1000);
  EXPECT_EQ(c.now_ms(), 1000);
  c.advance_ms(500);
  EXPECT_EQ(c.now_ms(), 1500);
}

Result<int> half(int x) {
  if (x % 2 != 0) return Error::invalid("common.not_even");
  return x / 2;
}

Result<int> quarter(int x) {
  ANXIN_ASSIGN_OR_RETURN(int h, half(x));
  return half(h);
}

TEST(Result, PropagatesErrors) {
  EXPECT_EQ(quarter(8).value(), 2);
  auto r = quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message_key, "common.not_even");
  EXPECT_EQ(error_code_name(r.error().code), "invalid_argument");
}

TEST(ThreadName, NamesTheCallingThreadOnlyAndShortensToWhatLinuxKeeps) {
  const std::string before = this_thread_name();
  std::string inside;
  std::thread([&] {
    name_this_thread("anxin-db-writer-and-more");
    inside = this_thread_name();
  }).join();
  EXPECT_EQ(inside, "anxin-db-writer");
  EXPECT_EQ(this_thread_name(), before);
}

}  // namespace
}  // namespace anxin
