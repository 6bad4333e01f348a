#include "modules/orders/order_service.hpp"

#include <algorithm>

#include "modules/identity/scope.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/schema.hpp"
#include "platform/text/identifiers.hpp"
#include "platform/text/masking.hpp"

namespace anxin::orders {

namespace {

/// 32 random bytes, base64url: unguessable.
constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kOverrideReasonMin = 10;
constexpr std::size_t kReplacementCandidates = 200;
constexpr std::size_t kReplacementsShown = 20;

bool is_open(const std::string& status) { return status == "draft" || status == "scheduled" || status == "in_service"; }

nlohmann::json masked_customer(const Customer& c) {
  nlohmann::json j = to_json(c, 2);
  j.erase("masked_fields");
  return j;
}

}  // namespace

OrderService::OrderService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit,
                           workforce::WorkerService& workers, workforce::GateService& gate,
                           incidents::IncidentService& incidents, notify::Notifier* notifier)
    : db_(db),
      clock_(clock),
      audit_(audit),
      workers_(workers),
      gate_(gate),
      incidents_(incidents),
      notifier_(notifier),
      repo_(keys) {}

void OrderService::register_templates(notify::Notifier& notifier) {
  notifier.register_template({"orders.assignment_failing", "【派工预警】{number} 的派工不再满足准入条件",
                              "订单 {number} 已派工的服务人员现未通过派工准入检查，请查看原因并安排替换人员。",
                              "[Dispatch] {number}: the assignment no longer passes the gate",
                              "The worker assigned to order {number} no longer passes the dispatch gate; see the "
                              "reasons and arrange a replacement."});
  notifier.register_template({"orders.override_requested", "【例外放行待审批】{number}",
                              "{requester} 申请对订单 {number} 的派工准入例外放行，请您作为第二审批人审核。",
                              "[Override to approve] {number}",
                              "{requester} asks for a dispatch-gate override on order {number}; you are named as "
                              "the second approver."});
}

void OrderService::audit(db::Conn& c, const Caller& caller, const std::string& entity, std::int64_t entity_id,
                         std::int64_t department_id, const std::string& action, nlohmann::json after,
                         const std::string& reason) {
  audit_.append(c, {.actor = audit::Actor::of(caller),
                    .action = action,
                    .entity = entity,
                    .entity_id = std::to_string(entity_id),
                    .department_id = department_id,
                    .after = std::move(after),
                    .reason = reason});
}

void OrderService::record(db::Conn& c, const Order& o, const std::string& action, std::optional<std::int64_t> actor,
                          const std::optional<std::string>& note) {
  repo_.add_event(c, o.id, action, actor, note, clock_.now_ms());
}

std::string OrderService::service_type_name(const std::string& code, const std::string& lang) {
  for (const auto& t : workers_.service_types()) {
    if (t.code == code) return lang == "en-US" ? t.name_en : t.name_zh;
  }
  return code;
}

std::string OrderService::risk_label(const std::string& level, const std::string& lang) const {
  static const std::map<std::string, std::pair<const char*, const char*>> kLabels = {
      {"low", {"低", "Low"}}, {"medium", {"中", "Medium"}}, {"high", {"高", "High"}}, {"extreme", {"极高", "Extreme"}}};
  const auto it = kLabels.find(level);
  if (it == kLabels.end()) return level;
  return lang == "en-US" ? it->second.second : it->second.first;
}

// ---------------------------------------------------------------------------------------------------------------
// Customers

Result<Customer> OrderService::create_customer(const Caller& caller, Customer in) {
  if (in.phone) {
    auto p = text::normalize_mobile(*in.phone);
    if (!p) return Error::unprocessable("orders.phone_invalid", {{"field", "phone"}});
    in.phone = *p;
  }
  return db_.write([&](db::Conn& c) -> Result<Customer> {
    ANXIN_TRY(workers_.check_department(c, caller, in.department_id));
    const TimestampMs now = clock_.now_ms();
    in.created_by = caller.user_id == 0 ? std::nullopt : std::optional(caller.user_id);
    const auto id = repo_.insert_customer(c, in, now);
    auto stored = *repo_.customer(c, id);
    audit(c, caller, "customer", id, stored.department_id, "create", masked_customer(stored));
    return stored;
  });
}

