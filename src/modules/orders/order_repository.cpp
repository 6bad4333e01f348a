#include "modules/orders/order_repository.hpp"

#include <fmt/format.h>

#include <sstream>

#include "platform/crypto/crypto.hpp"

namespace anxin::orders {

namespace {

constexpr const char* kCustomers = "customers";
constexpr const char* kOrders = "service_orders";
constexpr const char* kValuables = "order_valuables";
constexpr const char* kNotes = "order_notes";

std::vector<std::string> split_codes(const std::string& stored) {
  std::vector<std::string> out;
  std::stringstream in(stored);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::int64_t total_of(const std::vector<db::Row>& rows) { return rows.empty() ? 0 : rows.front().int64("total_count"); }

}  // namespace

std::string OrderRepository::phone_index(const std::string& normalized) const {
  return keys_.blind_index("customer.phone", normalized);
}

std::int64_t OrderRepository::insert_customer(db::Conn& c, const Customer& in, TimestampMs now) {
  const auto id =
      c.query_one(orders_sql("customer_insert"), in.department_id, in.name, in.created_by, now)->int64("id");
  const auto seal = [&](const char* column, const std::optional<std::string>& v) {
    return keys_.seal(kCustomers, column, id, v);
  };
  const std::optional<std::string> bidx = in.phone ? std::optional(phone_index(*in.phone)) : std::nullopt;
  c.exec(orders_sql("customer_set_personal"), id, seal("phone_enc", in.phone), bidx, seal("address_enc", in.address),
         seal("household_notes_enc", in.household_notes));
  return id;
}

Customer OrderRepository::customer_from(const db::Row& r) const {
  Customer out;
  out.id = r.int64("id");
  out.department_id = r.int64("department_id");
  out.name = r.text("name");
  out.phone = keys_.open(kCustomers, "phone_enc", out.id, r);
  out.address = keys_.open(kCustomers, "address_enc", out.id, r);
  out.household_notes = keys_.open(kCustomers, "household_notes_enc", out.id, r);
  out.created_by = r.opt_int64("created_by");
  out.created_at = r.int64("created_at");
  out.updated_at = r.int64("updated_at");
  out.version = r.int64("version");
  return out;
}

std::optional<Customer> OrderRepository::customer(db::Conn& c, std::int64_t id) const {
  auto r = c.query_one(orders_sql("customer_get"), id);
  if (!r) return std::nullopt;
  return customer_from(*r);
}

PageOf<Customer> OrderRepository::customers(db::Conn& c, const CustomerFilter& f,
                                            const std::optional<std::string>& phone,
                                            const std::optional<std::string>& subtree, const identity::ScopeFilter& s,
                                            const PageRequest& page) const {
  const std::optional<std::string> bidx = phone ? std::optional(phone_index(*phone)) : std::nullopt;
  const auto rows = c.query(orders_sql("customer_list"), f.q, bidx, f.department_id, subtree, s.department_id,
                            s.user_id, page.page_size, page.offset());
  PageOf<Customer> out;
  for (const auto& r : rows) out.items.push_back(customer_from(r));
  out.total = total_of(rows);
  return out;
}

std::int64_t OrderRepository::insert_order(db::Conn& c, const NewOrder& in, std::int64_t created_by, TimestampMs now) {
  // The number is made from the id, so it is unique without a counter: SO + company date + id.
  const std::string placeholder = "pending-" + crypto::random_token(12);
  const auto id = c.query_one(orders_sql("order_insert"), placeholder, in.department_id, in.customer_id,
                              in.service_type, in.schedule, in.recurrence, in.starts_at, in.ends_at, created_by, now)
                      ->int64("id");
  std::string date = china_date(now);
  std::erase(date, '-');
  c.exec(orders_sql("order_set_number"), id, fmt::format("SO{}-{:04}", date, id));
  c.exec(orders_sql("order_set_sealed"), id, keys_.seal(kOrders, "address_enc", id, in.address),
         keys_.seal(kOrders, "notes_enc", id, in.notes));
  return id;
}

Order OrderRepository::order_from(const db::Row& r) const {
  Order o;
  o.id = r.int64("id");
  o.number = r.text("number");
  o.department_id = r.int64("department_id");
  o.customer_id = r.int64("customer_id");
  o.customer_name = r.text("customer_name");
  o.address = keys_.open(kOrders, "address_enc", o.id, r);
  o.service_type = r.text("service_type");
  o.schedule = r.text("schedule");
  o.recurrence = r.opt_text("recurrence");
  o.starts_at = r.int64("starts_at");
  o.ends_at = r.int64("ends_at");
  o.status = r.text("status");
  o.worker_id = r.opt_int64("worker_id");
  o.worker_name = r.opt_text("worker_name");
  o.assigned_by = r.opt_int64("assigned_by");
  o.assigned_at = r.opt_int64("assigned_at");
  o.check_in_at = r.opt_int64("check_in_at");
  o.check_out_at = r.opt_int64("check_out_at");
  o.arrival_confirmed_at = r.opt_int64("arrival_confirmed_at");
  o.gate_failing = r.int64("gate_failing") != 0;
  o.gate_checked_at = r.opt_int64("gate_checked_at");
  o.signoff_outcome = r.opt_text("signoff_outcome");
  o.signoff_at = r.opt_int64("signoff_at");
  o.signoff_incident_id = r.opt_int64("signoff_incident_id");
  o.rating = r.opt_int64("rating");
  o.feedback = keys_.open(kOrders, "feedback_enc", o.id, r);
  o.cancel_reason = r.opt_text("cancel_reason");
  o.notes = keys_.open(kOrders, "notes_enc", o.id, r);
  o.created_by = r.int64("created_by");
  o.created_at = r.int64("created_at");
  o.updated_at = r.int64("updated_at");
  o.version = r.int64("version");
  return o;
}

std::optional<Order> OrderRepository::order(db::Conn& c, std::int64_t id) const {
  auto r = c.query_one(orders_sql("order_get"), id);
  if (!r) return std::nullopt;
  return order_from(*r);
}

PageOf<Order> OrderRepository::orders(db::Conn& c, const OrderFilter& f, const std::optional<std::string>& subtree,
                                      const identity::ScopeFilter& s, const PageRequest& page) const {
  const auto rows = c.query(orders_sql("order_list"), f.status, f.worker_id, f.customer_id, f.from, f.to, subtree,
                            s.department_id, s.user_id, page.page_size, page.offset(),
                            f.q ? std::optional(db::like_escape(*f.q)) : std::nullopt, f.service_type);
  PageOf<Order> out;
  for (const auto& r : rows) out.items.push_back(order_from(r));
  out.total = total_of(rows);
  return out;
}

bool OrderRepository::assign(db::Conn& c, std::int64_t id, std::int64_t version, std::int64_t worker_id,
                             std::int64_t by, TimestampMs now) {
  return c.exec(orders_sql("order_assign"), id, worker_id, by, now, version) == 1;
}

void OrderRepository::set_status(db::Conn& c, std::int64_t id, const std::string& status, TimestampMs now) {
  c.exec(orders_sql("order_set_status"), id, status, now);
}

void OrderRepository::check_in(db::Conn& c, std::int64_t id, TimestampMs now) {
  c.exec(orders_sql("order_check_in"), id, now);
}

void OrderRepository::check_out(db::Conn& c, std::int64_t id, TimestampMs now) {
  c.exec(orders_sql("order_check_out"), id, now);
}

void OrderRepository::cancel(db::Conn& c, std::int64_t id, const std::string& reason, TimestampMs now) {
  c.exec(orders_sql("order_cancel"), id, reason, now);
}

void OrderRepository::confirm_arrival(db::Conn& c, std::int64_t id, TimestampMs now) {
  c.exec(orders_sql("order_arrival"), id, now);
}

void OrderRepository::sign_off(db::Conn& c, std::int64_t id, const std::string& outcome,
                               std::optional<std::int64_t> incident_id, const std::string& status,
                               std::optional<std::int64_t> rating, const std::optional<std::string>& feedback,
                               TimestampMs now) {
  c.exec(orders_sql("order_signoff"), id, outcome, now, incident_id, status, rating,
         keys_.seal(kOrders, "feedback_enc", id, feedback));
}

std::int64_t OrderRepository::insert_note(db::Conn& c, std::int64_t order_id, const std::string& kind,
                                          const std::string& note, std::int64_t by, TimestampMs now) {
  const auto id = c.query_one(orders_sql("note_insert"), order_id, kind, by, now)->int64("id");
  c.exec(orders_sql("note_seal"), id, keys_.seal(kNotes, "note_enc", id, note));
  return id;
}

std::vector<OrderNote> OrderRepository::notes(db::Conn& c, std::int64_t order_id) const {
  std::vector<OrderNote> out;
  for (const auto& r : c.query(orders_sql("notes_of"), order_id)) {
    const auto id = r.int64("id");
    out.push_back({.id = id,
                   .kind = r.text("kind"),
                   .note = keys_.open(kNotes, "note_enc", id, r).value_or(""),
                   .author_id = r.opt_int64("author_id"),
                   .author_name = r.opt_text("author_name").value_or(""),
                   .at = r.int64("at")});
  }
  return out;
}

void OrderRepository::set_gate(db::Conn& c, std::int64_t id, bool failing, TimestampMs now) {
  c.exec(orders_sql("order_set_gate"), id, failing, now);
}

std::vector<WindowOrder> OrderRepository::window(db::Conn& c, TimestampMs after, TimestampMs until) const {
  std::vector<WindowOrder> out;
  for (const auto& r : c.query(orders_sql("orders_in_window"), until, after)) {
    out.push_back({.id = r.int64("id"),
                   .worker_id = r.opt_int64("worker_id"),
                   .service_type = r.text("service_type"),
                   .starts_at = r.int64("starts_at"),
                   .ends_at = r.int64("ends_at"),
                   .gate_failing = r.int64("gate_failing") != 0,
                   .assigned_by = r.opt_int64("assigned_by"),
                   .number = r.text("number")});
  }
  return out;
}

std::int64_t OrderRepository::overlaps(db::Conn& c, std::int64_t worker_id, std::int64_t order_id, TimestampMs from,
                                       TimestampMs to) const {
  return c.query_one(orders_sql("worker_overlaps"), worker_id, order_id, from, to)->int64("n");
}

std::int64_t OrderRepository::count(db::Conn& c) const { return c.query_one(orders_sql("order_count"))->int64("n"); }

std::int64_t OrderRepository::insert_override(db::Conn& c, const GateOverride& g, TimestampMs now) {
  return c
      .query_one(orders_sql("override_insert"), g.order_id, g.worker_id, g.reason, g.requested_by, g.approver_id,
                 g.expires_at, now)
      ->int64("id");
}

std::optional<GateOverride> OrderRepository::latest_override(db::Conn& c, std::int64_t order_id) const {
  auto r = c.query_one(orders_sql("override_latest"), order_id);
  if (!r) return std::nullopt;
  return GateOverride{.id = r->int64("id"),
                      .order_id = r->int64("order_id"),
                      .worker_id = r->int64("worker_id"),
                      .reason = r->text("reason"),
                      .requested_by = r->int64("requested_by"),
                      .requested_by_name = r->text("requested_by_name"),
                      .approver_id = r->int64("approver_id"),
                      .approver_name = r->text("approver_name"),
                      .status = r->text("status"),
                      .approved_at = r->opt_int64("approved_at"),
                      .expires_at = r->int64("expires_at"),
                      .created_at = r->int64("created_at")};
}

bool OrderRepository::approve_override(db::Conn& c, std::int64_t id, TimestampMs now) {
  return c.exec(orders_sql("override_approve"), id, now) == 1;
}

std::vector<PremisesItem> OrderRepository::premises_items(db::Conn& c) const {
  std::vector<PremisesItem> out;
  for (const auto& r : c.query(orders_sql("premises_items"))) {
    out.push_back({.code = r.text("code"),
                   .label_zh = r.text("label_zh"),
                   .label_en = r.text("label_en"),
                   .risk = r.text("risk"),
                   .precaution_zh = r.text("precaution_zh"),
                   .precaution_en = r.text("precaution_en"),
                   .service_types = split_codes(r.text("service_types"))});
  }
  return out;
}

std::optional<PremisesCheck> OrderRepository::premises(db::Conn& c, std::int64_t order_id) const {
  auto r = c.query_one(orders_sql("premises_get"), order_id);
  if (!r) return std::nullopt;
  PremisesCheck p;
  const auto stored = nlohmann::json::parse(r->text("answers"));
  for (const auto& [code, yes] : stored.items()) p.answers[code] = yes.get<bool>();
  p.risk_level = r->text("risk_level");
  p.checked_by = r->int64("checked_by");
  p.checked_at = r->int64("checked_at");
  p.acknowledged_by = r->opt_int64("acknowledged_by");
  p.acknowledged_at = r->opt_int64("acknowledged_at");
  p.approved_by = r->opt_int64("approved_by");
  p.approved_by_name = r->opt_text("approved_by_name").value_or("");
  p.approved_at = r->opt_int64("approved_at");
  return p;
}

void OrderRepository::save_premises(db::Conn& c, std::int64_t order_id, const PremisesCheck& p) {
  nlohmann::json answers = nlohmann::json::object();
  for (const auto& [code, yes] : p.answers) answers[code] = yes;
  c.exec(orders_sql("premises_upsert"), order_id, answers.dump(), p.risk_level, p.checked_by, p.checked_at);
}

void OrderRepository::acknowledge_premises(db::Conn& c, std::int64_t order_id, std::int64_t by, TimestampMs now) {
  c.exec(orders_sql("premises_acknowledge"), order_id, by, now);
}

void OrderRepository::approve_premises(db::Conn& c, std::int64_t order_id, std::int64_t by, TimestampMs now) {
  c.exec(orders_sql("premises_approve"), order_id, by, now);
}

std::int64_t OrderRepository::insert_valuable(db::Conn& c, std::int64_t order_id, const std::string& description,
                                              std::int64_t by, TimestampMs now) {
  const auto id = c.query_one(orders_sql("valuable_insert"), order_id, db::Blob{}, by, now)->int64("id");
  c.exec(orders_sql("valuable_seal"), id, keys_.seal(kValuables, "description_enc", id, description));
  return id;
}

std::vector<Valuable> OrderRepository::valuables(db::Conn& c, std::int64_t order_id) const {
  std::vector<Valuable> out;
  for (const auto& r : c.query(orders_sql("valuables_of"), order_id)) {
    const auto id = r.int64("id");
    out.push_back({.id = id,
                   .description = keys_.open(kValuables, "description_enc", id, r).value_or(""),
                   .noted_by = r.int64("noted_by"),
                   .noted_at = r.int64("noted_at")});
  }
  return out;
}

std::int64_t OrderRepository::insert_consent(db::Conn& c, std::int64_t order_id, const Consent& consent,
                                             std::int64_t by) {
  return c
      .query_one(orders_sql("consent_insert"), order_id, consent.operation, consent.method, consent.given_by,
                 consent.given_at, by)
      ->int64("id");
}

std::vector<Consent> OrderRepository::consents(db::Conn& c, std::int64_t order_id) const {
  std::vector<Consent> out;
  for (const auto& r : c.query(orders_sql("consents_of"), order_id)) {
    out.push_back({.id = r.int64("id"),
                   .operation = r.text("operation"),
                   .method = r.text("method"),
                   .given_by = r.text("given_by"),
                   .given_at = r.int64("given_at")});
  }
  return out;
}

void OrderRepository::insert_link(db::Conn& c, std::int64_t order_id, const std::string& token, TimestampMs expires_at,
                                  std::int64_t by, TimestampMs now) {
  c.exec(orders_sql("link_insert"), order_id, crypto::sha256_hex(token), expires_at, by, now);
}

std::optional<std::int64_t> OrderRepository::order_of_link(db::Conn& c, const std::string& token,
                                                           TimestampMs now) const {
  auto r = c.query_one(orders_sql("link_order"), crypto::sha256_hex(token), now);
  if (!r) return std::nullopt;
  return r->int64("order_id");
}

void OrderRepository::add_event(db::Conn& c, std::int64_t order_id, const std::string& action,
                                std::optional<std::int64_t> actor, const std::optional<std::string>& note,
                                TimestampMs at) {
  c.exec(orders_sql("event_insert"), order_id, action, actor, note, at);
}

std::vector<OrderEvent> OrderRepository::events(db::Conn& c, std::int64_t order_id) const {
  std::vector<OrderEvent> out;
  for (const auto& r : c.query(orders_sql("events_of"), order_id)) {
    out.push_back({.at = r.int64("at"),
                   .action = r.text("action"),
                   .actor_name = r.opt_text("actor_name"),
                   .note = r.opt_text("note")});
  }
  return out;
}

}  // namespace anxin::orders
