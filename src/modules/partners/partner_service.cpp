#include "modules/partners/partner_service.hpp"

#include <algorithm>

#include "platform/text/identifiers.hpp"

namespace anxin::partners {

namespace {
std::optional<std::int64_t> actor_of(const Caller& caller) {
  return caller.user_id ? std::optional(caller.user_id) : std::nullopt;
}
template <std::size_t N>
bool one_of(const std::string& v, const char* const (&values)[N]) {
  return std::any_of(std::begin(values), std::end(values), [&](const char* x) { return v == x; });
}
}  // namespace

void PartnerService::register_templates(notify::Notifier& notifier) {
  notifier.register_template({"partners.evaluation_due", "【合作方评价】{name} 的定期评价将于 {date} 到期",
                              "合作方 {name} 的定期评价应在 {date} 前完成，请安排评价。",
                              "[Partner evaluation] {name} is due for evaluation by {date}",
                              "The periodic evaluation of partner {name} is due by {date}; please arrange it."});
}

void PartnerService::audit(db::Conn& c, const Caller& caller, const std::string& action, std::int64_t id,
                           nlohmann::json after, const std::string& reason) {
  audit_.append(c, {.actor = audit::Actor::of(caller),
                    .action = action,
                    .entity = "partner",
                    .entity_id = std::to_string(id),
                    .department_id = caller.department_id,
                    .after = std::move(after),
                    .reason = reason});
}

Result<Partner> PartnerService::create(const Caller& caller, Partner p,
                                       const std::optional<std::string>& first_evaluation_on) {
  if (!one_of(p.kind, kPartnerKinds)) return Error::unprocessable("common.field_enum", {{"field", "kind"}});
  if (p.evaluation_months < 1 || p.evaluation_months > 24) {
    return Error::unprocessable("partners.evaluation_months", {{"field", "evaluation_months"}});
  }
  if (p.contact_phone) {
    auto phone = text::normalize_mobile(*p.contact_phone);
    if (!phone) return Error::unprocessable("partners.phone_invalid", {{"field", "contact_phone"}});
    p.contact_phone = *phone;
  }
  const TimestampMs now = clock_.now_ms();
  const std::string day = china_date(now);
  if (first_evaluation_on && *first_evaluation_on < day) {
    return Error::unprocessable("partners.first_evaluation_past", {{"field", "first_evaluation_on"}});
  }
  p.next_evaluation_on = first_evaluation_on.value_or(add_months(day, p.evaluation_months).value_or(day));
  return db_.write([&](db::Conn& c) -> Result<Partner> {
    if (repo_.name_taken(c, p.name)) return Error::conflict("partners.name_taken", {{"field", "name"}});
    p.id = repo_.insert(c, p, actor_of(caller), now);
    audit(c, caller, "create", p.id,
          {{"name", p.name}, {"kind", p.kind}, {"next_evaluation_on", p.next_evaluation_on}});
    return *repo_.get(c, p.id);
  });
}

Result<std::pair<Partner, std::vector<Evaluation>>> PartnerService::get(const Caller&, std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<std::pair<Partner, std::vector<Evaluation>>> {
    auto p = repo_.get(c, id);
    if (!p) return Error::not_found("partners.not_found");
    return std::make_pair(std::move(*p), repo_.evaluations(c, id));
  });
}

Result<PageOf<Partner>> PartnerService::list(const Caller&, const PartnerFilter& filter, const PageRequest& page) {
  std::optional<std::string> due_by;
  if (filter.due_within_days) due_by = add_days(today(), *filter.due_within_days);
  return db_.read([&](db::Conn& c) -> Result<PageOf<Partner>> { return repo_.list(c, filter, due_by, page); });
}

Result<Partner> PartnerService::set_status(const Caller& caller, std::int64_t id, std::int64_t version,
                                           const std::string& status, const std::string& reason) {
  if (!one_of(status, kPartnerStatuses)) return Error::unprocessable("common.field_enum", {{"field", "status"}});
  return db_.write([&](db::Conn& c) -> Result<Partner> {
    auto p = repo_.get(c, id);
    if (!p) return Error::not_found("partners.not_found");
    if (p->status == "ended") return Error::conflict("partners.ended");
    if (!repo_.set_status(c, id, version, status, reason, clock_.now_ms())) {
      return Error::conflict("common.version_conflict");
    }
    audit(c, caller, "set_status", id, {{"from", p->status}, {"to", status}}, reason);
    return *repo_.get(c, id);
  });
}

Result<Evaluation> PartnerService::evaluate(const Caller& caller, std::int64_t id, Evaluation e) {
  for (const auto v : {e.quality, e.safety, e.timeliness, e.compliance}) {
    if (v < 0 || v > 25) return Error::unprocessable("partners.criterion_range", {{"max", 25}});
  }
  const TimestampMs now = clock_.now_ms();
  if (e.evaluated_on > china_date(now)) {
    return Error::unprocessable("partners.evaluated_in_future", {{"field", "evaluated_on"}});
  }
  e.score = e.quality + e.safety + e.timeliness + e.compliance;
  e.result = evaluation_result(e.score);
  return db_.write([&](db::Conn& c) -> Result<Evaluation> {
    auto p = repo_.get(c, id);
    if (!p) return Error::not_found("partners.not_found");
    if (p->status == "ended") return Error::conflict("partners.ended");
    e.partner_id = id;
    e.evaluator_id = actor_of(caller);
    e.evaluator_name = caller.display_name;
    e.recorded_at = now;
    e.id = repo_.insert_evaluation(c, e, now);
    const std::string next = add_months(e.evaluated_on, p->evaluation_months).value_or(e.evaluated_on);
    // A failed evaluation suspends the partner until someone decides otherwise; passing never lifts a suspension.
    const bool fail = e.result == "fail";
    repo_.evaluated(c, id, next, fail ? "suspended" : p->status,
                    fail ? std::optional<std::string>("evaluation_failed") : p->status_reason, now);
    audit(c, caller, "evaluate", id,
          {{"evaluation_id", e.id}, {"score", e.score}, {"result", e.result}, {"next_evaluation_on", next}});
    return e;
  });
}

std::int64_t PartnerService::remind_due(db::Conn& c, TimestampMs now) {
  if (notifier_ == nullptr) return 0;
  const std::string horizon = add_days(china_date(now), kDueNoticeDays).value_or(china_date(now));
  std::int64_t told = 0;
  for (const auto& p : repo_.due(c, horizon)) {
    if (!p.created_by) continue;
    notify::Publication pub;
    pub.event = "partners.evaluation_due";
    pub.entity = "partner";
    pub.entity_id = p.id;
    pub.params = {{"name", p.name}, {"date", p.next_evaluation_on}};
    pub.recipients.push_back({*p.created_by, "zh-CN", {notify::Via::kInApp}});
    // Once per partner and due date, however many days the reminder runs before it.
    pub.dedupe_key = "partners:due:" + std::to_string(p.id) + ":" + p.next_evaluation_on;
    if (auto r = notifier_->publish(c, pub); !r.ok()) throw ErrorException(r.error());
    ++told;
  }
  return told;
}

}  // namespace anxin::partners