Result<Customer> OrderService::customer_in_scope(db::Conn& c, const Caller& caller, std::int64_t id) const {
  auto found = repo_.customer(c, id);
  if (found) {
    if (auto d = directory_.department(c, found->department_id)) found->department_path = d->path;
  }
  if (!found ||
      !identity::in_scope(caller, found->created_by.value_or(-1), found->department_id, found->department_path)) {
    return Error::not_found("orders.customer_not_found");
  }
  return std::move(*found);
}

Result<Customer> OrderService::customer(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) { return customer_in_scope(c, caller, id); });
}

Result<PageOf<Customer>> OrderService::customers(const Caller& caller, const CustomerFilter& filter,
                                                 std::optional<std::string> phone, const PageRequest& page) {
  if (phone) {
    auto p = text::normalize_mobile(*phone);
    if (!p) return Error::unprocessable("orders.phone_invalid", {{"field", "phone"}});
    phone = *p;
  }
  const auto scope = identity::scope_filter(caller);
  return db_.read([&](db::Conn& c) -> Result<PageOf<Customer>> {
    std::optional<std::string> subtree;
    if (scope.path_prefix) subtree = db::id_list(directory_.departments_under(c, *scope.path_prefix));
    return repo_.customers(c, filter, phone, subtree, scope, page);
  });
}

Result<std::string> OrderService::reveal_customer(const Caller& caller, std::int64_t id, const std::string& field,
                                                  const std::string& reason) {
  const text::FieldSpec* spec = customer_field(field);
  if (spec == nullptr || static_cast<int>(spec->data_class) < 3) {
    return Error::invalid("orders.reveal_field_invalid", {{"field", "field"}});
  }
  if (static_cast<int>(spec->data_class) > caller.clearance) return Error::forbidden("workforce.clearance_too_low");
  ANXIN_ASSIGN_OR_RETURN(Customer cu, customer(caller, id));
  std::optional<std::string> value;
  if (field == "phone") value = cu.phone;
  if (field == "address") value = cu.address;
  if (field == "household_notes") value = cu.household_notes;
  if (!value) return Error::not_found("workforce.value_absent");
  return db_.write([&](db::Conn& c) -> Result<std::string> {
    audit(c, caller, "customer", cu.id, cu.department_id, "reveal",
          {{"field", field}, {"value", text::mask_value(spec->kind, *value)}}, reason);
    return *value;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Orders

Result<Order> OrderService::load_in_scope(db::Conn& c, const Caller& caller, std::int64_t id) const {
  auto o = repo_.order(c, id);
  if (o) {
    if (auto d = directory_.department(c, o->department_id)) o->department_path = d->path;
  }
  if (!o || !identity::in_scope(caller, o->created_by, o->department_id, o->department_path)) {
    return Error::not_found("orders.order_not_found");
  }
  return std::move(*o);
}

Order OrderService::with_details(db::Conn& c, Order o) const {
  o.override_ = repo_.latest_override(c, o.id);
  o.premises = repo_.premises(c, o.id);
  return o;
}

Result<Order> OrderService::create(const Caller& caller, NewOrder in) {
  const auto types = workers_.service_types();
  if (std::none_of(types.begin(), types.end(), [&](const auto& t) { return t.code == in.service_type && t.active; })) {
    return Error::unprocessable("workforce.service_type_unknown", {{"field", "service_type"}});
  }
  if (in.ends_at <= in.starts_at) return Error::unprocessable("orders.period_invalid", {{"field", "ends_at"}});
  return db_.write([&](db::Conn& c) -> Result<Order> {
    ANXIN_TRY(workers_.check_department(c, caller, in.department_id));
    auto cu = repo_.customer(c, in.customer_id);
    if (cu) {
      if (auto d = directory_.department(c, cu->department_id)) cu->department_path = d->path;
    }
    if (!cu || !identity::in_scope(caller, cu->created_by.value_or(-1), cu->department_id, cu->department_path)) {
      return Error::unprocessable("orders.customer_not_found", {{"field", "customer_id"}});
    }
    if (!in.address) in.address = cu->address;
    const auto id = repo_.insert_order(c, in, caller.user_id, clock_.now_ms());
    Order o = *repo_.order(c, id);
    record(c, o, "created", caller.user_id);
    audit(c, caller, "service_order", id, o.department_id, "create",
          {{"number", o.number}, {"service_type", o.service_type}, {"customer_id", o.customer_id}});
    return with_details(c, std::move(o));
  });
}

Result<Order> OrderService::get(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<Order> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    return with_details(c, std::move(o));
  });
}

Result<PageOf<Order>> OrderService::list(const Caller& caller, const OrderFilter& filter, const PageRequest& page) {
  const auto scope = identity::scope_filter(caller);
  return db_.read([&](db::Conn& c) -> Result<PageOf<Order>> {
    std::optional<std::string> subtree;
    if (scope.path_prefix) subtree = db::id_list(directory_.departments_under(c, *scope.path_prefix));
    return repo_.orders(c, filter, subtree, scope, page);
  });
}

extend::GateDecision OrderService::decide(db::Conn& c, const Order& o, const workforce::Worker& w, TimestampMs now,
                                          bool* overridden) const {
  auto decision = gate_.evaluate_in(c, w, o.service_type, o.starts_at, o.ends_at);
  *overridden = false;
  if (!decision.pass) {
    const auto g = repo_.latest_override(c, o.id);
    *overridden = g && g->worker_id == w.id && g->status == "approved" && g->expires_at > now;
  }
  return decision;
}

Result<Order> OrderService::assign(const Caller& caller, std::int64_t id, std::int64_t version, std::int64_t worker_id,
                                   extend::GateDecision* refused) {
  return db_.write([&](db::Conn& c) -> Result<Order> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    if (o.version != version) return Error::conflict("common.version_conflict");
    if (o.status != "draft" && o.status != "scheduled") return Error::conflict("orders.status_invalid");
    ANXIN_ASSIGN_OR_RETURN(workforce::Worker w, workers_.load_in_scope(c, caller, worker_id));
    const TimestampMs now = clock_.now_ms();
    bool overridden = false;
    auto decision = decide(c, o, w, now, &overridden);
    if (!decision.pass && !overridden) {
      if (refused != nullptr) *refused = std::move(decision);
      return Error::conflict("orders.gate_refused");
    }
    if (!repo_.assign(c, id, version, worker_id, caller.user_id, now))
      return Error::conflict("common.version_conflict");
    record(c, o, overridden ? "assigned_with_override" : "assigned", caller.user_id, w.name);
    audit(c, caller, "service_order", id, o.department_id, "assign",
          {{"worker_id", worker_id}, {"override", overridden}, {"warnings", decision.warnings.size()}});
    return with_details(c, *repo_.order(c, id));
  });
}

