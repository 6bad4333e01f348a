#pragma once

#include "core/clock.hpp"
#include "core/result.hpp"
#include "modules/identity/user_service.hpp"
#include "modules/orders/order_service.hpp"
#include "modules/workforce/worker_service.hpp"
#include "platform/db/database.hpp"
#include "platform/extend/registry.hpp"

namespace anxin::orders {

/// Thirty customers and sixty orders over the next two weeks, with every state an order is seen in: in service,
/// awaiting the customer's sign-off, confirmed, disputed with a property-damage incident, a high-risk premises
/// check waiting for a supervisor, an override approved by a second person, cancelled, and an assignment whose
/// worker was suspended afterwards (flagged by the re-check). Left alone once orders exist.
Status load_demo(const Clock& clock, OrderService& orders, workforce::WorkerService& workers,
                 identity::UserService& users, db::Database& db, extend::DemoContext& ctx);

}  // namespace anxin::orders
