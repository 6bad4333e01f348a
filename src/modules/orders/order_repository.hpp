#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/paging.hpp"
#include "modules/identity/scope.hpp"
#include "modules/orders/order.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::orders {

std::string_view orders_sql(std::string_view name);  // embedded queries/*.sql

/// One order of the re-check window, as the daily job reads it.
struct WindowOrder {
  std::int64_t id = 0;
  std::optional<std::int64_t> worker_id;
  std::string service_type;
  TimestampMs starts_at = 0;
  TimestampMs ends_at = 0;
  bool gate_failing = false;
  std::optional<std::int64_t> assigned_by;
  std::string number;
};

/// Customers and service orders in the database; class 3 values sealed with the key ring, found through blind
/// indexes. No rules here: OrderService decides.
class OrderRepository {
 public:
  explicit OrderRepository(const crypto::KeyRing& keys) : keys_(keys) {}

  std::int64_t insert_customer(db::Conn& c, const Customer& in, TimestampMs now);
  std::optional<Customer> customer(db::Conn& c, std::int64_t id) const;
  PageOf<Customer> customers(db::Conn& c, const CustomerFilter& f, const std::optional<std::string>& phone,
                             const std::optional<std::string>& subtree, const identity::ScopeFilter& s,
                             const PageRequest& page) const;
  std::string phone_index(const std::string& normalized) const;

  std::int64_t insert_order(db::Conn& c, const NewOrder& in, std::int64_t created_by, TimestampMs now);
  std::optional<Order> order(db::Conn& c, std::int64_t id) const;
  PageOf<Order> orders(db::Conn& c, const OrderFilter& f, const std::optional<std::string>& subtree,
                       const identity::ScopeFilter& s, const PageRequest& page) const;
  /// False when the version did not match.
  bool assign(db::Conn& c, std::int64_t id, std::int64_t version, std::int64_t worker_id, std::int64_t by,
              TimestampMs now);
  void set_status(db::Conn& c, std::int64_t id, const std::string& status, TimestampMs now);
  void check_in(db::Conn& c, std::int64_t id, TimestampMs now);
  void check_out(db::Conn& c, std::int64_t id, TimestampMs now);
  void cancel(db::Conn& c, std::int64_t id, const std::string& reason, TimestampMs now);
  void confirm_arrival(db::Conn& c, std::int64_t id, TimestampMs now);
  void sign_off(db::Conn& c, std::int64_t id, const std::string& outcome, std::optional<std::int64_t> incident_id,
                const std::string& status, std::optional<std::int64_t> rating,
                const std::optional<std::string>& feedback, TimestampMs now);
  std::int64_t insert_note(db::Conn& c, std::int64_t order_id, const std::string& kind, const std::string& note,
                           std::int64_t by, TimestampMs now);
  std::vector<OrderNote> notes(db::Conn& c, std::int64_t order_id) const;
  void set_gate(db::Conn& c, std::int64_t id, bool failing, TimestampMs now);
  /// Scheduled orders that start before `until` and end after `after`: the re-check window (an index range).
  std::vector<WindowOrder> window(db::Conn& c, TimestampMs after, TimestampMs until) const;
  /// Other open orders of the worker overlapping [from, to).
  std::int64_t overlaps(db::Conn& c, std::int64_t worker_id, std::int64_t order_id, TimestampMs from,
                        TimestampMs to) const;
  std::int64_t count(db::Conn& c) const;

  std::int64_t insert_override(db::Conn& c, const GateOverride& g, TimestampMs now);
  std::optional<GateOverride> latest_override(db::Conn& c, std::int64_t order_id) const;
  bool approve_override(db::Conn& c, std::int64_t id, TimestampMs now);

  std::vector<PremisesItem> premises_items(db::Conn& c) const;
  std::optional<PremisesCheck> premises(db::Conn& c, std::int64_t order_id) const;
  void save_premises(db::Conn& c, std::int64_t order_id, const PremisesCheck& p);
  void acknowledge_premises(db::Conn& c, std::int64_t order_id, std::int64_t by, TimestampMs now);
  void approve_premises(db::Conn& c, std::int64_t order_id, std::int64_t by, TimestampMs now);

  std::int64_t insert_valuable(db::Conn& c, std::int64_t order_id, const std::string& description, std::int64_t by,
                               TimestampMs now);
  std::vector<Valuable> valuables(db::Conn& c, std::int64_t order_id) const;
  std::int64_t insert_consent(db::Conn& c, std::int64_t order_id, const Consent& consent, std::int64_t by);
  std::vector<Consent> consents(db::Conn& c, std::int64_t order_id) const;

  void insert_link(db::Conn& c, std::int64_t order_id, const std::string& token, TimestampMs expires_at,
                   std::int64_t by, TimestampMs now);
  /// The order of a link in force at `now`.
  std::optional<std::int64_t> order_of_link(db::Conn& c, const std::string& token, TimestampMs now) const;

  void add_event(db::Conn& c, std::int64_t order_id, const std::string& action, std::optional<std::int64_t> actor,
                 const std::optional<std::string>& note, TimestampMs at);
  std::vector<OrderEvent> events(db::Conn& c, std::int64_t order_id) const;

 private:
  Customer customer_from(const db::Row& r) const;
  Order order_from(const db::Row& r) const;

  const crypto::KeyRing& keys_;
};

}  // namespace anxin::orders
