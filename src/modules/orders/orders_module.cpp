#include "modules/orders/orders_module.hpp"

#include "modules/identity/permissions.hpp"
#include "modules/identity/user_service.hpp"
#include "modules/incidents/incident_service.hpp"
#include "modules/notify/notifier.hpp"
#include "modules/orders/order_routes.hpp"
#include "modules/orders/order_service.hpp"
#include "modules/orders/orders_demo.hpp"
#include "modules/workforce/gate_service.hpp"
#include "modules/workforce/worker_service.hpp"
#include "platform/log/log.hpp"

namespace anxin::orders {

namespace {

void register_permissions() {
  identity::add_permissions({
      {"orders:customer:read", "查看客户", "View customers"},
      {"orders:customer:manage", "登记客户", "Register customers"},
      {"orders:customer:reveal", "查看客户完整个人信息（需说明用途）",
       "Reveal a customer's personal data (with a stated purpose)", /*personal_data=*/true},
      {"orders:order:read", "查看服务订单", "View service orders"},
      {"orders:order:manage", "派工、入户检查、签到签退与取消订单",
       "Assign, premises checks, check-in and -out, cancel orders"},
      {"orders:premises:approve", "批准高风险入户作业", "Approve the start of a high-risk service"},
      {"workforce:gate:override", "派工准入例外放行（双人审批）", "Override the dispatch gate (four eyes)"},
  });
  const std::vector<std::string> daily = {"orders:customer:read", "orders:customer:manage", "orders:order:read",
                                          "orders:order:manage"};
  identity::grant_builtin("dispatcher", daily);
  std::vector<std::string> all = daily;
  all.insert(all.end(), {"orders:customer:reveal", "orders:premises:approve", "workforce:gate:override"});
  identity::grant_builtin("safety_manager", all);
  identity::grant_builtin("dept_head", all);
  identity::grant_builtin("agent", {"orders:customer:read", "orders:order:read"});
}

/// Customers and orders as incidents name them.
class CustomerResolver final : public extend::RecordResolver {
 public:
  explicit CustomerResolver(const OrderService& orders) : orders_(orders) {}
  std::string kind() const override { return "customer"; }
  std::optional<extend::LinkedRecord> resolve(db::Conn& c, const Caller& caller, std::int64_t id) const override {
    auto k = orders_.customer_in_scope(c, caller, id);
    if (!k.ok()) return std::nullopt;
    return extend::LinkedRecord{.kind = "customer", .id = id, .name = k->name, .customer_id = id};
  }

 private:
  const OrderService& orders_;
};

class OrderResolver final : public extend::RecordResolver {
 public:
  explicit OrderResolver(const OrderService& orders) : orders_(orders) {}
  std::string kind() const override { return "order"; }
  std::optional<extend::LinkedRecord> resolve(db::Conn& c, const Caller& caller, std::int64_t id) const override {
    auto o = orders_.load_in_scope(c, caller, id);
    if (!o.ok()) return std::nullopt;
    return extend::LinkedRecord{.kind = "order",
                                .id = id,
                                .name = o->customer_name,
                                .order_number = o->number,
                                .worker_id = o->worker_id,
                                .worker_name = o->worker_name,
                                .customer_id = o->customer_id};
  }

 private:
  const OrderService& orders_;
};

}  // namespace

void register_module(extend::Registry& r) {
  register_permissions();
  for (const char* column : {"phone_enc", "address_enc"}) {
    r.encrypted_column({.table = "customers", .column = column});
  }
  r.free_text(
      {.table = "customers", .column = "household_notes_enc", .data_class = 3, .label_key = "fields.household_notes"});
  r.encrypted_column({.table = "service_orders", .column = "address_enc"});
  r.free_text({.table = "service_orders", .column = "notes_enc", .data_class = 3, .label_key = "fields.note"});
  r.free_text(
      {.table = "order_valuables", .column = "description_enc", .data_class = 3, .label_key = "fields.valuables"});
  r.free_text({.table = "order_notes", .column = "note_enc", .data_class = 3, .label_key = "fields.order_note"});
  r.free_text(
      {.table = "service_orders", .column = "feedback_enc", .data_class = 3, .label_key = "fields.customer_feedback"});

  auto* notifier = r.find<notify::Notifier>();
  auto& orders = r.provide(std::make_unique<OrderService>(
      r.db(), r.clock(), r.keys(), r.service<audit::AuditSink>(), r.service<workforce::WorkerService>(),
      r.service<workforce::GateService>(), r.service<incidents::IncidentService>(), notifier));
  if (notifier != nullptr) OrderService::register_templates(*notifier);

  r.record_links().add(std::make_unique<CustomerResolver>(orders));
  r.record_links().add(std::make_unique<OrderResolver>(orders));
  register_customer_routes(r.router(), orders);
  register_order_routes(r.router(), orders);
  register_public_routes(r.router(), orders);

  // The daily re-check, once across processes; its cost follows the orders of the window.
  r.daily_job(kRecheckJob, [&orders, &r](db::Conn& c, const nlohmann::json&) -> Status {
    const auto result = orders.recheck(c, r.clock().now_ms());
    log::info("orders.recheck",
              {{"checked", result.checked}, {"newly_failing", result.newly_failing}, {"recovered", result.recovered}});
    return ok_status();
  });
  r.audit_entities({"customer", "service_order"});
  r.demo([&orders, &r](extend::DemoContext& ctx) {
    return load_demo(r.clock(), orders, r.service<workforce::WorkerService>(), r.service<identity::UserService>(),
                     r.db(), ctx);
  });
}

}  // namespace anxin::orders
