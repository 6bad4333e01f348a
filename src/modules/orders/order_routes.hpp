#pragma once

#include "modules/orders/order_service.hpp"
#include "platform/http/api.hpp"

namespace anxin::orders {

/// Customers: list, register, read, reveal (order_routes.cpp).
void register_customer_routes(http::Router& router, OrderService& orders);
/// Service orders: list, create, read, assign through the gate, override, premises check, check-in and -out,
/// cancel, valuables, consents, history and the customer's link (order_routes.cpp).
void register_order_routes(http::Router& router, OrderService& orders);
/// The customer's public page behind the link: view, confirm arrival, sign off (public_routes.cpp).
void register_public_routes(http::Router& router, OrderService& orders);

}  // namespace anxin::orders
