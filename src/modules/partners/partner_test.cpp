// The rules of partner evaluations as functions: the result bands and the next evaluation's date.
#include <gtest/gtest.h>

#include "modules/partners/partner.hpp"

namespace anxin::partners {
namespace {

TEST(PartnerEvaluation, ScoresAreBandedAtEightyAndSixty) {
  EXPECT_EQ(evaluation_result(100), "pass");
  EXPECT_EQ(evaluation_result(80), "pass");
  EXPECT_EQ(evaluation_result(79), "conditional");
  EXPECT_EQ(evaluation_result(60), "conditional");
  EXPECT_EQ(evaluation_result(59), "fail");
  EXPECT_EQ(evaluation_result(0), "fail");
}

TEST(PartnerEvaluation, TheNextEvaluationIsCalendarMonthsLaterOnTheMonthsLastDayWhenShorter) {
  EXPECT_EQ(add_months("2026-01-15", 6), "2026-07-15");
  EXPECT_EQ(add_months("2026-08-31", 6), "2027-02-28");
  EXPECT_EQ(add_months("2027-08-31", 6), "2028-02-29");  // leap year
  EXPECT_EQ(add_months("2026-12-04", 1), "2027-01-04");
  EXPECT_EQ(add_months("2026-12-04", -6), "2026-06-04");
  EXPECT_EQ(add_months("2026-03-31", -1), "2026-02-28");
  EXPECT_EQ(add_months("2026-12-04", 24), "2028-12-04");
  EXPECT_FALSE(add_months("2026-13-01", 1).has_value());
  EXPECT_FALSE(add_months("yesterday", 1).has_value());
}

}  // namespace
}  // namespace anxin::partners