Result<workforce::GateAnswer> OrderService::gate(const Caller& caller, std::int64_t id,
                                                 std::optional<std::int64_t> worker_id) {
  return db_.read([&](db::Conn& c) -> Result<workforce::GateAnswer> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    const auto wid = worker_id ? worker_id : o.worker_id;
    if (!wid) return Error::unprocessable("orders.no_worker", {{"field", "worker_id"}});
    ANXIN_ASSIGN_OR_RETURN(workforce::Worker w, workers_.load_in_scope(c, caller, *wid));
    return workforce::GateAnswer{.worker_id = w.id,
                                 .service_type = o.service_type,
                                 .from = o.starts_at,
                                 .to = o.ends_at,
                                 .decision = gate_.evaluate_in(c, w, o.service_type, o.starts_at, o.ends_at)};
  });
}

Result<std::vector<Replacement>> OrderService::replacements(const Caller& caller, std::int64_t id) {
  ANXIN_ASSIGN_OR_RETURN(Order o, get(caller, id));
  workforce::WorkerFilter f;
  f.status = "active";
  f.job_type = o.service_type;
  ANXIN_ASSIGN_OR_RETURN(auto candidates,
                         workers_.list(caller, f, {.page = 1, .page_size = std::int64_t{kReplacementCandidates}}));
  return db_.read([&](db::Conn& c) -> Result<std::vector<Replacement>> {
    std::vector<Replacement> out;
    for (const auto& w : candidates.items) {
      if (o.worker_id && *o.worker_id == w.id) continue;
      if (!gate_.evaluate_in(c, w, o.service_type, o.starts_at, o.ends_at).pass) continue;
      const bool busy = repo_.overlaps(c, w.id, o.id, o.starts_at, o.ends_at) > 0;
      out.push_back({.worker_id = w.id, .name = w.name, .job_types = w.job_types, .same_job_type = true, .busy = busy});
    }
    // Free workers first; among them, those with the fewest other job types (the most specialised).
    std::stable_sort(out.begin(), out.end(), [](const Replacement& a, const Replacement& b) {
      if (a.busy != b.busy) return !a.busy;
      return a.job_types.size() < b.job_types.size();
    });
    if (out.size() > kReplacementsShown) out.resize(kReplacementsShown);
    return out;
  });
}

