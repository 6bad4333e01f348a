#include <gtest/gtest.h>

#include "modules/orders/order.hpp"

namespace anxin::orders {
namespace {

std::vector<PremisesItem> items() {
  return {{.code = "pets", .risk = "low"},
          {.code = "wet_floor", .risk = "medium"},
          {.code = "valuables", .risk = "medium"},
          {.code = "vulnerable_people", .risk = "medium"},
          {.code = "work_at_height", .risk = "high"},
          {.code = "gas", .risk = "extreme"}};
}

TEST(PremisesRisk, NothingAnsweredYesIsLow) {
  EXPECT_EQ(risk_level_of(items(), {}), "low");
  EXPECT_EQ(risk_level_of(items(), {{"gas", false}, {"work_at_height", false}}), "low");
}

TEST(PremisesRisk, TheHighestItemAnsweredYesGivesTheLevel) {
  EXPECT_EQ(risk_level_of(items(), {{"pets", true}}), "low");
  EXPECT_EQ(risk_level_of(items(), {{"pets", true}, {"wet_floor", true}}), "medium");
  EXPECT_EQ(risk_level_of(items(), {{"wet_floor", true}, {"work_at_height", true}}), "high");
  EXPECT_EQ(risk_level_of(items(), {{"pets", true}, {"gas", true}}), "extreme");
}

TEST(PremisesRisk, ThreeMediumHazardsTogetherAreHigh) {
  EXPECT_EQ(risk_level_of(items(), {{"wet_floor", true}, {"valuables", true}}), "medium");
  EXPECT_EQ(risk_level_of(items(), {{"wet_floor", true}, {"valuables", true}, {"vulnerable_people", true}}), "high");
  // Low-risk items do not count towards the three.
  EXPECT_EQ(risk_level_of(items(), {{"pets", true}, {"wet_floor", true}, {"valuables", true}}), "medium");
}

TEST(PremisesRisk, UnknownCodesAreIgnored) { EXPECT_EQ(risk_level_of(items(), {{"dragons", true}}), "low"); }

TEST(PremisesRisk, HighAndExtremeBlockCheckIn) {
  EXPECT_FALSE(risk_blocks_check_in("low"));
  EXPECT_FALSE(risk_blocks_check_in("medium"));
  EXPECT_TRUE(risk_blocks_check_in("high"));
  EXPECT_TRUE(risk_blocks_check_in("extreme"));
  EXPECT_EQ(risk_rank("nonsense"), -1);
}

TEST(CustomerJson, PersonalValuesAreMaskedBelowClearance) {
  Customer c{.id = 7,
             .department_id = 2,
             .name = "王女士",
             .phone = "13912345678",
             .address = "北京市朝阳区幸福里3号院2号楼101室",
             .household_notes = "独居老人，行动不便"};
  const auto masked = to_json(c, 2);
  EXPECT_EQ(masked["phone"], "139****5678");
  EXPECT_NE(masked["address"], *c.address);
  EXPECT_NE(masked["household_notes"], *c.household_notes);
  EXPECT_EQ(masked["masked_fields"].size(), 3U);
  const auto full = to_json(c, 3);
  EXPECT_EQ(full["phone"], "13912345678");
  EXPECT_EQ(full["address"], *c.address);
  EXPECT_TRUE(full["masked_fields"].empty());
}

TEST(CustomerFields, EveryFieldHasAClassAndPersonalOnesAreSensitive) {
  for (const char* f : {"phone", "address", "household_notes"}) {
    ASSERT_NE(customer_field(f), nullptr) << f;
    EXPECT_GE(static_cast<int>(customer_field(f)->data_class), 3) << f;
  }
  EXPECT_EQ(customer_field("nope"), nullptr);
}

TEST(OrderJson, AddressAndNotesMaskedBelowClearanceThree) {
  Order o;
  o.id = 1;
  o.number = "SO20261204-0001";
  o.address = "北京市朝阳区幸福里3号院2号楼101室";
  o.notes = "请提前电话联系";
  o.premises = PremisesCheck{.risk_level = "high"};
  const auto masked = to_json(o, 2, "保洁");
  EXPECT_NE(masked["address"], *o.address);
  EXPECT_NE(masked["notes"], *o.notes);
  EXPECT_TRUE(masked["premises"]["blocks_check_in"].get<bool>());
  o.premises->acknowledged_at = 1;
  o.premises->approved_at = 2;
  const auto full = to_json(o, 3, "保洁");
  EXPECT_EQ(full["address"], *o.address);
  EXPECT_FALSE(full["premises"]["blocks_check_in"].get<bool>());
}

}  // namespace
}  // namespace anxin::orders
