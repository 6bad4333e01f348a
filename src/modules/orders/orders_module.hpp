#pragma once

#include "platform/extend/registry.hpp"

namespace anxin::orders {

/// The orders module (服务订单): customers, service orders assigned through the dispatch gate, the premises check,
/// valuables and consents, the customer's link, and the daily re-check of the week's assignments (ORD-1 … ORD-4,
/// WRK-6).
void register_module(extend::Registry& r);

}  // namespace anxin::orders