Result<GateOverride> OrderService::request_override(const Caller& caller, std::int64_t id, std::int64_t worker_id,
                                                    const std::string& reason, std::int64_t approver_id,
                                                    TimestampMs expires_at) {
  if (http::utf8_length(reason) < kOverrideReasonMin) {
    return Error::unprocessable("orders.override_reason_short", {{"field", "reason"}, {"min", kOverrideReasonMin}});
  }
  if (approver_id == caller.user_id) {
    return Error::unprocessable("orders.override_self_approval", {{"field", "approver_id"}});
  }
  return db_.write([&](db::Conn& c) -> Result<GateOverride> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    if (!is_open(o.status) || o.status == "in_service") return Error::conflict("orders.status_invalid");
    ANXIN_ASSIGN_OR_RETURN(workforce::Worker w, workers_.load_in_scope(c, caller, worker_id));
    const TimestampMs now = clock_.now_ms();
    if (expires_at <= now || expires_at > o.ends_at) {
      return Error::unprocessable("orders.override_expiry_invalid", {{"field", "expires_at"}});
    }
    if (!directory_.user_active(c, approver_id)) {
      return Error::unprocessable("orders.override_approver_invalid", {{"field", "approver_id"}});
    }
    GateOverride g{.order_id = id,
                   .worker_id = w.id,
                   .reason = reason,
                   .requested_by = caller.user_id,
                   .approver_id = approver_id,
                   .expires_at = expires_at};
    const auto oid = repo_.insert_override(c, g, now);
    record(c, o, "override_requested", caller.user_id, reason);
    audit(c, caller, "service_order", id, o.department_id, "request_override",
          {{"override_id", oid}, {"worker_id", w.id}, {"approver_id", approver_id}}, reason);
    if (notifier_ != nullptr) {
      notify::Publication p;
      p.event = "orders.override_requested";
      p.entity = "service_order";
      p.entity_id = id;
      p.params = {{"number", o.number},
                  {"requester", caller.display_name.empty() ? caller.username : caller.display_name}};
      p.recipients.push_back({approver_id, "zh-CN", {notify::Via::kInApp}});
      p.dedupe_key = "orders:override:" + std::to_string(oid);
      if (auto r = notifier_->publish(c, p); !r.ok()) return r.error();
    }
    return *repo_.latest_override(c, id);
  });
}

