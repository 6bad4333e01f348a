#include "modules/orders/order_routes.hpp"

#include "modules/workforce/workforce_routes.hpp"
#include "platform/http/schema.hpp"

namespace anxin::orders {
namespace {

using nlohmann::json;
namespace schema = http::schema;

constexpr std::int64_t kMaxOrderDays = 400;

json nullable(const char* type) { return {{"type", {type, "null"}}}; }

json opt_time(const std::optional<TimestampMs>& t) { return t ? json(format_rfc3339(*t)) : json(nullptr); }

json reveal_body() {
  return {{"type", "object"},
          {"required", {"field", "reason"}},
          {"properties",
           {{"field", schema::one_of({"phone", "address", "household_notes"})}, {"reason", schema::text(4, 200)}}}};
}

/// The order as JSON for the caller: the premises answers with their labels and the precautions of every item
/// answered "yes", in the caller's language.
json order_json(OrderService& orders, const Order& o, const http::Request& req) {
  json out = to_json(o, std::min(req.principal.clearance, 3), orders.service_type_name(o.service_type, req.lang));
  if (o.premises) {
    const bool en = req.lang == "en-US";
    json answers = json::array(), precautions = json::array();
    for (const auto& item : orders.premises_items(o.service_type)) {
      const auto a = o.premises->answers.find(item.code);
      const bool yes = a != o.premises->answers.end() && a->second;
      answers.push_back({{"code", item.code}, {"label", en ? item.label_en : item.label_zh}, {"yes", yes}});
      if (yes) precautions.push_back(en ? item.precaution_en : item.precaution_zh);
    }
    out["premises"]["answers"] = answers;
    out["premises"]["precautions"] = precautions;
  }
  return out;
}

/// A refusal of the gate as the 409 answer: every reason and warning, in the caller's language.
Error refusal(const extend::GateDecision& decision, const Order* order, std::int64_t worker_id,
              const std::string& lang) {
  workforce::GateAnswer answer{.worker_id = worker_id, .decision = decision};
  if (order != nullptr) {
    answer.service_type = order->service_type;
    answer.from = order->starts_at;
    answer.to = order->ends_at;
  }
  const json a = workforce::gate_answer_json(answer, lang);
  return Error{ErrorCode::kConflict,
               "orders.gate_refused",
               {{"worker_id", worker_id}, {"reasons", a["reasons"]}, {"warnings", a["warnings"]}}};
}

json override_schema() {
  json s = order_schema()["properties"]["override"];
  s["type"] = "object";
  return s;
}

json override_json(const GateOverride& g) {
  return {{"id", g.id},
          {"worker_id", g.worker_id},
          {"reason", g.reason},
          {"requested_by", g.requested_by},
          {"requested_by_name", g.requested_by_name},
          {"approver_id", g.approver_id},
          {"approver_name", g.approver_name},
          {"status", g.status},
          {"approved_at", opt_time(g.approved_at)},
          {"expires_at", format_rfc3339(g.expires_at)}};
}

Result<TimestampMs> time_field(const json& b, const char* key) {
  auto t = parse_rfc3339(b[key].get<std::string>());
  if (!t) return Error::invalid("common.field_format", {{"field", key}});
  return *t;
}

json list_item_schema(json item) {
  return {{"type", "object"},
          {"required", {"items"}},
          {"properties", {{"items", {{"type", "array"}, {"items", std::move(item)}}}}}};
}

}  // namespace

void register_customer_routes(http::Router& router, OrderService& orders) {
  auto params = http::paging_params();
  params.push_back({"q", schema::text(1, 64), "Search in the name."});
  params.push_back({"phone", schema::text(1, 32), "Exact mobile number (blind-indexed)."});
  params.push_back({"department_id", {{"type", "integer"}, {"minimum", 1}}, "Only this department."});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/customers",
              .permission = "orders:customer:read",
              .summary = "List customers in the caller's data scope (personal values masked)",
              .tag = "orders",
              .query_params = params,
              .response_schema = http::page_schema(customer_schema()),
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                CustomerFilter f;
                f.q = http::query_text(req, "q");
                ANXIN_ASSIGN_OR_RETURN(f.department_id, http::query_id(req, "department_id"));
                ANXIN_ASSIGN_OR_RETURN(auto result,
                                       orders.customers(req.principal, f, http::query_text(req, "phone"), page));
                json items = json::array();
                for (const auto& c : result.items) items.push_back(to_json(c, 2));
                return http::Response::json(http::page_json(items, result.total, page));
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/customers",
              .permission = "orders:customer:manage",
              .summary = "Register a customer",
              .tag = "orders",
              .body_schema = new_customer_schema(),
              .response_schema = customer_schema(),
              .success_status = 201,
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                const json& b = req.json;
                Customer c{.department_id = b["department_id"].get<std::int64_t>(),
                           .name = b["name"].get<std::string>(),
                           .phone = http::json_string(b, "phone"),
                           .address = http::json_string(b, "address"),
                           .household_notes = http::json_string(b, "household_notes")};
                ANXIN_ASSIGN_OR_RETURN(auto made, orders.create_customer(req.principal, c));
                return http::Response::json(to_json(made, 2), 201);
              }});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/customers/{id}",
              .permission = "orders:customer:read",
              .summary = "Get a customer (class 3 values masked unless revealed)",
              .tag = "orders",
              .response_schema = customer_schema(),
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto c, orders.customer(req.principal, id));
                return http::Response::json(to_json(c, 2));
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/customers/{id}/reveal",
              .permission = "orders:customer:reveal",
              .summary = "Reveal one of a customer's personal values for a stated purpose (audited)",
              .tag = "orders",
              .body_schema = reveal_body(),
              .response_schema = {{"type", "object"},
                                  {"required", {"value"}},
                                  {"properties", {{"value", {{"type", "string"}}}}}},
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto v,
                                       orders.reveal_customer(req.principal, id, req.json["field"].get<std::string>(),
                                                              req.json["reason"].get<std::string>()));
                return http::Response::json({{"value", v}});
              }});
}

