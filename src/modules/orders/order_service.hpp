#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/identity/directory.hpp"
#include "modules/incidents/incident_service.hpp"
#include "modules/notify/notifier.hpp"
#include "modules/orders/order.hpp"
#include "modules/orders/order_repository.hpp"
#include "modules/workforce/gate_service.hpp"
#include "modules/workforce/worker_service.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::orders {

/// How long a customer's link stays valid after the order ends.
inline constexpr std::int64_t kLinkValidAfterEndMs = 7LL * 24 * 60 * 60 * 1000;
/// The daily re-check looks this far ahead.
inline constexpr std::int64_t kRecheckWindowMs = 7LL * 24 * 60 * 60 * 1000;
/// The job kind of the daily re-check.
inline constexpr const char* kRecheckJob = "orders.recheck";

/// Customers and service orders (ORD-1 … ORD-4): every assignment goes through the dispatch gate (WRK-6), at
/// assignment and again at check-in, with a four-eyes override; the premises check blocks a high-risk start until
/// acknowledged and approved; the customer confirms arrival and signs the visit off through an unguessable link,
/// and a damage report opens a property_damage incident. Every read and change is limited to the caller's data
/// scope, every change is audited and recorded in the order's history.
class OrderService {
 public:
  OrderService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit,
               workforce::WorkerService& workers, workforce::GateService& gate, incidents::IncidentService& incidents,
               notify::Notifier* notifier);

  static void register_templates(notify::Notifier& notifier);

  // Customers.
  Result<Customer> create_customer(const Caller& caller, Customer input);
  Result<Customer> customer(const Caller& caller, std::int64_t id);
  Result<PageOf<Customer>> customers(const Caller& caller, const CustomerFilter& filter,
                                     std::optional<std::string> phone, const PageRequest& page);
  /// One class 3 value in full, for a stated purpose; audited.
  Result<std::string> reveal_customer(const Caller& caller, std::int64_t id, const std::string& field,
                                      const std::string& reason);

  // Orders.
  Result<Order> create(const Caller& caller, NewOrder input);
  /// The order with its override and premises check.
  Result<Order> get(const Caller& caller, std::int64_t id);
  Result<PageOf<Order>> list(const Caller& caller, const OrderFilter& filter, const PageRequest& page);
  /// Assigns a worker through the gate. A refusal answers conflict "orders.gate_refused" and fills `refused` with
  /// every reason; an approved override in force for that worker lets the assignment through.
  Result<Order> assign(const Caller& caller, std::int64_t id, std::int64_t version, std::int64_t worker_id,
                       extend::GateDecision* refused);
  /// The gate's answer for a worker (default: the assigned one) over the order's period.
  Result<workforce::GateAnswer> gate(const Caller& caller, std::int64_t id, std::optional<std::int64_t> worker_id);
  /// Workers who pass the gate for the order, free ones first.
  Result<std::vector<Replacement>> replacements(const Caller& caller, std::int64_t id);
  Result<GateOverride> request_override(const Caller& caller, std::int64_t id, std::int64_t worker_id,
                                        const std::string& reason, std::int64_t approver_id, TimestampMs expires_at);
  Result<GateOverride> approve_override(const Caller& caller, std::int64_t id, std::int64_t override_id);

  std::vector<PremisesItem> premises_items(const std::optional<std::string>& service_type);
  Result<Order> fill_premises(const Caller& caller, std::int64_t id, const std::map<std::string, bool>& answers);
  Result<Order> acknowledge_premises(const Caller& caller, std::int64_t id);
  Result<Order> approve_premises(const Caller& caller, std::int64_t id);
  /// Starts the service: the gate is asked again, the premises check must be filled and, for a high risk,
  /// acknowledged and approved.
  Result<Order> check_in(const Caller& caller, std::int64_t id, extend::GateDecision* refused);
  Result<Order> check_out(const Caller& caller, std::int64_t id);
  Result<Order> cancel(const Caller& caller, std::int64_t id, const std::string& reason);

  Result<Valuable> add_valuable(const Caller& caller, std::int64_t id, const std::string& description);
  /// Service records and monitoring notes (ORD-5), newest first; any order that exists in scope, open or not.
  Result<OrderNote> add_note(const Caller& caller, std::int64_t id, const std::string& kind, const std::string& note);
  Result<std::vector<OrderNote>> notes(const Caller& caller, std::int64_t id);
  Result<std::vector<Valuable>> valuables(const Caller& caller, std::int64_t id);
  Result<Consent> add_consent(const Caller& caller, std::int64_t id, Consent consent);
  Result<std::vector<Consent>> consents(const Caller& caller, std::int64_t id);
  Result<std::vector<OrderEvent>> events(const Caller& caller, std::int64_t id);

  /// A new link for the customer, valid until a week after the order ends.
  Result<CustomerLink> issue_link(const Caller& caller, std::int64_t id);
  /// The customer's view for a link in force; nullopt for any other token.
  std::optional<CustomerView> view(const std::string& token, const std::string& lang);
  /// The customer confirms the worker's arrival (before or during the service).
  Result<CustomerView> confirm_arrival(const std::string& token, const std::string& lang);
  /// The customer signs the completed service off: no damage (confirmed), or damage (disputed, with a
  /// property_damage incident linked to the order, the worker and the customer).
  /// The customer may rate the service (1–5) and leave feedback with either outcome (ORD-5).
  Result<CustomerView> sign_off(const std::string& token, const std::string& outcome,
                                const std::optional<std::string>& description, std::optional<std::int64_t> rating,
                                const std::optional<std::string>& feedback, const std::string& lang);

  /// The daily re-check (WRK-6): every scheduled order in the next 7 days asks the gate again; an assignment that
  /// has started to fail is flagged and its dispatcher notified. Runs in the caller's transaction; reads only the
  /// orders of the window.
  RecheckResult recheck(db::Conn& c, TimestampMs now);

  std::string service_type_name(const std::string& code, const std::string& lang);
  std::string risk_label(const std::string& level, const std::string& lang) const;
  TimestampMs now() const { return clock_.now_ms(); }
  OrderRepository& repository() { return repo_; }
  /// The order or customer within the caller's data scope, or not found (also for other modules' links).
  Result<Order> load_in_scope(db::Conn& c, const Caller& caller, std::int64_t id) const;
  Result<Customer> customer_in_scope(db::Conn& c, const Caller& caller, std::int64_t id) const;

 private:
  Order with_details(db::Conn& c, Order o) const;
  /// The gate's decision for the worker over the order's period, an approved override in force counting as a pass.
  extend::GateDecision decide(db::Conn& c, const Order& o, const workforce::Worker& w, TimestampMs now,
                              bool* overridden) const;
  void audit(db::Conn& c, const Caller& caller, const std::string& entity, std::int64_t entity_id,
             std::int64_t department_id, const std::string& action, nlohmann::json after = nullptr,
             const std::string& reason = {});
  void record(db::Conn& c, const Order& o, const std::string& action, std::optional<std::int64_t> actor,
              const std::optional<std::string>& note = std::nullopt);
  std::optional<Order> order_of_token(db::Conn& c, const std::string& token) const;
  CustomerView view_of(db::Conn& c, const Order& o, const std::string& lang);

  db::Database& db_;
  const Clock& clock_;
  audit::AuditSink& audit_;
  workforce::WorkerService& workers_;
  workforce::GateService& gate_;
  incidents::IncidentService& incidents_;
  notify::Notifier* notifier_;
  identity::Directory directory_;
  OrderRepository repo_;
};

}  // namespace anxin::orders