Result<GateOverride> OrderService::approve_override(const Caller& caller, std::int64_t id, std::int64_t override_id) {
  return db_.write([&](db::Conn& c) -> Result<GateOverride> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    auto g = repo_.latest_override(c, id);
    if (!g || g->id != override_id) return Error::not_found("orders.override_not_found");
    // Four eyes: only the second person the requester named approves, and never the requester.
    if (g->approver_id != caller.user_id || g->requested_by == caller.user_id) {
      return Error::forbidden("orders.override_not_approver");
    }
    if (g->status != "pending") return Error::conflict("orders.override_not_pending");
    const TimestampMs now = clock_.now_ms();
    if (g->expires_at <= now) return Error::conflict("orders.override_expired");
    repo_.approve_override(c, override_id, now);
    record(c, o, "override_approved", caller.user_id);
    audit(c, caller, "service_order", id, o.department_id, "approve_override",
          {{"override_id", override_id}, {"worker_id", g->worker_id}, {"requested_by", g->requested_by}});
    return *repo_.latest_override(c, id);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Premises check, check-in and check-out

std::vector<PremisesItem> OrderService::premises_items(const std::optional<std::string>& service_type) {
  auto items = db_.read([&](db::Conn& c) { return repo_.premises_items(c); });
  if (!service_type) return items;
  std::erase_if(items, [&](const PremisesItem& i) {
    return !i.service_types.empty() &&
           std::find(i.service_types.begin(), i.service_types.end(), *service_type) == i.service_types.end();
  });
  return items;
}

Result<Order> OrderService::fill_premises(const Caller& caller, std::int64_t id,
                                          const std::map<std::string, bool>& answers) {
  ANXIN_ASSIGN_OR_RETURN(Order current, get(caller, id));
  const auto items = premises_items(current.service_type);
  for (const auto& [code, yes] : answers) {
    if (std::none_of(items.begin(), items.end(), [&](const PremisesItem& i) { return i.code == code; })) {
      return Error::unprocessable("orders.premises_item_unknown", {{"field", "answers"}, {"code", code}});
    }
  }
  return db_.write([&](db::Conn& c) -> Result<Order> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    if (o.status != "draft" && o.status != "scheduled") return Error::conflict("orders.status_invalid");
    PremisesCheck p;
    p.answers = answers;
    p.risk_level = risk_level_of(items, answers);
    p.checked_by = caller.user_id;
    p.checked_at = clock_.now_ms();
    repo_.save_premises(c, id, p);
    record(c, o, "premises_checked", caller.user_id, p.risk_level);
    audit(c, caller, "service_order", id, o.department_id, "premises_check", {{"risk_level", p.risk_level}});
    return with_details(c, std::move(o));
  });
}

Result<Order> OrderService::acknowledge_premises(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Result<Order> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    if (!repo_.premises(c, id)) return Error::conflict("orders.premises_check_missing");
    if (o.status != "draft" && o.status != "scheduled") return Error::conflict("orders.status_invalid");
    repo_.acknowledge_premises(c, id, caller.user_id, clock_.now_ms());
    record(c, o, "premises_acknowledged", caller.user_id);
    audit(c, caller, "service_order", id, o.department_id, "premises_acknowledge");
    return with_details(c, std::move(o));
  });
}

Result<Order> OrderService::approve_premises(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Result<Order> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    auto p = repo_.premises(c, id);
    if (!p) return Error::conflict("orders.premises_check_missing");
    if (!p->acknowledged_at) return Error::conflict("orders.premises_not_acknowledged");
    // The supervisor's approval is a second person's: not the one who acknowledged the precautions.
    if (p->acknowledged_by && *p->acknowledged_by == caller.user_id) {
      return Error::forbidden("orders.premises_self_approval");
    }
    if (o.status != "draft" && o.status != "scheduled") return Error::conflict("orders.status_invalid");
    repo_.approve_premises(c, id, caller.user_id, clock_.now_ms());
    record(c, o, "premises_approved", caller.user_id);
    audit(c, caller, "service_order", id, o.department_id, "premises_approve", {{"risk_level", p->risk_level}});
    return with_details(c, std::move(o));
  });
}

Result<Order> OrderService::check_in(const Caller& caller, std::int64_t id, extend::GateDecision* refused) {
  return db_.write([&](db::Conn& c) -> Result<Order> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    if (o.status != "scheduled" || !o.worker_id) return Error::conflict("orders.status_invalid");
    const auto p = repo_.premises(c, id);
    if (!p) return Error::conflict("orders.premises_check_missing");
    if (risk_blocks_check_in(p->risk_level) && !(p->acknowledged_at && p->approved_at)) {
      return Error::conflict("orders.premises_blocked", {{"risk_level", p->risk_level}});
    }
    auto w = workers_.workers().get(c, *o.worker_id);
    if (!w) return Error::conflict("orders.no_worker");
    const TimestampMs now = clock_.now_ms();
    bool overridden = false;
    auto decision = decide(c, o, *w, now, &overridden);
    if (!decision.pass && !overridden) {
      if (refused != nullptr) *refused = std::move(decision);
      return Error::conflict("orders.gate_refused");
    }
    repo_.check_in(c, id, now);
    record(c, o, "checked_in", caller.user_id);
    audit(c, caller, "service_order", id, o.department_id, "check_in", {{"override", overridden}});
    return with_details(c, *repo_.order(c, id));
  });
}