void register_order_routes(http::Router& router, OrderService& orders) {
  const json order = order_schema();
  auto params = http::paging_params();
  params.push_back({"status",
                    schema::one_of(std::vector<std::string>(std::begin(kOrderStatuses), std::end(kOrderStatuses))),
                    "Order status."});
  params.push_back({"worker_id", {{"type", "integer"}, {"minimum", 1}}, "Orders of this worker."});
  params.push_back({"customer_id", {{"type", "integer"}, {"minimum", 1}}, "Orders of this customer."});
  params.push_back({"from", schema::date_time(), "Orders starting at or after."});
  params.push_back({"to", schema::date_time(), "Orders starting before."});
  params.push_back({"q", schema::text(1, 64), "Part of the order number, the customer's or the worker's name."});
  params.push_back({"service_type", schema::text(1, 32), "Orders of this service type."});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/orders",
              .permission = "orders:order:read",
              .summary = "List service orders in the caller's data scope, by start time",
              .tag = "orders",
              .query_params = params,
              .response_schema = http::page_schema(order),
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                OrderFilter f;
                f.status = http::query_text(req, "status");
                ANXIN_ASSIGN_OR_RETURN(f.worker_id, http::query_id(req, "worker_id"));
                ANXIN_ASSIGN_OR_RETURN(f.customer_id, http::query_id(req, "customer_id"));
                ANXIN_ASSIGN_OR_RETURN(f.from, http::query_time(req, "from"));
                ANXIN_ASSIGN_OR_RETURN(f.to, http::query_time(req, "to"));
                f.q = http::query_text(req, "q");
                f.service_type = http::query_text(req, "service_type");
                ANXIN_ASSIGN_OR_RETURN(auto result, orders.list(req.principal, f, page));
                json items = json::array();
                for (const auto& o : result.items) items.push_back(order_json(orders, o, req));
                return http::Response::json(http::page_json(items, result.total, page));
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/orders",
              .permission = "orders:order:manage",
              .summary = "Create a service order (a draft until a worker is assigned)",
              .tag = "orders",
              .body_schema = new_order_schema(),
              .response_schema = order,
              .success_status = 201,
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                const json& b = req.json;
                NewOrder n{.department_id = b["department_id"].get<std::int64_t>(),
                           .customer_id = b["customer_id"].get<std::int64_t>(),
                           .service_type = b["service_type"].get<std::string>(),
                           .schedule = b["schedule"].get<std::string>(),
                           .recurrence = http::json_string(b, "recurrence"),
                           .address = http::json_string(b, "address"),
                           .notes = http::json_string(b, "notes")};
                ANXIN_ASSIGN_OR_RETURN(n.starts_at, time_field(b, "starts_at"));
                ANXIN_ASSIGN_OR_RETURN(n.ends_at, time_field(b, "ends_at"));
                if (n.ends_at - n.starts_at > kMaxOrderDays * kDayMs) {
                  return Error::unprocessable("orders.period_invalid", {{"field", "ends_at"}});
                }
                ANXIN_ASSIGN_OR_RETURN(auto o, orders.create(req.principal, n));
                return http::Response::json(order_json(orders, o, req), 201);
              }});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/orders/premises-items",
              .permission = "orders:order:read",
              .summary = "The premises checklist (for a service type): items, their risk and precaution",
              .tag = "orders",
              .query_params = {{"service_type", schema::text(1, 32), "Only the items of this service type."}},
              .response_schema = list_item_schema({{"type", "object"},
                                                   {"required", {"code", "label", "risk", "precaution"}},
                                                   {"properties",
                                                    {{"code", {{"type", "string"}}},
                                                     {"label", {{"type", "string"}}},
                                                     {"risk", schema::one_of({"low", "medium", "high", "extreme"})},
                                                     {"precaution", {{"type", "string"}}}}}}),
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                const bool en = req.lang == "en-US";
                json items = json::array();
                for (const auto& i : orders.premises_items(http::query_text(req, "service_type"))) {
                  items.push_back({{"code", i.code},
                                   {"label", en ? i.label_en : i.label_zh},
                                   {"risk", i.risk},
                                   {"precaution", en ? i.precaution_en : i.precaution_zh}});
                }
                return http::Response::json({{"items", items}});
              }});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/orders/{id}",
              .permission = "orders:order:read",
              .summary = "Get a service order with its override and premises check",
              .tag = "orders",
              .response_schema = order,
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto o, orders.get(req.principal, id));
                return http::Response::json(order_json(orders, o, req));
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/orders/{id}/assign",
              .permission = "orders:order:manage",
              .summary = "Assign a worker through the dispatch gate (409 with every reason when refused)",
              .tag = "orders",
              .body_schema = {{"type", "object"},
                              {"required", {"worker_id", "version"}},
                              {"properties",
                               {{"worker_id", {{"type", "integer"}, {"minimum", 1}}},
                                {"version", {{"type", "integer"}, {"minimum", 1}}}}}},
              .response_schema = order,
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const auto worker_id = req.json["worker_id"].get<std::int64_t>();
                extend::GateDecision refused;
                auto o = orders.assign(req.principal, id, req.json["version"].get<std::int64_t>(), worker_id, &refused);
                if (!o.ok()) {
                  if (o.error().message_key != "orders.gate_refused") return o.error();
                  auto current = orders.get(req.principal, id);
                  return refusal(refused, current.ok() ? &*current : nullptr, worker_id, req.lang);
                }
                return http::Response::json(order_json(orders, *o, req));
              }});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/orders/{id}/gate",
              .permission = "orders:order:read",
              .summary = "The dispatch gate's answer for the assigned (or a named) worker over the order's period",
              .tag = "orders",
              .query_params = {{"worker_id", {{"type", "integer"}, {"minimum", 1}}, "Another worker to ask about."}},
              .response_schema = workforce::gate_answer_schema(),
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto worker, http::query_id(req, "worker_id"));
                ANXIN_ASSIGN_OR_RETURN(auto answer, orders.gate(req.principal, id, worker));
                return http::Response::json(workforce::gate_answer_json(answer, req.lang));
              }});
  router.add(
      {.method = http::Method::kGet,
       .path = "/api/v1/orders/{id}/replacements",
       .permission = "orders:order:read",
       .summary = "Workers who pass the gate for the order (replacement proposals), free ones first",
       .tag = "orders",
       .response_schema = list_item_schema({{"type", "object"},
                                            {"required", {"worker_id", "name", "job_types", "same_job_type", "busy"}},
                                            {"properties",
                                             {{"worker_id", {{"type", "integer"}}},
                                              {"name", {{"type", "string"}}},
                                              {"job_types", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                                              {"same_job_type", {{"type", "boolean"}}},
                                              {"busy", {{"type", "boolean"}}}}}}),
       .handler = [&orders](http::Request& req) -> Result<http::Response> {
         ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
         ANXIN_ASSIGN_OR_RETURN(auto list, orders.replacements(req.principal, id));
         json items = json::array();
         for (const auto& r : list) {
           items.push_back({{"worker_id", r.worker_id},
                            {"name", r.name},
                            {"job_types", r.job_types},
                            {"same_job_type", r.same_job_type},
                            {"busy", r.busy}});
         }
         return http::Response::json({{"items", items}});
       }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/orders/{id}/overrides",
              .permission = "workforce:gate:override",
              .summary = "Ask for a four-eyes exception to the dispatch gate for one worker on this order",
              .tag = "orders",
              .body_schema = {{"type", "object"},
                              {"required", {"worker_id", "reason", "approver_id", "expires_at"}},
                              {"properties",
                               {{"worker_id", {{"type", "integer"}, {"minimum", 1}}},
                                {"reason", schema::text(1, 500)},
                                {"approver_id", {{"type", "integer"}, {"minimum", 1}}},
                                {"expires_at", schema::date_time()}}}},
              .response_schema = override_schema(),
              .success_status = 201,
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                ANXIN_ASSIGN_OR_RETURN(auto expires, time_field(b, "expires_at"));
                ANXIN_ASSIGN_OR_RETURN(auto g,
                                       orders.request_override(req.principal, id, b["worker_id"].get<std::int64_t>(),
                                                               b["reason"].get<std::string>(),
                                                               b["approver_id"].get<std::int64_t>(), expires));
                return http::Response::json(override_json(g), 201);
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/orders/{id}/overrides/{oid}/approve",
              .permission = "workforce:gate:override",
              .summary = "Approve an override as the second person the requester named",
              .tag = "orders",
              .response_schema = override_schema(),
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto oid, req.path_id("oid"));
                ANXIN_ASSIGN_OR_RETURN(auto g, orders.approve_override(req.principal, id, oid));
                return http::Response::json(override_json(g));
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/orders/{id}/premises-check",
              .permission = "orders:order:manage",
              .summary = "Fill the premises check at the door: the answers give the risk level and precautions",
              .tag = "orders",
              .body_schema = {{"type", "object"},
                              {"required", {"answers"}},
                              {"properties", {{"answers", {{"type", "object"}, {"additionalProperties", true}}}}}},
              .response_schema = order,
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                std::map<std::string, bool> answers;
                for (const auto& [code, yes] : req.json["answers"].items()) {
                  if (!yes.is_boolean()) return Error::invalid("common.field_type", {{"field", "answers"}});
                  answers[code] = yes.get<bool>();
                }
                ANXIN_ASSIGN_OR_RETURN(auto o, orders.fill_premises(req.principal, id, answers));
                return http::Response::json(order_json(orders, o, req));
              }});
  const auto action = [&](const char* path, const char* permission, const char* summary,
                          Result<Order> (OrderService::*fn)(const Caller&, std::int64_t)) {
    router.add({.method = http::Method::kPost,
                .path = path,
                .permission = permission,
                .summary = summary,
                .tag = "orders",
                .response_schema = order,
                .handler = [&orders, fn](http::Request& req) -> Result<http::Response> {
                  ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                  ANXIN_ASSIGN_OR_RETURN(auto o, (orders.*fn)(req.principal, id));
                  return http::Response::json(order_json(orders, o, req));
                }});
  };
  action("/api/v1/orders/{id}/premises-check/acknowledge", "orders:order:manage",
         "The worker acknowledges the precautions of the premises check", &OrderService::acknowledge_premises);
  action("/api/v1/orders/{id}/premises-check/approve", "orders:premises:approve",
         "A supervisor approves the start of a high-risk service", &OrderService::approve_premises);
  action("/api/v1/orders/{id}/check-out", "orders:order:manage", "End the service (check-out)",
         &OrderService::check_out);
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/orders/{id}/check-in",
              .permission = "orders:order:manage",
              .summary = "Start the service: the gate is asked again and the premises check must allow it",
              .tag = "orders",
              .response_schema = order,
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                extend::GateDecision refused;
                auto o = orders.check_in(req.principal, id, &refused);
                if (!o.ok()) {
                  if (o.error().message_key != "orders.gate_refused") return o.error();
                  auto current = orders.get(req.principal, id);
                  const std::int64_t worker = current.ok() ? current->worker_id.value_or(0) : 0;
                  return refusal(refused, current.ok() ? &*current : nullptr, worker, req.lang);
                }
                return http::Response::json(order_json(orders, *o, req));
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/orders/{id}/cancel",
              .permission = "orders:order:manage",
              .summary = "Cancel an open order with a reason",
              .tag = "orders",
              .body_schema = {{"type", "object"},
                              {"required", {"reason"}},
                              {"properties", {{"reason", schema::text(2, 200)}}}},
              .response_schema = order,
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto o, orders.cancel(req.principal, id, req.json["reason"].get<std::string>()));
                return http::Response::json(order_json(orders, o, req));
              }});

  const json valuable = {
      {"type", "object"},
      {"required", {"id", "description", "noted_at"}},
      {"properties",
       {{"id", {{"type", "integer"}}}, {"description", {{"type", "string"}}}, {"noted_at", schema::date_time()}}}};
  const auto valuable_json = [](const Valuable& v, int clearance) {
    return json{
        {"id", v.id},
        {"description", clearance >= 3 ? v.description : text::mask_value(text::PiiKind::kFreeText, v.description)},
        {"noted_at", format_rfc3339(v.noted_at)}};
  };
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/orders/{id}/valuables",
              .permission = "orders:order:read",
              .summary = "Valuables noted before service",
              .tag = "orders",
              .response_schema = list_item_schema(valuable),
              .handler = [&orders, valuable_json](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto list, orders.valuables(req.principal, id));
                json items = json::array();
                for (const auto& v : list) items.push_back(valuable_json(v, req.principal.clearance));
                return http::Response::json({{"items", items}});
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/orders/{id}/valuables",
              .permission = "orders:order:manage",
              .summary = "Note a valuable before service",
              .tag = "orders",
              .body_schema = {{"type", "object"},
                              {"required", {"description"}},
                              {"properties", {{"description", schema::text(1, 500)}}}},
              .response_schema = valuable,
              .success_status = 201,
              .handler = [&orders, valuable_json](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(
                    auto v, orders.add_valuable(req.principal, id, req.json["description"].get<std::string>()));
                return http::Response::json(valuable_json(v, req.principal.clearance), 201);
              }});
  const json note = {{"type", "object"},
                     {"required", {"id", "kind", "note", "author_name", "at"}},
                     {"properties",
                      {{"id", {{"type", "integer"}}},
                       {"kind", schema::one_of(std::vector<std::string>(std::begin(kNoteKinds), std::end(kNoteKinds)))},
                       {"note", {{"type", "string"}}},
                       {"author_name", {{"type", "string"}}},
                       {"at", schema::date_time()}}}};
  const auto note_json = [](const OrderNote& n, int clearance) {
    return json{{"id", n.id},
                {"kind", n.kind},
                {"note", clearance >= 3 ? n.note : text::mask_value(text::PiiKind::kFreeText, n.note)},
                {"author_name", n.author_name},
                {"at", format_rfc3339(n.at)}};
  };
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/orders/{id}/notes",
              .permission = "orders:order:read",
              .summary = "Service records and monitoring notes on the order, newest first",
              .tag = "orders",
              .response_schema = list_item_schema(note),
              .handler = [&orders, note_json](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto list, orders.notes(req.principal, id));
                json items = json::array();
                for (const auto& n : list) items.push_back(note_json(n, req.principal.clearance));
                return http::Response::json({{"items", items}});
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/orders/{id}/notes",
              .permission = "orders:order:manage",
              .summary = "Add a service record, a monitoring note or a follow-up to the order",
              .tag = "orders",
              .body_schema = {{"type", "object"},
                              {"required", {"kind", "note"}},
                              {"properties",
                               {{"kind", schema::one_of(
                                             std::vector<std::string>(std::begin(kNoteKinds), std::end(kNoteKinds)))},
                                {"note", schema::text(2, 2000)}}}},
              .response_schema = note,
              .success_status = 201,
              .handler = [&orders, note_json](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto n, orders.add_note(req.principal, id, req.json["kind"].get<std::string>(),
                                                               req.json["note"].get<std::string>()));
                return http::Response::json(note_json(n, req.principal.clearance), 201);
              }});
  const json consent = {{"type", "object"},
                        {"required", {"id", "operation", "method", "given_by", "given_at"}},
                        {"properties",
                         {{"id", {{"type", "integer"}}},
                          {"operation", {{"type", "string"}}},
                          {"method", schema::one_of({"tick", "sms_code"})},
                          {"given_by", {{"type", "string"}}},
                          {"given_at", schema::date_time()}}}};
  const auto consent_json = [](const Consent& c) {
    return json{{"id", c.id},
                {"operation", c.operation},
                {"method", c.method},
                {"given_by", c.given_by},
                {"given_at", format_rfc3339(c.given_at)}};
  };
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/orders/{id}/consents",
              .permission = "orders:order:read",
              .summary = "The customer's consents to operations that may damage property",
              .tag = "orders",
              .response_schema = list_item_schema(consent),
              .handler = [&orders, consent_json](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto list, orders.consents(req.principal, id));
                json items = json::array();
                for (const auto& c : list) items.push_back(consent_json(c));
                return http::Response::json({{"items", items}});
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/orders/{id}/consents",
              .permission = "orders:order:manage",
              .summary = "Record the customer's consent to an operation that may damage property",
              .tag = "orders",
              .body_schema = {{"type", "object"},
                              {"required", {"operation", "method", "given_by"}},
                              {"properties",
                               {{"operation", schema::text(2, 200)},
                                {"method", schema::one_of({"tick", "sms_code"})},
                                {"given_by", schema::text(1, 64)}}}},
              .response_schema = consent,
              .success_status = 201,
              .handler = [&orders, consent_json](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                Consent c{.operation = req.json["operation"].get<std::string>(),
                          .method = req.json["method"].get<std::string>(),
                          .given_by = req.json["given_by"].get<std::string>()};
                ANXIN_ASSIGN_OR_RETURN(auto saved, orders.add_consent(req.principal, id, c));
                return http::Response::json(consent_json(saved), 201);
              }});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/orders/{id}/events",
              .permission = "orders:order:read",
              .summary = "The order's history",
              .tag = "orders",
              .response_schema = list_item_schema({{"type", "object"},
                                                   {"required", {"at", "action"}},
                                                   {"properties",
                                                    {{"at", schema::date_time()},
                                                     {"action", {{"type", "string"}}},
                                                     {"actor_name", nullable("string")},
                                                     {"note", nullable("string")}}}}),
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto list, orders.events(req.principal, id));
                json items = json::array();
                for (const auto& e : list) {
                  items.push_back({{"at", format_rfc3339(e.at)},
                                   {"action", e.action},
                                   {"actor_name", e.actor_name ? json(*e.actor_name) : json(nullptr)},
                                   {"note", e.note ? json(*e.note) : json(nullptr)}});
                }
                return http::Response::json({{"items", items}});
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/orders/{id}/customer-link",
              .permission = "orders:order:manage",
              .summary = "Issue the customer's link to the order (no login; valid until a week after the order)",
              .tag = "orders",
              .response_schema = {{"type", "object"},
                                  {"required", {"token", "path", "url", "expires_at"}},
                                  {"properties",
                                   {{"token", {{"type", "string"}}},
                                    {"path", {{"type", "string"}}},
                                    {"url", {{"type", "string"}}},
                                    {"expires_at", schema::date_time()}}}},
              .success_status = 201,
              .handler = [&orders](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto link, orders.issue_link(req.principal, id));
                std::string origin = req.header("origin");
                if (origin.empty()) {
                  const std::string proto =
                      req.header("x-forwarded-proto").empty() ? "http" : req.header("x-forwarded-proto");
                  origin = proto + "://" + (req.header("host").empty() ? "127.0.0.1:8080" : req.header("host"));
                }
                return http::Response::json({{"token", link.token},
                                             {"path", link.path},
                                             {"url", origin + link.path},
                                             {"expires_at", format_rfc3339(link.expires_at)}},
                                            201);
              }});
}

}  // namespace anxin::orders