Result<Order> OrderService::check_out(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Result<Order> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    if (o.status != "in_service") return Error::conflict("orders.status_invalid");
    repo_.check_out(c, id, clock_.now_ms());
    record(c, o, "checked_out", caller.user_id);
    audit(c, caller, "service_order", id, o.department_id, "check_out");
    return with_details(c, *repo_.order(c, id));
  });
}

Result<Order> OrderService::cancel(const Caller& caller, std::int64_t id, const std::string& reason) {
  return db_.write([&](db::Conn& c) -> Result<Order> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    if (!is_open(o.status)) return Error::conflict("orders.status_invalid");
    repo_.cancel(c, id, reason, clock_.now_ms());
    record(c, o, "cancelled", caller.user_id, reason);
    audit(c, caller, "service_order", id, o.department_id, "cancel", nullptr, reason);
    return with_details(c, *repo_.order(c, id));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Valuables, consents, history

Result<Valuable> OrderService::add_valuable(const Caller& caller, std::int64_t id, const std::string& description) {
  return db_.write([&](db::Conn& c) -> Result<Valuable> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    if (!is_open(o.status)) return Error::conflict("orders.status_invalid");
    const TimestampMs now = clock_.now_ms();
    const auto vid = repo_.insert_valuable(c, id, description, caller.user_id, now);
    record(c, o, "valuable_noted", caller.user_id);
    audit(c, caller, "service_order", id, o.department_id, "note_valuable", {{"valuable_id", vid}});
    return Valuable{.id = vid, .description = description, .noted_by = caller.user_id, .noted_at = now};
  });
}

Result<OrderNote> OrderService::add_note(const Caller& caller, std::int64_t id, const std::string& kind,
                                         const std::string& note) {
  if (std::find(std::begin(kNoteKinds), std::end(kNoteKinds), kind) == std::end(kNoteKinds)) {
    return Error::unprocessable("common.field_enum", {{"field", "kind"}});
  }
  return db_.write([&](db::Conn& c) -> Result<OrderNote> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    const TimestampMs now = clock_.now_ms();
    const auto nid = repo_.insert_note(c, id, kind, note, caller.user_id, now);
    record(c, o, "note_added", caller.user_id, kind);
    audit(c, caller, "service_order", id, o.department_id, "add_note", {{"note_id", nid}, {"kind", kind}});
    return OrderNote{.id = nid,
                     .kind = kind,
                     .note = note,
                     .author_id = caller.user_id,
                     .author_name = caller.display_name,
                     .at = now};
  });
}

Result<std::vector<OrderNote>> OrderService::notes(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<std::vector<OrderNote>> {
    ANXIN_TRY(load_in_scope(c, caller, id));
    return repo_.notes(c, id);
  });
}

Result<std::vector<Valuable>> OrderService::valuables(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<std::vector<Valuable>> {
    ANXIN_TRY(load_in_scope(c, caller, id));
    return repo_.valuables(c, id);
  });
}

Result<Consent> OrderService::add_consent(const Caller& caller, std::int64_t id, Consent consent) {
  return db_.write([&](db::Conn& c) -> Result<Consent> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    if (!is_open(o.status)) return Error::conflict("orders.status_invalid");
    consent.given_at = clock_.now_ms();
    consent.id = repo_.insert_consent(c, id, consent, caller.user_id);
    record(c, o, "consent_recorded", caller.user_id, consent.operation);
    audit(c, caller, "service_order", id, o.department_id, "record_consent",
          {{"consent_id", consent.id}, {"operation", consent.operation}, {"method", consent.method}});
    return consent;
  });
}

Result<std::vector<Consent>> OrderService::consents(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<std::vector<Consent>> {
    ANXIN_TRY(load_in_scope(c, caller, id));
    return repo_.consents(c, id);
  });
}

Result<std::vector<OrderEvent>> OrderService::events(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<std::vector<OrderEvent>> {
    ANXIN_TRY(load_in_scope(c, caller, id));
    return repo_.events(c, id);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The customer's link

Result<CustomerLink> OrderService::issue_link(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Result<CustomerLink> {
    ANXIN_ASSIGN_OR_RETURN(Order o, load_in_scope(c, caller, id));
    if (o.status == "cancelled") return Error::conflict("orders.status_invalid");
    const std::string token = crypto::random_token(kTokenBytes);
    const TimestampMs now = clock_.now_ms();
    const TimestampMs expires = o.ends_at + kLinkValidAfterEndMs;
    repo_.insert_link(c, id, token, expires, caller.user_id, now);
    record(c, o, "customer_link_issued", caller.user_id);
    audit(c, caller, "service_order", id, o.department_id, "issue_customer_link", {{"expires_at", expires}});
    return CustomerLink{.token = token, .path = "/o/" + token, .expires_at = expires};
  });
}

std::optional<Order> OrderService::order_of_token(db::Conn& c, const std::string& token) const {
  if (token.empty() || token.size() > 100) return std::nullopt;
  const auto id = repo_.order_of_link(c, token, clock_.now_ms());
  if (!id) return std::nullopt;
  return repo_.order(c, *id);
}

CustomerView OrderService::view_of(db::Conn& c, const Order& o, const std::string& lang) {
  CustomerView v{.service_type_name = service_type_name(o.service_type, lang),
                 .starts_at = o.starts_at,
                 .ends_at = o.ends_at,
                 .status = o.status,
                 .arrival_confirmed_at = o.arrival_confirmed_at,
                 .signoff_outcome = o.signoff_outcome,
                 .signoff_at = o.signoff_at};
  if (o.worker_id) {
    if (auto w = workers_.workers().get(c, *o.worker_id)) {
      v.worker_initial = workforce::name_initial(w->name);
      const auto colour = gate_.colour_in(c, *w);
      v.colour = colour.colour;
      v.colour_reasons = colour.reason_keys;
    }
  }
  return v;
}

std::optional<CustomerView> OrderService::view(const std::string& token, const std::string& lang) {
  return db_.read([&](db::Conn& c) -> std::optional<CustomerView> {
    auto o = order_of_token(c, token);
    if (!o) return std::nullopt;
    return view_of(c, *o, lang);
  });
}

Result<CustomerView> OrderService::confirm_arrival(const std::string& token, const std::string& lang) {
  return db_.write([&](db::Conn& c) -> Result<CustomerView> {
    auto o = order_of_token(c, token);
    if (!o) return Error::not_found("orders.link_unknown");
    if (o->status != "scheduled" && o->status != "in_service") return Error::conflict("orders.link_closed");
    if (!o->worker_id) return Error::conflict("orders.no_worker");
    if (!o->arrival_confirmed_at) {
      repo_.confirm_arrival(c, o->id, clock_.now_ms());
      record(c, *o, "customer_confirmed_arrival", std::nullopt);
      o = repo_.order(c, o->id);
    }
    return view_of(c, *o, lang);
  });
}

Result<CustomerView> OrderService::sign_off(const std::string& token, const std::string& outcome,
                                            const std::optional<std::string>& description,
                                            std::optional<std::int64_t> rating,
                                            const std::optional<std::string>& feedback, const std::string& lang) {
  if (rating && (*rating < 1 || *rating > 5)) {
    return Error::unprocessable("orders.rating_invalid", {{"field", "rating"}});
  }
  if (outcome == "damage" && (!description || description->empty())) {
    return Error::unprocessable("orders.damage_description_required", {{"field", "description"}});
  }
  auto found = db_.read([&](db::Conn& c) { return order_of_token(c, token); });
  if (!found) return Error::not_found("orders.link_unknown");
  if (found->signoff_outcome) return Error::conflict("orders.signoff_done");
  if (found->status != "completed") return Error::conflict("orders.signoff_not_ready");

  std::optional<std::int64_t> incident_id;
  if (outcome == "damage") {
    // The customer has no account: the incident is reported on the order's behalf, in its department, by the
    // dispatcher who created it, and names the worker and the customer with the order's number.
    auto valuables = db_.read([&](db::Conn& c) { return repo_.valuables(c, found->id); });
    std::string text = *description;
    if (!valuables.empty()) {
      text += lang == "en-US" ? "\n\nValuables noted before service:" : "\n\n服务前登记的贵重物品：";
      for (const auto& v : valuables) text += "\n- " + v.description;
    }
    Caller reporter;
    reporter.user_id = found->created_by;
    reporter.username = "customer-link";
    reporter.department_id = found->department_id;
    reporter.data_scope = 3;
    reporter.clearance = 4;
    incidents::NewIncident n;
    n.type = "property_damage";
    n.title = (lang == "en-US" ? "Customer reports property damage: " : "客户报告财物损坏：") + found->number;
    n.occurred_at = found->check_out_at.value_or(clock_.now_ms());
    n.department_id = found->department_id;
    n.nature = "property_damage";
    n.scope = "household";
    n.description = text;
    n.level = 4;
    n.people.push_back({.role = "customer",
                        .name = found->customer_name,
                        .order_ref = found->number,
                        .customer_id = found->customer_id,
                        .order_id = found->id});
    if (found->worker_name) {
      n.people.push_back({.role = "worker",
                          .name = found->worker_name,
                          .order_ref = found->number,
                          .worker_id = found->worker_id,
                          .order_id = found->id});
    }
    ANXIN_ASSIGN_OR_RETURN(auto incident, incidents_.report(reporter, n));
    incident_id = incident.id;
  }
  return db_.write([&](db::Conn& c) -> Result<CustomerView> {
    auto o = order_of_token(c, token);
    if (!o) return Error::not_found("orders.link_unknown");
    if (o->signoff_outcome) return Error::conflict("orders.signoff_done");
    const TimestampMs now = clock_.now_ms();
    repo_.sign_off(c, o->id, outcome, incident_id, outcome == "damage" ? "disputed" : "confirmed", rating,
                   feedback && !feedback->empty() ? feedback : std::nullopt, now);
    record(c, *o, outcome == "damage" ? "customer_reported_damage" : "customer_confirmed_no_damage", std::nullopt,
           incident_id ? std::optional(std::to_string(*incident_id)) : std::nullopt);
    audit_.append(c,
                  {.actor = {.user_id = 0, .username = "customer-link"},
                   .action = "customer_signoff",
                   .entity = "service_order",
                   .entity_id = std::to_string(o->id),
                   .department_id = o->department_id,
                   .after = {{"outcome", outcome},
                             {"rating", rating ? nlohmann::json(*rating) : nlohmann::json(nullptr)},
                             {"incident_id", incident_id ? nlohmann::json(*incident_id) : nlohmann::json(nullptr)}}});
    return view_of(c, *repo_.order(c, o->id), lang);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The daily re-check

RecheckResult OrderService::recheck(db::Conn& c, TimestampMs now) {
  RecheckResult result;
  for (const auto& wo : repo_.window(c, now, now + kRecheckWindowMs)) {
    if (!wo.worker_id) continue;
    auto w = workers_.workers().get(c, *wo.worker_id);
    if (!w) continue;
    Order o;
    o.id = wo.id;
    o.service_type = wo.service_type;
    o.starts_at = wo.starts_at;
    o.ends_at = wo.ends_at;
    bool overridden = false;
    const auto decision = decide(c, o, *w, now, &overridden);
    const bool failing = !decision.pass && !overridden;
    ++result.checked;
    repo_.set_gate(c, wo.id, failing, now);
    if (failing == wo.gate_failing) continue;
    if (!failing) {
      ++result.recovered;
      repo_.add_event(c, wo.id, "gate_passing_again", std::nullopt, std::nullopt, now);
      continue;
    }
    ++result.newly_failing;
    std::string checks;
    for (const auto& r : decision.reasons) checks += (checks.empty() ? "" : ",") + r.check;
    repo_.add_event(c, wo.id, "gate_failing", std::nullopt, checks, now);
    if (notifier_ != nullptr && wo.assigned_by) {
      notify::Publication p;
      p.event = "orders.assignment_failing";
      p.entity = "service_order";
      p.entity_id = wo.id;
      p.params = {{"number", wo.number}};
      p.recipients.push_back({*wo.assigned_by, "zh-CN", {notify::Via::kInApp}});
      p.dedupe_key = "orders:failing:" + std::to_string(wo.id) + ":" + china_date(now);
      if (auto r = notifier_->publish(c, p); !r.ok()) throw ErrorException(r.error());
    }
  }
  return result;
}

}  // namespace anxin::orders
